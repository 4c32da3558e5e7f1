"""`factcheck ingest`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import pipeline
from ..db import open_db
from .app import DB_DEFAULT, DbOption, app, console, warn


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs.")],
    db: DbOption = DB_DEFAULT,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for these articles.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    url: Annotated[Optional[str], typer.Option(help="The article's URL.")] = None,
    workers: Annotated[
        Optional[int], typer.Option(min=1, help="NLP processes (default: the cores available).")
    ] = None,
) -> None:
    """Read articles into the database and run the pipeline on them."""
    report = pipeline.run(
        open_db(db), sources, outlet=outlet, published=published, url=url,
        workers=workers, progress=True,
    )
    for source, reason in report.ingest.failures:
        warn(f"factcheck: {source}: {reason}")
    console.print(
        f"{len(report.ingest.new)} new, {len(report.ingest.revised)} revised, "
        f"{len(report.ingest.unchanged)} unchanged, {len(report.ingest.failures)} failed"
    )
    for stage, counts in report.stages.items():
        console.print(f"{stage}: " + ", ".join(f"{value} {name}" for name, value in counts.items()))
    if not report.ok:
        raise typer.Exit(1)
