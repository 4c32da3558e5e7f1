"""A stage that meets one bad article or claim pair reports it, finishes the rest,
exits non-zero, and leaves the bad one for the next run to take up again."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest
import sqlite_utils
from spacy.language import Language
from typer.testing import CliRunner

from conftest import CORPUS

import factcheck.claims
import factcheck.db
import factcheck.judge
from factcheck.claims import analyse, unanalysed_articles
from factcheck.cli import main
from factcheck.cli.app import app
from factcheck.db import open_db
from factcheck.ingest import ingest_sources
from factcheck.ingest.readers import expand_sources
from factcheck.match import match_new
from factcheck.migrations import migrate
from factcheck.nlp import load

ARTICLES = {
    "1-post.txt": ("Harbour Post", "2024-05-06",
                 "The Harbour Trust said the ferry carried 240 passengers on Monday. "
                 "The crossing to the island took 40 minutes in calm weather."),
    "2-times.txt": ("Island Times", "2024-05-07", "The Harbour Trust said the ferry carried 310 passengers on Monday."),
    "3-radio.txt": ("Coast Radio", "2024-05-07", "The ferry carried 240 passengers on Monday, the Harbour Trust said."),
}
COUNTED_TABLES = ("articles", "analysed_articles", "claims", "entities", "matches", "clusters", "stories")
UNREADABLE = "310 passengers"
"""Text of the one article (2-times.txt) that the broken parts below fail on."""


@Language.component("fails_on_one_article")
def fails_on_one_article(doc):
    if UNREADABLE in doc.text:
        raise ValueError("cannot parse this sentence")
    return doc


@pytest.fixture(scope="module")
def nlp():
    return load()


@pytest.fixture(scope="module")
def broken_nlp():
    broken = load()
    broken.add_pipe("fails_on_one_article")
    return broken


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (outlet, published, text) in ARTICLES.items():
        (folder / name).write_text(f"---\noutlet: {outlet}\npublished: {published}\n---\n{text}\n")
    return folder


def use_nlp(monkeypatch, nlp) -> None:
    monkeypatch.setattr("factcheck.nlp.load", lambda model=None: nlp)


def break_judge_on_one_article(monkeypatch) -> None:
    judge = factcheck.judge.judge

    def failing(a, b, scores, config):
        if UNREADABLE in a.text or UNREADABLE in b.text:
            raise IndexError("tuple index out of range")
        return judge(a, b, scores, config)

    monkeypatch.setattr("factcheck.match.judge", failing)


def ingest(folder, db_path):
    return CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db_path)])


def article_id(db: sqlite_utils.Database, name: str) -> int:
    return db.execute("select id from articles where source_name = ?", [name]).fetchone()[0]


def articles_with_claims(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute(
        "select distinct a.source_name from claims c join articles a on a.id = c.article_id"
    )}


def unmatched_claims(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute("select text from claims where id not in (select claim_id from matched_claims)")}


def test_an_article_the_nlp_fails_on_is_reported_and_the_others_are_stored(fresh_db, corpus, broken_nlp):
    report = ingest_sources(fresh_db, [str(corpus)])
    counts = analyse(fresh_db, report.new, nlp=broken_nlp)
    times = article_id(fresh_db, "2-times.txt")
    assert counts.failures == [f"claims: article {times} (2-times.txt): ValueError: cannot parse this sentence"]
    assert counts["failed"] == 1 and counts["claims"] == 3
    assert articles_with_claims(fresh_db) == {"1-post.txt", "3-radio.txt"}
    assert unanalysed_articles(fresh_db) == [times]


def test_an_article_whose_storing_fails_half_way_leaves_none_of_its_rows(fresh_db, corpus, nlp, monkeypatch):
    report = ingest_sources(fresh_db, [str(corpus)])
    insert_quantities = factcheck.claims._insert_quantities

    def failing(db, claim, quantities):
        if any(quantity.value == 310 for quantity in quantities):
            raise sqlite3.OperationalError("disk I/O error")
        insert_quantities(db, claim, quantities)

    # After the article's claims, attributions and entity mentions are written.
    monkeypatch.setattr("factcheck.claims._insert_quantities", failing)
    counts = analyse(fresh_db, report.new, nlp=nlp)
    times = article_id(fresh_db, "2-times.txt")
    assert counts.failures == [f"claims: article {times} (2-times.txt): OperationalError: disk I/O error"]
    assert articles_with_claims(fresh_db) == {"1-post.txt", "3-radio.txt"}
    for table in ("attributions", "claim_entities", "quantities"):
        assert fresh_db.execute(f"select count(*) from {table} where claim_id not in (select id from claims)"
                                ).fetchone()[0] == 0
    assert unanalysed_articles(fresh_db) == [times]


def test_worker_processes_lose_only_the_failing_article_and_are_all_stopped(fresh_db, broken_nlp):
    # Past two batches, so that the stream restarts after the batch the failure was in.
    names = "Ames Baker Cole Dunn Ellis Ford Grant Hale Irwin Jones Kerr Lowe Moss Nash Orr Pike Quinn Reed Shaw Tate".split()
    texts = [f"Councillor {name} said the buses arrived in the town." for name in names]
    texts[9] = f"The council said the ferry carried {UNREADABLE} on Monday."
    for number, text in enumerate(texts, start=1):
        fresh_db["articles"].insert({"id": number, "text": text, "content_hash": str(number),
                                     "source": f"{number}.txt", "source_name": f"{number}.txt", "ingested_at": "x"})
    counts = analyse(fresh_db, range(1, len(texts) + 1), workers=2, nlp=broken_nlp)
    assert counts.failures == ["claims: article 10 (10.txt): ValueError: cannot parse this sentence"]
    assert unanalysed_articles(fresh_db) == [10]
    assert multiprocessing.active_children() == []


def test_a_failed_article_is_analysed_by_the_next_ingest_though_unchanged(corpus, db_path, nlp, broken_nlp,
                                                                          monkeypatch):
    use_nlp(monkeypatch, broken_nlp)
    failed = ingest(corpus, db_path)
    assert failed.exit_code == 1
    times = article_id(open_db(db_path), "2-times.txt")
    assert failed.stderr == f"factcheck: claims: article {times} (2-times.txt): ValueError: cannot parse this sentence\n"
    assert "claims: 3 claims, 2 attributed, 1 entities, 1 failed" in failed.stdout

    use_nlp(monkeypatch, nlp)
    retried = ingest(corpus, db_path)
    assert retried.exit_code == 0 and retried.stderr == ""
    assert retried.stdout.startswith("0 new, 0 revised, 3 unchanged, 0 failed")
    assert "claims: 1 claims, 1 attributed, 1 entities" in retried.stdout
    assert articles_with_claims(open_db(db_path)) == set(ARTICLES)


def test_an_article_stored_but_never_analysed_is_analysed_by_the_next_ingest(corpus, db_path, nlp, monkeypatch):
    # What a run killed between storing the articles and analysing them leaves behind.
    ingest_sources(open_db(db_path), [str(corpus)])
    use_nlp(monkeypatch, nlp)
    result = ingest(corpus, db_path)
    assert result.exit_code == 0
    assert articles_with_claims(open_db(db_path)) == set(ARTICLES)
    assert ingest(corpus, db_path).stdout.splitlines()[1] == "claims: 0 claims, 0 attributed, 0 entities"


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {table: db.execute(f"select count(*) from [{table}]").fetchone()[0] for table in COUNTED_TABLES}


def store_the_first_article(db: sqlite_utils.Database, nlp, monkeypatch) -> None:
    """What a run killed after storing its first article leaves."""
    paths, _skipped = expand_sources([str(CORPUS)])
    ingest_sources(db, paths[:1])


def store_claims_of_two_articles_unresolved(db: sqlite_utils.Database, nlp, monkeypatch) -> None:
    """What a run killed after storing the claims of two articles, before resolving their entities, leaves."""
    stored = ingest_sources(db, [str(CORPUS)]).new
    with monkeypatch.context() as killed_before_resolving:
        killed_before_resolving.setattr(factcheck.claims, "resolve_entities", lambda db, article_ids: 0)
        analyse(db, stored[:2], nlp=nlp)


@pytest.mark.parametrize("interrupted", [store_the_first_article, store_claims_of_two_articles_unresolved])
def test_an_ingest_after_an_interruption_ends_with_the_counts_of_an_uninterrupted_one(
    interrupted, seeds_db, db_path, nlp, monkeypatch
):
    # Resolution joins an article's names to the entities of the articles before it, so
    # articles left over by the interrupted run must not be taken after the new ones.
    interrupted(open_db(db_path), nlp, monkeypatch)
    use_nlp(monkeypatch, nlp)
    assert ingest(CORPUS, db_path).exit_code == 0
    assert counts(open_db(db_path)) == counts(seeds_db)


def limit_database_pages(monkeypatch, pages: int) -> None:
    """Every database opened from now on stops growing at ``pages`` pages: a full disk, for SQLite."""
    connect = factcheck.db._connect

    def small(path, read_only):
        db = connect(path, read_only)
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(factcheck.db, "_connect", small)


# The disk fills while the database is created, while the articles are stored, while their claims
# are, and while their entities are resolved.
@pytest.mark.parametrize("pages", [60, 70, 85, 130])
def test_a_full_disk_ends_an_ingest_on_one_line_and_the_next_ingest_finishes_the_job(
    pages, seeds_db, db_path, nlp, monkeypatch, capsys
):
    use_nlp(monkeypatch, nlp)
    with monkeypatch.context() as full_disk:
        limit_database_pages(full_disk, pages)
        assert main(["ingest", str(CORPUS), "--db", str(db_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"factcheck: {db_path}: database or disk is full: free some disk space and run the command again; "
        "what was stored is kept"
    ]
    assert open_db(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert main(["ingest", str(CORPUS), "--db", str(db_path)]) == 0
    assert counts(open_db(db_path)) == counts(seeds_db)


def test_entities_left_unresolved_by_an_interrupted_run_are_resolved_by_the_next(fresh_db, corpus, nlp):
    ingest_sources(fresh_db, [str(corpus)])
    analyse(fresh_db, unanalysed_articles(fresh_db), nlp=nlp)
    fresh_db.execute("update claim_entities set entity_id = null")
    fresh_db.conn.commit()
    assert analyse(fresh_db, [], nlp=nlp)["entities"] == 1
    assert fresh_db.execute("select count(*) from claim_entities where entity_id is null").fetchone()[0] == 0


def test_a_pair_the_judge_fails_on_is_reported_and_left_unmatched(fresh_db, corpus, nlp, monkeypatch):
    analyse(fresh_db, ingest_sources(fresh_db, [str(corpus)]).new, nlp=nlp)
    break_judge_on_one_article(monkeypatch)
    counts = match_new(fresh_db)
    assert counts["failed"] == len(counts.failures) == 2
    post, times = article_id(fresh_db, "1-post.txt"), article_id(fresh_db, "2-times.txt")
    assert any(f"(article {post}, 1-post.txt) and " in line and f"(article {times}, 2-times.txt): " in line
               for line in counts.failures)
    assert all(line.startswith("match: claims ") and line.endswith(": IndexError: tuple index out of range")
               for line in counts.failures)
    assert counts["agreements"] == 1
    # Every claim of a failed pair waits for the next run; the crossing's claim had no such pair.
    assert unmatched_claims(fresh_db) == {
        "The Harbour Trust said the ferry carried 240 passengers on Monday.",
        "The Harbour Trust said the ferry carried 310 passengers on Monday.",
        "The ferry carried 240 passengers on Monday, the Harbour Trust said.",
    }

    monkeypatch.undo()
    retried = match_new(fresh_db)
    assert (retried["agreements"], retried["contradictions"], retried.failures) == (0, 2, [])
    assert unmatched_claims(fresh_db) == set()


def test_match_command_reports_failed_pairs_and_exits_non_zero(corpus, db_path, nlp, monkeypatch):
    use_nlp(monkeypatch, nlp)
    break_judge_on_one_article(monkeypatch)
    failed = ingest(corpus, db_path)
    assert failed.exit_code == 1
    assert "match: 1 agreements, 0 contradictions, 0 suggestions, 1 clusters, 2 failed" in failed.stdout
    assert len(failed.stderr.splitlines()) == 2
    assert all(line.startswith("factcheck: match: claims ") for line in failed.stderr.splitlines())

    still_failing = CliRunner().invoke(app, ["match", "--db", str(db_path)])
    assert still_failing.exit_code == 1 and still_failing.stderr == failed.stderr

    monkeypatch.undo()
    fixed = CliRunner().invoke(app, ["match", "--db", str(db_path)])
    assert fixed.exit_code == 0 and fixed.stderr == ""
    assert fixed.stdout.startswith("match: 0 agreements, 2 contradictions")


def test_old_databases_count_articles_with_claims_as_analysed(db_path):
    old = sqlite_utils.Database(db_path)
    migrate(old, upto=7)
    for number in (1, 2):
        old["articles"].insert({"id": number, "text": f"text {number}", "content_hash": f"h{number}",
                                "source": f"{number}.txt", "ingested_at": f"2025-01-0{number}"})
    old["claims"].insert({"id": "c", "article_id": 1, "start": 0, "end": 6, "text": "text 1"})
    old.close()
    db = open_db(db_path)
    assert list(db["analysed_articles"].rows) == [{"article_id": 1, "analysed_at": "2025-01-01"}]
    assert unanalysed_articles(db) == [2]
