"""How figures and negations are read, from parsed sentences to the judge's verdict.

Counts of none, days named with a time of day, ages, negative contractions in
every spelling, approximate figures and scores: each read by the quantities or
claims component and compared by the judge.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from factcheck.judge import judge
from factcheck.match import score_pair
from factcheck.pairs import ClaimView, MatchConfig
from factcheck.nlp.negation import is_negation, negation_count
from factcheck.nlp.readings import claim_readings, measure_quantities
from factcheck.nlp.quantities.dates import resolve_date
from factcheck.nlp.records import AGE_UNIT
from tests.test_nlp import claims_of, nlp  # noqa: F401  (nlp is a fixture)

CONFIG = MatchConfig()
PUBLISHED = "2025-02-06"  # a Thursday


def view(nlp, text: str, article: int = 1, published: str = PUBLISHED) -> ClaimView:
    """The first claim of ``text`` as the judge sees it after the pipeline stored it."""
    span = claims_of(nlp, text, published)[0]
    offset = span.start_char
    quantities = [replace(q, start=q.start - offset, end=q.end - offset) for q in span._.quantities]
    return ClaimView(id=f"{article}:{text}", article_id=article, text=span.text, content=span._.content or span.text,
                     published=published, quantities=quantities, negated=span._.negated,
                     readings=claim_readings(span.text))


def verdict(nlp, first: str, second: str, published: tuple[str, str] = (PUBLISHED, PUBLISHED)):
    a, b = view(nlp, first, 1, published[0]), view(nlp, second, 2, published[1])
    return judge(a, b, score_pair(a, b, CONFIG), CONFIG)


def figures(nlp, text: str, kind: str | None = None, published: str = PUBLISHED) -> list[tuple]:
    found = [q for claim in claims_of(nlp, text, published) for q in claim._.quantities]
    return [(q.text, q.value, q.unit) if q.kind != "score" else (q.text, q.low, q.high, q.unit)
            for q in found if kind is None or q.kind == kind]


# Counts of none

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nobody died when the ferry sank off the island.", ("Nobody", 0, "person")),
        ("No one was hurt when the roof of the hall collapsed.", ("No one", 0, "person")),
        ("There were no casualties among the crew, the navy said.", ("no", 0, "casualty")),
        ("None of the hostages were harmed in the raid.", ("None", 0, "hostage")),
        ("The storm destroyed no houses in the valley.", ("no", 0, "house")),
    ],
)
def test_a_count_of_none_is_the_number_zero(nlp, text, expected):
    assert figures(nlp, text, "number") == [expected]


def test_a_word_of_none_that_counts_nothing_is_no_figure(nlp):
    assert figures(nlp, "The minister saw no reason to resign over the report.", "number") == []
    assert figures(nlp, "There was no damage to the bridge after the flood.", "number") == []


def test_none_against_a_count_is_a_conflict_of_figures(nlp):
    result = verdict(nlp, "None of the hostages survived the raid on the compound.",
                     "Two hostages survived the raid on the compound.")
    assert (result.relation, result.detail["figures"]) == ("contradicts", [["None", "Two"]])


def test_nobody_counts_the_people_a_toll_counts(nlp):
    # "person" and "people" count one thing; a toll may still rise, so the verdict says so.
    result = verdict(nlp, "Nobody died when the ferry sank off the island.",
                     "Three people died when the ferry sank off the island.", ("2025-02-05", PUBLISHED))
    assert result.changed_over_time and result.reason.startswith("changed over time? Nobody (2025-02-05) vs")


# Weekdays and times of day

@pytest.mark.parametrize(
    "text, day",
    [
        ("The suspect was arrested on Friday night near the border.", "2025-01-31"),
        ("The girl was found alive on Sunday afternoon by a farmer.", "2025-02-02"),
        ("The ferry left the port Thursday morning with 300 passengers.", "2025-02-06"),
        ("The two leaders will meet tonight in the capital.", "2025-02-06"),
    ],
)
def test_a_time_of_day_on_a_named_day_is_that_day(nlp, text, day):
    assert [(q.kind, q.date, q.precision) for claim in claims_of(nlp, text, PUBLISHED)
            for q in claim._.quantities if q.kind == "date"] == [("date", day, "day")]


def test_a_time_of_day_alone_names_no_date(nlp):
    assert figures(nlp, "The blast came at 3 p.m. in the old town square.", "date") == []
    assert resolve_date("12:30", date(2025, 2, 6), fallback=False) is None


def test_a_bare_number_names_no_day():
    assert resolve_date("15", date(2025, 2, 6)) is None
    assert resolve_date("the 15th of this month", date(2025, 2, 6)) is not None


def test_a_weekday_and_yesterday_in_another_article_compare(nlp):
    agreed = verdict(nlp, "The bank closed its doors on Tuesday after the run.",
                     "The bank closed its doors yesterday after the run.", (PUBLISHED, "2025-02-05"))
    assert (agreed.relation, agreed.reason_code) == ("agrees", "same-figures")
    disputed = verdict(nlp, "The bank closed its doors on Tuesday after the run.",
                       "The bank closed its doors yesterday after the run.")
    assert (disputed.relation, disputed.reason_code) == ("contradicts", "date-mismatch")


def test_two_times_of_day_for_one_moment_conflict(nlp):
    disputed = verdict(nlp, "The plane landed at the airport at 3:15 pm.", "The plane landed at the airport at 3:45 pm.")
    assert (disputed.relation, disputed.reason_code, disputed.reason) == ("contradicts", "time-mismatch", "3:15 pm vs 3:45 pm")
    agreed = verdict(nlp, "The plane landed at the airport at 3:15 pm.", "The plane landed at the airport at 3.15 p.m.")
    assert agreed.relation == "agrees"
    # Told in other words, two times may be two moments of the story.
    other = verdict(nlp, "The plane landed at the airport at 3:15 pm.", "Rescuers reached the crash site at 5:40 pm, hours later.")
    assert other is None or other.relation != "contradicts"


def test_one_area_in_two_units_agrees_and_two_areas_conflict(nlp):
    same = verdict(nlp, "The house covers 2,000 square feet on two floors.", "The house covers 186 square metres on two floors.")
    assert same.relation == "agrees"
    other = verdict(nlp, "The house covers 2,000 square feet on two floors.", "The house covers 300 square metres on two floors.")
    assert (other.relation, other.reason) == ("contradicts", "2,000 square feet vs 300 square metres")
    # An area is never a length: "2,000 square feet" against "2,000 feet" compares nothing.
    assert verdict(nlp, "The house covers 2,000 square feet.", "The wall runs 600 feet.") is None or \
        verdict(nlp, "The house covers 2,000 square feet.", "The wall runs 600 feet.").relation != "contradicts"


# Ages

@pytest.mark.parametrize(
    "text, value",
    [
        ("Maria Lopez, 47, was charged with fraud on Monday.", 47),
        ("Police named the driver as Tom Hill (52) of York.", 52),
        ("A man aged 63 was taken to hospital with burns.", 63),
        ("A 19-year-old student was hurt in the blast.", 19),
        ("The pilot was 58 years old and had flown for decades.", 58),
        ("The suspect, 34, was held overnight at the station.", 34),
        ("Police said the victim, 19, died at the scene.", 19),
    ],
)
def test_every_way_of_writing_an_age_is_an_age(nlp, text, value):
    ages = [(q.kind, q.value) for claim in claims_of(nlp, text, PUBLISHED) for q in claim._.quantities if q.unit == AGE_UNIT]
    assert ages == [("number", value)]
    assert not [q for claim in claims_of(nlp, text, PUBLISHED) for q in claim._.quantities
                if q.kind == "date" and q.precision == "year"]


def test_an_old_building_is_not_an_age(nlp):
    assert figures(nlp, "The 400-year-old church burned down overnight.", "number") == [("400-year-old", 400, "year")]


def test_an_age_beside_a_name_and_as_an_adjective_agree(nlp):
    result = verdict(nlp, "Maria Lopez, 47, was charged with fraud at the court in Leeds.",
                     "The 47-year-old was charged with fraud at the court in Leeds.")
    assert (result.relation, result.reason_code) == ("agrees", "same-figures")


def test_two_ages_of_one_person_conflict_and_are_no_running_count(nlp):
    # "arrested" beside a count would make it a running toll; an age does not rise with the news.
    result = verdict(nlp, "The 31-year-old driver was arrested at his home in Leeds.",
                     "The 32-year-old driver was arrested at his home in Leeds.")
    assert (result.relation, result.reason_code) == ("contradicts", "number-mismatch")
    assert not result.changed_over_time


def test_an_age_beside_a_noun_is_no_year(nlp):
    result = verdict(nlp, "The suspect, 34, was arrested on Friday.", "The suspect, 43, was arrested on Friday.")
    assert (result.relation, result.reason) == ("contradicts", "34 vs 43")


def test_the_ages_of_two_people_are_not_compared(nlp):
    result = verdict(nlp, "Maria Lopez, 47, was charged with fraud at the court in Leeds.",
                     "Anna Berg, 52, was charged with fraud at the court in Leeds.")
    assert result.relation != "contradicts"


# Negation in every spelling

@pytest.mark.parametrize("word", ["doesn't", "doesn’t", "doesnt", "can't", "can’t", "cant", "CAN'T", "won't",
                                  "won’t", "wont", "won`t", "didn't", "didnt", "isn't", "isn’t", "isnt", "cannot"])
def test_negative_contractions_negate(word):
    assert is_negation(word)


@pytest.mark.parametrize("word", ["can", "won", "does", "is", "note", "nothing"])
def test_other_words_do_not(word):
    assert not is_negation(word)


@pytest.mark.parametrize("verb", ["can't", "can’t", "cant", "CAN'T", "won't", "won’t", "wont", "doesn't", "didnt",
                                  "doesn ’ t", "can ' t"])
def test_a_clause_with_a_negative_contraction_is_negated(nlp, verb):
    [claim] = claims_of(nlp, f"The lender {verb} repay the loan before the deadline.")
    assert claim._.negated


@pytest.mark.parametrize("sentence", [
    "No details of the settlement were released by the council.",
    "Nobody was hurt when the crane fell onto the quay.",
    "No one answered the door at the mayor's office.",
])
def test_a_clause_whose_subject_says_none_is_negated(nlp, sentence):
    [claim] = claims_of(nlp, sentence)
    assert claim._.negated


def test_none_said_by_the_subject_or_by_not_is_no_opposition(nlp):
    result = verdict(nlp, "No details of the settlement were released by the council.",
                     "Details of the settlement were not released by the council.")
    assert result is None or result.reason_code != "negation"


def test_none_said_in_a_subordinate_clause_is_no_opposition(nlp):
    # The claim's main clause is affirmed, but its words say none as the other's "not" does.
    result = verdict(nlp, "Although no details of the settlement were released, it is expected to close in May.",
                     "Details of the settlement were not released.")
    assert result is None or result.reason_code != "negation"
    assert negation_count("No terms were disclosed.") == negation_count("Terms were not disclosed.") == 1
    assert negation_count("The Hawks are the AFC's No. 5 seed.") == 0
    # A contraction printed apart from its word, as some sources print tokenised text.
    assert negation_count("The lender doesn ’ t repay.") == negation_count("The lender doesn't repay.") == 1


def test_the_same_sentence_in_two_spellings_is_no_opposition(nlp):
    a = view(nlp, "The lender can't repay the loan before the deadline.")
    b = view(nlp, "The lender cant repay the loan before the deadline.", 2)
    # Even when two parses read one wording apart, the words say the same.
    b.negated = not a.negated
    assert negation_count(a.content) == negation_count(b.content) == 1
    assert judge(a, b, score_pair(a, b, CONFIG), CONFIG).reason_code != "negation"


def test_an_affirmed_and_a_negated_wording_still_oppose(nlp):
    result = verdict(nlp, "The lender can repay the loan before the deadline.",
                     "The lender can't repay the loan before the deadline.")
    assert (result.relation, result.reason) == ("contradicts", "affirmed vs negated")


# Approximate figures

@pytest.mark.parametrize(
    "first, second, relation",
    [
        ("The village lies about 20 miles north of the city.", "The village lies 26 miles north of the city.", "contradicts"),
        ("The village lies about 20 miles north of the city.", "The village lies 22 miles north of the city.", "agrees"),
        # Each within the tolerance of a middle figure, 30% apart: one side is widened, not both.
        ("The village lies about 20 miles north of the city.", "The village lies about 26 miles north of the city.", "contradicts"),
        # A bound is its own limit ("up to 20"), not a figure near it.
        ("The road runs for up to 20 miles along the coast.", "The road runs for 22 miles along the coast.", "contradicts"),
    ],
)
def test_an_approximate_figure_covers_only_its_tolerance(nlp, first, second, relation):
    assert verdict(nlp, first, second).relation == relation


def test_a_clock_reading_is_not_a_duration():
    clock = "The home side tied the game with 6:00 minutes left and 1,500 fans."
    assert [(q.text, q.value) for q in measure_quantities(clock, [])] == []
    fall = "The climber fell 1,500 metres from the ridge."
    assert [(q.text, q.value) for q in measure_quantities(fall, [])] == [("1,500 metres", 1500)]


# Scores and records

@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Hawks won 20-13 against the Lions on Sunday.", ("20-13", 20, 13, "win")),
        ("The Hawks beat the Lions 27–24 in overtime.", ("27–24", 27, 24, "beat")),
        ("The Hawks improved to a 5-10 record with the loss.", ("5-10", 5, 10, "record")),
        # Beside a name, the name's record, as "a 5-10 record" names it.
        ("The Hawks (9-5) will host the Lions next week.", ("9-5", 9, 5, "record")),
        # A losing record beside a name is a record, not a range or a count of 2.
        ("The Lions (2-13) will visit the Hawks next week.", ("2-13", 2, 13, "record")),
    ],
)
def test_scores_and_records_keep_both_numbers(nlp, text, expected):
    assert figures(nlp, text, "score") == [expected]


def test_a_record_beside_a_name_is_not_a_date(nlp):
    assert figures(nlp, "The Hawks (9-5) will host the Lions next week.", "date") == [("next week", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "The road was closed for 10-15 minutes after the crash.",
        "Prices in the region rose by 5-6 percent last winter.",
        "Children aged 5-12 were taken to the shelter by bus.",
        "The talks ran from 1990-1995 without a deal.",
        "The club had its best year in the 2012-13 season.",
        "Pupils of the Hill School (ages 5-12) were taken to the shelter by bus.",
    ],
)
def test_ranges_and_spans_of_years_are_not_scores(nlp, text):
    assert figures(nlp, text, "score") == []


def test_two_results_of_one_game_conflict(nlp):
    result = verdict(nlp, "The Hawks won 20-13 against the Lions on Sunday.",
                     "The Hawks won 20-17 against the Lions on Sunday.")
    assert (result.relation, result.reason) == ("contradicts", "20-13 vs 20-17")


def test_two_records_conflict(nlp):
    result = verdict(nlp, "The Hawks improved to a 10-5 record with the win.",
                     "The Hawks improved to a 9-5 record with the win.")
    assert (result.relation, result.reason_code) == ("contradicts", "number-mismatch")


def test_a_score_read_from_either_side_agrees(nlp):
    result = verdict(nlp, "The Hawks won 20-13 against the Lions on Sunday.",
                     "The Hawks won 13-20 against the Lions on Sunday.")
    assert (result.relation, result.reason_code) == ("agrees", "same-figures")


def test_a_tie_during_the_game_is_not_its_result(nlp):
    result = verdict(nlp, "The Hawks tied the game 13-13 in the fourth quarter.",
                     "The Hawks won the game 20-13 in the fourth quarter.")
    assert result.relation != "contradicts"


def test_the_records_of_two_teams_are_not_compared(nlp):
    result = verdict(nlp, "The Broncos are 12-3 for the season after the win.",
                     "The Hawks are 4-4 for the season after the win.")
    assert result.relation != "contradicts"


def test_a_score_is_not_compared_with_a_count(nlp):
    result = verdict(nlp, "The Hawks won 20-13 in front of the home crowd.",
                     "The Hawks won 20 games in front of the home crowd.")
    assert result.reason_code != "number-mismatch"


def test_a_date_without_a_year_is_the_one_nearest_the_article():
    assert resolve_date("Feb. 17", date(2009, 1, 5)).date == "2009-02-17"  # a court date to come
    assert resolve_date("Dec. 28", date(2013, 1, 3)).date == "2012-12-28"
    assert resolve_date("June, 2005", date(2009, 1, 5)).date == "2005-06"


def test_a_number_written_in_hyphenated_words_is_one_number(nlp):
    assert figures(nlp, "Damage to the church is estimated at one-million dollars.", "money")[0][1] == 1_000_000
