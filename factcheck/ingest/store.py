"""Writing articles: one transaction each, revisions kept.

The same text again changes nothing; a changed text at the same source (path or
URL) becomes a new revision pointing to the one it replaces.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

import sqlite_utils

from .metadata import FIELDS, Candidate, Metadata, host_of


class Stored(str, Enum):
    NEW = "new"
    REVISED = "revised"
    UNCHANGED = "unchanged"


@dataclass
class Article:
    """A cleaned article ready to store."""

    source: str
    source_name: str
    text: str
    metadata: Metadata
    removed: list[str]

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_article(db: sqlite_utils.Database, article: Article) -> tuple[Stored, int]:
    """Insert ``article`` unless its text is stored already; returns what happened and its id."""
    conn = db.conn
    with conn:  # one transaction: the outlet row and the article commit together or not at all
        # IMMEDIATE takes the write lock before reading, so two ingests cannot both
        # decide that the same text is new.
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        same = conn.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (article.content_hash,)
        ).fetchone()
        if same:
            return Stored.UNCHANGED, same[0]
        previous = conn.execute(
            "SELECT a.id, o.name AS outlet, a.url, a.published, a.title FROM articles a "
            "LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.source = ? ORDER BY a.id DESC LIMIT 1",
            (article.source,),
        ).fetchone()
        metadata = article.metadata
        if previous:
            _inherit(metadata, dict(zip(("id", *FIELDS), previous)))
        provenance = metadata.provenance()
        provenance["removed_lines"] = article.removed
        row = {
            "outlet_id": _outlet_id(conn, metadata),
            "url": metadata.value("url"),
            "title": metadata.value("title"),
            "published": metadata.value("published"),
            **{f"{name}_source": metadata.source(name) for name in FIELDS},
            "provenance": json.dumps(provenance, ensure_ascii=False),
            "source": article.source,
            "source_name": article.source_name,
            "text": article.text,
            "content_hash": article.content_hash,
            "ingested_at": datetime.now(timezone.utc).isoformat(),
            "revision_of": previous[0] if previous else None,
        }
        columns = ", ".join(f"[{name}]" for name in row)
        cursor = conn.execute(
            f"INSERT INTO articles ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        return (Stored.REVISED if previous else Stored.NEW), cursor.lastrowid


def _inherit(metadata: Metadata, previous: dict) -> None:
    """A revision keeps what its previous revision knew and the new text does not say."""
    for name in FIELDS:
        if previous[name] and metadata.value(name) is None:
            metadata.candidates.setdefault(name, []).append(
                Candidate(previous[name], "previous-revision", f"article {previous['id']}")
            )


def _outlet_id(conn, metadata: Metadata) -> int | None:
    name = metadata.value("outlet")
    if not name:
        return None
    url = metadata.value("url")
    domain = url and metadata.source("outlet") == "url-domain" and host_of(url)
    conn.execute("INSERT OR IGNORE INTO outlets (name, domain) VALUES (?, ?)", (name, domain or None))
    if domain:
        conn.execute("UPDATE outlets SET domain = ? WHERE name = ? AND domain IS NULL", (domain, name))
    return conn.execute("SELECT id FROM outlets WHERE name = ?", (name,)).fetchone()[0]
