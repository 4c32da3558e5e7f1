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

import time
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
    # Wall seconds of each stage ("ingest" included), for finding where a large feed spends its time,
    # and this process's CPU seconds (NLP worker processes not included): on a shared machine the
    # wall time of a stage says as much about the other work as about the stage.
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)

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
    dask: str | None = None,
    progress: bool = False,
) -> RunReport:
    """Ingest ``sources`` into ``db`` and run every later stage on what is new or left unfinished.

    ``dask`` runs the claims stage's NLP on Dask (``claims.analyse``).
    """
    if dask is not None:
        from .distributed import local_workers

        local_workers(dask)  # a bad --dask stops the run before anything is stored
    started, cpu_started = time.perf_counter(), time.process_time()
    report = RunReport(
        ingest_sources(db, sources, outlet=outlet, published=published, url=url, progress=progress)
    )

    def stage(name: str, counts=None) -> None:
        nonlocal started, cpu_started
        if counts is not None:
            report.stages[name] = counts
        now, cpu_now = time.perf_counter(), time.process_time()
        report.seconds[name], report.cpu_seconds[name] = now - started, cpu_now - cpu_started
        started, cpu_started = now, cpu_now

    stage("ingest")  # its counts are the report's own (report.ingest)

    # In the order the articles were stored, whichever run stored them: entities are resolved one
    # article after another, so a run resumed after an interruption must take them as an
    # uninterrupted run would.
    pending = sorted({*report.ingest.new, *report.ingest.revised, *unanalysed_articles(db)})
    stage("claims", analyse(db, pending, workers=workers, dask=dask, progress=progress))
    # A revision's verdicts move once its claims exist, in whichever run analyses it.
    still_pending = set(unanalysed_articles(db))
    analysed = [article for article in pending if article not in still_pending]
    stage("verdicts", reattach_revisions(db, analysed))
    # Only analysed articles have the entities a story is told by; the rest wait for their analysis.
    stage("stories", assign_stories(db, progress=progress))
    stage("match", match_new(db, progress=progress))
    # Ranked now, so the reviewer opens at once however many matches there are.
    stage("review", refresh_order(db))
    return report
