"""Matching time for 10k, 40k and 160k claims, and the growth exponent.

The claims are generated from the seed corpus: its claims are copied into
groups of five articles, each group with its own entity names and ids (a
suffix on every capitalised word) and its figures varied, so that blocking
sees many topics of realistic size rather than one giant one. Prints, per
size: seconds, pairs compared, their share of all cross-article pairs, and
peak memory; then the growth exponent fitted on log(time) ~ log(claims).
Timing ratios are taken within this one process.

    .venv/bin/python bench/match.py [--sizes 10000 40000 160000]
"""

from __future__ import annotations

import argparse
import math
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from factcheck.db import open_db
from factcheck.judge import judge
from factcheck.match import ClaimView, MatchConfig, candidate_pairs, load_claims, score_pair, word_rarity
from factcheck.pipeline import run

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ARTICLES_PER_TOPIC = 5


def seed_claims() -> list[ClaimView]:
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "seed.db")
        run(db, [str(CORPUS)])
        return load_claims(db)


def generate(seeds: list[ClaimView], size: int, rng: random.Random) -> list[ClaimView]:
    """``size`` claims: seed claims copied per article, renamed per topic, figures varied."""
    claims: list[ClaimView] = []
    copy = 0
    while len(claims) < size:
        topic = copy // ARTICLES_PER_TOPIC
        for seed in seeds:
            if len(claims) >= size:
                break
            text = re.sub(r"\b([A-Z][a-z]+)", rf"\g<1>x{topic}", seed.text)
            quantities = [
                replace(q, value=q.value * rng.choice((1, 1, 1, 1.5))) if q.value is not None else q
                for q in seed.quantities
            ]
            claims.append(
                ClaimView(
                    id=f"{copy}:{seed.id}", article_id=copy * 1000 + seed.article_id, text=text,
                    published=seed.published, quantities=quantities, negated=seed.negated,
                    entity_ids=frozenset(e + topic * 1_000_000 for e in seed.entity_ids),
                )
            )
        copy += 1
    return claims


def measure(claims: list[ClaimView], config: MatchConfig) -> tuple[float, int]:
    started = time.perf_counter()
    compared = 0
    rarity = word_rarity(claims)
    for a, b in candidate_pairs(claims, config):
        compared += 1
        judge(a, b, score_pair(a, b, config, rarity), config)
    return time.perf_counter() - started, compared


def cross_article_pairs(claims: list[ClaimView]) -> int:
    per_article: dict[int, int] = {}
    for claim in claims:
        per_article[claim.article_id] = per_article.get(claim.article_id, 0) + 1
    total = len(claims) * (len(claims) - 1) // 2
    return total - sum(n * (n - 1) // 2 for n in per_article.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000, 160_000])
    args = parser.parse_args(argv)
    seeds = seed_claims()
    config = MatchConfig()
    print(f"{len(seeds)} seed claims; {ARTICLES_PER_TOPIC} articles per topic")
    print(f"{'claims':>8} {'seconds':>8} {'compared':>10} {'share':>10} {'peak MiB':>9}")
    points = []
    for size in args.sizes:
        claims = generate(seeds, size, random.Random(size))
        seconds, compared = measure(claims, config)
        share = compared / max(cross_article_pairs(claims), 1)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>8} {seconds:>8.2f} {compared:>10} {share:>10.4%} {peak:>9.0f}")
        points.append((math.log(size), math.log(seconds)))
    if len(points) > 1:
        mean_x = sum(x for x, _ in points) / len(points)
        mean_y = sum(y for _, y in points) / len(points)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
        print(f"growth exponent {slope:.2f} (time ~ claims^{slope:.2f}; 1.0 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
