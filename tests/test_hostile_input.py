"""Front matter and files made to hurt: alias bombs, huge or deep YAML, impossible
dates, values that are not text, named pipes. Each fails or is skipped on one line,
and the rest of the batch is stored."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys

import pytest
from test_ingest_readers import _Handler, server  # noqa: F401  (the fixture: a local HTTP server)

from factcheck.errors import FactcheckError
from factcheck.ingest import ingest_sources
from factcheck.ingest.readers import split_front_matter

PROSE = "The agency operates in 71 countries and reports to the Foreign Ministry, officials said on Monday."
CLI = "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))"
# Nine levels of nine aliases each: 387 million strings in 10 lines ("billion laughs").
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")
) + "title: *i\n"


def front_matter(lines: str, body: str = PROSE) -> str:
    return f"---\n{lines}\n---\n{body}\n"


def declared(lines: str) -> dict:
    return split_front_matter(front_matter(lines))[0]


def test_an_alias_bomb_is_refused_before_it_expands():
    with pytest.raises(FactcheckError, match="over 10000 values"):
        declared(ALIAS_BOMB)
    with pytest.raises(FactcheckError, match="over 10000 values"):
        declared("loop: &loop [*loop]\ntitle: x")


def test_a_few_aliases_are_fine():
    assert declared("name: &name Example News\noutlet: *name") == {"outlet": "Example News"}


@pytest.mark.parametrize("lines, reason", [
    ("title: " + "x" * 70_000, "front matter is over 64 KB"),
    ("title: " + "[" * 5000 + "]" * 5000, "front matter nests too deeply"),
    ("published: !!timestamp 2013-02-30", "front matter has a bad value (day is out of range for month)"),
    ("title: !!int many", "front matter has a bad value"),
    ("outlet: !!python/object:os.system echo", "front matter is not valid YAML (line 2)"),
    ("title: Bridge\x1f reopens", "front matter holds a character YAML does not allow (U+001F)"),
])
def test_hostile_yaml_is_one_line(lines, reason):
    with pytest.raises(FactcheckError, match=re.escape(reason)):
        declared(lines)


def test_plain_values_stay_as_written():
    assert declared("outlet: NO\ntitle: 0x1F\nurl: ~\npublished: 2013-02-30") == {
        "outlet": "NO", "title": "0x1F", "published": "2013-02-30"}


def test_values_that_are_not_text_are_stored_as_text(fresh_db, tmp_path):
    (tmp_path / "list.txt").write_text(front_matter("outlet: [Reuters, AP]\ntitle: yes"))
    (tmp_path / "record.jsonl").write_text(json.dumps({"text": PROSE.replace("71", "72"), "title": 1.5, "outlet": True}))
    report = ingest_sources(fresh_db, [str(tmp_path / "list.txt"), str(tmp_path / "record.jsonl")])
    assert not report.failures
    stored = fresh_db.execute("select a.title, o.name from articles a join outlets o on o.id = a.outlet_id order by a.id")
    assert stored.fetchall() == [("yes", "Reuters, AP"), ("1.5", "true")]


def test_a_mapping_is_not_text(fresh_db, tmp_path):
    (tmp_path / "map.txt").write_text(front_matter("outlet: {name: Example}"))
    report = ingest_sources(fresh_db, [str(tmp_path / "map.txt")])
    assert report.failures == [(str(tmp_path / "map.txt"), "front-matter: `outlet` is a mapping, not text")]


def test_an_impossible_date_fails_its_file_and_the_batch_goes_on(fresh_db, tmp_path):
    (tmp_path / "a-bad.txt").write_text(front_matter("published: 2013-02-30"))
    (tmp_path / "b-good.txt").write_text(front_matter("published: 2013-02-28", PROSE.replace("71", "72")))
    report = ingest_sources(fresh_db, [str(tmp_path)])
    assert report.failures == [(str(tmp_path / "a-bad.txt"), "front-matter: `published` is not a date: '2013-02-30'")]
    assert [row["published"] for row in fresh_db["articles"].rows] == ["2013-02-28"]


def test_a_named_pipe_never_blocks_the_ingest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(PROSE)
    (folder / "bad-date.txt").write_text(front_matter("published: 2013-02-30", PROSE.replace("71", "72")))
    (folder / "bomb.txt").write_text(front_matter(ALIAS_BOMB, PROSE.replace("71", "73")))
    os.mkfifo(folder / "x.txt")
    os.mkfifo(tmp_path / "direct.txt")
    done = subprocess.run(
        [sys.executable, "-c", CLI, "ingest", str(folder), str(tmp_path / "direct.txt"), "--db", str(tmp_path / "c.db")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert sorted(done.stderr.splitlines()) == sorted([
        f"factcheck: {folder / 'bad-date.txt'}: front-matter: `published` is not a date: '2013-02-30'",
        f"factcheck: {folder / 'bomb.txt'}: front matter stands for over 10000 values (YAML aliases)",
        f"factcheck: {tmp_path / 'direct.txt'}: not a regular file (a pipe, socket, device or broken link)",
    ])
    assert done.stdout.splitlines()[0] == "1 new, 0 revised, 0 unchanged, 3 failed, 1 skipped"


def test_a_json_line_nested_too_deeply_fails_alone(fresh_db, tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
                                         + json.dumps({"text": PROSE}) + "\n")
    report = ingest_sources(fresh_db, [str(tmp_path / "feed.jsonl")])
    assert report.failures == [(f"{tmp_path / 'feed.jsonl'}#1", "line 1 nests too deeply to be an article")]
    assert len(report.new) == 1


def test_half_a_character_escaped_in_json_is_stored_as_a_replacement_character(fresh_db, tmp_path):
    # json.dumps escapes the lone surrogate as "\ud800": valid JSON, but no text.
    record = {"text": PROSE.replace("operates", "oper\ud800ates"), "outlet": ["Daily\udfffNews"]}
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n")
    report = ingest_sources(fresh_db, [str(tmp_path / "feed.jsonl")])
    assert not report.failures
    [article] = fresh_db["articles"].rows
    assert "oper\ufffdates" in article["text"]
    assert fresh_db["outlets"].get(article["outlet_id"])["name"] == "Daily\ufffdNews"


def test_a_damaged_page_is_one_line_or_a_clean_article(fresh_db, tmp_path):
    (tmp_path / "nul.html").write_bytes(b"<html><body><p>The agency\x00 operates in 71 countr\x00ies.</p>\x00\x00")
    (tmp_path / "cut.html").write_text("<html><head><title>Cut off</title></head><body><p>" + PROSE + "<p><div><a href='")
    (tmp_path / "good.txt").write_text(PROSE.replace("71", "74"))
    report = ingest_sources(fresh_db, [str(tmp_path)])
    assert all("\n" not in reason and "Traceback" not in reason for _, reason in report.failures)
    assert len(report.new) + len(report.failures) + len(report.skipped) == 3
    assert any(row["text"].startswith("The agency operates in 74") for row in fresh_db["articles"].rows)
    assert all("\x00" not in row["text"] for row in fresh_db["articles"].rows)


@pytest.mark.parametrize("gold", [
    "documents: [1, 2, 3]\n",
    "documents:\n  a: {file: 7, outlet: [x]}\ngroups: 5\n",
    "groups:\n  - members: {doc: a}\n",
    "traps: hello\n",
])
def test_a_gold_file_with_wrong_types_is_one_line(tmp_path, gold):
    from factcheck.db import open_db

    open_db(tmp_path / "c.db").conn.close()
    (tmp_path / "gold.yaml").write_text(gold)
    done = subprocess.run(
        [sys.executable, "-c", CLI, "eval", str(tmp_path / "gold.yaml"), "--db", str(tmp_path / "c.db")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert "gold.yaml" in line


def assert_intact(db) -> None:
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def redirect(to: str) -> tuple[tuple[int, str, bytes], dict[str, str]]:
    return (302, "text/plain", b""), {"Location": to}


@pytest.mark.parametrize("loop", [{"/loop-a": "/loop-b", "/loop-b": "/loop-a"}, {"/self": "/self"}])
def test_a_redirect_loop_is_one_short_line(fresh_db, server, loop):
    for path, to in loop.items():
        _Handler.routes[path], _Handler.extra_headers[path] = redirect(to)
    url = server + next(iter(loop))
    assert ingest_sources(fresh_db, [url]).failures == [(url, "redirected in a loop or too many times (HTTP 302)")]
    assert fresh_db["articles"].count == 0
    assert_intact(fresh_db)


def one_line_or_stored(db, report, prose: str) -> None:
    """The source either failed on one line of its own or was stored with its text."""
    assert all("\n" not in reason and "Error" not in reason for _, reason in report.failures)
    assert len(report.failures) + len(report.new) == 1
    assert all(prose in row["text"] for row in db["articles"].rows)
    assert_intact(db)


# 20 MB of zeros in 20 kB: twice the size cap once inflated.
GZIP_BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024), 9)


@pytest.mark.parametrize("name", ["bomb.txt", "bomb.html"])
def test_a_gzip_bomb_in_a_file_is_one_line(fresh_db, tmp_path, name):
    (tmp_path / name).write_bytes(GZIP_BOMB)
    report = ingest_sources(fresh_db, [str(tmp_path / name)])
    assert [reason for _, reason in report.failures] == ["binary file, not text"]
    one_line_or_stored(fresh_db, report, PROSE)


def test_a_page_served_as_a_gzip_bomb_is_one_line(fresh_db, server):
    # Never inflated: the page is read as the bytes that came, within the size cap.
    _Handler.routes["/bomb"] = (200, "text/html", gzip.compress(b"<p>" + b"a " * (10 * 1024 * 1024), 9))
    _Handler.extra_headers["/bomb"] = {"Content-Encoding": "gzip"}
    report = ingest_sources(fresh_db, [f"{server}/bomb"])
    assert [reason for _, reason in report.failures] == ["binary file, not text"]
    one_line_or_stored(fresh_db, report, PROSE)


DEEP_PAGE = "<html><body>" + "<div>" * 100_000 + f"<p>{PROSE}</p>" + "</div>" * 100_000 + "</body></html>"


def test_html_nested_100000_levels_deep_is_one_line_or_its_text(fresh_db, tmp_path, server):
    (tmp_path / "deep.html").write_text(DEEP_PAGE)
    _Handler.routes["/deep"] = (200, "text/html; charset=utf-8", DEEP_PAGE.encode())
    for source in (str(tmp_path / "deep.html"), f"{server}/deep"):
        one_line_or_stored(fresh_db, ingest_sources(fresh_db, [source]), PROSE)


def wide_page(encoding: str, prose: str, meta: str = "") -> bytes:
    return f"<html><head>{meta}</head><body><p>{prose}</p></body></html>".encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_or_utf32_without_a_bom_is_read_by_its_declared_charset(fresh_db, tmp_path, server, encoding):
    # ASCII letters in UTF-16 are valid UTF-8 with NULs between them: only the declaration tells.
    meta = f'<meta charset="{encoding}">'
    in_file, in_header, in_meta = (PROSE.replace("71", countries) for countries in ("72", "73", "74"))
    (tmp_path / "meta.html").write_bytes(wide_page(encoding, in_file, meta))
    _Handler.routes["/header"] = (200, f"text/html; charset={encoding}", wide_page(encoding, in_header))
    _Handler.routes["/meta"] = (200, "text/html", wide_page(encoding, in_meta, meta))
    report = ingest_sources(fresh_db, [str(tmp_path / "meta.html"), f"{server}/header", f"{server}/meta"])
    assert report.failures == []
    assert [row["text"] for row in fresh_db["articles"].rows] == [in_file, in_header, in_meta]
    assert_intact(fresh_db)


def test_a_utf8_page_that_declares_utf16_is_read_as_utf8(fresh_db, tmp_path):
    (tmp_path / "mislabelled.html").write_text(f'<html><head><meta charset="utf-16"></head><body><p>{PROSE}</p>')
    assert ingest_sources(fresh_db, [str(tmp_path / "mislabelled.html")]).failures == []
    assert [row["text"] for row in fresh_db["articles"].rows] == [PROSE]

