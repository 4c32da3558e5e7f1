"""Editors' verdicts and review actions: append-only, the latest row wins.

A verdict rates a claim, a match or a cluster on the scale in ``ratings.yaml``
(or the file named by ``FACTCHECK_RATINGS``). Nothing here updates or deletes
a row: a new verdict, a withdrawal (``rating`` NULL) or a review action is a new
row, so ``history`` can show every change with its editor and time. Each write
is its own transaction, so a reviewer's keypress is saved at once.

A claim pair (a match) also takes a *decision*, apart from the ratings of its
claims: ``contradiction`` (a real one), ``not-contradiction`` or
``changed-over-time`` (both held, at their times). A decision is a review
event; the pair's latest one that no ``undo`` cancelled is its current one.

A verdict never detaches from what it rated. Claim ids come from the article's
content, so re-ingesting an article keeps them. A new revision of an article
gets new claims: ``reattach_orphans`` carries each verdict to the same claim in
the new revision, or, when the claim is gone, keeps the verdict and records it
as orphaned with the nearest claim of the new revision.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml
from rapidfuzz import fuzz, process

from .db import insert_row
from .errors import BadOption, FactcheckError

TARGET_TABLES = {"claim": "claims", "match": "matches", "cluster": "clusters"}
CONTRADICTION = "contradiction"
NOT_CONTRADICTION = "not-contradiction"
CHANGED_OVER_TIME = "changed-over-time"
PAIR_DECISIONS = (CONTRADICTION, NOT_CONTRADICTION, CHANGED_OVER_TIME)
UNDO = "undo"
REVIEW_ACTIONS = (*PAIR_DECISIONS, "flag", "note", "skip", UNDO)
SCALE_FILE = Path(__file__).with_name("ratings.yaml")
SCALE_ENV = "FACTCHECK_RATINGS"


@dataclass(frozen=True)
class Rating:
    """One step of the scale: its name on the command line and in ClaimReview."""

    name: str
    alternate_name: str
    value: int | None


@dataclass(frozen=True)
class RatingScale:
    ratings: tuple[Rating, ...]
    best: int
    worst: int

    def get(self, name: str) -> Rating:
        for rating in self.ratings:
            if rating.name == name:
                return rating
        names = ", ".join(rating.name for rating in self.ratings)
        raise BadOption(f"unknown rating {name!r} (the scale is: {names})")

    @property
    def names(self) -> list[str]:
        return [rating.name for rating in self.ratings]


def load_scale(path: str | Path | None = None) -> RatingScale:
    """Read a rating scale file (default: ``FACTCHECK_RATINGS`` or the packaged one)."""
    path = Path(path or os.environ.get(SCALE_ENV) or SCALE_FILE)
    return _load_scale(path.resolve())


@lru_cache(maxsize=8)
def _load_scale(path: Path) -> RatingScale:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        best, worst = int(data["best"]), int(data["worst"])
        ratings = tuple(
            Rating(
                name=str(entry["name"]),
                alternate_name=str(entry["alternate_name"]),
                value=None if entry.get("value") is None else int(entry["value"]),
            )
            for entry in data["ratings"]
        )
    except OSError as error:
        raise FactcheckError(f"{path}: cannot read the rating scale ({error.strerror})") from None
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise FactcheckError(f"{path}: not a rating scale ({error})") from None
    if not ratings or not 1 <= worst < best:
        raise FactcheckError(f"{path}: a scale needs ratings and 1 <= worst < best")
    for rating in ratings:
        if rating.value is not None and not worst <= rating.value <= best:
            raise FactcheckError(f"{path}: {rating.name} is rated outside {worst}..{best}")
    if len(set(rating.name for rating in ratings)) != len(ratings):
        raise FactcheckError(f"{path}: a rating name appears twice")
    return RatingScale(ratings, best, worst)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _check_type(target_type: str) -> str:
    if target_type not in TARGET_TABLES:
        raise FactcheckError(
            f"unknown target type {target_type!r} (one of: {', '.join(TARGET_TABLES)})"
        )
    return target_type


def _target_row(db: sqlite_utils.Database, target_type: str, target_id: str) -> dict | None:
    table = TARGET_TABLES[_check_type(target_type)]
    rows = db.execute_returning_dicts(
        f"select * from [{table}] where id = ?", [target_id]
    )
    return rows[0] if rows else None


def _has_history(db: sqlite_utils.Database, target_type: str, target_id: str) -> bool:
    return bool(
        db.execute(
            "select 1 from verdicts where target_type = ? and target_id = ? limit 1",
            [target_type, target_id],
        ).fetchone()
    )


def resolve_target(db: sqlite_utils.Database, reference: str) -> tuple[str, str]:
    """Turn ``claim:ID``, ``match:ID``, ``cluster:ID`` or a bare ID into (type, id).

    A bare ID is looked up among claims, matches and clusters; when a number
    names both a match and a cluster, the prefix is required.
    """
    reference = reference.strip()
    kind, sep, rest = reference.partition(":")
    if sep and kind in TARGET_TABLES:
        candidates = [kind]
        reference = rest.strip()
    else:
        candidates = list(TARGET_TABLES)
    found = [
        kind for kind in candidates
        if _target_row(db, kind, reference) or _has_history(db, kind, reference)
    ]
    if not found:
        raise FactcheckError(f"{reference!r}: no such claim, match or cluster")
    if len(found) > 1:
        choices = " or ".join(f"{kind}:{reference}" for kind in found)
        raise FactcheckError(f"{reference!r} is ambiguous: write {choices}")
    return found[0], reference


def _snapshot(db: sqlite_utils.Database, target_type: str, row: dict) -> tuple[str | None, int | None]:
    """The text a verdict rated and its article, kept so the verdict outlives the row."""
    if target_type == "claim":
        return row.get("content") or row["text"], row["article_id"]
    if target_type == "cluster":
        return row.get("label"), None
    # A match is rated through its first claim: that is the text published as reviewed.
    first = _target_row(db, "claim", row["claim_a"])
    return ((first.get("content") or first["text"]), first["article_id"]) if first else (None, None)


def _insert(db: sqlite_utils.Database, table: str, record: dict) -> int:
    with db.conn:
        return db[table].insert(record).last_pk


def record_verdict(
    db: sqlite_utils.Database,
    target_type: str,
    target_id: str | int,
    rating: str | None,
    *,
    note: str | None = None,
    editor: str,
    scale: RatingScale | None = None,
) -> int:
    """Append a verdict on a claim, match or cluster; return its row id.

    ``rating`` must be on the scale; ``None`` withdraws the current verdict
    (use ``withdraw_verdict``). The target must exist, or have verdicts
    already (a claim dropped by a newer revision can still be re-rated).
    """
    target_id = str(target_id)
    _check_type(target_type)
    if rating is not None:
        rating = (scale or load_scale()).get(rating).name
    if not editor or not editor.strip():
        raise FactcheckError("a verdict needs an editor name")
    row = _target_row(db, target_type, target_id)
    if row is not None:
        text, article_id = _snapshot(db, target_type, row)
    elif _has_history(db, target_type, target_id):
        previous = db.execute_returning_dicts(
            "select claim_text, article_id from verdicts where target_type = ? and target_id = ?"
            " order by id desc limit 1",
            [target_type, target_id],
        )[0]
        text, article_id = previous["claim_text"], previous["article_id"]
    else:
        raise FactcheckError(f"no {target_type} with id {target_id!r}")
    verdict_id = _insert(db, "verdicts", {
        "target_type": target_type,
        "target_id": target_id,
        "rating": rating,
        "note": note,
        "editor": editor.strip(),
        "created_at": _now(),
        "claim_text": text,
        "article_id": article_id,
    })
    if target_type == "claim" and rating is not None:
        # Rated on a revision a newer one already replaced (a queue opened before it
        # arrived): carried now, as the newer revision's analysis would have carried it.
        newer = db.execute(
            "select a.id from articles a join analysed_articles d on d.article_id = a.id where a.revision_of = ?",
            [article_id],
        ).fetchone()
        if newer:
            reattach_orphans(db, newer[0])
    return verdict_id


def withdraw_verdict(
    db: sqlite_utils.Database,
    target_type: str,
    target_id: str | int,
    *,
    note: str | None = None,
    editor: str,
) -> int:
    """Append a row with no rating: the target has no current verdict afterwards."""
    if not current_verdicts(db, target_type, target_id):
        raise FactcheckError(f"{target_type} {target_id} has no verdict to withdraw")
    return record_verdict(db, target_type, target_id, None, note=note, editor=editor)


def record_event(
    db: sqlite_utils.Database,
    target_type: str,
    target_id: str | int,
    action: str,
    *,
    value: str | None = None,
    editor: str,
) -> int:
    """Append a reviewer action (``REVIEW_ACTIONS``) on a claim, match or cluster."""
    _check_type(target_type)
    if action not in REVIEW_ACTIONS:
        raise FactcheckError(f"unknown review action {action!r} (one of: {', '.join(REVIEW_ACTIONS)})")
    if not editor or not editor.strip():
        raise FactcheckError("a review action needs an editor name")
    return _insert(db, "review_events", {
        "target_type": target_type,
        "target_id": str(target_id),
        "action": action,
        "value": value,
        "editor": editor.strip(),
        "created_at": _now(),
    })


# An ``undo`` names what it cancels in its ``value``: ``event:<id>`` for a
# review event (``verdict:<id>`` undoes a verdict, which a new verdict row
# already replaced). ``e`` is the review event tested.
NOT_UNDONE = (f"not exists (select 1 from review_events u where u.action = '{UNDO}'"
               " and u.value = 'event:' || e.id)")


def undone_verdicts(db: sqlite_utils.Database, target_type: str, target_id: str | int) -> set[int]:
    """Ids of the target's verdict rows that an ``undo`` cancelled (``verdict:<id>``)."""
    rows = db.execute(
        "select value from review_events where target_type = ? and target_id = ? and action = ?"
        " and value like 'verdict:%'",
        [_check_type(target_type), str(target_id), UNDO],
    )
    return {int(value.partition(":")[2]) for (value,) in rows}


def standing_events(db: sqlite_utils.Database, target_type: str) -> list[dict[str, Any]]:
    """Review events on targets of a type that no ``undo`` cancelled, oldest first."""
    return db.execute_returning_dicts(
        f"select * from review_events e where e.target_type = ? and e.action != ? and {NOT_UNDONE}"
        " order by e.id",
        [_check_type(target_type), UNDO],
    )


# The decisions, as an SQL list for "action in (...)".
DECISION_LIST = ", ".join(f"'{decision}'" for decision in PAIR_DECISIONS)


def decision_sql(match_id: str) -> str:
    """An SQL expression: the current decision on the match ``match_id`` (NULL when none stands).

    ``match_id`` is an SQL expression (a column or ``?``) giving the id as text.
    """
    return (f"(select e.action from review_events e where e.target_type = 'match'"
            f" and e.target_id = {match_id} and e.action in ({DECISION_LIST}) and {NOT_UNDONE}"
            " order by e.id desc limit 1)")


def dismissed_sql(match_id: str) -> str:
    """An SQL condition: the current decision on the match ``match_id`` is not-a-contradiction."""
    return f"coalesce({decision_sql(match_id)}, '') = '{NOT_CONTRADICTION}'"


def pair_decisions(db: sqlite_utils.Database) -> dict[str, str]:
    """The current decision on every match that has one, by match id."""
    current: dict[str, str] = {}
    for event in standing_events(db, "match"):
        if event["action"] in PAIR_DECISIONS:
            current[event["target_id"]] = event["action"]
    return current


def dismissed_pairs(db: sqlite_utils.Database) -> set[tuple[str, str]]:
    """Claim pairs (sorted) whose current decision is not-a-contradiction.

    The reviewer stores the pair as the JSON list ``[claim_a, claim_b]`` in
    a decision's ``value``, which names the claims (whose ids come from article
    content) and so outlives a rebuild of ``matches``; an event without one
    names the pair through its match. The pair's latest decision counts,
    whichever match it was recorded on.
    """
    current: dict[tuple[str, str], str] = {}
    for event in standing_events(db, "match"):
        if event["action"] not in PAIR_DECISIONS:
            continue
        try:
            pair = json.loads(event["value"] or "null")
        except ValueError:
            pair = None
        if not (isinstance(pair, list) and len(pair) == 2):
            pair = db.execute("select claim_a, claim_b from matches where id = ?", [event["target_id"]]).fetchone()
        if pair:
            current[tuple(sorted(map(str, pair)))] = event["action"]
    return {pair for pair, decision in current.items() if decision == NOT_CONTRADICTION}


CURRENT_SQL = """
select v.*, o.nearest_claim_id, o.score as nearest_score,
       o.verdict_id is not null as orphaned
from verdicts v
left join verdict_orphans o on o.verdict_id = v.id
where v.id in (select max(id) from verdicts group by target_type, target_id)
"""


def current_verdicts(
    db: sqlite_utils.Database,
    target_type: str | None = None,
    target_id: str | int | None = None,
) -> list[dict[str, Any]]:
    """The latest verdict of every target that has one (withdrawn ones left out).

    Each row carries ``orphaned`` (1 when its claim vanished from a newer
    revision) with ``nearest_claim_id`` and ``nearest_score`` (0-100).
    """
    sql = CURRENT_SQL + " and v.rating is not null"
    params: list[Any] = []
    if target_type is not None:
        sql += " and v.target_type = ?"
        params.append(_check_type(target_type))
    if target_id is not None:
        sql += " and v.target_id = ?"
        params.append(str(target_id))
    return db.execute_returning_dicts(sql + " order by v.id", params)


def history(
    db: sqlite_utils.Database, target_id: str | int, target_type: str | None = None
) -> list[dict[str, Any]]:
    """Every verdict and review action on a target, oldest first.

    Rows have ``kind`` ``verdict`` (with ``rating``, ``note``) or ``event``
    (with ``action``, ``value``), and ``editor`` and ``created_at``.
    """
    where = "target_id = ?" + (" and target_type = ?" if target_type else "")
    params = [str(target_id)] + ([_check_type(target_type)] if target_type else [])
    return db.execute_returning_dicts(
        f"""
        select 'verdict' as kind, id, target_type, target_id, rating, note,
               null as action, null as value, editor, created_at
        from verdicts where {where}
        union all
        select 'event', id, target_type, target_id, null, null, action, value, editor, created_at
        from review_events where {where}
        order by created_at, kind desc, id
        """,
        params + params,
    )


def reattach_orphans(db: sqlite_utils.Database, article_id: int) -> dict[str, int]:
    """Carry verdicts from the previous revision of an article to this one.

    For each current verdict on a claim of the revision ``article_id``
    replaced: when the new revision holds the same claim text, the verdict is
    repeated on the new claim (same rating, note and editor, pointing back);
    otherwise the verdict stays on the old claim and is recorded in
    ``verdict_orphans`` with the nearest claim of the new revision. Returns
    counts ``{"carried": n, "orphaned": m}``.
    """
    article = db.execute(
        "select revision_of from articles where id = ?", [article_id]
    ).fetchone()
    counts = {"carried": 0, "orphaned": 0}
    if not article or article[0] is None:
        return counts
    previous = article[0]
    verdicts = db.execute_returning_dicts(
        CURRENT_SQL + """ and v.rating is not null and v.target_type = 'claim'
        and (v.article_id = ? or v.target_id in (select id from claims where article_id = ?))
        and o.verdict_id is null order by v.id""",
        [previous, previous],
    )
    if not verdicts:
        return counts
    new_claims = {
        row["id"]: _normalise(row["content"] or row["text"])
        for row in db.execute_returning_dicts(
            "select id, text, content from claims where article_id = ? order by idx", [article_id]
        )
    }
    # The latest ruling wins: a verdict carries over unless the new claim was rated after it.
    rated_new = {row["target_id"]: row["id"] for row in current_verdicts(db, "claim")}
    for verdict in verdicts:
        text = _normalise(verdict["claim_text"] or "")
        nearest = process.extractOne(text, new_claims, scorer=fuzz.token_sort_ratio) if new_claims else None
        if nearest and nearest[1] == 100:
            if rated_new.get(nearest[2], 0) < verdict["id"]:
                rated_new[nearest[2]] = record_verdict(
                    db, "claim", nearest[2], verdict["rating"], editor=verdict["editor"],
                    note=_carried_note(verdict),
                )
            counts["carried"] += 1
            continue
        with db.conn:
            _orphan(db, verdict, nearest[2] if nearest else None, round(nearest[1], 1) if nearest else None)
        counts["orphaned"] += 1
    return counts


def reattach_revisions(db: sqlite_utils.Database, article_ids: list[int]) -> dict[str, int]:
    """``reattach_orphans`` for each newly analysed article; the summed counts."""
    totals = {"carried": 0, "orphaned": 0}
    for article_id in article_ids:
        for key, value in reattach_orphans(db, article_id).items():
            totals[key] += value
    return totals


def carry_cluster_verdicts(
    db: sqlite_utils.Database, old_members: dict[int, set[str]], new_members: dict[int, set[str]]
) -> dict[str, int]:
    """Carry the verdict of each cluster that is gone to the cluster now holding most of its claims.

    A cluster's id comes from its first claim, so an earlier claim joining it
    gives it a new id. Its current verdict is repeated on that cluster (unless
    the cluster was rated after it) and the old one is recorded in
    ``verdict_orphans`` with the new cluster as its nearest; a verdict none of
    whose claims is in a cluster now is recorded there with no nearest. Writes
    inside the caller's transaction (the clusters are rewritten in the same
    one); returns counts ``{"carried": n, "orphaned": m}``.
    """
    counts = {"carried": 0, "orphaned": 0}
    gone = sorted(cluster for cluster in old_members if cluster not in new_members)
    if not gone:
        return counts
    rated = {row["target_id"]: row for row in current_verdicts(db, "cluster")}
    for old_id in gone:
        verdict = rated.get(str(old_id))
        if verdict is None or verdict["orphaned"]:
            continue
        shared = {new_id: len(members & old_members[old_id]) for new_id, members in new_members.items()}
        nearest = max(sorted(shared), key=shared.__getitem__, default=None)
        if nearest is None or not shared[nearest]:
            _orphan(db, verdict, None, None)
            counts["orphaned"] += 1
            continue
        _orphan(db, verdict, str(nearest), round(100 * shared[nearest] / len(old_members[old_id]), 1))
        standing = rated.get(str(nearest))
        if standing is None or standing["id"] < verdict["id"]:
            label = db.execute("select label from clusters where id = ?", [nearest]).fetchone()
            carried = insert_row(db, "verdicts", {
                "target_type": "cluster", "target_id": str(nearest), "rating": verdict["rating"],
                "note": _carried_note(verdict, "cluster", "whose claims it now holds"),
                "editor": verdict["editor"], "created_at": _now(),
                "claim_text": label[0] if label else None, "article_id": None,
            })
            rated[str(nearest)] = {**verdict, "id": carried}
        counts["carried"] += 1
    return counts


def _orphan(db: sqlite_utils.Database, verdict: dict, nearest: str | None, score: float | None) -> None:
    insert_row(db, "verdict_orphans", {
        "verdict_id": verdict["id"], "claim_id": verdict["target_id"], "nearest_claim_id": nearest,
        "score": score, "detected_at": _now(),
    })


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _carried_note(verdict: dict, kind: str = "claim", whence: str = "of the previous revision") -> str:
    origin = f"carried from {kind} {verdict['target_id']} {whence}"
    return f"{verdict['note']} ({origin})" if verdict["note"] else origin
