"""`factcheck ingest`: counts on stdout, one line per failure on stderr, the exit code."""

from __future__ import annotations

import subprocess
import sys

from factcheck.cli import main
from factcheck.db import open_db

PROSE = "The agency operates in 71 countries and reports to the Foreign Ministry, officials said on Monday."
CLI = "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))"


def summary(out: str) -> list[str]:
    """The printed lines (a finished progress bar may leave a blank line on a non-terminal)."""
    return [line for line in out.splitlines() if line.strip()]


def test_mixed_folder_reports_each_bad_file_and_fails(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(PROSE)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\xff" * 500)
    done = subprocess.run(
        [sys.executable, "-c", CLI, "ingest", str(folder), str(tmp_path / "missing.md"), "--db", str(tmp_path / "c.db")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert sorted(done.stderr.splitlines()) == [
        f"factcheck: {folder / 'binary.txt'}: binary file, not text",
        f"factcheck: {tmp_path / 'missing.md'}: no such file or folder",
    ]
    # An empty file holds no article: skipped, not failed.
    assert summary(done.stdout)[0] == "1 new, 0 revised, 0 unchanged, 2 failed, 1 skipped"
    db = open_db(tmp_path / "c.db")
    assert [row["source_name"] for row in db["articles"].rows] == ["good.txt"]


def test_rerun_is_unchanged_and_flags_set_metadata(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(PROSE)
    argv = ["ingest", str(tmp_path / "a.txt"), "--db", "c.db", "--outlet", "Example News",
            "--published", "2025-02-06", "--url", "https://example.org/a"]
    assert main(argv) == 0
    first = capsys.readouterr()
    lines = summary(first.out)
    assert lines[0] == "1 new, 0 revised, 0 unchanged, 0 failed"
    assert all(": " in line for line in lines[1:])  # one line per later stage
    assert first.err == ""
    assert main(argv) == 0
    assert summary(capsys.readouterr().out)[0] == "0 new, 0 revised, 1 unchanged, 0 failed"
    row = next(open_db(tmp_path / "c.db").query(
        "SELECT a.published, a.url, o.name FROM articles a JOIN outlets o ON o.id = a.outlet_id"
    ))
    assert row == {"published": "2025-02-06", "url": "https://example.org/a", "name": "Example News"}


def test_bad_published_flag_is_one_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(PROSE)
    assert main(["ingest", str(tmp_path / "a.txt"), "--published", "last week"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "factcheck: --published 'last week' is not a date (use YYYY-MM-DD)\n"
    assert captured.out == ""


def test_skipped_files_are_counted(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PROSE)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    assert main(["ingest", str(folder), "--db", "c.db"]) == 0
    assert summary(capsys.readouterr().out)[0] == "1 new, 0 revised, 0 unchanged, 0 failed, 1 skipped"


def test_url_flag_names_one_article(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(PROSE + name)
    assert main(["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--url", "https://example.org/a"]) == 2
    assert capsys.readouterr().err == "factcheck: --url names one article, but 2 sources were given\n"
