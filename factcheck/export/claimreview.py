"""schema.org ClaimReview JSON-LD, one object per current verdict.

Each object carries what the fact-check markup guidelines require
(``claimReviewed``, ``reviewRating`` with ``alternateName``, ``url``) and what
they recommend (``author``, ``datePublished``, the rating's numbers and name,
and ``itemReviewed`` as a ``Claim`` with its ``author``, ``datePublished`` and
one ``appearance`` per outlet that carried it). A rating the scale gives no
number (``unproven`` by default) is published by its name only.

What a verdict reviews: a claim is itself; a match is reviewed through its
first claim; a cluster through its members. The outlets that carried it are
those of these claims and of every claim clustered with them.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from ..errors import FactcheckError
from ..verdicts import RatingScale, load_scale
from .datasets import dataset_rows

CLAIM_REVIEWED_LIMIT = 75
DEFAULT_URL_TEMPLATE = "{publisher_url}#{target_type}-{target_id}"
ORGANISATION_LABELS = {"ORG", "NORP", "GPE", "FAC", "LOC"}

CARRIED_SQL = """
SELECT DISTINCT c.id, c.article_id, o.name AS outlet, a.url, a.title, a.published
FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id
WHERE c.id IN (SELECT value FROM json_each(:claims))
   OR c.id IN (SELECT claim_id FROM cluster_members WHERE cluster_id IN (
        SELECT cluster_id FROM cluster_members WHERE claim_id IN (SELECT value FROM json_each(:claims))))
ORDER BY a.published IS NULL, a.published, c.article_id
"""

SPEAKER_SQL = """
SELECT t.kind, t.speaker, e.label, o.name AS outlet
FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN attributions t ON t.claim_id = c.id LEFT JOIN entities e ON e.id = t.speaker_entity_id
WHERE c.id = ?
"""


def shorten(text: str, limit: int = CLAIM_REVIEWED_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to fewer than ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) < limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def _reviewed_claims(db: sqlite_utils.Database, verdict: dict) -> list[str]:
    target_type, target_id = verdict["target_type"], verdict["target_id"]
    if target_type == "claim":
        return [target_id]
    if target_type == "match":
        row = db.execute("select claim_a from matches where id = ?", [int(target_id)]).fetchone()
        return [row[0]] if row else []
    return [
        row[0] for row in db.execute(
            "select claim_id from cluster_members where cluster_id = ? order by claim_id", [int(target_id)]
        )
    ]


def _claim_author(db: sqlite_utils.Database, claim_id: str | None) -> dict | None:
    row = db.execute(SPEAKER_SQL, [claim_id]).fetchone() if claim_id else None
    if row is None:
        return None
    kind, speaker, label, outlet = row
    if kind == "outlet" or not speaker:
        return {"@type": "Organization", "name": outlet} if outlet else None
    schema_type = "Organization" if label in ORGANISATION_LABELS else "Person"
    return {"@type": schema_type, "name": speaker}


def _appearances(carried: list[dict]) -> list[dict]:
    """One CreativeWork per outlet: its earliest article carrying the claim.

    An article whose outlet is unknown counts as an outlet of its own.
    """
    seen: dict[object, dict] = {}
    for row in carried:
        key = row["outlet"] or ("article", row["article_id"])
        if key in seen:
            continue
        work: dict[str, Any] = {"@type": "CreativeWork"}
        if row["url"]:
            work["url"] = row["url"]
        if row["title"]:
            work["headline"] = row["title"]
        if row["published"]:
            work["datePublished"] = row["published"]
        if row["outlet"]:
            work["publisher"] = {"@type": "Organization", "name": row["outlet"]}
        seen[key] = work
    return list(seen.values())


def _rating(scale: RatingScale, name: str) -> dict[str, Any]:
    rating = scale.get(name)
    result: dict[str, Any] = {"@type": "Rating", "alternateName": rating.alternate_name, "name": rating.alternate_name}
    if rating.value is not None:
        result |= {"ratingValue": rating.value, "bestRating": scale.best, "worstRating": scale.worst}
    return result


def claim_reviews(
    db: sqlite_utils.Database,
    *,
    publisher: str,
    publisher_url: str,
    url_template: str = DEFAULT_URL_TEMPLATE,
    scale: RatingScale | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    since: str | None = None,
) -> list[dict[str, Any]]:
    """A ClaimReview object for each current verdict (filters as for exports).

    ``url_template`` makes each review's ``url`` from ``publisher_url``,
    ``verdict_id``, ``target_type`` and ``target_id``.
    """
    if not publisher.strip():
        raise FactcheckError("--publisher: give the fact-checking organisation's name")
    if not publisher_url.startswith(("https://", "http://")):
        raise FactcheckError(f"--publisher-url {publisher_url!r}: not an http(s) URL")
    scale = scale or load_scale()
    publisher_url = publisher_url.rstrip("/")
    organisation = {"@type": "Organization", "name": publisher.strip(), "url": publisher_url}
    reviews = []
    for verdict in dataset_rows(db, "verdicts", outlet=outlet, entity=entity, since=since):
        claims = _reviewed_claims(db, verdict)
        carried = [dict(row) for row in db.query(CARRIED_SQL, {"claims": json.dumps(claims)})]
        if not carried and verdict["article_id"] is not None:
            # The claim row is gone (an old revision): its article still carried it.
            carried = [dict(row) for row in db.query(
                "select a.id as article_id, o.name as outlet, a.url, a.title, a.published"
                " from articles a left join outlets o on o.id = a.outlet_id where a.id = ?",
                [verdict["article_id"]],
            )]
        item: dict[str, Any] = {"@type": "Claim"}
        author = _claim_author(db, claims[0] if claims else None)
        if author:
            item["author"] = author
        dates = [row["published"] for row in carried if row["published"]]
        if dates:
            item["datePublished"] = min(dates)
        appearances = _appearances(carried)
        if appearances:
            item["appearance"] = appearances
        try:
            url = url_template.format(publisher_url=publisher_url, **{
                key: verdict[key] for key in ("verdict_id", "target_type", "target_id")
            })
        except (KeyError, IndexError, ValueError) as error:
            raise FactcheckError(f"--url-template {url_template!r}: {error}") from None
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": shorten(verdict["claim_text"] or ""),
            "author": organisation,
            "datePublished": verdict["created_at"][:10],
            "reviewRating": _rating(scale, verdict["rating"]),
            "itemReviewed": item,
        })
    return reviews
