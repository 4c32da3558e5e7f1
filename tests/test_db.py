import sqlite3

import pytest

from factcheck.db import open_db
from factcheck.errors import FactcheckError
from factcheck.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
import sqlite_utils


def test_schema_version_and_pragmas(file_db):
    assert file_db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert file_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_articles_columns(fresh_db):
    assert set(fresh_db["articles"].columns_dict) == {
        "id", "outlet_id", "url", "title", "published", "outlet_source", "url_source",
        "title_source", "published_source", "provenance", "source", "source_name", "text",
        "content_hash", "ingested_at", "revision_of",
    }
    assert fresh_db["claims"].detect_fts() == "claims_fts"


def test_old_database_migrates_forward_with_its_data(db_path):
    old = sqlite_utils.Database(db_path)
    assert migrate(old, upto=1) == 1
    old["outlets"].insert({"id": 1, "name": "Caliber.az"})
    old["articles"].insert(
        {"id": 7, "outlet_id": 1, "text": "It operates in 71 countries.", "content_hash": "h",
         "source": "a.txt", "ingested_at": "2025-01-01T00:00:00+00:00"}
    )
    old.close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db["articles"].get(7)["text"] == "It operates in 71 countries."
    assert {"claims", "matches", "verdicts"} <= set(db.table_names())
    # Running again is a no-op.
    assert migrate(db) == SCHEMA_VERSION


def test_foreign_keys_are_enforced(fresh_db):
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db["claims"].insert({"id": "c", "article_id": 99, "start": 0, "end": 1, "text": "x"})


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(FactcheckError, match="not a usable factcheck database"):
        open_db(bad)


def test_missing_database_for_reading(tmp_path):
    with pytest.raises(FactcheckError, match="no such database"):
        open_db(tmp_path / "none.db", create=False)


def test_an_old_database_keeps_its_search_index_and_rewrites_it_only_for_new_text(db_path):
    from factcheck.migrations import m013_search_index_on_text_updates

    old = sqlite_utils.Database(db_path)
    migrate(old, upto=MIGRATIONS.index(m013_search_index_on_text_updates))
    old.execute("insert into articles (id, text, content_hash, source, ingested_at)"
                " values (1, 'The ferry carried 240 passengers.', 'h', 'a.txt', '2025-01-01')")
    old.execute("insert into claims (id, article_id, idx, start, end, text, content)"
                " values ('c1', 1, 0, 0, 33, 'The ferry carried 240 passengers.', 'The ferry carried 240 passengers.')")
    old.conn.commit()
    old.close()
    db = open_db(db_path)

    def found(word):
        return [row[0] for row in db.execute(
            "select c.id from claims c where c.rowid in (select rowid from claims_fts where claims_fts match ?)", [word])]

    def index_blocks():
        return db.execute("select id, block from claims_fts_data order by id").fetchall()

    assert found("ferry") == ["c1"]
    before = index_blocks()
    db.execute("update claims set predicate = 'carry', checkworthiness = 0.9 where id = 'c1'")
    assert index_blocks() == before
    db.execute("update claims set text = 'The boat carried 240 passengers.' where id = 'c1'")
    assert found("boat") == ["c1"] and found("ferry") == []
