"""The reviewer driven headless with Textual's pilot; the database is checked after each step."""

import csv
import html
import re
import time

import pytest

from factcheck import verdicts
from factcheck.db import open_db
from factcheck.errors import FactcheckError
from factcheck.review import make_app
from factcheck.review.keys import ReviewConfig
from factcheck.review.widgets.cards import ClaimCard
from test_review import TEXT_71, add_stories, build_review_db

SIZE = (120, 36)


# One run of same-styled cells in the SVG screenshot: its x, width, line and text.
_SVG_RUN = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)"'
                      r' clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>')


def screen_text(app) -> str:
    """What the terminal shows, line by line, read back from the app's SVG screenshot."""
    lines: dict[int, list[str]] = {}
    for x, width, line, text in _SVG_RUN.findall(app.export_screenshot()):
        text = html.unescape(text).replace("\xa0", " ")
        column = round(float(x) / (float(width) / len(text)))
        cells = lines.setdefault(int(line), [])
        cells += [" "] * (column + len(text) - len(cells))
        cells[column:column + len(text)] = text
    return "\n".join("".join(lines[line]) for line in sorted(lines))


async def settle(app, pilot):
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_in(app, pilot, text, *keys):
    """Type into the open dialog, then press ``keys`` (such as enter)."""
    await pilot.press(*text)
    await press(app, pilot, *keys)


async def press(app, pilot, *keys):
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


async def shown_when_settled(app, pilot, *texts, seconds=30.0) -> str:
    """The screen once it shows every one of ``texts``, or after ``seconds`` of waiting: work a key
    started may start more work (a refresh rebuilds the queue, then repaints), and on a loaded
    machine the database thread can lag the event loop by more than a few pauses."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = screen_text(app)
        if all(text in shown for text in texts):
            return shown
        await settle(app, pilot)
        await pilot.pause(0.1)
    return screen_text(app)


async def stored_when_settled(path, verdicts_stored, *apps, seconds=30.0) -> None:
    """Wait, letting each app's work run, until ``path`` holds ``verdicts_stored`` verdicts."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db = open_db(path)
        stored = db.execute("select count(*) from verdicts").fetchone()[0]
        db.close()
        if stored >= verdicts_stored:
            return
        for app, pilot in apps:
            await settle(app, pilot)
            await pilot.pause(0.1)


def current(db, target_type, target_id):
    rows = verdicts.current_verdicts(db, target_type, target_id)
    return rows[0]["rating"] if rows else None


@pytest.fixture
def review_path(db_path):
    build_review_db(db_path).close()
    return db_path


async def test_verdict_undo_filter_and_search(review_path):
    app = make_app(review_path, editor="ana")
    db = open_db(review_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "71 vs 80 countries" in shown and "0 / 1 reviewed" in shown
        assert "Caliber.az · 2025-01-28" in shown and "The Moscow Times · 2025-02-06" in shown
        # Help and quit lead the footer, so that no width drops them.
        assert shown.splitlines()[-1].strip().startswith("? help q quit j next x real contradiction")
        assert "rate 1 True · 2 Mostly true · 3 Misleading · 4 False · 5 Unproven" in shown

        await press(app, pilot, "1")
        assert current(db, "claim", "c1-0") == "true"
        # Rating a claim decides nothing about the pair.
        assert "0 / 1 reviewed" in screen_text(app) and "undecided" in screen_text(app)

        await press(app, pilot, "u")
        assert current(db, "claim", "c1-0") is None
        assert [row["rating"] for row in db["verdicts"].rows] == ["true", None]
        assert db.execute("select action, value from review_events").fetchall() == [("undo", "verdict:1")]
        assert "0 / 1 reviewed" in screen_text(app)

        await press(app, pilot, "1")
        assert current(db, "claim", "c1-0") == "true"
        # The other claim of the pair is now selected; rate it false.
        await press(app, pilot, "4")
        assert current(db, "claim", "c2-0") == "false"
        assert db.execute("select editor from verdicts").fetchall() == [("ana",)] * 4
        await press(app, pilot, "x")
        assert "1 / 1 reviewed" in screen_text(app) and "real contradiction" in screen_text(app)

        await press(app, pilot, "f")
        await type_in(app, pilot, "Nobody", "enter")
        assert "Nothing to review here" in screen_text(app)
        await press(app, pilot, "f")
        await type_in(app, pilot, ["backspace"] * 6 + list("moscow"), "enter")
        shown = screen_text(app)
        assert "71 vs 80 countries" in shown and "outlet 'moscow'" in shown

        await press(app, pilot, "slash")
        await type_in(app, pilot, "ministry", "enter")
        assert "Nothing to review here" in screen_text(app)
        await press(app, pilot, "slash")
        await type_in(app, pilot, ["backspace"] * 8 + list("80 countries"), "enter")
        assert "71 vs 80 countries" in screen_text(app)
        await press(app, pilot, "escape")
        assert "view:" not in screen_text(app)
        # Looking never writes a verdict.
        assert db["verdicts"].count == 4


async def test_story_filter_and_the_story_in_the_header(db_path):
    add_stories(build_review_db(db_path)).close()
    app = make_app(db_path, editor="ana", story=2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Contradiction 1 of 1" in shown and "5 vs 9 people" in shown and "71 vs 80" not in shown
        assert "story 2 quake, people" in shown and "view: story 2" in shown
        await press(app, pilot, "f", "tab", "tab", "backspace")
        # The story field takes digits only.
        await type_in(app, pilot, "x1", "enter")
        shown = screen_text(app)
        assert "Contradiction 1 of 1" in shown and "71 vs 80 countries" in shown
        # A label is data: its brackets show as they are.
        assert "story 1 rossotrudnichestvo, [b]countries[/b]" in shown
        await press(app, pilot, "escape")
        assert "Contradiction 1 of 2" in screen_text(app) and "view:" not in screen_text(app)


async def test_article_markup_and_escape_bytes_show_as_text(db_path):
    hostile = ("Officials said [bold red]nothing[/bold red] and \x1b[31mred\x1b[0m \x07 here. "
               "It operates in 71 countries. [link=http://x]click[/link] ends. "
               "Rossotrudnichestvo was founded in 2008.")
    build_review_db(db_path, first_text=hostile).close()
    app = make_app(db_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "[bold" in shown and "red]nothing[/bold red]" in shown
        assert "\u241b[31mred\u241b[0m \u2407" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        # The literal brackets kept no style: nothing in the card's text is red or bold.
        card = app.screen.query_one("#left", ClaimCard).content
        start = card.plain.index("nothing")
        styles = [str(span.style) for span in card.spans if span.start < start + 7 and span.end > start]
        assert styles and all("red" not in style and "bold" not in style for style in styles)

        await press(app, pilot, "o")
        shown = screen_text(app)
        assert "[link=http://x]click[/link]" in shown and "\u241b[31m" in shown
        await press(app, pilot, "escape")
        assert "Contradiction 1 of 1" in screen_text(app)


async def test_not_a_contradiction_flag_note_and_reopen(review_path):
    db = open_db(review_path)
    app = make_app(review_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "m")
        await press(app, pilot, "n")
        await type_in(app, pilot, "check the 2024 report", "enter")
        assert "flagged" in screen_text(app) and "1 note" in screen_text(app)
        await press(app, pilot, "c")
        assert db.execute("select action, value, editor from review_events where action != 'note'").fetchall() == [
            ("flag", "1", "ana"), ("not-contradiction", '["c1-0", "c2-0"]', "ana")]
        assert db.execute("select target_type, target_id, value from review_events where action = 'note'"
                          ).fetchall() == [("claim", "c1-0", "check the 2024 report")]
        assert "not a contradiction" in screen_text(app)
        await press(app, pilot, "right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert "Cluster 1 of 1" in screen_text(app)
        await press(app, pilot, "2")
        assert current(db, "cluster", "1") == "mostly-true"
        await press(app, pilot, "q")
    assert db["review_positions"].get("ana")["tab"] == "clusters"

    again = make_app(review_path, editor="ana")
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        shown = screen_text(again)
        assert "Cluster 1 of 1" in shown and "verdict: mostly-true" in shown
        await press(again, pilot, "left_square_bracket", "left_square_bracket", "left_square_bracket")
        # The dismissed pair is never shown as a contradiction again.
        assert "Contradictions 0" in screen_text(again) and "Nothing to review here" in screen_text(again)


async def test_two_reviewers_see_each_other(review_path):
    ana, bo = make_app(review_path, editor="ana"), make_app(review_path, editor="bo")
    async with ana.run_test(size=SIZE) as ana_pilot, bo.run_test(size=SIZE) as bo_pilot:
        await settle(ana, ana_pilot)
        await settle(bo, bo_pilot)
        await press(ana, ana_pilot, "1")
        await press(bo, bo_pilot, "l", "4")
        # Each refreshes once both verdicts are stored: a reviewer's write runs on its database
        # thread and may land after the other's refresh on a loaded machine.
        await stored_when_settled(review_path, 2, (ana, ana_pilot), (bo, bo_pilot))
        await press(ana, ana_pilot, "r")
        await press(bo, bo_pilot, "r")
        for app, pilot in ((ana, ana_pilot), (bo, bo_pilot)):
            shown = await shown_when_settled(app, pilot, "verdict: true", "verdict: false", " ana ", " bo ")
            assert "verdict: true" in shown and "verdict: false" in shown, shown
            assert " ana " in shown and " bo " in shown, shown
    db = open_db(review_path)
    assert {(row["editor"], row["target_id"], row["rating"]) for row in db["verdicts"].rows} == {
        ("ana", "c1-0", "true"), ("bo", "c2-0", "false")}


async def test_timeline_help_export_and_recent_decisions(review_path, tmp_path):
    app = make_app(review_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "t")
        shown = screen_text(app)
        assert "Timeline: countries Rossotrudnichestvo operates in" in shown
        assert "Caliber.az  71" in shown and "The Moscow Times  80" in shown
        await press(app, pilot, "escape", "question_mark")
        assert "rate.misleading" in screen_text(app)
        await press(app, pilot, "escape", "e", "enter")
        assert (tmp_path / "factcheck-contradictions.csv").read_text().count("71 vs 80 countries") == 1
        # An unwritable path is a notification, not a crash: the keys below still work.
        await press(app, pilot, "e", *["backspace"] * 40)
        await type_in(app, pilot, "no/such/dir/out.csv", "enter")
        assert app.is_running and not (tmp_path / "no").exists()
        await press(app, pilot, "1", "right_square_bracket", "right_square_bracket", "d", "enter")
        # Choosing the decision goes back to its item, where it can be changed.
        assert "Contradiction 1 of 1" in screen_text(app)
        await press(app, pilot, "escape", "3")
        assert current(open_db(review_path), "claim", "c1-0") == "misleading"


async def test_keys_are_rebindable(review_path):
    app = make_app(review_path, editor="ana", config=ReviewConfig({"rate.false": "v", "flag": "b"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "v", "b")
    db = open_db(review_path)
    assert current(db, "claim", "c1-0") == "false"
    assert db.execute("select action from review_events").fetchall() == [("flag",)]


def test_bad_setup_is_one_clear_error(review_path, tmp_path):
    with pytest.raises(FactcheckError, match="unknown key binding id nope"):
        make_app(review_path, editor="ana", config=ReviewConfig({"nope": "x"}))
    with pytest.raises(FactcheckError, match="key 'x' is bound to both rate.false and contradiction"):
        make_app(review_path, editor="ana", config=ReviewConfig({"rate.false": "x"}))
    with pytest.raises(FactcheckError, match="no such database"):
        make_app(tmp_path / "missing.db", editor="ana")
    with pytest.raises(FactcheckError, match="editor name"):
        make_app(review_path, editor=" ")
    bad = tmp_path / "review.toml"
    bad.write_text("[keys]\nnext = 3\n")
    with pytest.raises(FactcheckError, match="binding ids to strings"):
        make_app(review_path, editor="ana", config=bad)
    assert TEXT_71.startswith("Rossotrudnichestvo")


def test_cli_opens_on_a_story(review_path, monkeypatch):
    from factcheck.cli import main
    from factcheck.review.app import ReviewApp
    from factcheck.review.queries import View

    opened = []
    monkeypatch.setattr(ReviewApp, "run", lambda app: opened.append(app.view))
    assert main(["review", "--db", str(review_path), "--editor", "ana", "--story", "2"]) == 0
    assert opened == [View(story=2)]


def test_cli_refuses_a_missing_database(tmp_path, capsys):
    from factcheck.cli import main

    assert main(["review", "--db", str(tmp_path / "none.db"), "--editor", "ana"]) == 1
    assert capsys.readouterr().err.strip().endswith("none.db: no such database (run `factcheck ingest` first)")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    """The seed corpus through the whole pipeline, built once for this module."""
    from factcheck.pipeline import run
    from conftest import CORPUS

    path = tmp_path_factory.mktemp("seeds") / "claims.db"
    db = open_db(path)
    run(db, [str(CORPUS)])
    db.close()
    return path


async def test_seed_corpus_end_to_end(seeds_db, tmp_path):
    path = tmp_path / "claims.db"
    path.write_bytes(seeds_db.read_bytes())
    db = open_db(path)
    # Found by what the claims say, not by id: matching may renumber or group pairs.
    wanted = {str(row["id"]) for row in db.execute_returning_dicts(
        "select m.id from matches m join claims a on a.id = m.claim_a join claims b on b.id = m.claim_b"
        " join articles aa on aa.id = a.article_id join articles ab on ab.id = b.article_id"
        " where m.relation = 'contradicts' and coalesce(aa.outlet_id, ab.outlet_id) is not null"
        " and a.text || ' | ' || b.text like '%71 countries%' and a.text || ' | ' || b.text like '%80 countries%'")}
    assert wanted

    def events():
        return db.execute("select action, editor from review_events order by id").fetchall()

    app = make_app(path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.review

        async def go_to_wanted():
            """Move down the current view to the 71-vs-80 pair (the view may hold other contradictions)."""
            for _ in range(screen.lengths["contradictions"]):
                if screen.item.target_id in wanted:
                    break
                await press(app, pilot, "j")
            assert screen.item.target_id in wanted

        await go_to_wanted()
        shown = screen_text(app)
        assert "71 countries" in shown and "80 countries" in shown
        assert "71 vs 80 countries" in shown or "80 vs 71 countries" in shown
        claim = screen.item.claims[screen.side].id

        await press(app, pilot, "4")
        assert current(db, "claim", claim) == "false"
        assert db.execute("select target_id, rating, editor from verdicts").fetchall() == [(claim, "false", "ana")]
        await press(app, pilot, "u")
        assert current(db, "claim", claim) is None
        assert [row["rating"] for row in db["verdicts"].rows] == ["false", None]
        assert events() == [("undo", "ana")]
        await press(app, pilot, "4")
        assert current(db, "claim", claim) == "false"
        assert [row["rating"] for row in db["verdicts"].rows] == ["false", None, "false"]

        outlet = db.execute("select o.name from claims c join articles a on a.id = c.article_id"
                            " join outlets o on o.id = a.outlet_id where c.id in (?, ?)",
                            [side.id for side in screen.item.claims]).fetchone()[0]
        await press(app, pilot, "f")
        await type_in(app, pilot, outlet, "enter")
        assert f"outlet {outlet!r}" in screen_text(app)
        await go_to_wanted()
        # Narrowing the view writes nothing.
        assert db["verdicts"].count == 3 and events() == [("undo", "ana")]

        await press(app, pilot, "slash")
        await type_in(app, pilot, "80 countries", "enter")
        assert "search '80 countries'" in screen_text(app)
        await go_to_wanted()
        assert "verdict: false" in screen_text(app)
        assert db["verdicts"].count == 3 and events() == [("undo", "ana")]


async def test_the_panel_shows_undo_as_undo_and_notes_land_on_the_claim_just_rated(review_path):
    db = open_db(review_path)
    app = make_app(review_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "1", "u")
        shown = screen_text(app)
        assert "undo of true" in shown and "true (undone)" in shown
        # Rating moves the selection to the other claim; the note is still about the one rated.
        await press(app, pilot, "1", "n")
        assert "Note on Caliber.az: “It operates in 71 countries.”" in screen_text(app)
        await type_in(app, pilot, "an older count", "enter")
        assert db.execute("select target_type, target_id, value from review_events where action = 'note'"
                          ).fetchall() == [("claim", "c1-0", "an older count")]
        shown = screen_text(app)
        assert "✎ ana: an older count" in shown and "“an older count”" in shown


async def test_export_asks_before_overwriting_and_carries_the_decision(review_path, tmp_path):
    out = tmp_path / "factcheck-contradictions.csv"
    out.write_text("kept\n")
    app = make_app(review_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "1", "n")
        await type_in(app, pilot, "older count", "enter")
        await press(app, pilot, "x", "k", "e", "enter")
        assert "exists. Overwrite it?" in screen_text(app)
        await type_in(app, pilot, "n", "enter")
        assert out.read_text() == "kept\n"
        await press(app, pilot, "e", "enter")
        await type_in(app, pilot, "y", "enter")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(row["decision"], row["decided_by"], row["note"]) for row in rows] == [
        ("contradiction", "ana", "older count")]


async def test_the_palette_names_each_command_s_key(review_path):
    app = make_app(review_path, editor="ana", config=ReviewConfig({"rate.false": "v"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        commands = {command.title: command.help for command in app.get_system_commands(app.review)}
    assert commands["Not a contradiction"].endswith("(key c)")
    assert commands["Rate False"].endswith("(key v)") and commands["Export view to CSV"].endswith("(key e)")
