"""How fast the reviewer opens a large database and moves between items.

Generates a database of --claims claims (ten per article, 500 outlets) with
--contradictions contradicting pairs, 10% of them already rated, then times
in this one process:
  rank     ranking every item into review_order, as the pipeline's last stage
           does after matching (the reviewer does it on open when it is stale);
  open     make_app + run_test until the first item is on screen (targets < 1 s);
           it comes from the rank index while the whole queue is built;
  ready    until the whole queue is built (every position reachable);
  build    building the contradictions queue alone (the SQL part of ready);
  next     what the j key runs (the next item read and put into the widgets),
           median and 95th percentile over --moves moves (target < 50 ms);
  repainted the same, until the new frame is composed (Textual paints at most
           60 frames a second, so this includes waiting for the frame);
  baseline one primary-key lookup of a claim with its article, the floor any
           item view pays; the move time is printed as a ratio to it.

    .venv/bin/python bench/review.py [--claims 1000000] [--contradictions 100000] [--db PATH]

With --db the generated database is kept (and reused when it exists).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from factcheck.db import open_db
from factcheck.review import make_app, queries

CLAIMS_PER_ARTICLE = 10
OUTLETS = 500


def generate(path: Path, claims: int, contradictions: int) -> None:
    db = open_db(path)
    rng = random.Random(7)
    articles = claims // CLAIMS_PER_ARTICLE
    sentence = "Officials in {place} said {count} people were affected by the storm on {day}."
    with db.conn:
        db.conn.executemany("insert into outlets (id, name) values (?, ?)",
                            [(i, f"Outlet {i}") for i in range(1, OUTLETS + 1)])
        for first in range(0, articles, 10_000):
            article_rows, claim_rows = [], []
            for article in range(first, min(first + 10_000, articles)):
                parts = [sentence.format(place=f"Town{article}x{idx}", count=rng.randint(1, 500),
                                         day=f"day {idx}") for idx in range(CLAIMS_PER_ARTICLE)]
                text = " ".join(parts)
                published = f"2025-{1 + article % 12:02d}-{1 + article % 28:02d}"
                article_rows.append((article, 1 + article % OUTLETS, published, text, f"h{article}",
                                     f"{article}.txt", "2025-01-01T00:00:00+00:00"))
                offset = 0
                for idx, part in enumerate(parts):
                    claim_rows.append((f"a{article}c{idx}", article, idx, offset, offset + len(part),
                                       offset, offset + len(part), part, part, rng.random()))
                    offset += len(part) + 1
            db.conn.executemany(
                "insert into articles (id, outlet_id, published, text, content_hash, source, ingested_at)"
                " values (?, ?, ?, ?, ?, ?, ?)", article_rows)
            db.conn.executemany(
                "insert into claims (id, article_id, idx, start, end, sent_start, sent_end, text, content,"
                " checkworthiness) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows)
            print(f"  {min(first + 10_000, articles) * CLAIMS_PER_ARTICLE:,} claims", file=sys.stderr)
        match_rows = []
        for match in range(contradictions):
            a, b = rng.sample(range(articles), 2)
            idx = rng.randrange(CLAIMS_PER_ARTICLE)
            claim_a, claim_b = sorted((f"a{a}c{idx}", f"a{b}c{idx}"))
            match_rows.append((match + 1, claim_a, claim_b, "contradicts", rng.random(), "auto",
                               f"{rng.randint(1, 500)} vs {rng.randint(1, 500)} people"))
        db.conn.executemany(
            "insert or ignore into matches (id, claim_a, claim_b, relation, score, tier, reason)"
            " values (?, ?, ?, ?, ?, ?, ?)", match_rows)
        rated = rng.sample(match_rows, contradictions // 10)
        db.conn.executemany(
            "insert into verdicts (target_type, target_id, rating, editor, created_at)"
            " values ('claim', ?, 'false', 'bench', '2025-01-01T00:00:00+00:00')",
            [(row[1],) for row in rated])
    db.close()


def baseline(path: Path, rounds: int = 200) -> float:
    db = open_db(path)
    ids = [row[0] for row in db.execute("select claim_a from matches limit ?", [rounds]).fetchall()]
    start = time.perf_counter()
    for claim_id in ids:
        db.execute("select c.*, a.text from claims c join articles a on a.id = c.article_id"
                   " where c.id = ?", [claim_id]).fetchall()
    return (time.perf_counter() - start) / len(ids)


async def drive(path: Path, moves: int) -> tuple[float, float, list[float], list[float]]:
    """Time to the first item and to the built queue, then per move: data in the widgets, and repainted."""
    # A new editor each run: a saved position would reopen the queue where the last run left it.
    app = make_app(path, editor=f"bench-{time.time_ns()}")
    started = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        while app.review.item is None:
            await pilot.pause(0.005)
        opened = time.perf_counter() - started
        while not app.review.ready:
            await pilot.pause(0.005)
        ready = time.perf_counter() - started
        screen = app.review
        loaded, painted = [], []
        for _ in range(moves):
            start = time.perf_counter()
            await screen.go(screen.pos + 1)  # what the j key runs
            loaded.append(time.perf_counter() - start)
            await pilot.pause()  # the next frame is composed and written
            painted.append(time.perf_counter() - start)
        await pilot.press("q")
    return opened, ready, loaded, painted


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[max(int(len(values) * share) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--contradictions", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    folder = None if args.db else tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench.db"
    if not path.exists():
        start = time.perf_counter()
        generate(path, args.claims, args.contradictions)
        print(f"generated {args.claims:,} claims, {args.contradictions:,} contradictions"
              f" in {time.perf_counter() - start:.1f} s")
    db = open_db(path)
    start = time.perf_counter()
    db.execute("update review_order_state set stale = 1")  # rank again even when --db was ranked before
    queries.refresh_order(db)
    rank = time.perf_counter() - start
    start = time.perf_counter()
    length = queries.build_queue(db, queries.View())
    build = time.perf_counter() - start
    db.close()
    opened, ready, loaded, painted = asyncio.run(drive(path, args.moves))
    print(f"queue      {length:,} contradictions")
    print(f"rank       {rank * 1000:.0f} ms (once after matching; opening paid it before review_order)")
    print(f"build      {build * 1000:.0f} ms")
    print(f"open       {opened * 1000:.0f} ms to the first item (target < 1000 ms);"
          f" {opened / (rank + build):.2f}x ranking and building the queue")
    print(f"ready      {ready * 1000:.0f} ms until the whole queue is built")
    for name, times in (("next", loaded), ("repainted", painted)):
        print(f"{name:10} median {statistics.median(times) * 1000:.1f} ms,"
              f" p95 {percentile(times, 0.95) * 1000:.1f} ms over {len(times)} moves (target < 50 ms)")
    floor = baseline(path)
    print(f"baseline   {floor * 1000:.3f} ms per claim lookup;"
          f" next item = {statistics.median(loaded) / floor:.0f}x that")
    if folder:
        folder.cleanup()


if __name__ == "__main__":
    main()
