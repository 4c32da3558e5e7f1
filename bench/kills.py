"""SIGKILLs at random moments of `factcheck ingest`, each followed by one plain ingest.

First an uninterrupted ingest of the corpus into its own database gives the
counts to reach and how long an ingest takes. Then each round starts an
ingest into a new database, kills its whole process group (workers included)
with SIGKILL after a random fraction of that time, and runs one plain ingest
of the same corpus into that database. A round passes when that ingest exits
0, the database passes `PRAGMA integrity_check` and its counts (articles,
claims, matches, stories, ...) equal the uninterrupted run's. An ingest that
finished before its kill is no kill: rounds go on until --kills kills have
landed (at most three times as many rounds). An early kill lands in the
migrations of the new database. Prints one line a round, then a JSON summary
as the last line; exits 1 unless every round passed.

    .venv/bin/python bench/kills.py [--kills 20] [--corpus PATH...] [--seed N] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The seed articles and two news events: several stories, a 10-20 s ingest.
CORPORA = [REPO / "tests" / "data" / "corpora" / name for name in ("aceh-2013", "athens-bank-2010")]
CLI = "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))"
COUNTED = {
    "articles": "select count(*) from articles",
    "analysed": "select count(*) from analysed_articles",
    "claims": "select count(*) from claims",
    "unresolved mentions": "select count(*) from claim_entities where entity_id is null",
    "matches": "select count(*) from matches",
    "contradictions": "select count(*) from matches where relation = 'contradicts'",
    "clusters": "select count(*) from clusters",
    "stories": "select count(*) from stories",
    "story members": "select count(*) from story_members",
}


def ingest_command(corpus: list[Path], db: Path) -> list[str]:
    return [sys.executable, "-c", CLI, "ingest", *map(str, corpus), "--db", str(db)]


def environment() -> dict[str, str]:
    # The code under test, wherever this script is run from; no progress bars on a pipe.
    return {**os.environ, "PYTHONPATH": str(REPO), "TERM": "dumb"}


def ingest(corpus: list[Path], db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(ingest_command(corpus, db), capture_output=True, text=True, env=environment(),
                          stdin=subprocess.DEVNULL, timeout=600)


def killed_ingest(corpus: list[Path], db: Path, after: float) -> bool:
    """An ingest killed ``after`` seconds in; False when it finished before."""
    process = subprocess.Popen(ingest_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, env=environment(), start_new_session=True)
    try:
        process.wait(after)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def counts(db: Path) -> dict[str, int]:
    connection = sqlite3.connect(db)
    try:
        found = {name: connection.execute(sql).fetchone()[0] for name, sql in COUNTED.items()}
        found["integrity"] = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return found


def run_kills(corpus: list[Path], kills: int, seed: int, out: Path) -> dict:
    chance = random.Random(seed)
    started = time.monotonic()
    baseline = ingest(corpus, out / "uninterrupted.db")
    duration = time.monotonic() - started
    if baseline.returncode != 0:
        raise SystemExit(f"kills.py: the uninterrupted ingest failed: {baseline.stderr.strip()}")
    expected = counts(out / "uninterrupted.db")
    rounds = []
    # An ingest that finishes before its kill is no kill: rounds go on until ``kills`` landed.
    while sum(r["killed"] for r in rounds) < kills and len(rounds) < 3 * kills:
        number = len(rounds) + 1
        db = out / f"killed-{number}.db"
        after = round(chance.uniform(0.05, 0.9) * duration, 2)
        landed = killed_ingest(corpus, db, after)
        resumed = ingest(corpus, db)
        found = counts(db)
        passed = resumed.returncode == 0 and found == expected
        rounds.append({"kill_after": after, "killed": landed, "exit": resumed.returncode, "passed": passed,
                       "stderr": resumed.stderr.strip()[-500:],
                       "differences": {name: [found[name], expected[name]] for name in expected
                                       if found[name] != expected[name]}})
        print(f"kill {number}: after {after:.2f}s{'' if landed else ' (finished first)'}: "
              f"{'ok' if passed else 'FAILED ' + json.dumps(rounds[-1]['differences'])}", flush=True)
    return {"rounds": len(rounds), "passed": sum(r["passed"] for r in rounds), "killed": sum(r["killed"] for r in rounds),
            "ingest_seconds": round(duration, 2), "expected": expected, "failures": [r for r in rounds if not r["passed"]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--corpus", type=Path, nargs="+", default=[REPO / "corpus", *CORPORA])
    parser.add_argument("--seed", type=int, default=None, help="for the kill moments (default: random)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the databases (default: a new one)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    out = args.out or Path(tempfile.mkdtemp(prefix="factcheck-kills-"))
    out.mkdir(parents=True, exist_ok=True)
    summary = {"seed": seed, "folder": str(out), **run_kills([path.resolve() for path in args.corpus], args.kills, seed, out)}
    print(json.dumps(summary))
    sys.exit(0 if summary["passed"] == summary["rounds"] else 1)


if __name__ == "__main__":
    main()
