"""Matching on hand-made claim rows: blocking, scores, storage, re-runs, listing, CLI."""

from __future__ import annotations

import hashlib

import pytest
from typer.testing import CliRunner

from factcheck.cli import main
from factcheck.cli.app import app
from factcheck.errors import FactcheckError
from factcheck.match import (
    ClaimView,
    MatchConfig,
    candidate_pairs,
    content_words,
    list_matches,
    load_claims,
    load_config,
    mask_numbers,
    match_new,
)


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
         "content": fields.pop("content", text), **fields}
    )
    for surface, kind, values in quantities:
        start = text.index(surface)
        db["quantities"].insert(
            {"claim_id": claim_id, "start": start, "end": start + len(surface), "text": surface,
             "kind": kind, **values}
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
    db = fresh_db
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


def test_candidates_skip_keys_shared_by_too_many_claims():
    claims = [ClaimView(id=str(i), article_id=i, text=f"Officials spoke about topic{i}") for i in range(30)]
    assert list(candidate_pairs(claims, MatchConfig(max_block_size=10))) == []
    assert len(list(candidate_pairs(claims, MatchConfig(max_block_size=100)))) > 0


def test_candidates_with_new_claims_only_pair_new_ones():
    claims = [
        ClaimView(id="old1", article_id=1, text="Baku closed the Russian House"),
        ClaimView(id="old2", article_id=2, text="Baku closed the Russian House today"),
        ClaimView(id="new", article_id=3, text="Baku closed the Russian House yesterday"),
    ]
    pairs = {frozenset((x.id, y.id)) for x, y in candidate_pairs(claims, MatchConfig(), new={"new"})}
    assert pairs == {frozenset(("new", "old1")), frozenset(("new", "old2"))}


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


def test_contradictions_command_prints_the_reason(countries_db, tmp_path):
    path = tmp_path / "x.db"
    countries_db.conn.commit()
    countries_db.conn.execute(f"VACUUM INTO '{path}'")
    result = CliRunner().invoke(app, ["match", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 contradictions" in result.output
    result = CliRunner().invoke(app, ["contradictions", "--db", str(path)])
    assert result.exit_code == 0
    assert "1 contradictions" in result.output and "Caliber.az" in result.output
    result = CliRunner().invoke(app, ["contradictions", "--db", str(path), "--json", "--outlet", "Caliber"])
    assert '"reason": "71 vs 80 countries"' in result.output
    result = CliRunner().invoke(app, ["agreements", "--db", str(path), "--json"])
    assert result.exit_code == 0 and result.output.strip().startswith("[")


def test_listing_a_missing_database_is_one_clean_line(tmp_path, capsys):
    assert main(["contradictions", "--db", str(tmp_path / "none.db")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such database" in err
