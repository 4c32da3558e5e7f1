"""End to end on both gold sets: the issue's targets for matching and judging."""

from __future__ import annotations

import pytest

from conftest import ACEH, CORPUS, GOLD
from factcheck.db import open_db
from factcheck.eval import evaluate
from factcheck.match import list_matches
from factcheck.pipeline import run


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("seeds") / "claims.db")
    run(db, [str(CORPUS)])
    return db


@pytest.fixture(scope="module")
def aceh_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("aceh") / "claims.db")
    run(db, [str(ACEH)])
    return db


def test_seeds_meet_the_matching_targets(seeds_db):
    pairs = evaluate(seeds_db, GOLD / "seeds.yaml")["pairs"]
    assert pairs["contradict"]["recall"] >= 0.8
    assert pairs["agree"]["recall"] >= 0.7
    assert pairs["contradiction_precision"] >= 0.8
    assert pairs["traps_violated"] == 0


def test_the_countries_contradiction_is_listed_with_its_reason(seeds_db):
    reasons = [row["reason"] for row in list_matches(seeds_db, "contradicts")]
    assert "71 vs 80 countries" in reasons


def test_aceh_meets_the_matching_targets(aceh_db):
    pairs = evaluate(aceh_db, GOLD / "aceh-2013.yaml")["pairs"]
    assert pairs["contradict"]["recall"] >= 0.6
    assert pairs["agree"]["recall"] >= 0.6
    assert pairs["contradiction_precision"] >= 0.7
    assert pairs["traps_violated"] <= 1


def test_aceh_running_tolls_are_marked_as_changes_over_time(aceh_db):
    changed = [row for row in list_matches(aceh_db, "related") if row["changed_over_time"]]
    assert changed and all(row["reason"].startswith("changed over time? ") for row in changed)
