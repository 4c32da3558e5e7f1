"""End to end: the whole pipeline on the dev corpora, scored by `factcheck eval`.

Floors on attribution (seeds, Aceh, held-out pages) and on matching over all eight dev sets.
"""

from __future__ import annotations

import pytest

from factcheck import pipeline
from factcheck.db import open_db
from factcheck.eval import evaluate, evaluate_many, plan_sets

from conftest import ACEH, CORPORA, CORPUS, GOLD, HTML, REPO

HELDOUT = REPO / "tests" / "data" / "heldout.yaml"


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("seeds") / "claims.db")
    pipeline.run(db, [str(CORPUS)])
    return evaluate(db, GOLD / "seeds.yaml")


@pytest.fixture(scope="module")
def aceh_scores(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("aceh") / "claims.db")
    pipeline.run(db, [str(ACEH)])
    return evaluate(db, GOLD / "aceh-2013.yaml")


def test_seed_attribution_floors(seed_scores):
    attribution = seed_scores["attribution"]
    assert attribution["found"] == attribution["total"] == 23
    assert attribution["speaker_accuracy"] >= 0.85
    assert attribution["kind_accuracy"] >= 0.85


def test_aceh_attribution_floors(aceh_scores):
    attribution = aceh_scores["attribution"]
    assert attribution["found"] == attribution["total"] == 38
    assert attribution["speaker_accuracy"] >= 0.80
    assert attribution["kind_accuracy"] >= 0.80


@pytest.fixture(scope="module")
def heldout_scores(tmp_path_factory):
    """Eleven real news articles nobody tuned attribution on, with our own annotation."""
    db = open_db(tmp_path_factory.mktemp("heldout") / "claims.db")
    pipeline.run(db, [str(path) for path in sorted(HTML.glob("*.gold.txt"))])
    return evaluate(db, HELDOUT)


def test_heldout_attribution_floors(heldout_scores):
    attribution = heldout_scores["attribution"]
    # measured 0.99 speaker, 0.99 kind; the floors leave room for a few parser changes
    assert attribution["found"] == attribution["total"] == 80
    assert attribution["speaker_accuracy"] >= 0.95
    assert attribution["kind_accuracy"] >= 0.94


def test_every_gold_text_is_located(seed_scores, aceh_scores, heldout_scores):
    for scores in (seed_scores, aceh_scores, heldout_scores):
        contains = scores["documents"]["contains"]
        assert contains["found"] == contains["total"] > 0
        assert scores["claims_total"] > 0


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    """The eight single-event dev sets, each ingested into its own database, as
    `factcheck eval tests/data/gold/*.yaml --build` scores them."""
    sets = plan_sets(sorted(GOLD.glob("*.yaml")), tmp_path_factory.mktemp("dev"), CORPORA, {"seeds": CORPUS})
    return evaluate_many(sets, build=True)


def test_dev_set_matching_floors(dev_scores):
    # measured: macro agreement recall 0.71, contradiction recall 0.55, precision 0.86; floors a
    # little below, so that a change that loses ground on news it was not built for fails here
    macro = dev_scores["macro"]
    assert len(dev_scores["sets"]) == 8
    assert macro["agree_recall"] >= 0.69
    assert macro["contradict_recall"] >= 0.52
    assert macro["contradiction_precision"] >= 0.83
    assert all(scores["pairs"]["traps_violated"] <= 1 for scores in dev_scores["sets"].values())
