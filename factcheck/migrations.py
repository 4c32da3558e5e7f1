"""The claims.db schema, written only as numbered migrations.

This module is the one place where the schema is documented. Each migration is
appended and never edited once released: a mistake is fixed by a new migration.
The `_factcheck_migrations` table records which migrations have run, and
`PRAGMA user_version` holds the schema version (the number of migrations run).

Tables, by pipeline stage:

ingest
    outlets           one row per outlet name (``domain`` when known).
    articles          one row per article revision: cleaned ``text`` (claims'
                      character offsets point into it), metadata (``outlet_id``,
                      ``url``, ``title``, ``published`` as YYYY-MM-DD) and, for
                      each of those, ``<field>_source`` saying where the value
                      came from (``front-matter``, ``flag``, ``url-domain``,
                      ``page-metadata``, ``signature``, ``dateline``, ...) with
                      the evidence in ``provenance`` (JSON). ``source`` is the
                      path or URL read, ``source_name`` its file name (or the
                      URL), ``content_hash`` the SHA-256 of ``text``.
                      ``revision_of`` points to the revision this one replaced.
claims
    claims            claim units: ``start``/``end`` character offsets into
                      ``articles.text`` and the sentence's offsets; ``content``
                      is the claim without its attribution wrapper. ``id`` is
                      derived from the article's content hash and the offsets,
                      so re-ingesting a revision yields the same ids. ``subject``
                      (with its offsets and entity), ``predicate`` (a lemma),
                      ``negated``, ``hedge`` ("likely", "reportedly", ...) and
                      ``checkworthiness`` (0 opinion .. 1 checkable fact).
                      What its wording says beside the parse (schema 12,
                      ``nlp.readings``): ``directions`` (JSON, place ->
                      compass direction: {"carvell": "south"}), ``position``
                      (inland / offshore), ``superior`` (in a chain of
                      command), ``clock_times`` (JSON, [minutes after
                      midnight, zone, as written]), ``cumulative`` (1 for a
                      running total: "so far", "in all") and ``death_toll``;
                      the upgrade to schema 12 reads them from the stored
                      text of the claims analysed before.
    claims_fts        FTS5 index on claim ``text`` (kept by triggers; since
                      schema 13 an update rewrites a claim's entry only when
                      it changes ``text``).
    attributions      one row per claim: ``kind`` (direct / indirect /
                      outlet), ``speaker`` text and entity, ``cue``, ``via``
                      (the relaying source in a chain).
    quantities        normalised numbers, amounts and dates found in a claim:
                      ``kind`` (number / money / percent / date), ``value`` or
                      ``low``/``high`` bounds, ``unit`` (the counted noun's
                      lemma, an ISO currency code or ``%``), ``date`` (ISO, as
                      precise as ``precision``: day / week / month / year) and
                      ``equivalent_of`` (the same sum restated in brackets).
                      Each figure's frame, read from the parse (schema 9):
                      ``about`` (the noun counted or measured, with its
                      modifiers: "rushing yard"), ``owner`` (the noun a
                      measure describes: "aftershock"; since schema 16 with
                      its ``owner_kind``, as ``subject_kind``), ``verb`` (lemma),
                      ``verb_subject`` (who or what it is about) and its
                      ``subject_kind`` (person / place / name / noun /
                      pronoun), ``anchor`` ("from banda aceh",
                      "in cash"); NULL where the parse says nothing. From
                      the wording around it (schema 12): ``after`` (the next
                      word), ``lead`` (the word governing it: "for"),
                      ``context`` (content words around it), ``scope`` (the
                      place a count covers: "13 provinces"), ``clock`` (1 when
                      a clock time with a zone follows) and ``measure`` (the
                      word of "8.6-magnitude"); read by the upgrade to
                      schema 12 for the figures stored before. Since schema
                      18, ``rate``: what a rate is counted per ("season" in
                      "$22 million per season", "hour" in "$15 an hour").
    entities          one row per resolved real-world entity.
    entity_aliases    the surface forms that name an entity.
    claim_entities    entities mentioned in a claim, with their role
                      (``subject``, ``speaker`` or ``mention``).
    analysed_articles the article revisions whose claims are stored
                      (``analysed_at``), written with the claims: an article
                      missing here (its analysis failed or was interrupted)
                      is analysed again by the next ingest.
match
    matches           candidate pairs (``claim_a`` < ``claim_b``) judged
                      ``agrees``, ``contradicts`` or ``related``, with a
                      score, a ``tier`` (``auto`` or ``suggest``) and a reason
                      (``reason_code`` for machines, ``reason`` for people;
                      ``detail`` JSON holds the figures and scores, and
                      ``rejected`` when a reviewer said "not a contradiction";
                      schema 15 indexes those rows, so that a run finds them
                      without reading every match).
                      ``id`` is derived from the claim pair, so it is the
                      same in every build of the database.
    clusters          equivalent claims grouped as one fact; ``id`` is
                      derived from the cluster's first claim (by publication
                      date, then id), so it survives a rebuild.
    cluster_members   claims of a cluster, with the key of their original
                      source so relayed copies count once.
    matched_claims    claims already compared, so a re-run after new
                      articles only matches what is new.
    claim_vectors     cached sentence embeddings (``model``, float32
                      ``vector``) of claims, when semantic matching is on.
stories
    stories           articles that report one real-world event: ``label``
                      (its most telling names and words), ``articles``
                      (how many), ``first_published``/``last_published``.
                      Ids are given once and never reused, so re-ingesting
                      keeps them.
    story_members     each current article's story (``article_id`` is the
                      key), the ``score`` with which it joined (its mean
                      similarity to the story's other articles; 1.0 for an
                      article alone), ``evidence`` (JSON: the story, whether
                      the article started it, the revision it replaces and
                      the names and words it shares with the story) and
                      ``terms`` (JSON: counts of the article's content words
                      ``w:``, entity names ``e:`` and figures ``f:``, from
                      which later articles are compared without analysing
                      it again); since schema 17 ``dated``: the day the
                      article stands at in time, its publication date or,
                      without one, the latest date its claims state.
verdicts and review
    verdicts          append-only editor rulings on a claim, match or
                      cluster (``target_type``, ``target_id``); the current
                      one is the latest row per target (``rating`` NULL
                      withdraws it). ``claim_text`` and ``article_id`` keep
                      what was rated, so a verdict outlives its claim row.
    review_events     append-only reviewer actions (decisions on a pair:
                      contradiction, not-contradiction, changed-over-time;
                      flag, note, skip, undo).
    verdict_orphans   verdicts whose claim vanished from a newer revision,
                      with the nearest claim of that revision.
    review_positions  the item each editor last looked at in the reviewer
                      (one row per editor, overwritten), so it reopens there.
    review_order      every reviewer queue item (``tab``, ``target_id``, its
                      two claims and reason) with the parts of its rank that
                      only matching changes (``worth``: check-worthiness,
                      ``outlets``, ``published``), indexed in queue order.
                      Derived data: triggers list in ``review_stale_stories``
                      the stories whose inputs change or that a new revision
                      of an article reaches (schema 10: matches of replaced
                      revisions leave the queue), and the next reader ranks
                      those stories again (``story_id``, schema 14; the whole
                      order when ``review_order_state.stale`` is set, or a
                      change has no story).
    review_disputes   the dispute of every contradiction (``match_id``): the
                      contradictions `factcheck contradictions` groups as one
                      disagreement share a ``dispute_id`` (the id of their
                      best match), which is the contradictions tab's item.
                      Ranked with ``review_order`` (schema 11), by story.
    review_stale_stories  the stories whose queue items wait to be ranked
                      again (-1: some change without a story; schema 14).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import sqlite_utils

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(fn: Callable[[sqlite_utils.Database], None]):
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_articles(db: sqlite_utils.Database) -> None:
    db.create_table("outlets",
        {"id": int, "name": str, "domain": str},
        pk="id",
        not_null={"name"},
    )
    db["outlets"].create_index(["name"], unique=True)
    db.create_table("articles",
        {
            "id": int,
            "outlet_id": int,
            "url": str,
            "title": str,
            "published": str,
            "outlet_source": str,
            "url_source": str,
            "title_source": str,
            "published_source": str,
            "provenance": str,
            "source": str,
            "source_name": str,
            "text": str,
            "content_hash": str,
            "ingested_at": str,
            "revision_of": int,
        },
        pk="id",
        not_null={"text", "content_hash", "source", "ingested_at"},
        foreign_keys=[("outlet_id", "outlets", "id"), ("revision_of", "articles", "id")],
    )
    db["articles"].create_index(["content_hash"], unique=True)
    db["articles"].create_index(["source"])
    db["articles"].create_index(["url"])


@migration
def m002_claims(db: sqlite_utils.Database) -> None:
    db.create_table("entities",
        {"id": int, "name": str, "label": str},
        pk="id",
        not_null={"name"},
    )
    db.create_table("entity_aliases",
        {"entity_id": int, "alias": str},
        pk=("entity_id", "alias"),
        foreign_keys=[("entity_id", "entities", "id")],
    )
    db["entity_aliases"].create_index(["alias"])
    db.create_table("claims",
        {
            "id": str,
            "article_id": int,
            "idx": int,
            "start": int,
            "end": int,
            "sent_start": int,
            "sent_end": int,
            "text": str,
            "content": str,
            "subject": str,
            "subject_start": int,
            "subject_end": int,
            "subject_entity_id": int,
            "predicate": str,
            "negated": int,
            "hedged": int,
            "hedge": str,
            "checkworthiness": float,
        },
        pk="id",
        not_null={"article_id", "start", "end", "text"},
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("subject_entity_id", "entities", "id"),
        ],
    )
    db["claims"].create_index(["article_id", "idx"])
    _enable_fts(db, "claims", "text")
    db.create_table("attributions",
        {
            "claim_id": str,
            "kind": str,
            "speaker": str,
            "speaker_entity_id": int,
            "speaker_start": int,
            "speaker_end": int,
            "cue": str,
            "via": str,
            "via_entity_id": int,
        },
        pk="claim_id",
        not_null={"kind"},
        foreign_keys=[
            ("claim_id", "claims", "id"),
            ("speaker_entity_id", "entities", "id"),
            ("via_entity_id", "entities", "id"),
        ],
    )
    db.create_table("quantities",
        {
            "id": int,
            "claim_id": str,
            "start": int,
            "end": int,
            "text": str,
            "kind": str,
            "value": float,
            "low": float,
            "high": float,
            "unit": str,
            "approximate": int,
            "date": str,
            "precision": str,
            "equivalent_of": int,
        },
        pk="id",
        not_null={"claim_id", "kind", "text"},
        foreign_keys=[("claim_id", "claims", "id"), ("equivalent_of", "quantities", "id")],
    )
    db["quantities"].create_index(["claim_id"])
    db["quantities"].create_index(["unit"])
    db.create_table("claim_entities",
        {
            "claim_id": str,
            "entity_id": int,
            "start": int,
            "end": int,
            "text": str,
            "label": str,
            "role": str,
        },
        pk=("claim_id", "start", "end"),
        foreign_keys=[("claim_id", "claims", "id"), ("entity_id", "entities", "id")],
    )
    db["claim_entities"].create_index(["entity_id"])


@migration
def m003_matches(db: sqlite_utils.Database) -> None:
    db.create_table("matches",
        {
            "id": int,
            "claim_a": str,
            "claim_b": str,
            "relation": str,
            "score": float,
            "tier": str,
            "reason_code": str,
            "reason": str,
            "changed_over_time": int,
            "detail": str,
            "created_at": str,
        },
        pk="id",
        not_null={"claim_a", "claim_b", "relation"},
        foreign_keys=[("claim_a", "claims", "id"), ("claim_b", "claims", "id")],
    )
    db["matches"].create_index(["claim_a", "claim_b"], unique=True)
    db["matches"].create_index(["claim_b"])
    db["matches"].create_index(["relation", "score"])
    db.create_table("clusters",
        {
            "id": int,
            "label": str,
            "status": str,
            "members": int,
            "outlets": int,
            "independent_sources": int,
            "first_published": str,
            "last_published": str,
        },
        pk="id",
    )
    db.create_table("cluster_members",
        {"cluster_id": int, "claim_id": str, "source_key": str},
        pk=("cluster_id", "claim_id"),
        foreign_keys=[("cluster_id", "clusters", "id"), ("claim_id", "claims", "id")],
    )
    db["cluster_members"].create_index(["claim_id"])
    db.create_table("matched_claims",
        {"claim_id": str, "matched_at": str},
        pk="claim_id",
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db.create_table("claim_vectors",
        {"claim_id": str, "model": str, "vector": bytes},
        pk="claim_id",
        not_null={"model", "vector"},
        foreign_keys=[("claim_id", "claims", "id")],
    )


@migration
def m004_verdicts(db: sqlite_utils.Database) -> None:
    db.create_table("verdicts",
        {
            "id": int,
            "target_type": str,
            "target_id": str,
            "rating": str,
            "note": str,
            "editor": str,
            "created_at": str,
            "claim_text": str,
            "article_id": int,
        },
        pk="id",
        not_null={"target_type", "target_id", "created_at"},
    )
    db["verdicts"].create_index(["target_type", "target_id", "id"])
    db.create_table("review_events",
        {
            "id": int,
            "target_type": str,
            "target_id": str,
            "action": str,
            "value": str,
            "editor": str,
            "created_at": str,
        },
        pk="id",
        not_null={"target_type", "target_id", "action", "created_at"},
    )
    db["review_events"].create_index(["target_type", "target_id", "id"])
    db.create_table("verdict_orphans",
        {
            "verdict_id": int,
            "claim_id": str,
            "nearest_claim_id": str,
            "score": float,
            "detected_at": str,
        },
        pk="verdict_id",
        foreign_keys=[("verdict_id", "verdicts", "id")],
    )


@migration
def m005_review_positions(db: sqlite_utils.Database) -> None:
    db.create_table("review_positions",
        {"editor": str, "tab": str, "target_type": str, "target_id": str, "updated_at": str},
        pk="editor",
        not_null={"tab", "target_type", "target_id", "updated_at"},
    )


# What review_order is computed from: a change to any of these makes it stale.
_REVIEW_ORDER_INPUTS = {
    "matches": ("insert", "update", "delete"),
    "clusters": ("insert", "update", "delete"),
    "cluster_members": ("insert", "update", "delete"),
    "claims": ("update of checkworthiness",),
    "articles": ("update of published, outlet_id",),
}


@migration
def m006_review_order(db: sqlite_utils.Database) -> None:
    db.create_table("review_order",
        {
            "tab": str,
            "target_type": str,
            "target_id": str,
            "claim_a": str,
            "claim_b": str,
            "reason": str,
            "worth": float,
            "outlets": int,
            "published": str,
        },
        pk=("tab", "target_id"),
        not_null={"target_type"},
    )
    db.execute("create index review_order_rank on review_order"
               " (tab, worth desc, outlets desc, published desc, target_id)")
    db.create_table("review_order_state", {"id": int, "stale": int}, pk="id", not_null={"stale"})
    db.execute("insert into review_order_state (id, stale) values (1, 1)")
    for table, events in _REVIEW_ORDER_INPUTS.items():
        for number, event in enumerate(events):
            db.execute(f"create trigger review_order_stale_{table}_{number} after {event} on {table}"
                       " begin update review_order_state set stale = 1 where stale = 0; end")


@migration
def m007_stories(db: sqlite_utils.Database) -> None:
    db.create_table("stories",
        {
            "id": int,
            "label": str,
            "articles": int,
            "first_published": str,
            "last_published": str,
            "created_at": str,
        },
        pk="id",
    )
    db.create_table("story_members",
        {"article_id": int, "story_id": int, "score": float, "evidence": str, "terms": str, "assigned_at": str},
        pk="article_id",
        not_null={"story_id", "terms"},
        foreign_keys=[("article_id", "articles", "id"), ("story_id", "stories", "id")],
    )
    db["story_members"].create_index(["story_id"])


@migration
def m008_analysed_articles(db: sqlite_utils.Database) -> None:
    db.create_table("analysed_articles",
        {"article_id": int, "analysed_at": str},
        pk="article_id",
        not_null={"analysed_at"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    # Before this table, an article with claims had been analysed, by the ingest that stored it.
    db.execute(
        "insert into analysed_articles (article_id, analysed_at) "
        "select a.id, a.ingested_at from articles a where a.id in (select article_id from claims)"
    )


@migration
def m009_figure_frames(db: sqlite_utils.Database) -> None:
    for column, kind in (("about", str), ("owner", str), ("verb", str), ("verb_subject", str),
                         ("subject_kind", str), ("anchor", str)):
        db["quantities"].add_column(column, kind)


@migration
def m010_review_order_on_revisions(db: sqlite_utils.Database) -> None:
    # The queue holds only current revisions' matches: a new revision makes the order stale.
    db.execute("create trigger review_order_stale_articles_1 after insert on articles"
               " when new.revision_of is not null"
               " begin update review_order_state set stale = 1 where stale = 0; end")


@migration
def m011_review_disputes(db: sqlite_utils.Database) -> None:
    db.create_table("review_disputes", {"match_id": str, "dispute_id": str}, pk="match_id",
                    not_null={"dispute_id"})
    db["review_disputes"].create_index(["dispute_id"])
    # The contradictions tab now holds disputes: rank it again on the next open.
    db.execute("update review_order_state set stale = 1")


@migration
def m012_wording_readings(db: sqlite_utils.Database) -> None:
    from .nlp.readings import claim_readings
    from .progress import tracked

    for column, kind in (("directions", str), ("position", str), ("superior", str), ("clock_times", str),
                         ("cumulative", int), ("death_toll", int)):
        db["claims"].add_column(column, kind)
    figure_columns = (("after", str), ("lead", str), ("context", str), ("scope", str), ("clock", int),
                      ("measure", str))
    for column, kind in figure_columns:
        db["quantities"].add_column(column, kind)
    # The readings are patterns over a claim's stored text: claims analysed before are read here,
    # so that they compare as new ones do (only lengths the parse missed wait for a new analysis).
    claims = _stored_claims(db)
    for claim_id, (_, text) in tracked(claims.items(), "upgrade: reading claims", min_items=5000):
        columns = claim_readings(text).columns()
        db.execute(f"update claims set {', '.join(f'[{c}] = ?' for c in columns)} where id = ?",
                   [*columns.values(), claim_id])
    _read_stored_figures(db, [column for column, _ in figure_columns], claims)


def _stored_claims(db: sqlite_utils.Database) -> dict[str, tuple[int | None, str]]:
    """Each stored claim's start offset and text, by id."""
    return {row[0]: (row[1], row[2]) for row in db.execute("select id, start, text from claims")}


def _read_stored_figures(db: sqlite_utils.Database, columns: list[str],
                         claims: dict[str, tuple[int | None, str]]) -> None:
    """Fill ``columns`` of every stored figure with what ``nlp.readings`` reads in its claim's
    stored text (``claims``: see ``_stored_claims``): only those columns, which the upgrade calling
    it has added (a later upgrade adds and fills its own)."""
    from .nlp.readings import figure_readings
    from .progress import tracked

    figures = db.execute("select id, claim_id, start, end from quantities where start >= 0").fetchall()
    for quantity_id, claim_id, start, end in tracked(figures, "upgrade: reading figures", min_items=5000):
        claim_start, text = claims.get(claim_id, (None, None))
        if text is None or claim_start is None:
            continue
        read = figure_readings(text, start - claim_start, end - claim_start)
        values = [int(read[column]) if isinstance(read[column], bool) else read[column] for column in columns]
        db.execute(f"update quantities set {', '.join(f'[{c}] = ?' for c in columns)} where id = ?",
                   [*values, quantity_id])


@migration
def m013_search_index_on_text_updates(db: sqlite_utils.Database) -> None:
    # The index holds a claim's text alone: linking the claim's subject or speaker rewrote its
    # entry all the same, once for every claim of every article analysed.
    db.execute("drop trigger if exists [claims_au]")
    db.execute("CREATE TRIGGER [claims_au] AFTER UPDATE OF [text] ON [claims] BEGIN\n"
               "  INSERT INTO [claims_fts] ([claims_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);\n"
               "  INSERT INTO [claims_fts] (rowid, [text]) VALUES (new.rowid, new.[text]);\nEND")


# The story of a claim, for triggers (``{claim}`` is new.x or old.x); -1 for a claim without
# one, which makes the whole queue be ranked again.
_CLAIM_STORY = ("coalesce((select sm.story_id from claims c join story_members sm on sm.article_id = c.article_id"
                " where c.id = {claim}), -1)")
_ARTICLE_STORY = "coalesce((select story_id from story_members where article_id = {article}), -1)"


def _mark_stories(*stories: str) -> str:
    return "".join(f" insert or ignore into review_stale_stories (story_id) values ({story});" for story in stories)


@migration
def m014_review_order_by_story(db: sqlite_utils.Database) -> None:
    # A change marks the stories it touches, and the queue is ranked again for those alone:
    # ranking every match after each ingest grew with the whole feed.
    db.create_table("review_stale_stories", {"story_id": int}, pk="story_id")
    for table in ("review_order", "review_disputes"):
        db[table].add_column("story_id", int)
        db[table].create_index(["story_id"])
    for (name,) in db.execute("select name from sqlite_master where type = 'trigger'"
                              " and name like 'review_order_stale_%'").fetchall():
        db.execute(f"drop trigger [{name}]")
    claim_story = _CLAIM_STORY.format
    triggers = {
        "matches_insert": ("after insert on matches",
                           _mark_stories(claim_story(claim="new.claim_a"), claim_story(claim="new.claim_b"))),
        "matches_update": ("after update on matches",
                           _mark_stories(*(claim_story(claim=f"{row}.{side}")
                                           for row in ("old", "new") for side in ("claim_a", "claim_b")))),
        "matches_delete": ("after delete on matches",
                           _mark_stories(claim_story(claim="old.claim_a"), claim_story(claim="old.claim_b"))),
        "cluster_members_insert": ("after insert on cluster_members", _mark_stories(claim_story(claim="new.claim_id"))),
        "cluster_members_delete": ("after delete on cluster_members", _mark_stories(claim_story(claim="old.claim_id"))),
        "cluster_members_update": ("after update on cluster_members",
                                   _mark_stories(claim_story(claim="old.claim_id"), claim_story(claim="new.claim_id"))),
        **{
            f"clusters_{event}": (f"after {event} on clusters",
                                  " insert or ignore into review_stale_stories (story_id)"
                                  " select coalesce(sm.story_id, -1) from cluster_members cm"
                                  " join claims c on c.id = cm.claim_id"
                                  " left join story_members sm on sm.article_id = c.article_id"
                                  f" where cm.cluster_id = {row}.id;")
            for event, row in (("insert", "new"), ("update", "new"), ("delete", "old"))
        },
        "claims_checkworthiness": ("after update of checkworthiness on claims",
                                   _mark_stories(_ARTICLE_STORY.format(article="new.article_id"))),
        "articles_update": ("after update of published, outlet_id on articles",
                            _mark_stories(_ARTICLE_STORY.format(article="new.id"))),
        # The queue holds only current revisions' matches: a new revision takes its story's out.
        "articles_revision": ("after insert on articles when new.revision_of is not null",
                              _mark_stories(_ARTICLE_STORY.format(article="new.revision_of"))),
    }
    for name, (event, body) in triggers.items():
        db.execute(f"create trigger review_order_stale_{name} {event} begin{body} end")
    # Ranked once in full, which fills the new columns.
    db.execute("update review_order_state set stale = 1")


@migration
def m015_rejected_matches_index(db: sqlite_utils.Database) -> None:
    # Every match run looks for the contradictions a reviewer rejected: without the index it
    # read every match's detail, a cost that grew with the feed.
    db.execute("create index if not exists idx_matches_rejected on matches (id)"
               " where json_extract(detail, '$.rejected') = 1")


@migration
def m016_figure_owner_kind(db: sqlite_utils.Database) -> None:
    # Figures stored before keep NULL (unknown): they are never taken as one named holder's.
    db["quantities"].add_column("owner_kind", str)


@migration
def m017_story_member_dates(db: sqlite_utils.Database) -> None:
    from .stories import stated_dates

    db["story_members"].add_column("dated", str)
    db.execute("update story_members set dated = (select published from articles a where a.id = article_id)")
    undated = [row[0] for row in db.execute("select article_id from story_members where dated is null")]
    for article, day in stated_dates(db, undated).items():
        db.execute("update story_members set dated = ? where article_id = ?", [day, article])


@migration
def m018_figure_rates(db: sqlite_utils.Database) -> None:
    # A rate is read from the claim's stored text, as the upgrade to schema 12 read the others.
    db["quantities"].add_column("rate", str)
    _read_stored_figures(db, ["rate"], _stored_claims(db))


def _enable_fts(db: sqlite_utils.Database, table: str, column: str) -> None:
    """An FTS5 index on ``table.column`` kept by triggers: the schema sqlite-utils'
    ``enable_fts(create_triggers=True)`` writes, without its ``executescript``,
    which commits the migration's transaction half way."""
    db.execute(f"CREATE VIRTUAL TABLE [{table}_fts] USING FTS5 (\n    [{column}],\n    content=[{table}]\n)")
    db.execute(f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN\n"
               f"  INSERT INTO [{table}_fts] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]);\nEND")
    db.execute(f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN\n"
               f"  INSERT INTO [{table}_fts] ([{table}_fts], rowid, [{column}]) VALUES('delete', old.rowid, old.[{column}]);"
               "\nEND")
    db.execute(f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN\n"
               f"  INSERT INTO [{table}_fts] ([{table}_fts], rowid, [{column}]) VALUES('delete', old.rowid, old.[{column}]);\n"
               f"  INSERT INTO [{table}_fts] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]);\nEND")


def migrate(db: sqlite_utils.Database, upto: int | None = None) -> int:
    """Run the migrations that have not run yet, each in one transaction with its record.

    SQLite DDL is transactional, so a migration cut short (a crash, a kill) leaves
    nothing of itself and runs again on the next open. A migration therefore uses
    ``db.execute``, ``db.create_table``, ``create_index`` and ``add_column`` only:
    sqlite-utils' ``table.create``, ``insert``, ``enable_fts`` and ``executescript``
    commit. Returns the schema version afterwards; ``upto`` stops after that many
    migrations (tests use it to build an old database).
    """
    done = _applied(db)
    for number, fn in enumerate(MIGRATIONS[:upto], start=1):
        if fn.__name__ not in done:
            _run_migration(db, number, fn)
    return db.execute("PRAGMA user_version").fetchone()[0]


def _applied(db: sqlite_utils.Database) -> set[str]:
    if not db["_factcheck_migrations"].exists():
        return set()
    return {name for (name,) in db.execute("select name from _factcheck_migrations")}


def _run_migration(db: sqlite_utils.Database, number: int, fn: Callable[[sqlite_utils.Database], None]) -> None:
    # IMMEDIATE takes the write lock before reading what has run, so of two
    # processes opening a new database, the second waits and then finds it done.
    db.execute("BEGIN IMMEDIATE")
    try:
        if fn.__name__ not in _applied(db):
            db.create_table("_factcheck_migrations", {"name": str, "applied_at": str}, pk="name", if_not_exists=True)
            fn(db)
            if not db.conn.in_transaction:
                raise RuntimeError(f"migration {fn.__name__} commits part way (see migrate for what it may call)")
            db.execute("insert into _factcheck_migrations (name, applied_at) values (?, ?)",
                       [fn.__name__, datetime.now(timezone.utc).isoformat()])
            db.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    db.conn.commit()


SCHEMA_VERSION = len(MIGRATIONS)
