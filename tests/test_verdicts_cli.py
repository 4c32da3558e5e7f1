import json

import pytest

from factcheck.cli import main
from factcheck.cli.verdicts import event_note
from factcheck.db import open_db

from test_verdicts import add_article


@pytest.fixture
def db_file(db_path):
    db = open_db(db_path)
    add_article(db, 1, ["Azerbaijan exports to 71 countries.", "The minister resigned on Monday."])
    add_article(db, 2, ["Azerbaijan exports to 80 countries."], outlet="APA")
    db["matches"].insert({"id": 1, "claim_a": "a1-0", "claim_b": "a2-0", "relation": "contradicts",
                          "tier": "auto", "reason_code": "number"})
    db["clusters"].insert({"id": 1, "label": "resignation"})
    db.close()
    return str(db_path)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_verdict_then_list_and_history(db_file, capsys):
    code, out, _ = run(capsys, "verdict", "a1-0", "--rating", "false", "--note", "It is 80.",
                       "--editor", "ana", "--db", db_file)
    assert code == 0 and out == "claim a1-0: false by ana\n"
    run(capsys, "verdict", "a1-0", "--rating", "mostly-true", "--editor", "ben", "--db", db_file)
    run(capsys, "verdict", "match:1", "--rating", "misleading", "--editor", "ben", "--db", db_file)
    code, out, _ = run(capsys, "verdicts", "--json", "--db", db_file)
    rows = json.loads(out)
    assert code == 0
    assert [(row["target_type"], row["target_id"], row["rating"]) for row in rows] == [
        ("claim", "a1-0", "mostly-true"), ("match", "1", "misleading"),
    ]
    code, out, _ = run(capsys, "history", "a1-0", "--json", "--db", db_file)
    assert [(row["rating"], row["editor"]) for row in json.loads(out)] == [("false", "ana"), ("mostly-true", "ben")]
    code, out, _ = run(capsys, "history", "a1-0", "--db", db_file)
    assert code == 0 and "It is 80." in out and "ana" in out and "mostly-true" in out


def test_withdraw(db_file, capsys):
    assert run(capsys, "verdict", "cluster:1", "--rating", "true", "--editor", "ana", "--db", db_file)[0] == 0
    code, out, _ = run(capsys, "verdict", "cluster:1", "--withdraw", "--editor", "ana", "--db", db_file)
    assert code == 0 and out == "cluster 1: verdict withdrawn by ana\n"
    assert json.loads(run(capsys, "verdicts", "--json", "--db", db_file)[1]) == []
    code, _, err = run(capsys, "verdict", "cluster:1", "--withdraw", "--editor", "ana", "--db", db_file)
    assert code == 1 and err == "factcheck: cluster 1 has no verdict to withdraw\n"


def test_editor_from_environment(db_file, capsys, monkeypatch):
    monkeypatch.setenv("FACTCHECK_EDITOR", "desk")
    assert run(capsys, "verdict", "a1-1", "--rating", "true", "--db", db_file)[1] == "claim a1-1: true by desk\n"


@pytest.mark.parametrize("args, message", [
    (["verdict", "a1-0", "--rating", "wrong"], "factcheck: unknown rating 'wrong' (the scale is: true, mostly-true, misleading, false, unproven)\n"),
    (["verdict", "zz", "--rating", "true"], "factcheck: 'zz': no such claim, match or cluster\n"),
    (["verdict", "1", "--rating", "true"], "factcheck: '1' is ambiguous: write match:1 or cluster:1\n"),
    (["verdict", "a1-0"], "factcheck: Invalid value: give --rating RATING or --withdraw\n"),
])
def test_bad_input_is_one_line(db_file, capsys, args, message):
    code, out, err = run(capsys, *args, "--editor", "ana", "--db", db_file)
    assert code != 0 and out == "" and err == message


def test_missing_database(tmp_path, capsys):
    code, _, err = run(capsys, "verdicts", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "no such database" in err and not (tmp_path / "none.db").exists()


def test_verdicts_whose_target_is_gone_are_listed_with_where_it_went(db_file, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run(capsys, "verdict", "cluster:1", "--rating", "true", "--editor", "ana", "--db", db_file)
    run(capsys, "verdict", "a1-1", "--rating", "false", "--editor", "ana", "--db", db_file)
    db = open_db(db_file)
    db["verdict_orphans"].insert_all([
        {"verdict_id": 1, "claim_id": "1", "nearest_claim_id": None, "score": None, "detected_at": "x"},
        {"verdict_id": 2, "claim_id": "a1-1", "nearest_claim_id": "a2-0", "score": 61.5, "detected_at": "x"},
    ])
    db.close()
    code, out, err = run(capsys, "verdicts", "--db", db_file)
    assert code == 0 and err == ""
    assert "nothing near" in out and "nearest a2-0 (62)" in out


def test_a_verdict_without_editor_for_a_user_with_no_login_name_is_one_line(db_file, capsys, monkeypatch):
    for name in ("FACTCHECK_EDITOR", "LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr("pwd.getpwuid", no_entry)
    code, out, err = run(capsys, "verdict", "a1-0", "--rating", "false", "--db", db_file)
    assert (code, out) == (1, "")
    assert err == "factcheck: no login name for this user: give --editor NAME or set $FACTCHECK_EDITOR\n"
    assert open_db(db_file)["verdicts"].count == 0


@pytest.mark.parametrize(
    "action, value, shown",
    [
        ("undo", "verdict:12", "undoes verdict 12"),
        ("undo", "event:3", "undoes event 3"),
        ("not-contradiction", '["a1-0", "a2-0"]', "claims a1-0 / a2-0"),
        ("flag", "1", "flagged"),
        ("flag", "0", "flag cleared"),
        ("note", "[sic] as printed", "[sic] as printed"),
        ("skip", None, ""),
    ],
)
def test_history_shows_a_review_event_as_a_person_reads_it(action, value, shown):
    assert event_note(action, value) == shown
