"""Precision of each tier, contradictions and agreements, on every dev set.

A tier means something only if its precision holds on news nobody tuned to:
auto should be right at least 90% of the time, suggest at least 50%. Each dev
set in tests/data (corpus and gold) is run through the pipeline once; with
``--semantic`` matching is then rebuilt with sentence embeddings as well.

- contradictions: of the stored contradictions of a tier whose two claims
  overlap gold items (group members or trap sides), the share the gold says
  contradict (``factcheck eval``'s contradiction precision, split by tier);
- agreements: of the stored agreements of a tier whose two claims overlap
  gold items, the share whose claims belong to one gold group. Gold groups
  are not exhaustive, so this is a lower bound, good for comparing settings.

    .venv/bin/python bench/match_quality.py [--semantic] [--sets seeds aceh-2013 ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from factcheck.db import open_db
from factcheck.eval import _claim_ids, _Store, evaluate, load_gold
from factcheck.match import match_new
from factcheck.pairs import load_config
from factcheck.pipeline import run

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SETS = ("seeds", "aceh-2013", "athens-bank-2010", "gulf-of-aden-pirates-2011", "mount-cook-climbers-2013",
        "colts-chiefs-2012", "wwdc-macbook-2012", "hp-eyp-2007")


def corpus_of(name: str) -> Path:
    return REPO / "corpus" if name == "seeds" else DATA / "corpora" / name


def agreement_precision(db: sqlite_utils.Database, gold_path: Path) -> dict[str, tuple[int, int]]:
    """Per tier: (agreements on gold claims, of those within one gold group)."""
    gold = load_gold(gold_path)
    store = _Store(db, gold)
    groups_of: dict[str, set[int]] = {}
    on_gold: set[str] = set()
    for number, group in enumerate(gold.groups):
        for member in group.get("members") or []:
            for claim in _claim_ids(store, member):
                groups_of.setdefault(claim, set()).add(number)
                on_gold.add(claim)
    for trap in gold.traps:
        on_gold |= _claim_ids(store, trap["a"]) | _claim_ids(store, trap["b"])
    tiers: dict[str, list[int]] = {}
    for row in db.query("select claim_a, claim_b, tier from matches where relation = 'agrees'"):
        if row["claim_a"] in on_gold and row["claim_b"] in on_gold:
            counts = tiers.setdefault(row["tier"], [0, 0])
            counts[0] += 1
            counts[1] += bool(groups_of.get(row["claim_a"], set()) & groups_of.get(row["claim_b"], set()))
    return {tier: (judged, right) for tier, (judged, right) in sorted(tiers.items())}


def share(right: int, judged: int) -> str:
    return f"{right / judged:.2f} ({right}/{judged})" if judged else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--semantic", action="store_true", help="Also rebuild matching with sentence embeddings.")
    parser.add_argument("--sets", nargs="+", default=list(SETS), help="Dev sets to run (default: all).")
    args = parser.parse_args(argv)
    settings = {"lexical": None}
    if args.semantic:
        settings["semantic"] = load_config(semantic=True)
    print(f"{'set':27} {'setting':8} {'tier':8} {'contradiction precision':>24} {'agreement precision':>22} {'s':>6}")
    totals: dict[tuple[str, str, str], list[int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in args.sets:
            gold = DATA / "gold" / f"{name}.yaml"
            db = open_db(Path(folder) / f"{name}.db")
            started = time.perf_counter()
            run(db, [str(corpus_of(name))])
            seconds = time.perf_counter() - started
            for setting, config in settings.items():
                if config is not None:
                    started = time.perf_counter()
                    match_new(db, config, rebuild=True)
                    seconds = time.perf_counter() - started
                contradictions = evaluate(db, gold)["pairs"]["contradictions_by_tier"]
                agreements = agreement_precision(db, gold)
                for tier in ("auto", "suggest"):
                    judged = contradictions.get(tier, {}).get("judged", 0)
                    right = contradictions.get(tier, {}).get("right", 0)
                    agree_judged, agree_right = agreements.get(tier, (0, 0))
                    for kind, pair in (("contradicts", (judged, right)), ("agrees", (agree_judged, agree_right))):
                        tally = totals.setdefault((setting, tier, kind), [0, 0])
                        tally[0] += pair[0]
                        tally[1] += pair[1]
                    print(f"{name:27} {setting:8} {tier:8} {share(right, judged):>24} "
                          f"{share(agree_right, agree_judged):>22} {seconds:>6.1f}")
    for setting in settings:
        for tier in ("auto", "suggest"):
            contradicts = totals.get((setting, tier, "contradicts"), [0, 0])
            agrees = totals.get((setting, tier, "agrees"), [0, 0])
            print(f"{'all sets (pooled)':27} {setting:8} {tier:8} {share(contradicts[1], contradicts[0]):>24} "
                  f"{share(agrees[1], agrees[0]):>22}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
