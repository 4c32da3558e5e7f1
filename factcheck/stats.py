"""How often editors agree with the machine's contradictions.

A contradiction is *rejected* when a reviewer marked it ``not-contradiction``
(and did not undo that), and *confirmed* when an editor gave a verdict on the
match, or on one of its two claims, without rejecting it. The agreement rate
is confirmed / (confirmed + rejected): contradictions nobody looked at do not
count for or against the tool.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from .verdicts import NOT_CONTRADICTION as REJECT, current_verdicts, standing_events

# The judge's reason codes, grouped into the kinds editors reason in.
REASON_KINDS = {
    "number-mismatch": "number",
    "date-mismatch": "date",
    "time-mismatch": "date",
    "position-mismatch": "role",
    "superior-mismatch": "role",
    "negation": "negation",
}


def reason_kind(code: str | None) -> str:
    """``number``, ``date``, ``role``, ``negation``, or the code itself for others."""
    if not code:
        return "other"
    return REASON_KINDS.get(code, code.removesuffix("-mismatch"))


def agreement(db: sqlite_utils.Database) -> dict[str, Any]:
    """Confirmed and rejected machine contradictions, overall, by reason kind and by tier.

    Each group has ``name``, ``flagged`` (contradictions the tool found),
    ``reviewed``, ``confirmed``, ``rejected`` and ``agreement`` (a fraction,
    or ``None`` when nothing in the group was reviewed).
    """
    rejected = {event["target_id"] for event in standing_events(db, "match") if event["action"] == REJECT}
    rated = {(row["target_type"], row["target_id"]) for row in current_verdicts(db)}
    by_reason: dict[str, dict] = {}
    by_tier: dict[str, dict] = {}
    total = _group("all")
    for match in db.execute_returning_dicts(
        "select id, claim_a, claim_b, tier, reason_code from matches"
        # Matching stores a rejected contradiction as related, marked in its detail.
        " where relation = 'contradicts' or json_extract(detail, '$.rejected') = 1 order by id"
    ):
        match_id = str(match["id"])
        if match_id in rejected:
            outcome = "rejected"
        elif rated & {("match", match_id), ("claim", match["claim_a"]), ("claim", match["claim_b"])}:
            outcome = "confirmed"
        else:
            outcome = None
        reason = reason_kind(match["reason_code"])
        tier = match["tier"] or "unknown"
        for group in (
            by_reason.setdefault(reason, _group(reason)),
            by_tier.setdefault(tier, _group(tier)),
            total,
        ):
            group["flagged"] += 1
            if outcome:
                group[outcome] += 1
                group["reviewed"] += 1
    groups = [*by_reason.values(), *by_tier.values(), total]
    for group in groups:
        group["agreement"] = group["confirmed"] / group["reviewed"] if group["reviewed"] else None
    return {
        "total": total,
        "by_reason": sorted(by_reason.values(), key=lambda group: -group["flagged"]),
        "by_tier": sorted(by_tier.values(), key=lambda group: group["name"]),
    }


def _group(name: str) -> dict[str, Any]:
    return {"name": name, "flagged": 0, "reviewed": 0, "confirmed": 0, "rejected": 0}
