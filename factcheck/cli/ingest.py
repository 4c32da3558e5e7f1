"""`factcheck ingest`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..db import open_db
from ..errors import BadOption
from .app import DB_DEFAULT, DbOption, app, say, warn


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(metavar="SOURCE", help="Files, folders or http(s) URLs.")],
    db: DbOption = DB_DEFAULT,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for these articles.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    url: Annotated[Optional[str], typer.Option(help="The article's URL.")] = None,
    workers: Annotated[
        Optional[int], typer.Option(min=1, help="NLP processes (default: the cores available).")
    ] = None,
    dask: Annotated[
        Optional[str],
        typer.Option(
            help="Run the NLP on Dask: a number of local worker processes, or a scheduler's address "
            "(tcp://host:8786). This process still stores everything.",
        ),
    ] = None,
) -> None:
    """Read articles into the database and run the pipeline on them."""
    # Imported here: the pipeline loads trafilatura and spaCy, which other commands never need.
    from ..pipeline import run

    if dask is not None and workers is not None:
        raise BadOption("--workers and --dask cannot be combined: with --dask, Dask's workers run the NLP")
    report = run(
        open_db(db), sources, outlet=outlet, published=published, url=url,
        workers=workers, dask=dask, progress=True,
    )
    ingested = report.ingest
    for source, reason in ingested.failures:
        warn(f"factcheck: {source}: {reason}")
    skipped = f", {len(ingested.skipped)} skipped" if ingested.skipped else ""
    say(
        f"{len(ingested.new)} new, {len(ingested.revised)} revised, "
        f"{len(ingested.unchanged)} unchanged, {len(ingested.failures)} failed{skipped}"
    )
    for stage, counts in report.stages.items():
        say(f"{stage}: " + ", ".join(f"{value} {name}" for name, value in counts.items()))
    for message in report.failures:
        warn(f"factcheck: {message}")
    if not report.ok:
        raise typer.Exit(1)
