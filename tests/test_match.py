"""Matching on hand-made claim rows: blocking, scores, storage, re-runs, listing, CLI."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from factcheck import match, stats, verdicts
from factcheck.claims import frame_columns
from factcheck.cli import main
from factcheck.db import open_db
from factcheck.cli.app import app
from factcheck.errors import BadOption, FactcheckError
from factcheck.match import (
    best_agreements,
    candidate_pairs,
    group_contradictions,
    list_matches,
    match_new,
    score_pair,
    word_rarity,
)
from factcheck.pairs import (
    SEMANTIC_SETTINGS,
    ClaimView,
    MatchConfig,
    content_words,
    load_claims,
    load_config,
    mask_numbers,
    pair_id,
)
from factcheck.nlp.readings import claim_readings, figure_readings
from factcheck.nlp.records import Frame


def add_article(db, name: str, outlet: str, published: str | None = None) -> int:
    outlet_id = db["outlets"].lookup({"name": outlet})
    return db["articles"].insert(
        {
            "outlet_id": outlet_id, "published": published, "source": name, "source_name": name,
            "text": name, "content_hash": hashlib.sha256(name.encode()).hexdigest(),
            "ingested_at": "2025-01-01T00:00:00",
        }
    ).last_pk


def add_claim(db, article_id: int, text: str, *, quantities=(), entities=(), attribution=None, **fields) -> str:
    """Store one claim as the claims stage would; quantities are (text, kind, fields) found in ``text``."""
    claim_id = hashlib.sha256(f"{article_id}:{text}".encode()).hexdigest()[:16]
    db["claims"].insert(
        {"id": claim_id, "article_id": article_id, "start": 0, "end": len(text), "text": text,
         "content": fields.pop("content", text), **claim_readings(text).columns(), **fields}
    )
    for surface, kind, values in quantities:
        start = text.index(surface)
        readings = frame_columns(Frame(**figure_readings(text, start, start + len(surface))))
        db["quantities"].insert(
            {"claim_id": claim_id, "start": start, "end": start + len(surface), "text": surface,
             "kind": kind, **readings, **values}
        )
    for name in entities:
        entity_id = db["entities"].lookup({"name": name})
        start = text.index(name)
        db["claim_entities"].insert(
            {"claim_id": claim_id, "entity_id": entity_id, "start": start, "end": start + len(name), "text": name}
        )
    if attribution:
        db["attributions"].insert({"claim_id": claim_id, **attribution})
    return claim_id


@pytest.fixture
def countries_db(fresh_db):
    return add_countries(fresh_db)


def add_countries(db):
    first = add_article(db, "a.txt", "Caliber.az", "2025-01-28")
    second = add_article(db, "b.txt", "Eurasianet", "2025-02-06")
    add_claim(db, first, "Rossotrudnichestvo operates in 71 countries with 87 foreign offices.",
              quantities=[("71", "number", {"value": 71, "unit": "country"}),
                          ("87", "number", {"value": 87, "unit": "office"})],
              entities=["Rossotrudnichestvo"])
    add_claim(db, second, "Rossotrudnichestvo operates in 80 countries.",
              quantities=[("80", "number", {"value": 80, "unit": "country"})],
              entities=["Rossotrudnichestvo"])
    add_claim(db, first, "Rossotrudnichestvo operates in 80 countries, a rival claims.",
              quantities=[("80", "number", {"value": 80, "unit": "country"})])
    add_claim(db, second, "The weather in Baku was mild on Tuesday.")
    return db


def test_mask_numbers_hides_digits_and_number_words():
    assert mask_numbers("71 countries, 1,500 houses and six miles") == "# countries, # houses and # miles"


def test_content_words_drop_stop_words_and_share_stems():
    assert content_words("The agency operates in countries") == ["agency", "operat", "country"]
    assert content_words("a country")[0] == content_words("the countries")[0]


def test_candidates_only_pair_claims_of_different_articles():
    claims = [
        ClaimView(id="a", article_id=1, text="Baku closed the Russian House"),
        ClaimView(id="b", article_id=1, text="Baku closed the Russian House in January"),
        ClaimView(id="c", article_id=2, text="Baku has closed the Russian House"),
    ]
    pairs = {(x.id, y.id) for x, y in candidate_pairs(claims, MatchConfig())}
    assert pairs == {("a", "c"), ("b", "c")}


def test_figures_of_one_event_pair_claims_that_share_no_word():
    from factcheck.nlp.records import Frame, Quantity

    def fell(text: str, article: int) -> ClaimView:
        figure = next(word for word in text.split() if word[0].isdigit())
        start = text.index(figure)
        quantity = Quantity(start, start + len(figure), figure, "number", value=float(figure), unit="metre",
                            frame=Frame(about="metre", verb="fall"))
        return ClaimView(id=str(article), article_id=article, text=text, quantities=[quantity])

    claims = [fell("Climber tumbled 150 m", 1), fell("Mountaineer plunged 400 metres", 2)]
    assert [(x.id, y.id) for x, y in candidate_pairs(claims, MatchConfig())] == [("1", "2")]


def test_scores_of_one_role_pair_claims_that_share_no_word():
    from factcheck.nlp.records import Quantity

    def record(text: str, figure: str, article: int) -> ClaimView:
        start = text.index(figure)
        low, high = map(float, figure.split("-"))
        quantity = Quantity(start, start + len(figure), figure, "score", low=low, high=high, unit="record")
        return ClaimView(id=str(article), article_id=article, text=text, quantities=[quantity])

    claims = [record("Quickly led Denver (8-4) downfield", "8-4", 1), record("That gives them a 7-4 season", "7-4", 2)]
    assert [(x.id, y.id) for x, y in candidate_pairs(claims, MatchConfig())] == [("1", "2")]


def test_candidates_skip_keys_shared_by_too_many_claims():
    claims = [ClaimView(id=str(i), article_id=i, text=f"Officials spoke about topic{i}") for i in range(30)]
    assert list(candidate_pairs(claims, MatchConfig(max_block_size=10))) == []
    assert len(list(candidate_pairs(claims, MatchConfig(max_block_size=100)))) > 0


def test_two_common_keys_together_still_block():
    filler = [ClaimView(id=f"s{i}", article_id=100 + i, text=f"Sanctions hit trade{i}.") for i in range(12)]
    filler += [ClaimView(id=f"a{i}", article_id=200 + i, text=f"The agency opened office{i}.") for i in range(12)]
    both = [ClaimView(id="x", article_id=1, text="The agency faces sanctions."),
            ClaimView(id="y", article_id=2, text="Sanctions against the agency.")]
    pairs = {frozenset((a.id, b.id)) for a, b in candidate_pairs(filler + both, MatchConfig(max_block_size=10))}
    assert pairs == {frozenset(("x", "y"))}


def test_candidates_with_new_claims_only_pair_new_ones():
    claims = [
        ClaimView(id="old1", article_id=1, text="Baku closed the Russian House"),
        ClaimView(id="old2", article_id=2, text="Baku closed the Russian House today"),
        ClaimView(id="new", article_id=3, text="Baku closed the Russian House yesterday"),
    ]
    pairs = {frozenset((x.id, y.id)) for x, y in candidate_pairs(claims, MatchConfig(), new={"new"})}
    assert pairs == {frozenset(("new", "old1")), frozenset(("new", "old2"))}


def test_a_new_claim_of_a_large_story_costs_at_most_its_best_candidates():
    # Forty earlier reports of one fact: the new one is scored against its best few, not all.
    claims = [ClaimView(id=f"old{i}", article_id=i, story_id=1, text="Baku closed the Russian House in January")
              for i in range(40)]
    claims.append(ClaimView(id="new", article_id=99, story_id=1, text="Baku closed the Russian House in January"))
    pairs = list(candidate_pairs(claims, MatchConfig(max_candidates=5), new={"new"}))
    assert len(pairs) == 5 and all("new" in (x.id, y.id) for x, y in pairs)


def test_new_claims_pair_within_their_story_and_other_stories_stay_out():
    def claim(id: str, article: int, story: int, place: str) -> ClaimView:
        return ClaimView(id=id, article_id=article, story_id=story, text=f"{place} closed the Russian House")

    claims = [claim("old1", 1, 1, "Baku"), claim("old2", 2, 2, "Yerevan"), claim("old3", 3, 2, "Yerevan"),
              claim("new", 4, 1, "Baku")]
    pairs = {frozenset((x.id, y.id)) for x, y in candidate_pairs(claims, MatchConfig(), new={"new"})}
    assert pairs == {frozenset(("new", "old1"))}
    # Story 2's old claims pair with each other when they are new, and across stories when asked.
    assert frozenset(("old2", "old3")) in {frozenset((x.id, y.id)) for x, y in candidate_pairs(claims, MatchConfig())}
    across = candidate_pairs(claims, MatchConfig(cross_story=True), new={"new"})
    assert frozenset(("new", "old2")) in {frozenset((x.id, y.id)) for x, y in across}


def test_match_new_stores_the_contradiction_with_its_reason(countries_db):
    counts = match_new(countries_db)
    assert counts["contradictions"] == 1
    rows = list_matches(countries_db, "contradicts")
    assert [row["reason"] for row in rows] == ["71 vs 80 countries"]
    assert rows[0]["reason_code"] == "number-mismatch"
    assert rows[0]["text_a"].startswith("Rossotrudnichestvo operates in 71")


def test_rerun_adds_only_what_is_new(countries_db):
    match_new(countries_db)
    assert match_new(countries_db) == {"agreements": 0, "contradictions": 0, "suggestions": 0, "clusters": 0}
    third = add_article(countries_db, "c.txt", "Report", "2025-02-07")
    add_claim(countries_db, third, "Rossotrudnichestvo operates in 80 countries today.",
              quantities=[("80", "number", {"value": 80, "unit": "country"})])
    before = countries_db["matches"].count
    counts = match_new(countries_db)
    assert counts["agreements"] >= 1 and counts["contradictions"] >= 1
    assert countries_db["matches"].count == before + counts["agreements"] + counts["contradictions"] + sum(
        1 for row in list_matches(countries_db, "related") if row["claim_a"] in _new_claims(countries_db, third)
        or row["claim_b"] in _new_claims(countries_db, third)
    )


def _new_claims(db, article_id):
    return {row["id"] for row in db["claims"].rows_where("article_id = ?", [article_id])}


def test_rebuild_matches_again(countries_db):
    match_new(countries_db)
    first = countries_db["matches"].count
    match_new(countries_db, rebuild=True)
    assert countries_db["matches"].count == first


def test_list_matches_filters_by_entity_outlet_and_score(countries_db):
    match_new(countries_db)
    assert list_matches(countries_db, "contradicts", entity="rossotrud")
    assert not list_matches(countries_db, "contradicts", entity="Primakov")
    assert list_matches(countries_db, "contradicts", outlet="Eurasia")
    assert not list_matches(countries_db, "contradicts", outlet="Reuters")
    assert not list_matches(countries_db, "contradicts", min_score=0.99)


def test_load_claims_reads_quantities_relative_to_the_claim(countries_db):
    claims = {claim.text: claim for claim in load_claims(countries_db)}
    claim = claims["Rossotrudnichestvo operates in 80 countries."]
    assert claim.quantities[0].start == claim.text.index("80")
    assert claim.outlet == "Eurasianet" and claim.entity_ids


def test_load_config_reads_toml_and_rejects_unknown_keys(tmp_path):
    path = tmp_path / "match.toml"
    path.write_text("[match]\nauto_threshold = 0.9\nmax_candidates = 5\n")
    config = load_config(path, suggest_threshold=0.5)
    assert (config.auto_threshold, config.max_candidates, config.suggest_threshold) == (0.9, 5, 0.5)
    path.write_text("[match]\nauto_treshold = 0.9\n")
    with pytest.raises(FactcheckError, match="auto_treshold"):
        load_config(path)


def test_load_config_refuses_thresholds_out_of_range_or_out_of_order_naming_where_they_came_from(tmp_path):
    path = tmp_path / "match.toml"
    in_file = re.escape(f"{path}: ")
    path.write_text("[match]\nsuggest_threshold = 1.5\n")
    with pytest.raises(BadOption, match=f"^{in_file}suggest_threshold 1.5 is not between 0 and 1$"):
        load_config(path)
    path.write_text("[match]\nsuggest_threshold = 0.7\n")
    with pytest.raises(BadOption, match=f"^{in_file}auto_threshold 0.6 is below suggest_threshold 0.7$"):
        load_config(path)
    with pytest.raises(BadOption, match=f"^{in_file}--auto-threshold 0.65 is below suggest_threshold 0.7$"):
        load_config(path, auto_threshold=0.65)
    # Both from the command line: the file is not to blame.
    with pytest.raises(BadOption, match="^--auto-threshold 0.2 is below --suggest-threshold 0.5$"):
        load_config(path, auto_threshold=0.2, suggest_threshold=0.5)
    assert load_config(path, suggest_threshold=0.6).suggest_threshold == 0.6


def test_contradictions_command_prints_the_reason(countries_db, tmp_path):
    path = tmp_path / "x.db"
    countries_db.conn.commit()
    countries_db.conn.execute(f"VACUUM INTO '{path}'")
    result = CliRunner().invoke(app, ["match", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 contradictions" in result.output
    result = CliRunner().invoke(app, ["contradictions", "--db", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "1 contradiction (" in result.output and "Caliber.az" in result.output
    result = CliRunner().invoke(app, ["contradictions", "--db", str(path), "--json", "--outlet", "Caliber"])
    assert '"reason": "71 vs 80 countries"' in result.output
    result = CliRunner().invoke(app, ["agreements", "--db", str(path), "--json"])
    assert result.exit_code == 0 and result.output.strip().startswith("[")


def test_listing_a_missing_database_is_one_clean_line(tmp_path, capsys):
    assert main(["contradictions", "--db", str(tmp_path / "none.db")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such database" in err


def _third_seventy_one(db) -> str:
    third = add_article(db, "c.txt", "Report", "2025-02-10")
    return add_claim(db, third, "Rossotrudnichestvo operates in 71 countries.",
                     quantities=[("71", "number", {"value": 71, "unit": "country"})],
                     entities=["Rossotrudnichestvo"])


def test_match_ids_come_from_the_claim_pair_and_survive_a_rebuild(countries_db):
    match_new(countries_db)
    before = {(row["claim_a"], row["claim_b"]): row["id"] for row in countries_db["matches"].rows}
    assert all(match_id == pair_id(a, b) == pair_id(b, a) for (a, b), match_id in before.items())
    match_new(countries_db, rebuild=True)
    assert {(row["claim_a"], row["claim_b"]): row["id"] for row in countries_db["matches"].rows} == before


def test_a_verdict_on_a_match_stays_attached_after_a_rebuild(countries_db):
    match_new(countries_db)
    [row] = list_matches(countries_db, "contradicts")
    verdicts.record_verdict(countries_db, "match", row["id"], "false", editor="ana")
    match_new(countries_db, rebuild=True)
    assert verdicts.resolve_target(countries_db, f"match:{row['id']}") == ("match", str(row["id"]))
    [current] = verdicts.current_verdicts(countries_db, "match")
    assert countries_db["matches"].get(int(current["target_id"]))["reason"] == "71 vs 80 countries"


def stored_ids(connection) -> tuple[set, set]:
    """The match and cluster ids a connection sees."""
    return ({row[0] for row in connection.execute("SELECT id FROM matches")},
            {row[0] for row in connection.execute("SELECT id FROM clusters")})


READ_IDS = ("import json, sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " print(json.dumps([sorted(r[0] for r in c.execute(f'SELECT id FROM {t}')) for t in ('matches', 'clusters')]))")


def ids_from_another_process(path) -> tuple[set, set]:
    out = subprocess.run([sys.executable, "-c", READ_IDS, str(path)], capture_output=True, text=True, check=True)
    matches, cluster_ids = json.loads(out.stdout)
    return set(matches), set(cluster_ids)


def test_a_rebuild_swaps_matches_at_once_and_keeps_their_ids_and_verdicts(tmp_path, monkeypatch):
    path = tmp_path / "claims.db"
    db = add_countries(open_db(path))
    match_new(db)
    before = stored_ids(db)
    assert before[0] and before[1]
    [contradiction] = list_matches(db, "contradicts")
    verdicts.record_verdict(db, "match", contradiction["id"], "false", editor="ana")
    reader = sqlite3.connect(path)
    seen = {}

    def store_later(*args, **kwargs):
        # Everything is computed: the old matches are still there, and a reviewer can rate one.
        seen["computed"] = stored_ids(reader)
        reviewer = open_db(path)
        verdicts.record_verdict(reviewer, "match", contradiction["id"], "misleading", editor="bo")
        reviewer.close()
        return real_store(*args, **kwargs)

    def cluster_mid_swap(*args, **kwargs):
        # Old rows are deleted and new ones inserted, uncommitted: other readers still see the old.
        seen["swapping"] = stored_ids(reader)
        seen["other process"] = ids_from_another_process(path)
        return real_clusters(*args, **kwargs)

    real_store, real_clusters = match.store_matches, match.build_clusters
    monkeypatch.setattr(match, "store_matches", store_later)
    monkeypatch.setattr(match, "build_clusters", cluster_mid_swap)
    match_new(db, rebuild=True)
    assert seen == {"computed": before, "swapping": before, "other process": before}
    assert stored_ids(reader) == before
    [current] = verdicts.current_verdicts(db, "match")
    assert (current["target_id"], current["rating"]) == (str(contradiction["id"]), "misleading")
    assert db["matches"].get(contradiction["id"])["reason"] == "71 vs 80 countries"


def _reject(db, row) -> int:
    return verdicts.record_event(
        db, "match", row["id"], "not-contradiction", value=json.dumps([row["claim_a"], row["claim_b"]]), editor="ana"
    )


def test_a_rejected_contradiction_is_never_listed_or_stored_again(countries_db):
    match_new(countries_db)
    [row] = list_matches(countries_db, "contradicts")
    event = _reject(countries_db, row)
    assert list_matches(countries_db, "contradicts") == []
    for rebuild in (False, True):
        match_new(countries_db, rebuild=rebuild)
        stored = countries_db["matches"].get(row["id"])
        assert stored["relation"] == "related" and json.loads(stored["detail"])["rejected"] is True
        assert stats.agreement(countries_db)["total"]["rejected"] == 1
    verdicts.record_event(countries_db, "match", row["id"], "undo", value=f"event:{event}", editor="ana")
    match_new(countries_db)
    assert [r["reason"] for r in list_matches(countries_db, "contradicts")] == ["71 vs 80 countries"]


def test_an_agreement_is_kept_only_among_the_best_of_one_of_its_claims():
    def agrees(a, b, score):
        return {"claim_a": a, "claim_b": b, "relation": "agrees", "reason_code": "similar-text", "score": score}

    rows = [agrees("x", "y0", 0.9), agrees("x", "y1", 0.5), agrees("x2", "y1", 0.8),
            {"claim_a": "x", "claim_b": "y3", "relation": "contradicts", "score": 0.1}]
    article_of = {"x": 1, "x2": 1, "y0": 2, "y1": 2, "y3": 2}
    kept = best_agreements(rows, article_of, per_article=1, per_claim=5)
    assert [(row["claim_a"], row["claim_b"]) for row in kept] == [("x", "y0"), ("x2", "y1"), ("x", "y3")]
    assert len(best_agreements(rows, article_of, per_article=2, per_claim=5)) == 4


def test_a_claim_keeps_its_best_agreements_overall():
    def agrees(a, b, score):
        return {"claim_a": a, "claim_b": b, "relation": "agrees", "reason_code": "similar-text", "score": score}

    rows = [agrees("x", "y0", 0.9), agrees("x", "y1", 0.8), agrees("x", "y2", 0.7),
            agrees("y2", "w0", 0.95), agrees("y2", "w1", 0.92)]
    article_of = {"x": 0, "y0": 1, "y1": 2, "y2": 3, "w0": 4, "w1": 5}
    kept = best_agreements(rows, article_of, per_article=1, per_claim=2)
    # x ~ y2 is among the two best of neither x nor y2.
    assert ("x", "y2") not in [(row["claim_a"], row["claim_b"]) for row in kept] and len(kept) == 4


def test_a_figure_every_outlet_repeats_agrees_with_each_of_them():
    # A toll stated alike by six outlets, each of whose claims also has two better partners by
    # wording: the agreements on the same figures pass the caps, those by wording alone do not.
    def agrees(a, b, score, reason):
        return {"claim_a": a, "claim_b": b, "relation": "agrees", "reason_code": reason, "score": score}

    rows = []
    for n in range(6):
        rows += [agrees("x", f"y{n}", 0.5 - n / 100, "same-figures"), agrees(f"y{n}", f"z{n}", 0.9, "similar-text"),
                 agrees(f"y{n}", f"v{n}", 0.8, "similar-text")]
    rows += [agrees("x", "w", 0.4, "similar-text"), agrees("w", "u0", 0.9, "similar-text"),
             agrees("w", "u1", 0.8, "similar-text")]
    article_of = {claim: number for number, claim in enumerate(sorted({r[side] for r in rows for side in ("claim_a", "claim_b")}))}
    kept = {(row["claim_a"], row["claim_b"]) for row in best_agreements(rows, article_of, per_article=1, per_claim=2)}
    assert {("x", f"y{n}") for n in range(6)} <= kept
    assert ("x", "w") not in kept


def test_rare_shared_words_count_more_than_common_ones():
    claims = [ClaimView(id=str(n), article_id=n, text=f"Officials said the agency met {word}.")
              for n, word in enumerate(["Tuesday", "Primakov", "Medvedev", "Putin"])]
    rarity = word_rarity(claims)
    assert rarity["primakov"] > rarity["agency"] == 0.0
    common = ClaimView(id="a", article_id=8, text="Officials said the agency closed.")
    rare = ClaimView(id="b", article_id=9, text="Primakov resigned.")
    config = MatchConfig()
    assert score_pair(common, claims[0], config, rarity).rare_words < score_pair(rare, claims[1], config, rarity).rare_words


def test_contradictions_of_one_disagreement_are_grouped(countries_db):
    third = _third_seventy_one(countries_db)
    match_new(countries_db)
    rows = list_matches(countries_db, "contradicts")
    assert len(rows) == 3
    [group] = group_contradictions(rows)
    assert group["reason"] in ("71 vs 80 countries", "80 vs 71 countries")
    assert sorted(group["matches"]) == sorted(row["id"] for row in rows)
    seventy_one, eighty = sorted((group["side_a"], group["side_b"]), key=lambda side: third not in side["claims"])
    assert all("71" in text for text in seventy_one["texts"]) and all("80" in text for text in eighty["texts"])
    assert seventy_one["outlets"] == ["Caliber.az", "Report"] and eighty["outlets"] == ["Caliber.az", "Eurasianet"]
    assert {row["group"] for row in rows} == {1}


def test_contradictions_of_different_figures_stay_apart(countries_db):
    match_new(countries_db)
    rows = list_matches(countries_db, "contradicts")
    other = dict(rows[0], id=1, claim_b="elsewhere", detail=json.dumps({"figures": [["6", "9"]]}), reason="6 vs 9 miles")
    assert len(group_contradictions([*rows, other])) == 2


def test_opposite_words_in_either_order_are_one_disagreement():
    def row(number, claim_a, claim_b, reason):
        return {"id": number, "claim_a": claim_a, "claim_b": claim_b, "reason": reason, "reason_code": "direction-mismatch",
                "score": 0.5, "tier": "auto", "detail": "{}", "text_a": claim_a, "text_b": claim_b,
                "outlet_a": None, "outlet_b": None}

    rows = [row(1, "south", "west", "south vs west of Bireun"), row(2, "west", "south2", "west vs south of Bireun")]
    [group] = group_contradictions(rows)
    assert group["side_a"]["claims"] == ["south", "south2"] and group["side_b"]["claims"] == ["west"]


def test_contradictions_command_reads_one_disagreement_once(countries_db, tmp_path):
    _third_seventy_one(countries_db)
    match_new(countries_db)
    path = tmp_path / "x.db"
    countries_db.conn.commit()
    countries_db.conn.execute(f"VACUUM INTO '{path}'")
    result = CliRunner().invoke(app, ["contradictions", "--db", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1 contradiction (3 claim pairs)" in result.output
    assert "Caliber.az, Report (2 claims)" in result.output
    rows = json.loads(CliRunner().invoke(app, ["contradictions", "--db", str(path), "--json"]).output)
    assert len(rows) == 3 and {row["group"] for row in rows} == {1}


def test_semantic_settings_fill_what_was_not_set(tmp_path):
    config = load_config(semantic=True)
    assert config.semantic and config.best_per_article == SEMANTIC_SETTINGS["best_per_article"]
    assert load_config(semantic=True, suggest_threshold=0.5).suggest_threshold == 0.5
    assert not load_config().semantic


def test_an_auto_contradiction_between_articles_of_two_events_is_only_suggested():
    from factcheck.match import doubt_auto_contradictions
    from factcheck.stories import StoryConfig, _Vectors

    vectors = _Vectors({
        1: {"w:quake": 2, "e:lombok": 3, "w:mosque": 1},
        2: {"w:quake": 2, "e:lombok": 2, "w:mosque": 1},
        3: {"w:quake": 1, "w:mosque": 1, "e:sulawesi": 3, "w:ferry": 2},
    }, StoryConfig())
    assert vectors.similarity(1, 2) > MatchConfig().auto_same_event > vectors.similarity(1, 3)

    def rows():
        return [{"relation": "contradicts", "tier": "auto", "claim_a": "a", "claim_b": other, "detail": "{}"}
                for other in ("b", "c")]

    article_of = {"a": 1, "b": 2, "c": 3}
    doubted = rows()
    doubt_auto_contradictions(doubted, article_of, vectors.similarity, MatchConfig())
    assert [row["tier"] for row in doubted] == ["auto", "suggest"]
    assert "articles_alike" in json.loads(doubted[1]["detail"])
    # Articles without a story yet are not known to be unlike.
    unknown = rows()
    doubt_auto_contradictions(unknown, article_of, lambda article, other: None, MatchConfig())
    assert [row["tier"] for row in unknown] == ["auto", "auto"]
