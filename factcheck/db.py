"""Opening claims.db: pragmas, migrations and small query helpers."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Iterable

import sqlite_utils

from .errors import FactcheckError
from .migrations import SCHEMA_VERSION, migrate

DEFAULT_DB = "claims.db"
# SQLite failing to read or write the file, by its error code, with what the user can do
# about it; any other SQLite error is a bug and keeps its traceback.
STORAGE_FAILURES = {
    "SQLITE_FULL": "free some disk space and run the command again; what was stored is kept",
    "SQLITE_IOERR": "check the disk and run the command again; what was stored is kept",
    "SQLITE_BUSY": "another process holds the database: run the command again once it is done",
    "SQLITE_LOCKED": "another process holds the database: run the command again once it is done",
    "SQLITE_CORRUPT": "the file is damaged: restore it from a copy",
    "SQLITE_CANTOPEN": "check that the file and its folder exist and may be written",
}


def open_db(path: str | Path = DEFAULT_DB, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and migrate forward) a factcheck database.

    WAL mode lets a reviewer read while an ingest writes; foreign keys are
    enforced; a busy timeout lets two writers take turns instead of failing.
    ``create=False`` refuses to make a new file (for read-only commands). A
    file nobody may write is opened read-only, if its schema is current. A
    database this code cannot use (newer, another program's, not SQLite) is
    refused before anything is written to it.
    """
    path = Path(path)
    _check_file(path, create)
    read_only = path.exists() and not writable(path)
    db = _connect(path, read_only)
    try:
        db.execute("PRAGMA busy_timeout = 10000")
        version = _usable_version(db, path, create)
        if read_only and version < SCHEMA_VERSION:
            raise FactcheckError(f"{path}: the database is read-only, and its schema (version {version})"
                                 f" must be migrated to version {SCHEMA_VERSION}: make it writable once")
        if not read_only:
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise FactcheckError(storage_failure(path, error) or f"{path}: not a usable factcheck database ({error})") from None
    except FactcheckError:
        db.close()
        raise
    return db


def storage_advice(error: BaseException) -> str | None:
    """What to do when ``error`` is SQLite failing to read or write the file (a full disk, a
    lock); None for any other error."""
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    # Extended codes name their kind first: SQLITE_IOERR_WRITE is an SQLITE_IOERR. An error
    # raised by Python code rather than by SQLite has no code.
    name = getattr(error, "sqlite_errorname", None) or ""
    return STORAGE_FAILURES.get("_".join(name.split("_")[:2]))


def storage_failure(path: str | Path, error: BaseException) -> str | None:
    """One line for SQLite failing to read or write ``path``, saying what to do; None for any other error."""
    advice = storage_advice(error)
    return None if advice is None else f"{path}: {error}: {advice}"


def _check_file(path: Path, create: bool) -> None:
    if not path.exists():
        if not create:
            raise FactcheckError(f"{path}: no such database (run `factcheck ingest` first)")
        return
    if not path.is_file():
        # SQLite would wait for ever on a named pipe.
        raise FactcheckError(f"{path}: not a database file")
    if not create and path.stat().st_size == 0:
        raise FactcheckError(f"{path}: an empty file, not a factcheck database (run `factcheck ingest` first)")


def writable(path: Path) -> bool:
    """Whether we may write the file: its permissions, and its mode even for root,
    who may write anything but should not write a file marked read-only."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _connect(path: Path, read_only: bool) -> sqlite_utils.Database:
    if read_only:
        return sqlite_utils.Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
    return sqlite_utils.Database(path)


def _usable_version(db: sqlite_utils.Database, path: Path, create: bool) -> int:
    """The schema version, when this code can use the database (else FactcheckError).

    Only a factcheck database, or with ``create`` an empty one, is used: another
    program's file is left as it is, whatever its ``user_version``.
    """
    tables = db.table_names()
    if "_factcheck_migrations" not in tables:
        if tables:
            raise FactcheckError(f"{path}: an SQLite database, but not a factcheck database")
        if not create:
            raise FactcheckError(f"{path}: an empty SQLite database, not a factcheck database"
                                 " (run `factcheck ingest` first)")
        return 0
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise FactcheckError(f"{path}: schema version {version} is from a newer factcheck"
                             f" (this one knows {SCHEMA_VERSION}): upgrade factcheck to open it")
    return version


def memory_db() -> sqlite_utils.Database:
    """An in-memory database with the full schema (for tests and scratch work)."""
    db = sqlite_utils.Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def current_article(column: str = "a.id") -> str:
    """SQL that is true when ``column`` names a current article: one no later revision replaced."""
    return f"{column} NOT IN (SELECT revision_of FROM articles WHERE revision_of IS NOT NULL)"


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert one row inside the caller's transaction and return its rowid
    (sqlite-utils' ``insert`` commits every row it writes)."""
    names = ", ".join(f"[{column}]" for column in row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"insert into [{table}] ({names}) values ({marks})", list(row.values())).lastrowid


def insert_rows(
    db: sqlite_utils.Database, table: str, rows: Iterable[dict], *, ignore: bool = False, replace: bool = False
) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` without committing;
    ``ignore`` skips and ``replace`` replaces a row whose key is taken.

    sqlite-utils' ``insert``/``insert_all`` commit each chunk they write, which
    would end a caller's transaction half way through.
    """
    rows = list(rows)
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f"[{column}]" for column in columns)
    marks = ", ".join("?" for _ in columns)
    verb = "INSERT OR IGNORE" if ignore else "INSERT OR REPLACE" if replace else "INSERT"
    db.conn.executemany(
        f"{verb} INTO [{table}] ({names}) VALUES ({marks})", [[row[column] for column in columns] for row in rows]
    )
