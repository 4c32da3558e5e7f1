"""Disputes: one queue item per disagreement, decided as a whole or pair by pair."""

import sqlite_utils

from factcheck.db import open_db
from factcheck.match import clusters_of_claims, group_contradictions, list_matches
from factcheck.migrations import MIGRATIONS, m011_review_disputes, migrate
from factcheck.review import make_app, queries
from factcheck.review.queries import View
from test_review import add_article
from test_review_app import SIZE, press, screen_text, settle


def build_dispute_db(db):
    """One outlet says 12 dead, two others 15 (one dispute of two pairs); elsewhere 3 vs 4 bridges."""
    (twelve,) = add_article(db, 1, "Hill Post", "2025-05-01", "The flood killed 12 people.",
                            [("The flood killed 12 people.", 0.9)])
    (fifteen,) = add_article(db, 2, "River News", "2025-05-02", "The flood killed 15 people.",
                             [("The flood killed 15 people.", 0.8)])
    (also_fifteen,) = add_article(db, 3, "Valley Times", "2025-05-03", "Fifteen people died: 15 in all.",
                                  [("Fifteen people died: 15 in all.", 0.7)])
    (three,) = add_article(db, 4, "Hill Post", "2025-05-04", "Crews built 3 bridges.", [("Crews built 3 bridges.", 0.4)])
    (four,) = add_article(db, 5, "River News", "2025-05-05", "Crews built 4 bridges.", [("Crews built 4 bridges.", 0.3)])
    db["matches"].insert_all([
        {"id": 1, "claim_a": twelve, "claim_b": fifteen, "relation": "contradicts", "score": 0.9, "tier": "auto",
         "reason": "12 vs 15 people", "reason_code": "number-mismatch"},
        {"id": 2, "claim_a": twelve, "claim_b": also_fifteen, "relation": "contradicts", "score": 0.8,
         "tier": "auto", "reason": "12 vs 15 people", "reason_code": "number-mismatch"},
        {"id": 3, "claim_a": three, "claim_b": four, "relation": "contradicts", "score": 0.7, "tier": "auto",
         "reason": "3 vs 4 bridges", "reason_code": "number-mismatch"},
    ])
    return db


def history(db, match_id):
    return [action for (action,) in db.execute(
        "select action from review_events where target_type = 'match' and target_id = ? order by id", [match_id])]


def test_one_queue_item_per_dispute(db_path):
    db = build_dispute_db(open_db(db_path))
    assert queries.build_queue(db, View()) == 2
    first = queries.queue_rows(db, "contradictions", 1, 1)[0]
    assert first["target_id"] == "1" and queries.dispute_pairs(db, "1") == ["1", "2"]
    assert queries.dispute_of(db, "2") == "1"


def test_old_database_ranks_disputes_after_migrating(db_path):
    old = sqlite_utils.Database(db_path)
    migrate(old, upto=MIGRATIONS.index(m011_review_disputes))
    build_dispute_db(old)
    old.execute("update review_order_state set stale = 0")  # ranked before disputes existed
    old.conn.commit()
    old.close()
    db = open_db(db_path)
    assert queries.refresh_order(db)["contradictions"] == 2
    assert db["review_disputes"].count == 3 and db["matches"].count == 3


async def test_a_dispute_decision_covers_its_pairs_and_a_pair_is_decided_apart(db_path):
    build_dispute_db(open_db(db_path)).close()
    app = make_app(db_path, editor="ana")
    db = open_db(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Contradiction 1 of 2" in shown and "all 2 pairs" in shown
        assert "Hill Post vs River News" in shown and "Hill Post vs Valley Times" in shown
        # Rating the claim both pairs share reviews neither pair.
        await press(app, pilot, "4")
        assert "0 / 2 reviewed" in screen_text(app) and history(db, "1") == history(db, "2") == []

        await press(app, pilot, "x")
        assert history(db, "1") == history(db, "2") == ["contradiction"]
        assert app.review.pos == 2 and "1 / 2 reviewed" in screen_text(app)

        await press(app, pilot, "k", "p", "p")
        shown = screen_text(app)
        assert "pair 2 of 2: real contradiction" in shown and "Fifteen people died" in shown
        await press(app, pilot, "w")
        assert history(db, "1") == ["contradiction"] and history(db, "2") == ["contradiction", "changed-over-time"]
        await press(app, pilot, "u")
        assert history(db, "2") == ["contradiction", "changed-over-time", "undo"]
        assert queries.current_decision(db, "2") == "contradiction"


def test_aceh_queue_has_no_more_items_than_disputes(tmp_path):
    from conftest import ACEH
    from factcheck.pipeline import run

    db = open_db(tmp_path / "claims.db")
    run(db, [str(ACEH)])
    rows = list_matches(db, "contradicts")
    groups = group_contradictions(rows, clusters_of_claims(db))
    assert len(rows) > len(groups) > 1
    assert queries.build_queue(db, View()) <= len(groups)


async def test_80_by_24_shows_the_reason_both_claims_and_quit(db_path):
    build_dispute_db(open_db(db_path)).close()
    app = make_app(db_path, editor="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "12 vs 15 people" in shown
        assert "The flood killed 12 people." in shown and "The flood killed 15 people." in shown
        assert shown.splitlines()[-1].strip().startswith("? help q quit")
        # The side panel is folded away; its key brings it back, and again takes it away.
        assert "Last 10 decisions" not in shown
        await press(app, pilot, "d")
        assert "Last 10 decisions" in screen_text(app)
        await press(app, pilot, "d")
        assert "Last 10 decisions" not in screen_text(app)
        # Widening lays the screen out again at once: the panel comes back beside the cards.
        await pilot.resize_terminal(120, 36)
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Last 10 decisions" in shown and "rate 1 True" in shown
