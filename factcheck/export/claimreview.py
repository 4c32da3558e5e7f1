"""schema.org ClaimReview JSON-LD, one object per current verdict.

Each object carries what the fact-check markup guidelines require
(``claimReviewed``, ``reviewRating`` with ``alternateName``, ``url``) and what
they recommend (``author``, ``datePublished``, the rating's numbers and name,
and ``itemReviewed`` as a ``Claim`` with its ``author``, ``datePublished`` and
one ``appearance`` per outlet that printed it). A rating the scale gives no
number (``unproven`` by default) is published by its name only.

What a verdict reviews is one claim: a claim is itself; a match is reviewed
through its first claim, unless that claim has a verdict of its own (which
is then its only review); a cluster through its first claim by publication
date. ``claimReviewed`` is that claim made short (``short_claim``), the
``datePublished`` of the claim its own article's date, and its appearances
the articles whose text holds the claim's very wording: cluster members can
differ on the figure that was rated, so they do not count.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..db import current_article
from ..errors import BadOption
from ..nlp.attribution.cues import ORGANISATION_NOUNS
from ..urls import is_http_url
from ..verdicts import RatingScale, load_scale
from .datasets import dataset_rows
from .short_claim import Figure, short_claim

DEFAULT_URL_TEMPLATE = "{publisher_url}#{target_type}-{target_id}"
ORGANISATION_LABELS = {"ORG", "NORP", "GPE", "FAC", "LOC"}

CLAIM_SQL = """
SELECT c.id, c.article_id, c.text, c.content FROM claims c
JOIN articles a ON a.id = c.article_id WHERE c.id = ?
"""

FIRST_MEMBER_SQL = """
SELECT c.id FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id JOIN articles a ON a.id = c.article_id
WHERE cm.cluster_id = ? ORDER BY a.published IS NULL, a.published, c.id LIMIT 1
"""

PRINTED_SQL = f"""
SELECT a.id AS article_id, o.name AS outlet, a.url, a.title, a.published
FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
WHERE a.id = :own OR ({current_article("a.id")} AND instr(a.text, :wording) > 0)
ORDER BY a.id != :own, a.published IS NULL, a.published, a.id
"""

FIGURES_SQL = """
SELECT text, about, verb, verb_subject, anchor FROM quantities WHERE claim_id = ? ORDER BY start, id
"""

SPEAKER_SQL = """
SELECT t.kind, t.speaker, e.label, o.name AS outlet,
       e.name || coalesce(' ' || (SELECT group_concat(alias, ' ') FROM entity_aliases x WHERE x.entity_id = e.id), '')
         AS entity_names
FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN attributions t ON t.claim_id = c.id LEFT JOIN entities e ON e.id = t.speaker_entity_id
WHERE c.id = ?
"""

# Words after which a speaker's description goes on about someone else: "a resident of the village".
DESCRIPTION_ENDS = {"of", "from", "in", "at", "for", "with", "near"}


def _reviewed_claim(db: sqlite_utils.Database, verdict: dict) -> dict | None:
    """The claim row a verdict reviews, None when it is gone (its verdict keeps the text)."""
    target_type, target_id = verdict["target_type"], verdict["target_id"]
    if target_type == "match":
        row = db.execute("select claim_a from matches where id = ?", [int(target_id)]).fetchone()
        target_id = row[0] if row else None
    elif target_type == "cluster":
        row = db.execute(FIRST_MEMBER_SQL, [int(target_id)]).fetchone()
        target_id = row[0] if row else None
    found = db.execute_returning_dicts(CLAIM_SQL, [target_id]) if target_id else []
    return found[0] if found else None


def _checked_figure(db: sqlite_utils.Database, verdict: dict, claim_id: str) -> Figure | None:
    """The figure a verdict is about: the one a match's reason names, else the claim's first."""
    figures = [Figure(*row) for row in db.execute(FIGURES_SQL, [claim_id])]
    if verdict["target_type"] == "match":
        reason = db.execute("select reason from matches where id = ?", [int(verdict["target_id"])]).fetchone()
        named = [figure for figure in figures if reason and reason[0] and figure.text in reason[0]]
        figures = named or figures
    return figures[0] if figures else None


def _wording(db: sqlite_utils.Database, claim: dict) -> str:
    """The claim as its article prints it: the content without attribution when it is there verbatim."""
    text = db.execute("select text from articles where id = ?", [claim["article_id"]]).fetchone()
    content = claim.get("content")
    return content if content and text and content in text[0] else claim["text"]


def _author_type(speaker: str, label: str | None, entity_names: str | None) -> str:
    """Person or Organization: the entity's type when the speaker's own words name it
    (not "a resident of" a place), else what the words describe ("the ministry")."""
    if label == "PERSON":
        return "Person"
    described = set()
    for word in speaker.lower().replace(",", " ").split():
        if word in DESCRIPTION_ENDS:
            break
        described.add(word.strip(".'’"))
    named = {word.strip(".'’") for word in (entity_names or "").lower().split() if word[:1].isalpha()}
    if label in ORGANISATION_LABELS and described & named:
        return "Organization"
    return "Organization" if ORGANISATION_NOUNS & described else "Person"


def _claim_author(db: sqlite_utils.Database, claim_id: str | None) -> dict | None:
    row = db.execute(SPEAKER_SQL, [claim_id]).fetchone() if claim_id else None
    if row is None:
        return None
    kind, speaker, label, outlet, entity_names = row
    if kind == "outlet" or not speaker:
        return {"@type": "Organization", "name": outlet} if outlet else None
    return {"@type": _author_type(speaker, label, entity_names), "name": speaker}


def _appearances(printed: list[dict]) -> list[dict]:
    """One CreativeWork per outlet: the claim's own article, else the outlet's earliest.

    An article whose outlet is unknown counts as an outlet of its own.
    """
    seen: dict[object, dict] = {}
    for row in printed:
        key = row["outlet"] or ("article", row["article_id"])
        if key in seen:
            continue
        work: dict[str, Any] = {"@type": "CreativeWork"}
        # A reader can follow only a web address; front matter, records and older ingests' --url hold anything.
        if row["url"] and is_http_url(row["url"]):
            work["url"] = row["url"]
        if row["title"]:
            work["headline"] = row["title"]
        if row["published"]:
            work["datePublished"] = row["published"]
        if row["outlet"]:
            work["publisher"] = {"@type": "Organization", "name": row["outlet"]}
        seen[key] = work
    return sorted(seen.values(), key=lambda work: (work.get("datePublished") is None, work.get("datePublished", "")))


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

    ``url_template`` makes each review's absolute ``url`` from ``publisher_url``
    (as given), ``verdict_id``, ``target_type`` and ``target_id``.
    """
    if not publisher.strip():
        raise BadOption("--publisher: give the fact-checking organisation's name")
    if not is_http_url(publisher_url):
        raise BadOption(f"--publisher-url {publisher_url!r}: not an http(s) URL")
    scale = scale or load_scale()
    organisation = {"@type": "Organization", "name": publisher.strip(), "url": publisher_url}
    verdicts = dataset_rows(db, "verdicts", outlet=outlet, entity=entity, since=since)
    reviewed = {verdict["target_id"] for verdict in verdicts if verdict["target_type"] == "claim"}
    reviews = []
    for verdict in verdicts:
        claim = _reviewed_claim(db, verdict)
        if verdict["target_type"] == "match":
            if claim is None or claim["id"] in reviewed:
                continue
            reviewed.add(claim["id"])
        if claim is None:
            # The claim row is gone (an old revision): its verdict kept the text and the article.
            claim = {"id": None, "article_id": verdict["article_id"], "text": verdict["claim_text"] or ""}
        wording = _wording(db, claim)
        printed = db.execute_returning_dicts(PRINTED_SQL, {"own": claim["article_id"], "wording": wording})
        item: dict[str, Any] = {"@type": "Claim"}
        author = _claim_author(db, claim["id"])
        if author:
            item["author"] = author
        own = [row for row in printed if row["article_id"] == claim["article_id"]]
        if own and own[0]["published"]:
            item["datePublished"] = own[0]["published"]
        appearances = _appearances(printed)
        if appearances:
            item["appearance"] = appearances
        figure = _checked_figure(db, verdict, claim["id"]) if claim["id"] else None
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": _review_url(url_template, publisher_url, verdict),
            "claimReviewed": short_claim(wording, figure),
            "author": organisation,
            "datePublished": verdict["created_at"][:10],
            "reviewRating": _rating(scale, verdict["rating"]),
            "itemReviewed": item,
        })
    return reviews


def _review_url(url_template: str, publisher_url: str, verdict: dict) -> str:
    try:
        url = url_template.format(publisher_url=publisher_url, **{
            key: verdict[key] for key in ("verdict_id", "target_type", "target_id")
        })
    except (KeyError, IndexError, ValueError) as error:
        raise BadOption(f"--url-template {url_template!r}: {error}") from None
    if not is_http_url(url):
        raise BadOption(f"--url-template {url_template!r}: gives {url!r}, not an absolute http(s) URL")
    return url
