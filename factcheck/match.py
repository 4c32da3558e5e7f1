"""Stage: find claims in different articles that state the same fact.

Comparing every claim with every other one does not scale (10k x 10k fuzzy
scores take minutes), so claims are first *blocked* by what they share:
resolved entities, content words, quantity units and dates. A key shared by
too many claims says little and is dropped, and each claim keeps only its best
few candidates, so the work grows about linearly with the number of claims.
Candidates are then scored (fuzzy text on the content with numbers masked,
word overlap, rarity-weighted word overlap, an optional semantic score) and
handed to :func:`factcheck.judge.judge`, which names the relation and its
reason. By wording alone, a claim agrees with at most ``best_per_article``
claims of any other article and ``max_agreements_per_claim`` in all (the best
scoring): one article states one fact once, and every further candidate is
noise a reviewer would have to wade through. Agreements on the same figures
and word-for-word copies are not capped: a figure every outlet repeats agrees
with each of them.

Match ids derive from the claim pair and cluster ids from their first
claim, and claim ids derive from article content, so a verdict on a match or
cluster stays attached when the database is rebuilt. Pairs a reviewer marked
``not-contradiction`` are never stored or listed as contradictions.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
import re
from collections import defaultdict
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

import sqlite_utils
from rapidfuzz import fuzz

from .clusters import build_clusters
from .db import current_article, insert_rows
from .errors import StageCounts, one_line
from .judge import WORDING_ONLY, attach_events, attach_names, attach_variants, frame_keys, judge
from .pairs import (
    ClaimView, MatchConfig, Scores, entity_filter, entity_names, load_claims, pair_id, stem, story_claims_sql,
)
from .progress import tracked
from .stories import article_similarity, article_story_sql, assign_stories, pair_story_sql
from .verdicts import dismissed_pairs


def blocking_keys(claim: ClaimView) -> set[str]:
    """What a claim can share with an equivalent one: entities, words, units, dates."""
    keys = {f"e:{entity}" for entity in claim.entity_ids}
    keys.update(f"w:{word}" for word in claim.words)
    for quantity in claim.quantities:
        if quantity.kind == "date" and quantity.date:
            keys.add(f"d:{quantity.date[:7]}")
        elif quantity.unit:
            keys.add(f"u:{stem(quantity.unit)}")
    return keys


def figure_keys(claim: ClaimView) -> set[str]:
    """Blocking keys of what the claim's figures are about: the event verb and the kind of
    figure ("fell" + a length, "announced" + a date). Paraphrases of one fact share
    few words but their figures share a frame."""
    keys = set()
    for quantity in claim.quantities:
        if quantity.kind == "score" and quantity.unit:
            # A score's role is as telling as a verb: "Indianapolis (10-5)" / "a 9-5 season".
            keys.add(f"f:score:{stem(quantity.unit)}")
        verb = quantity.frame.event_verb if quantity.frame else None
        if verb:
            measure = "date" if quantity.kind == "date" else f"{quantity.kind}:{stem(quantity.unit or '')}"
            keys.add(f"f:{verb}:{measure}")
    return keys


# A claim's common keys paired into blocking keys: 8 give at most 28 pairs.
COMMON_KEYS_PAIRED = 8


def candidate_pairs(
    claims: list[ClaimView], config: MatchConfig, new: set[str] | None = None
) -> Iterator[tuple[ClaimView, ClaimView]]:
    """Pairs of claims from different articles worth scoring, each pair once.

    A key's weight is its rarity (inverse frequency). A key shared by more
    than ``max_block_size`` claims is too common to block on alone ("sanction"
    in a large corpus), but two of them together still are a lead: such keys
    are paired within each claim ("sanction" + "2022-07"), the pair becoming a
    key of its own. Every claim keeps its ``max_candidates`` best partners by
    summed weight. With ``new``, only the new claims choose partners (among
    every claim of their story), so a re-run adds only what is new and a new
    claim costs at most ``max_candidates`` pairs however large its story.
    """

    postings: dict[str, list[int]] = defaultdict(list)
    frames = [frame_keys(claim) | figure_keys(claim) for claim in claims]
    keys_of = [blocking_keys(claim) | frame for claim, frame in zip(claims, frames)]
    for index, keys in enumerate(keys_of):
        for key in keys:
            postings[key].append(index)
    common = {key for key, members in postings.items() if len(members) > config.max_block_size}
    if common:
        for index, keys in enumerate(keys_of):
            # The rarest few of a claim's common keys: enough pairs to find its
            # partners, few enough that the work per claim stays bounded.
            own = sorted((key for key in keys if key in common), key=lambda key: (len(postings[key]), key))
            pairs = {f"{first}&{second}" for first, second in itertools.combinations(own[:COMMON_KEYS_PAIRED], 2)}
            for key in pairs:
                postings[key].append(index)
            keys_of[index] = keys | pairs
    total = len(claims)
    weight = {
        key: math.log(1 + total / len(members))
        for key, members in postings.items()
        if 1 < len(members) <= config.max_block_size
    }
    article_of = [claim.article_id for claim in claims]
    # Claims whose stories are unknown (views built by hand) are taken to share one.
    story_of = [None if config.cross_story else claim.story_id for claim in claims]
    is_new = [new is None or claim.id in new for claim in claims]
    # A new claim chooses its partners in its story; an old claim chose its own when it was
    # new, so a re-run's work is the new claims' and not their stories'.
    chosen: set[tuple[int, int]] = set()
    for index, keys in enumerate(keys_of):
        if not is_new[index]:
            continue
        article, story = article_of[index], story_of[index]
        shared: dict[int, float] = {}
        hits: dict[int, int] = {}
        # In sorted order: summed in a set's order, the weights would differ in their last
        # bits from one hash seed to the next, and so would which partner is best.
        for key in sorted(keys):
            key_weight = weight.get(key)
            if key_weight is None:
                continue
            for other in postings[key]:
                if article_of[other] != article and (config.cross_story or story_of[other] == story):
                    shared[other] = shared.get(other, 0.0) + key_weight
                    hits[other] = hits.get(other, 0) + (2 if "&" in key else 1)
        # One shared word is chance; two keys, or one frame key, are a lead.
        frame = frames[index]
        best = heapq.nlargest(
            config.max_candidates,
            (other for other in shared if hits[other] >= 2 or frame & keys_of[other]),
            key=lambda other: (shared[other], -other),
        )
        for other in best:
            chosen.add((index, other) if index < other else (other, index))
    for first, second in sorted(chosen):
        yield claims[first], claims[second]


def word_rarity(claims: Iterable[ClaimView]) -> dict[str, float]:
    """Inverse document frequency of each content word over ``claims``."""
    claims = list(claims)
    frequency: dict[str, int] = defaultdict(int)
    for claim in claims:
        for word in claim.words:
            frequency[word] += 1
    return {word: math.log(len(claims) / count) for word, count in frequency.items()}


def _rare_overlap(a: ClaimView, b: ClaimView, rarity: dict[str, float]) -> float:
    """Cosine of the claims' word sets, each word weighted by its rarity."""
    shared = a.words & b.words
    if not shared:
        return 0.0
    norms = [
        claim.derived.get("rarity_norm") or claim.derived.setdefault(
            "rarity_norm", math.sqrt(math.fsum(rarity.get(w, 0.0) ** 2 for w in claim.words))
        )
        for claim in (a, b)
    ]
    if not norms[0] or not norms[1]:
        return 0.0
    # fsum: exact, so the same whatever order the set (and so the hash seed) gives.
    return math.fsum(rarity.get(w, 0.0) ** 2 for w in shared) / (norms[0] * norms[1])


def score_pair(
    a: ClaimView, b: ClaimView, config: MatchConfig, rarity: dict[str, float] | None = None
) -> Scores:
    """Score two claims: fuzzy on masked content, plain and rarity-weighted word
    overlap, entity overlap, and the cosine of their embeddings when both have one."""
    fuzzy_score = (fuzz.token_set_ratio(a.masked, b.masked) + fuzz.token_sort_ratio(a.masked, b.masked)) / 200
    words = _overlap(a.words, b.words)
    rare = _rare_overlap(a, b, rarity) if rarity else words
    entities = _overlap(a.entity_ids, b.entity_ids) if a.entity_ids and b.entity_ids else 0.0
    predicate = float(bool(a.predicate) and stem(a.predicate or "") == stem(b.predicate or ""))
    semantic_score = None
    if a.vector is not None and b.vector is not None:
        semantic_score = max(0.0, float(a.vector @ b.vector))
    parts = [
        (config.weight_fuzzy, fuzzy_score),
        (config.weight_words, words),
        (config.weight_rare_words, rare),
        (config.weight_entities, entities),
    ]
    if semantic_score is not None:
        parts.append((config.weight_semantic, semantic_score))
    total_weight = sum(w for w, _ in parts) or 1.0
    combined = sum(w * s for w, s in parts) / total_weight
    return Scores(fuzzy_score, words, entities, predicate, semantic_score, round(combined, 4), rare)


def _overlap(first: frozenset, second: frozenset) -> float:
    """Share of the smaller set found in the other (0 when either is empty)."""
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def apply_rejections(db: sqlite_utils.Database, rejected: set[tuple[str, str]]) -> None:
    """Stored contradictions a reviewer rejected become ``related``; an undone rejection restores them."""
    with db.conn:
        for claim_a, claim_b in rejected:
            db.execute(
                "UPDATE matches SET relation = 'related', detail = json_set(detail, '$.rejected', json('true')) "
                "WHERE claim_a = ? AND claim_b = ? AND relation = 'contradicts'",
                [claim_a, claim_b],
            )
        for row in db.execute_returning_dicts(
            "SELECT id, claim_a, claim_b FROM matches WHERE json_extract(detail, '$.rejected') = 1"
        ):
            if (row["claim_a"], row["claim_b"]) not in rejected:
                db.execute(
                    "UPDATE matches SET relation = 'contradicts', detail = json_remove(detail, '$.rejected') "
                    "WHERE id = ?",
                    [row["id"]],
                )


def best_agreements(rows: list[dict], article_of: dict[str, int], per_article: int, per_claim: int) -> list[dict]:
    """Agreements among the best of one of their claims: its ``per_article`` best
    with the other article and its ``per_claim`` best overall; agreements on the
    same figures and copies whatever their rank.

    An article states a fact once, and a fact is told by a few sentences: past
    its best partners a claim's agreements by wording alone are weaker wordings of
    the same overlap, which a reviewer would have to wade through. A figure stated
    alike by a dozen outlets agrees with each of them. Other relations pass.
    """
    agreements = [row for row in rows if row["relation"] == "agrees"]

    def kept_by(key_of, keep: int) -> set[int]:
        ranked: dict[tuple, list[float]] = defaultdict(list)
        for row in agreements:
            for side, other in (("claim_a", "claim_b"), ("claim_b", "claim_a")):
                ranked[key_of(row, side, other)].append(row["score"])
        cutoff = {key: heapq.nlargest(keep, scores)[-1] for key, scores in ranked.items()}
        return {
            id(row) for row in agreements
            if any(row["score"] >= cutoff[key_of(row, side, other)]
                   for side, other in (("claim_a", "claim_b"), ("claim_b", "claim_a")))
        }

    in_article = kept_by(lambda row, side, other: (row[side], article_of[row[other]]), per_article)
    overall = kept_by(lambda row, side, other: row[side], per_claim)
    capped = {id(row) for row in agreements if row["reason_code"] == WORDING_ONLY}
    return [row for row in rows if id(row) not in capped or (id(row) in in_article and id(row) in overall)]


def match_new(
    db: sqlite_utils.Database,
    config: MatchConfig | None = None,
    *,
    rebuild: bool = False,
    progress: bool = False,
) -> StageCounts:
    """Match the claims not matched before against the claims of their story (of every
    story with ``MatchConfig.cross_story``); store and cluster.

    Only the stories with such claims are loaded, so a run's work grows with what
    is new and not with the feed. Returns counts of what this run added. ``rebuild`` matches every claim
    again (after changing thresholds) and then, in one transaction, replaces
    the earlier matches and clusters, so readers see the old ones until the
    new are complete; match and cluster ids come out the same, so verdicts
    stay attached. A pair that cannot be judged is reported in the counts'
    ``failures``, and its new claims stay unmatched so that the next run tries
    them again.
    """

    config = config or MatchConfig()
    # Matching is within stories: articles not grouped yet (an earlier run stopped) are grouped first.
    assign_stories(db)
    rejected = dismissed_pairs(db)
    apply_rejections(db, rejected)
    stories = None if rebuild or config.cross_story else stories_to_match(db)
    claims = load_claims(db, stories)
    done = set() if rebuild else claims_matched(db, claims)
    new = {claim.id for claim in claims if claim.id not in done}
    counts = StageCounts(agreements=0, contradictions=0, suggestions=0, clusters=0)
    if not new and not rebuild:
        return counts
    now = datetime.now(timezone.utc).isoformat()
    rows = []
    unfinished: set[str] = set()
    pairs: list[tuple[ClaimView, ClaimView]] = []
    rarity_of: dict[str, dict[str, float]] = {}
    # Word rarity and the blocking keys' weights are a story's own, so a story matches
    # the same whatever other stories the feed holds and whichever of them a run loads.
    for members in [claims] if config.cross_story else claims_by_story(claims):
        pairs.extend(candidate_pairs(members, config, new))
        rarity = word_rarity(members)
        rarity_of.update((claim.id, rarity) for claim in members)
    pairs.sort(key=lambda pair: (pair[0].id, pair[1].id))
    if config.semantic:
        from .semantic import attach_vectors

        attach_vectors(db, {claim.id: claim for pair in pairs for claim in pair}.values(), progress=progress)
    attach_variants(claims)
    attach_names(claims, entity_names(db, {entity for claim in claims for entity in claim.entity_ids}))
    attach_events(claims, config)
    for a, b in tracked(pairs, "match", show=progress, min_items=2000):
        try:
            row = _judged_row(a, b, judge, config, rarity_of[a.id], rejected, now)
        except Exception as error:  # one pair the judge cannot handle must not cost every other pair
            counts.fail(f"match: {_pair_label(db, a, b)}: {one_line(error)}")
            unfinished.update({a.id, b.id})
            continue
        if row is not None:
            rows.append(row)
    article_of = {claim.id: claim.article_id for claim in claims}
    if any(row["relation"] == "contradicts" and row["tier"] == "auto" for row in rows):
        doubt_auto_contradictions(rows, article_of, article_similarity(db), config)
    rows = best_agreements(rows, article_of, config.best_per_article, config.max_agreements_per_claim)
    if not rebuild:
        # A claim retried after a failed pair is judged again with partners it was already stored with.
        stored = {row[0] for row in db.execute(
            "SELECT id FROM matches WHERE id IN (SELECT value FROM json_each(?))", [json.dumps([r["id"] for r in rows])]
        )}
        rows = [row for row in rows if row["id"] not in stored]
    for row in rows:
        if row["tier"] == "suggest":
            counts["suggestions"] += 1
        if row["relation"] == "agrees":
            counts["agreements"] += 1
        elif row["relation"] == "contradicts":
            counts["contradictions"] += 1
    matched = ({"claim_id": claim_id, "matched_at": now} for claim_id in sorted(new - unfinished))
    counts["clusters"] = store_matches(db, rows, matched, claims, stories, replace=rebuild)
    return counts


def stories_to_match(db: sqlite_utils.Database) -> list[int] | None:
    """The stories a run compares the claims of: those with claims not matched yet, and every
    story a stored agreement of theirs reaches (matching across stories leaves such
    agreements, and a cluster is built from all of them). None when a claim without a
    story waits: its partners may be anywhere, so every claim is loaded."""
    waiting = {row[0] for row in db.execute(
        "SELECT DISTINCT sm.story_id FROM claims c JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN story_members sm ON sm.article_id = a.id "
        f"WHERE {current_article()} AND c.id NOT IN (SELECT claim_id FROM matched_claims)"
    )}
    if None in waiting:
        return None
    stories, reached = set(), waiting
    while reached:
        stories |= reached
        reached = {row[0] for row in db.execute(_REACHED_STORIES, {"stories": json.dumps(sorted(stories))})} - stories
    return sorted(stories)


# The stories that agreements reach from the claims of ``:stories``. Each side is looked up
# through its own index, from those claims (the matches of the relation would be every
# agreement of the feed), and only a partner outside the stories has its match row read.
_REACHED_STORIES = f"""
WITH own AS {story_claims_sql()},
partner AS (
  SELECT m.claim_b AS claim, m.rowid AS match FROM own CROSS JOIN matches m ON m.claim_a = own.id
  UNION ALL SELECT m.claim_a, m.rowid FROM own CROSS JOIN matches m ON m.claim_b = own.id
),
outside AS (SELECT claim, match FROM partner WHERE claim NOT IN (SELECT id FROM own))
SELECT DISTINCT sm.story_id FROM outside o JOIN matches m ON m.rowid = o.match
JOIN claims c ON c.id = o.claim JOIN story_members sm ON sm.article_id = c.article_id
WHERE m.relation = 'agrees'
"""


def claims_matched(db: sqlite_utils.Database, claims: list[ClaimView]) -> set[str]:
    """The ids of ``claims`` an earlier run matched."""
    return {row[0] for row in db.execute(
        "SELECT claim_id FROM matched_claims WHERE claim_id IN (SELECT value FROM json_each(?))",
        [json.dumps([claim.id for claim in claims])],
    )}


def claims_by_story(claims: list[ClaimView]) -> list[list[ClaimView]]:
    """``claims`` grouped by story, each group in the order of ``claims``."""
    groups: dict[int | None, list[ClaimView]] = defaultdict(list)
    for claim in claims:
        groups[claim.story_id].append(claim)
    return list(groups.values())


def doubt_auto_contradictions(
    rows: list[dict], article_of: dict[str, int], similarity: Callable[[int, int], float | None],
    config: MatchConfig,
) -> None:
    """Move to the suggest tier the auto contradictions whose articles are not alike enough
    (``similarity``) to be one event beyond doubt: two quakes of one story are a fact-checker's call.
    An article without a story yet (similarity None) is not known to be another event's."""
    for row in rows:
        if row["relation"] != "contradicts" or row["tier"] != "auto":
            continue
        alike = similarity(article_of[row["claim_a"]], article_of[row["claim_b"]])
        if alike is not None and alike < config.auto_same_event:
            row["tier"] = "suggest"
            row["detail"] = json.dumps({**json.loads(row["detail"]), "articles_alike": round(alike, 3)}, sort_keys=True)


def store_matches(
    db: sqlite_utils.Database, rows: list[dict], matched: Iterable[dict], claims: list[ClaimView],
    stories: list[int] | None = None, *, replace: bool = False,
) -> int:
    """Write matches, matched claims and the clusters they make in one transaction.

    ``replace`` first deletes every stored match: a rebuild swaps old for new
    at once, and a reader or reviewer never finds them missing. Clusters are
    rewritten where their members changed, so their verdicts follow them; with
    ``stories`` (``claims`` are theirs) only the clusters of those stories.
    Returns the number of clusters written.
    """

    with db.conn:
        # Explicit, so the transaction spans every statement below whichever writes first.
        db.execute("BEGIN IMMEDIATE")
        if replace:
            for table in ("matches", "matched_claims"):
                db.execute(f"DELETE FROM [{table}]")
        insert_rows(db, "matches", rows, ignore=True)
        insert_rows(db, "matched_claims", matched, ignore=True)
        return build_clusters(db, claims, stories=stories, commit=False)


def _judged_row(a: ClaimView, b: ClaimView, judge: Callable, config: MatchConfig, rarity: dict[str, float],
                rejected: set[tuple[str, str]], now: str) -> dict | None:
    """The ``matches`` row of a candidate pair, or None when ``judge`` finds them unrelated.

    ``judge`` is passed in because factcheck.judge imports this module.
    """
    # Reasons read in publication order ("71 vs 80": the earlier figure first).
    first, second = sorted((a, b), key=lambda claim: (claim.published or "", claim.id))
    scores = score_pair(first, second, config, rarity)
    judgement = judge(first, second, scores, config)
    if judgement is None:
        return None
    first, second = sorted((a, b), key=lambda claim: claim.id)
    relation, detail = judgement.relation, judgement.detail_json(scores)
    if relation == "contradicts" and (first.id, second.id) in rejected:
        relation, detail = "related", json.dumps({**json.loads(detail), "rejected": True}, sort_keys=True)
    return {
        "id": pair_id(first.id, second.id), "claim_a": first.id, "claim_b": second.id,
        "relation": relation, "score": scores.combined, "tier": judgement.tier,
        "reason_code": judgement.reason_code, "reason": judgement.reason,
        "changed_over_time": int(judgement.changed_over_time),
        "detail": detail, "created_at": now,
    }


def _pair_label(db: sqlite_utils.Database, a: ClaimView, b: ClaimView) -> str:
    """ "claims 1a2b (article 3, a.txt) and 9f8e (article 7, b.txt)": what to look at again."""
    source_names = dict(db.execute(
        "SELECT id, source_name FROM articles WHERE id IN (?, ?)", [a.article_id, b.article_id]
    ).fetchall())
    first, second = (f"{claim.id} (article {claim.article_id}, {source_names.get(claim.article_id)})"
                     for claim in sorted((a, b), key=lambda claim: claim.article_id))
    return f"claims {first} and {second}"


_LIST_SQL = """
SELECT m.id, m.relation, m.score, m.tier, m.reason_code, m.reason, m.changed_over_time, m.detail,
       m.claim_a, ca.text AS text_a, oa.name AS outlet_a, aa.published AS published_a,
       ta.speaker AS speaker_a,
       m.claim_b, cb.text AS text_b, ob.name AS outlet_b, ab.published AS published_b,
       tb.speaker AS speaker_b, {story} AS story_id
FROM matches m
JOIN claims ca ON ca.id = m.claim_a JOIN articles aa ON aa.id = ca.article_id
LEFT JOIN outlets oa ON oa.id = aa.outlet_id LEFT JOIN attributions ta ON ta.claim_id = ca.id
JOIN claims cb ON cb.id = m.claim_b JOIN articles ab ON ab.id = cb.article_id
LEFT JOIN outlets ob ON ob.id = ab.outlet_id LEFT JOIN attributions tb ON tb.claim_id = cb.id
WHERE m.relation = :relation AND m.score >= :min_score
  AND (:outlet IS NULL OR oa.name LIKE :outlet_like OR ob.name LIKE :outlet_like)
  AND (:entity IS NULL OR {entity_a} OR {entity_b})
  AND (:story IS NULL OR :story IN ({story_a}, {story_b}))
ORDER BY m.tier = 'auto' DESC, m.score DESC, m.id
"""

def list_matches(
    db: sqlite_utils.Database,
    relation: str,
    *,
    entity: str | None = None,
    outlet: str | None = None,
    min_score: float = 0.0,
    story: int | None = None,
) -> list[dict]:
    """Stored matches of one relation, best first, filtered by entity, outlet and story
    (a pair with a claim in it); ``story_id`` is the story of both claims.

    Contradictions a reviewer rejected are left out even before matching runs again.
    """

    sql = _LIST_SQL.format(
        entity_a=entity_filter("ca"), entity_b=entity_filter("cb"),
        story=pair_story_sql("ca.article_id", "cb.article_id"),
        story_a=article_story_sql("ca.article_id"), story_b=article_story_sql("cb.article_id"),
    )
    params = {
        "relation": relation, "min_score": min_score, "outlet": outlet,
        "outlet_like": f"%{outlet}%" if outlet else None, "entity": entity,
        "entity_like": f"%{entity}%" if entity else None, "story": story,
    }
    rejected = dismissed_pairs(db) if relation == "contradicts" else set()
    return [
        in_reading_order(dict(row)) for row in db.query(sql, params) if (row["claim_a"], row["claim_b"]) not in rejected
    ]


def in_reading_order(row: dict) -> dict:
    """A match row with its sides (``claim_a``, ``text_a``, ... ``_b``) in publication order, as
    its reason reads ("71 vs 80": the earlier figure first); the table keeps the pair in id order."""
    if (row["published_a"] or "") > (row["published_b"] or ""):
        for name in [key[:-2] for key in row if key.endswith("_a") and key[:-2] + "_b" in row]:
            row[f"{name}_a"], row[f"{name}_b"] = row[f"{name}_b"], row[f"{name}_a"]
    return row



def _disagreement(row: dict) -> tuple:
    """What a contradiction opposes, whichever side states which ("71 vs 80" = "80 vs 71")."""
    figures = json.loads(row.get("detail") or "{}").get("figures")
    if figures:
        return row["reason_code"], frozenset(text.lower() for pair in figures for text in pair)
    # "south vs west of Bireun" and "west vs south of Bireun" oppose the same words.
    return row["reason_code"], frozenset(re.findall(r"[\w.:-]+", row["reason"].lower())) - {"vs"}


def _facts(rows: list[dict], cluster_of: dict[str, int]) -> dict[str, str]:
    """Each claim's fact: its cluster when it has one, else the claim itself."""
    fact = {}
    for row in rows:
        for side in ("a", "b"):
            claim = row[f"claim_{side}"]
            fact[claim] = f"cluster:{cluster_of[claim]}" if claim in cluster_of else claim
    return fact


def disagreements(rows: list[dict], cluster_of: dict[str, int] | None = None) -> list[list[int]]:
    """The indexes into ``rows`` of each disagreement, in order of their first row.

    Contradictions (with ``claim_a``, ``claim_b``, ``reason``, ``reason_code``
    and ``detail``) are one disagreement when they oppose the same figures (or
    the same reason) and share a claim, or claims of one cluster, on a side.
    """
    fact = _facts(rows, cluster_of or {})
    parent = list(range(len(rows)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_row: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        key = _disagreement(row)
        for side in ("a", "b"):
            seen = first_row.setdefault((key, fact[row[f"claim_{side}"]]), index)
            parent[find(index)] = find(seen)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(rows)):
        members[find(index)].append(index)
    return sorted(members.values(), key=min)


def group_contradictions(rows: list[dict], cluster_of: dict[str, int] | None = None) -> list[dict]:
    """One entry per disagreement between the same facts, with the outlets on each side.

    Contradictions are one disagreement as ``disagreements`` tells: "71 vs 80"
    from two outlets against one reads once. Each group
    has ``side_a``/``side_b`` (claims, texts, outlets), the best ``score``
    and ``tier``, the ``reason`` of its best match and its ``matches`` ids;
    ``rows`` come best first and each gets its ``group`` number. A group's
    ``story_id`` is the story of all its contradictions, when they share one.
    """
    fact = _facts(rows, cluster_of or {})
    groups = []
    for number, indexes in enumerate(disagreements(rows, cluster_of), start=1):
        best = rows[indexes[0]]
        # Two-colour the facts: every contradiction puts its two claims on opposite sides.
        side_of = {fact[best["claim_a"]]: "a", fact[best["claim_b"]]: "b"}
        pending = list(indexes)
        while pending:
            unplaced = []
            for index in pending:
                row = rows[index]
                x, y = fact[row["claim_a"]], fact[row["claim_b"]]
                if x in side_of:
                    side_of.setdefault(y, "b" if side_of[x] == "a" else "a")
                elif y in side_of:
                    side_of[x] = "b" if side_of[y] == "a" else "a"
                else:
                    unplaced.append(index)
            if len(unplaced) == len(pending):
                side_of[fact[rows[unplaced[0]]["claim_a"]]] = "a"
            pending = unplaced
        sides: dict[str, dict] = {"a": {}, "b": {}}
        for index in indexes:
            row = rows[index]
            row["group"] = number
            for column in ("a", "b"):
                side = sides[side_of[fact[row[f"claim_{column}"]]]]
                side.setdefault(row[f"claim_{column}"], (row[f"text_{column}"], row[f"outlet_{column}"]))
        stories = {rows[index].get("story_id") for index in indexes}
        groups.append(
            {
                "group": number, "reason": best["reason"], "reason_code": best["reason_code"],
                "score": best["score"], "tier": best["tier"], "matches": [rows[i]["id"] for i in indexes],
                "story_id": stories.pop() if len(stories) == 1 else None,
                **{
                    f"side_{name}": {
                        "claims": list(side), "texts": [text for text, _ in side.values()],
                        "outlets": sorted({outlet for _, outlet in side.values() if outlet}),
                        "claims_without_outlet": sum(1 for _, outlet in side.values() if not outlet),
                    }
                    for name, side in sides.items()
                },
            }
        )
    return groups


def clusters_of_claims(db: sqlite_utils.Database, stories: str | None = None) -> dict[str, int]:
    """The cluster of each clustered claim (of the stories of the JSON list ``stories``, or all)."""
    if stories is None:
        return {row[0]: row[1] for row in db.execute("SELECT claim_id, cluster_id FROM cluster_members")}
    return {row[0]: row[1] for row in db.execute(
        f"SELECT claim_id, cluster_id FROM cluster_members WHERE claim_id IN {story_claims_sql()}", {"stories": stories},
    )}
