"""The whole job, stage after stage: ingest -> claims -> verdicts carried to new
revisions -> match -> the reviewer's queue ranked.

Each stage only reads what the previous stages stored, so any stage can be
re-run on its own from Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from .claims import analyse
from .ingest import IngestReport, ingest_sources
from .match import match_new
from .review.queries import refresh_order
from .verdicts import reattach_revisions


@dataclass
class RunReport:
    ingest: IngestReport
    stages: dict[str, dict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.ingest.failures


def run(
    db: sqlite_utils.Database,
    sources: list[str],
    *,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    workers: int | None = None,
    progress: bool = False,
) -> RunReport:
    """Ingest ``sources`` into ``db`` and run every later stage on what is new."""
    report = RunReport(
        ingest_sources(db, sources, outlet=outlet, published=published, url=url, progress=progress)
    )
    report.stages["claims"] = analyse(
        db, report.ingest.new + report.ingest.revised, workers=workers, progress=progress
    )
    report.stages["verdicts"] = reattach_revisions(db, report.ingest.revised)
    report.stages["match"] = match_new(db, progress=progress)
    # Ranked now, so the reviewer opens at once however many matches there are.
    report.stages["review"] = refresh_order(db)
    return report
