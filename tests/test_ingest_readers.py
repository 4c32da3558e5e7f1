"""Reading every kind of source, and every kind of bad input, one at a time."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factcheck.errors import FactcheckError
from factcheck.ingest import ingest_sources
from factcheck.ingest import readers

PROSE = "The agency operates in 71 countries and reports to the Foreign Ministry, officials said on Monday."
PAGE = (
    "<html><head><title>Agency to close | Example News</title>"
    '<meta property="og:site_name" content="Example News">'
    '<meta property="article:published_time" content="2025-02-06T10:00:00Z">'
    "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    f"<article><h1>Agency to close</h1><p>{PROSE}</p><p>{PROSE.replace('71', '80')}</p></article>"
    "<footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"
)


def only_article(db):
    rows = list(db["articles"].rows)
    assert len(rows) == 1
    return rows[0]


def outlet_name(db, row):
    return db["outlets"].get(row["outlet_id"])["name"] if row["outlet_id"] else None


def test_text_and_markdown_files(fresh_db, tmp_path):
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "b.md").write_text("# Heading\n\n" + PROSE.replace("71", "72"))
    report = ingest_sources(fresh_db, [str(tmp_path / "a.txt"), str(tmp_path / "b.md")])
    assert len(report.new) == 2 and not report.failures
    names = {row["source_name"]: row for row in fresh_db["articles"].rows}
    assert names["a.txt"]["text"] == PROSE
    assert names["a.txt"]["source"] == str((tmp_path / "a.txt").resolve())


def test_front_matter_is_metadata_not_text(fresh_db, tmp_path):
    (tmp_path / "a.txt").write_text(
        "---\noutlet: Example News\nurl: https://example.org/story\npublished: 2013-07-03\n"
        "title: Quake hits Aceh\n---\n" + PROSE
    )
    ingest_sources(fresh_db, [str(tmp_path / "a.txt")])
    row = only_article(fresh_db)
    assert row["text"] == PROSE
    assert (outlet_name(fresh_db, row), row["url"], row["published"], row["title"]) == (
        "Example News", "https://example.org/story", "2013-07-03", "Quake hits Aceh",
    )
    assert {row[f"{name}_source"] for name in ("outlet", "url", "published", "title")} == {"front-matter"}


def test_html_file_keeps_the_article_and_reads_page_metadata(fresh_db, tmp_path):
    (tmp_path / "page.html").write_text(PAGE)
    ingest_sources(fresh_db, [str(tmp_path / "page.html")])
    row = only_article(fresh_db)
    assert PROSE in row["text"] and "Home" not in row["text"] and "All rights reserved" not in row["text"]
    assert outlet_name(fresh_db, row) == "Example News" and row["outlet_source"] == "page-metadata"
    assert (row["published"], row["published_source"]) == ("2025-02-06", "page-metadata")


def test_jsonl_one_article_a_line(fresh_db, tmp_path):
    lines = [
        {"text": PROSE, "outlet": "Example News", "published": "2025-02-06", "url": "https://example.org/a"},
        {"html": PAGE, "title": "Given title"},
        "not json {",
        {"url": "https://example.org/none"},
    ]
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    report = ingest_sources(fresh_db, [str(tmp_path / "feed.jsonl")])
    assert len(report.new) == 2
    assert [reason for _, reason in report.failures] == [
        "line 3 is not valid JSON (Expecting value)", "line 4 has no `text` or `html`",
    ]
    first, second = fresh_db["articles"].rows
    assert first["source_name"] == "feed.jsonl#1" and first["published_source"] == "record"
    assert (outlet_name(fresh_db, first), first["url"]) == ("Example News", "https://example.org/a")
    assert second["title"] == "Given title" and PROSE in second["text"]


def test_jsonl_record_holding_a_line_separator_is_one_record(fresh_db, tmp_path):
    # U+2028 and U+0085 are valid inside a JSON string; only "\n" ends a record.
    records = [{"text": PROSE.replace(" and ", " and\u2028"), "title": "One"}, "not json {",
               {"text": PROSE.replace("71", "9") + "\u0085", "title": "Three"}]
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n",
        encoding="utf-8",
    )
    report = ingest_sources(fresh_db, [str(tmp_path / "feed.jsonl")])
    assert len(report.new) == 2
    assert report.failures == [(f"{tmp_path / 'feed.jsonl'}#2", "line 2 is not valid JSON (Expecting value)")]
    assert [row["source_name"] for row in fresh_db["articles"].rows] == ["feed.jsonl#1", "feed.jsonl#3"]


def test_a_large_jsonl_file_streams_record_by_record(tmp_path):
    feed = tmp_path / "feed.jsonl"
    record = json.dumps({"text": PROSE + " " + "word " * 180_000}) + "\n"  # about 0.9 MB
    count = (50 * 1024 * 1024) // len(record) + 1
    with feed.open("w", encoding="utf-8") as handle:
        for _ in range(count):
            handle.write(record)
    assert feed.stat().st_size > 50 * 1024 * 1024 > readers.MAX_SOURCE_BYTES
    documents = readers.read_source(str(feed))
    assert sum(isinstance(document, readers.Document) for document in documents) == count


def test_a_jsonl_record_over_the_limit_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", 1024)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "x " * 2000}) + "\n" + json.dumps({"text": PROSE}) + "\n")
    first, second = readers.read_source(str(feed))
    assert isinstance(first, readers.Failure) and first.reason == "line 1 is over the limit of a record (0.0 MB)"
    assert isinstance(second, readers.Document) and second.text == PROSE and second.source_name == "feed.jsonl#2"


def test_folders_recursively_skipping_hidden_and_other_files(fresh_db, tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "sub" / "deeper" / "a.txt").write_text(PROSE)
    (tmp_path / "sub" / ".secret.txt").write_text(PROSE.replace("71", "1"))
    (tmp_path / ".hidden" / "b.txt").write_text(PROSE.replace("71", "2"))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    report = ingest_sources(fresh_db, [str(tmp_path)])
    assert only_article(fresh_db)["source_name"] == "a.txt"
    assert report.skipped == [(str(tmp_path / "photo.png"), "not an article file (.htm, .html, .jsonl, .md, .txt)")]
    assert not report.failures


def test_non_utf8_file_is_decoded(fresh_db, tmp_path):
    text = "Le ministère a confirmé la fermeture de l'agence, a déclaré le porte-parole à la presse."
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    russian = (
        "Министерство иностранных дел Азербайджана официально уведомило Россию о прекращении "
        "деятельности агентства. По словам источников, Баку не нуждается во внешней помощи."
    )
    (tmp_path / "cyrillic.txt").write_bytes(russian.encode("cp1251"))
    report = ingest_sources(fresh_db, [str(tmp_path)])
    assert not report.failures
    texts = {row["source_name"]: row["text"] for row in fresh_db["articles"].rows}
    assert texts["latin.txt"] == text
    assert texts["cyrillic.txt"] == russian


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", bytes(range(256)) * 40, "binary file, not text"),
        ("chrome.txt", b"print\ncopy link\nViews: 985\n![](/img/1.jpg)\n", "no article text (empty once page chrome is removed)"),
        ("no-text.html", b"<html><head><script>var x = 1;</script></head><body><div></div></body></html>", "no article text found in the HTML"),
        ("bad-front-matter.txt", b"---\noutlet: [unclosed\n---\n" + PROSE.encode(), "front matter is not valid YAML (line 2)"),
        ("bad-date.txt", b"---\npublished: yesterday\n---\n" + PROSE.encode(), "front-matter: `published` is not a date: 'yesterday'"),
        ("notes.pdf", b"%PDF-1.4", "not an article file (.htm, .html, .jsonl, .md, .txt)"),
    ],
)
def test_bad_files_fail_with_a_reason(fresh_db, tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    report = ingest_sources(fresh_db, [str(tmp_path / name)])
    assert report.failures == [(str(tmp_path / name), reason)]
    assert fresh_db["articles"].count == 0


@pytest.mark.parametrize("content", [b"", b"  \n\n "])
def test_empty_files_are_skipped_not_failed(fresh_db, tmp_path, content):
    (tmp_path / "empty.txt").write_bytes(content)
    report = ingest_sources(fresh_db, [str(tmp_path / "empty.txt")])
    assert report.skipped == [(str(tmp_path / "empty.txt"), "empty file")]
    assert not report.failures and fresh_db["articles"].count == 0


def test_file_over_the_size_cap(fresh_db, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written or read
    report = ingest_sources(fresh_db, [str(big)])
    assert report.failures == [(str(big), "too large (50.0 MB; the limit is 10.0 MB)")]


def test_missing_path(fresh_db, tmp_path):
    report = ingest_sources(fresh_db, [str(tmp_path / "nowhere.txt")])
    assert report.failures == [(str(tmp_path / "nowhere.txt"), "no such file or folder")]


def test_malformed_html_still_gives_its_text(fresh_db, tmp_path):
    (tmp_path / "broken.html").write_text(f"<html><body><div><p>{PROSE}<p>{PROSE.replace('71', '9')}</span></td>")
    report = ingest_sources(fresh_db, [str(tmp_path / "broken.html")])
    assert not report.failures
    assert PROSE in only_article(fresh_db)["text"]


def test_folder_mixing_good_and_bad_files(fresh_db, tmp_path):
    (tmp_path / "good1.txt").write_text(PROSE)
    (tmp_path / "good2.html").write_text(PAGE.replace("71", "75"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest_sources(fresh_db, [str(tmp_path)])
    assert len(report.new) == 2
    assert [(source.rsplit("/", 1)[1], reason) for source, reason in report.failures] == [
        ("binary.md", "binary file, not text"),
    ]
    assert [(source.rsplit("/", 1)[1], reason) for source, reason in report.skipped] == [("empty.txt", "empty file")]


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    extra_headers: dict[str, dict[str, str]] = {}
    """Headers a route sends besides Content-Type and Content-Length (Location, Content-Encoding)."""
    release = threading.Event()

    def do_GET(self):
        if self.path == "/slow":
            self.release.wait(10)
        if self.path == "/trickle":
            # A byte every 0.1 s: each read is quick, the whole page never ends.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            while not self.release.wait(0.1):
                self.wfile.write(b"x")
                self.wfile.flush()
            return
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in self.extra_headers.get(self.path, {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """An HTTP server on 127.0.0.1 for the test only; yields its base URL."""
    _Handler.routes = {
        "/story.html": (200, "text/html; charset=utf-8", PAGE.encode()),
        "/plain": (200, "text/plain; charset=windows-1252", f"Café owners said: {PROSE}".encode("cp1252")),
        "/big": (200, "text/html", b"<p>" + b"x" * (readers.MAX_SOURCE_BYTES + 10)),
    }
    _Handler.extra_headers = {}
    _Handler.release.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.release.set()
    httpd.shutdown()
    httpd.server_close()


def test_url_html_page(fresh_db, server):
    report = ingest_sources(fresh_db, [f"{server}/story.html"])
    assert not report.failures
    row = only_article(fresh_db)
    assert PROSE in row["text"]
    assert (row["source"], row["source_name"]) == (f"{server}/story.html",) * 2
    assert (row["url"], row["url_source"]) == (f"{server}/story.html", "fetched")
    assert outlet_name(fresh_db, row) == "Example News"


def test_url_plain_text_with_declared_charset(fresh_db, server):
    ingest_sources(fresh_db, [f"{server}/plain"])
    assert only_article(fresh_db)["text"] == f"Café owners said: {PROSE}"


def test_url_failures(fresh_db, server, monkeypatch):
    monkeypatch.setattr(readers, "FETCH_TIMEOUT_SECONDS", 0.5)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    sources = [f"{server}/missing", f"{server}/big", f"{server}/slow", f"http://127.0.0.1:{closed}/x"]
    report = ingest_sources(fresh_db, sources)
    reasons = dict(report.failures)
    assert reasons[f"{server}/missing"] == "HTTP 404 Not Found"
    assert reasons[f"{server}/big"] == "too large (over 10.0 MB)"
    assert reasons[f"{server}/slow"] in ("cannot fetch (timed out)", "timed out after 0.5 s")
    assert reasons[f"http://127.0.0.1:{closed}/x"].startswith("cannot fetch (")
    assert fresh_db["articles"].count == 0


def test_decode_prefers_utf8_and_bom():
    assert readers.decode("naïve".encode("utf-8")) == "naïve"
    assert readers.decode("naïve text".encode("utf-16")) == "naïve text"
    with pytest.raises(FactcheckError, match="empty file"):
        readers.decode(b"")


def test_a_page_that_trickles_fails_at_the_deadline_for_the_whole(fresh_db, server, monkeypatch):
    monkeypatch.setattr(readers, "FETCH_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(readers, "FETCH_DEADLINE_SECONDS", 1.0)
    started = time.monotonic()
    report = ingest_sources(fresh_db, [f"{server}/trickle"])
    assert time.monotonic() - started < 5
    assert report.failures == [(f"{server}/trickle", "still downloading after 1 s (the deadline for a page)")]


@pytest.mark.parametrize("url, reason", [
    ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
    ("https://[not-an-address]/page", "not a valid URL ('not-an-address' does not appear to be an IPv4 or IPv6 address)"),
])
def test_a_malformed_url_is_one_line(fresh_db, url, reason):
    assert ingest_sources(fresh_db, [url]).failures == [(url, reason)]
