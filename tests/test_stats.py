import json

import pytest

from factcheck import stats, verdicts
from factcheck.cli import main
from factcheck.db import open_db

from test_verdicts import add_article


@pytest.fixture
def db(fresh_db):
    add_article(fresh_db, 1, ["It exports to 71 countries.", "He is the minister.", "The plant opened.", "It was on 3 May."])
    add_article(fresh_db, 2, ["It exports to 80 countries.", "He is the deputy.", "The plant did not open.", "It was on 4 May."], outlet="APA")
    for number, (reason, tier) in enumerate(
        [("number-mismatch", "auto"), ("superior-mismatch", "suggest"), ("negation", "auto"),
         ("time-mismatch", "suggest")]
    ):
        fresh_db["matches"].insert({
            "id": number + 1, "claim_a": f"a1-{number}", "claim_b": f"a2-{number}",
            "relation": "contradicts", "tier": tier, "reason_code": reason,
        })
    fresh_db["matches"].insert({"id": 9, "claim_a": "a1-0", "claim_b": "a2-1", "relation": "agrees"})
    return fresh_db


def test_agreement_by_reason_and_tier(db):
    verdicts.record_event(db, "match", 1, "contradiction", editor="ana")  # number: confirmed
    verdicts.record_event(db, "match", 2, "not-contradiction", editor="ana")  # role: rejected
    verdicts.record_event(db, "match", 3, "contradiction", editor="ben")  # negation: confirmed
    verdicts.record_event(db, "match", 4, "changed-over-time", editor="ben")  # date: neither
    report = stats.agreement(db)
    assert report["total"] == {"name": "all", "flagged": 4, "reviewed": 4, "confirmed": 2, "rejected": 1,
                               "changed": 1, "agreement": pytest.approx(2 / 3)}
    reasons = {group["name"]: group for group in report["by_reason"]}
    assert reasons["number"]["confirmed"] == 1 and reasons["number"]["agreement"] == 1.0
    assert reasons["role"]["rejected"] == 1 and reasons["role"]["agreement"] == 0.0
    assert reasons["date"]["changed"] == 1 and reasons["date"]["agreement"] is None
    tiers = {group["name"]: group for group in report["by_tier"]}
    assert (tiers["auto"]["confirmed"], tiers["auto"]["rejected"]) == (2, 0)
    assert (tiers["suggest"]["confirmed"], tiers["suggest"]["rejected"]) == (0, 1)


def test_undo_cancels_a_rejection(db):
    first = verdicts.record_event(db, "match", 1, "not-contradiction", editor="ana")
    second = verdicts.record_event(db, "match", 2, "not-contradiction", editor="ana")
    verdicts.record_event(db, "match", 1, "undo", value=f"event:{first}", editor="ana")
    verdicts.record_event(db, "match", 2, "undo", value=f"verdict:{second}", editor="ana")
    assert stats.agreement(db)["total"]["rejected"] == 1
    assert [event["id"] for event in verdicts.standing_events(db, "match")] == [second]


def test_rating_a_claim_decides_nothing_about_its_pairs(db):
    verdicts.record_verdict(db, "claim", "a1-0", "true", editor="ana")
    verdicts.record_verdict(db, "match", 3, "false", editor="ana")
    assert stats.agreement(db)["total"]["reviewed"] == 0
    verdicts.record_event(db, "match", 1, "not-contradiction", editor="ana")
    number = next(g for g in stats.agreement(db)["by_reason"] if g["name"] == "number")
    assert (number["reviewed"], number["confirmed"], number["rejected"]) == (1, 0, 1)


def test_the_latest_decision_on_a_pair_counts(db):
    verdicts.record_event(db, "match", 1, "not-contradiction", editor="ana")
    later = verdicts.record_event(db, "match", 1, "contradiction", editor="ben")
    assert stats.agreement(db)["total"]["confirmed"] == 1
    verdicts.record_event(db, "match", 1, "undo", value=f"event:{later}", editor="ben")
    assert stats.agreement(db)["total"]["rejected"] == 1


def test_empty_database(fresh_db):
    assert stats.agreement(fresh_db) == {
        "total": {"name": "all", "flagged": 0, "reviewed": 0, "confirmed": 0, "rejected": 0, "changed": 0,
                  "agreement": None},
        "by_reason": [], "by_tier": [],
    }


def test_stats_command(db_path, capsys):
    db = open_db(db_path)
    add_article(db, 1, ["It exports to 71 countries."])
    add_article(db, 2, ["It exports to 80 countries."], outlet="APA")
    db["matches"].insert({"id": 1, "claim_a": "a1-0", "claim_b": "a2-0", "relation": "contradicts",
                          "tier": "auto", "reason_code": "number-mismatch"})
    verdicts.record_event(db, "match", 1, "contradiction", editor="ana")
    assert main(["stats", "--json", "--db", str(db_path)]) == 0
    assert json.loads(capsys.readouterr().out)["total"]["agreement"] == 1.0
    assert main(["stats", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "number" in out and "100%" in out


def test_reason_kinds():
    assert [stats.reason_kind(code) for code in (
        "number-mismatch", "date-mismatch", "time-mismatch", "position-mismatch",
        "superior-mismatch", "negation", "direction-mismatch", None,
    )] == ["number", "date", "date", "role", "role", "negation", "direction", "other"]
