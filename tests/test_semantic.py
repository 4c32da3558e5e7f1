"""Semantic matching: the packaged embedding model, its cache in the db, the gold floors with it."""

from __future__ import annotations

import pytest
from test_match import add_article, add_claim

from conftest import ACEH, CORPUS, GOLD
from factcheck.db import open_db
from factcheck.eval import evaluate
from factcheck.match import match_new
from factcheck.pairs import ClaimView, load_claims, load_config
from factcheck.pipeline import run
from factcheck.semantic import MODEL, attach_vectors, embed


def test_paraphrases_are_closer_than_unrelated_sentences():
    closure, paraphrase, weather = embed([
        "Azerbaijan ordered the closure of the Russian House in Baku",
        "Baku has decided to close the Russian cultural center",
        "The weather in Jakarta was humid on Tuesday",
    ])
    assert closure.shape == (384,)
    assert abs(float(closure @ closure) - 1.0) < 1e-4
    assert float(closure @ paraphrase) > 0.5 > float(closure @ weather) + 0.2


def test_vectors_are_cached_per_claim(fresh_db):
    article = add_article(fresh_db, "a.txt", "Report")
    claim_id = add_claim(fresh_db, article, "Baku closed the Russian House.")
    [claim] = load_claims(fresh_db)
    attach_vectors(fresh_db, [claim])
    [row] = fresh_db["claim_vectors"].rows
    assert (row["claim_id"], row["model"], len(row["vector"])) == (claim_id, MODEL, 384 * 4)
    cached = ClaimView(id=claim_id, article_id=article, text="anything: read from the cache")
    attach_vectors(fresh_db, [cached])
    assert float(cached.vector @ claim.vector) == pytest.approx(1.0)


def test_semantic_matching_scores_with_the_embeddings(fresh_db):
    first = add_article(fresh_db, "a.txt", "Report", "2025-02-06")
    second = add_article(fresh_db, "b.txt", "Minval", "2025-02-07")
    add_claim(fresh_db, first, "Azerbaijan ordered the closure of the Russian House in Baku.")
    add_claim(fresh_db, second, "Baku has decided to close the Russian House cultural center.")
    assert match_new(fresh_db, load_config(semantic=True))["agreements"] == 1
    [match] = fresh_db["matches"].rows
    assert '"semantic": 0.' in match["detail"]


@pytest.mark.parametrize(
    ("corpus", "gold", "floors"),
    [
        (CORPUS, "seeds.yaml", {"contradict": 0.8, "agree": 0.7, "precision": 0.8, "traps": 0}),
        (ACEH, "aceh-2013.yaml", {"contradict": 0.6, "agree": 0.6, "precision": 0.7, "traps": 1}),
    ],
)
def test_gold_floors_hold_with_semantic_matching(tmp_path, corpus, gold, floors):
    db = open_db(tmp_path / "claims.db")
    run(db, [str(corpus)])
    match_new(db, load_config(semantic=True), rebuild=True)
    pairs = evaluate(db, GOLD / gold)["pairs"]
    assert pairs["contradict"]["recall"] >= floors["contradict"]
    assert pairs["agree"]["recall"] >= floors["agree"]
    assert pairs["contradiction_precision"] >= floors["precision"]
    assert pairs["traps_violated"] <= floors["traps"]
