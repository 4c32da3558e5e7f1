import json

import pyarrow
import pyarrow.parquet
import pytest

from factcheck import export
from factcheck.cli import main
from factcheck.db import memory_db, open_db
from factcheck.export.columns import column_type

from test_export import fill

# The listing commands and the export dataset whose rows their --json prints.
LISTINGS = [
    (["claims"], "claims"),
    (["contradictions"], "matches"),
    (["agreements"], "matches"),
    (["clusters"], "clusters"),
    (["stories"], "stories"),
    (["verdicts"], "verdicts"),
]

# Words SQL (the standard, SQLite, DuckDB) reserves, which a column name would need quoted.
RESERVED = {"all", "and", "as", "asc", "between", "by", "case", "cast", "check", "column", "create", "default",
            "desc", "distinct", "else", "end", "except", "false", "from", "group", "having", "in", "index",
            "is", "join", "key", "limit", "not", "null", "offset", "on", "or", "order", "primary", "select",
            "table", "then", "to", "true", "union", "unique", "user", "using", "value", "when", "where", "with"}


@pytest.fixture
def listed_db(db_path):
    db = fill(open_db(db_path))
    # Stored in id order (c3 < c5), printed later (c3 on 2025-06-10, c5 on 2025-05-01): the reason reads c5 first.
    db["matches"].insert({"id": 4, "claim_a": "c3", "claim_b": "c5", "relation": "contradicts", "score": 0.5,
                          "tier": "suggest", "reason_code": "number-mismatch", "reason": "71 countries vs 5%"})
    db.close()
    return str(db_path)


def listed(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("command", "dataset"), LISTINGS)
def test_listing_json_is_the_export_rows(listed_db, tmp_path, capsys, command, dataset):
    out = tmp_path / "rows.json"
    assert main(["export", dataset, "--format", "json", "--out", str(out), "--db", listed_db]) == 0
    capsys.readouterr()
    columns = list(export.DATASETS[dataset]["columns"])
    exported = {row[columns[0]]: row for row in json.loads(out.read_text(encoding="utf-8"))}
    rows = listed(capsys, *command, "--db", listed_db)
    assert rows
    for row in rows:
        same = exported[row[columns[0]]]
        assert list(row)[:len(columns)] == columns
        for column in columns:
            assert row[column] == same[column] and type(row[column]) is type(same[column]), (column, row[column])


def test_both_sides_read_as_the_reason_does(listed_db, capsys):
    [exported] = [row for row in export.dataset_rows(open_db(listed_db), "matches") if row["match_id"] == 4]
    [shown] = [row for row in listed(capsys, "contradictions", "--db", listed_db) if row["match_id"] == 4]
    for row in (exported, shown):
        assert (row["claim_a"], row["outlet_a"], row["published_a"]) == ("c5", "Caliber.az", "2025-05-01")
        assert (row["claim_b"], row["article_b"], row["text_b"].endswith("5%.")) == ("c3", 3, True)


def test_column_names_need_no_quoting():
    for dataset in export.DATASETS.values():
        for column in dataset["columns"]:
            assert column not in RESERVED and column.isidentifier(), column


@pytest.mark.parametrize("dataset", list(export.DATASETS))
def test_parquet_columns_have_their_declared_types(tmp_path, dataset):
    full, empty = tmp_path / "full.parquet", tmp_path / "empty.parquet"
    export.export(fill(memory_db()), dataset, "parquet", full)
    export.export(memory_db(), dataset, "parquet", empty)
    tables = [pyarrow.parquet.read_table(path) for path in (full, empty)]
    assert tables[0].schema == tables[1].schema and tables[1].num_rows == 0
    joined = pyarrow.concat_tables(tables)
    assert joined.num_rows == tables[0].num_rows > 0
    expected = {"integer": pyarrow.int64(), "real": pyarrow.float64(), "text": pyarrow.string(),
                "date": pyarrow.date32(), "timestamp": pyarrow.timestamp("us", tz="UTC")}
    for field in joined.schema:
        assert field.type == expected[column_type(dataset, field.name)], field


def test_parquet_dates_are_dates(tmp_path):
    out = tmp_path / "verdicts.parquet"
    export.export(fill(memory_db()), "verdicts", "parquet", out)
    row = pyarrow.parquet.read_table(out).to_pylist()[0]
    assert row["published"].isoformat() == "2025-05-01"
    assert row["created_at"].tzinfo is not None
