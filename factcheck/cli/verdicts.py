"""`factcheck verdict`, `verdicts`, `history` and `stats`."""

from __future__ import annotations

import json

from typing import Annotated, Literal, Optional

import typer

from .. import stats as stats_module
from .. import verdicts as verdicts_module
from ..db import open_db
from ..export.datasets import listed_rows
from .app import (
    DB_DEFAULT, EDITOR_ENV, DbOption, JsonOption, app, default_editor, print_json, print_table, say, shorten,
)

TargetType = Literal[tuple(verdicts_module.TARGET_TABLES)]


@app.command()
def verdict(
    target: Annotated[str, typer.Argument(metavar="ID", help="A claim, match or cluster id (prefix match: or cluster: when a number is ambiguous).")],
    rating: Annotated[Optional[str], typer.Option(help="A rating on the scale (default: true, mostly-true, misleading, false, unproven).")] = None,
    note: Annotated[Optional[str], typer.Option(help="Why: a source, a correction.")] = None,
    editor: Annotated[Optional[str], typer.Option(help=f"Who rules (default: ${EDITOR_ENV} or the login name).")] = None,
    withdraw: Annotated[bool, typer.Option("--withdraw", help="Withdraw the current verdict.")] = False,
    db: DbOption = DB_DEFAULT,
) -> None:
    """Record a verdict on a claim, a match or a cluster."""
    if (rating is None) == (not withdraw):
        raise typer.BadParameter("give --rating RATING or --withdraw")
    database = open_db(db, create=False)
    target_type, target_id = verdicts_module.resolve_target(database, target)
    who = editor or default_editor()
    if withdraw:
        verdicts_module.withdraw_verdict(database, target_type, target_id, note=note, editor=who)
        say(f"{target_type} {target_id}: verdict withdrawn by {who}")
    else:
        verdicts_module.record_verdict(database, target_type, target_id, rating, note=note, editor=who)
        say(f"{target_type} {target_id}: {rating} by {who}")


@app.command("verdicts")
def list_verdicts(
    target_type: Annotated[Optional[TargetType], typer.Option("--type", help="Only claim, match or cluster verdicts.")] = None,
    db: DbOption = DB_DEFAULT,
    as_json: JsonOption = False,
) -> None:
    """List the current verdicts."""
    database = open_db(db, create=False)
    rows = verdicts_module.current_verdicts(database, target_type)
    if as_json:
        print_json(listed_rows(database, "verdicts", rows))
        return
    print_table(
        f"{len(rows)} current verdicts",
        ["target", "rating", "editor", "when", "text", "orphaned"],
        (
            [
                f"{row['target_type']}:{row['target_id']}", row["rating"], row["editor"],
                row["created_at"][:16].replace("T", " "), shorten(row["claim_text"]),
                orphan_note(row) if row["orphaned"] else "",
            ]
            for row in rows
        ),
    )


def orphan_note(row: dict) -> str:
    """Where an orphaned verdict's target went: the nearest claim or cluster of the newer build, if any."""
    if row["nearest_claim_id"] is None:
        return "nothing near"
    return f"nearest {row['nearest_claim_id']} ({row['nearest_score']:.0f})"


@app.command()
def history(
    target: Annotated[str, typer.Argument(metavar="ID", help="A claim, match or cluster id.")],
    db: DbOption = DB_DEFAULT,
    as_json: JsonOption = False,
) -> None:
    """Show every verdict and review action on a target, with editor and time."""
    database = open_db(db, create=False)
    target_type, target_id = verdicts_module.resolve_target(database, target)
    rows = verdicts_module.history(database, target_id, target_type)
    if as_json:
        print_json(rows)
        return
    print_table(
        f"{target_type} {target_id}",
        ["when", "editor", "change", "note"],
        (
            [
                row["created_at"][:19].replace("T", " "), row["editor"],
                (row["rating"] or "withdrawn") if row["kind"] == "verdict" else row["action"],
                row["note"] if row["kind"] == "verdict" else event_note(row["action"], row["value"]),
            ]
            for row in rows
        ),
    )


def event_note(action: str, value: str | None) -> str:
    """A review event's value as a person reads it: what an undo took back, the two claims a
    pair decision was about, a flag set or cleared."""
    if value is None:
        return ""
    if action == "undo" and ":" in value:
        kind, _, row_id = value.partition(":")
        return f"undoes {kind} {row_id}"
    if action == "flag":
        return "flagged" if value == "1" else "flag cleared"
    if value.startswith("["):
        try:
            claims = json.loads(value)
        except ValueError:
            return value
        return "claims " + " / ".join(map(str, claims))
    return value


@app.command()
def stats(db: DbOption = DB_DEFAULT, as_json: JsonOption = False) -> None:
    """How often editors confirmed or rejected the machine's contradictions (decided pairs only)."""
    report = stats_module.agreement(open_db(db, create=False))
    if as_json:
        print_json(report)
        return
    for title, key in (("by reason kind", "by_reason"), ("by tier", "by_tier")):
        print_table(
            f"Contradictions {title}",
            [key.removeprefix("by_"), "flagged", "reviewed", "confirmed", "rejected", "changed", "agreement"],
            (
                [
                    group["name"], group["flagged"], group["reviewed"], group["confirmed"],
                    group["rejected"], group["changed"], "" if group["agreement"] is None else f"{group['agreement']:.0%}",
                ]
                for group in report[key] + [report["total"]]
            ),
        )
