import os
import subprocess
import sys
from pathlib import Path

import pytest

import factcheck
from factcheck.cli import main

from test_export import db_file, fill  # noqa: F401  (fixtures)


# The child imports the code under test, wherever the package is installed from.
SOURCE_ROOT = str(Path(factcheck.__file__).parents[1])


def run(*args, env=None):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": SOURCE_ROOT, **(env or {})})


def test_version_and_short_help(capsys):
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("factcheck ") and out.count("\n") == 1
    assert main(["-h"]) == 0
    assert "Usage: factcheck" in capsys.readouterr().out
    assert main(["export", "-h"]) == 0
    assert "Usage: factcheck export" in capsys.readouterr().out


def test_python_dash_m_runs_the_command():
    done = run("-m", "factcheck", "--help")
    assert done.returncode == 0 and "Usage: factcheck" in done.stdout and done.stderr == ""
    assert run("-m", "factcheck", "export", "claims", "--format", "xml").returncode == 2


def test_shell_completion():
    # The shell named on the command line, not the one typer detects running the tests
    # (none it supports when they run under sh or without a shell).
    script = run("-m", "factcheck", "--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert script.returncode == 0 and "complete" in script.stdout
    words = run("-m", "factcheck", env={"_FACTCHECK_COMPLETE": "complete_bash", "COMP_WORDS": "factcheck expo",
                                        "COMP_CWORD": "1"})
    assert "export" in words.stdout.split()


BAD_CONFIGS = {
    "out-of-range.toml": "[match]\nauto_threshold = 5\n",
    "auto-below-suggest.toml": "[match]\nauto_threshold = 0.2\nsuggest_threshold = 0.8\n",
}


@pytest.mark.parametrize("args", [
    ["export", "claims", "--format", "xml"],
    ["export", "tables"],
    ["export", "claims", "--since", "May"],
    ["export", "claimreview", "--publisher", "D", "--publisher-url", "d.example"],
    ["export", "claimreview", "--publisher", "D", "--publisher-url", "https://d.example", "--url-template", "/x"],
    ["verdicts", "--type", "story"],
    ["verdict", "c1", "--rating", "pants-on-fire", "--editor", "ana"],
    ["contradictions", "--min-score", "2"],
    ["serve", "--port", "0"],
    ["match", "--auto-threshold", "5"],
    ["match", "--suggest-threshold", "-1"],
    ["match", "--auto-threshold", "0.2", "--suggest-threshold", "0.5"],
    ["match", "--config", "out-of-range.toml"],
    ["match", "--config", "auto-below-suggest.toml"],
    ["match", "--config", "auto-below-suggest.toml", "--auto-threshold", "0.7"],
    ["match", "--config", "missing.toml"],
    ["review", "--config", "missing.toml", "--editor", "ana"],
    ["ingest", "article.txt", "--url", "notaurl"],
    ["ingest", "article.txt", "--url", "example.org/a"],
    ["ingest", "article.txt", "--dask", "notanaddress"],
])
def test_every_bad_option_value_exits_2_on_one_line(db_file, capsys, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    for name, text in BAD_CONFIGS.items():
        (tmp_path / name).write_text(text)
    assert main([*args, "--db", db_file]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and captured.err.startswith("factcheck: ")


def help_of(capsys, *command):
    assert main([*command, "--help"]) == 0
    return capsys.readouterr().out


COMMANDS = ["ingest", "claims", "stories", "contradictions", "agreements", "clusters", "match", "review",
            "verdict", "verdicts", "history", "stats", "export", "columns", "serve", "eval"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_text_is_plain(capsys, command):
    text = help_of(capsys, command)
    assert "{" + command not in text and "<list[" not in text and "`" not in text
    assert "Usage: factcheck " + command in text


def test_help_lists_allowed_values(capsys):
    text = help_of(capsys, "export")
    assert "csv|jsonl|json|parquet" in text and "claims|matches|clusters|stories|verdicts|entities|claimreview" in text
    assert "claim|match|cluster" in help_of(capsys, "verdicts")
    assert "SOURCE..." in help_of(capsys, "ingest")
