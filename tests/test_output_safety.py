"""Hostile data on the screen: terminal controls, bidi overrides and rich markup in
article text, outlet names, titles and file names print as visible, literal text."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from factcheck.cli.app import app
from factcheck.db import open_db
from factcheck.review import make_app
from factcheck.visible import json_safe, visible, visible_line
from test_review import add_article
from test_review_app import SIZE, screen_text, settle

WIDE = {"COLUMNS": "250"}
# What a terminal would obey: C0 controls but newline, DEL, C1 controls, bidi controls.
OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

MARKUP_OUTLET = "[bold magenta]OUT[/]"
# In YAML's double quotes, \e is ESC and \a BEL: an OSC 52 clipboard write, a C1 CSI, a right-to-left override.
ARTICLES = {
    "1-post\x1b[2J.txt": (f'"{MARKUP_OUTLET}"', '"Ferry \\u202eday\\u202c :thumbs_up: [link=http://x]more[/link]"',
                          "The Harbour Trust said the ferry carried 240 passengers on Monday \x1b[31mred\x1b[0m."),
    "2-times.txt": ('"Island \\e]52;c;ZXZpbA==\\a Times"', '"Island \\x9b2J news"',
                    "The Harbour Trust said the ferry carried 310 passengers on Monday \u202eevil."),
    "3-radio\u202e.txt": ('"[/] Coast \\x9b31m Radio ["', "Ferry news",
                          "The ferry carried 240 passengers on Monday, the Harbour Trust said."),
}
BINARY_NAME = "4-bad\x1b]0;pwned\x07.txt"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, (outlet, title, text) in ARTICLES.items():
        (folder / name).write_text(f"---\noutlet: {outlet}\ntitle: {title}\npublished: 2024-05-06\n---\n{text}\n")
    (folder / BINARY_NAME).write_bytes(b"\x00\xff" * 300)
    db_path = folder / "claims.db"
    ingested = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db_path)], env=WIDE)
    assert ingested.exit_code == 1, ingested.output
    assert not OBEYED.search(ingested.output)
    assert "4-bad\u241b]0;pwned\u2407.txt: binary file, not text" in ingested.output
    claim_id = open_db(db_path).execute("select id from claims order by id limit 1").fetchone()[0]
    rated = CliRunner().invoke(app, ["verdict", claim_id, "--rating", "true", "--note", "\x1b[8mhidden",
                                     "--editor", "[red]eve\x9b5m", "--db", str(db_path)], env=WIDE)
    assert rated.exit_code == 0 and not OBEYED.search(rated.output) and "[red]eve" in rated.output
    return str(db_path)


def listing(*args) -> str:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_data_is_stored_as_written(hostile_db):
    outlets = {name for (name,) in open_db(hostile_db).execute("select name from outlets")}
    assert outlets == {MARKUP_OUTLET, "Island \x1b]52;c;ZXZpbA==\x07 Times", "[/] Coast \x9b31m Radio ["}


@pytest.mark.parametrize("command, shown", [
    (["claims"], ["240 passengers on Monday \u241b[31mred\u241b[0m."]),
    (["contradictions"], [MARKUP_OUTLET, "Island \u241b]52;c;ZXZpbA==\u2407 Times"]),
    (["agreements"], [MARKUP_OUTLET, "[/] Coast \ufffd31m Radio ["]),
    (["clusters"], [MARKUP_OUTLET]),
    (["stories"], []),
    (["stories", "--story", "1"], [MARKUP_OUTLET, "Ferry \ufffdday\ufffd :thumbs_up: [link=http://x]more[/link]"]),
    (["verdicts"], ["[red]eve\ufffd5m"]),
])
def test_listings_show_controls_and_markup_literally(hostile_db, command, shown):
    output = listing(*command, "--db", hostile_db)
    assert not OBEYED.search(output)
    for text in shown:
        assert text in output


@pytest.mark.parametrize("command", [["claims"], ["contradictions"], ["agreements"], ["clusters"],
                                     ["stories"], ["stories", "--story", "1"], ["verdicts"]])
def test_json_escapes_what_a_terminal_would_obey(hostile_db, command):
    output = listing(*command, "--db", hostile_db, "--json")
    assert not OBEYED.search(output)
    assert json.loads(output)


def test_json_keeps_the_values():
    encoded = json_safe(json.dumps({"outlet": "a\x9bb\u202ec\x1bd é"}, ensure_ascii=False))
    assert encoded == '{"outlet": "a\\u009bb\\u202ec\\u001bd é"}'
    assert json.loads(encoded) == {"outlet": "a\x9bb\u202ec\x1bd é"}


def test_visible_is_one_for_one():
    text = "a\x1b]52;c;x\x07\u202eb\u2066c\u200fd\x85\ttab\nline"
    assert len(visible(text)) == len(text)
    assert visible(text) == "a\u241b]52;c;x\u2407\ufffdb\ufffdc\ufffdd\ufffd\ttab\nline"
    assert visible_line(text).endswith("\u2409tab\u240aline")
    assert visible(visible(text)) == visible(text)


async def test_the_reviewer_shows_hostile_outlets_literally(db_path):
    db = open_db(db_path)
    first = add_article(db, 1, MARKUP_OUTLET, "2025-01-28", "It operates in 71 countries.",
                        [("It operates in 71 countries.", 0.9)])
    second = add_article(db, 2, "[/] \x1b]52;c;ZXZpbA==\x07 \u202eTimes [bold", "2025-02-06",
                         "It operates in 80 countries.", [("It operates in 80 countries.", 0.8)])
    db["matches"].insert({"id": 1, "claim_a": first[0], "claim_b": second[0], "relation": "contradicts",
                          "score": 0.9, "tier": "auto", "reason": "71 vs 80 [i]countries[/i]"})
    db.close()
    app = make_app(db_path, editor="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert f"{MARKUP_OUTLET} · 2025-01-28" in shown
        assert "[/] \u241b]52;c;ZXZpbA==\u2407 \ufffdTimes [bold" in shown
        assert "71 vs 80 [i]countries[/i]" in shown
        assert not OBEYED.search(shown)
