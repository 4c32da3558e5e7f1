"""The review queue, paged through SQL.

Every item's rank (check-worthiness, outlets, recency) is kept in the
indexed ``review_order`` table, ranked again only after matching changes it.
A tab's queue is then copied from it once into a TEMP table (``pos`` is its
order, reviewed items last), so moving to the next item costs a primary-key
lookup however large the database, and the first items can be read straight
from the index while that copy is made. The order is fixed while the reviewer
works (items do not jump under the cursor); a refresh rebuilds it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import sqlite_utils

from ..db import current_article
from ..errors import FactcheckError
from ..export.writers import write_rows
from ..match import clusters_of_claims, disagreements
from ..pairs import listed_stories_sql, story_claims_sql
from ..stories import article_story_sql, cluster_story_sql
from ..verdicts import DECISION_LIST, NOT_CONTRADICTION, NOT_UNDONE, UNDO, decision_sql, dismissed_sql

TABS = ("contradictions", "suggestions", "agreements", "clusters")
STATUSES = ("all", "unreviewed", "reviewed", "flagged")

_MATCH_TABS = {
    # Every contradiction, of either tier, is what fact-checkers work through first;
    # the suggestions tab holds the other pairs a person should confirm.
    "contradictions": "m.relation = 'contradicts'",
    "suggestions": "m.tier = 'suggest' and m.relation != 'contradicts'",
    "agreements": "m.relation = 'agrees' and coalesce(m.tier, 'auto') != 'suggest'",
}


@dataclass(frozen=True)
class View:
    """What the queue shows: a tab, narrowed by a search and filters."""

    tab: str = "contradictions"
    search: str = ""
    outlet: str = ""
    entity: str = ""
    story: int | None = None
    status: str = "all"

    def __post_init__(self):
        if self.tab not in TABS:
            raise FactcheckError(f"unknown tab {self.tab!r} (one of: {', '.join(TABS)})")
        if self.status not in STATUSES:
            raise FactcheckError(f"unknown status {self.status!r} (one of: {', '.join(STATUSES)})")

    def with_(self, **changes) -> "View":
        return replace(self, **changes)

    @property
    def narrowed(self) -> bool:
        return bool(self.search or self.outlet or self.entity or self.story is not None or self.status != "all")

    def describe(self) -> str:
        parts = [f"{name} {value!r}" for name, value in
                 (("search", self.search), ("outlet", self.outlet), ("entity", self.entity)) if value]
        if self.story is not None:
            parts.append(f"story {self.story}")
        if self.status != "all":
            parts.append(self.status)
        return ", ".join(parts)


# SQL fragments over an id expression: the current verdict rating, the latest event.
def _target_rating(target_type: str, target_id: str) -> str:
    return (f"(select v.rating from verdicts v where v.target_type = '{target_type}'"
            f" and v.target_id = {target_id} order by v.id desc limit 1)")


def _latest_event(target_type: str, target_id: str, action: str) -> str:
    return (f"(select e.value from review_events e where e.target_type = '{target_type}'"
            f" and e.target_id = {target_id} and e.action = '{action}' order by e.id desc limit 1)")


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _claim_filters(view: View, db: sqlite_utils.Database, claims: list[str]) -> tuple[list[str], list[Any]]:
    """WHERE clauses keeping items where any of ``claims`` fits the search and filters."""
    where: list[str] = []
    params: list[Any] = []
    if view.search:
        fts = ("select c.id from claims c where c.rowid in"
               " (select rowid from claims_fts where claims_fts match ?)")
        where.append("(" + " or ".join(f"{claim} in ({fts})" for claim in claims) + ")")
        params += [db.quote_fts(view.search)] * len(claims)
    if view.outlet:
        where.append("(" + " or ".join(
            f"exists (select 1 from claims c join articles a on a.id = c.article_id"
            f" join outlets o on o.id = a.outlet_id where c.id = {claim}"
            " and o.name like ? escape '\\')" for claim in claims) + ")")
        params += [_like(view.outlet)] * len(claims)
    if view.entity:
        where.append("(" + " or ".join(
            f"exists (select 1 from claim_entities ce left join entities en on en.id = ce.entity_id"
            f" where ce.claim_id = {claim} and (ce.text like ? escape '\\' or en.name like ? escape '\\'))"
            f" or exists (select 1 from claims c where c.id = {claim} and c.subject like ? escape '\\')"
            for claim in claims) + ")")
        params += [_like(view.entity)] * 3 * len(claims)
    if view.story is not None:
        where.append("(" + " or ".join(
            f"exists (select 1 from claims c where c.id = {claim} and {article_story_sql('c.article_id')} = ?)"
            for claim in claims) + ")")
        params += [view.story] * len(claims)
    return where, params


def _match_order(tab: str, some_stories: bool = False) -> str:
    """The match rows of ``tab`` with the parts of their rank that only matching changes
    (with ``some_stories``, of the stories of ``:stories``).

    The contradictions tab holds one row per dispute: its best match.
    """
    disputes = " and cast(m.id as text) in (select dispute_id from review_disputes)" if tab == "contradictions" else ""
    if some_stories:
        disputes += f" and m.claim_a in {story_claims_sql()}"
    return f"""
        select '{tab}' as tab, 'match' as target_type, cast(m.id as text) as target_id,
               m.claim_a, m.claim_b, m.reason,
               max(coalesce(ca.checkworthiness, 0), coalesce(cb.checkworthiness, 0)) as worth,
               max(case when aa.outlet_id is ab.outlet_id then 1 else 2 end,
                   coalesce((select max(cl.outlets) from cluster_members cm
                             join clusters cl on cl.id = cm.cluster_id
                             where cm.claim_id in (m.claim_a, m.claim_b)), 0)) as outlets,
               max(coalesce(aa.published, ''), coalesce(ab.published, '')) as published,
               sa.story_id
        from matches m
        join claims ca on ca.id = m.claim_a join articles aa on aa.id = ca.article_id
        join claims cb on cb.id = m.claim_b join articles ab on ab.id = cb.article_id
        left join story_members sa on sa.article_id = aa.id
        where {_MATCH_TABS[tab]} and {current_article("aa.id")} and {current_article("ab.id")}{disputes}
    """


def _cluster_order(some_stories: bool = False) -> str:
    first_two = ("(select cm.claim_id from cluster_members cm join claims c on c.id = cm.claim_id"
                 " join articles a on a.id = c.article_id where cm.cluster_id = cl.id"
                 " order by a.published, c.id limit 1 offset {})")
    return f"""
        select 'clusters' as tab, 'cluster' as target_type, cast(cl.id as text) as target_id,
               {first_two.format(0)} as claim_a, {first_two.format(1)} as claim_b, cl.label as reason,
               coalesce((select max(c.checkworthiness) from cluster_members cm
                         join claims c on c.id = cm.claim_id where cm.cluster_id = cl.id), 0) as worth,
               coalesce(cl.outlets, 0) as outlets, coalesce(cl.last_published, '') as published,
               {cluster_story_sql("cl.id")} as story_id
        from clusters cl
    """ + (f" where cl.id in (select cluster_id from cluster_members where claim_id in {story_claims_sql()})"
           if some_stories else "")


def order_is_stale(db: sqlite_utils.Database) -> bool:
    """Whether some of the order waits to be ranked again (all of it, or some stories')."""
    row = db.execute("select stale from review_order_state where id = 1").fetchone()
    return bool(row is None or row[0]) or db.execute("select 1 from review_stale_stories limit 1").fetchone() is not None


def refresh_order(db: sqlite_utils.Database) -> dict[str, int]:
    """Rank every item of every tab again when matching changed them; the items per tab.

    The rank (check-worthiness, outlets, recency) lives in ``review_order``
    with an index, so opening a queue reads it in order instead of sorting
    every match; triggers mark it stale when matches, clusters, claims'
    check-worthiness or articles' dates change. The pipeline refreshes it as
    its last stage, so the reviewer normally opens on a fresh order.
    """
    rank_if_stale(db)
    counts = dict.fromkeys(TABS, 0)
    counts.update(db.execute("select tab, count(*) from review_order group by tab").fetchall())
    return counts


def rank_if_stale(db: sqlite_utils.Database) -> None:
    """Fill ``review_order`` again where triggers marked it stale: for the stories whose
    matches, clusters, claims or articles changed (``review_stale_stories``), or all of it."""
    if not order_is_stale(db):
        return
    with db.conn:
        # The write lock first: a second reviewer opening at the same moment waits here, then
        # finds the order fresh.
        if not db.conn.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        stories = [story for (story,) in db.execute("select story_id from review_stale_stories")]
        whole = db.execute("update review_order_state set stale = 0 where id = 1 and stale = 1").rowcount
        db.execute("delete from review_stale_stories")
        if whole or -1 in stories or _spans_stories(db, stories):
            _group_disputes(db)
            db.execute("delete from review_order")
            for select in [*(_match_order(tab) for tab in _MATCH_TABS), _cluster_order()]:
                db.execute(f"insert into review_order ({ORDER_COLUMNS}) select * from ({select})")
        elif stories:
            listed = json.dumps(stories)
            _group_disputes(db, listed)
            db.execute(f"delete from review_order where {listed_stories_sql('story_id')}", {"stories": listed})
            for select in [*(_match_order(tab, True) for tab in _MATCH_TABS), _cluster_order(True)]:
                db.execute(f"insert into review_order ({ORDER_COLUMNS}) select * from ({select})", {"stories": listed})


def _spans_stories(db: sqlite_utils.Database, stories: list[int]) -> bool:
    """Whether a match with a claim in these stories joins claims of two stories (matching
    across stories): its row and dispute may belong to a story not listed, so everything is
    ranked again."""
    listed = {"stories": json.dumps(stories)}
    return any(
        db.execute(
            "select 1 from matches m join claims ca on ca.id = m.claim_a join claims cb on cb.id = m.claim_b"
            " join story_members sa on sa.article_id = ca.article_id"
            " join story_members sb on sb.article_id = cb.article_id"
            f" where m.{side} in {story_claims_sql()} and sa.story_id != sb.story_id limit 1", listed,
        ).fetchone() is not None
        for side in ("claim_a", "claim_b")
    )


def _group_disputes(db: sqlite_utils.Database, stories: str | None = None) -> None:
    """Fill ``review_disputes``: the contradictions `factcheck contradictions` reads as one, led by
    the best (of the stories of the JSON list ``stories``, or all)."""
    in_stories = f" and m.claim_a in {story_claims_sql()}" if stories else ""
    params = {"stories": stories} if stories else {}
    rows = db.execute_returning_dicts(
        "select m.id, m.claim_a, m.claim_b, coalesce(m.reason, '') as reason, m.reason_code, m.detail,"
        " sa.story_id from matches m join claims ca on ca.id = m.claim_a join claims cb on cb.id = m.claim_b"
        " left join story_members sa on sa.article_id = ca.article_id"
        f" where {_MATCH_TABS['contradictions']} and {current_article('ca.article_id')}"
        f" and {current_article('cb.article_id')}{in_stories} order by m.tier = 'auto' desc, m.score desc, m.id",
        params,
    )
    db.execute("delete from review_disputes" + (f" where {listed_stories_sql('story_id')}" if stories else ""), params)
    db.conn.executemany(
        "insert into review_disputes (match_id, dispute_id, story_id) values (?, ?, ?)",
        ((str(rows[index]["id"]), str(rows[indexes[0]]["id"]), rows[index]["story_id"])
         for indexes in disagreements(rows, clusters_of_claims(db, stories)) for index in indexes),
    )


def dispute_pairs(db: sqlite_utils.Database, dispute_id: str) -> list[str]:
    """The match ids of a dispute, its lead first; a match of no dispute stands alone."""
    ids = [match_id for (match_id,) in db.execute(
        "select match_id from review_disputes where dispute_id = ? order by match_id = dispute_id desc,"
        " cast(match_id as integer)", [str(dispute_id)])]
    return ids or [str(dispute_id)]


def dispute_of(db: sqlite_utils.Database, match_id: str) -> str:
    row = db.execute("select dispute_id from review_disputes where match_id = ?", [str(match_id)]).fetchone()
    return row[0] if row else str(match_id)


ORDER_COLUMNS = "tab, target_type, target_id, claim_a, claim_b, reason, worth, outlets, published, story_id"
RANK = "worth desc, outlets desc, published desc, target_id"  # the order of the review_order_rank index


def _reviewed(tab: str) -> str:
    """SQL over ``o`` (a review_order row): a decision was recorded on the item itself.

    A pair is reviewed by a decision on it (rating one of its claims decides
    nothing about the pair, nor about the other pairs the claim is in); a
    cluster by a verdict on it.
    """
    if tab == "clusters":
        return f"{_target_rating('cluster', 'o.target_id')} is not null"
    if tab == "contradictions":
        # A dispute is reviewed when every pair in it has a decision.
        return (f"not exists (select 1 from review_disputes d where d.dispute_id = o.target_id"
                f" and {decision_sql('d.match_id')} is null)")
    return f"{decision_sql('o.target_id')} is not null"


def _view_filters(db: sqlite_utils.Database, view: View) -> tuple[list[str], list[Any]]:
    """WHERE clauses over ``o`` for the view's tab, search, filters and status."""
    if view.tab == "clusters":
        where, params = _claim_filters(view, db, ["x.claim_id"])
        if where:
            where = [f"exists (select 1 from cluster_members x where x.cluster_id = cast(o.target_id as integer)"
                     f" and {' and '.join(where)})"]
    else:
        where, params = _claim_filters(view, db, ["o.claim_a", "o.claim_b"])
        if view.tab == "contradictions":
            # A dispute whose every pair a reviewer dismissed leaves the queue at once.
            where.append(f"exists (select 1 from review_disputes d where d.dispute_id = o.target_id"
                         f" and not {dismissed_sql('d.match_id')})")
        elif view.tab == "suggestions":
            # A pair a reviewer dismissed leaves the queue at once, before matching runs again.
            where.append("not " + dismissed_sql("o.target_id"))
    target_type = "cluster" if view.tab == "clusters" else "match"
    where.append({
        "all": "1",
        "unreviewed": f"not {_reviewed(view.tab)}",
        "reviewed": _reviewed(view.tab),
        "flagged": f"coalesce({_latest_event(target_type, 'o.target_id', 'flag')}, '0') = '1'",
    }[view.status])
    return where, params


def first_rows(db: sqlite_utils.Database, tab: str, count: int) -> list[dict]:
    """The first ``count`` rows of ``tab``'s unfiltered queue, read in index order.

    They are what ``build_queue(db, View(tab))`` puts first, without ranking
    the whole tab: the reviewer shows them while it builds the queue.
    """
    rank_if_stale(db)
    where, _ = _view_filters(db, View(tab=tab))
    rows = []
    for reviewed in (False, True):
        rows += db.execute_returning_dicts(
            f"select {QUEUE_COLUMNS}, {int(reviewed)} as reviewed from review_order o"
            f" where o.tab = ? and {' and '.join(where)} and {'' if reviewed else 'not '}{_reviewed(tab)}"
            f" order by {RANK} limit ?",
            [tab, count - len(rows)],
        )
        if len(rows) == count:
            break
    return [{"pos": pos, **row} for pos, row in enumerate(rows, start=1)]


QUEUE_COLUMNS = "target_type, target_id, claim_a, claim_b, reason, outlets, published, worth"


def queue_table(tab: str) -> str:
    return f"temp.review_queue_{tab}"


def build_queue(db: sqlite_utils.Database, view: View) -> int:
    """Materialise ``view``'s queue in order; return its length.

    Order: unreviewed first, then check-worthiness, number of outlets and
    recency (all descending), then id so the order is stable.
    """
    rank_if_stale(db)
    where, params = _view_filters(db, view)
    table = queue_table(view.tab)
    with db.conn:
        db.execute(f"drop table if exists {table}")
        db.execute(
            f"create table {table} (pos integer primary key, target_type text, target_id text,"
            " claim_a text, claim_b text, reason text, outlets integer, published text,"
            " worth real, reviewed integer)"
        )
        db.execute(
            f"insert into {table} ({QUEUE_COLUMNS}, reviewed)"
            f" select {QUEUE_COLUMNS}, {_reviewed(view.tab)} as reviewed from review_order o"
            f" where o.tab = ? and {' and '.join(where)} order by reviewed, {RANK}",
            [view.tab, *params],
        )
        db.execute(f"create index {table}_target on review_queue_{view.tab} (target_id)")
    return queue_length(db, view.tab)


def queue_length(db: sqlite_utils.Database, tab: str) -> int:
    return db.execute(f"select count(*) from {queue_table(tab)}").fetchone()[0]


def built_reviewed_count(db: sqlite_utils.Database, tab: str) -> int:
    """How many items of the queue were reviewed when it was built."""
    return db.execute(f"select count(*) from {queue_table(tab)} where reviewed").fetchone()[0]


def queue_rows(db: sqlite_utils.Database, tab: str, first: int, count: int) -> list[dict]:
    """Queue rows at positions ``first`` .. ``first + count - 1`` (positions start at 1)."""
    return db.execute_returning_dicts(
        f"select * from {queue_table(tab)} where pos >= ? and pos < ? order by pos",
        [first, first + count],
    )


def find_position(db: sqlite_utils.Database, tab: str, target_id: str) -> int | None:
    row = db.execute(
        f"select pos from {queue_table(tab)} where target_id = ?", [str(target_id)]
    ).fetchone()
    return row[0] if row else None


def current_rating(db: sqlite_utils.Database, target_type: str, target_id: str) -> str | None:
    """The rating of the target's latest verdict: None when it has none or it was withdrawn."""
    row = db.execute(
        "select rating from verdicts where target_type = ? and target_id = ? order by id desc limit 1",
        [target_type, target_id],
    ).fetchone()
    return row[0] if row else None


def is_flagged(db: sqlite_utils.Database, target_type: str, target_id: str) -> bool:
    """Whether the target's latest flag event raised the flag."""
    row = db.execute(
        "select value from review_events where target_type = ? and target_id = ? and action = 'flag'"
        " order by id desc limit 1",
        [target_type, target_id],
    ).fetchone()
    return bool(row and row[0] == "1")


@dataclass(frozen=True)
class Status:
    """Where an item stands now (read fresh, so other reviewers' work shows)."""

    ratings: dict[str, str | None]
    # The current decision on each of the item's pairs, by match id (none for a cluster).
    decisions: dict[str, str | None]
    flagged: bool
    notes: int

    @property
    def reviewed(self) -> bool:
        if not self.decisions:
            return self.ratings.get("cluster") is not None
        return all(decision is not None for decision in self.decisions.values())

    @property
    def decided(self) -> int:
        """How many of the item's pairs have a decision."""
        return sum(decision is not None for decision in self.decisions.values())

    @property
    def decision(self) -> str | None:
        """The decision every pair of the item has, if they share one."""
        found = set(self.decisions.values())
        return found.pop() if len(found) == 1 else None

    @property
    def dismissed(self) -> bool:
        return self.decision == NOT_CONTRADICTION


def current_decision(db: sqlite_utils.Database, match_id: str) -> str | None:
    return db.execute(f"select {decision_sql('?')}", [str(match_id)]).fetchone()[0]


def item_status(db: sqlite_utils.Database, row: dict) -> Status:
    """Current ratings (by claim, or of the cluster), pair decisions and flag of a queue row."""
    if row["target_type"] == "cluster":
        ratings = {"cluster": current_rating(db, "cluster", row["target_id"])}
        decisions = {}
    else:
        ratings = {claim: current_rating(db, "claim", claim) for claim in (row["claim_a"], row["claim_b"])}
        decisions = {match_id: current_decision(db, match_id) for match_id in dispute_pairs(db, row["target_id"])}
    notes = db.execute(
        "select count(*) from review_events where action = 'note' and ("
        "(target_type = ? and target_id = ?) or (target_type = 'claim' and target_id in (?, ?)))",
        [row["target_type"], row["target_id"], row["claim_a"], row["claim_b"]],
    ).fetchone()[0]
    return Status(ratings, decisions, is_flagged(db, row["target_type"], row["target_id"]), notes)


def reviewed_count(db: sqlite_utils.Database, tab: str) -> int:
    """How many items of the built queue are reviewed now (a full scan: run it off the UI)."""
    return db.execute(f"select count(*) from {queue_table(tab)} o where {_reviewed(tab)}").fetchone()[0]


# A verdict an undo wrote to restore the rating before says so in its note (see actions.Recorder).
RESTORED_NOTE = "restored by undo of verdict "
_TARGET_TEXT = """coalesce(
  (select c.text from claims c where e.target_type = 'claim' and c.id = e.target_id),
  (select c.text from matches m join claims c on c.id = m.claim_a
   where e.target_type = 'match' and m.id = cast(e.target_id as integer)),
  (select cl.label from clusters cl where e.target_type = 'cluster' and cl.id = cast(e.target_id as integer)))"""


def recent_decisions(db: sqlite_utils.Database, limit: int = 10, read: int = 100) -> list[dict]:
    """The latest decisions, ratings, notes and undos, newest first, by any editor.

    Each row has ``kind`` (``verdict`` or ``event``), ``value`` (the rating
    or the action), ``text`` (the words of what it is about), ``note``,
    ``undone`` (an undo took it back) and, for an undo, ``undid`` (the rating
    or action it took back). Consecutive rows of one decision on a dispute's
    pairs are one row with its ``count``; ``limit`` rows are made from the
    latest ``read``.
    """
    rows = db.execute_returning_dicts(
        f"""
        select * from (
          select 'verdict' as kind, v.id, v.target_type, v.target_id, v.rating as value,
                 v.claim_text as text, v.note, v.editor, v.created_at,
                 exists (select 1 from review_events u where u.action = 'undo' and u.value = 'verdict:' || v.id)
                   as undone, null as undid
          from verdicts v where v.note is null or v.note not like '{RESTORED_NOTE}%'
          union all
          select 'event', e.id, e.target_type, e.target_id, e.action, {_TARGET_TEXT},
                 case when e.action = 'note' then e.value end, e.editor, e.created_at,
                 not {NOT_UNDONE},
                 case when e.value like 'event:%' then
                        (select x.action from review_events x where x.id = cast(substr(e.value, 7) as integer))
                      when e.value like 'verdict:%' then
                        (select coalesce(x.rating, 'withdrawn') from verdicts x
                         where x.id = cast(substr(e.value, 9) as integer)) end
          from review_events e where e.action in ({DECISION_LIST}, 'note', '{UNDO}')
        ) order by created_at desc, id desc limit ?
        """,
        [read],
    )
    shown: list[dict] = []
    for row in rows:
        last = shown[-1] if shown else None
        if last and all(last[key] == row[key] for key in ("kind", "value", "editor", "undone", "undid", "note")) \
                and last["target_type"] == row["target_type"] == "match" and row["value"] != "note":
            last["count"] += 1
            continue
        if len(shown) == limit:
            break
        shown.append({**row, "count": 1})
    return shown


def save_position(db: sqlite_utils.Database, editor: str, tab: str, target_type: str, target_id: str) -> None:
    with db.conn:
        db.execute(
            "insert into review_positions (editor, tab, target_type, target_id, updated_at)"
            " values (?, ?, ?, ?, ?) on conflict (editor) do update set tab = excluded.tab,"
            " target_type = excluded.target_type, target_id = excluded.target_id,"
            " updated_at = excluded.updated_at",
            [editor, tab, target_type, str(target_id),
             datetime.now(timezone.utc).isoformat(timespec="seconds")],
        )


def load_position(db: sqlite_utils.Database, editor: str) -> dict | None:
    rows = db.execute_returning_dicts("select * from review_positions where editor = ?", [editor])
    return rows[0] if rows else None


EXPORT_COLUMNS = (
    "position", "kind", "id", "reason", "outlets", "published", "check_worthiness", "reviewed", "decision",
    "decided_by", "note", "flagged", "claim_a", "outlet_a", "published_a", "speaker_a", "text_a", "rating_a",
    "claim_b", "outlet_b", "published_b", "speaker_b", "text_b", "rating_b", "cluster_rating",
)


def export_rows(db: sqlite_utils.Database, tab: str, page: int = 1000) -> Iterator[dict]:
    """Every row of the built queue, in order, with both claims (earlier first) and their current ratings."""
    claim_sql = """
        select c.id, c.text, a.published, o.name as outlet, at.speaker
        from claims c join articles a on a.id = c.article_id
        left join outlets o on o.id = a.outlet_id left join attributions at on at.claim_id = c.id
        where c.id = ?
    """
    first = 1
    while rows := queue_rows(db, tab, first, page):
        for row in rows:
            status = item_status(db, row)
            record = {
                "position": row["pos"], "kind": row["target_type"], "id": row["target_id"],
                "reason": row["reason"], "outlets": row["outlets"], "published": row["published"],
                "check_worthiness": row["worth"], "reviewed": int(status.reviewed), "decision": status.decision,
                **_decided_by_and_note(db, row),
                "flagged": int(status.flagged), "cluster_rating": status.ratings.get("cluster"),
            }
            claims = [found[0] for claim_id in (row["claim_a"], row["claim_b"])
                      if claim_id and (found := db.execute_returning_dicts(claim_sql, [claim_id]))]
            # Earlier first, as the reason reads and the reviewer shows them.
            claims.sort(key=lambda claim: (claim["published"] or "", claim["id"]))
            for side, claim in zip("ab", claims + [{}] * (2 - len(claims))):
                record.update({
                    f"claim_{side}": claim.get("id"), f"outlet_{side}": claim.get("outlet"),
                    f"published_{side}": claim.get("published"), f"speaker_{side}": claim.get("speaker"),
                    f"text_{side}": claim.get("text"), f"rating_{side}": status.ratings.get(claim.get("id")),
                })
            yield record
        first += page


def _decided_by_and_note(db: sqlite_utils.Database, row: dict) -> dict:
    """Who recorded the item's latest decision (a cluster's verdict), and its latest note (or its claims')."""
    if row["target_type"] == "cluster":
        decided = db.execute("select editor from verdicts where target_type = 'cluster' and target_id = ?"
                             " order by id desc limit 1", [row["target_id"]]).fetchone()
    else:
        pairs = dispute_pairs(db, row["target_id"])
        decided = db.execute(
            f"select e.editor from review_events e where e.target_type = 'match' and e.target_id in"
            f" ({', '.join('?' for _ in pairs)}) and e.action in ({DECISION_LIST})"
            f" and {NOT_UNDONE} order by e.id desc limit 1", pairs).fetchone()
    note = db.execute(
        f"select e.value from review_events e where e.action = 'note' and {NOT_UNDONE} and ("
        "(e.target_type = ? and e.target_id = ?) or (e.target_type = 'claim' and e.target_id in (?, ?)))"
        " order by e.id desc limit 1",
        [row["target_type"], row["target_id"], row["claim_a"], row["claim_b"]]).fetchone()
    return {"decided_by": decided[0] if decided else None, "note": note[0] if note else None}


class _QueueExport:
    """The built queue's export rows, read a page at a time as they are written."""

    def __init__(self, db: sqlite_utils.Database, tab: str):
        self.db, self.tab = db, tab

    def __len__(self) -> int:
        return queue_length(self.db, self.tab)

    def __iter__(self) -> Iterator[dict]:
        return export_rows(self.db, self.tab)


def export_csv(db: sqlite_utils.Database, tab: str, path: str | Path) -> int:
    """Write the built queue of ``tab`` (the filtered view) to a CSV file; return the row count.

    The main exporter's writer makes cells a spreadsheet would run as formulas literal.
    """
    return write_rows(_QueueExport(db, tab), list(EXPORT_COLUMNS), "csv", Path(path))
