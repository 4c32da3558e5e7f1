from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.db import memory_db, open_db

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
GOLD = SHARED / "gold"
ACEH = SHARED / "corpora" / "aceh-2013"
HTML = SHARED / "html"


@pytest.fixture(autouse=True)
def _stay_off_user_files(tmp_path, monkeypatch):
    """Commands that default to ./claims.db write into the test's own folder."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def fresh_db():
    return memory_db()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "claims.db"


@pytest.fixture
def file_db(db_path):
    return open_db(db_path)
