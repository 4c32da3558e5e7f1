from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from factcheck import claims as claims_module
from factcheck.claims import analyse, choose_workers, list_claims
from factcheck.cli.app import app
from factcheck.db import memory_db
from factcheck.errors import FactcheckError
from factcheck.ingest.store import content_hash
from factcheck.nlp import load
from factcheck.nlp.pieces import pieces
from tests.conftest import CORPUS

FIRST = (
    "Yevgeny Primakov said the agency operates in 71 countries. "
    "The agency was founded in 2008 by the government. "
    "Primakov denied that the center was engaged in espionage."
)
SECOND = "Evgeny Primakov confirmed the closure on Thursday. The BakuTV channel aired a report in January."


@pytest.fixture(scope="module")
def nlp():
    return load()


def add_article(db, article_id, text, published="2025-02-06"):
    db["articles"].insert(
        {"id": article_id, "text": text, "content_hash": content_hash(text), "source": f"{article_id}.txt",
         "source_name": f"{article_id}.txt", "published": published, "ingested_at": "2025-02-07"}
    )


@pytest.fixture
def analysed(fresh_db, nlp):
    add_article(fresh_db, 1, FIRST)
    add_article(fresh_db, 2, SECOND)
    counts = analyse(fresh_db, [1, 2], workers=1, nlp=nlp)
    return fresh_db, counts


def test_claims_and_their_parts_are_stored(analysed):
    db, counts = analysed
    assert counts["claims"] == db["claims"].count == 5
    for claim in db["claims"].rows:
        article = db["articles"].get(claim["article_id"])
        assert article["text"][claim["start"] : claim["end"]] == claim["text"]
    [countries] = db.query("select * from quantities where unit = 'country'")
    assert countries["value"] == 71
    [thursday] = db.query("select * from quantities where text = 'Thursday'")
    assert thursday["date"] == "2025-02-06"


def test_entities_resolve_across_articles(analysed):
    db, counts = analysed
    primakov = [row["entity_id"] for row in db.query("select distinct entity_id from claim_entities where text like '%Primakov%'")]
    assert len(primakov) == 1
    aliases = {row["alias"] for row in db["entity_aliases"].rows_where("entity_id = ?", primakov)}
    assert {"Yevgeny Primakov", "Evgeny Primakov", "Primakov"} <= aliases
    subjects = [row["subject_entity_id"] for row in db.query("select subject_entity_id from claims where subject like '%Primakov%'")]
    assert subjects and set(subjects) == set(primakov)
    assert counts["entities"] == 1


def test_ids_are_stable_across_runs(analysed, nlp):
    db, _ = analysed
    before = sorted(row["id"] for row in db["claims"].rows)
    analyse(db, [1, 2], workers=1, nlp=nlp)
    assert sorted(row["id"] for row in db["claims"].rows) == before
    assert db["quantities"].count == len(list(db.query("select distinct claim_id, start from quantities")))


def test_list_claims_filters(analysed):
    db, _ = analysed
    assert {claim["article_id"] for claim in list_claims(db, article=2)} == {2}
    [espionage] = list_claims(db, search="espionage")
    assert "espionage" in espionage["text"]
    assert {claim["article_id"] for claim in list_claims(db, entity="Evgeny Primakov")} == {1, 2}
    assert all(claim["checkworthiness"] >= 0.5 for claim in list_claims(db, checkable=True))
    assert list_claims(db, search='"quoted [text]') == []


def test_bad_input(fresh_db, nlp):
    with pytest.raises(FactcheckError, match="no such article: 9"):
        analyse(fresh_db, [9], nlp=nlp)
    with pytest.raises(FactcheckError):
        choose_workers(0, 100)
    assert choose_workers(None, 1_000) == 1
    assert analyse(fresh_db, [], nlp=nlp) == {"claims": 0, "attributed": 0, "entities": 0}


def test_cli_lists_claims(analysed, tmp_path):
    db, _ = analysed
    path = tmp_path / "claims.db"
    db.execute(f"vacuum into '{path}'")
    runner = CliRunner()
    result = runner.invoke(app, ["claims", "--db", str(path), "--article", "1", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [claim["article_id"] for claim in found] == [1] * 3
    # The columns of the claims export: figures as written and normalised, '; ' apart.
    assert found[0]["normalised"].endswith("country")
    table = runner.invoke(app, ["claims", "--db", str(path), "--search", "BakuTV"])
    assert table.exit_code == 0 and "BakuTV" in table.output and "1 claims" in table.output


def test_cli_escapes_markup(fresh_db, nlp, tmp_path):
    add_article(fresh_db, 1, "The [bold]agency[/bold] operates in 71 countries today.")
    analyse(fresh_db, [1], workers=1, nlp=nlp)
    path = tmp_path / "claims.db"
    fresh_db.execute(f"vacuum into '{path}'")
    result = CliRunner().invoke(app, ["claims", "--db", str(path)])
    assert result.exit_code == 0 and "[bold]" in result.output


def test_cli_shows_what_the_wording_says(fresh_db, nlp, tmp_path):
    add_article(fresh_db, 1, "The fire burned 40 houses so far, 12 km west of Carvell.")
    analyse(fresh_db, [1], workers=1, nlp=nlp)
    path = tmp_path / "claims.db"
    fresh_db.execute(f"vacuum into '{path}'")
    runner = CliRunner()
    (found,) = json.loads(runner.invoke(app, ["claims", "--db", str(path), "--json"]).output)
    assert (json.loads(found["directions"]), found["cumulative"], found["death_toll"]) == ({"carvell": "west"}, 1, 0)
    table = runner.invoke(app, ["claims", "--db", str(path)])
    # The claim prints "Carvell"; the wording column, the place as read (the cell may wrap).
    assert table.exit_code == 0 and "carvell;" in table.output and "running" in table.output


def test_end_to_end_on_the_corpus(file_db):
    from factcheck import run

    report = run(file_db, [str(CORPUS)], workers=1)
    assert report.stages["claims"]["claims"] == file_db["claims"].count > 100
    texts = [row["text"] for row in file_db["claims"].rows]
    assert any("operates in 80 countries" in text for text in texts)
    assert any(text.startswith("reports directly to the Russian president") for text in texts)
    units = {row["unit"] for row in file_db.query("select unit from quantities where kind = 'number'")}
    assert {"country", "office", "fatality", "school"} <= units
    [money] = file_db.query("select * from quantities where text = '$205,000'")
    assert money["equivalent_of"] is not None
    hajizade = {row["entity_id"] for row in file_db.query("select entity_id from claim_entities where text like '%Hajizade%'")}
    assert len(hajizade) == 1


@pytest.mark.parametrize("line", [
    "4 March 2021 Last updated at 09:12 GMT",
    "Posted: Tuesday, June 4, 2019 3:15 pm",
    "Published on Aug 21, 2018 11:40 AM",
    "First published on Monday 7 January 2019 10.05 GMT",
    "Originally published on 3 June 2019",
    "Last updated at 09:12 GMT",
    "Posted 2 years, 41 days ago",
    "By Sam Reed | Posted 4 June 2019 07:30 BST",
    "Reporting by Tom Hale; Editing by Sara Finch",
    "Written by Tom Hale",
    "Filed under Politics, Elections",
    "Follow our coverage of the election on the live blog.",
    "Click here for the latest on the storm",
    "Watch the video of the rescue above",
    "Sign up for our daily newsletter",
])
def test_page_furniture_is_not_a_claim(nlp, line):
    assert list(nlp(line).spans["claims"]) == []


@pytest.mark.parametrize("sentence", [
    "The minister updated parliament on 4 March 2021.",
    "By Monday, 40 people had been rescued from the flooded valley.",
    "Photos published on Tuesday show the flooded streets of the town.",
    "The report was published on 12 May 2020 by the ministry.",
    "Police posted a video of the arrest on 3 June.",
    "The company last updated its forecast in March.",
    "Obama won the election on November 6, 2012.",
])
def test_sentences_with_furniture_words_stay_claims(nlp, sentence):
    doc = nlp(sentence)
    assert [span.text for span in doc.spans["claims"]] == [sentence]


def test_a_dateline_dates_the_article_without_becoming_a_claim(fresh_db, nlp, tmp_path):
    from factcheck.ingest import ingest_sources

    dateline = "4 March 2021 Last updated at 09:12 GMT"
    sentences = ["A storm cut power to 20,000 homes in the valley on Wednesday night, the utility said.",
                 "Engineers expect to restore most connections by Friday."]
    lines = [dateline, "By Daniel Okafor, Reuters", sentences[0], "Follow our coverage of the storm on the live blog.",
             sentences[1]]
    page = tmp_path / "storm.txt"
    page.write_text("\n\n".join(lines) + "\n")
    [article] = ingest_sources(fresh_db, [str(page)]).new
    analyse(fresh_db, [article], nlp=nlp)
    stored = fresh_db["articles"].get(article)
    assert dateline in stored["text"]
    assert (stored["published"], stored["published_source"]) == ("2021-03-04", "dateline")
    assert [claim["text"] for claim in list_claims(fresh_db)] == sentences


def _long_article_text() -> str:
    """Paragraphs of reported figures, one of them a single paragraph far longer than the others."""
    towns = ["Arden", "Belmont", "Carrow", "Dunmore", "Elstow", "Fenwick"]
    paragraphs = [
        f"The mayor of {town} said the council approved {12 + number} new schools in March. "
        f"Officials in {town} expect {300 + number * 7} teachers to be hired by 2026."
        for number, town in enumerate(towns * 3)
    ]
    paragraphs.insert(5, " ".join(
        f"A report by the ministry found that {40 + number} clinics had closed since {2001 + number}."
        for number in range(12)
    ))
    return "\n\n".join(paragraphs) + "\n"


def _stored_offsets(db) -> dict[str, set]:
    return {
        "claims": {(row["start"], row["end"], row["sent_start"], row["sent_end"], row["subject_start"])
                   for row in db["claims"].rows},
        "quantities": {(row["start"], row["end"], row["value"]) for row in db["quantities"].rows},
        "entities": {(row["start"], row["end"], row["role"]) for row in db["claim_entities"].rows},
        "speakers": {(row["speaker_start"], row["speaker_end"]) for row in db["attributions"].rows},
    }


@pytest.mark.parametrize("bound", ["model", "memory"])
def test_a_text_over_the_model_limit_is_analysed_in_pieces(fresh_db, nlp, monkeypatch, bound):
    text = _long_article_text()
    whole = memory_db()
    add_article(whole, 1, text)
    analyse(whole, [1], workers=1, nlp=nlp)
    limit = 700
    assert len(text) > 4 * limit and max(len(part) for part in text.split("\n\n")) > limit
    # Whichever bound is lower cuts: the model's length limit, or the piece that fits in memory.
    if bound == "model":
        monkeypatch.setattr(nlp, "max_length", limit)
    else:
        monkeypatch.setattr(claims_module, "PIECE_CHARACTERS", limit)
    cut: list[tuple[int, str]] = []
    monkeypatch.setattr(claims_module, "pieces", lambda text, most: cut.extend(pieces(text, most)) or cut)
    add_article(fresh_db, 1, text)
    counts = analyse(fresh_db, [1], workers=1, nlp=nlp)
    assert not counts.failures
    assert [row["article_id"] for row in fresh_db["analysed_articles"].rows] == [1]
    for claim in fresh_db["claims"].rows:
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert claim["sent_start"] <= claim["start"] < claim["end"] <= claim["sent_end"]
    for table in ("quantities", "claim_entities"):
        for row in fresh_db.query(f"select t.start, t.end, t.text from {table} t"):
            assert text[row["start"]:row["end"]] == row["text"]
    for row in fresh_db.query("select speaker, speaker_start, speaker_end from attributions where speaker_start is not null"):
        assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker"]
    assert len(cut) > 4 and max(len(piece) for _, piece in cut) <= limit
    # Cut between paragraphs and sentences, the pieces give what the whole text gives.
    assert _stored_offsets(fresh_db) == _stored_offsets(whole)
    assert counts["claims"] == whole["claims"].count > 30
    assert [row["idx"] for row in fresh_db.query("select idx from claims order by start")] == list(range(counts["claims"]))
