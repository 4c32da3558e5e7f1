"""`factcheck stories`, and the story column and --story filter of the other listings."""

import json

import pytest
from typer.testing import CliRunner

from factcheck.cli.app import app
from factcheck.db import open_db
from factcheck.errors import FactcheckError
from factcheck.stories import list_stories, readable_terms, story_detail

from test_export import fill

WIDE = {"COLUMNS": "200"}


@pytest.fixture
def stories_db(db_path):
    """Two stories: articles 1 and 2 (a contradiction, an agreement, a cluster), and article 3."""
    db = fill(open_db(db_path))
    db["story_members"].update(1, {"evidence": json.dumps(
        {"story": 1, "started": True, "revision_of": None, "shared": ["e:azerbaijan", "w:azerbaijan", "w:exports"]})})
    db["story_members"].update(2, {"evidence": json.dumps(
        {"story": 1, "started": False, "revision_of": None, "shared": ["e:jabbarov", "w:countries"]})})
    db["stories"].update(2, {"label": "[bold]exports[/bold] fell"})
    with db.conn:
        db.execute("update claims set checkworthiness = 0.5")
    db.close()
    return str(db_path)


def invoke(*args):
    result = CliRunner().invoke(app, list(args), env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def as_json(*args):
    return json.loads(invoke(*args, "--json"))


def test_stories_table_and_json(stories_db):
    shown = invoke("stories", "--db", stories_db)
    assert "2 stories" in shown
    assert "2025-05-01 .. 2025-05-03" in shown and "azerbaijan, exports" in shown
    # A label is data: its brackets print as they are.
    assert "[bold]exports[/bold] fell" in shown
    assert as_json("stories", "--db", stories_db) == [
        {"story_id": 1, "label": "azerbaijan, exports", "articles": 2, "outlets": 2, "first_published": "2025-05-01",
         "last_published": "2025-05-03", "claims": 3, "contradictions": 1, "article_ids": "1; 2"},
        {"story_id": 2, "label": "[bold]exports[/bold] fell", "articles": 1, "outlets": 1,
         "first_published": "2025-06-10", "last_published": "2025-06-10", "claims": 2, "contradictions": 0,
         "article_ids": "3"},
    ]


def test_one_story_shows_its_articles_and_why_they_joined(stories_db):
    shown = invoke("stories", "--db", stories_db, "--story", "1")
    assert "story 1: azerbaijan, exports (2 articles, 3 claims, 1 contradiction)" in shown
    assert "started it" in shown and "joined" in shown
    assert "azerbaijan, exports" in shown and "jabbarov, countries" in shown
    assert "Exports grow" in shown and "Trade figures" in shown
    detail = as_json("stories", "--db", stories_db, "--story", "1")
    assert [(m["id"], m["outlet"], m["published"], m["started"], m["score"]) for m in detail["members"]] == [
        (1, "Caliber.az", "2025-05-01", True, 0.5), (2, "APA", "2025-05-03", False, 0.5)]
    assert detail["members"][0]["shared"] == ["azerbaijan", "exports"]


def test_an_unknown_story_is_one_line(stories_db):
    from factcheck.cli import main

    with pytest.raises(FactcheckError, match="no story 9"):
        story_detail(open_db(stories_db), 9)
    assert main(["stories", "--db", stories_db, "--story", "9"]) == 1


def test_listings_carry_the_story_and_filter_by_it(stories_db):
    claims = as_json("claims", "--db", stories_db, "--story", "2")
    assert sorted(claim["claim_id"] for claim in claims) == ["c3", "c4"] and {c["story_id"] for c in claims} == {2}
    assert {claim["story_id"] for claim in as_json("claims", "--db", stories_db)} == {1, 2}
    [contradiction] = as_json("contradictions", "--db", stories_db, "--story", "1")
    assert contradiction["story_id"] == 1 and contradiction["reason"] == "71 vs 80 countries"
    assert as_json("contradictions", "--db", stories_db, "--story", "2") == []
    [agreement] = as_json("agreements", "--db", stories_db, "--story", "1")
    assert agreement["story_id"] == 1
    [cluster] = as_json("clusters", "--db", stories_db, "--story", "1")
    assert cluster["story_id"] == 1
    assert as_json("clusters", "--db", stories_db, "--story", "2") == []
    for command in ("claims", "contradictions", "agreements", "clusters"):
        assert "story" in invoke(command, "--db", stories_db).splitlines()[2], command


def test_a_pair_across_stories_is_in_either_and_has_no_one_story(stories_db):
    db = open_db(stories_db)
    db["matches"].insert({"id": 3, "claim_a": "c2", "claim_b": "c3", "relation": "contradicts", "score": 0.5,
                          "tier": "suggest", "reason": "80 vs 5"})
    db.close()
    for story in ("1", "2"):
        rows = as_json("contradictions", "--db", stories_db, "--story", story)
        assert {row["match_id"]: row["story_id"] for row in rows}[3] is None
    assert [s["contradictions"] for s in list_stories(open_db(stories_db))] == [2, 1]


def test_seed_corpus_is_one_story(seeds_db_path):
    db = str(seeds_db_path)
    [story] = as_json("stories", "--db", db)
    assert story["articles"] == 5 and story["outlets"] == 2
    detail = as_json("stories", "--db", db, "--story", str(story["story_id"]))
    assert len(detail["members"]) == 5 and all(member["shared"] for member in detail["members"])
    assert sum(member["started"] for member in detail["members"]) == 1
    assert len(as_json("claims", "--db", db, "--story", str(story["story_id"]))) == story["claims"]
    assert len(as_json("contradictions", "--db", db, "--story", str(story["story_id"]))) == story["contradictions"]
    assert as_json("contradictions", "--db", db, "--story", str(story["story_id"] + 1)) == []


def test_readable_terms_drop_the_kind_and_repeats():
    assert readable_terms(["e:baku", "w:baku", "w:closure"]) == ["baku", "closure"]
