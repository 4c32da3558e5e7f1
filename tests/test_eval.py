"""`factcheck eval` on a hand-made gold file and hand-made database rows."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from factcheck.cli import main
from factcheck.db import open_db
from factcheck.errors import FactcheckError
from factcheck.eval import evaluate, fold, head_noun, locate, speaker_matches

TEXT_A = "Report says the agency operates in 71 countries.\n“We never spied,”  Primakov said. It closed in 2025."
TEXT_B = "The agency operates in 80 countries, sources said. It was founded in 2008."

GOLD = """
documents:
  "a": {file: a.txt, outlet: Caliber.az, published: 2025-01-28}
  "b": {file: b.txt, outlet: null, published: 2025-02-06}
aliases:
  - [Yevgeny Primakov, Primakov]
  - [Report, Report news agency]
attributions:
  - {doc: "a", contains: "operates in 71", speaker: Report news agency, kind: indirect}
  - {doc: "a", contains: "we never spied", speaker: Yevgeny Primakov, kind: direct}
  - {doc: "a", contains: "It closed in 2025", speaker: null, kind: outlet}
  - {doc: "b", contains: "operates in 80", speaker: sources, kind: indirect}
  - {doc: "b", contains: "not in the text", speaker: null, kind: outlet}
groups:
  - id: countries
    members:
      - {doc: "a", contains: "operates in 71 countries", value: 71}
      - {doc: "b", contains: "operates in 80 countries", value: 80}
  - id: closed
    members:
      - {doc: "a", contains: "It closed in 2025"}
      - {doc: "b", contains: "founded in 2008"}
traps:
  - why: different years
    a: {doc: "a", contains: "It closed in 2025"}
    b: {doc: "b", contains: "founded in 2008"}
  - why: one sentence
    a: {doc: "b", contains: "founded in 2008"}
    b: {doc: "b", contains: "founded in 2008"}
"""


def _article(db, name: str, text: str, outlet: str | None, published: str | None) -> int:
    outlet_id = db["outlets"].insert({"name": outlet}).last_pk if outlet else None
    return db["articles"].insert(
        {
            "outlet_id": outlet_id, "published": published, "source": name, "source_name": name,
            "text": text, "content_hash": name, "ingested_at": datetime.now(timezone.utc).isoformat(),
        }
    ).last_pk


def _claim(db, claim_id: str, article_id: int, text: str, needle: str, kind: str, speaker=None, entity=None):
    start = text.index(needle)
    db["claims"].insert({"id": claim_id, "article_id": article_id, "start": start, "end": start + len(needle),
                         "text": needle})
    db["attributions"].insert({"claim_id": claim_id, "kind": kind, "speaker": speaker, "speaker_entity_id": entity})


@pytest.fixture
def scored_db(file_db, tmp_path):
    db = file_db
    a = _article(db, "a.txt", TEXT_A, "Caliber.Az", "2025-01-28")
    b = _article(db, "b.txt", TEXT_B, None, "2025-02-07")
    primakov = db["entities"].insert({"name": "Yevgeny Primakov", "label": "PERSON"}).last_pk
    db["entity_aliases"].insert({"entity_id": primakov, "alias": "Yevgeny Primakov"})
    _claim(db, "a1", a, TEXT_A, "Report says the agency operates in 71 countries.", "indirect", "Report")
    # speaker text that matches nothing, but its resolved entity is the gold speaker
    _claim(db, "a2", a, TEXT_A, "“We never spied,”  Primakov said.", "indirect", "the head", primakov)
    _claim(db, "a3", a, TEXT_A, "It closed in 2025.", "outlet")
    _claim(db, "b1", b, TEXT_B, "The agency operates in 80 countries, sources said.", "indirect",
           "sources familiar with the matter")
    _claim(db, "b2", b, TEXT_B, "It was founded in 2008.", "indirect", "someone")
    db["matches"].insert_all([
        {"claim_a": "a1", "claim_b": "b1", "relation": "contradicts"},
        {"claim_a": "a3", "claim_b": "b2", "relation": "contradicts"},
    ])
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD, encoding="utf-8")
    return db, gold


def test_fold_maps_back_to_original_offsets():
    folded, offsets = fold("A  “Quote”\n\tB’s")
    assert folded == 'a "quote" b\'s'
    assert offsets[folded.index("b")] == 12


def test_locate_ignores_case_quote_style_and_white_space():
    text = "He said:  “We   Never spied” today."
    start, end = locate(text, '"we never spied"')
    assert text[start:end] == "“We   Never spied”"
    assert locate(text, "absent words") is None


def test_speaker_rules():
    aliases = [["Yevgeny Primakov", "Primakov"]]
    assert speaker_matches("Evgeny Primakov", "Yevgeny Primakov", aliases)
    assert speaker_matches("Rossotrudnichestvo head Primakov", "Yevgeny Primakov", aliases)
    assert not speaker_matches("Ilham Aliyev", "Yevgeny Primakov", aliases)
    assert speaker_matches("one source", "sources", aliases)
    assert speaker_matches("sources familiar with the situation", "sources", aliases)
    assert not speaker_matches("resources minister", "sources", aliases)
    assert speaker_matches(None, None, aliases)
    assert not speaker_matches("Reuters", None, aliases)
    assert speaker_matches("the head", "Yevgeny Primakov", aliases, entity_aliases=["Yevgeny Primakov"])
    assert head_noun("sources familiar with the matter") == "sources"


def test_attribution_scores(scored_db):
    db, gold = scored_db
    attribution = evaluate(db, gold)["attribution"]
    # found: all but the item whose text is missing; speakers: Report (alias), Primakov (entity),
    # null (outlet), sources (head noun); kinds: a2 says indirect where gold says direct
    misses = attribution.pop("misses")
    assert [(m["gold_kind"], [c["kind"] for c in m["stored"]]) for m in misses] == [
        ("direct", ["indirect"]), (misses[1]["gold_kind"], []),
    ]
    assert attribution == {
        "total": 5, "found": 4, "speaker_correct": 4, "kind_correct": 3,
        "speaker_accuracy": 0.8, "kind_accuracy": 0.6,
    }


def test_pair_scores(scored_db):
    db, gold = scored_db
    pairs = evaluate(db, gold)["pairs"]
    assert pairs["contradict"] == {"total": 1, "found": 1, "recall": 1.0}
    assert pairs["agree"] == {"total": 1, "found": 0, "recall": 0.0}
    # of the two stored contradictions between gold items, one is expected
    assert pairs["contradiction_precision"] == 0.5
    assert pairs["traps_violated"] == 1


def test_same_sentence_trap(scored_db):
    db, gold = scored_db
    db["claims"].insert({"id": "b3", "article_id": 2, "start": 50, "end": 60, "text": "founded in"})
    db["matches"].insert({"claim_a": "b2", "claim_b": "b3", "relation": "contradicts"})
    assert evaluate(db, gold)["pairs"]["traps_violated"] == 2


def test_document_scores_and_totals(scored_db):
    db, gold = scored_db
    scores = evaluate(db, gold)
    assert scores["documents"] == {
        "outlet": {"total": 1, "correct": 1},
        "published": {"total": 2, "correct": 1},
        "contains": {"total": 13, "found": 12},
    }
    assert scores["claims_total"] == 5
    assert scores["contradictions_total"] == 2


def test_no_stored_matches_scores_zero_with_every_key(scored_db):
    db, gold = scored_db
    db.execute("delete from matches")
    pairs = evaluate(db, gold)["pairs"]
    assert pairs["contradict"]["found"] == 0 and pairs["agree"]["found"] == 0
    assert pairs["contradiction_precision"] == 1.0 and pairs["traps_violated"] == 0


def test_cli_json(scored_db, db_path, capsys):
    _, gold = scored_db
    assert main(["eval", str(gold), "--db", str(db_path), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) == {"attribution", "pairs", "documents", "claims_total", "contradictions_total"}
    assert set(scores["pairs"]) == {"agree", "contradict", "contradiction_precision", "traps_violated"}


def test_cli_table(scored_db, db_path, capsys):
    _, gold = scored_db
    assert main(["eval", str(gold), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "attribution speaker" in out and "4/5" in out and "0.80" in out


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such gold file"),
        ("documents: [unclosed", "not valid YAML at line 1"),
        ("- just\n- a list\n", "not a gold file"),
        ('documents:\n  "x": {file: x.txt}\nattributions:\n  - {doc: "y", contains: "z"}\n', "no known document"),
    ],
)
def test_bad_gold_file_is_one_clear_line(tmp_path, db_path, capsys, content, message):
    gold = tmp_path / "gold.yaml"
    if content is not None:
        gold.write_text(content, encoding="utf-8")
    open_db(db_path)
    assert main(["eval", str(gold), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_database_without_the_articles(scored_db, tmp_path, capsys):
    _, gold = scored_db
    empty = tmp_path / "empty.db"
    open_db(empty)
    assert main(["eval", str(gold), "--db", str(empty)]) == 1
    assert "holds none of the articles" in capsys.readouterr().err
    with pytest.raises(FactcheckError, match="no such database"):
        evaluate(open_db(tmp_path / "missing.db", create=False), gold)
