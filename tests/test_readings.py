"""What the claims stage reads in a claim's wording, stored once and read back by the judge."""

from __future__ import annotations

import pytest
import sqlite_utils

from factcheck.claims import article_records, describe_readings, store_records
from factcheck.judge import judge
from factcheck.match import score_pair
from factcheck.migrations import MIGRATIONS, m012_wording_readings, migrate
from factcheck.nlp.quantities.component import claim_measures
from factcheck.nlp.readings import ClaimReadings, claim_readings, figure_readings, measure_quantities
from factcheck.pairs import MatchConfig, load_claims
from tests.test_match import add_article
from tests.test_nlp import claims_of, nlp  # noqa: F401  (nlp is a fixture)


def figure(nlp, text: str, surface: str):
    """The stored-to-be quantity of ``text`` whose words are ``surface``."""
    (claim,) = claims_of(nlp, text)
    return next(quantity for quantity in claim._.quantities if quantity.text == surface)


def test_a_direction_from_a_named_place_is_read_once_per_claim():
    read = claim_readings("The fire broke out 12 km south-west of the town of Carvell.")
    assert read.directions == {"carvell": "southwest"}
    assert claim_readings("The fire broke out near Carvell.").directions == {}


@pytest.mark.parametrize("text, position", [
    ("The tremor struck offshore early on Sunday.", "offshore"),
    ("The tremor struck off the coast of Marrel.", "offshore"),
    ("The tremor struck inland, near the hills.", "inland"),
    ("The tremor was felt inland and offshore.", None),
])
def test_a_position_inland_or_offshore(text, position):
    assert claim_readings(text).position == position


def test_a_superior_in_a_chain_of_command():
    assert claim_readings("The brigade reports directly to the Defence Ministry, the statement said.").superior == "Defence Ministry"
    assert claim_readings("The brigade met the Defence Ministry.").superior is None


def test_clock_times_keep_their_zone_and_instant():
    read = claim_readings("The alarm sounded at 7:15 p.m. GMT and again at 0930 local time.")
    assert read.clock_times == ((1155, "gmt", "7:15 GMT"), (570, "local time", "09:30 local time"))


@pytest.mark.parametrize("text, cumulative", [
    ("Rescuers have recovered 14 bodies so far.", True),
    ("Rescuers recovered 14 bodies in all.", True),
    ("Rescuers recovered 14 bodies on Friday.", False),
])
def test_a_running_total(text, cumulative):
    assert claim_readings(text).cumulative is cumulative


def test_a_death_toll_is_read_wherever_it_stands():
    assert claim_readings("The Death toll from the storm reached 40.").death_toll
    assert not claim_readings("The storm killed 40 people.").death_toll


def test_readings_survive_their_columns():
    read = claim_readings("At 07:15 GMT the blast 4 km north of Carvell went off so far inland.")
    assert ClaimReadings.from_row(read.columns()) == read
    assert ClaimReadings.from_row(dict.fromkeys(read.columns())) is None


def test_a_figures_next_word_governing_word_and_context(nlp):
    frame = figure(nlp, "The climbers waited for about 15 seconds before the wall gave way.", "about 15 seconds").frame
    assert (frame.after, frame.lead) == ("before", "for")
    assert frame.context.split() == ["climbers", "waited", "wall", "gave", "way"]


def test_a_rate_keeps_what_it_is_counted_per(nlp):
    assert figure(nlp, "The offer is worth $22 million per season to the player.", "$22 million").frame.rate == "season"
    assert figure(nlp, "The guards earn $15 an hour at the plant.", "$15").frame.rate == "hour"
    assert figure(nlp, "Three people died a year ago in the blast.", "Three").frame.rate is None
    assert figure(nlp, "Turnout was 60 per cent in the city.", "60 per cent").frame.rate is None


def test_a_count_keeps_the_place_it_covers(nlp):
    assert figure(nlp, "Floods destroyed 300 houses in 13 provinces.", "300").frame.scope == "provinces"
    assert figure(nlp, "Floods destroyed 300 houses last week.", "300").frame.scope is None
    # A scope that starts near the figure keeps its whole word, however far it runs.
    far = "Officials said 22 houses were badly damaged in the district."
    assert figure(nlp, far, "22").frame.scope == "district"


def test_a_measure_written_into_a_figure(nlp):
    assert figure(nlp, "A 6.1-magnitude tremor hit the coast.", "6.1-magnitude").frame.measure == "magnitude"


def test_a_date_followed_by_a_clock_time():
    text = "The ship sank on Tuesday 07:15 GMT, the coastguard said."
    start = text.index("Tuesday")
    assert figure_readings(text, start, start + len("Tuesday"))["clock"]
    later = text.index("coastguard")
    assert not figure_readings(text, later, later + len("coastguard"))["clock"]


def test_measures_the_recogniser_left_out_become_figures_in_the_stored_units(nlp):
    (claim,) = claims_of(nlp, "The guide ran two miles in one minute.")
    measures = claim_measures(claim, [])
    assert [(q.text, q.unit) for q in measures] == [("two miles", "kilometre"), ("one minute", "second")]
    assert [round(q.value, 3) for q in measures] == [3.219, 60.0]
    assert all(claim.doc.text[q.start:q.end] == q.text for q in measures)
    taken = measure_quantities(claim.text, [(claim.text.index("two"), claim.text.index("miles") + 5)])
    assert [q.text for q in taken] == ["one minute"]


def store(nlp, db, name: str, text: str, published: str = "2025-03-04") -> int:
    article = add_article(db, name, name.split(".")[0], published)
    row = {"id": article, "content_hash": name, "text": text}
    doc = nlp.make_doc(text)
    doc._.published = published
    store_records(db, article, article_records(row, [(0, nlp(doc))]))
    return article


def test_stored_readings_are_what_the_judge_reads(nlp, fresh_db):
    store(nlp, fresh_db, "a.txt", "The blast hit 12 km south of Carvell on Monday, police said.")
    store(nlp, fresh_db, "b.txt", "The blast hit 12 km north of Carvell on Monday, police said.")
    first, second = sorted(load_claims(fresh_db), key=lambda claim: claim.article_id)
    assert first.readings.directions == {"carvell": "south"}
    assert first.quantities[0].frame.lead == "hit"
    config = MatchConfig()
    result = judge(first, second, score_pair(first, second, config), config)
    assert (result.relation, result.reason_code) == ("contradicts", "direction-mismatch")
    listed = fresh_db.execute("select directions, cumulative from claims order by article_id").fetchall()
    assert listed == [('{"carvell": "south"}', 0), ('{"carvell": "north"}', 0)]


def test_an_old_database_migrates_with_its_claims_read_from_their_stored_text(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrate(old, upto=MIGRATIONS.index(m012_wording_readings))
    for article, direction in ((1, "south"), (2, "north")):
        text = f"The blast hit 12 km {direction} of Carvell on Monday."
        old.execute("insert into articles (id, text, content_hash, source, published, ingested_at)"
                    " values (?, ?, ?, 'x.txt', '2025-03-04', '2025-03-04T00:00:00+00:00')", [article, text, str(article)])
        old.execute("insert into claims (id, article_id, idx, start, end, text, content) values (?, ?, 0, 0, ?, ?, ?)",
                    [f"c{article}", article, len(text), text, text])
        old.execute("insert into quantities (claim_id, start, end, text, kind, value, unit, about, verb)"
                    " values (?, 14, 19, '12 km', 'number', 12, 'kilometre', 'km', 'hit')", [f"c{article}"])
        old.execute("insert into analysed_articles (article_id, analysed_at) values (?, '2025-03-04')", [article])
    old.conn.commit()

    assert migrate(old) == len(MIGRATIONS)
    assert {"directions", "cumulative", "death_toll"} <= set(old["claims"].columns_dict)
    assert {"after", "lead", "context", "scope", "clock", "measure", "rate"} <= set(old["quantities"].columns_dict)
    first, second = sorted(load_claims(old), key=lambda claim: claim.article_id)
    assert first.text == "The blast hit 12 km south of Carvell on Monday."
    assert first.readings.directions == {"carvell": "south"}
    assert (first.quantities[0].frame.about, first.quantities[0].frame.lead) == ("km", "hit")
    assert "south of carvell" in describe_readings(dict(old["claims"].get("c1")))
    # Read on the way up, the old claims oppose as newly analysed ones do.
    config = MatchConfig()
    result = judge(first, second, score_pair(first, second, config), config)
    assert (result.relation, result.reason_code) == ("contradicts", "direction-mismatch")
