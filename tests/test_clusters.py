"""Clusters from stored agreements: independent sources, status, stable ids."""

from __future__ import annotations

from test_match import add_article, add_claim

from factcheck.clusters import (
    build_clusters, cluster_id, count_independent, group_agreements, list_clusters, source_key,
)
from factcheck.match import match_new
from factcheck.pairs import ClaimView
from factcheck.verdicts import current_verdicts, record_verdict

DONOR = "Azerbaijan is a donor and does not need external assistance, a source said."


def _relayed(db, outlets):
    ids = []
    for number, outlet in enumerate(outlets):
        article = add_article(db, f"{number}.txt", outlet, f"2025-02-0{number + 1}")
        ids.append(add_claim(db, article, DONOR, attribution={"kind": "direct", "speaker": "a source", "via": "Report"}))
    return ids


def test_source_key_prefers_the_relaying_source_then_a_named_speaker():
    relayed = ClaimView(id="a", article_id=1, text="x", speaker="one source", via="the news agency Report")
    named = ClaimView(id="b", article_id=1, text="x", speaker="Yevgeny Primakov", attribution_kind="direct")
    unnamed = ClaimView(id="c", article_id=1, outlet_id=7, text="x", speaker="sources", attribution_kind="indirect")
    assert source_key(relayed) == "source:new agency report"
    assert source_key(named) == "source:yevgeny primakov"
    assert source_key(unnamed) == "outlet:7"


def test_an_agency_speaking_and_relaying_is_one_source():
    # "Report" alone reads like the generic "a report"; the entity table says it is a name.
    speaking = ClaimView(id="a", article_id=1, outlet_id=1, text="x", speaker="Report", attribution_kind="indirect")
    relaying = ClaimView(id="b", article_id=2, outlet_id=2, text="x", speaker="one source", via="Report news agency")
    resolved = ClaimView(id="c", article_id=3, outlet_id=3, text="x", speaker="he", speaker_entity_id=9,
                         attribution_kind="indirect")
    assert source_key(speaking) == "outlet:1"
    keys = [source_key(claim, {9: "Yevgeny Primakov"}, frozenset({"report"})) for claim in (speaking, relaying, resolved)]
    assert keys == ["source:report", "source:report new agency", "source:yevgeny primakov"]
    assert count_independent(keys) == 2


def test_three_outlets_relaying_one_source_count_once(fresh_db):
    _relayed(fresh_db, ["Minval", "Caliber.az", "Trend"])
    match_new(fresh_db)
    [cluster] = list_clusters(fresh_db)
    assert cluster["summary"] == "3 outlets, 1 independent source"
    assert cluster["status"] == "agreed" and cluster["members"] == 3
    assert (cluster["first_published"], cluster["last_published"]) == ("2025-02-01", "2025-02-03")


def test_a_growing_cluster_keeps_its_id(fresh_db):
    _relayed(fresh_db, ["Minval", "Caliber.az"])
    match_new(fresh_db)
    [before] = list_clusters(fresh_db)
    article = add_article(fresh_db, "late.txt", "Trend", "2025-02-09")
    add_claim(fresh_db, article, DONOR, attribution={"kind": "direct", "speaker": "a source", "via": "Report"})
    assert match_new(fresh_db)["clusters"] == 1
    [after] = list_clusters(fresh_db)
    assert after["id"] == before["id"] and after["members"] == 3
    assert build_clusters(fresh_db) == 0


def test_clusters_filter_by_outlet_and_entity(fresh_db):
    _relayed(fresh_db, ["Minval", "Caliber.az"])
    match_new(fresh_db)
    assert list_clusters(fresh_db, outlet="minval")
    assert not list_clusters(fresh_db, outlet="Reuters")
    assert list_clusters(fresh_db, entity="Azerbaijan")
    assert not list_clusters(fresh_db, entity="Primakov")


def test_a_chain_of_agreements_is_not_one_fact():
    chain = [("a", "b", 0.9), ("b", "c", 0.8), ("c", "d", 0.7), ("d", "e", 0.6)]
    groups = group_agreements(chain)
    assert all(len(group) <= 3 for group in groups)
    assert {"a", "b"} in groups


def test_a_claim_joins_a_cluster_when_it_agrees_with_most_of_it():
    edges = [("a", "b", 0.9), ("a", "c", 0.8), ("b", "c", 0.8), ("d", "a", 0.7), ("d", "b", 0.7), ("e", "a", 0.6)]
    groups = group_agreements(edges)
    assert {"a", "b", "c", "d"} in groups and not any("e" in group and len(group) > 1 for group in groups if "a" in group)


def test_contradicting_claims_never_share_a_cluster():
    edges = [("a", "b", 0.9), ("b", "c", 0.9), ("a", "c", 0.9)]
    groups = group_agreements(edges, {frozenset(("a", "c"))})
    assert not any({"a", "c"} <= group for group in groups)


def test_cluster_ids_survive_a_rebuild(fresh_db):
    ids = _relayed(fresh_db, ["Minval", "Caliber.az", "Trend"])
    match_new(fresh_db)
    [before] = list_clusters(fresh_db)
    assert before["id"] == cluster_id(ids[0])
    match_new(fresh_db, rebuild=True)
    assert [cluster["id"] for cluster in list_clusters(fresh_db)] == [before["id"]]


def test_a_cluster_verdict_follows_its_claims_when_an_earlier_claim_joins(fresh_db):
    _relayed(fresh_db, ["Minval", "Caliber.az"])
    match_new(fresh_db)
    [before] = list_clusters(fresh_db)
    record_verdict(fresh_db, "cluster", before["id"], "true", note="Checked with Report.", editor="ana")
    # Published before every member, so the cluster's first claim, and its id, change.
    article = add_article(fresh_db, "early.txt", "Trend", "2025-01-15")
    add_claim(fresh_db, article, DONOR, attribution={"kind": "direct", "speaker": "a source", "via": "Report"})
    match_new(fresh_db)
    [after] = list_clusters(fresh_db)
    assert after["id"] != before["id"] and after["members"] == 3
    current = {row["target_id"]: row for row in current_verdicts(fresh_db, "cluster")}
    carried = current[str(after["id"])]
    assert (carried["rating"], carried["editor"], carried["orphaned"]) == ("true", "ana", 0)
    assert carried["note"] == f"Checked with Report. (carried from cluster {before['id']} whose claims it now holds)"
    # The old id names no cluster now: its verdict is kept, marked as moved, not listed as attached.
    old = current[str(before["id"])]
    assert (old["orphaned"], old["nearest_claim_id"], old["nearest_score"]) == (1, str(after["id"]), 100.0)
    assert build_clusters(fresh_db) == 0
    assert fresh_db["verdicts"].count == 2


def test_a_rebuild_that_renames_a_cluster_carries_its_verdict(fresh_db):
    ids = _relayed(fresh_db, ["Minval", "Caliber.az", "Trend"])
    match_new(fresh_db)
    [before] = list_clusters(fresh_db)
    record_verdict(fresh_db, "cluster", before["id"], "mostly-true", editor="ben")
    fresh_db.execute("update articles set published = '2025-03-01' where id = (select article_id from claims where id = ?)",
                     [ids[0]])
    fresh_db.conn.commit()
    match_new(fresh_db, rebuild=True)
    [after] = list_clusters(fresh_db)
    assert after["id"] == cluster_id(ids[1])
    assert [(row["target_id"], row["rating"]) for row in current_verdicts(fresh_db, "cluster") if not row["orphaned"]] \
        == [(str(after["id"]), "mostly-true")]


def test_a_cluster_verdict_whose_claims_are_in_no_cluster_is_marked_orphaned(fresh_db):
    _relayed(fresh_db, ["Minval", "Caliber.az"])
    match_new(fresh_db)
    [cluster] = list_clusters(fresh_db)
    record_verdict(fresh_db, "cluster", cluster["id"], "false", editor="ana")
    fresh_db.execute("delete from matches")
    fresh_db.conn.commit()
    build_clusters(fresh_db)
    [verdict] = current_verdicts(fresh_db, "cluster")
    assert (verdict["rating"], verdict["orphaned"], verdict["nearest_claim_id"]) == ("false", 1, None)
