"""The NLP on Dask workers, one writer: the database equals a plain ingest's."""

from __future__ import annotations

import pytest
from distributed import LocalCluster

from factcheck.cli import main
from factcheck.db import open_db
from factcheck.distributed import local_workers
from factcheck.errors import BadOption, FactcheckError
from factcheck.pipeline import run

ARTICLES = {
    "harbour-1.txt": (
        "---\noutlet: Coast Herald\npublished: 2024-03-04\n---\n"
        "Fire damages Port Velmar harbour\n"
        "A fire at the Port Velmar harbour destroyed 12 warehouses on Sunday, the fire brigade said.\n"
        "\"We evacuated 300 workers before the roof fell,\" said Mara Lindqvist, the brigade's chief.\n"
        "The harbour authority said damage would exceed $4 million.\n"
    ),
    "harbour-2.txt": (
        "---\noutlet: Velmar Daily\npublished: 2024-03-05\n---\n"
        "Harbour fire: warehouses lost\n"
        "The fire at Port Velmar harbour destroyed 15 warehouses, according to the harbour authority.\n"
        "Mara Lindqvist said about 300 workers were evacuated in time.\n"
        "Nobody was injured, police said on Monday.\n"
    ),
    "harbour-3.txt": (
        "---\noutlet: North Wire\npublished: 2024-03-05\n---\n"
        "Port Velmar counts the cost\n"
        "Officials at Port Velmar said the blaze destroyed 12 warehouses and damage reached $6 million.\n"
        "Two firefighters were treated for smoke, the brigade said.\n"
    ),
}

TABLES = {
    "claims": "select * from claims order by id",
    "attributions": "select * from attributions order by claim_id",
    "quantities": (
        "select q.claim_id, q.start, q.end, q.text, q.kind, q.value, q.low, q.high, q.unit, q.approximate,"
        " q.date, q.precision, e.claim_id, e.start from quantities q"
        " left join quantities e on e.id = q.equivalent_of order by q.claim_id, q.start"
    ),
    "claim_entities": "select * from claim_entities order by claim_id, start",
    "entities": "select * from entities order by id",
    "matches": "select id, claim_a, claim_b, relation, score, tier, reason from matches order by id",
    "stories": "select article_id, story_id, score, evidence, terms from story_members order by article_id",
    "analysed": "select article_id from analysed_articles order by article_id",
}


def _contents(path) -> dict[str, list[tuple]]:
    db = open_db(path)
    return {name: [tuple(row) for row in db.execute(sql).fetchall()] for name, sql in TABLES.items()}


@pytest.fixture
def feed(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_two_dask_workers_store_what_a_plain_ingest_stores(feed, tmp_path):
    plain = run(open_db(tmp_path / "plain.db"), [str(feed)], workers=1)
    # Threads of this process: the workers load the same pipeline without starting new interpreters.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        assert len(cluster.workers) == 2
        on_dask = run(open_db(tmp_path / "dask.db"), [str(feed)], dask=cluster.scheduler_address)
    assert plain.ok and on_dask.ok
    assert on_dask.stages["claims"] == plain.stages["claims"]
    assert on_dask.stages["match"] == plain.stages["match"]
    expected, found = _contents(tmp_path / "plain.db"), _contents(tmp_path / "dask.db")
    assert len(expected["analysed"]) == len(ARTICLES)
    assert expected["claims"] and expected["quantities"] and expected["matches"]
    assert any(row[3] == "contradicts" for row in expected["matches"])  # 12 against 15 warehouses
    for table in TABLES:
        assert found[table] == expected[table], table


def test_a_bad_dask_setting_stops_before_anything_is_stored(feed, db_path, capsys):
    assert main(["ingest", str(feed), "--db", str(db_path), "--dask", "0"]) == 2
    assert capsys.readouterr().err.strip() == "factcheck: --dask needs at least 1 worker (got 0)"
    assert open_db(db_path).execute("select count(*) from articles").fetchone()[0] == 0
    assert main(["ingest", str(feed), "--db", str(db_path), "--dask", "2", "--workers", "2"]) == 2
    assert "cannot be combined" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_one_line(feed, db_path, capsys, monkeypatch):
    monkeypatch.setattr("factcheck.distributed.CONNECT_SECONDS", 1)
    assert main(["ingest", str(feed), "--db", str(db_path), "--dask", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("factcheck: cannot reach the Dask scheduler tcp://127.0.0.1:9") and "\n" not in err
    # The articles are stored and wait for their analysis, which the next ingest runs.
    assert open_db(db_path).execute("select count(*) from analysed_articles").fetchone()[0] == 0


def test_local_workers_reads_a_count_or_an_address():
    assert local_workers("3") == 3
    assert local_workers("tcp://scheduler:8786") is None
    with pytest.raises(FactcheckError, match="at least 1"):
        local_workers("-2")
    # A scheduler's address is checked for its form at once, not when the first work reaches it.
    for address in ("notanaddress", "tcp://scheduler", "tcp://scheduler:port", "nosuch://scheduler:8786"):
        with pytest.raises(BadOption, match="neither a number of workers nor a scheduler's address"):
            local_workers(address)
