"""One queue item in full: its claims in context, what differs, its cluster."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlite_utils

from ..verdicts import NOT_UNDONE
from ..visible import visible
from .queries import Status, dispute_pairs, item_status
from .text import sentence_context


@dataclass(frozen=True)
class Highlight:
    """A span of ``ClaimView.context``: ``claim``, ``value`` or ``differs``."""

    start: int
    end: int
    kind: str


@dataclass
class ClaimView:
    id: str
    article_id: int
    outlet: str
    published: str
    speaker: str
    kind: str
    context: str
    highlights: list[Highlight]
    start: int
    end: int
    values: list[str] = field(default_factory=list)
    # (editor, note) of the notes on the claim that no undo took back, oldest first.
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The claim's own words (in ``context``, where its ``claim`` highlight is)."""
        span = next(h for h in self.highlights if h.kind == "claim")
        return self.context[max(span.start, 0):span.end]


@dataclass
class ClusterView:
    id: int
    label: str
    outlets: int
    independent_sources: int
    members: list[dict]


@dataclass(frozen=True)
class StoryView:
    id: int
    label: str


@dataclass(frozen=True)
class PairView:
    """One claim pair of a dispute: its match, its claims (earlier first) and their outlets."""

    id: str
    claim_a: str
    claim_b: str
    reason: str
    outlet_a: str
    outlet_b: str

    def as_row(self) -> dict:
        return {"id": self.id, "claim_a": self.claim_a, "claim_b": self.claim_b}


@dataclass
class Item:
    row: dict
    claims: list[ClaimView]
    relation: str | None
    reason: str
    cluster: ClusterView | None
    status: Status
    # One story, unless its claims were matched across stories.
    stories: list[StoryView] = field(default_factory=list)
    # The pairs a decision on the item covers: a dispute's, or the pair itself (none for a cluster).
    pairs: list[PairView] = field(default_factory=list)
    # The match's score (0-1) and tier (auto, suggest); none for a cluster.
    score: float | None = None
    tier: str | None = None

    @property
    def target_type(self) -> str:
        return self.row["target_type"]

    @property
    def target_id(self) -> str:
        return self.row["target_id"]


_CLAIM_SQL = """
select c.id, c.article_id, c.start, c.end, c.sent_start, c.sent_end, a.text as article,
       a.published, o.name as outlet, at.kind, at.speaker, at.via
from claims c join articles a on a.id = c.article_id
left join outlets o on o.id = a.outlet_id
left join attributions at on at.claim_id = c.id
where c.id = ?
"""

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _quantities(db: sqlite_utils.Database, claim: dict) -> list[tuple[int, int, str]]:
    """(start, end, comparable value) of the claim's quantities, in article offsets.

    Without stored quantities (older databases), the numbers in the claim text stand in.
    """
    rows = db.execute(
        "select start, end, coalesce(date, value, low, high, text) from quantities where claim_id = ?"
        " order by start",
        [claim["id"]],
    ).fetchall()
    if rows:
        return [(start, end, str(value)) for start, end, value in rows if start is not None]
    text = claim["article"][claim["start"]:claim["end"]]
    return [(claim["start"] + m.start(), claim["start"] + m.end(), m.group().replace(",", ""))
            for m in _NUMBER.finditer(text)]


_WORD = re.compile(r"[\w:.-]*\w")


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def _claim_view(db: sqlite_utils.Database, claim: dict, values: list, other: dict | None,
                reason_words: set[str]) -> ClaimView:
    """The claim in its sentence context, with what differs from ``other`` (the claim it is compared to).

    A figure differs when the other claim lacks its value and the judge's
    reason (when there is one) names it; a word of the reason differs when
    only this claim says it ("inland vs offshore", "UTC vs local time").
    """
    text = claim["article"]
    sent_start = claim["sent_start"] if claim["sent_start"] is not None else claim["start"]
    sent_end = claim["sent_end"] if claim["sent_end"] is not None else claim["end"]
    context, start = sentence_context(text, sent_start, sent_end)
    highlights = [Highlight(claim["start"] - start, claim["end"] - start, "claim")]
    other_values = {value for _, _, value in other["values"]} if other else set()
    named_figures = {word for word in reason_words if any(ch.isdigit() for ch in word)}
    for value_start, value_end, value in values:
        named = not reason_words or bool(_words(text[value_start:value_end]) & named_figures)
        differs = bool(other_values) and value not in other_values and named
        highlights.append(Highlight(value_start - start, value_end - start, "differs" if differs else "value"))
    if other:
        only_here = {word for word in reason_words - _words(other["text"]) if not any(ch.isdigit() for ch in word)}
        for match in _WORD.finditer(text, claim["start"], claim["end"]):
            if match.group().lower() in only_here:
                highlights.append(Highlight(match.start() - start, match.end() - start, "differs"))
    return ClaimView(
        id=claim["id"], article_id=claim["article_id"], outlet=claim["outlet"] or "unknown outlet",
        published=claim["published"] or "undated", speaker=claim["speaker"] or "",
        kind=claim["kind"] or "outlet", context=visible(context), highlights=highlights,
        start=claim["start"], end=claim["end"], values=[value for _, _, value in values],
        notes=standing_notes(db, "claim", claim["id"]),
    )


def load_claims(db: sqlite_utils.Database, claim_ids: list[str], compare: bool, reason: str = "") -> list[ClaimView]:
    """Claims shown side by side; with ``compare`` what one says and the other does not is marked ``differs``."""
    claims = []
    for claim_id in claim_ids:
        found = db.execute_returning_dicts(_CLAIM_SQL, [claim_id]) if claim_id else []
        if found:
            claims.append(found[0])
    # Earlier first, as the judge's reasons read ("71 vs 80": the earlier figure first).
    claims.sort(key=lambda claim: (claim["published"] or "", claim["id"]))
    for claim in claims:
        claim["values"] = _quantities(db, claim)
        claim["text"] = claim["article"][claim["start"]:claim["end"]]
    reason_words = _words(reason) - {"vs"}
    views = []
    for index, claim in enumerate(claims):
        other = claims[1 - index] if compare and len(claims) == 2 else None
        views.append(_claim_view(db, claim, claim["values"], other, reason_words))
    return views


def standing_notes(db: sqlite_utils.Database, target_type: str, target_id: str) -> list[tuple[str, str]]:
    """(editor, text) of the target's notes that no undo took back, oldest first."""
    return [(editor, visible(value)) for editor, value in db.execute(
        f"select e.editor, e.value from review_events e where e.target_type = ? and e.target_id = ?"
        f" and e.action = 'note' and {NOT_UNDONE} order by e.id", [target_type, str(target_id)])]


def load_cluster(db: sqlite_utils.Database, cluster_id: int | None = None, claim_id: str | None = None) -> ClusterView | None:
    """A cluster by id, or the one holding ``claim_id``, with its members by date."""
    if cluster_id is None and claim_id:
        row = db.execute("select cluster_id from cluster_members where claim_id = ? limit 1", [claim_id]).fetchone()
        cluster_id = row[0] if row else None
    if cluster_id is None:
        return None
    found = db.execute_returning_dicts("select * from clusters where id = ?", [cluster_id])
    if not found:
        return None
    cluster = found[0]
    members = db.execute_returning_dicts(
        """
        select c.id, c.text, a.published, o.name as outlet, cm.source_key,
               (select coalesce(q.date, q.value, q.low, q.high) from quantities q
                where q.claim_id = c.id order by q.kind = 'date', q.start limit 1) as value
        from cluster_members cm join claims c on c.id = cm.claim_id
        join articles a on a.id = c.article_id left join outlets o on o.id = a.outlet_id
        where cm.cluster_id = ? order by a.published, c.id
        """,
        [cluster_id],
    )
    outlets = cluster["outlets"] or len({member["outlet"] for member in members})
    independent = cluster["independent_sources"] or len(
        {member["source_key"] or member["id"] for member in members})
    return ClusterView(cluster_id, visible(cluster["label"] or ""), outlets, independent, members)


_PAIR_SQL = """
select cast(m.id as text) as id, m.claim_a, m.claim_b, coalesce(m.reason, '') as reason,
       coalesce(oa.name, 'unknown outlet') as outlet_a, coalesce(ob.name, 'unknown outlet') as outlet_b,
       coalesce(aa.published, '') as published_a, coalesce(ab.published, '') as published_b
from matches m
join claims ca on ca.id = m.claim_a join articles aa on aa.id = ca.article_id
left join outlets oa on oa.id = aa.outlet_id
join claims cb on cb.id = m.claim_b join articles ab on ab.id = cb.article_id
left join outlets ob on ob.id = ab.outlet_id
where m.id = ?
"""


def load_pairs(db: sqlite_utils.Database, match_id: str) -> list[PairView]:
    """The pairs of the dispute ``match_id`` leads (the pair alone when it leads none), its lead first."""
    pairs = []
    for pair_id in dispute_pairs(db, match_id):
        found = db.execute_returning_dicts(_PAIR_SQL, [int(pair_id)])
        if not found:
            continue
        row = found[0]
        sides = sorted([(row["published_a"], row["claim_a"], row["outlet_a"]),
                        (row["published_b"], row["claim_b"], row["outlet_b"])])
        pairs.append(PairView(row["id"], sides[0][1], sides[1][1], visible(row["reason"]),
                              visible(sides[0][2]), visible(sides[1][2])))
    return pairs


def load_item(db: sqlite_utils.Database, row: dict) -> Item:
    """Everything the item view shows for one queue row."""
    claim_ids = [row["claim_a"], row["claim_b"]]
    if row["target_type"] == "cluster":
        cluster = load_cluster(db, cluster_id=int(row["target_id"]))
        relation = score = tier = None
    else:
        cluster = load_cluster(db, claim_id=row["claim_a"]) or load_cluster(db, claim_id=row["claim_b"])
        found = db.execute("select relation, score, tier from matches where id = ?", [int(row["target_id"])]).fetchone()
        relation, score, tier = found if found else (None, None, None)
    claims = load_claims(db, claim_ids, compare=relation != "agrees", reason=row["reason"] or "")
    members = [member["id"] for member in cluster.members] if row["target_type"] == "cluster" and cluster else claim_ids
    pairs = load_pairs(db, row["target_id"]) if row["target_type"] == "match" else []
    return Item(row, claims, relation, visible(row["reason"] or ""), cluster, item_status(db, row),
                load_stories(db, members), pairs, score, tier)


def load_stories(db: sqlite_utils.Database, claim_ids: list[str]) -> list[StoryView]:
    """The stories of the claims' articles, by id."""
    ids = [claim_id for claim_id in claim_ids if claim_id]
    rows = db.execute(
        "select distinct s.id, s.label from claims c join story_members m on m.article_id = c.article_id"
        f" join stories s on s.id = m.story_id where c.id in ({', '.join('?' for _ in ids)}) order by s.id",
        ids,
    ).fetchall()
    return [StoryView(story_id, visible(label)) for story_id, label in rows]


def article_text(db: sqlite_utils.Database, article_id: int) -> dict:
    """An article's literal text and metadata, for the full-article view."""
    row = db.execute_returning_dicts(
        "select a.id, a.title, a.url, a.published, a.text, o.name as outlet from articles a"
        " left join outlets o on o.id = a.outlet_id where a.id = ?",
        [article_id],
    )[0]
    return {**row, "text": visible(row["text"]), "title": visible(row["title"])}


@dataclass(frozen=True)
class Point:
    """One value of a numeric series, when and where it was published."""

    published: str
    outlet: str
    value: float


def timeline_points(db: sqlite_utils.Database, item: Item) -> list[Point]:
    """(published, outlet, value) of the item's cluster members, or of its claims.

    One series: the unit most of the claims count in (a death toll is not
    plotted against a magnitude), each claim's first figure in it.
    """
    if item.cluster is not None:
        claim_ids = [member["id"] for member in item.cluster.members]
    else:
        claim_ids = [claim.id for claim in item.claims]
    figures: dict[str | None, dict[str, tuple]] = {}
    for claim_id in claim_ids:
        rows = db.execute(
            """
            select coalesce(a.published, substr(a.ingested_at, 1, 10)), coalesce(o.name, 'unknown outlet'),
                   q.unit, coalesce(q.value, q.low, q.high)
            from claims c join articles a on a.id = c.article_id left join outlets o on o.id = a.outlet_id
            join quantities q on q.claim_id = c.id
            where c.id = ? and q.kind != 'date' and coalesce(q.value, q.low, q.high) is not null
            order by q.start
            """,
            [claim_id],
        ).fetchall()
        for published, outlet, unit, value in rows:
            figures.setdefault(unit, {}).setdefault(claim_id, (published, outlet, value))
    if not figures:
        return []
    series = max(figures.values(), key=len)
    return [Point(*series[claim_id]) for claim_id in claim_ids if claim_id in series]
