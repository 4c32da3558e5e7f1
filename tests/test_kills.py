"""Real processes killed with SIGKILL at random moments of an ingest: one plain ingest
afterwards ends in the counts of an uninterrupted run (bench/kills.py does the killing;
a kill inside a migration is in test_db_open.py)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys

from conftest import CORPORA, REPO

KILLS = 5


def test_five_kills_each_followed_by_one_ingest_end_in_the_uninterrupted_counts(tmp_path):
    # Two events, so that stories and matching across them are resumed too.
    corpus = tmp_path / "in"
    for event in ("aceh-2013", "athens-bank-2010"):
        (corpus / event).mkdir(parents=True)
        for path in sorted((CORPORA / event).glob("*.txt"))[:3]:
            shutil.copy(path, corpus / event / path.name)
    seed = random.randrange(1 << 30)
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "kills.py"), "--kills", str(KILLS), "--seed", str(seed),
         "--corpus", str(corpus), "--out", str(tmp_path / "dbs")],
        capture_output=True, text=True, timeout=600,
    )
    summary = json.loads(done.stdout.splitlines()[-1])
    assert done.returncode == 0, (seed, summary["failures"])
    assert summary["passed"] == summary["rounds"] and summary["killed"] == KILLS
    assert summary["expected"]["stories"] >= 2 and summary["expected"]["matches"] > 0
