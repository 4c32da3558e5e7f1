"""The whole job, stage after stage: ingest -> claims -> verdicts carried to new
revisions -> stories -> match -> the reviewer's queue ranked.

Each stage only reads what the previous stages stored, so any stage can be
re-run on its own from Python. A stage gives up on an article or claim pair
it cannot handle, reports it and finishes the rest; what it gave up on is
not recorded as done, so the next run takes it up again (an article that was
stored but never analysed, because analysis failed or was interrupted, is
analysed by the next run even though its text is unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from .claims import analyse, unanalysed_articles
from .errors import StageCounts
from .ingest import IngestReport, ingest_sources
from .match import match_new
from .stories import assign_stories
from .review.queries import refresh_order
from .verdicts import reattach_revisions


@dataclass
class RunReport:
    ingest: IngestReport
    stages: dict[str, dict] = field(default_factory=dict)

    @property
    def failures(self) -> list[str]:
        """One line for each article or claim pair a later stage gave up on."""
        return [
            message for counts in self.stages.values() if isinstance(counts, StageCounts)
            for message in counts.failures
        ]

    @property
    def ok(self) -> bool:
        return not self.ingest.failures and not self.failures


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
    """Ingest ``sources`` into ``db`` and run every later stage on what is new or left unfinished."""
    report = RunReport(
        ingest_sources(db, sources, outlet=outlet, published=published, url=url, progress=progress)
    )
    pending = list(dict.fromkeys(report.ingest.new + report.ingest.revised + unanalysed_articles(db)))
    report.stages["claims"] = analyse(db, pending, workers=workers, progress=progress)
    # A revision's verdicts move once its claims exist, in whichever run analyses it.
    still_pending = set(unanalysed_articles(db))
    analysed = [article for article in pending if article not in still_pending]
    report.stages["verdicts"] = reattach_revisions(db, analysed)
    # Only analysed articles have the entities a story is told by; the rest wait for their analysis.
    report.stages["stories"] = assign_stories(db, progress=progress)
    report.stages["match"] = match_new(db, progress=progress)
    # Ranked now, so the reviewer opens at once however many matches there are.
    report.stages["review"] = refresh_order(db)
    return report
