"""Clusters: claims that agree form one fact, with its outlets and independent sources.

Three outlets relaying the same original source (an agency quoting one
unnamed source, an outlet copying another word for word) are three outlets
but one independent source: each member gets a *source key*, and a cluster
counts distinct keys.
"""

from __future__ import annotations

import re

import sqlite_utils

from .match import ClaimView, content_words, entity_filter, load_claims, stem

# Speakers that name nobody in particular: they identify a source only with the outlet.
GENERIC_SPEAKERS = frozenset(
    stem(word) for word in (
        "source sources official officials expert experts witness witnesses eyewitness eyewitnesses "
        "resident residents report reports media people analyst analysts observer observers local"
    ).split()
)


def source_key(claim: ClaimView) -> str:
    """Who the claim comes from originally, so relayed copies share one key.

    The relaying source (``via``) when there is one; else a named speaker
    (its entity, or its name); else, for unnamed speakers and an outlet's own
    words, the outlet, except that identical wording in two outlets is one copy.
    """
    if claim.via:
        return "via:" + _normalise(claim.via)
    if claim.speaker_entity_id is not None:
        return f"entity:{claim.speaker_entity_id}"
    speaker_words = content_words(claim.speaker or "")
    if speaker_words and not set(speaker_words) <= GENERIC_SPEAKERS:
        return "speaker:" + " ".join(speaker_words)
    if claim.attribution_kind in (None, "outlet"):
        return "text:" + _normalise(claim.content)
    return f"outlet:{claim.outlet_id if claim.outlet_id is not None else 'article-' + str(claim.article_id)}"


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _components(edges: list[tuple[str, str]]) -> list[set[str]]:
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for first, second in edges:
        root_first, root_second = find(first), find(second)
        if root_first != root_second:
            parent[max(root_first, root_second)] = min(root_first, root_second)
    groups: dict[str, set[str]] = {}
    for item in parent:
        groups.setdefault(find(item), set()).add(item)
    return list(groups.values())


def build_clusters(db: sqlite_utils.Database, claims: list[ClaimView] | None = None) -> int:
    """Group agreeing claims into clusters; only clusters whose members changed are rewritten.

    A cluster keeps its id while it grows (the smallest id among the old
    clusters it absorbs), so verdicts on it stay attached. Returns the number
    of clusters written.
    """
    by_id = {claim.id: claim for claim in (claims if claims is not None else load_claims(db))}
    # Suggestions wait for a person: only automatic agreements join claims into one fact.
    edges = [
        tuple(row) for row in db.execute(
            "SELECT claim_a, claim_b FROM matches WHERE relation = 'agrees' AND tier = 'auto'"
        )
    ]
    contradicted = {
        claim for row in db.execute("SELECT claim_a, claim_b FROM matches WHERE relation = 'contradicts'")
        for claim in row
    }
    updated = {
        claim for row in db.execute("SELECT claim_a, claim_b FROM matches WHERE changed_over_time = 1")
        for claim in row
    }
    old_cluster_of = {row[0]: row[1] for row in db.execute("SELECT claim_id, cluster_id FROM cluster_members")}
    old_members: dict[int, set[str]] = {}
    for claim_id, cluster_id in old_cluster_of.items():
        old_members.setdefault(cluster_id, set()).add(claim_id)
    next_id = (db.execute("SELECT max(id) FROM clusters").fetchone()[0] or 0) + 1
    written = 0
    with db.conn:
        for members in sorted(_components(edges), key=min):
            members = {m for m in members if m in by_id}
            if len(members) < 2:
                continue
            old_ids = sorted({old_cluster_of[m] for m in members if m in old_cluster_of})
            if len(old_ids) == 1 and old_members[old_ids[0]] == members:
                continue
            if old_ids:
                cluster_id = old_ids[0]
                for old_id in old_ids:
                    db.execute("DELETE FROM cluster_members WHERE cluster_id = ?", [old_id])
                    db.execute("DELETE FROM clusters WHERE id = ?", [old_id])
            else:
                cluster_id, next_id = next_id, next_id + 1
            rows = [by_id[m] for m in sorted(members)]
            dates = sorted(c.published for c in rows if c.published)
            first = min(rows, key=lambda c: (c.published or "9999", c.id))
            status = "contradicted" if members & contradicted else "changed over time" if members & updated else "agreed"
            db["clusters"].insert(
                {
                    "id": cluster_id, "label": first.text, "status": status, "members": len(rows),
                    "outlets": len({c.outlet_id if c.outlet_id is not None else -c.article_id for c in rows}),
                    "independent_sources": len({source_key(c) for c in rows}),
                    "first_published": dates[0] if dates else None,
                    "last_published": dates[-1] if dates else None,
                }
            )
            db["cluster_members"].insert_all(
                {"cluster_id": cluster_id, "claim_id": c.id, "source_key": source_key(c)} for c in rows
            )
            written += 1
    return written


_CLUSTERS_SQL = """
SELECT k.id, k.label, k.status, k.members, k.outlets, k.independent_sources,
       k.first_published, k.last_published,
       (SELECT max(m.score) FROM matches m JOIN cluster_members x ON x.claim_id = m.claim_a
        JOIN cluster_members y ON y.claim_id = m.claim_b
        WHERE x.cluster_id = k.id AND y.cluster_id = k.id) AS score,
       (SELECT group_concat(DISTINCT o.name) FROM cluster_members cm
        JOIN claims c ON c.id = cm.claim_id JOIN articles a ON a.id = c.article_id
        LEFT JOIN outlets o ON o.id = a.outlet_id WHERE cm.cluster_id = k.id) AS outlet_names
FROM clusters k
WHERE (:outlet IS NULL OR EXISTS (
        SELECT 1 FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id
        JOIN articles a ON a.id = c.article_id JOIN outlets o ON o.id = a.outlet_id
        WHERE cm.cluster_id = k.id AND o.name LIKE :outlet_like))
  AND (:entity IS NULL OR EXISTS (
        SELECT 1 FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id
        WHERE cm.cluster_id = k.id AND {entity}))
"""


def list_clusters(
    db: sqlite_utils.Database,
    *,
    entity: str | None = None,
    outlet: str | None = None,
    min_score: float = 0.0,
) -> list[dict]:
    """Clusters, largest first, with their members; filtered by entity, outlet and score."""
    params = {
        "outlet": outlet, "outlet_like": f"%{outlet}%" if outlet else None, "entity": entity,
        "entity_like": f"%{entity}%" if entity else None,
    }
    clusters = [
        dict(row) for row in db.query(_CLUSTERS_SQL.format(entity=entity_filter("c")), params)
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
