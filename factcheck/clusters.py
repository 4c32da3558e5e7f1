"""Clusters: claims that agree form one fact, with its outlets and independent sources.

Three outlets relaying the same original source (an agency quoting one
unnamed source, an outlet copying another word for word) are three outlets
but one independent source: each member gets a *source key*, and a cluster
counts distinct keys.
"""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import nullcontext
from typing import Iterable

import sqlite_utils

from .db import insert_rows
from .pairs import (
    ClaimView, content_words, entity_filter, load_claims, pair_id, stem, story_claims_sql, story_matches_sql, wording,
)
from .stories import article_story_sql, cluster_story_sql
from .verdicts import carry_cluster_verdicts

# Speakers that name nobody in particular: they identify a source only with the outlet.
GENERIC_SPEAKERS = frozenset(
    stem(word) for word in (
        "source sources official officials expert experts witness witnesses eyewitness eyewitnesses "
        "resident residents report reports media people analyst analysts observer observers local"
    ).split()
)


def source_key(
    claim: ClaimView, entity_names: dict[int, str] | None = None, aliases: frozenset[str] = frozenset()
) -> str:
    """Who the claim comes from originally, so relayed copies share one key.

    The relaying source (``via``) when there is one, else the speaker when it
    is named: resolved to an entity (keyed by the entity's name, from
    ``entity_names``), written as an entity's alias (``aliases``, lower-cased:
    "Report" is a name even though "a report" is not), or not generic words
    ("officials", "sources"). A relaying agency and the same agency speaking
    share one ``source:`` key. Unnamed speakers and an outlet's own words fall
    back to the outlet, except that identical wording in two outlets is one copy.
    """
    name = claim.via or claim.speaker or ""
    entity = None if claim.via else claim.speaker_entity_id
    if entity is not None and entity_names and entity in entity_names:
        name = entity_names[entity]
    words = content_words(name)
    named = claim.via or entity is not None or name.lower() in aliases
    if words and (named or not set(words) <= GENERIC_SPEAKERS):
        return "source:" + " ".join(words)
    if claim.attribution_kind in (None, "outlet"):
        return "text:" + wording(claim.content)
    return f"outlet:{claim.outlet_id if claim.outlet_id is not None else 'article-' + str(claim.article_id)}"


def count_independent(keys: Iterable[str]) -> int:
    """Distinct sources among ``keys``, where a source named by a subset of
    another's words is the same one ("Report" and "Report news agency")."""
    distinct = set(keys)
    names = [frozenset(key.split(":", 1)[1].split()) for key in distinct if key.startswith("source:")]
    # A name nested in a longer one adds no source of its own.
    nested = sum(1 for name in set(names) if any(name < other for other in names))
    return len(distinct) - nested


# Two groups merge only when more than this share of the pairs between them
# agree: a claim must agree with most of a cluster, not with one member.
MIN_LINK_DENSITY = 0.5


def group_agreements(
    edges: list[tuple[str, str, float]], apart: set[frozenset[str]] = frozenset()
) -> list[set[str]]:
    """Groups of claims that agree with one another (average link over agreements).

    Agreements are merged strongest first; two groups merge only when more
    than ``MIN_LINK_DENSITY`` of the pairs between them agree and no pair
    between them is in ``apart`` (judged two facts), so A~B, B~C, C~D does
    not make A and D one fact.
    """
    neighbours: dict[str, set[str]] = defaultdict(set)
    for first, second, _ in edges:
        neighbours[first].add(second)
        neighbours[second].add(first)
    group_of: dict[str, set[str]] = {claim: {claim} for claim in neighbours}
    for first, second, _ in sorted(edges, key=lambda edge: (-edge[2], edge[0], edge[1])):
        left, right = group_of[first], group_of[second]
        if left is right:
            continue
        small, large = sorted((left, right), key=len)
        links = sum(len(neighbours[claim] & large) for claim in small)
        if links <= MIN_LINK_DENSITY * len(small) * len(large):
            continue
        if any(frozenset((x, y)) in apart for x in small for y in large):
            continue
        large |= small
        for claim in small:
            group_of[claim] = large
    unique = {id(group): group for group in group_of.values()}
    return [group for group in unique.values() if len(group) > 1]


def cluster_id(first_claim: str) -> int:
    """A cluster's id, from its first claim: the same after a rebuild, kept while it grows."""
    return pair_id("cluster", first_claim)


def build_clusters(
    db: sqlite_utils.Database, claims: list[ClaimView] | None = None, *,
    stories: Iterable[int] | None = None, commit: bool = True,
) -> int:
    """Group agreeing claims into clusters; only clusters whose members changed are rewritten.

    A cluster's id comes from its first claim (earliest published, then
    smallest id), so it keeps its id while later claims join it and after a
    rebuild, and verdicts on it stay attached; when an earlier claim joins, the
    verdicts move to the new id with its claims (``carry_cluster_verdicts``). Returns the number of clusters
    written. With ``stories`` (``claims`` are then theirs, and every story an agreement of
    theirs reaches is among them) only the clusters of those stories are built again: the
    others' agreements did not change. ``commit=False`` writes inside the caller's open
    transaction and leaves committing to it.
    """
    by_id = {claim.id: claim for claim in (claims if claims is not None else load_claims(db, stories))}
    entity_names = dict(db.execute("SELECT id, name FROM entities"))
    aliases = frozenset(alias.lower() for (alias,) in db.execute("SELECT alias FROM entity_aliases"))
    columns = "m.claim_a, m.claim_b, m.score, m.relation, m.tier, m.changed_over_time"
    if stories is None:
        in_cluster, params = "1", {}
        matches = db.execute(f"SELECT {columns} FROM matches m").fetchall()
    else:
        in_cluster = f"cluster_id IN (SELECT cluster_id FROM cluster_members WHERE claim_id IN {story_claims_sql()})"
        params = {"stories": json.dumps(sorted(stories))}
        matches = db.execute(story_matches_sql(columns), params).fetchall()
    # Suggestions wait for a person: only automatic agreements join claims into one fact.
    edges = [
        (a, b, score) for a, b, score, relation, tier, _ in matches
        if relation == "agrees" and tier == "auto" and a in by_id and b in by_id
    ]
    # A pair judged anything but agreeing (a contradiction, other figures, another
    # event or scope, a count that changed) is two facts: never one cluster.
    apart = {frozenset((a, b)) for a, b, _, relation, _, _ in matches if relation != "agrees"}
    contradicted = {claim for a, b, _, relation, _, _ in matches if relation == "contradicts" for claim in (a, b)}
    updated = {claim for a, b, _, _, _, changed in matches if changed == 1 for claim in (a, b)}
    old_members: dict[int, set[str]] = defaultdict(set)
    for claim_id, old_id in db.execute(
        f"SELECT claim_id, cluster_id FROM cluster_members WHERE {in_cluster}", params
    ):
        old_members[old_id].add(claim_id)
    new_members: dict[int, set[str]] = {}
    for members in group_agreements(edges, apart):
        first = min((by_id[m] for m in members), key=lambda c: (c.published or "9999", c.id))
        new_members[cluster_id(first.id)] = members
    written = 0
    with db.conn if commit else nullcontext():
        for old_id, members in old_members.items():
            if new_members.get(old_id) != members:
                db.execute("DELETE FROM cluster_members WHERE cluster_id = ?", [old_id])
                db.execute("DELETE FROM clusters WHERE id = ?", [old_id])
        for new_id, members in sorted(new_members.items()):
            if old_members.get(new_id) == members:
                continue
            rows = [by_id[m] for m in sorted(members)]
            dates = sorted(c.published for c in rows if c.published)
            first = min(rows, key=lambda c: (c.published or "9999", c.id))
            status = "contradicted" if members & contradicted else "changed over time" if members & updated else "agreed"
            insert_rows(db, "clusters", [
                {
                    "id": new_id, "label": first.text, "status": status, "members": len(rows),
                    "outlets": len({c.outlet_id if c.outlet_id is not None else -c.article_id for c in rows}),
                    "independent_sources": count_independent(source_key(c, entity_names, aliases) for c in rows),
                    "first_published": dates[0] if dates else None,
                    "last_published": dates[-1] if dates else None,
                }
            ])
            insert_rows(db, "cluster_members", (
                {"cluster_id": new_id, "claim_id": c.id, "source_key": source_key(c, entity_names, aliases)}
                for c in rows
            ))
            written += 1
        carry_cluster_verdicts(db, old_members, new_members)
    return written


_CLUSTERS_SQL = """
SELECT k.id, k.label, k.status, k.members, k.outlets, k.independent_sources,
       k.first_published, k.last_published,
       (SELECT max(m.score) FROM matches m JOIN cluster_members x ON x.claim_id = m.claim_a
        JOIN cluster_members y ON y.claim_id = m.claim_b
        WHERE x.cluster_id = k.id AND y.cluster_id = k.id) AS score,
       (SELECT group_concat(DISTINCT o.name) FROM cluster_members cm
        JOIN claims c ON c.id = cm.claim_id JOIN articles a ON a.id = c.article_id
        LEFT JOIN outlets o ON o.id = a.outlet_id WHERE cm.cluster_id = k.id) AS outlet_names,
       {story} AS story_id
FROM clusters k
WHERE (:outlet IS NULL OR EXISTS (
        SELECT 1 FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id
        JOIN articles a ON a.id = c.article_id JOIN outlets o ON o.id = a.outlet_id
        WHERE cm.cluster_id = k.id AND o.name LIKE :outlet_like))
  AND (:entity IS NULL OR EXISTS (
        SELECT 1 FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id
        WHERE cm.cluster_id = k.id AND {entity}))
  AND (:story IS NULL OR EXISTS (
        SELECT 1 FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id
        WHERE cm.cluster_id = k.id AND {claim_story} = :story))
"""


def list_clusters(
    db: sqlite_utils.Database,
    *,
    entity: str | None = None,
    outlet: str | None = None,
    min_score: float = 0.0,
    story: int | None = None,
) -> list[dict]:
    """Clusters, largest first, with their members; filtered by entity, outlet, score and
    story (a cluster with a claim in it). ``story_id`` is the story of all its claims."""
    params = {
        "outlet": outlet, "outlet_like": f"%{outlet}%" if outlet else None, "entity": entity,
        "entity_like": f"%{entity}%" if entity else None, "story": story,
    }
    sql = _CLUSTERS_SQL.format(
        entity=entity_filter("c"), story=cluster_story_sql("k.id"), claim_story=article_story_sql("c.article_id")
    )
    clusters = [
        dict(row) for row in db.query(sql, params)
        if (row["score"] or 0) >= min_score
    ]
    for cluster in clusters:
        cluster["summary"] = (
            f"{cluster['outlets']} outlet{'s' if cluster['outlets'] != 1 else ''}, "
            f"{cluster['independent_sources']} independent source"
            f"{'s' if cluster['independent_sources'] != 1 else ''}"
        )
        cluster["claims"] = [
            dict(row) for row in db.query(
                "SELECT c.id, c.text, o.name AS outlet, a.published, t.speaker, cm.source_key "
                "FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id "
                "JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
                "LEFT JOIN attributions t ON t.claim_id = c.id WHERE cm.cluster_id = ? "
                "ORDER BY a.published, c.id",
                [cluster["id"]],
            )
        ]
    clusters.sort(key=lambda c: (-c["members"], -(c["score"] or 0), c["id"]))
    return clusters
