"""`factcheck claims`: list stored claims."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..claims import describe_quantity, describe_readings, list_claims
from ..db import open_db
from ..export.datasets import listed_rows
from .app import DB_DEFAULT, DbOption, JsonOption, StoryOption, app, print_json, print_table


@app.command()
def claims(
    db: DbOption = DB_DEFAULT,
    article: Annotated[Optional[int], typer.Option(help="Only this article's claims.")] = None,
    speaker: Annotated[Optional[str], typer.Option(help="Only claims attributed to this speaker.")] = None,
    entity: Annotated[Optional[str], typer.Option(help="Only claims that mention this entity.")] = None,
    search: Annotated[Optional[str], typer.Option(help="Only claims containing these words.")] = None,
    checkable: Annotated[bool, typer.Option("--checkable", help="Hide opinion and rhetoric.")] = False,
    story: StoryOption = None,
    json_: JsonOption = False,
) -> None:
    """List claims with their speaker, quantities, what their wording says and check-worthiness."""
    database = open_db(db, create=False)
    found = list_claims(
        database, article=article, speaker=speaker, entity=entity, search=search, checkable=checkable, story=story,
    )
    if json_:
        print_json(listed_rows(database, "claims", found))
        return
    print_table(
        f"{len(found)} claims",
        ["story", "article", "claim", "speaker", "kind", "quantities", "wording", "check"],
        (
            [
                claim["story_id"],
                claim["article_id"],
                claim["text"],
                claim["speaker"] or "",
                claim["kind"] or "",
                "; ".join(describe_quantity(quantity) for quantity in claim["quantities"]),
                describe_readings(claim),
                f"{claim['checkworthiness']:.2f}",
            ]
            for claim in found
        ),
    )
