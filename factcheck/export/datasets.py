"""The rows of each export dataset, filtered by outlet, entity and date.

Every filter selects claims (``selected`` below); a match, cluster, story,
verdict or entity is exported when one of its claims is selected. Columns come out in the
order ``columns.DATASETS`` documents them. ``listed_rows`` gives a listing's
items (``factcheck claims --json``, ...) as the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from ..errors import BadOption, FactcheckError
from ..match import in_reading_order
from ..pairs import entity_filter
from ..stories import STORY_SUMMARY, article_story_sql, cluster_story_sql, pair_story_sql
from ..stats import reason_kind
from ..verdicts import CURRENT_SQL, pair_decisions
from .columns import DATASETS

SELECTED = """
WITH selected AS (
  SELECT c.id FROM claims c
  JOIN articles a ON a.id = c.article_id
  LEFT JOIN outlets o ON o.id = a.outlet_id
  WHERE (:outlet IS NULL OR o.name LIKE :outlet_like)
    AND (:since IS NULL OR a.published >= :since)
    AND (:entity IS NULL OR {entity})
),
current_verdict AS (
  SELECT target_type, target_id, rating FROM verdicts
  WHERE id IN (SELECT max(id) FROM verdicts GROUP BY target_type, target_id)
)
""".format(entity=entity_filter("c"))

NORMALISED = """coalesce(
  q.date,
  CASE WHEN q.low IS NOT NULL AND q.high IS NOT NULL THEN printf('%g-%g', q.low, q.high)
       WHEN q.value IS NOT NULL THEN printf('%g', q.value) END || coalesce(' ' || q.unit, ''),
  q.text)"""

QUERIES = {
    "claims": f"""
SELECT c.id AS claim_id, c.article_id, {article_story_sql("c.article_id")} AS story_id,
       c.start AS start_offset, c."end" AS end_offset, c.text, c.content,
       o.name AS outlet, a.published, a.url, a.title,
       t.speaker, t.kind, t.cue, c.subject, c.predicate, c.negated, c.hedged, c.hedge, c.checkworthiness,
       (SELECT group_concat(name, '; ') FROM (
          SELECT DISTINCT coalesce(e.name, ce.text) AS name FROM claim_entities ce
          LEFT JOIN entities e ON e.id = ce.entity_id WHERE ce.claim_id = c.id ORDER BY ce.start
       )) AS entities,
       (SELECT group_concat(text, '; ') FROM (
          SELECT q.text FROM quantities q WHERE q.claim_id = c.id ORDER BY q.start, q.id
       )) AS quantities,
       (SELECT group_concat(value, '; ') FROM (
          SELECT {NORMALISED} AS value FROM quantities q WHERE q.claim_id = c.id ORDER BY q.start, q.id
       )) AS normalised,
       c.directions, c.position, c.superior, c.clock_times, c.cumulative, c.death_toll,
       v.rating AS verdict
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN attributions t ON t.claim_id = c.id
LEFT JOIN current_verdict v ON v.target_type = 'claim' AND v.target_id = c.id
WHERE c.id IN selected
ORDER BY a.published, c.article_id, c.idx, c.start
""",
    "matches": f"""
SELECT m.id AS match_id, {pair_story_sql("ca.article_id", "cb.article_id")} AS story_id,
       m.relation, m.reason_code, NULL AS reason_kind, m.reason, m.score, m.tier,
       m.changed_over_time,
       m.claim_a, ca.article_id AS article_a, oa.name AS outlet_a, aa.published AS published_a,
       ta.speaker AS speaker_a, ca.text AS text_a,
       m.claim_b, cb.article_id AS article_b, ob.name AS outlet_b, ab.published AS published_b,
       tb.speaker AS speaker_b, cb.text AS text_b,
       NULL AS reviewed, v.rating AS verdict
FROM matches m
JOIN claims ca ON ca.id = m.claim_a JOIN articles aa ON aa.id = ca.article_id
LEFT JOIN outlets oa ON oa.id = aa.outlet_id LEFT JOIN attributions ta ON ta.claim_id = ca.id
JOIN claims cb ON cb.id = m.claim_b JOIN articles ab ON ab.id = cb.article_id
LEFT JOIN outlets ob ON ob.id = ab.outlet_id LEFT JOIN attributions tb ON tb.claim_id = cb.id
LEFT JOIN current_verdict v ON v.target_type = 'match' AND v.target_id = CAST(m.id AS TEXT)
WHERE m.claim_a IN selected OR m.claim_b IN selected
ORDER BY m.id
""",
    "clusters": f"""
SELECT k.id AS cluster_id, {cluster_story_sql("k.id")} AS story_id,
       k.label, k.status, k.members, k.outlets, k.independent_sources,
       k.first_published, k.last_published,
       (SELECT group_concat(name, '; ') FROM (
          SELECT DISTINCT o.name FROM cluster_members cm JOIN claims c ON c.id = cm.claim_id
          JOIN articles a ON a.id = c.article_id JOIN outlets o ON o.id = a.outlet_id
          WHERE cm.cluster_id = k.id ORDER BY o.name
       )) AS outlet_names,
       (SELECT group_concat(claim_id, '; ') FROM (
          SELECT claim_id FROM cluster_members WHERE cluster_id = k.id ORDER BY claim_id
       )) AS claim_ids,
       v.rating AS verdict
FROM clusters k
LEFT JOIN current_verdict v ON v.target_type = 'cluster' AND v.target_id = CAST(k.id AS TEXT)
WHERE EXISTS (SELECT 1 FROM cluster_members cm WHERE cm.cluster_id = k.id AND cm.claim_id IN selected)
ORDER BY k.id
""",
    "stories": f"""
, {STORY_SUMMARY}
SELECT s.id AS story_id, s.label, s.articles, s.outlets, s.first_published, s.last_published,
       s.claims, s.contradictions,
       (SELECT group_concat(article_id, '; ') FROM (
          SELECT article_id FROM member WHERE story_id = s.id ORDER BY article_id
       )) AS article_ids
FROM story_summary s
WHERE NOT :filtered OR EXISTS (SELECT 1 FROM claim_story cs WHERE cs.story_id = s.id AND cs.id IN selected)
ORDER BY s.id
""",
    "verdicts": f"""
SELECT cv.id AS verdict_id, cv.target_type, cv.target_id, cv.rating, cv.note, cv.editor,
       cv.created_at, cv.claim_text, cv.article_id, o.name AS outlet, a.published,
       t.speaker, cv.orphaned, cv.nearest_claim_id, cv.nearest_score
FROM ({CURRENT_SQL} AND v.rating IS NOT NULL) cv
LEFT JOIN articles a ON a.id = cv.article_id
LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN matches m ON cv.target_type = 'match' AND m.id = CAST(cv.target_id AS INTEGER)
LEFT JOIN attributions t ON t.claim_id = CASE cv.target_type
    WHEN 'claim' THEN cv.target_id WHEN 'match' THEN m.claim_a END
WHERE NOT :filtered
   OR (cv.target_type = 'claim' AND cv.target_id IN selected)
   OR (cv.target_type = 'match' AND (m.claim_a IN selected OR m.claim_b IN selected))
   OR (cv.target_type = 'cluster' AND EXISTS (
        SELECT 1 FROM cluster_members cm
        WHERE cm.cluster_id = CAST(cv.target_id AS INTEGER) AND cm.claim_id IN selected))
ORDER BY cv.id
""",
    "entities": """
, mentions AS (
  SELECT entity_id, claim_id FROM claim_entities WHERE entity_id IS NOT NULL
  UNION SELECT speaker_entity_id, claim_id FROM attributions WHERE speaker_entity_id IS NOT NULL
  UNION SELECT subject_entity_id, id FROM claims WHERE subject_entity_id IS NOT NULL
),
chosen AS (SELECT * FROM mentions WHERE claim_id IN selected)
SELECT e.id AS entity_id, e.name, e.label,
       (SELECT group_concat(alias, '; ') FROM (
          SELECT alias FROM entity_aliases WHERE entity_id = e.id ORDER BY alias
       )) AS aliases,
       (SELECT count(DISTINCT claim_id) FROM chosen WHERE entity_id = e.id) AS claims,
       (SELECT group_concat(name, '; ') FROM (
          SELECT DISTINCT o.name FROM chosen x JOIN claims c ON c.id = x.claim_id
          JOIN articles a ON a.id = c.article_id JOIN outlets o ON o.id = a.outlet_id
          WHERE x.entity_id = e.id ORDER BY o.name
       )) AS outlets
FROM entities e
WHERE NOT :filtered OR e.id IN (SELECT entity_id FROM chosen)
ORDER BY e.name, e.id
""",
}


def check_since(since: str | None) -> str | None:
    """``since`` as YYYY-MM-DD, or a clear error."""
    if since is None:
        return None
    try:
        return date.fromisoformat(since).isoformat()
    except ValueError:
        raise BadOption(f"--since {since!r}: not a date (use YYYY-MM-DD)") from None


def dataset_rows(
    db: sqlite_utils.Database,
    dataset: str,
    *,
    outlet: str | None = None,
    entity: str | None = None,
    since: str | None = None,
) -> list[dict[str, Any]]:
    """The rows of one export dataset (``columns.DATASETS``), oldest first.

    ``outlet`` and ``entity`` match part of a name, case-insensitively;
    ``since`` keeps articles published on or after that date.
    """
    if dataset not in QUERIES:
        raise FactcheckError(f"unknown dataset {dataset!r} (one of: {', '.join(QUERIES)})")
    since = check_since(since)
    sql = SELECTED + QUERIES[dataset]
    params = {
        "outlet": outlet, "outlet_like": f"%{outlet}%" if outlet else None,
        "entity": entity, "entity_like": f"%{entity}%" if entity else None,
        "since": since, "filtered": any(value is not None for value in (outlet, entity, since)),
    }
    columns = list(DATASETS[dataset]["columns"])
    rows = [{column: row[column] for column in columns} for row in db.query(sql, params)]
    if dataset == "matches":
        decisions = pair_decisions(db)
        for row in rows:
            in_reading_order(row)
            contradiction = row["relation"] == "contradicts"
            row["reason_kind"] = reason_kind(row["reason_code"]) if contradiction else None
            row["reviewed"] = decisions.get(str(row["match_id"]))
    return rows


def listed_rows(
    db: sqlite_utils.Database, dataset: str, listed: list[dict], *, key: str = "id", extra: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """The export rows of the ``listed`` items, in their order, with the listing's ``extra`` fields.

    ``key`` names the listing's id field, which is the dataset's first column.
    """
    id_column = next(iter(DATASETS[dataset]["columns"]))
    rows = {row[id_column]: row for row in dataset_rows(db, dataset)}
    return [rows[item[key]] | {name: item[name] for name in extra} for item in listed if item[key] in rows]
