import pytest

from factcheck import verdicts
from factcheck.errors import FactcheckError


def add_article(db, article_id, claims, *, revision_of=None, outlet="Caliber.az"):
    """An article with one claim per text, ids like ``a<article>-<n>``."""
    db["outlets"].insert({"name": outlet}, ignore=True)
    outlet_id = db.execute("select id from outlets where name = ?", [outlet]).fetchone()[0]
    text = " ".join(claims)
    db["articles"].insert({
        "id": article_id, "outlet_id": outlet_id, "text": text, "published": "2025-05-01",
        "content_hash": f"hash-{article_id}", "source": f"{article_id}.txt",
        "ingested_at": "2025-05-02T00:00:00+00:00", "revision_of": revision_of,
    })
    start = 0
    for idx, claim in enumerate(claims):
        db["claims"].insert({
            "id": f"a{article_id}-{idx}", "article_id": article_id, "idx": idx,
            "start": start, "end": start + len(claim), "text": claim, "content": claim,
        })
        start += len(claim) + 1


@pytest.fixture
def db(fresh_db):
    add_article(fresh_db, 1, ["Azerbaijan exports to 71 countries.", "The minister resigned on Monday."])
    return fresh_db


def test_default_scale_maps_to_claimreview():
    scale = verdicts.load_scale()
    assert scale.names == ["true", "mostly-true", "misleading", "false", "unproven"]
    assert (scale.best, scale.worst) == (5, 1)
    assert scale.get("false").value == 1
    assert scale.get("mostly-true").alternate_name == "Mostly true"
    assert scale.get("unproven").value is None


def test_scale_from_another_file(tmp_path, monkeypatch):
    path = tmp_path / "scale.yaml"
    path.write_text(
        "best: 3\nworst: 1\nratings:\n"
        "  - {name: right, alternate_name: Right, value: 3}\n"
        "  - {name: wrong, alternate_name: Wrong, value: 1}\n"
    )
    monkeypatch.setenv(verdicts.SCALE_ENV, str(path))
    assert verdicts.load_scale().names == ["right", "wrong"]
    with pytest.raises(FactcheckError, match="unknown rating 'true'"):
        verdicts.load_scale().get("true")


def test_bad_scale_file_is_a_clear_error(tmp_path):
    path = tmp_path / "scale.yaml"
    path.write_text("best: 1\nworst: 5\nratings: []\n")
    with pytest.raises(FactcheckError, match="worst < best"):
        verdicts.load_scale(path)
    with pytest.raises(FactcheckError, match="cannot read"):
        verdicts.load_scale(tmp_path / "missing.yaml")


def test_latest_verdict_is_current_and_all_are_kept(db):
    verdicts.record_verdict(db, "claim", "a1-0", "mostly-true", editor="ana")
    verdicts.record_verdict(db, "claim", "a1-0", "false", note="It is 80.", editor="ben")
    verdicts.record_verdict(db, "claim", "a1-1", "true", editor="ana")
    current = {row["target_id"]: row for row in verdicts.current_verdicts(db)}
    assert current["a1-0"]["rating"] == "false"
    assert current["a1-0"]["editor"] == "ben"
    assert current["a1-0"]["note"] == "It is 80."
    assert current["a1-0"]["claim_text"] == "Azerbaijan exports to 71 countries."
    assert current["a1-0"]["article_id"] == 1
    assert current["a1-0"]["orphaned"] == 0
    assert db["verdicts"].count == 3
    assert [row["rating"] for row in verdicts.history(db, "a1-0")] == ["mostly-true", "false"]


def test_withdraw_appends_a_row_without_rating(db):
    verdicts.record_verdict(db, "claim", "a1-0", "false", editor="ana")
    verdicts.withdraw_verdict(db, "claim", "a1-0", editor="ben", note="Needs a source.")
    assert verdicts.current_verdicts(db) == []
    assert [row["rating"] for row in verdicts.history(db, "a1-0")] == ["false", None]


def test_review_events_are_in_history(db):
    verdicts.record_verdict(db, "claim", "a1-0", "false", editor="ana")
    verdicts.record_event(db, "claim", "a1-0", "flag", editor="ben")
    verdicts.record_event(db, "claim", "a1-0", "note", value="Check the ministry site.", editor="ben")
    rows = verdicts.history(db, "a1-0", "claim")
    assert [(row["kind"], row["rating"] or row["action"], row["editor"]) for row in rows] == [
        ("verdict", "false", "ana"), ("event", "flag", "ben"), ("event", "note", "ben"),
    ]
    assert rows[2]["value"] == "Check the ministry site."


def test_bad_writes_are_refused(db):
    with pytest.raises(FactcheckError, match="unknown rating 'pants-on-fire'"):
        verdicts.record_verdict(db, "claim", "a1-0", "pants-on-fire", editor="ana")
    with pytest.raises(FactcheckError, match="no claim with id 'nope'"):
        verdicts.record_verdict(db, "claim", "nope", "false", editor="ana")
    with pytest.raises(FactcheckError, match="editor"):
        verdicts.record_verdict(db, "claim", "a1-0", "false", editor=" ")
    with pytest.raises(FactcheckError, match="unknown target type"):
        verdicts.record_verdict(db, "article", "1", "false", editor="ana")
    with pytest.raises(FactcheckError, match="unknown review action"):
        verdicts.record_event(db, "claim", "a1-0", "delete", editor="ana")
    assert db["verdicts"].count == 0


def test_resolve_target(db):
    add_article(db, 2, ["Azerbaijan exports to 80 countries."])
    db["matches"].insert({"id": 5, "claim_a": "a1-0", "claim_b": "a2-0", "relation": "contradicts"})
    db["clusters"].insert({"id": 5, "label": "exports"})
    db["clusters"].insert({"id": 6, "label": "resignation"})
    assert verdicts.resolve_target(db, "a1-0") == ("claim", "a1-0")
    assert verdicts.resolve_target(db, "6") == ("cluster", "6")
    assert verdicts.resolve_target(db, "match:5") == ("match", "5")
    with pytest.raises(FactcheckError, match="ambiguous: write match:5 or cluster:5"):
        verdicts.resolve_target(db, "5")
    with pytest.raises(FactcheckError, match="no such claim, match or cluster"):
        verdicts.resolve_target(db, "zzz")


def test_match_and_cluster_verdicts_keep_a_text(db):
    add_article(db, 2, ["Azerbaijan exports to 80 countries."])
    db["matches"].insert({"id": 5, "claim_a": "a1-0", "claim_b": "a2-0", "relation": "contradicts"})
    db["clusters"].insert({"id": 3, "label": "Azerbaijan's exports"})
    verdicts.record_verdict(db, "match", 5, "misleading", editor="ana")
    verdicts.record_verdict(db, "cluster", 3, "true", editor="ana")
    texts = {row["target_type"]: row["claim_text"] for row in verdicts.current_verdicts(db)}
    assert texts == {"match": "Azerbaijan exports to 71 countries.", "cluster": "Azerbaijan's exports"}


def test_new_revision_carries_kept_claims_and_orphans_dropped_ones(db):
    verdicts.record_verdict(db, "claim", "a1-0", "false", editor="ana", note="It is 80.")
    verdicts.record_verdict(db, "claim", "a1-1", "true", editor="ben")
    add_article(
        db, 2, ["Azerbaijan exports to 71 countries.", "The minister resigned on Tuesday evening."],
        revision_of=1,
    )
    assert verdicts.reattach_orphans(db, 2) == {"carried": 1, "orphaned": 1}
    current = {row["target_id"]: row for row in verdicts.current_verdicts(db)}
    # Nothing is lost: both old verdicts are still current on the old claims.
    assert current["a1-0"]["rating"] == "false" and current["a1-0"]["orphaned"] == 0
    assert current["a1-1"]["rating"] == "true" and current["a1-1"]["orphaned"] == 1
    assert current["a1-1"]["nearest_claim_id"] == "a2-1"
    assert 50 < current["a1-1"]["nearest_score"] < 100
    carried = current["a2-0"]
    assert (carried["rating"], carried["editor"]) == ("false", "ana")
    assert "carried from claim a1-0" in carried["note"]
    # Running it again changes nothing.
    assert verdicts.reattach_orphans(db, 2) == {"carried": 1, "orphaned": 0}
    assert db["verdicts"].count == 3


def test_reattach_on_a_first_revision_does_nothing(db):
    verdicts.record_verdict(db, "claim", "a1-0", "false", editor="ana")
    assert verdicts.reattach_orphans(db, 1) == {"carried": 0, "orphaned": 0}


def test_withdraw_needs_a_current_verdict(db):
    with pytest.raises(FactcheckError, match="claim a1-0 has no verdict to withdraw"):
        verdicts.withdraw_verdict(db, "claim", "a1-0", editor="ana")


def analysed_revision(db, article_id, claims, revision_of):
    add_article(db, article_id, claims, revision_of=revision_of)
    db["analysed_articles"].insert({"article_id": article_id, "analysed_at": "2025-05-03T00:00:00+00:00"})
    verdicts.reattach_orphans(db, article_id)


def test_a_verdict_on_a_replaced_revision_is_carried_when_it_is_written(db):
    analysed_revision(db, 2, ["Azerbaijan exports to 71 countries.", "The minister stayed."], revision_of=1)
    analysed_revision(db, 3, ["Azerbaijan exports to 71 countries."], revision_of=2)
    # An editor whose queue still showed the first revision.
    verdicts.record_verdict(db, "claim", "a1-0", "false", editor="ana", note="It is 80.")
    current = {row["target_id"]: row for row in verdicts.current_verdicts(db)}
    assert {target: row["rating"] for target, row in current.items()} == {"a1-0": "false", "a2-0": "false",
                                                                          "a3-0": "false"}
    assert current["a3-0"]["editor"] == "ana" and "carried from claim a2-0" in current["a3-0"]["note"]
    # A later ruling on the old revision replaces the carried one; one on the newest revision stands.
    verdicts.record_verdict(db, "claim", "a1-0", "mostly-true", editor="ben")
    assert verdicts.current_verdicts(db, "claim", "a3-0")[0]["rating"] == "mostly-true"
    verdicts.record_verdict(db, "claim", "a3-0", "true", editor="cy")
    verdicts.reattach_orphans(db, 3)
    assert verdicts.current_verdicts(db, "claim", "a3-0")[0]["rating"] == "true"


def test_a_verdict_on_a_revision_not_yet_analysed_waits_for_its_analysis(db):
    add_article(db, 2, [], revision_of=1)
    verdicts.record_verdict(db, "claim", "a1-0", "false", editor="ana")
    assert [row["target_id"] for row in verdicts.current_verdicts(db)] == ["a1-0"]
