"""`factcheck stories`: the events the articles report, and why each article is in its story."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..db import open_db
from ..export.datasets import listed_rows
from ..stories import list_stories, story_detail
from .app import DB_DEFAULT, DbOption, JsonOption, app, date_range, print_json, print_table, shorten


@app.command()
def stories(
    db: DbOption = DB_DEFAULT,
    story: Annotated[Optional[int], typer.Option(help="This story's articles, with what each shares with it.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Stories (one event each), largest first: articles, outlets, dates, claims, contradictions."""
    database = open_db(db, create=False)
    if story is not None:
        _story(story_detail(database, story), as_json)
        return
    rows = list_stories(database)
    if as_json:
        print_json(listed_rows(database, "stories", rows))
        return
    print_table(
        f"{len(rows)} {'story' if len(rows) == 1 else 'stories'}",
        ["id", "articles", "outlets", "dates", "claims", "contradictions", "label"],
        (
            [r["id"], r["articles"], r["outlets"], date_range(r["first_published"], r["last_published"]),
             r["claims"], r["contradictions"], r["label"]]
            for r in rows
        ),
    )


def _story(detail: dict, as_json: bool) -> None:
    if as_json:
        print_json(detail)
        return
    counts = ", ".join(_count(detail[noun], noun) for noun in ("articles", "claims", "contradictions"))
    print_table(
        f"story {detail['id']}: {detail['label']} ({counts})",
        ["article", "outlet", "published", "joined", "score", "shared", "title"],
        (
            [m["id"], m["outlet"], m["published"], _joined(m), f"{m['score']:.2f}", ", ".join(m["shared"]),
             shorten(m["title"] or m["source_name"], 50)]
            for m in detail["members"]
        ),
    )


def _count(number: int, plural: str) -> str:
    return f"{number} {plural if number != 1 else plural[:-1]}"


def _joined(member: dict) -> str:
    """How the article came into its story."""
    if member["revision_of"] is not None:
        return f"revision of {member['revision_of']}"
    return "started it" if member["started"] else "joined"
