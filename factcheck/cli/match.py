"""`factcheck match`, `contradictions`, `agreements` and `clusters`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..clusters import list_clusters
from ..db import open_db
from ..export.datasets import listed_rows
from ..match import clusters_of_claims, group_contradictions, list_matches, match_new
from ..pairs import load_config
from .app import (
    DB_DEFAULT, DbOption, JsonOption, StoryOption, app, date_range, print_json, print_table, say, shorten, warn,
)

EntityOption = Annotated[Optional[str], typer.Option(help="Only claims naming this entity (name, alias or text).")]
OutletOption = Annotated[Optional[str], typer.Option(help="Only claims from outlets whose name contains this.")]
MinScoreOption = Annotated[float, typer.Option("--min-score", min=0.0, max=1.0, help="Lowest match score shown.")]


@app.command("match")
def match_command(
    db: DbOption = DB_DEFAULT,
    config: Annotated[Optional[Path], typer.Option(
        exists=True, dir_okay=False, help="A TOML file with a [match] table of settings.")] = None,
    auto_threshold: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Score for the automatic tier (at least the suggestion tier's).")] = None,
    suggest_threshold: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Score for the suggestion tier.")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Match everything again, then replace earlier matches at once.")] = False,
    semantic: Annotated[
        Optional[bool],
        typer.Option("--semantic/--lexical", help="Compare sentence embeddings too (needs the semantic extra)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Match claims across articles (only new claims, unless --rebuild)."""
    settings = load_config(
        config, auto_threshold=auto_threshold, suggest_threshold=suggest_threshold, semantic=semantic
    )
    counts = match_new(open_db(db, create=False), settings, rebuild=rebuild, progress=not as_json)
    if as_json:
        print_json(counts)
    else:
        say("match: " + ", ".join(f"{value} {name}" for name, value in counts.items()))
    for message in counts.failures:
        warn(f"factcheck: {message}")
    if counts.failures:
        raise typer.Exit(1)


@app.command()
def contradictions(
    db: DbOption = DB_DEFAULT,
    entity: EntityOption = None,
    outlet: OutletOption = None,
    min_score: MinScoreOption = 0.0,
    story: StoryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Claims in different articles that cannot both be true, with the reason.

    One row per disagreement: contradictions opposing the same figures with a
    claim (or cluster) in common read once, with the outlets on each side.
    --json lists every contradiction, each with its group, in the columns of
    the matches export (see: factcheck columns).
    """
    database = open_db(db, create=False)
    rows = list_matches(database, "contradicts", entity=entity, outlet=outlet, min_score=min_score, story=story)
    groups = group_contradictions(rows, clusters_of_claims(database))
    if as_json:
        print_json(listed_rows(database, "matches", rows, extra=("group",)))
        return
    print_table(
        f"{len(groups)} contradiction{'' if len(groups) == 1 else 's'} ({len(rows)} claim pairs)",
        ["story", "score", "tier", "reason", "outlets a", "claim a", "outlets b", "claim b"],
        (
            [g["story_id"], f"{g['score']:.2f}", g["tier"], g["reason"], _outlets(g["side_a"]), shorten(g["side_a"]["texts"][0]),
             _outlets(g["side_b"]), shorten(g["side_b"]["texts"][0])]
            for g in groups
        ),
    )


def _outlets(side: dict) -> str:
    """The side's outlets, and how many claims when more than one says it."""
    outlets = ", ".join(side["outlets"] + (["unknown outlet"] if side["claims_without_outlet"] else []))
    count = len(side["claims"])
    return f"{outlets} ({count} claims)" if count > 1 else outlets


@app.command()
def agreements(
    db: DbOption = DB_DEFAULT,
    entity: EntityOption = None,
    outlet: OutletOption = None,
    min_score: MinScoreOption = 0.0,
    story: StoryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Claims in different articles that state the same fact (word-for-word copies of one source counted apart)."""
    database = open_db(db, create=False)
    rows = list_matches(database, "agrees", entity=entity, outlet=outlet, min_score=min_score, story=story)
    if as_json:
        print_json(listed_rows(database, "matches", rows))
        return
    copies = sum(1 for r in rows if r["reason_code"] == "copy")
    print_table(
        f"{len(rows) - copies} agreements" + (f", {copies} word-for-word copies of one source" if copies else ""),
        ["story", "score", "tier", "reason", "outlet a", "claim a", "outlet b", "claim b"],
        (
            [r["story_id"], f"{r['score']:.2f}", r["tier"], r["reason"], r["outlet_a"], shorten(r["text_a"]),
             r["outlet_b"], shorten(r["text_b"])]
            for r in rows
        ),
    )


@app.command()
def clusters(
    db: DbOption = DB_DEFAULT,
    entity: EntityOption = None,
    outlet: OutletOption = None,
    min_score: MinScoreOption = 0.0,
    story: StoryOption = None,
    as_json: JsonOption = False,
) -> None:
    """One row per fact: its claims, outlets, independent sources and status."""
    database = open_db(db, create=False)
    rows = list_clusters(database, entity=entity, outlet=outlet, min_score=min_score, story=story)
    if as_json:
        print_json(listed_rows(database, "clusters", rows, extra=("score", "summary", "claims")))
        return
    print_table(
        f"{len(rows)} clusters",
        ["id", "story", "status", "sources", "dates", "outlets", "fact"],
        (
            [r["id"], r["story_id"], r["status"], r["summary"], date_range(r["first_published"], r["last_published"]),
             r["outlet_names"], shorten(r["label"], 70)]
            for r in rows
        ),
        whole=["id"],
    )
