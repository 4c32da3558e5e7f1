"""Verdicts on the seed corpus: they survive a re-ingest and a new revision."""

import shutil

import pytest

from factcheck import pipeline, verdicts
from factcheck.db import open_db
from factcheck.export import claim_reviews, dataset_rows

from conftest import CORPUS

ARTICLE = "001_77b490b04aa29267.txt"


@pytest.fixture
def corpus_db(db_path):
    db = open_db(db_path)
    pipeline.run(db, [str(CORPUS)])
    return db


def claim_ids(db):
    return [row[0] for row in db.execute("select id from claims order by id")]


def test_verdicts_survive_a_reingest(corpus_db, db_path):
    contradiction = corpus_db.execute(
        "select id, claim_a from matches where relation = 'contradicts' order by id limit 1"
    ).fetchone()
    assert contradiction, "the seed corpus has contradictions"
    verdicts.record_verdict(corpus_db, "claim", contradiction[1], "false", editor="ana")
    verdicts.record_verdict(corpus_db, "match", contradiction[0], "misleading", editor="ana")
    before = claim_ids(corpus_db)
    corpus_db.close()

    db = open_db(db_path)
    report = pipeline.run(db, [str(CORPUS)])
    assert len(report.ingest.unchanged) == 5
    assert claim_ids(db) == before
    current = {(row["target_type"], row["target_id"]): row for row in verdicts.current_verdicts(db)}
    assert current[("claim", contradiction[1])]["rating"] == "false"
    assert current[("claim", contradiction[1])]["orphaned"] == 0
    assert db["claims"].get(contradiction[1])
    # Every current verdict reaches the exports; ClaimReview reviews the claim once, by its own verdict.
    assert len(dataset_rows(db, "verdicts")) == 2
    reviews = claim_reviews(db, publisher="Desk", publisher_url="https://desk.example")
    assert [review["reviewRating"]["alternateName"] for review in reviews] == ["False"]
    assert all(review["itemReviewed"]["appearance"] for review in reviews)


def test_a_new_revision_orphans_a_dropped_claim_and_carries_the_rest(tmp_path, db_path):
    source = tmp_path / "articles" / ARTICLE
    source.parent.mkdir()
    shutil.copy(CORPUS / ARTICLE, source)
    db = open_db(db_path)
    pipeline.run(db, [str(source.parent)])
    claims = db.execute_returning_dicts("select id, text from claims order by idx")
    kept, dropped = claims[0], claims[-1]
    verdicts.record_verdict(db, "claim", kept["id"], "true", editor="ana")
    verdicts.record_verdict(db, "claim", dropped["id"], "false", note="Denied.", editor="ben")

    text = source.read_text(encoding="utf-8")
    assert dropped["text"] in text
    source.write_text(text.replace(dropped["text"], "The agency did not comment."), encoding="utf-8")
    report = pipeline.run(db, [str(source.parent)])
    [revision] = report.ingest.revised
    assert report.stages["verdicts"] == {"carried": 1, "orphaned": 1}

    current = {row["target_id"]: row for row in verdicts.current_verdicts(db, "claim")}
    orphan = current[dropped["id"]]
    assert (orphan["rating"], orphan["editor"], orphan["note"]) == ("false", "ben", "Denied.")
    assert orphan["orphaned"] == 1
    nearest = db["claims"].get(orphan["nearest_claim_id"])
    assert nearest["article_id"] == revision
    carried = [row for row in current.values() if row["target_id"] not in (kept["id"], dropped["id"])]
    assert [(row["rating"], row["article_id"]) for row in carried] == [("true", revision)]
    assert verdicts.history(db, dropped["id"])[0]["rating"] == "false"
