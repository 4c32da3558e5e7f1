"""The judge on hand-made claims: contradictions with reasons, and the innocent differences."""

from __future__ import annotations

from dataclasses import replace

from factcheck.judge import judge, versus
from factcheck.match import match_new, score_pair, word_rarity
from factcheck.pairs import ClaimView, MatchConfig, load_claims
from factcheck.nlp.readings import claim_readings, figure_readings, measure_quantities
from factcheck.nlp.records import Frame, Quantity
from tests.test_match import add_article, add_claim

CONFIG = MatchConfig()


def claim(text: str, *figures, article: int = 1, published: str = "2025-02-06", **fields) -> ClaimView:
    """A claim whose quantities are (surface, kind, fields) found in ``text``, with what the
    claims stage reads in its wording (measures the figures leave out included)."""
    quantities = []
    for surface, kind, values in figures:
        start = text.index(surface)
        quantities.append(Quantity(kind=kind, text=surface, start=start, end=start + len(surface), **values))
    quantities += measure_quantities(text, [(q.start, q.end) for q in quantities])
    quantities = [replace(q, frame=replace(q.frame or Frame(), **figure_readings(text, q.start, q.end))) for q in quantities]
    return ClaimView(id=f"{article}:{text}", article_id=article, text=text, published=published,
                     quantities=quantities, readings=claim_readings(text), **fields)


def verdict(a: ClaimView, b: ClaimView):
    return judge(a, b, score_pair(a, b, CONFIG), CONFIG)


def test_versus_says_a_shared_unit_once():
    assert versus("71 countries", "80 countries") == "71 vs 80 countries"
    assert versus("2008", "2009") == "2008 vs 2009"
    assert versus("15 seconds", "one minute") == "15 seconds vs one minute"


def test_different_counts_of_the_same_thing_contradict():
    a = claim("The agency operates in 71 countries.", ("71", "number", {"value": 71, "unit": "country"}))
    b = claim("The agency operates in 80 countries.", ("80", "number", {"value": 80, "unit": "country"}), article=2)
    result = verdict(a, b)
    assert (result.relation, result.reason_code, result.reason) == ("contradicts", "number-mismatch", "71 vs 80 countries")


def test_same_figures_agree():
    a = claim("The agency operates in 71 countries.", ("71", "number", {"value": 71, "unit": "country"}))
    b = claim("It operates in 71 countries, mainly in Asia.", ("71", "number", {"value": 71, "unit": "country"}), article=2)
    result = verdict(a, b)
    assert result.relation == "agrees" and result.reason == "same figures: 71 countries"


def test_different_years_of_the_same_event_contradict():
    a = claim("The agency was established in 2008 by the president.", ("2008", "date", {"date": "2008", "precision": "year"}))
    b = claim("The agency was established in 2009 by the president.", ("2009", "date", {"date": "2009", "precision": "year"}), article=2)
    result = verdict(a, b)
    assert (result.relation, result.reason) == ("contradicts", "2008 vs 2009")


def test_approximate_figures_within_their_bounds_do_not_contradict():
    a = claim("The agency operates in over 70 countries.", ("over 70", "number", {"value": 70, "low": 70, "unit": "country"}))
    b = claim("The agency operates in 71 countries.", ("71", "number", {"value": 71, "unit": "country"}), article=2)
    assert verdict(a, b).relation == "agrees"


def test_two_lower_bounds_never_contradict():
    a = claim("The quake injured at least five people.", ("at least five", "number", {"value": 5, "low": 5, "unit": "people"}))
    b = claim("The quake injured at least 50 people.", ("at least 50", "number", {"value": 50, "low": 50, "unit": "people"}), article=2)
    assert verdict(a, b).relation != "contradicts"


def test_a_running_toll_is_a_change_over_time_not_a_contradiction():
    a = claim("The quake killed three people on Tuesday.", ("three", "number", {"value": 3, "unit": "people"}), published="2013-07-02")
    b = claim("The quake killed 24 people on Tuesday.", ("24", "number", {"value": 24, "unit": "people"}), article=2, published="2013-07-03")
    result = verdict(a, b)
    assert result.relation == "related" and result.changed_over_time
    assert result.reason == "changed over time? three people (2013-07-02) vs 24 people (2013-07-03)"


def test_a_closed_past_event_keeps_its_figures():
    a = claim("In 2004 a tsunami killed 230,000 people in 13 countries.",
              ("2004", "date", {"date": "2004"}), ("230,000", "number", {"value": 230000, "unit": "people"}),
              ("13", "number", {"value": 13, "unit": "country"}), published="2013-07-02")
    b = claim("In 2004 a tsunami killed 230,000 people in 14 countries.",
              ("2004", "date", {"date": "2004"}), ("230,000", "number", {"value": 230000, "unit": "people"}),
              ("14", "number", {"value": 14, "unit": "country"}), article=2, published="2013-07-03")
    assert verdict(a, b).reason == "13 vs 14 countries"


def test_different_scope_is_related():
    a = claim("In 2004 a tsunami killed 170,000 people in the province.",
              ("2004", "date", {"date": "2004"}), ("170,000", "number", {"value": 170000, "unit": "people"}))
    b = claim("In 2004 a tsunami killed 230,000 people across Asia.",
              ("2004", "date", {"date": "2004"}), ("230,000", "number", {"value": 230000, "unit": "people"}), article=2)
    result = verdict(a, b)
    assert result.relation == "related" and result.reason_code == "different-scope"


def test_different_events_or_years_are_related():
    a = claim("A magnitude 6.1 quake struck Aceh province.", ("6.1", "number", {"value": 6.1, "unit": "magnitude"}),
              published="2013-07-02")
    b = claim("In 2004 a magnitude 9.1 quake struck off Aceh province.", ("2004", "date", {"date": "2004"}),
              ("9.1", "number", {"value": 9.1, "unit": "magnitude"}), article=2, published="2013-07-02")
    result = verdict(a, b)
    assert result.relation == "related" and result.reason_code == "different-events"


THEFT_IN_APRIL = "In April, two burglars took £3m from a jeweller in York."
THEFT_IN_AUGUST = "In August, a thief stole £400,000 from the same jeweller."
APRIL = ("April", "date", {"date": "2024-04", "precision": "month"})
AUGUST = ("August", "date", {"date": "2024-08", "precision": "month"})
THREE_MILLION = ("£3m", "money", {"value": 3_000_000, "unit": "GBP"})
FOUR_HUNDRED_THOUSAND = ("£400,000", "money", {"value": 400_000, "unit": "GBP"})


def test_a_date_beside_conflicting_sums_leaves_the_verdict_to_the_sums():
    a = claim(THEFT_IN_APRIL, APRIL, THREE_MILLION)
    b = claim(THEFT_IN_AUGUST, AUGUST, FOUR_HUNDRED_THOUSAND, article=2)
    result = verdict(a, b)
    assert (result.reason_code, result.reason) == ("different-figures", "£3m vs £400,000")
    assert result.detail["figures"] == [["April", "August"], ["£3m", "£400,000"]]


def test_matching_a_pair_whose_first_conflict_is_a_date(fresh_db):
    first = add_article(fresh_db, "april.txt", "Leeds Post", "2024-09-01")
    second = add_article(fresh_db, "august.txt", "York Herald", "2024-09-02")
    add_claim(fresh_db, first, THEFT_IN_APRIL, quantities=[APRIL, THREE_MILLION])
    add_claim(fresh_db, second, THEFT_IN_AUGUST, quantities=[AUGUST, FOUR_HUNDRED_THOUSAND])
    claims = load_claims(fresh_db)
    # Worded too differently to contradict on wording alone: every other test of figures is reached.
    assert score_pair(*claims, CONFIG, word_rarity(claims)).fuzzy < CONFIG.contradiction_similarity
    assert match_new(fresh_db)["suggestions"] == 1
    [stored] = fresh_db.query("select relation, reason from matches")
    assert stored == {"relation": "related", "reason": "£3m vs £400,000"}


def test_the_same_distance_in_another_unit_agrees():
    a = claim("The epicentre was 34 miles from the town.", ("34", "number", {"value": 34, "unit": "mile"}))
    b = claim("The epicentre was 55 kilometers from the town.", ("55", "number", {"value": 55, "unit": "kilometer"}), article=2)
    assert verdict(a, b).relation == "agrees"


def test_durations_are_converted_before_comparing():
    a = claim("The quake was felt in the capital for around 15 seconds.",
              ("15", "number", {"value": 15, "unit": "second", "approximate": True}))
    b = claim("The quake shook houses in the capital for around one minute.",
              ("one", "number", {"value": 1, "unit": "minute", "approximate": True}), article=2)
    assert verdict(a, b).relation == "contradicts"


def test_sums_in_two_currencies_are_not_compared():
    a = claim("The fund paid 350,000 manats to the journalists.", ("350,000", "money", {"value": 350000, "unit": "AZN"}))
    b = claim("The fund paid $205,000 to the journalists.", ("$205,000", "money", {"value": 205000, "unit": "USD"}), article=2)
    assert verdict(a, b).relation == "agrees"


def test_opposite_directions_from_one_place_contradict():
    a = claim("The epicentre was 55 kilometers west of the town of Bireun.")
    b = claim("The quake hit inland, 55 kilometres south of Bireun.", article=2)
    result = verdict(a, b)
    assert (result.relation, result.reason) == ("contradicts", "west vs south of Bireun")


def test_inland_versus_offshore_contradicts():
    a = claim("The quake struck inland at a shallow depth.")
    b = claim("A strong quake struck off Indonesia's Aceh province.", article=2)
    assert verdict(a, b).reason == "inland vs offshore"


def test_a_different_superior_contradicts():
    a = claim("It operates in many countries and reports directly to the Russian president.", subject="It")
    b = claim("The agency is subordinate to the Russian Ministry of Foreign Affairs.", article=2, subject="The agency")
    result = verdict(a, b)
    assert (result.relation, result.reason) == ("contradicts", "president vs Ministry of Foreign Affairs")


def test_one_clock_reading_in_utc_and_local_time_contradicts():
    a = claim("The quake struck inland at 0737 GMT.")
    b = claim("It took place at 7:37 AM local time.", article=2)
    assert verdict(a, b).reason == "07:37 GMT vs 7:37 local time"


def test_the_same_instant_in_two_zones_agrees():
    a = claim("The quake struck at 07:37 UTC on Tuesday.")
    b = claim("The quake struck at 3:37 a.m. EDT on Tuesday.", article=2)
    assert verdict(a, b).relation != "contradicts"


def test_negation_with_the_same_wording_contradicts():
    a = claim("Russia was involved in the crash of the plane.", cue="said")
    b = claim("Russia was not involved in the crash of the plane.", article=2, negated=True, cue="denied")
    assert verdict(a, b).reason == "said vs denied"


def test_a_negation_of_another_verb_is_no_denial():
    a = claim("The champion put the challenger on the canvas with a right hand in the fifth round.", predicate="put")
    b = claim("The champion put the challenger on the canvas with a right hand in the fifth round, and he never rose.",
              article=2, negated=True, predicate="rise")
    result = verdict(a, b)
    assert result is None or result.relation != "contradicts"


def test_one_wording_of_a_day_read_on_two_publication_days_says_the_same():
    today_a = ("today", "date", {"date": "2025-02-06", "precision": "day"})
    today_b = ("today", "date", {"date": "2025-02-07", "precision": "day"})
    a = claim("With these policies we can grow our economy today.", _with_frame(today_a, verb="grow"))
    b = claim("With these policies we can grow our economy today.", _with_frame(today_b, verb="grow"), article=2,
              published="2025-02-07")
    assert verdict(a, b).relation == "agrees"


def test_unrelated_claims_are_not_judged():
    a = claim("The agency operates in 71 countries.")
    b = claim("The weather was mild in the capital on Tuesday.", article=2)
    assert verdict(a, b) is None


def test_a_word_for_word_copy_is_one_source_not_an_agreement_of_two():
    text = "The ferry was carrying 212 passengers when it ran aground, the coast guard said."
    copy = verdict(claim(text, ("212", "number", {"value": 212, "unit": "passenger"})),
                   claim(text.replace("said.", "said"), ("212", "number", {"value": 212, "unit": "passenger"}),
                         article=2))
    retold = verdict(claim(text, ("212", "number", {"value": 212, "unit": "passenger"})),
                     claim("The coast guard said 212 passengers were aboard the ferry that ran aground.",
                           ("212", "number", {"value": 212, "unit": "passenger"}), article=2))
    assert (copy.relation, copy.reason_code) == ("agrees", "copy")
    assert (retold.relation, retold.reason_code) == ("agrees", "same-figures")


def test_alike_claims_whose_figures_count_different_things_are_not_one_fact():
    from factcheck.nlp.records import Frame

    run = Frame(about="yard", owner="run", verb="score", verb_subject="he", subject_kind="pronoun")
    total = Frame(about="yard", verb="finish", verb_subject="Tomas Reyes", subject_kind="person")
    a = claim("Reyes ran for 64 yards in the win.", ("64 yards", "number", {"value": 64, "unit": "yard", "frame": run}))
    b = claim("Reyes ran for 140 yards in the win.", ("140 yards", "number", {"value": 140, "unit": "yard", "frame": total}),
              article=2)
    judgement = verdict(a, b)
    assert (judgement.relation, judgement.reason_code) == ("related", "different-things")


def _with_frame(figure: tuple, **frame) -> tuple:
    from factcheck.nlp.records import Frame

    surface, kind, values = figure
    return surface, kind, {**values, "frame": Frame(**frame)}


def test_figures_of_one_event_verb_conflict_however_the_claims_are_worded():
    a = claim("The hiker died after falling about 150 metres at the summit.",
              _with_frame(("about 150 metres", "number", {"value": 150, "unit": "metre", "approximate": True}),
                          about="metre", verb="fall"))
    b = claim("Rescuers said he slipped and fell roughly 400 m down an icy gully near the lake hut.",
              _with_frame(("400 m", "number", {"value": 400, "unit": "m"}), about="m", verb="fall"), article=2)
    assert score_pair(a, b, CONFIG).combined < CONFIG.suggest_threshold
    result = verdict(a, b)
    assert (result.relation, result.reason_code) == ("contradicts", "number-mismatch")


def test_a_length_is_never_a_running_count():
    a = claim("The hiker died after falling 150 metres.", ("150 metres", "number", {"value": 150, "unit": "metre"}),
              published="2013-07-02")
    b = claim("The hiker died after falling 400 metres.", ("400 metres", "number", {"value": 400, "unit": "metre"}),
              article=2, published="2013-07-03")
    assert verdict(a, b).relation == "contradicts"


def test_a_count_changes_over_time_only_between_reports_of_two_known_times():
    a = claim("The quake killed three people on Tuesday.", ("three", "number", {"value": 3, "unit": "people"}), published=None)
    b = claim("The quake killed 24 people on Tuesday.", ("24", "number", {"value": 24, "unit": "people"}), article=2)
    result = verdict(a, b)
    assert result.relation == "contradicts" and not result.changed_over_time


def test_a_total_so_far_is_not_one_operations_count():
    a = claim("In six patrols so far the crew has seized 40 rifles.", ("40", "number", {"value": 40, "unit": "rifle"}))
    b = claim("In the patrol the crew seized 9 rifles.", ("9", "number", {"value": 9, "unit": "rifle"}), article=2)
    result = verdict(a, b)
    assert (result.relation, result.reason_code) == ("related", "different-scope")


def test_two_days_for_one_announcement_contradict_and_a_past_event_does_not():
    monday = ("Monday", "date", {"date": "2025-02-03", "precision": "day"})
    tuesday = ("Tuesday", "date", {"date": "2025-02-04", "precision": "day"})
    a = claim("The firm announced the purchase on Monday, its chief said.", _with_frame(monday, verb="announce"))
    b = claim("On Tuesday the company announced that it will buy the rival.", _with_frame(tuesday, verb="announce"), article=2)
    assert verdict(a, b).reason_code == "date-mismatch"
    quake_2004 = ("2004", "date", {"date": "2004", "precision": "year"})
    quake_2009 = ("September 2009", "date", {"date": "2009-09", "precision": "month"})
    c = claim("A quake off the coast in 2004 killed thousands.", _with_frame(quake_2004, verb="kill"))
    d = claim("In September 2009 a quake near the city killed hundreds.", _with_frame(quake_2009, verb="kill"), article=2)
    result = verdict(c, d)
    assert result is None or result.relation != "contradicts"


def test_a_past_period_beside_the_day_of_the_news_does_not_hide_the_day():
    thursday = ("Thursday", "date", {"date": "2025-02-06", "precision": "day"})
    wednesday = ("Wednesday", "date", {"date": "2025-02-05", "precision": "day"})
    september = ("September", "date", {"date": "2024-09", "precision": "month"})
    a = claim("The coast guard on Thursday stopped a raid on two tankers, its third success since September.",
              _with_frame(thursday, verb="stop"), september)
    b = claim("The coast guard stopped a raid on two tankers on Wednesday.", _with_frame(wednesday, verb="stop"), article=2)
    result = verdict(a, b)
    assert (result.relation, result.reason_code) == ("contradicts", "date-mismatch")


def test_a_figure_without_a_unit_is_the_other_claims_figure_of_that_very_value():
    a = claim("Costa scored 2 goals in the final, lifting his season tally to 31.",
              ("2 goals", "number", {"value": 2, "unit": "goal"}), ("31", "number", {"value": 31}))
    b = claim("Costa ended the season with 31 goals.", ("31 goals", "number", {"value": 31, "unit": "goal"}), article=2)
    result = verdict(a, b)
    assert (result.relation, result.reason_code) == ("agrees", "same-figures")


def test_two_days_beside_a_figure_both_claims_state_alike_date_one_happening():
    friday = ("Friday", "date", {"date": "2025-02-07", "precision": "day"})
    thursday = ("Thursday", "date", {"date": "2025-02-06", "precision": "day"})
    boats = ("four-boat", "number", {"value": 4, "unit": "boat"})
    a = claim("The frigate beat off a four-boat raid on the convoy on Friday.", _with_frame(friday, verb="beat"), boats,
              published="2025-02-08")
    b = claim("On Thursday the frigate repelled a four-boat raid on the convoy.", _with_frame(thursday, verb="repel"),
              boats, article=2, published="2025-02-07")
    result = verdict(a, b)
    assert (result.relation, result.reason_code, result.reason) == ("contradicts", "date-mismatch", "Friday vs Thursday")
    # The day a statement was made is not the day of what it tells.
    said = claim("The navy said on Friday the frigate beat off a four-boat raid.", _with_frame(friday, verb="say"), boats,
                 published="2025-02-08")
    assert verdict(said, b).relation != "contradicts"


def test_a_figure_of_a_part_of_the_event_is_not_one_of_the_whole():
    half = ("the first half", "period", {"value": 1, "unit": "half"})
    points = lambda surface, value: (surface, "number", {"value": value, "unit": "point"})
    a = claim("Okafor scored 19 points off the bench.", points("19", 19))
    b = claim("Okafor scored nine points in the first half.", points("nine", 9), half, article=2)
    result = verdict(a, b)
    assert (result.relation, result.reason_code) == ("related", "different-scope")
    c = claim("Okafor had nine points in the first half.", points("nine", 9), half, article=3)
    assert verdict(b, c).relation == "agrees"


def test_a_distance_in_time_is_no_duration():
    hours = _with_frame(("18 hours", "number", {"value": 18, "unit": "hour"}), after="earlier")
    minutes = _with_frame(("about 30 minutes", "number", {"value": 30, "unit": "minute", "approximate": True}), after="and")
    a = claim("Drake, which beat Bradley in the play-in round just 18 hours earlier, fell to Creighton.", hours)
    b = claim("Drake, which had beaten Bradley in the play-in round, kept up for about 30 minutes and then tired.",
              minutes, article=2)
    assert verdict(a, b).relation != "contradicts"


def test_a_rate_or_a_mean_is_no_total():
    season = _with_frame(("$22 million", "money", {"value": 22e6, "unit": "USD"}), rate="season")
    total = ("$160 million", "money", {"value": 160e6, "unit": "USD"})
    a = claim("The Hawks offered Ruiz an eight-year deal worth $22 million per season.", season)
    b = claim("The Hawks offered Ruiz an eight-year deal worth $160 million.", total, article=2)
    assert verdict(a, b).relation != "contradicts"
    mean = _with_frame(("22.8 points", "number", {"value": 22.8, "unit": "point"}), verb="average")
    game = _with_frame(("24 points", "number", {"value": 24, "unit": "point"}), verb="have")
    c = claim("Ruiz averaged 22.8 points in the five games before Thursday.", mean)
    d = claim("Ruiz had 24 points in the game on Thursday.", game, article=2)
    result = verdict(c, d)
    assert result is None or result.relation != "contradicts"


def test_two_peoples_statements_on_two_days_are_two_statements():
    tuesday = _with_frame(("Tuesday", "date", {"date": "2025-02-04", "precision": "day"}), verb="tell",
                          verb_subject="witness", subject_kind="noun")
    monday = _with_frame(("Monday", "date", {"date": "2025-02-03", "precision": "day"}), verb="tell",
                         verb_subject="police source", subject_kind="noun")
    a = claim("A witness told reporters on Tuesday that the youth had no gun in his hand.", tuesday)
    b = claim("Investigators believe Kimani belonged to a street gang, a police source told them Monday.", monday,
              article=2)
    result = verdict(a, b)
    assert result is None or result.relation != "contradicts"


def test_a_run_at_one_end_of_a_sequence_is_no_total():
    first = _with_frame(("17", "number", {"value": 17, "unit": "pass"}), lead="first", verb="complete")
    total = _with_frame(("34 passes", "number", {"value": 34, "unit": "pass"}), lead="of", verb="complete")
    a = claim("Ortega completed his first 17 passes and threw for 364 yards.", first)
    b = claim("Ortega completed 29 of 34 passes and threw for 364 yards.", total, article=2)
    result = verdict(a, b)
    assert result is None or result.relation != "contradicts"


def test_variants_one_article_names_side_by_side_are_two_things():
    from factcheck.judge import attach_variants

    small = _with_frame(("12-inch", "number", {"value": 12, "unit": "inch"}), about="inch", owner="tablet")
    large = _with_frame(("14-inch", "number", {"value": 14, "unit": "inch"}), about="inch", owner="tablet")
    lineup = claim("The 12-inch and 14-inch tablets ship in May.", small, large, article=3)
    a = claim("The 12-inch tablet costs $499.", small, ("$499", "money", {"value": 499, "unit": "USD"}))
    b = claim("The 14-inch tablet costs $699.", large, ("$699", "money", {"value": 699, "unit": "USD"}), article=2)
    assert verdict(a, b).relation == "contradicts"  # nothing yet says these are two models
    attach_variants([lineup, a, b])
    result = verdict(a, b)
    assert result.relation == "related" and result.reason == "different things: 12 vs 14 inch"


def test_one_persons_two_ages_still_conflict_beside_other_peoples_ages():
    from factcheck.judge import attach_variants

    def age(value: int, owner: str) -> tuple:
        return _with_frame((f"{value}", "number", {"value": value, "unit": "age"}), owner=owner)

    first = claim("Lee Moss, 31, and Ann Ray, 40, were rescued.", age(31, "lee moss"), age(40, "ann ray"), article=3)
    a = claim("Lee Moss, 31, was rescued on Sunday.", age(31, "lee moss"))
    b = claim("Lee Moss, 33, was rescued on Sunday.", age(33, "lee moss"), article=2)
    attach_variants([first, a, b])
    assert verdict(a, b).relation == "contradicts"


def test_a_claim_about_two_variants_is_about_each():
    from factcheck.judge import attach_variants

    small = _with_frame(("12-inch", "number", {"value": 12, "unit": "inch"}), about="inch", owner="tablet")
    large = _with_frame(("14-inch", "number", {"value": 14, "unit": "inch"}), about="inch", owner="tablet")
    both = claim("The 12-inch tablet costs $499 and the 14-inch one $649.", small, large,
                 ("$649", "money", {"value": 649, "unit": "USD"}), article=3)
    large_only = claim("The 14-inch tablet costs $699.", large, ("$699", "money", {"value": 699, "unit": "USD"}), article=2)
    attach_variants([both, large_only])
    assert verdict(both, large_only).reason_code != "different-things"
    # The second model named without a noun it describes still counts.
    loose = _with_frame(("14-inch", "number", {"value": 14, "unit": "inch"}), about="inch")
    also = claim("The 12-inch tablet costs $499, while the 14-inch will sell for $649.", small, loose,
                 ("$649", "money", {"value": 649, "unit": "USD"}), article=4)
    assert verdict(also, large_only).reason_code != "different-things"


def test_ages_of_two_people_named_together_tell_their_figures_apart():
    from factcheck.judge import attach_variants

    def age(value: int, owner: str | None) -> tuple:
        return _with_frame((f"{value}", "number", {"value": value, "unit": "age"}), owner=owner)

    def fall(surface: str, value: float) -> tuple:
        return _with_frame((surface, "number", {"value": value, "unit": "metre"}), about="metre", verb="fall")

    both = claim("Lee Moss, 36, and Ann Ray, 40, were climbing that week.", age(36, "lee moss"), age(40, "ann ray"), article=3)
    a = claim("The 36-year-old slipped and fell 200 metres.", age(36, None), fall("200 metres", 200))
    b = claim("Ann Ray, 40, fell 900 metres from the ridge.", age(40, "ann ray"), fall("900 metres", 900), article=2)
    attach_variants([both, a, b])
    assert verdict(a, b).relation == "related"


def _priced(size: int, price: int, subject: str, verb: str = "cost") -> tuple[tuple, tuple]:
    """A model size and its price, both said by ``verb`` of ``subject`` (as the parse frames them)."""
    frame = {"verb": verb, "verb_subject": subject}
    return (_with_frame((f"{size}-inch", "number", {"value": size, "unit": "inch"}), about="inch", owner="model", **frame),
            _with_frame((f"${price:,}", "money", {"value": price, "unit": "USD"}), **frame))


def test_prices_of_one_named_variant_conflict_however_their_anchors_are_worded():
    from factcheck.judge import attach_variants

    lineup = claim("The 12-inch and 14-inch tablets ship in May.",
                   *_priced(12, 0, "tablets", "ship")[:1], _priced(14, 0, "tablets", "ship")[0], article=3)
    small, price = _priced(12, 499, "Tabula")
    large, dearer = _priced(14, 699, "Tabula")
    a = claim("Tabula will charge $499 for the basic 12-inch edition and $699 for a 14-inch edition.",
              price, small, dearer, large)
    b = claim("The Tabula range will cost $549 for the 12-inch choice.",
              *_priced(12, 549, "Tabula")[::-1], article=2)
    attach_variants([lineup, a, b])
    result = verdict(a, b)
    assert result.relation == "contradicts" and "$499" in result.reason and "$549" in result.reason


def test_prices_of_two_named_variants_or_of_an_unnamed_one_do_not_conflict():
    from factcheck.judge import attach_variants

    small, price = _priced(12, 499, "model")
    middle, mid_price = _priced(13, 599, "model")
    large, dearer = _priced(14, 699, "model")
    lineup = claim("The 12-inch, 13-inch and 14-inch tablets ship in May.", small, middle, large, article=3)
    twelve = claim("The 12-inch model costs $499.", small, price)
    fourteen = claim("The 14-inch model costs $699.", large, dearer, article=2)
    basic = claim("The basic model costs $449.",
                  _with_frame(("$449", "money", {"value": 449, "unit": "USD"}), verb="cost", verb_subject="basic model"),
                  article=4)
    # The story names each size beside another one only in pairs; 12 and 14 are still two models.
    lineup_pairs = [claim("The 12-inch and 13-inch tablets ship in May.", small, middle, article=5),
                    claim("The 13-inch and 14-inch tablets ship in May.", middle, large, article=6)]
    attach_variants([*lineup_pairs, twelve, fourteen, basic])
    assert verdict(twelve, fourteen).relation != "contradicts"
    assert verdict(twelve, basic) is None or verdict(twelve, basic).relation != "contradicts"


def test_two_weekdays_of_one_statement_conflict_whatever_the_verb_of_stating():
    said = claim("Norvale Foods said on Monday it will buy the Brandt dairy for an undisclosed sum.",
                 _with_frame(("Monday", "date", {"date": "2025-02-03", "precision": "day"}),
                             about="monday", verb="say", verb_subject="Norvale Foods"))
    announced = claim("The company announced on Tuesday a deal to take over the Brandt dairy.",
                      _with_frame(("Tuesday", "date", {"date": "2025-02-04", "precision": "day"}),
                                  about="tuesday", verb="announce", verb_subject="company"), article=2)
    assert verdict(said, announced).relation == "contradicts"
    # A verb of another happening dates something else.
    delivered = claim("The first Brandt milk reached Norvale shops on Tuesday, the company said.",
                      _with_frame(("Tuesday", "date", {"date": "2025-02-04", "precision": "day"}),
                                  about="tuesday", verb="reach", verb_subject="milk"), article=2)
    result = verdict(said, delivered)
    assert result is None or result.relation != "contradicts"


def test_the_same_figures_agree_when_only_one_claim_names_a_past_year():
    record = ("31 arrests", "number", {"value": 31, "unit": "arrest"})
    now = claim("Police made 31 arrests after the march, the most since the riots of 2011.",
                record, ("2011", "date", {"date": "2011", "precision": "year"}))
    plain = claim("Police said they made 31 arrests after the march on Saturday.", record, article=2)
    assert verdict(now, plain).relation == "agrees"
    # Two past years named apart are two events, not one fact.
    then = claim("Police made 31 arrests after the march of 2009.",
                 record, ("2009", "date", {"date": "2009", "precision": "year"}), article=3)
    assert verdict(now, then).relation != "agrees"


def test_figures_that_share_only_their_attribution_are_not_aligned():
    police = {"speaker": "Police", "cue": "said"}
    hurt = claim("Police said 12 people were hurt in the clashes.", ("12", "number", {"value": 12, "unit": "people"}), **police)
    marched = claim("Police said 20,000 people marched through the capital.",
                    ("20,000", "number", {"value": 20000, "unit": "people"}), article=2, **police)
    more_hurt = claim("Police said 15 people were hurt in the clashes.",
                      ("15", "number", {"value": 15, "unit": "people"}), article=3, **police)
    assert getattr(verdict(hurt, marched), "relation", None) != "contradicts"
    assert verdict(hurt, more_hurt).relation == "contradicts"


def test_records_of_one_team_contradict_however_differently_worded():
    def record(text, surface, owner, verb, article):
        low, high = (float(part) for part in surface.split("-"))
        frame = Frame(owner=owner, owner_kind="place", verb=verb)
        return claim(text, (surface, "score", {"low": low, "high": high, "unit": "record", "frame": frame}), article=article)

    led = record("The rookie calmly led Denver (8-4) down the field.", "8-4", "denver", "lead", 1)
    rose = record("After the win Denver's record rose to 7-5.", "7-5", "denver", "rise", 2)
    other = record("After the win Dallas' record rose to 7-5.", "7-5", "dallas", "rise", 3)
    assert verdict(led, rose).relation == "contradicts"
    assert verdict(led, other) is None or verdict(led, other).relation != "contradicts"


def test_two_parts_of_one_full_name_of_the_story_hold_one_record():
    from factcheck.judge import attach_names

    def record(text, surface, owner, article):
        low, high = (float(part) for part in surface.split("-"))
        frame = Frame(owner=owner, owner_kind="name", verb="rise")
        return claim(text, (surface, "score", {"low": low, "high": high, "unit": "record", "frame": frame}), article=article)

    city = record("After the win Denver's record rose to 7-5.", "7-5", "denver", 1)
    nickname = record("After the win the Broncos' record rose to 8-4.", "8-4", "broncos", 2)
    rival = record("After the loss the Raiders' record rose to 8-4.", "8-4", "raiders", 3)
    full = claim("The Denver Broncos beat the Oakland Raiders.", article=4, entity_ids=frozenset({1, 2}))
    # Without the story's full names, a city and a nickname are two holders.
    alone = record("After the win the Broncos' record rose to 8-4.", "8-4", "broncos", 5)
    assert verdict(city, alone) is None or verdict(city, alone).relation != "contradicts"
    city = record("After the win Denver's record rose to 7-5.", "7-5", "denver", 1)
    attach_names([city, nickname, rival, full], {1: {"the Denver Broncos", "Broncos"}, 2: {"Oakland Raiders"}})
    assert verdict(city, nickname).relation == "contradicts"
    # Parts of two different full names stay two holders.
    assert verdict(city, rival) is None or verdict(city, rival).relation != "contradicts"


def test_two_ages_of_one_named_person_contradict():
    def age(text, surface, owner, article, kind="person"):
        frame = Frame(owner=owner, owner_kind=kind, verb="fall")
        return claim(text, (surface, "number", {"value": float(surface), "unit": "age", "frame": frame}), article=article)

    first = age("Climber Tom Hale, 32, fell on the ice.", "32", "tom hale", 1)
    second = age("Rescuers found Hale, 31, near the hut on Sunday morning.", "31", "hale", 2)
    assert verdict(first, second).relation == "contradicts"
    # "320 kilometres (200 miles)": a unit that a figure restates is no named holder of it.
    miles = Frame(owner="kilometre", owner_kind="noun")
    far = claim("Houses fell some 320 kilometres (200 miles) away.", ("200 miles", "number", {"value": 200, "unit": "mile", "frame": miles}))
    deep = claim("It hit at a depth of 10 kilometres (6 miles).", ("6 miles", "number", {"value": 6, "unit": "mile", "frame": miles}), article=2)
    assert verdict(far, deep) is None or verdict(far, deep).relation != "contradicts"


def test_an_age_or_a_record_reported_later_may_have_grown():
    def figure(text, surface, unit, published, article, **values):
        frame = Frame(owner="vance", owner_kind="person")
        return claim(text, (surface, values.pop("kind", "number"), {"unit": unit, "frame": frame, **values}),
                     article=article, published=published)

    young = figure("The 32-year-old Vance won again.", "32", "age", "2008-02-23", 1, value=32)
    older = figure("The 36-year-old Vance won again.", "36", "age", "2012-07-07", 2, value=36)
    assert verdict(young, older).changed_over_time
    same_day = figure("The 33-year-old Vance won again.", "33", "age", "2008-02-23", 3, value=33)
    assert verdict(young, same_day).relation == "contradicts"

    def record(surface, published, article):
        low, high = (float(part) for part in surface.split("-"))
        return figure(f"Vance ({surface}) retained the title.", surface, "record", published, article,
                      kind="score", low=low, high=high)

    assert verdict(record("52-3", "2008-02-23", 1), record("58-3", "2012-07-07", 2)).changed_over_time
    # A record never shrinks, and one game's two reports state one record.
    assert verdict(record("58-3", "2008-02-23", 1), record("52-3", "2012-07-07", 2)).relation == "contradicts"
    assert verdict(record("10-5", "2012-12-23", 1), record("9-5", "2012-12-23", 2)).relation == "contradicts"


def test_two_falls_one_article_tells_apart_are_two_happenings_for_every_article():
    from factcheck.judge import attach_events

    def fall(text, surface, value, article, subject):
        figure = _with_frame((surface, "number", {"value": value, "unit": "metre"}), about="metre", verb="fall",
                             verb_subject=subject, subject_kind="noun")
        return claim(text, figure, article=article)

    both_first = fall("A hiker died after falling 150 metres from the ridge.", "150 metres", 150, 1, "hiker")
    both_second = fall("The next day a second man fell 700 metres near the hut.", "700 metres", 700, 1, "man")
    short = fall("The climber fell about 150 metres, police said.", "150 metres", 150, 2, "climber")
    long = fall("The climber fell 700 metres to his death.", "700 metres", 700, 3, "climber")
    other = fall("The climber fell 400 metres to his death.", "400 metres", 400, 4, "climber")
    assert verdict(short, long).relation == "contradicts"  # nothing yet says the story has two falls
    fresh = [fall(c.text, q.text, q.value, c.article_id, q.frame.verb_subject)
             for c in (both_first, both_second, short, long, other) for q in c.quantities]
    attach_events(fresh, CONFIG)
    both_first, both_second, short, long, other = fresh
    result = verdict(short, long)
    assert result is None or result.relation != "contradicts"
    # A figure near neither of the two still conflicts with each.
    assert verdict(short, other).relation == "contradicts"



def test_one_article_giving_one_fall_two_values_tells_no_second_fall():
    from factcheck.judge import attach_events

    def fall(text, surface, value, article, subject, kind="noun"):
        figure = _with_frame((surface, "number", {"value": value, "unit": "metre"}), about="metre", verb="fall",
                             verb_subject=subject, subject_kind=kind)
        return claim(text, figure, article=article)

    claims = [
        fall("A walker died after falling 600 metres on the ridge.", "600 metres", 600, 1, "walker"),
        fall('"One of the party has fallen some 700 metres," police said.', "700 metres", 700, 1, "one", "pronoun"),
        fall("The walker fell about 600 metres, police said.", "600 metres", 600, 2, "walker"),
        fall("The walker fell 700 metres to his death.", "700 metres", 700, 3, "walker"),
    ]
    attach_events(claims, CONFIG)
    assert verdict(claims[2], claims[3]).relation == "contradicts"


def test_values_said_of_two_periods_in_one_article_are_two_events_not_two_kinds():
    from factcheck.judge import attach_variants

    def quake(text, surface, value, article, year=None):
        figures = [_with_frame((surface, "number", {"value": value, "unit": "magnitude"}), about="magnitude",
                               owner="quake", owner_kind="noun", verb="strike")]
        if year:
            figures.append((year, "date", {"date": year, "precision": "year"}))
        return claim(text, *figures, article=article)

    today = quake("A 6.1-magnitude quake struck the province on Tuesday.", "6.1-magnitude", 6.1, 1)
    earlier = quake("In 2012 an 8.6-magnitude quake struck off the coast.", "8.6-magnitude", 8.6, 1, "2012")
    other = quake("In 2012 an 8.6-magnitude quake struck off the coast, officials said.", "8.6-magnitude", 8.6, 2, "2012")
    rival = quake("In 2012 an 8.7-magnitude quake struck off the coast.", "8.7-magnitude", 8.7, 3, "2012")
    beside = quake("The 8.7-magnitude quake and a 6.1-magnitude one struck in 2012.", "6.1-magnitude", 6.1, 3, "2012")
    attach_variants([today, earlier, other, rival, beside])
    # 6.1 today and 8.6 in 2012 are two quakes, not two kinds of quake: 8.6 and 8.7 stay rival figures.
    assert other.derived["variants"]["magnitude"] == {frozenset((6.1, 8.7)): True}
    assert verdict(other, rival).relation == "contradicts"


def test_a_figure_tied_to_no_verb_is_said_of_the_one_variant_its_claim_names():
    from factcheck.judge import attach_variants

    eleven = _with_frame(("11-inch", "number", {"value": 11, "unit": "inch"}), about="inch", owner="model",
                         verb="start", verb_subject="model")
    thirteen = _with_frame(("13-inch", "number", {"value": 13, "unit": "inch"}), about="inch", owner="model",
                           verb="start", verb_subject="model")
    lineup = claim("The 11-inch and 13-inch models start in June.", eleven, thirteen, article=3)
    loose = _with_frame(("5 hours", "number", {"value": 5, "unit": "hour"}), about="hour")
    small = claim("The 11-inch models start at $999, with 5 hours of battery life.", eleven, loose)
    pro = claim("The new laptop will feature 7 hours of battery life.",
                _with_frame(("7 hours", "number", {"value": 7, "unit": "hour"}), about="hour", verb="feature",
                            verb_subject="laptop"), article=2)
    assert verdict(small, pro).relation == "contradicts"  # nothing yet says the story has several models
    small, pro = (replace(c, derived={}) for c in (small, pro))
    attach_variants([lineup, small, pro])
    result = verdict(small, pro)
    assert result is None or result.relation != "contradicts"


def test_prices_of_one_named_variant_conflict_beside_prices_that_agree():
    from factcheck.judge import attach_variants

    def size(surface, value):
        return _with_frame((surface, "number", {"value": value, "unit": "inch"}), about="inch", owner="tablet",
                           verb="cost", verb_subject="tablet")

    def price(surface, value):
        return _with_frame((surface, "money", {"value": value, "unit": "USD"}), verb="cost", verb_subject="tablet")

    lineup = claim("The 12-inch and 14-inch tablets ship in May.", size("12-inch", 12), size("14-inch", 14), article=3)
    a = claim("The 12-inch tablet costs $499 and the 14-inch one costs $699.",
              size("12-inch", 12), price("$499", 499), size("14-inch", 14), price("$699", 699))
    b = claim("The 12-inch tablet costs $549 and the 14-inch one costs $699.",
              size("12-inch", 12), price("$549", 549), size("14-inch", 14), price("$699", 699), article=2)
    attach_variants([lineup, a, b])
    result = verdict(a, b)
    assert (result.relation, result.reason) == ("contradicts", "$499 vs $549")
