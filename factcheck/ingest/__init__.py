"""Stage 1: read files, HTML pages, JSON Lines and URLs into clean articles.

Modules: readers (sources to documents), pages (HTML main text), clean (page
chrome out of text), dates and metadata (outlet, date, title, url with their
provenance), store (one transaction per article, revisions kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from ..errors import BadOption, FactcheckError
from ..progress import tracked
from .clean import clean_text
from .metadata import declared_candidates, flag_candidates, resolve_metadata
from .pages import extract_page
from .readers import Document, EmptySource, Failure, expand_sources, read_source
from .store import Article, Stored, store_article

PROGRESS_MIN_SOURCES = 5


@dataclass
class IngestReport:
    """Article ids by outcome, and the sources that failed or were skipped, with why."""

    new: list[int] = field(default_factory=list)
    revised: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def articles(self) -> list[int]:
        """Ids of the articles stored by this run (new and revised)."""
        return self.new + self.revised


def ingest_sources(
    db: sqlite_utils.Database,
    sources,
    *,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    progress: bool = False,
) -> IngestReport:
    """Read ``sources`` (files, folders, http(s) URLs) and store their articles.

    A source that cannot be read is reported in ``failures`` and the others are
    still stored. ``outlet``, ``published`` and ``url`` apply to every article
    (front matter and JSON Lines fields take precedence); a bad ``published``
    raises FactcheckError before anything is read.
    """
    flags = flag_candidates(outlet, published, url)
    paths, skipped = expand_sources([str(source) for source in sources])
    if url and len(paths) > 1:
        raise BadOption(f"--url names one article, but {len(paths)} sources were given")
    report = IngestReport(skipped=skipped)
    for source in tracked(paths, "ingest", show=progress, min_items=PROGRESS_MIN_SOURCES):
        _ingest_one(db, source, flags, report)
    return report


def _ingest_one(db, source: str, flags, report: IngestReport) -> None:
    try:
        for item in read_source(source):
            if isinstance(item, Failure):
                report.failures.append((item.source, item.reason))
                continue
            try:
                status, article_id = store_article(db, prepare_article(item, flags))
            except FactcheckError as error:
                report.failures.append((item.source, str(error)))
                continue
            {Stored.NEW: report.new, Stored.REVISED: report.revised, Stored.UNCHANGED: report.unchanged}[
                status
            ].append(article_id)
    except EmptySource as empty:
        # Feeds and scrapes hold empty files; skipping one loses nothing.
        report.skipped.append((source, str(empty)))
    except FactcheckError as error:
        report.failures.append((source, str(error)))


def prepare_article(document: Document, flags=None) -> Article:
    """Clean one document and resolve its metadata; raises FactcheckError when no text is left."""
    page = extract_page(document.html, document.fetched_url or document.declared.get("url")) if document.html else None
    raw_text = page.text if page else document.text or ""
    cleaned = clean_text(raw_text)
    if not cleaned.text:
        raise FactcheckError("no article text (empty once page chrome is removed)")
    metadata = resolve_metadata(
        raw_text=raw_text,
        text=cleaned.text,
        declared=declared_candidates(document.declared, document.declared_by),
        flags=flags or {},
        fetched_url=document.fetched_url,
        page=page,
    )
    return Article(document.source, document.source_name, cleaned.text, metadata, cleaned.removed)

