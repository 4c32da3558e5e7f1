"""Opening a database that is half migrated, newer, read-only or not SQLite at all."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
import sqlite_utils

from factcheck.db import open_db
from factcheck.errors import FactcheckError
from factcheck.migrations import MIGRATIONS, SCHEMA_VERSION, migrate

CLI = "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))"

# Run in a child process: migration NUMBER (1-based) is replaced by one that does
# the real work up to POINT and then dies of SIGKILL, as a machine losing power would.
DIE_IN_MIGRATION = """
import os, signal, sys
from factcheck import migrations
from factcheck.db import open_db

path, number, point = sys.argv[1], int(sys.argv[2]), sys.argv[3]
real = migrations.MIGRATIONS[number - 1]

def dying(db):
    if point == "halfway":
        db.execute("create table half_done (x)")
    else:
        real(db)
    os.kill(os.getpid(), signal.SIGKILL)

dying.__name__ = real.__name__
migrations.MIGRATIONS[number - 1] = dying
open_db(path)
"""


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-c", CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "COLUMNS": "200"})


def old_database(path, version):
    """A database built by an older factcheck (``version`` migrations), holding one article."""
    old = sqlite_utils.Database(path)
    migrate(old, upto=version)
    old.execute("insert into outlets (id, name) values (1, 'Caliber.az')")
    old.execute("insert into articles (id, outlet_id, text, content_hash, source, ingested_at)"
                " values (7, 1, 'It operates in 71 countries.', 'h', 'a.txt', '2025-01-01T00:00:00+00:00')")
    old.conn.commit()
    old.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("number, point", [
    (2, "done"),      # the claims tables, their FTS index and its triggers, all created
    (2, "halfway"),
    (9, "done"),      # columns added to an existing table
])
def test_a_migration_killed_part_way_leaves_nothing_of_itself(db_path, number, point):
    old_database(db_path, number - 1)
    died = subprocess.run([sys.executable, "-c", DIE_IN_MIGRATION, str(db_path), str(number), point],
                          capture_output=True, text=True)
    assert died.returncode == -9, died.stderr
    half = sqlite_utils.Database(db_path)
    assert half.execute("PRAGMA user_version").fetchone()[0] == number - 1
    assert "half_done" not in half.table_names()
    assert half.execute("select count(*) from _factcheck_migrations").fetchone()[0] == number - 1
    half.close()

    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db["articles"].get(7)["text"] == "It operates in 71 countries."
    assert db["claims"].detect_fts() == "claims_fts"
    assert "about" in db["quantities"].columns_dict


def test_a_migration_that_commits_part_way_is_caught(monkeypatch):
    def commits(db):
        db.execute("create table early (x)")
        db.conn.commit()

    monkeypatch.setattr("factcheck.migrations.MIGRATIONS", [*MIGRATIONS, commits])
    with pytest.raises(RuntimeError, match="commits"):
        migrate(sqlite_utils.Database(memory=True))


def test_two_processes_migrate_a_new_database_once(tmp_path):
    opens = [subprocess.Popen([sys.executable, "-c", "import sys; from factcheck.db import open_db; open_db(sys.argv[1])",
                               str(tmp_path / "new.db")], stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [process.communicate()[1] for process in opens]
    assert [process.returncode for process in opens] == [0, 0, 0], errors
    db = open_db(tmp_path / "new.db")
    assert db.execute("select count(*) from _factcheck_migrations").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_database_is_refused_untouched(db_path, tmp_path):
    open_db(db_path).close()
    newer = sqlite_utils.Database(db_path)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.execute("PRAGMA journal_mode = DELETE")
    newer.close()
    before = digest(db_path)
    with pytest.raises(FactcheckError, match=f"schema version {SCHEMA_VERSION + 1}.*newer factcheck"):
        open_db(db_path)
    done = run_cli("claims", "--db", db_path, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "newer factcheck" in done.stderr
    assert digest(db_path) == before


def test_a_read_only_database_is_listed_but_never_written(tmp_path):
    path = tmp_path / "ro.db"
    old_database(path, SCHEMA_VERSION)
    db = open_db(path)
    db.execute("insert into claims (id, article_id, start, [end], text, checkworthiness)"
               " values ('c', 7, 0, 28, ?, 0.9)", ["It operates in 71 countries."])
    db.conn.commit()
    db.close()
    path.chmod(0o444)
    before = digest(path)
    listed = run_cli("claims", "--db", path, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "It operates in 71 countries." in listed.stdout and "1 claims" in listed.stdout
    written = run_cli("verdict", "c", "--rating", "true", "--editor", "ana", "--db", path, cwd=tmp_path)
    assert written.returncode == 1
    assert written.stderr.splitlines() == ["factcheck: the database is read-only"]
    assert digest(path) == before


def test_a_read_only_database_that_needs_migrating_is_refused(tmp_path):
    path = tmp_path / "ro.db"
    old_database(path, SCHEMA_VERSION - 1)
    path.chmod(0o444)
    with pytest.raises(FactcheckError, match="read-only.*migrat"):
        open_db(path, create=False)


@pytest.mark.parametrize("content", [b"", b"claims go here\n", b"SQLite format 3\x00" + b"\xff" * 200])
@pytest.mark.parametrize("command", [["claims"], ["stories"], ["review", "--editor", "ana"]])
def test_a_file_that_is_not_a_factcheck_database_is_one_line(tmp_path, content, command):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    done = run_cli(*command, "--db", path, cwd=tmp_path)
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(f"factcheck: {path}: ")
    assert "Traceback" not in done.stderr
    assert path.read_bytes() == content


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite_utils.Database(path)
    other["notes"].insert({"text": "mine"})
    other.close()
    before = digest(path)
    with pytest.raises(FactcheckError, match="not a factcheck database"):
        open_db(path)
    assert digest(path) == before


def test_a_folder_or_a_pipe_as_the_database_is_one_line(tmp_path):
    os.mkfifo(tmp_path / "pipe.db")
    (tmp_path / "folder.db").mkdir()
    for name in ("pipe.db", "folder.db"):
        with pytest.raises(FactcheckError, match="not a database file"):
            open_db(tmp_path / name)


READ_ONLY_COMMANDS = [
    ["export", "claims"], ["export", "matches", "--format", "json"], ["contradictions"], ["agreements"],
    ["clusters"], ["claims"], ["stories"], ["verdicts"], ["history", "c1"], ["stats"],
]


def plain_sqlite(path, *, tables: bool):
    """Another program's SQLite file, with a user_version of its own (or an empty one)."""
    other = sqlite_utils.Database(path)
    if tables:
        other["notes"].insert({"text": "mine"})
        other.execute("PRAGMA user_version = 3")
    else:
        other.execute("PRAGMA user_version = 0")
        other.execute("VACUUM")
    other.close()
    return digest(path)


@pytest.mark.parametrize("tables", [True, False])
@pytest.mark.parametrize("command", READ_ONLY_COMMANDS)
def test_read_only_commands_leave_a_plain_sqlite_file_untouched(tmp_path, capsys, command, tables):
    from factcheck.cli import main

    path = tmp_path / "other.db"
    before = plain_sqlite(path, tables=tables)
    assert main([*command, "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.splitlines()) == 1
    assert "not a factcheck database" in captured.err
    assert digest(path) == before
    assert sorted(item.name for item in tmp_path.iterdir()) == ["other.db"]


def test_an_export_onto_the_database_itself_is_refused(db_path, capsys):
    from factcheck.cli import main

    open_db(db_path).close()
    before = digest(db_path)
    for out in (db_path, db_path.parent / "." / db_path.name, db_path.with_name(db_path.name + "-wal")):
        assert main(["export", "claims", "--out", str(out), "--db", str(db_path)]) == 1
        assert capsys.readouterr().err == f"factcheck: --out {out}: that is the database itself\n"
    assert main(["export", "claimreview", "--publisher", "D", "--publisher-url", "https://d.example",
                 "--out", str(db_path), "--db", str(db_path)]) == 1
    assert digest(db_path) == before
