import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from pathlib import Path

import pytest

import factcheck
from factcheck.db import open_db
from factcheck.export import datasette_metadata
from factcheck.export.columns import TABLES

from test_export import fill

START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def server(db_path):
    fill(open_db(db_path)).close()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))",
         "serve", "--port", str(port), "--db", str(db_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(factcheck.__file__).parents[1])},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            try:
                get_json(base + "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_answers_a_json_query(server):
    query = urllib.parse.urlencode({"sql": "select id, text from claims order by id", "_shape": "array"})
    rows = get_json(server + "/claims.json?" + query)
    assert [row["id"] for row in rows] == ["c1", "c2", "c3", "c4", "c5"]
    found = get_json(server + "/claims/claims.json?_search=countries&_shape=array")
    assert {row["id"] for row in found} == {"c1", "c2", "c5"}


def test_served_metadata_describes_tables(server):
    metadata = get_json(server + "/-/metadata.json")
    claims = metadata["databases"]["claims"]["tables"]["claims"]
    assert claims["label_column"] == "text"
    assert claims["columns"]["start"] == TABLES["claims"]["columns"]["start"]
    table = get_json(server + "/claims/matches.json?_shape=objects")
    assert "relation" in table["facet_results"]
    assert metadata["databases"]["claims"]["tables"]["stories"]["label_column"] == "label"
    members = get_json(server + "/claims/story_members.json?_shape=objects")
    assert "story_id" in members["facet_results"]


def test_metadata_covers_every_table_and_column(fresh_db):
    tables = datasette_metadata()["databases"]["claims"]["tables"]
    for name, table in TABLES.items():
        assert name in fresh_db.table_names()
        assert set(table["columns"]) <= set(fresh_db[name].columns_dict), name
        assert set(table.get("facets", [])) <= set(fresh_db[name].columns_dict), name
        assert tables[name]["description"]
    foreign = {(key.column, key.other_table) for key in fresh_db["claims"].foreign_keys}
    assert ("article_id", "articles") in foreign


def test_metadata_describes_every_column_of_the_story_tables(fresh_db):
    tables = datasette_metadata()["databases"]["claims"]["tables"]
    for name in ("stories", "story_members"):
        described = set(tables[name]["columns"])
        assert described == set(fresh_db[name].columns_dict) - {"id"}, name
        assert all(tables[name]["columns"].values()), name


def test_metadata_describes_every_table_and_column_and_the_data_licence(fresh_db):
    metadata = datasette_metadata()
    tables = metadata["databases"]["claims"]["tables"]
    for name in fresh_db.table_names():
        if name.startswith("claims_fts"):
            continue
        described = tables[name]["columns"]
        assert set(described) - {"id"} == set(fresh_db[name].columns_dict) - {"id"}, name
        assert all(described.values()) and tables[name]["description"], name
    # The data is the articles', not the software's.
    assert "Apache" not in metadata["license"] and "outlet" in metadata["license"]


def serve_errors(*args):
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from factcheck.cli import main; sys.exit(main(sys.argv[1:]))",
         "serve", *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(factcheck.__file__).parents[1])},
    )
    return done.returncode, done.stdout, done.stderr


def test_serve_errors_are_one_line_before_anything_else(db_path, tmp_path):
    fill(open_db(db_path)).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, out, err = serve_errors("--port", str(port), "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err == f"factcheck: port {port} on 127.0.0.1: in use (choose another with --port)\n"
    code, out, err = serve_errors("--db", str(tmp_path / "missing.db"))
    assert (code, out, err.count("\n")) == (1, "", 1) and "no such database" in err and "Serving" not in err
