"""Stage 1: read files, HTML pages, JSON Lines and URLs into clean articles."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils


@dataclass
class IngestReport:
    new: list[int] = field(default_factory=list)
    revised: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def ingest_sources(db: sqlite_utils.Database, sources, *, outlet=None, published=None, url=None, progress=False) -> IngestReport:
    raise NotImplementedError
