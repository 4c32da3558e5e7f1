"""How often editors agree with the machine's contradictions.

Only a decision on the pair itself counts (see ``verdicts``): a contradiction
is *confirmed* when its current decision is ``contradiction``, *rejected* when
it is ``not-contradiction`` and *changed* when it is ``changed-over-time``;
rating one of its claims true or false says nothing about the pair. The
agreement rate is confirmed / (confirmed + rejected): contradictions nobody
decided on do not count for or against the tool, and a figure that changed
over time is neither (the tool found a real difference, not a contradiction).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from .verdicts import CHANGED_OVER_TIME, CONTRADICTION, NOT_CONTRADICTION as REJECT, pair_decisions

OUTCOMES = {CONTRADICTION: "confirmed", REJECT: "rejected", CHANGED_OVER_TIME: "changed"}

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
    ``reviewed`` (decided), ``confirmed``, ``rejected``, ``changed`` and
    ``agreement`` (a fraction, or ``None`` when nothing in the group was
    confirmed or rejected).
    """
    decisions = pair_decisions(db)
    by_reason: dict[str, dict] = {}
    by_tier: dict[str, dict] = {}
    total = _group("all")
    for match in db.execute_returning_dicts(
        "select id, claim_a, claim_b, tier, reason_code from matches"
        # Matching stores a rejected contradiction as related, marked in its detail.
        " where relation = 'contradicts' or json_extract(detail, '$.rejected') = 1 order by id"
    ):
        outcome = OUTCOMES.get(decisions.get(str(match["id"])))
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
        judged = group["confirmed"] + group["rejected"]
        group["agreement"] = group["confirmed"] / judged if judged else None
    return {
        "total": total,
        "by_reason": sorted(by_reason.values(), key=lambda group: -group["flagged"]),
        "by_tier": sorted(by_tier.values(), key=lambda group: group["name"]),
    }


def _group(name: str) -> dict[str, Any]:
    return {"name": name, "flagged": 0, "reviewed": 0, "confirmed": 0, "rejected": 0, "changed": 0}
