from __future__ import annotations

from datetime import date

import pytest

from factcheck.nlp.quantities.dates import resolve_date
from tests.test_nlp import claims_of, nlp  # noqa: F401  (nlp is a fixture)

ARTICLE_DATE = "2025-02-06"  # a Thursday


def quantities(nlp, text, published=ARTICLE_DATE):
    return [quantity for claim in claims_of(nlp, text, published) for quantity in claim._.quantities]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("The organization operates in 71 countries.", 71, "country"),
        ("The organization has 87 foreign offices abroad.", 87, "office"),
        ("The crash resulted in 38 fatalities.", 38, "fatality"),
        ("The houses were halted in six countries last year.", 6, "country"),
        # A noun right before the number names what it is the value of.
        ("A magnitude 5.9 earthquake struck the valley on Monday.", 5.9, "magnitude"),
        ("An earthquake of magnitude 6.2 struck the valley on Monday.", 6.2, "magnitude"),
        ("Officials issued a level 3 alert for the coast.", 3, "level"),
        ("The firm's 5 engineers left the project.", 5, "engineer"),
    ],
)
def test_counted_nouns(nlp, text, value, unit):
    [quantity] = [q for q in quantities(nlp, text) if q.kind == "number"]
    assert (quantity.value, quantity.unit, quantity.kind) == (value, unit, "number")


def test_approximate_lower_bound(nlp):
    [quantity] = quantities(nlp, "The country has over three hundred schools with Russian programs.")
    assert quantity.value == 300 and quantity.low == 300 and quantity.approximate
    assert quantity.unit == "school"


def test_money_in_dollars(nlp):
    [quantity] = quantities(nlp, "Azerbaijan allocated $1 million for humanitarian assistance.")
    assert (quantity.kind, quantity.value, quantity.unit) == ("money", 1_000_000, "USD")


@pytest.mark.parametrize(
    "text, value, unit",
    [
        # A multiplier written against the number, inside the entity or beside it.
        ("The thieves took £2m from the depot in March.", 2_000_000, "GBP"),
        ("The company paid $650m for the rival firm.", 650_000_000, "USD"),
        ("The group agreed to pay $13.9bn for the maker.", 13_900_000_000, "USD"),
    ],
)
def test_money_with_a_written_multiplier(nlp, text, value, unit):
    [quantity] = [q for q in quantities(nlp, text) if q.kind == "money"]
    assert (quantity.value, quantity.unit) == (value, unit)


def test_a_number_with_a_leading_zero_is_no_figure(nlp):
    # "2, 000ft": the thousands written apart; "000ft" would read as no length at all.
    found = quantities(nlp, "The hiker was killed after falling around 2, 000ft on the ridge.")
    assert all(q.value for q in found if q.kind == "number")


def test_a_multiplier_before_a_counted_noun_is_a_count(nlp):
    [quantity] = [q for q in quantities(nlp, "The city has 5m people living in it.") if q.kind == "number"]
    assert (quantity.value, quantity.unit) == (5_000_000, "people")


def test_two_amounts_of_one_sum(nlp):
    found = quantities(nlp, "The diocese of the church received 350,000 manats ($205,000) from the state.")
    money = [quantity for quantity in found if quantity.kind == "money"]
    assert [(q.value, q.unit) for q in money] == [(350_000, "AZN"), (205_000, "USD")]
    assert money[1].equivalent_of == found.index(money[0])
    assert money[0].text == "350,000 manats"


def test_percent_and_range(nlp):
    found = quantities(nlp, "Prices in the capital rose from 5% to 10% over the winter.")
    [quantity] = [q for q in found if q.kind == "percent"]
    assert (quantity.low, quantity.high, quantity.unit) == (5, 10, "%")


def test_dates_resolve_against_the_article(nlp):
    found = quantities(nlp, "The plane crashed on December 25, and the agency was closed on Thursday.")
    assert [(q.date, q.precision) for q in found if q.kind == "date"] == [
        ("2024-12-25", "day"),
        ("2025-02-06", "day"),
    ]


def test_identifiers_are_not_quantities(nlp):
    found = quantities(nlp, "The crash of Azerbaijan Airlines Flight 8243 shocked the whole country.")
    assert not [q for q in found if q.value == 8243]


def test_a_hyphenated_measure_of_a_named_product_is_a_quantity(nlp):
    found = quantities(nlp, "The 17-inch Lumina Pad sells for $899 in stores.")
    assert [(q.value, q.unit) for q in found if q.kind == "number"] == [(17, "inch")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thursday", ("2025-02-06", "day")),
        ("Monday", ("2025-02-03", "day")),
        ("this week", ("2025-02-03", "week")),
        ("December 25", ("2024-12-25", "day")),
        ("in January", ("2025-01", "month")),
        ("13 February", ("2025-02-13", "day")),
        ("Dec. 25, 2024", ("2024-12-25", "day")),
        ("July 2022", ("2022-07", "month")),
        ("2008", ("2008", "year")),
        ("yesterday", ("2025-02-05", "day")),
        ("last month", ("2025-01", "month")),
        ("two years ago", ("2023", "year")),
        ("recent weeks", None),
    ],
)
def test_resolve_date(text, expected):
    resolved = resolve_date(text, date(2025, 2, 6))
    assert (tuple(resolved) if resolved else None) == expected


def test_dates_without_an_article_date_keep_no_year():
    assert tuple(resolve_date("December 25", None)) == ("--12-25", "day")
    assert resolve_date("Thursday", None) is None
    assert tuple(resolve_date("29 February", None)) == ("--02-29", "day")
    assert resolve_date("31 February", None) is None


@pytest.mark.parametrize("text", ["9999999 days ago", "3000 years ago", "99999999999 weeks ago"])
def test_a_time_further_back_than_the_calendar_is_no_date(text):
    assert resolve_date(text, date(2025, 2, 6)) is None


def test_clock_times_are_not_years(nlp):
    found = quantities(nlp, "The quake struck at 0737 GMT on Tuesday, the agency said.", published="2013-07-02")
    assert not [q for q in found if q.kind == "date" and q.precision == "year"]
    assert resolve_date("0737 GMT", date(2013, 7, 2)) is None
    assert tuple(resolve_date("0737 GMT Tuesday", date(2013, 7, 4))) == ("2013-07-02", "day")


def test_month_of_last_year(nlp):
    assert tuple(resolve_date("April last year", date(2013, 7, 2))) == ("2012-04", "month")
    assert tuple(resolve_date("March next year", date(2013, 7, 2))) == ("2014-03", "month")
    found = quantities(nlp, "A similar quake hit the province in April last year.", published="2013-07-02")
    assert [q.date for q in found if q.kind == "date"] == ["2012-04"]


@pytest.mark.parametrize(
    "text, value, unit, approximate",
    [
        ("The shaking lasted 15 seconds in the city.", 15, "second", False),
        ("The quake was felt for around one minute in the city.", 60, "second", True),
        ("The quake struck at a depth of 10 kilometers below the town.", 10, "kilometre", False),
        ("The fault runs 300 metres under the town.", 0.3, "kilometre", False),
        # A unit written against the number, which the parser reads as a word ("m" as "am").
        ("The hiker fell about 200m down a steep gully on Friday.", 0.2, "kilometre", True),
        ("The hiker slipped and fell 200ft from the ridge.", 0.06096, "kilometre", False),
        ("The ferry sank 3 mi from the harbour.", 4.828032, "kilometre", False),
        # An area is the square of its length unit, whichever unit it is written in.
        ("The house covers 2,000 square feet on two floors.", 0.000185806, "square kilometre", False),
        ("The fire burned 40 sq km of forest.", 40, "square kilometre", False),
        ("The farm spans 120 hectares near the river.", 1.2, "square kilometre", False),
    ],
)
def test_lengths_and_durations_in_one_unit(nlp, text, value, unit, approximate):
    [quantity] = [q for q in quantities(nlp, text) if q.unit == unit]
    assert (quantity.kind, quantity.value, quantity.approximate) == ("number", pytest.approx(value), approximate)


def test_hyphenated_figure_takes_the_word_after_the_hyphen_as_unit(nlp):
    found = quantities(nlp, "An 8.6-magnitude quake struck off the coast of Sumatra.")
    assert [(q.value, q.unit) for q in found if q.kind == "number"] == [(8.6, "magnitude")]


def test_a_unit_written_as_its_symbol_is_the_unit_by_name(nlp):
    spelled = quantities(nlp, "Hale broke off a 71-yard run in the third quarter.")
    symbol = quantities(nlp, "Hale broke off a 71-yd run in the third quarter.")
    assert [(q.value, q.unit) for q in symbol if q.kind == "number"] == [(71, "yard")]
    assert [(q.value, q.unit) for q in spelled if q.kind == "number"] == [(71, "yard")]


def test_a_zero_beside_a_name_is_read_without_failing(nlp):
    # A zero is falsy: read as "no number yet", it came back as the integer 0, which has no
    # is_integer() before Python 3.12, and the whole article failed its analysis.
    doc = nlp("The Harbour Hawks, 0-7 at home this season, lost again on Sunday.")
    assert doc.spans["claims"]
    from factcheck.nlp.quantities.component import _numbers_in

    values = _numbers_in(nlp.make_doc("0 wins"))
    assert values == [0.0] and all(isinstance(value, float) for value in values)


def test_a_day_before_someone_elses_figures_is_no_duration(nlp):
    found = quantities(nlp, "He ended the day 17 / 35 for 205 yards.")
    assert [(q.value, q.unit) for q in found if q.unit == "day"] == []
    assert [(q.value, q.unit) for q in quantities(nlp, "The talks lasted three days.")] == [(3, "day")]
    # The number right before the unit counts it, not a day of the month before that.
    found = quantities(nlp, "Jackson was arrested for investigation of DUI on Jan. 6, five days before the game.")
    assert [(q.value, q.unit) for q in found if q.unit == "day"] == [(5, "day")]


def test_a_score_beside_a_name_is_its_record(nlp):
    found = quantities(nlp, "Their rookie calmly led Denver (8-4) down the field.")
    assert [(q.kind, q.low, q.high, q.unit) for q in found] == [("score", 8, 4, "record")]
    for sentence in ("Denver's record improved to 7-5 on Sunday.", "Denver (7-5, 3-3 away) won the game in overtime.",
                     "Vance improved his record to 52-3 with the win."):
        assert [q.unit for q in quantities(nlp, sentence) if q.kind == "score"][0] == "record"
    assert [q.unit for q in quantities(nlp, "The game was tied at 13-13 at halftime.") if q.kind == "score"] == ["tie"]
    # Where a named side stands is its record; a level score is a tie, a score's own verb its role.
    assert [q.unit for q in quantities(nlp, "Denver is 7-5 after the loss on Sunday.") if q.kind == "score"] == ["record"]
    assert [q.unit for q in quantities(nlp, "The Hawks closed to 13-10 in the third quarter.")
            if q.kind == "score"] == ["close"]
    # A score that describes a time is a record over that time.
    assert [q.unit for q in quantities(nlp, "The win gave the Ravens an 11-5 season.") if q.kind == "score"] == ["record"]


def test_a_part_of_an_event_is_a_period_not_a_figure(nlp):
    found = quantities(nlp, "Okafor scored nine points in the first half.")
    assert [(q.kind, q.value, q.unit) for q in found if q.kind == "period"] == [("period", 1, "half")]
    assert [q.kind for q in quantities(nlp, "Sales fell in the third quarter of 2012.")] == ["date"]


def test_a_change_and_the_level_it_reached_is_no_range(nlp):
    [toll] = [q for q in quantities(nlp, "Officials said the toll rose by 12 to 40 people on Monday.") if q.kind == "number"]
    assert (toll.value, toll.low, toll.high) == (40, None, None)
    [hurt] = [q for q in quantities(nlp, "Police said 10 to 20 people were hurt in the blast on Monday.")
              if q.kind == "number"]
    assert (hurt.low, hurt.high) == (10, 20)
