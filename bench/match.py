"""Matching time for 10k, 40k and 160k claims, and the growth exponent.

The claims are generated from the seed corpus: its claims are copied into
topics of five articles (one copy of the corpus each), each topic with its own
entity names and ids (a suffix of letters on every capitalised word and on
about half of the other words) and its figures varied, so that blocking sees
many topics of realistic size rather than one giant one. Prints, per
size: seconds, pairs compared, their share of all cross-article pairs, the
share of the seed corpus's own candidate pairs still found within each
topic (does blocking keep its recall as the corpus grows?), and peak memory; then
the growth exponent fitted on log(time) ~ log(claims).
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
import zlib
from dataclasses import replace
from pathlib import Path

from factcheck.db import open_db
from factcheck.judge import judge
from factcheck.match import candidate_pairs, score_pair, word_rarity
from factcheck.nlp.readings import claim_readings
from factcheck.pairs import ClaimView, MatchConfig, load_claims
from factcheck.pipeline import run

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def seed_claims() -> list[ClaimView]:
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "seed.db")
        run(db, [str(CORPUS)])
        return load_claims(db)


def topic_suffix(topic: int) -> str:
    """Letters naming a topic ("qb", "qc", ...): words keep letters only, so a digit suffix would vanish."""
    letters = ""
    while True:
        topic, digit = divmod(topic, 26)
        letters += chr(ord("a") + digit)
        if not topic:
            return "q" + letters


def generate(seeds: list[ClaimView], size: int, rng: random.Random) -> list[ClaimView]:
    """``size`` claims: the seed corpus copied, each copy a topic of its own names, figures varied."""
    claims: list[ClaimView] = []
    copy = 0
    while len(claims) < size:
        topic = copy
        suffix = topic_suffix(topic)

        def rename(match: re.Match, topic: int = topic, suffix: str = suffix) -> str:
            # Names always, other words in about half the topics: topics share
            # common words as real ones do, but never whole sentences.
            word = match.group(0)
            if word[0].isupper() or zlib.crc32(f"{topic}:{word}".encode()) % 2:
                return word + suffix
            return word

        for seed in seeds:
            if len(claims) >= size:
                break
            text = re.sub(r"\b[A-Za-z]{4,}\b|\b[A-Z][a-z]+", rename, seed.text)
            quantities = [
                replace(q, value=q.value * rng.choice((1, 1, 1, 1.5))) if q.value is not None else q
                for q in seed.quantities
            ]
            claims.append(
                ClaimView(
                    id=f"{copy}:{seed.id}", article_id=copy * 1000 + seed.article_id, text=text,
                    published=seed.published, quantities=quantities, negated=seed.negated,
                    readings=claim_readings(text),
                    entity_ids=frozenset(e + topic * 1_000_000 for e in seed.entity_ids),
                )
            )
        copy += 1
    return claims


def measure(
    claims: list[ClaimView], config: MatchConfig, seed_pairs: set[tuple[str, str]], seed_count: int
) -> tuple[float, int, float]:
    """Seconds to block, score and judge; pairs compared; share of seed pairs found in full copies."""
    started = time.perf_counter()
    compared = 0
    found: set[tuple[str, str, str]] = set()
    rarity = word_rarity(claims)
    full_copies = len(claims) // seed_count
    for a, b in candidate_pairs(claims, config):
        compared += 1
        judge(a, b, score_pair(a, b, config, rarity), config)
        copy_a, seed_a = a.id.split(":", 1)
        copy_b, seed_b = b.id.split(":", 1)
        if copy_a == copy_b and int(copy_a) < full_copies:
            pair = tuple(sorted((seed_a, seed_b)))
            if pair in seed_pairs:
                found.add((copy_a, *pair))
    seconds = time.perf_counter() - started
    return seconds, compared, len(found) / max(full_copies * len(seed_pairs), 1)


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
    print(f"{len(seeds)} seed claims in {len({seed.article_id for seed in seeds})} articles per topic")
    seed_pairs = {tuple(sorted((a.id, b.id))) for a, b in candidate_pairs(seeds, config)}
    print(f"{'claims':>8} {'seconds':>8} {'compared':>10} {'share':>10} {'seed kept':>10} {'peak MiB':>9}")
    points = []
    for size in args.sizes:
        claims = generate(seeds, size, random.Random(size))
        seconds, compared, kept = measure(claims, config, seed_pairs, len(seeds))
        share = compared / max(cross_article_pairs(claims), 1)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>8} {seconds:>8.2f} {compared:>10} {share:>10.4%} {kept:>10.1%} {peak:>9.0f}")
        points.append((math.log(size), math.log(seconds)))
    if len(points) > 1:
        mean_x = sum(x for x, _ in points) / len(points)
        mean_y = sum(y for _, y in points) / len(points)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
        print(f"growth exponent {slope:.2f} (time ~ claims^{slope:.2f}; 1.0 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
