"""Storing articles: idempotent re-runs, revisions, and a database that survives a kill."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from factcheck.db import open_db
from factcheck.ingest import ingest_sources

PROSE = "The agency operates in 71 countries and reports to the Foreign Ministry, officials said on Monday."


def test_same_content_again_changes_nothing(fresh_db, tmp_path):
    (tmp_path / "a.txt").write_text(PROSE)
    first = ingest_sources(fresh_db, [str(tmp_path)])
    before = list(fresh_db["articles"].rows)
    again = ingest_sources(fresh_db, [str(tmp_path)])
    assert (again.new, again.revised, again.unchanged) == ([], [], first.new)
    assert list(fresh_db["articles"].rows) == before


def test_changed_text_at_the_same_path_is_a_new_revision(fresh_db, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(PROSE)
    (old_id,) = ingest_sources(fresh_db, [str(path)], published="2025-02-06").new
    path.write_text(PROSE.replace("71", "80"))
    report = ingest_sources(fresh_db, [str(path)])
    (new_id,) = report.revised
    assert report.new == [] and report.articles == [new_id]
    old, new = fresh_db["articles"].get(old_id), fresh_db["articles"].get(new_id)
    assert old["text"] == PROSE  # the old revision is kept
    assert new["revision_of"] == old_id and "80 countries" in new["text"]
    assert new["content_hash"] == hashlib.sha256(new["text"].encode()).hexdigest()
    # What the new text does not say, the revision keeps from the one it replaces.
    assert (new["published"], new["published_source"]) == ("2025-02-06", "previous-revision")
    # A third text revises the latest revision, not the first.
    path.write_text(PROSE.replace("71", "90"))
    (third_id,) = ingest_sources(fresh_db, [str(path)]).revised
    assert fresh_db["articles"].get(third_id)["revision_of"] == new_id


def test_outlets_are_shared_and_keep_their_domain(fresh_db, tmp_path):
    for number in (1, 2):
        (tmp_path / f"{number}.txt").write_text(
            f"---\nurl: https://www.themoscowtimes.com/2025/story-{number}\n---\n{PROSE} Story {number}."
        )
    ingest_sources(fresh_db, [str(tmp_path)])
    assert list(fresh_db["outlets"].rows) == [{"id": 1, "name": "The Moscow Times", "domain": "themoscowtimes.com"}]
    assert {row["outlet_id"] for row in fresh_db["articles"].rows} == {1}


def test_provenance_says_where_each_value_came_from(fresh_db, tmp_path):
    (tmp_path / "a.txt").write_text("twitter\nExample.com © 2025\n\nAgency to close its office\n\n13 February\n\n"
                                    f"{PROSE} It opened on December 25, 2024.\n\nViews: 12\n")
    ingest_sources(fresh_db, [str(tmp_path)], url="https://example.com/x")
    row = next(fresh_db["articles"].rows)
    provenance = json.loads(row["provenance"])
    assert provenance["published"] == {
        "value": "2025-02-13", "source": "dateline-year-inferred",
        "evidence": "13 February (year from 'December 25, 2024' in the text)", "other_candidates": [],
    }
    assert provenance["outlet"]["source"] == "url-domain"
    assert provenance["outlet"]["other_candidates"] == [
        {"value": "Example.com", "source": "signature", "evidence": "Example.com © 2025"}
    ]
    assert provenance["title"]["value"] == "Agency to close its office"
    assert {"twitter", "Views: 12", "Example.com © 2025"} <= set(provenance["removed_lines"])
    assert (row["url"], row["url_source"]) == ("https://example.com/x", "flag")


KILLED_INGEST = """
import sys
from factcheck.db import open_db
from factcheck.ingest import ingest_sources
ingest_sources(open_db(sys.argv[1]), [sys.argv[2]])
"""


def test_killed_ingest_leaves_a_consistent_database(tmp_path):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for number in range(1000):
        (corpus / f"{number:04d}.txt").write_text(f"Article {number}: {PROSE}\n\n{PROSE} " * 20)
    db_path = tmp_path / "claims.db"
    open_db(db_path).close()
    worker = subprocess.Popen([sys.executable, "-c", KILLED_INGEST, str(db_path), str(corpus)])
    try:
        reader = sqlite3.connect(db_path, timeout=30)
        deadline = time.monotonic() + 120
        while reader.execute("SELECT count(*) FROM articles").fetchone()[0] < 50:
            assert worker.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        reader.close()
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait()
    db = open_db(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = list(db["articles"].rows)
    assert 50 <= len(stored) < 1000
    for row in stored:  # every article is whole: its text, hash and name match
        assert row["content_hash"] == hashlib.sha256(row["text"].encode()).hexdigest()
        assert row["text"].startswith(f"Article {int(row['source_name'][:4])}: ")
    # Running again finishes the job without duplicating what was stored.
    report = ingest_sources(db, [str(corpus)])
    assert len(report.unchanged) == len(stored) and len(report.new) == 1000 - len(stored)
    assert db["articles"].count == 1000


def test_progress_bar_over_many_sources(fresh_db, tmp_path, capsys):
    for number in range(6):
        (tmp_path / f"{number}.txt").write_text(f"{PROSE} Story {number}.")
    report = ingest_sources(fresh_db, [str(tmp_path)], progress=True)
    assert len(report.new) == 6 and not report.failures
    assert capsys.readouterr().out == ""  # the bar draws on stderr, never in the printed results
