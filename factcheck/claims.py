"""Stage 2: run the NLP pipeline over stored articles and store what it finds.

For each article, ``analyse`` stores its claim units, their attributions,
quantities and the entities they mention, then resolves the entities across
articles (``resolve.resolve_entities``). Claim ids come from the article's
content hash and the claim's offsets, so analysing the same revision again
updates the same rows.

A text longer than the model takes (``nlp.max_length``), or than a piece whose
analysis fits in memory (``PIECE_CHARACTERS``), is analysed in pieces cut between
paragraphs (``nlp.pieces``); the offsets of what is found in a
piece are moved by the piece's offset, so every stored offset indexes the
article text.

An article is recorded in ``analysed_articles`` in the transaction that stores
its claims. An article that fails is reported and left out of that table, and
the others are still analysed; ``unanalysed_articles`` lists what a failed or
interrupted run left, for the next ingest to analyse.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections import Counter
from contextlib import closing
from datetime import datetime, timezone
from itertools import groupby
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

import sqlite_utils

from .db import current_article, insert_row, insert_rows, storage_advice
from .nlp.pieces import pieces
from .nlp.readings import CLAIM_READING_COLUMNS, ClaimReadings, claim_readings
from .nlp.records import FRAME_COLUMNS
from .errors import BadOption, FactcheckError, StageCounts, one_line
from .progress import tracked
from .resolve import resolve_entities
from .stories import article_story_sql

if TYPE_CHECKING:
    # spaCy is imported by nlp.load() when the stage runs, not by listing commands.
    from spacy.language import Language
    from spacy.tokens import Doc, Span

BATCH_SIZE = 8
# The longest piece analysed at once: the time and memory of analysing a text grow faster than
# its length. A 900,000-character text took 213 s and 3.2 GB whole, 64 s and 2.7 GB in pieces of
# 100,000 characters, 44 s and 0.7 GB in pieces of 20,000; no dev article is that long (16,152 at most).
PIECE_CHARACTERS = 20_000
"""Articles per batch: memory grows with batch size times article length, speed does not."""
WORDS_PER_PROCESS = 20_000
"""Below this many words per extra process, starting it costs more than it saves."""
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
CLAIM_TABLES_BY_CLAIM = ("quantities", "attributions", "claim_entities")
CLAIM_REFERENCES = (("matches", "claim_a"), ("matches", "claim_b"), ("cluster_members", "claim_id"))


def claim_id(content_hash: str, start: int, end: int) -> str:
    """A claim's id: stable for the same article revision and offsets."""
    return hashlib.sha256(f"{content_hash}:{start}:{end}".encode()).hexdigest()[:16]


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def choose_workers(requested: int | None, words: int) -> int:
    """Processes for ``nlp.pipe``: the request, else the cores worth starting for ``words``."""
    if requested is not None:
        if requested < 1:
            raise BadOption(f"--workers must be at least 1 (got {requested})")
        return requested
    return max(1, min(available_cores(), words // WORDS_PER_PROCESS))


def analyse(
    db: sqlite_utils.Database,
    article_ids: Iterable[int],
    *,
    workers: int | None = None,
    progress: bool = False,
    nlp: Language | None = None,
    dask: str | None = None,
) -> StageCounts:
    """Find, describe and store the claims of ``article_ids``; resolve their entities.

    ``dask`` runs the NLP on Dask workers instead (a number of local worker
    processes, or a scheduler's address; see ``factcheck.distributed``); this
    process stores what they find, as it stores its own analyses.

    Returns counts for the run summary: claims stored, claims with a speaker,
    entities mentioned; an article that could not be analysed or stored is
    reported in the counts' ``failures``. Entities left unresolved by an
    interrupted run are resolved too.
    """
    ids = sorted(set(article_ids))
    counts = StageCounts(claims=0, attributed=0, entities=0)
    stored = _store_analyses(db, _articles(db, ids), counts, workers, progress, nlp, dask) if ids else []
    counts["entities"] = resolve_entities(db, [*stored, *unresolved_articles(db)])
    return counts


def _store_analyses(
    db: sqlite_utils.Database,
    articles: list[dict],
    counts: StageCounts,
    workers: int | None,
    progress: bool,
    nlp: Language | None,
    dask: str | None,
) -> list[int]:
    """Analyse and store each article, counting into ``counts``; the ids of those stored."""
    if dask is not None:
        from .distributed import analysed_on_dask

        analysed = analysed_on_dask(dask, articles, counts)
    else:
        if nlp is None:
            from .nlp import load

            nlp = load()
        words = sum(len(article["text"].split()) for article in articles)
        analysed = analysed_records(nlp, articles, choose_workers(workers, words), counts)
    stored = []
    for article, records in tracked(analysed, "claims", show=progress, total=len(articles)):
        try:
            found = store_records(db, article["id"], records)
        except Exception as error:  # the article's transaction is rolled back; the others go on
            if storage_advice(error):
                raise  # a full disk or a lock fails every article alike: the run stops, and says so once
            counts.fail(f"claims: {article_label(article)}: {one_line(error)}")
            continue
        stored.append(article["id"])
        counts["claims"] += found["claims"]
        counts["attributed"] += found["attributed"]
    return stored


def analysed_records(
    nlp: Language, articles: list[dict], n_process: int, counts: StageCounts
) -> Iterator[tuple[dict, ArticleRecords]]:
    """Each article with the records of its analysis, wherever it runs (here or on a Dask worker);
    an article that cannot be analysed is reported in ``counts`` instead."""
    for article, docs in _analysed_articles(nlp, articles, n_process, counts):
        try:
            yield article, article_records(article, docs)
        except Exception as error:  # one article's odd Doc must not cost the others
            counts.fail(f"claims: {article_label(article)}: {one_line(error)}")


def _analysed_articles(
    nlp: Language, articles: list[dict], n_process: int, counts: StageCounts
) -> Iterator[tuple[dict, list[tuple[int, Doc]]]]:
    """Each article with its analysed pieces (offset and Doc); an article with a piece the
    pipeline failed on is reported instead.

    A text longer than the model takes (``nlp.max_length``), or than ``PIECE_CHARACTERS``,
    is analysed in pieces cut between paragraphs, each piece on its own.
    """
    cut = [
        (article, offset, text)
        for article in articles
        for offset, text in pieces(article["text"], min(nlp.max_length, PIECE_CHARACTERS))
    ]
    expected = Counter(article["id"] for article, _, _ in cut)
    analysed = _analysed_docs(nlp, cut, n_process, counts)
    for _, group in groupby(analysed, key=lambda item: item[0][0]["id"]):
        done = list(group)
        article = done[0][0][0]
        if len(done) == expected[article["id"]]:
            yield article, [(offset, doc) for (_, offset, _), doc in done]


def _analysed_docs(
    nlp: Language, cut: list[tuple[dict, int, str]], n_process: int, counts: StageCounts
) -> Iterator[tuple[tuple[dict, int, str], Doc]]:
    """Each piece of an article with its analysed Doc; a piece the pipeline fails on is reported instead.

    An error inside ``nlp.pipe`` ends its stream and loses the batch in
    flight without saying which piece caused it: that batch is analysed
    again one piece at a time, and the stream restarts after it.
    """
    pending = cut
    while pending:
        yielded = 0
        # Closed at once: a stream left open keeps its worker processes waiting for more.
        with closing(nlp.pipe(_prepared(nlp, pending), n_process=n_process, batch_size=BATCH_SIZE)) as docs:
            try:
                for piece, doc in zip(pending, docs):
                    yielded += 1
                    yield piece, doc
                return
            except Exception:
                in_flight, pending = pending[yielded:yielded + BATCH_SIZE], pending[yielded + BATCH_SIZE:]
        for piece in in_flight:
            try:
                doc = nlp(next(_prepared(nlp, [piece])))
            except Exception as error:
                counts.fail(f"claims: {article_label(piece[0])}: {one_line(error)}")
                continue
            yield piece, doc


def article_label(article: dict) -> str:
    return f"article {article['id']} ({article['source_name']})"


def unanalysed_articles(db: sqlite_utils.Database) -> list[int]:
    """Current articles (not replaced by a revision) whose claims were never stored."""
    return [
        row[0]
        for row in db.execute(
            "select id from articles where id not in (select article_id from analysed_articles) "
            f"and {current_article('id')} order by id"
        )
    ]


def unresolved_articles(db: sqlite_utils.Database) -> list[int]:
    """Articles with an entity mention not linked to an entity (resolution never ran for them)."""
    return [
        row[0]
        for row in db.execute(
            "select distinct c.article_id from claim_entities ce join claims c on c.id = ce.claim_id "
            "where ce.entity_id is null order by c.article_id"
        )
    ]


def _articles(db: sqlite_utils.Database, ids: list[int]) -> list[dict]:
    placeholders = ", ".join("?" for _ in ids)
    found = {
        row["id"]: row
        for row in db.query(
            f"select id, text, content_hash, published, source_name from articles where id in ({placeholders})",
            ids,
        )
    }
    missing = [str(article_id) for article_id in ids if article_id not in found]
    if missing:
        raise FactcheckError(f"no such article: {', '.join(missing)}")
    return [found[article_id] for article_id in ids]


def _prepared(nlp: Language, cut: list[tuple[dict, int, str]]) -> Iterator[Doc]:
    """Docs of the pieces' texts, each carrying its article's date for date resolution."""
    for article, _, text in cut:
        doc = nlp.make_doc(text)
        if doc.has_extension("published"):
            doc._.published = article["published"]
        yield doc


@dataclasses.dataclass
class ArticleRecords:
    """What the pipeline found in one article, as plain rows for its tables: claims, their
    attributions, quantities (``records.Quantity`` by claim id) and entity mentions. Plain data,
    so that it can be built where the Docs are (a Dask worker) and stored elsewhere."""

    claims: list[dict]
    attributions: list[dict]
    quantities: list[tuple[str, list]]
    mentions: list[dict]


def article_records(article: dict, docs: Sequence[tuple[int, Doc]]) -> ArticleRecords:
    """The rows to store for one article from its analysed pieces (each Doc with its offset
    in the article text)."""
    from .nlp.spans import EntityFinder

    records = ArticleRecords([], [], [], [])
    for offset, doc in docs:
        entities = EntityFinder(doc)
        for span in doc.spans.get("claims", []):
            row = claim_row(article, len(records.claims), span, offset)
            records.claims.append(row)
            attribution = _shifted(_extension(span, "attribution"), offset, "speaker_start", "speaker_end")
            if attribution is not None:
                records.attributions.append(
                    {
                        "claim_id": row["id"],
                        "kind": attribution.kind,
                        "speaker": attribution.speaker,
                        "speaker_start": attribution.speaker_start,
                        "speaker_end": attribution.speaker_end,
                        "cue": attribution.cue,
                        "via": attribution.via,
                    }
                )
            quantities = [_shifted(quantity, offset, "start", "end") for quantity in _extension(span, "quantities") or []]
            records.quantities.append((row["id"], quantities))
            records.mentions.extend(mentions(row, entities.within(span), attribution, offset))
    return records


def store_records(db: sqlite_utils.Database, article_id: int, records: ArticleRecords) -> dict:
    """Replace what is stored for one article with ``records``, and record the article as analysed."""
    new_ids = [row["id"] for row in records.claims]
    with db.conn:
        _clear_article(db, article_id, new_ids)
        _upsert_claims(db, records.claims)
        insert_rows(db, "attributions", records.attributions, replace=True)
        for claim, quantities in records.quantities:
            _insert_quantities(db, claim, quantities)
        insert_rows(db, "claim_entities", records.mentions, replace=True)
        db.execute(
            "insert or replace into analysed_articles (article_id, analysed_at) values (?, ?)",
            [article_id, datetime.now(timezone.utc).isoformat()],
        )
    return {
        "claims": len(records.claims),
        "attributed": sum(1 for row in records.attributions if row["speaker"]),
    }


def claim_row(article: dict, index: int, span: Span, offset: int) -> dict:
    """The claims table's row for ``span``, found in the piece of the article text at ``offset``."""
    # Span.text and span._ are rebuilt from the tokens on every access: read once.
    found, text = span._, span.text
    hedge = found.hedge
    start, end = span.start_char + offset, span.end_char + offset
    return {
        "id": claim_id(article["content_hash"], start, end),
        "article_id": article["id"],
        "idx": index,
        "start": start,
        "end": end,
        "sent_start": (found.sent_start if found.sent_start is not None else span.sent.start_char) + offset,
        "sent_end": (found.sent_end if found.sent_end is not None else span.sent.end_char) + offset,
        "text": text,
        "content": _extension(span, "content") or text,
        "subject": found.subject or None,
        "subject_start": _moved(found.subject_start, offset),
        "subject_end": _moved(found.subject_end, offset),
        "predicate": found.predicate or None,
        "negated": int(bool(found.negated)),
        "hedged": int(hedge is not None),
        "hedge": hedge,
        "checkworthiness": found.checkworthiness,
        **claim_readings(text).columns(),
    }


def _moved(position: int | None, offset: int) -> int | None:
    return None if position is None else position + offset


def _shifted(record, offset: int, *fields: str):
    """``record`` (an Attribution or Quantity, or None) with its offsets ``fields`` moved by ``offset``."""
    if record is None or not offset:
        return record
    return dataclasses.replace(record, **{name: _moved(getattr(record, name), offset) for name in fields})


def mentions(claim: dict, ents: list[Span], attribution, offset: int) -> Iterator[dict]:
    """The named entities of a claim, with their role: subject, speaker or mention.

    ``claim`` and ``attribution`` hold offsets in the article text, ``ents`` lie in
    the piece of it at ``offset``."""
    for ent in ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end = ent.start_char + offset, ent.end_char + offset
        role = "mention"
        if _overlaps(start, end, claim["subject_start"], claim["subject_end"]) and (
            ent.label_ != "NORP" or ent.text == claim["subject"]
        ):
            role = "subject"
        elif attribution is not None and _overlaps(start, end, attribution.speaker_start, attribution.speaker_end):
            role = "speaker"
        yield {
            "claim_id": claim["id"],
            "entity_id": None,
            "start": start,
            "end": end,
            "text": ent.text,
            "label": ent.label_,
            "role": role,
        }


def _overlaps(ent_start: int, ent_end: int, start: int | None, end: int | None) -> bool:
    return start is not None and end is not None and ent_start < end and start < ent_end


def _extension(span: Span, name: str):
    return getattr(span._, name) if span.has_extension(name) else None


def _clear_article(db: sqlite_utils.Database, article_id: int, keep: list[str]) -> None:
    """Drop the rows hanging off the article's claims, and the claims that are gone
    (unless a later stage still points at them)."""
    for table in CLAIM_TABLES_BY_CLAIM:
        db.execute(
            f"delete from {table} where claim_id in (select id from claims where article_id = ?)",
            [article_id],
        )
    placeholders = ", ".join("?" for _ in keep) or "''"
    referenced = " ".join(
        f"and id not in (select {column} from {table})" for table, column in CLAIM_REFERENCES
    )
    db.execute(
        f"delete from claims where article_id = ? and id not in ({placeholders}) {referenced}",
        [article_id, *keep],
    )


def _upsert_claims(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """Insert or update in place: a claim that matches or verdicts point at keeps its row
    (sqlite-utils' upsert inserts the id alone first, which NOT NULL columns refuse)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f"[{column}]" for column in columns)
    updates = ", ".join(f"[{column}] = excluded.[{column}]" for column in columns if column != "id")
    db.conn.executemany(
        f"insert into claims ({names}) values ({', '.join('?' for _ in columns)}) "
        f"on conflict(id) do update set {updates}",
        [[row[column] for column in columns] for row in rows],
    )


def frame_columns(frame) -> dict:
    """A figure's frame as the quantities table stores it (all NULL when unknown)."""
    return {column: getattr(frame, column) if frame else None for column in FRAME_COLUMNS}


def _insert_quantities(db: sqlite_utils.Database, claim: str, quantities: list) -> None:
    inserted: list[int] = []
    for quantity in quantities:
        equivalent = quantity.equivalent_of
        row = {
            "claim_id": claim,
            "start": quantity.start,
            "end": quantity.end,
            "text": quantity.text,
            "kind": quantity.kind,
            "value": quantity.value,
            "low": quantity.low,
            "high": quantity.high,
            "unit": quantity.unit,
            "approximate": int(quantity.approximate),
            "date": quantity.date,
            "precision": quantity.precision,
            "equivalent_of": inserted[equivalent] if equivalent is not None and equivalent < len(inserted) else None,
            **frame_columns(quantity.frame),
        }
        inserted.append(insert_row(db, "quantities", row))


CHECKABLE = 0.5
"""Check-worthiness from which a claim counts as checkable (``--checkable``)."""


def fts_query(text: str) -> str:
    """Words of ``text`` as an FTS5 query that matches them all, whatever their punctuation."""
    words = [word for word in text.split() if word.strip('"')]
    if not words:
        raise FactcheckError("--search needs at least one word")
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def list_claims(
    db: sqlite_utils.Database,
    *,
    article: int | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    search: str | None = None,
    checkable: bool = False,
    story: int | None = None,
) -> list[dict]:
    """Stored claims, filtered, in article order, with speaker, quantities, entities and story."""
    story_of = article_story_sql("c.article_id")
    where, params = [], []
    if article is not None:
        where.append("c.article_id = ?")
        params.append(article)
    if story is not None:
        where.append(f"{story_of} = ?")
        params.append(story)
    if speaker:
        where.append(
            "(a.speaker like ? or a.speaker_entity_id in "
            "(select entity_id from entity_aliases where alias like ?))"
        )
        params += [f"%{speaker}%", f"%{speaker}%"]
    if entity:
        where.append(
            "c.id in (select ce.claim_id from claim_entities ce join entity_aliases ea "
            "on ea.entity_id = ce.entity_id where ea.alias like ?)"
        )
        params.append(f"%{entity}%")
    if search:
        where.append("c.rowid in (select rowid from claims_fts where claims_fts match ?)")
        params.append(fts_query(search))
    if checkable:
        where.append("c.checkworthiness >= ?")
        params.append(CHECKABLE)
    sql = (
        "select c.id, c.article_id, c.start, c.end, c.text, c.content, c.subject, "
        "c.subject_entity_id, c.predicate, c.negated, c.hedge, c.checkworthiness, "
        f"a.kind, a.speaker, a.speaker_entity_id, a.cue, a.via, {story_of} as story_id, "
        + ", ".join(f"c.{column}" for column in CLAIM_READING_COLUMNS) + " "
        "from claims c left join attributions a on a.claim_id = c.id"
        + (" where " + " and ".join(where) if where else "")
        + " order by c.article_id, c.start"
    )
    claims = [dict(row) for row in db.query(sql, params)]
    for claim in claims:
        claim["negated"] = bool(claim["negated"])
        claim["quantities"] = [
            {key: value for key, value in row.items() if key != "claim_id" and value is not None}
            for row in db.query("select * from quantities where claim_id = ? order by start", [claim["id"]])
        ]
        claim["entities"] = list(
            db.query(
                "select ce.text, ce.label, ce.role, ce.entity_id, e.name as entity from claim_entities ce "
                "left join entities e on e.id = ce.entity_id where ce.claim_id = ? order by ce.start",
                [claim["id"]],
            )
        )
    return claims


def describe_quantity(quantity: dict) -> str:
    """A short reading of a stored quantity: "71 country", ">= 300 school", "2024-12-25"."""
    if quantity.get("kind") == "date":
        return quantity.get("date") or quantity["text"]
    def number(value: float) -> str:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    if quantity.get("value") is not None:
        prefix = ">= " if quantity.get("low") is not None else "<= " if quantity.get("high") is not None else ""
        figure = prefix + number(quantity["value"])
    elif quantity.get("low") is not None and quantity.get("high") is not None:
        figure = f"{number(quantity['low'])}-{number(quantity['high'])}"
    else:
        figure = quantity["text"]
    return f"{figure} {quantity.get('unit') or ''}".strip()


def describe_readings(claim: dict) -> str:
    """What a stored claim's wording says beside its figures: "south of carvell; offshore;
    07:15 GMT; running total"; empty for a claim analysed before these were read."""
    read = ClaimReadings.from_row(claim)
    if read is None:
        return ""
    parts = [f"{direction} of {place}" for place, direction in read.directions.items()]
    if read.position:
        parts.append(read.position)
    if read.superior:
        parts.append(f"under {read.superior}")
    parts.extend(label for _, _, label in read.clock_times)
    if read.cumulative:
        parts.append("running total")
    if read.death_toll:
        parts.append("death toll")
    return "; ".join(parts)
