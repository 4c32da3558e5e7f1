import csv
import io
import json

import pyarrow.parquet
import pytest

from factcheck import export, verdicts
from factcheck.cli import main
from factcheck.db import open_db
from factcheck.errors import FactcheckError


def fill(db):
    db["outlets"].insert_all([{"id": 1, "name": "Caliber.az"}, {"id": 2, "name": "APA"}, {"id": 3, "name": "Report.az"}])
    articles = [
        (1, 1, "2025-05-01", "https://caliber.az/a", "Exports grow"),
        (2, 2, "2025-05-03", "https://apa.az/b", "Trade figures"),
        (3, 3, "2025-06-10", None, None),
    ]
    texts = {
        1: "Jabbarov said Azerbaijan exports to 71 countries. Azerbaijan exports to 71 countries, the ministry said.",
        2: "Azerbaijan exports to 80 countries, Jabbarov said.",
        3: "=HYPERLINK(\"http://x\") exports fell by 5%. -5 percent, @analysts wrote.",
    }
    for article_id, outlet_id, published, url, title in articles:
        db["articles"].insert({
            "id": article_id, "outlet_id": outlet_id, "published": published, "url": url, "title": title,
            "text": texts[article_id], "content_hash": f"h{article_id}", "source": f"{article_id}.txt",
            "ingested_at": "2025-07-01T00:00:00+00:00",
        })
    db["entities"].insert_all([
        {"id": 1, "name": "Mikayil Jabbarov", "label": "PERSON"},
        {"id": 2, "name": "Azerbaijan", "label": "GPE"},
    ])
    db["entity_aliases"].insert_all([
        {"entity_id": 1, "alias": "Jabbarov"}, {"entity_id": 1, "alias": "Mikayil Jabbarov"},
        {"entity_id": 2, "alias": "Azerbaijan"},
    ])
    claims = [
        ("c1", 1, 0, "Jabbarov said Azerbaijan exports to 71 countries.", "Azerbaijan exports to 71 countries."),
        ("c2", 2, 0, "Azerbaijan exports to 80 countries, Jabbarov said.", "Azerbaijan exports to 80 countries"),
        ("c3", 3, 0, "=HYPERLINK(\"http://x\") exports fell by 5%.", "=HYPERLINK(\"http://x\") exports fell by 5%."),
        ("c4", 3, 1, "-5 percent, @analysts wrote.", "-5 percent"),
        ("c5", 1, 1, "Azerbaijan exports to 71 countries, the ministry said.", "Azerbaijan exports to 71 countries"),
    ]
    for claim_id, article_id, idx, text, content in claims:
        db["claims"].insert({
            "id": claim_id, "article_id": article_id, "idx": idx, "start": idx * 60,
            "end": idx * 60 + len(text), "text": text, "content": content, "negated": 0, "hedged": 0,
        })
    db["attributions"].insert_all([
        {"claim_id": "c1", "kind": "indirect", "speaker": "Jabbarov", "speaker_entity_id": 1, "cue": "said"},
        {"claim_id": "c2", "kind": "indirect", "speaker": "Jabbarov", "speaker_entity_id": 1, "cue": "said"},
        {"claim_id": "c3", "kind": "outlet"},
        {"claim_id": "c4", "kind": "indirect", "speaker": "@analysts", "cue": "wrote"},
        {"claim_id": "c5", "kind": "indirect", "speaker": "the ministry", "cue": "said"},
    ])
    db["quantities"].insert_all([
        {"claim_id": "c1", "start": 26, "end": 38, "text": "71 countries", "kind": "number", "value": 71, "unit": "country"},
        {"claim_id": "c2", "start": 22, "end": 34, "text": "80 countries", "kind": "number", "value": 80, "unit": "country"},
        {"claim_id": "c4", "start": 0, "end": 10, "text": "-5 percent", "kind": "percent", "value": -5, "unit": "%"},
    ])
    db["claim_entities"].insert_all([
        {"claim_id": "c1", "entity_id": 1, "start": 0, "end": 8, "text": "Jabbarov", "label": "PERSON", "role": "speaker"},
        {"claim_id": "c1", "entity_id": 2, "start": 14, "end": 24, "text": "Azerbaijan", "label": "GPE", "role": "subject"},
        {"claim_id": "c2", "entity_id": 2, "start": 0, "end": 10, "text": "Azerbaijan", "label": "GPE", "role": "subject"},
    ])
    db["matches"].insert_all([
        {"id": 1, "claim_a": "c1", "claim_b": "c2", "relation": "contradicts", "score": 0.94,
         "tier": "auto", "reason_code": "number-mismatch", "reason": "71 vs 80 countries"},
        {"id": 2, "claim_a": "c1", "claim_b": "c5", "relation": "agrees", "score": 0.97, "tier": "auto"},
    ])
    db["clusters"].insert({"id": 1, "label": "Azerbaijan exports to 71 countries", "status": "agreed", "members": 2,
                           "outlets": 1, "independent_sources": 2,
                           "first_published": "2025-05-01", "last_published": "2025-05-01"})
    db["cluster_members"].insert_all([
        {"cluster_id": 1, "claim_id": "c1", "source_key": "jabbarov"},
        {"cluster_id": 1, "claim_id": "c5", "source_key": "ministry"},
    ])
    db["stories"].insert_all([
        {"id": 1, "label": "azerbaijan, exports", "articles": 2, "first_published": "2025-05-01",
         "last_published": "2025-05-03", "created_at": "2025-07-01T00:00:00+00:00"},
        {"id": 2, "label": "exports fell", "articles": 1, "first_published": "2025-06-10",
         "last_published": "2025-06-10", "created_at": "2025-07-01T00:00:00+00:00"},
    ])
    db["story_members"].insert_all(
        {"article_id": article_id, "story_id": story_id, "score": 0.5, "evidence": "{}", "terms": "{}"}
        for article_id, story_id in ((1, 1), (2, 1), (3, 2))
    )
    verdicts.record_verdict(db, "claim", "c1", "mostly-true", editor="ana")
    verdicts.record_verdict(db, "claim", "c1", "false", note="It is 80.", editor="ben")
    verdicts.record_verdict(db, "match", 1, "misleading", editor="ana")
    verdicts.record_verdict(db, "cluster", 1, "true", editor="ana")
    verdicts.record_verdict(db, "claim", "c4", "unproven", editor="ana")
    verdicts.record_event(db, "match", 2, "not-contradiction", editor="ana")
    return db


@pytest.fixture
def db(fresh_db):
    return fill(fresh_db)


@pytest.fixture
def db_file(db_path):
    fill(open_db(db_path)).close()
    return str(db_path)


def read_back(path, fmt):
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    return pyarrow.parquet.read_table(path).to_pylist()


KEYS = {
    "claims": ("claim_id", ["c1", "c5", "c2", "c3", "c4"]),
    "matches": ("match_id", [1, 2]),
    "clusters": ("cluster_id", [1]),
    "stories": ("story_id", [1, 2]),
    "verdicts": ("target_id", ["1", "1", "c1", "c4"]),
    "entities": ("entity_id", [2, 1]),
}


@pytest.mark.parametrize("fmt", export.FORMATS)
@pytest.mark.parametrize("dataset", list(export.DATASETS))
def test_every_format_round_trips(db, tmp_path, dataset, fmt):
    out = tmp_path / f"{dataset}.{fmt}"
    count = export.export(db, dataset, fmt, out)
    rows = read_back(out, fmt)
    key, expected = KEYS[dataset]
    assert count == len(rows) == len(expected)
    assert list(rows[0]) == list(export.DATASETS[dataset]["columns"])
    as_text = fmt == "csv" and not isinstance(expected[0], str)
    assert sorted(row[key] for row in rows) == sorted(str(value) if as_text else value for value in expected)


def test_claim_rows_carry_ids_offsets_and_human_fields(db):
    rows = {row["claim_id"]: row for row in export.dataset_rows(db, "claims")}
    first = rows["c1"]
    assert (first["article_id"], first["start_offset"], first["end_offset"]) == (1, 0, 49)
    assert (first["outlet"], first["published"], first["speaker"], first["kind"]) == (
        "Caliber.az", "2025-05-01", "Jabbarov", "indirect")
    assert first["entities"] == "Mikayil Jabbarov; Azerbaijan"
    assert (first["quantities"], first["normalised"]) == ("71 countries", "71 country")
    assert first["verdict"] == "false"
    assert rows["c4"]["normalised"] == "-5 %"
    assert rows["c5"]["verdict"] is None


def test_match_cluster_verdict_and_entity_rows(db):
    contradiction, agreement = export.dataset_rows(db, "matches")
    assert (contradiction["reason_code"], contradiction["reason_kind"], contradiction["reason"]) == (
        "number-mismatch", "number", "71 vs 80 countries")
    assert agreement["reason_kind"] is None
    assert (contradiction["outlet_a"], contradiction["outlet_b"]) == ("Caliber.az", "APA")
    assert (contradiction["verdict"], contradiction["reviewed"]) == ("misleading", None)
    assert agreement["reviewed"] == "not-contradiction"
    [cluster] = export.dataset_rows(db, "clusters")
    assert (cluster["claim_ids"], cluster["outlet_names"], cluster["verdict"]) == ("c1; c5", "Caliber.az", "true")
    by_target = {(row["target_type"], row["target_id"]): row for row in export.dataset_rows(db, "verdicts")}
    assert by_target[("claim", "c1")]["rating"] == "false"
    assert by_target[("claim", "c1")]["outlet"] == "Caliber.az"
    assert by_target[("match", "1")]["speaker"] == "Jabbarov"
    entities = {row["name"]: row for row in export.dataset_rows(db, "entities")}
    assert entities["Mikayil Jabbarov"]["aliases"] == "Jabbarov; Mikayil Jabbarov"
    assert entities["Mikayil Jabbarov"]["claims"] == 2
    assert entities["Azerbaijan"]["outlets"] == "APA; Caliber.az"


def test_story_column_and_stories_rows(db):
    assert {row["claim_id"]: row["story_id"] for row in export.dataset_rows(db, "claims")} == {
        "c1": 1, "c2": 1, "c5": 1, "c3": 2, "c4": 2}
    assert [row["story_id"] for row in export.dataset_rows(db, "matches")] == [1, 1]
    assert [row["story_id"] for row in export.dataset_rows(db, "clusters")] == [1]
    first, second = export.dataset_rows(db, "stories")
    assert first == {"story_id": 1, "label": "azerbaijan, exports", "articles": 2, "outlets": 2,
                     "first_published": "2025-05-01", "last_published": "2025-05-03", "claims": 3,
                     "contradictions": 1, "article_ids": "1; 2"}
    assert (second["claims"], second["contradictions"], second["article_ids"]) == (2, 0, "3")
    assert [row["story_id"] for row in export.dataset_rows(db, "stories", outlet="Report")] == [2]
    # A pair matched across stories has no one story; a cluster spanning stories neither.
    db["matches"].insert({"id": 3, "claim_a": "c2", "claim_b": "c3", "relation": "related", "score": 0.4,
                          "tier": "suggest"})
    db["cluster_members"].insert({"cluster_id": 1, "claim_id": "c3", "source_key": "report"})
    assert {row["match_id"]: row["story_id"] for row in export.dataset_rows(db, "matches")}[3] is None
    assert [row["story_id"] for row in export.dataset_rows(db, "clusters")] == [None]


def test_story_id_keeps_its_type_in_parquet_when_empty(db, tmp_path):
    db.execute("delete from story_members")
    for dataset in ("claims", "matches", "clusters"):
        out = tmp_path / f"{dataset}.parquet"
        export.export(db, dataset, "parquet", out)
        table = pyarrow.parquet.read_table(out)
        assert str(table.schema.field("story_id").type) == "int64"
        assert set(table.column("story_id").to_pylist()) == {None}


def test_filters(db):
    def ids(dataset, key, **filters):
        return sorted(row[key] for row in export.dataset_rows(db, dataset, **filters))

    assert ids("claims", "claim_id", outlet="apa") == ["c2"]
    assert ids("claims", "claim_id", since="2025-05-02") == ["c2", "c3", "c4"]
    assert ids("claims", "claim_id", entity="jabbarov") == ["c1", "c2"]
    assert ids("matches", "match_id", outlet="APA") == [1]
    assert ids("clusters", "cluster_id", outlet="APA") == []
    assert ids("verdicts", "target_id", outlet="Report") == ["c4"]
    assert ids("verdicts", "target_id", outlet="APA") == ["1"]
    assert ids("entities", "name", outlet="APA") == ["Azerbaijan", "Mikayil Jabbarov"]  # c2 speaker
    assert ids("entities", "name", outlet="Report") == []
    with pytest.raises(FactcheckError, match="--since 'May 2025': not a date"):
        export.dataset_rows(db, "claims", since="May 2025")


def test_csv_neutralises_formulas_and_keeps_numbers(db, tmp_path):
    out = tmp_path / "claims.csv"
    export.export(db, "claims", "csv", out)
    rows = {row["claim_id"]: row for row in read_back(out, "csv")}
    assert rows["c3"]["text"] == "'=HYPERLINK(\"http://x\") exports fell by 5%."
    assert rows["c4"]["content"] == "'-5 percent"
    assert rows["c4"]["speaker"] == "'@analysts"
    assert rows["c4"]["normalised"] == "'-5 %"
    assert rows["c1"]["start_offset"] == "0"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows.values() for cell in row.values())
    assert export.neutralise_formula(-5) == -5
    assert export.neutralise_formula("+1 555") == "'+1 555"
    assert export.neutralise_formula("\t=1") == "'\t=1"


def test_csv_bom(db, tmp_path):
    out = tmp_path / "claims.csv"
    export.export(db, "claims", "csv", out, bom=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfclaim_id,")
    export.export(db, "claims", "csv", out)
    assert out.read_bytes().startswith(b"claim_id,")


def test_bad_format_and_parquet_to_stdout(db):
    with pytest.raises(FactcheckError, match="unknown format 'xlsx'"):
        export.export(db, "claims", "xlsx")
    with pytest.raises(FactcheckError, match="parquet is binary: give --out FILE"):
        export.export(db, "claims", "parquet")
    with pytest.raises(FactcheckError, match="unknown dataset 'people'"):
        export.dataset_rows(db, "people")


def test_export_command_to_stdout_and_file(db_file, tmp_path, capsys):
    assert main(["export", "claims", "--format", "jsonl", "--outlet", "APA", "--db", db_file]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["claim_id"] == "c2" and row["text"] == "Azerbaijan exports to 80 countries, Jabbarov said."
    out = tmp_path / "m.csv"
    assert main(["export", "matches", "--out", str(out), "--bom", "--db", db_file]) == 0
    assert capsys.readouterr().err == f"2 matches rows written to {out}\n"
    assert len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))) == 2


@pytest.mark.parametrize("args, message", [
    (["export", "people"], "factcheck: Invalid value for 'dataset': Value error, 'people' is not one of 'claims', "
                           "'matches', 'clusters', 'stories', 'verdicts', 'entities', 'claimreview'.\n"),
    (["export", "claims", "--format", "parquet"], "factcheck: parquet is binary: give --out FILE\n"),
    (["export", "claims", "--since", "yesterday"], "factcheck: --since 'yesterday': not a date (use YYYY-MM-DD)\n"),
    (["export", "claimreview"], "factcheck: Invalid value: claimreview needs --publisher NAME and --publisher-url URL\n"),
    (["export", "claims", "--out", "missing/dir/x.csv"], "factcheck: missing/dir/x.csv: cannot write (No such file or directory)\n"),
])
def test_export_bad_input_is_one_line(db_file, capsys, args, message):
    assert main([*args, "--db", db_file]) != 0
    captured = capsys.readouterr()
    assert captured.err == message and captured.out == ""


def test_columns_command(capsys):
    assert main(["columns"]) == 0
    out = capsys.readouterr().out
    assert "### `claims`" in out and "| `reason` | text | The evidence in words" in out
    assert "### `stories`" in out and out.count("| `story_id` | whole number | Story id") == 4
    assert main(["columns", "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == set(export.DATASETS)
