"""Exports for researchers and publishers: data files, ClaimReview, Datasette.

``export`` writes one dataset (``columns.DATASETS``) as CSV, JSON Lines, JSON
or Parquet; ``export_claimreview`` writes schema.org ClaimReview JSON-LD;
``serve`` opens claims.db in Datasette with the metadata of ``columns``.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..errors import FactcheckError
from .claimreview import DEFAULT_URL_TEMPLATE, claim_reviews
from .columns import DATASETS, columns_markdown, datasette_metadata
from .datasets import dataset_rows
from .datasette import serve
from .writers import FORMATS, neutralise_formula, write_rows

__all__ = [
    "DATASETS", "DEFAULT_URL_TEMPLATE", "FORMATS", "claim_reviews", "columns_markdown",
    "dataset_rows", "datasette_metadata", "export", "export_claimreview", "neutralise_formula",
    "serve", "write_rows",
]


def export(
    db: sqlite_utils.Database,
    dataset: str,
    fmt: str = "csv",
    out: Path | None = None,
    *,
    outlet: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    bom: bool = False,
    progress: bool = False,
) -> int:
    """Write one dataset to ``out`` (stdout when None); return the number of rows."""
    _check_not_the_database(db, out)
    rows = dataset_rows(db, dataset, outlet=outlet, entity=entity, since=since)
    return write_rows(
        rows, list(DATASETS[dataset]["columns"]), fmt, out, bom=bom, progress=progress,
        types=DATASETS[dataset]["types"],
    )


def export_claimreview(
    db: sqlite_utils.Database,
    fmt: str = "json",
    out: Path | None = None,
    *,
    publisher: str,
    publisher_url: str,
    url_template: str = DEFAULT_URL_TEMPLATE,
    outlet: str | None = None,
    entity: str | None = None,
    since: str | None = None,
) -> int:
    """Write a ClaimReview for each current verdict as JSON (a list) or JSON Lines."""
    if fmt not in ("json", "jsonl"):
        raise FactcheckError(f"claimreview is JSON-LD: use --format json or jsonl, not {fmt}")
    _check_not_the_database(db, out)
    reviews = claim_reviews(
        db, publisher=publisher, publisher_url=publisher_url, url_template=url_template,
        outlet=outlet, entity=entity, since=since,
    )
    return write_rows(reviews, [], fmt, out)


def _check_not_the_database(db: sqlite_utils.Database, out: Path | None) -> None:
    """Refuse to write an export over the database it is read from (or its journal)."""
    if out is None:
        return
    target = Path(out).resolve()
    for _, _, file_name in db.execute("PRAGMA database_list").fetchall():
        if file_name and target in {Path(file_name + suffix).resolve() for suffix in ("", "-wal", "-shm", "-journal")}:
            raise FactcheckError(f"--out {out}: that is the database itself")
