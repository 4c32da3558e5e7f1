"""Keys pressed faster than the screen moves: each press is one action, on the item it reaches."""

import pytest
from textual import events

from factcheck.db import open_db
from factcheck.review import make_app
from test_review import add_article
from test_review_app import SIZE, screen_text, settle

# Five unrelated disagreements, each between two outlets: five queue items.
TOPICS = [("bridge", "spans", "metres"), ("dam", "holds", "litres"), ("tower", "has", "floors"),
          ("ferry", "carries", "cars"), ("mine", "employs", "miners")]


def build_burst_db(path):
    db = open_db(path)
    for number, (thing, verb, unit) in enumerate(TOPICS):
        low, high = f"The {thing} {verb} {10 + number} {unit}.", f"The {thing} {verb} {90 + number} {unit}."
        (a,) = add_article(db, 10 + number, "North Desk", f"2025-03-0{number + 1}", low, [(low, 0.9 - number / 10)])
        (b,) = add_article(db, 20 + number, "South Desk", f"2025-04-0{number + 1}", high, [(high, 0.9 - number / 10)])
        db["matches"].insert({"id": number + 1, "claim_a": a, "claim_b": b, "relation": "contradicts",
                              "score": 0.9, "tier": "auto", "reason": f"{10 + number} vs {90 + number} {unit}",
                              "reason_code": "number-mismatch"})
    return db


@pytest.fixture
def burst_path(db_path):
    build_burst_db(db_path).close()
    return db_path


async def burst(app, pilot, *keys):
    """Send ``keys`` at once, as a fast typist or a held key does, then wait for the screen."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(app, pilot)


def written(db, action):
    return [target for (target,) in db.execute(
        "select target_id from review_events where action = ? order by id", [action])]


async def test_a_burst_of_not_a_contradiction_marks_one_item_each(burst_path):
    app = make_app(burst_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await burst(app, pilot, "c", "c", "c")
        screen = app.review
        assert screen.pos == 4
    db = open_db(burst_path)
    assert written(db, "not-contradiction") == ["1", "2", "3"]


async def test_a_burst_of_moves_moves_once_per_press(burst_path):
    app = make_app(burst_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await burst(app, pilot, "j", "j", "j", "j")
        assert app.review.pos == 5
        await burst(app, pilot, "k", "k", "j", "k", "k")
        assert app.review.pos == 2 and app.review.item.target_id == "2"


async def test_a_burst_of_ratings_rates_each_claim_once(burst_path):
    app = make_app(burst_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # Rating a pair's first claim goes to its second; a decision goes to the next pair.
        await burst(app, pilot, "1", "4", "x", "2", "3", "w", "s", "m")
    db = open_db(burst_path)
    assert db.execute("select target_id, rating from verdicts order by id").fetchall() == [
        ("c10-0", "true"), ("c20-0", "false"), ("c11-0", "mostly-true"), ("c21-0", "misleading")]
    assert written(db, "contradiction") == ["1"] and written(db, "changed-over-time") == ["2"]
    assert written(db, "skip") == ["3"] and written(db, "flag") == ["4"]


async def test_page_keys_and_the_last_item_keep_the_selection_on_screen(burst_path):
    app = make_app(burst_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await burst(app, pilot, "pagedown")
        assert app.review.pos == 5
        await burst(app, pilot, "pageup", "G")
        assert app.review.pos == 5
        assert "▸      5" in screen_text(app)
