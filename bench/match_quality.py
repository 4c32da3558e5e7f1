"""Agreement precision per tier beside the gold recall figures, lexical and semantic.

Both gold corpora are run through the pipeline once; matching is then rebuilt
with each setting. Agreement precision is a proxy: of the stored agreements
whose two claims both overlap gold items (group members or trap sides), the
share whose two claims belong to one gold group. Gold groups are not
exhaustive, so the figure is a lower bound, good for comparing settings.

    .venv/bin/python bench/match_quality.py [--lexical-only]
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
from factcheck.match import load_config, match_new
from factcheck.pipeline import run

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "gold"
CORPORA = {
    "seeds": (REPO / "corpus", GOLD / "seeds.yaml"),
    "aceh": (REPO / "tests" / "data" / "corpora" / "aceh-2013", GOLD / "aceh-2013.yaml"),
}


def agreement_precision(db: sqlite_utils.Database, gold_path: Path) -> dict[str, tuple[int, int, int]]:
    """Per tier: (agreements stored, of them on gold claims, of those within one gold group)."""
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
        counts = tiers.setdefault(row["tier"], [0, 0, 0])
        counts[0] += 1
        if row["claim_a"] in on_gold and row["claim_b"] in on_gold:
            counts[1] += 1
            counts[2] += bool(groups_of.get(row["claim_a"], set()) & groups_of.get(row["claim_b"], set()))
    return {tier: tuple(counts) for tier, counts in sorted(tiers.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexical-only", action="store_true", help="Skip the semantic setting.")
    args = parser.parse_args(argv)
    settings = {"lexical": load_config()}
    if not args.lexical_only:
        settings["semantic"] = load_config(semantic=True)
    print(f"{'corpus':7} {'setting':9} {'agree R':>8} {'contra R':>8} {'c.prec':>7} {'traps':>5}"
          f" {'tier':>8} {'stored':>7} {'judged':>7} {'a.prec':>7} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for name, (corpus, gold) in CORPORA.items():
            db = open_db(Path(folder) / f"{name}.db")
            run(db, [str(corpus)])
            for setting, config in settings.items():
                started = time.perf_counter()
                match_new(db, config, rebuild=True)
                seconds = time.perf_counter() - started
                pairs = evaluate(db, gold)["pairs"]
                for tier, (stored, judged, right) in agreement_precision(db, gold).items():
                    precision = f"{right / judged:.3f}" if judged else "-"
                    print(f"{name:7} {setting:9} {pairs['agree']['recall']:>8.3f} {pairs['contradict']['recall']:>8.3f}"
                          f" {pairs['contradiction_precision']:>7.3f} {pairs['traps_violated']:>5}"
                          f" {tier:>8} {stored:>7} {judged:>7} {precision:>7} {seconds:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
