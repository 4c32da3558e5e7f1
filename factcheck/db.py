"""Opening claims.db: pragmas, migrations and small query helpers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from .errors import FactcheckError
from .migrations import migrate

DEFAULT_DB = "claims.db"


def open_db(path: str | Path = DEFAULT_DB, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and migrate forward) a factcheck database.

    WAL mode lets a reviewer read while an ingest writes; foreign keys are
    enforced; a busy timeout lets two writers take turns instead of failing.
    ``create=False`` refuses to make a new file (for read-only commands).
    """
    path = Path(path)
    if not create and not path.exists():
        raise FactcheckError(f"{path}: no such database (run `factcheck ingest` first)")
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
    except sqlite3.DatabaseError as error:
        raise FactcheckError(f"{path}: not a usable factcheck database ({error})") from None
    return db


def memory_db() -> sqlite_utils.Database:
    """An in-memory database with the full schema (for tests and scratch work)."""
    db = sqlite_utils.Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert one row inside the caller's transaction and return its rowid
    (sqlite-utils' ``insert`` commits every row it writes)."""
    names = ", ".join(f"[{column}]" for column in row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"insert into [{table}] ({names}) values ({marks})", list(row.values())).lastrowid
