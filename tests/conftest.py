from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.db import memory_db, open_db

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
# Gold files and corpora the tests score against live in the repository (sources: tests/data/README.md).
DATA = REPO / "tests" / "data"
GOLD = DATA / "gold"
CORPORA = DATA / "corpora"
ACEH = CORPORA / "aceh-2013"
HTML = DATA / "html"


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


@pytest.fixture(scope="session")
def seeds_db_path(tmp_path_factory) -> Path:
    """A claims.db built once per test run by the whole pipeline from corpus/ (read it, don't write)."""
    from factcheck.pipeline import run

    path = tmp_path_factory.mktemp("seeds") / "claims.db"
    run(open_db(path), [str(CORPUS)])
    return path


@pytest.fixture
def seeds_db(seeds_db_path):
    return open_db(seeds_db_path)
