"""Real processes at once on one database: two reviewers through the reviewer's
actions, an editor on the command line, an ingest and a `match --rebuild`.
Every verdict attempted is stored, and nobody is shown an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from conftest import CORPORA, REPO

from factcheck.db import open_db
from factcheck.pipeline import run

ROUNDS = 30
CLI = "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))"

# A reviewer in the terminal app: rates claims and contradictions, dismisses one,
# flags and undoes, through factcheck.review.actions. Prints the verdict rows it wrote.
REVIEWER = """
import json, sys, time
from factcheck.db import open_db
from factcheck.review.actions import Recorder
from factcheck.verdicts import load_scale

path, editor, targets = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
recorder = Recorder(open_db(path, create=False), editor, load_scale())
ratings = ["true", "false", "misleading", "mostly-true"]
written = []
for number, (target_type, target_id) in enumerate(targets):
    tab = "contradictions" if target_type == "match" else "claims"
    written.append(recorder.rate(tab, target_id, target_type, target_id, ratings[number % 4]).row_id)
    recorder.toggle_flag(tab, target_type, target_id)
    recorder.undo()
    time.sleep(0.2)
print(json.dumps(written))
"""

# An editor on the command line: one `factcheck verdict` after another, each its own open.
EDITOR = """
import contextlib, io, json, sys, time
from factcheck.cli import main

path, targets = sys.argv[1], json.loads(sys.argv[2])
codes = []
for number, (target_type, target_id) in enumerate(targets):
    codes.append(main(["verdict", f"{target_type}:{target_id}", "--rating", "unproven",
                       "--editor", "desk", "--note", f"call {number}", "--db", path]))
    time.sleep(0.2)
print(json.dumps(codes))
"""


def copy_event(name: str, folder, count: int) -> None:
    folder.mkdir(parents=True)
    for path in sorted((CORPORA / name).glob("*.txt"))[:count]:
        shutil.copy(path, folder / path.name)


def start(code_or_args: list[str], tmp_path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *code_or_args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO), "TERM": "dumb"})


def test_reviewers_an_editor_an_ingest_and_a_rebuild_at_once_lose_no_verdict(tmp_path, db_path):
    copy_event("aceh-2013", tmp_path / "first", 5)
    copy_event("athens-bank-2010", tmp_path / "later", 5)
    db = open_db(db_path)
    run(db, [str(tmp_path / "first")])
    claims = [("claim", row[0]) for row in db.execute("select id from claims order by id limit ?", [3 * ROUNDS])]
    contradictions = [("match", str(row[0])) for row in db.execute(
        "select id from matches where relation = 'contradicts' order by id limit ?", [ROUNDS])]
    clusters = [("cluster", str(row[0])) for row in db.execute("select id from clusters order by id limit 5")]
    db.close()
    assert len(contradictions) >= 5 and clusters
    alice = claims[:ROUNDS] + contradictions
    bob = claims[ROUNDS:2 * ROUNDS] + contradictions[::-1]
    desk = claims[2 * ROUNDS:] + clusters + contradictions[:5]

    processes = {
        "alice": start(["-c", REVIEWER, str(db_path), "alice", json.dumps(alice)], tmp_path),
        "bob": start(["-c", REVIEWER, str(db_path), "bob", json.dumps(bob)], tmp_path),
        "desk": start(["-c", EDITOR, str(db_path), json.dumps(desk)], tmp_path),
        "ingest": start(["-c", CLI, "ingest", str(tmp_path / "later"), "--db", str(db_path)], tmp_path),
        "rebuild": start(["-c", CLI, "match", "--rebuild", "--db", str(db_path)], tmp_path),
    }
    outputs = {name: process.communicate(timeout=600) for name, process in processes.items()}
    shown = {name: err for name, (_, err) in outputs.items() if err.strip()}
    assert shown == {}
    assert {name: process.returncode for name, process in processes.items()} == dict.fromkeys(processes, 0)

    db = open_db(db_path)
    # Rows each editor wrote themselves (a verdict carried to a renamed cluster is not one).
    stored = {editor: db.execute("select count(*) from verdicts where editor = ?"
                                 " and coalesce(note, '') not like '%(carried from %'", [editor]).fetchone()[0]
              for editor in ("alice", "bob", "desk")}
    written = {name: json.loads(outputs[name][0]) for name in ("alice", "bob")}
    assert stored == {"alice": len(alice), "bob": len(bob), "desk": len(desk)}
    assert json.loads(outputs["desk"][0].splitlines()[-1]) == [0] * len(desk)
    assert all(db.execute("select 1 from verdicts where id = ? and editor = ?", [row, name]).fetchone()
               for name, rows in written.items() for row in rows)
    # The ingest and the rebuild both finished: the later event is matched, in stories of its own.
    story_of_event = {
        event: {row[0] for row in db.execute(
            "select m.story_id from story_members m join articles a on a.id = m.article_id where a.source like ?",
            [f"%/{event}/%"])}
        for event in ("first", "later")
    }
    assert all(story_of_event.values()) and not story_of_event["first"] & story_of_event["later"]
    assert db.execute("select count(*) from articles where id not in (select article_id from story_members)"
                      ).fetchone()[0] == 0
    assert db.execute("select count(*) from claims where id not in (select claim_id from matched_claims)"
                      ).fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
