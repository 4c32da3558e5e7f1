"""`factcheck export`, `columns` and `serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from .. import export as export_module
from ..db import open_db
from .app import DB_DEFAULT, DbOption, JsonOption, app, print_json, warn

DATASET_NAMES = [*export_module.DATASETS, "claimreview"]
# Choices: typer refuses any other value with exit code 2 and lists them in the help.
Dataset = Literal[tuple(DATASET_NAMES)]
Format = Literal[export_module.FORMATS]


@app.command()
def export(
    dataset: Annotated[Dataset, typer.Argument(help="What to export.")],
    fmt: Annotated[Optional[Format], typer.Option("--format", help="The file format (default: csv; json for claimreview).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of stdout.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only claims of outlets whose name contains this.")] = None,
    entity: Annotated[Optional[str], typer.Option(help="Only claims that mention this entity.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only articles published on or after this date (YYYY-MM-DD).")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="Start a CSV with a UTF-8 byte order mark (for spreadsheets).")] = False,
    publisher: Annotated[Optional[str], typer.Option(help="claimreview: the fact-checking organisation's name.")] = None,
    publisher_url: Annotated[Optional[str], typer.Option(help="claimreview: its website.")] = None,
    url_template: Annotated[str, typer.Option(help="claimreview: each review's URL, from {publisher_url}, {verdict_id}, {target_type}, {target_id}.")] = export_module.DEFAULT_URL_TEMPLATE,
    db: DbOption = DB_DEFAULT,
) -> None:
    """Export claims, matches, clusters, stories, verdicts or entities, or ClaimReview JSON-LD."""
    database = open_db(db, create=False)
    filters = {"outlet": outlet, "entity": entity, "since": since}
    if dataset == "claimreview":
        if not publisher or not publisher_url:
            raise typer.BadParameter("claimreview needs --publisher NAME and --publisher-url URL")
        count = export_module.export_claimreview(
            database, fmt or "json", out, publisher=publisher, publisher_url=publisher_url,
            url_template=url_template, **filters,
        )
    else:
        count = export_module.export(
            database, dataset, fmt or "csv", out, bom=bom, progress=out is not None, **filters
        )
    if out is not None:
        warn(f"{count} {dataset} rows written to {out}")


@app.command()
def columns(as_json: JsonOption = False) -> None:
    """What every exported column means (Markdown, as in the README)."""
    if as_json:
        print_json({name: dataset["columns"] for name, dataset in export_module.DATASETS.items()})
    else:
        typer.echo(export_module.columns_markdown())


@app.command()
def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 8001,
    db: DbOption = DB_DEFAULT,
) -> None:
    """Browse claims.db in Datasette on 127.0.0.1 (needs the serve extra)."""
    export_module.serve(db, port, ready=lambda url: warn(f"Serving {db} on {url} (Ctrl-C stops)"))
