"""`factcheck eval` on a hand-made gold file and hand-made database rows."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.db import open_db
from factcheck.errors import FactcheckError
from factcheck.eval import (
    b_cubed, evaluate, evaluate_many, fold, head_noun, locate, outlet_matches, plan_sets, speaker_matches,
)

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
            "text": text, "content_hash": f"{name} {text}", "ingested_at": datetime.now(timezone.utc).isoformat(),
        }
    ).last_pk


def _claim(db, claim_id: str, article_id: int, text: str, needle: str, kind: str, speaker=None, entity=None):
    start = text.index(needle)
    db["claims"].insert({"id": claim_id, "article_id": article_id, "start": start, "end": start + len(needle),
                         "text": needle})
    db["attributions"].insert({"claim_id": claim_id, "kind": kind, "speaker": speaker, "speaker_entity_id": entity})


def fill_scored(db, folder) -> Path:
    """Two articles with claims and matches, and the gold file GOLD in ``folder``."""
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
    gold = folder / "gold.yaml"
    gold.write_text(GOLD, encoding="utf-8")
    return gold


@pytest.fixture
def scored_db(file_db, tmp_path):
    return file_db, fill_scored(file_db, tmp_path)


def test_fold_maps_back_to_original_offsets():
    folded, offsets = fold("A  “Quote”\n\tB’s")
    assert folded == 'a "quote" b\'s'
    assert offsets[folded.index("b")] == 12


def test_locate_ignores_case_quote_style_and_white_space():
    text = "He said:  “We   Never spied” today."
    start, end = locate(text, '"we never spied"')
    assert text[start:end] == "“We   Never spied”"
    assert locate(text, "absent words") is None


def test_outlet_rules():
    # one outlet whatever the spelling: its domain, its case, a leading "The", a bracketed qualifier
    assert outlet_matches("Harbour Herald", "harbourherald.co.nz")
    assert outlet_matches("Harbour Herald", "www.harbour-herald.com")
    assert outlet_matches("Ridge Times (Canada)", "Ridge Times")
    assert outlet_matches("The Valley Post", "Valley Post")
    assert outlet_matches("Valley Pots", "Valley Post")
    # a page on a hosting domain is not the host's outlet
    assert not outlet_matches("Blogspot", "valleynotes.blogspot.nl")
    assert not outlet_matches("Vpt", "Valley Post Today")
    assert not outlet_matches("", "Valley Post")


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
    assert set(scores["pairs"]) == {
        "agree", "contradict", "contradiction_precision", "traps_violated", "contradictions_by_tier",
    }
    for tier in scores["pairs"]["contradictions_by_tier"].values():
        assert set(tier) == {"judged", "right", "precision"} and 0 <= tier["right"] <= tier["judged"]


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


STORY_GOLD = """
documents:
  "a": {file: a.txt, story: quake-1}
  "b": {file: b.txt, story: quake-1}
  "c": {file: c.txt, story: quake-2}
  "d": {file: d.txt, story: quake-2}
  "e": {file: e.txt, story: quake-2}
"""


def _story(db, article_ids: list[int]) -> int:
    story = db["stories"].insert({"label": "quake", "articles": len(article_ids)}).last_pk
    db["story_members"].insert_all(
        {"article_id": article, "story_id": story, "score": 1.0, "terms": "[]"} for article in article_ids
    )
    return story


def fill_stories(db, folder) -> Path:
    """Articles of two gold stories grouped imperfectly, and the gold file STORY_GOLD in ``folder``."""
    old_a = _article(db, "a.txt", "A quake struck.", None, None)
    a = _article(db, "a.txt", "A quake struck the coast.", None, None)
    db["articles"].update(a, {"revision_of": old_a})
    ids = {"a": a, **{name: _article(db, f"{name}.txt", f"Text {name}.", None, None) for name in "bcdz"}}
    # gold: {a, b} {c, d}; stored: {a, b, c, z} and d alone (no row); the old revision of a and the
    # article z outside the gold must not count, nor e, which was never ingested
    _story(db, [old_a])
    _story(db, [ids["a"], ids["b"], ids["c"], ids["z"]])
    for name, article in ids.items():
        db["claims"].insert({"id": name, "article_id": article, "start": 0, "end": 5, "text": "Text."})
    db["matches"].insert_all([
        {"claim_a": "a", "claim_b": "b", "relation": "contradicts", "tier": "auto"},
        {"claim_a": "a", "claim_b": "c", "relation": "contradicts", "tier": "auto"},
        {"claim_a": "b", "claim_b": "d", "relation": "contradicts", "tier": "suggest"},
        {"claim_a": "c", "claim_b": "d", "relation": "agrees", "tier": "auto"},
        {"claim_a": "a", "claim_b": "d", "relation": "agrees", "tier": "suggest"},
        {"claim_a": "a", "claim_b": "z", "relation": "contradicts", "tier": "auto"},
        {"claim_a": "b", "claim_b": "c", "relation": "related", "tier": "suggest"},
    ])
    gold = folder / "stories.yaml"
    gold.write_text(STORY_GOLD, encoding="utf-8")
    return gold


@pytest.fixture
def story_db(file_db, tmp_path):
    return file_db, fill_stories(file_db, tmp_path)


def test_b_cubed():
    gold = {1: "x", 2: "x", 3: "y", 4: "y"}
    assert b_cubed(gold, {1: 7, 2: 7, 3: 8, 4: 8}) == (1.0, 1.0, 1.0)
    # items left out of the prediction are clusters of their own
    assert b_cubed(gold, {}) == (1.0, 0.5, pytest.approx(2 / 3))
    precision, recall, _ = b_cubed(gold, {1: 7, 2: 7, 3: 7})
    assert precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert recall == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)
    assert b_cubed({}, {}) == (0.0, 0.0, 0.0)


def test_story_scores(story_db):
    db, gold = story_db
    assert evaluate(db, gold)["stories"] == {
        "documents": 4, "gold_stories": 2, "predicted_stories": 2,
        "b3_precision": 0.6667, "b3_recall": 0.75, "b3_f1": 0.7059,
        "cross_story_contradictions": 2, "contradictions": 3,
        "cross_story_agreements": 1, "agreements": 2,
        "cross_story_contradictions_auto": 1, "contradictions_auto": 2,
    }


def test_story_table_rows(story_db, db_path, capsys):
    _, gold = story_db
    assert main(["eval", str(gold), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "story B-cubed F1" in out and "0.71" in out and "2/3" in out



@pytest.fixture
def two_sets(tmp_path):
    """Gold files gold.yaml and stories.yaml, each scored on its own database in dbs/."""
    golds, dbs = tmp_path / "golds", tmp_path / "dbs"
    golds.mkdir()
    dbs.mkdir()
    gold = fill_scored(open_db(dbs / "gold.db"), golds)
    stories = fill_stories(open_db(dbs / "stories.db"), golds)
    return [gold, stories], dbs


def test_evaluate_many_scores_each_set_on_its_own_database(two_sets):
    golds, dbs = two_sets
    results = evaluate_many(plan_sets(golds, dbs))
    assert results["sets"]["gold"] == evaluate(open_db(dbs / "gold.db"), golds[0])
    assert results["sets"]["stories"]["stories"]["b3_f1"] == 0.7059
    # each rate is averaged over the sets that have it: here each over one set
    assert results["macro"]["speaker_accuracy"] == 0.8
    assert results["macro"]["contradiction_precision"] == 0.5
    assert results["macro"]["story_b3_f1"] == 0.7059
    assert results["totals"] == {
        "traps_violated": 1, "cross_story_contradictions_auto": 1,
        "cross_story_contradictions": 2, "cross_story_agreements": 1,
    }


def test_macro_is_the_plain_mean_of_the_sets(two_sets, tmp_path):
    golds, dbs = two_sets
    (tmp_path / "golds" / "again.yaml").write_text(GOLD, encoding="utf-8")
    db = open_db(dbs / "again.db")
    fill_scored(db, tmp_path)
    db.execute("delete from matches")
    db.conn.commit()
    macro = evaluate_many(plan_sets([golds[0], tmp_path / "golds" / "again.yaml"], dbs))["macro"]
    # precision 0.5 on one set, 1.0 (no stored contradictions) on the other
    assert macro["contradiction_precision"] == 0.75
    assert macro["story_b3_f1"] is None


def test_cli_several_sets_json(two_sets, capsys):
    golds, dbs = two_sets
    assert main(["eval", *map(str, golds), "--db-dir", str(dbs), "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert set(results) == {"sets", "macro", "totals"}
    assert set(results["sets"]) == {"gold", "stories"}
    assert results["macro"]["kind_accuracy"] == 0.6


def test_cli_several_sets_table(two_sets, capsys):
    golds, dbs = two_sets
    assert main(["eval", *map(str, golds), "--db-dir", str(dbs)]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if "│ stories" in line)
    assert "0.71" in row and " 2 " in row
    assert any("│ macro" in line and "0.80" in line for line in lines)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["{gold}", "{stories}"], "need --db-dir"),
        (["{gold}", "{tmp}/absent.yaml", "--db-dir", "{dbs}"], "absent.yaml: no such gold file"),
        (["{gold}", "{tmp}/bad.yaml", "--db-dir", "{dbs}"], "bad.yaml: not valid YAML at line 1"),
        (["{gold}", "{tmp}/bad.yaml", "--db-dir", "{tmp}/nowhere"], "bad.yaml: not valid YAML"),
        (["{gold}", "{stories}", "--db-dir", "{tmp}/nowhere"], "nowhere/gold.db: no such database"),
        (["{gold}", "--db-dir", "{dbs}", "--db", "{dbs}/gold.db"], "either --db"),
        (["{gold}", "--db-dir", "{dbs}", "--corpus", "gold", "--build"], "expected NAME=PATH"),
        (["{gold}", "--db-dir", "{dbs}", "--corpora", "{tmp}"], "add --build"),
        (["{gold}", "--db-dir", "{tmp}/nowhere", "--build"], "no corpus folder given"),
    ],
)
def test_several_sets_bad_input_is_one_clear_line(two_sets, tmp_path, capsys, arguments, message):
    golds, dbs = two_sets
    (tmp_path / "bad.yaml").write_text("documents: [unclosed", encoding="utf-8")
    values = {"gold": golds[0], "stories": golds[1], "dbs": dbs, "tmp": tmp_path}
    # A bad option value exits 2, as usage errors do; the rest 1.
    code = 2 if message == "expected NAME=PATH" else 1
    assert main(["eval", *(argument.format(**values) for argument in arguments)]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_build_ingests_the_corpus_of_a_missing_database(two_sets, tmp_path, monkeypatch, capsys):
    golds, _ = two_sets
    ingested = []

    def fake_run(db, sources, progress=False):
        ingested.append(sources)
        fill_stories(db, tmp_path)

    monkeypatch.setattr("factcheck.pipeline.run", fake_run)
    own = tmp_path / "own-corpus"
    own.mkdir()
    fresh = tmp_path / "fresh"
    # --corpus wins over --corpora, whose stories/ does not exist
    arguments = ["eval", str(golds[1]), "--db-dir", str(fresh), "--corpora", str(tmp_path / "corpora"),
                 "--corpus", f"stories={own}", "--build", "--json"]
    assert main(arguments) == 0
    assert ingested == [[str(own)]]
    assert sorted(path.name for path in fresh.iterdir()) == ["stories.db"]
    assert json.loads(capsys.readouterr().out)["sets"]["stories"]["stories"]["documents"] == 4
    # a database that exists is scored as it is
    assert main(arguments) == 0 and len(ingested) == 1
