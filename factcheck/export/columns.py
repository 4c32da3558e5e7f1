"""What every exported column means: the one source for the README and Datasette.

``DATASETS`` documents the export files column by column (in their order),
with the ``types`` of the columns that are not ``text`` (see ``TYPES``), so
that every file, a Parquet file too, gives each column its type whatever its
values. The ``--json`` listings (``claims``, ``contradictions``, ...) print the
same rows. Names need no quoting in SQL (``start_offset``, not ``start``).
``TABLES`` documents the claims.db tables that Datasette shows, with the
facets and label column that make them browsable. ``columns_markdown`` renders
both for the README and ``datasette_metadata`` turns them into Datasette's
metadata, so the two never disagree.
"""

from __future__ import annotations

from typing import Any

ID = "Stable id: re-ingesting the same article gives the same id."
OUTLET = "The outlet that published the article."
PUBLISHED = "The article's publication date (YYYY-MM-DD)."
SPEAKER = "Who makes the claim, as written (the outlet itself when nobody is quoted)."
VERDICT = "The current editor verdict on this row, if any (see `factcheck verdicts`)."
STORY_ID = "Story id: the real-world event, as in the `stories` export and `factcheck stories`."
TYPES = {
    "text": "text",
    "integer": "whole number",
    "real": "decimal number",
    "date": "date, YYYY-MM-DD",
    "timestamp": "UTC time, ISO 8601",
}
"""The type of a column, and how ``factcheck columns`` names it."""
FLAG = "integer"
"""A 0/1 column: a whole number, as in SQLite, CSV and every export."""

DATASETS: dict[str, dict[str, Any]] = {
    "claims": {
        "description": "One row per claim found in an article.",
        "columns": {
            "claim_id": "Claim id. " + ID,
            "article_id": "The article revision the claim was read from.",
            "story_id": STORY_ID + " Empty until its article is grouped into a story.",
            "start_offset": "Character offset where the claim starts in the article's cleaned text.",
            "end_offset": "Character offset where the claim ends (exclusive).",
            "text": "The claim sentence as printed, attribution included.",
            "content": "The claim without its attribution wrapper (\"X said\").",
            "outlet": OUTLET,
            "published": PUBLISHED,
            "url": "The article's URL, when known.",
            "title": "The article's title, when known.",
            "speaker": SPEAKER,
            "kind": "How the claim is attributed: direct (quoted), indirect (reported) or outlet (the outlet's own).",
            "cue": "The verb or phrase that attributes the claim (said, according to, ...).",
            "subject": "What the claim is about.",
            "predicate": "What the claim says about its subject.",
            "negated": "1 when the claim is negated.",
            "hedged": "1 when the claim is hedged (reportedly, may, ...).",
            "hedge": "The hedging word or phrase, when hedged.",
            "checkworthiness": "How worth checking the claim looks, 0 (opinion) to 1 (a checkable fact).",
            "entities": "Entities the claim mentions, separated by '; '.",
            "quantities": "Numbers, amounts and dates in the claim as written, separated by '; '.",
            "normalised": "The same quantities normalised (value and unit, or ISO date), separated by '; '.",
            "directions": "JSON: the compass direction the claim gives from each place it names ({\"carvell\": \"south\"}).",
            "position": "inland or offshore, when the claim says which.",
            "superior": "Who the subject reports to or is part of, in a chain of command.",
            "clock_times": "JSON: clock times with a zone, as [minutes after midnight, zone, as written].",
            "cumulative": "1 when the claim gives a running total (so far, in all, to date, ...).",
            "death_toll": "1 when the claim speaks of a death toll.",
            "verdict": VERDICT,
        },
        "types": {"article_id": "integer", "story_id": "integer", "start_offset": "integer",
                  "end_offset": "integer", "published": "date", "negated": FLAG, "hedged": FLAG,
                  "checkworthiness": "real", "cumulative": FLAG, "death_toll": FLAG},
    },
    "matches": {
        "description": "Pairs of claims the tool judged to agree, contradict or relate; "
                       "the sides (a, b) in publication order, as the reason reads.",
        "columns": {
            "match_id": "Match id.",
            "story_id": STORY_ID + " Empty when the two claims are in different stories (matched across stories).",
            "relation": "agrees, contradicts or related.",
            "reason_code": "The judge's code for the difference (number-mismatch, superior-mismatch, negation, ...).",
            "reason_kind": "For a contradiction, its kind: number, date, role (position, superior) or negation.",
            "reason": "The evidence in words, e.g. \"71 vs 80 countries\".",
            "score": "Similarity of the two claims, 0 to 1.",
            "tier": "auto (confident) or suggest (a person should confirm).",
            "changed_over_time": "1 when the difference may be a change over time rather than a conflict.",
            "claim_a": "The first claim's id.",
            "article_a": "The first claim's article id.",
            "outlet_a": "The first claim's outlet.",
            "published_a": "The first claim's publication date.",
            "speaker_a": "Who makes the first claim.",
            "text_a": "The first claim's text.",
            "claim_b": "The second claim's id.",
            "article_b": "The second claim's article id.",
            "outlet_b": "The second claim's outlet.",
            "published_b": "The second claim's publication date.",
            "speaker_b": "Who makes the second claim.",
            "text_b": "The second claim's text.",
            "reviewed": "An editor's current decision on the pair: contradiction, not-contradiction or changed-over-time; empty when none.",
            "verdict": VERDICT,
        },
        "types": {"match_id": "integer", "story_id": "integer", "score": "real", "changed_over_time": FLAG,
                  "article_a": "integer", "published_a": "date", "article_b": "integer", "published_b": "date"},
    },
    "clusters": {
        "description": "Equivalent claims grouped as one fact.",
        "columns": {
            "cluster_id": "Cluster id.",
            "story_id": STORY_ID + " Empty when its claims are in different stories.",
            "label": "A short name for the fact.",
            "status": "The cluster's state (e.g. agreed, contested).",
            "members": "How many claims it groups.",
            "outlets": "How many outlets carry the fact.",
            "independent_sources": "How many independent original sources (relayed copies count once).",
            "first_published": "Earliest publication date among its claims.",
            "last_published": "Latest publication date among its claims.",
            "outlet_names": "The outlets, separated by '; '.",
            "claim_ids": "The member claims' ids, separated by '; '.",
            "verdict": VERDICT,
        },
        "types": {"cluster_id": "integer", "story_id": "integer", "members": "integer", "outlets": "integer",
                  "independent_sources": "integer", "first_published": "date", "last_published": "date"},
    },
    "stories": {
        "description": "Articles grouped by the real-world event they report; claims are matched within a story.",
        "columns": {
            "story_id": "Story id: given once, kept while later articles join the story.",
            "label": "The names and words that most tell the story's articles apart.",
            "articles": "How many articles it groups (the latest revision of each).",
            "outlets": "How many outlets published them.",
            "first_published": "Earliest publication date among its articles.",
            "last_published": "Latest publication date among its articles.",
            "claims": "How many claims its articles hold.",
            "contradictions": "How many contradicting claim pairs have a claim in it (not those an editor rejected).",
            "article_ids": "Its articles' ids, separated by '; '.",
        },
        "types": {"story_id": "integer", "articles": "integer", "outlets": "integer", "first_published": "date",
                  "last_published": "date", "claims": "integer", "contradictions": "integer"},
    },
    "verdicts": {
        "description": "The current editor verdict of every rated claim, match or cluster.",
        "columns": {
            "verdict_id": "Verdict row id (verdicts are append-only; this is the latest).",
            "target_type": "claim, match or cluster.",
            "target_id": "The rated claim, match or cluster id.",
            "rating": "The rating on the scale (default: true, mostly-true, misleading, false, unproven).",
            "note": "The editor's note.",
            "editor": "Who gave the verdict.",
            "created_at": "When (UTC, ISO 8601).",
            "claim_text": "The text that was rated, kept even if its claim changes.",
            "article_id": "The rated claim's article id.",
            "outlet": OUTLET,
            "published": PUBLISHED,
            "speaker": SPEAKER,
            "orphaned": "1 when a newer revision of the article dropped the claim.",
            "nearest_claim_id": "For an orphaned verdict: the most similar claim of the newer revision.",
            "nearest_score": "How similar that claim is, 0 to 100.",
        },
        "types": {"verdict_id": "integer", "created_at": "timestamp", "article_id": "integer", "published": "date",
                  "orphaned": FLAG, "nearest_score": "real"},
    },
    "entities": {
        "description": "People, organisations and places, one row for all their name variants.",
        "columns": {
            "entity_id": "Entity id.",
            "name": "The entity's canonical name.",
            "label": "Its type (PERSON, ORG, GPE, ...).",
            "aliases": "The names it appears under, separated by '; '.",
            "claims": "How many claims mention it or are spoken by it.",
            "outlets": "The outlets whose claims mention it, separated by '; '.",
        },
        "types": {"entity_id": "integer", "claims": "integer"},
    },
}



def _same_as(dataset: str, *columns: str) -> dict[str, str]:
    """Table columns that mean what the export columns of the same name mean."""
    return {column: DATASETS[dataset]["columns"][column] for column in columns}


TABLES: dict[str, dict[str, Any]] = {
    "outlets": {
        "description": "News outlets.",
        "label_column": "name",
        "columns": {"name": "Outlet name.", "domain": "Its web domain, when known."},
    },
    "articles": {
        "description": "One row per article revision.",
        "label_column": "title",
        "facets": ["outlet_id", "published"],
        "columns": {
            "outlet_id": OUTLET,
            "url": "The article's URL.",
            "title": "The article's title.",
            "published": PUBLISHED,
            "text": "Cleaned text; claim offsets point into it.",
            "source": "The file or URL read.",
            "source_name": "The file name read (or the URL).",
            "revision_of": "The earlier revision this one replaced.",
            "content_hash": "SHA-256 of the cleaned text: the same text is stored once.",
            "ingested_at": "When it was read (UTC, ISO 8601).",
            **{f"{field}_source": f"Where the {field} came from (front-matter, flag, url-domain, page-metadata, ...)."
               for field in ("outlet", "url", "title", "published")},
            "provenance": "JSON: the evidence for each metadata value.",
        },
    },
    "analysed_articles": {
        "description": "The article revisions whose claims are stored; one missing here is analysed again.",
        "columns": {"article_id": "The article revision.", "analysed_at": "When its claims were stored (UTC, ISO 8601)."},
    },
    "claims": {
        "description": DATASETS["claims"]["description"],
        "label_column": "text",
        "facets": ["article_id", "negated", "hedged"],
        "columns": {
            **_same_as("claims", "article_id", "text", "content", "subject", "predicate", "negated", "hedged",
                       "hedge", "checkworthiness", "directions", "position", "superior", "clock_times",
                       "cumulative", "death_toll"),
            "id": DATASETS["claims"]["columns"]["claim_id"],
            "start": DATASETS["claims"]["columns"]["start_offset"],
            "end": DATASETS["claims"]["columns"]["end_offset"],
            "idx": "The claim's place among its article's claims (0 first).",
            "sent_start": "Character offset where the claim's sentence starts.",
            "sent_end": "Character offset where the claim's sentence ends.",
            "subject_start": "Character offset where the subject starts.",
            "subject_end": "Character offset where the subject ends.",
            "subject_entity_id": "The subject as a resolved entity.",
        },
    },
    "attributions": {
        "description": "Who makes each claim.",
        "facets": ["kind", "speaker"],
        "columns": {
            "claim_id": "The claim.",
            "kind": DATASETS["claims"]["columns"]["kind"],
            "speaker": SPEAKER,
            "speaker_entity_id": "The speaker as a resolved entity.",
            "speaker_start": "Character offset where the speaker's name starts in the article.",
            "speaker_end": "Character offset where the speaker's name ends.",
            "via_entity_id": "The relaying source as a resolved entity.",
            "cue": DATASETS["claims"]["columns"]["cue"],
            "via": "The source relaying the claim, in a chain (\"X told Y that ...\").",
        },
    },
    "quantities": {
        "description": "Numbers, amounts and dates found in claims, normalised.",
        "label_column": "text",
        "facets": ["kind", "unit"],
        "columns": {
            "claim_id": "The claim.", "text": "As written.", "kind": "number, money, percent, score, date or period.",
            "value": "Normalised value.", "low": "Lower bound of a range; a score's first number.",
            "high": "Upper bound of a range; a score's second number.",
            "unit": "Normalised unit (of a score: the noun or verb it belongs to, as \"record\" or \"win\").", "date": "ISO date.", "precision": "How precise the date is: day, week, month or year.",
            "start": "Character offset where the figure starts.", "end": "Character offset where it ends.",
            "approximate": "1 when written as approximate (about, over, nearly, ...).",
            "equivalent_of": "Another figure of the claim stating the same sum (restated in brackets).",
            "about": "What the figure counts or measures, with its modifiers.",
            "owner": "The noun a measure describes.",
            "owner_kind": "What kind of owner: person, place, name, noun or pronoun.",
            "verb": "The verb the figure belongs to (lemma).",
            "verb_subject": "Who or what that verb is about.",
            "subject_kind": "What kind of subject: person, place, name, noun or pronoun.",
            "anchor": "What the figure is measured from or within (\"from banda aceh\").",
            "after": "The word right after the figure, as written.",
            "lead": "The word that governs the figure (\"for\" in \"for around 15 seconds\").",
            "context": "The content words around the figure, separated by spaces.",
            "scope": "The place a count covers (\"13 provinces\" in \"in 13 provinces\").",
            "clock": "1 when a clock time with a zone follows the figure (\"07:15 GMT\").",
            "measure": "The measure written into the figure (\"magnitude\" in \"8.6-magnitude\").",
            "rate": "What a rate is counted per (\"season\" in \"$22 million per season\").",
        },
    },
    "entities": {
        "description": DATASETS["entities"]["description"],
        "label_column": "name",
        "facets": ["label"],
        "columns": _same_as("entities", "name", "label"),
    },
    "entity_aliases": {
        "description": "The names an entity appears under.",
        "label_column": "alias",
        "columns": {"entity_id": "The entity.", "alias": "One of its names, as written."},
    },
    "claim_entities": {
        "description": "Entities mentioned in a claim.",
        "facets": ["role", "label"],
        "columns": {"claim_id": "The claim.", "entity_id": "The entity.", "text": "As written.",
                    "role": "Its role in the claim: subject, speaker or mention.",
                    "label": DATASETS["entities"]["columns"]["label"],
                    "start": "Character offset where the mention starts.", "end": "Character offset where it ends."},
    },
    "matches": {
        "description": DATASETS["matches"]["description"],
        "label_column": "reason",
        "facets": ["relation", "tier", "reason_code"],
        "columns": {
            **_same_as("matches", "relation", "score", "tier", "reason_code", "reason", "changed_over_time"),
            "claim_a": "The pair's first claim by id (the export puts the sides in publication order).",
            "claim_b": "The pair's second claim by id.",
            "detail": "JSON: the opposed figures and the scores that made the match (rejected when an editor "
                      "said it is not a contradiction).",
            "created_at": "When it was matched (UTC, ISO 8601).",
        },
    },
    "matched_claims": {
        "description": "Claims already compared, so that matching again compares only new ones.",
        "columns": {"claim_id": "The claim.", "matched_at": "When (UTC, ISO 8601)."},
    },
    "claim_vectors": {
        "description": "Cached sentence embeddings of claims (semantic matching).",
        "columns": {"claim_id": "The claim.", "model": "The embedding model.", "vector": "float32 values."},
    },
    "clusters": {
        "description": DATASETS["clusters"]["description"],
        "label_column": "label",
        "facets": ["status"],
        "columns": _same_as("clusters", "label", "status", "members", "outlets",
                            "independent_sources", "first_published", "last_published"),
    },
    "cluster_members": {
        "description": "The claims of each cluster.",
        "facets": ["cluster_id"],
        "columns": {"cluster_id": "The cluster.", "claim_id": "A claim of it.",
                    "source_key": "Its original source: relayed copies share one and count once."},
    },
    "stories": {
        "description": DATASETS["stories"]["description"],
        "label_column": "label",
        "columns": {
            **_same_as("stories", "label", "articles", "first_published", "last_published"),
            "created_at": "When the story was started (UTC, ISO 8601).",
        },
    },
    "story_members": {
        "description": "Each article's story, and why it is there.",
        "facets": ["story_id"],
        "columns": {
            "article_id": "The article (one row each).",
            "story_id": "Its story.",
            "score": "How alike it was to the story's other articles when it joined, 0 to 1 "
                     "(1.0 when it was alone in its story).",
            "evidence": "JSON: the story it joined, whether it started it (started), the revision it "
                        "replaces (revision_of) and the terms it shares with the story (shared: e: names, w: words).",
            "terms": "JSON: the article's names (e:) and words (w:) with their counts, to compare later articles with.",
            "dated": "The day the article stands at in time: its publication date, or the latest date its claims state.",
            "assigned_at": "When it was given its story (UTC, ISO 8601).",
        },
    },
    "verdicts": {
        "description": "Every editor verdict, append-only: the latest row per target is current.",
        "facets": ["rating", "target_type", "editor"],
        "columns": {
            **_same_as("verdicts", "target_type", "target_id", "note", "editor", "created_at",
                       "claim_text", "article_id"),
            "rating": "The rating; empty when the verdict was withdrawn.",
        },
    },
    "review_events": {
        "description": "Reviewer actions, append-only (decisions on a pair: contradiction, not-contradiction, changed-over-time; flag, note, skip, undo).",
        "facets": ["action", "editor"],
        "columns": {
            **_same_as("verdicts", "target_type", "target_id", "editor", "created_at"),
            "action": "What the reviewer did.", "value": "Its detail (a note's text, the undone event's id).",
        },
    },
    "review_positions": {
        "description": "The item each editor last looked at in the reviewer, so it reopens there.",
        "columns": {"editor": "The editor.", "tab": "The reviewer tab.",
                    **_same_as("verdicts", "target_type", "target_id"), "updated_at": "When (UTC, ISO 8601)."},
    },
    "review_order": {
        "description": "The reviewer's queue, ranked; derived from matches and clusters and ranked again, "
                       "story by story, when stale.",
        "columns": {
            "tab": "The reviewer tab.", **_same_as("verdicts", "target_type", "target_id"),
            "claim_a": "The item's first claim.", "claim_b": "Its second claim, for a pair.",
            "reason": DATASETS["matches"]["columns"]["reason"],
            "worth": "How worth checking its claims look, 0 to 1.", "outlets": "How many outlets carry it.",
            "published": "Its latest publication date.",
            "story_id": "The story of its first claim (what is ranked again when the story changes).",
        },
    },
    "review_disputes": {
        "description": "The dispute each contradiction belongs to in the reviewer: the grouping "
                       "`factcheck contradictions` prints, so a decision on a dispute covers its pairs.",
        "columns": {"match_id": "The contradiction (a match id).", "dispute_id": "The dispute it belongs to.",
                    "story_id": "The story of its first claim."},
    },
    "review_order_state": {
        "description": "Whether the reviewer's whole queue must be ranked again.",
        "columns": {"stale": "1 when its inputs changed since it was ranked and the stories they touch are unknown."},
    },
    "review_stale_stories": {
        "description": "The stories whose items in the reviewer's queue must be ranked again.",
        "columns": {"story_id": "A story whose matches, clusters, claims or articles changed since it was ranked "
                                "(-1: a change without a story, so the whole queue)."},
    },
    "verdict_orphans": {
        "description": "Verdicts whose claim a newer revision of the article dropped.",
        "columns": {
            "claim_id": "The claim that was rated.",
            "nearest_claim_id": DATASETS["verdicts"]["columns"]["nearest_claim_id"],
            "score": DATASETS["verdicts"]["columns"]["nearest_score"],
            "verdict_id": "The verdict.",
            "detected_at": "When the newer revision was read (UTC, ISO 8601).",
        },
    },
    "_factcheck_migrations": {
        "description": "The schema migrations run on this database (see PRAGMA user_version).",
        "columns": {"name": "The migration.", "applied_at": "When it ran (UTC, ISO 8601)."},
    },
}


def column_type(dataset: str, column: str) -> str:
    """The declared type of an export column (a ``TYPES`` key)."""
    return DATASETS[dataset].get("types", {}).get(column, "text")


def columns_markdown() -> str:
    """The README section: one table of columns per export dataset."""
    parts = []
    for name, dataset in DATASETS.items():
        parts.append(f"### `{name}`\n\n{dataset['description']}\n\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{column}` | {TYPES[column_type(name, column)]} | {meaning} |"
                     for column, meaning in dataset["columns"].items())
        parts.append("")
    return "\n".join(parts)


def datasette_metadata(database: str = "claims") -> dict[str, Any]:
    """Datasette metadata for a claims.db served under the name ``database``."""
    tables = {}
    for name, table in TABLES.items():
        entry = {"description": table["description"], "columns": dict(table["columns"])}
        for key in ("label_column", "facets"):
            if key in table:
                entry[key] = table[key]
        tables[name] = entry
    tables["claims_fts"] = {"hidden": True}
    return {
        "title": "factcheck",
        "description": "Claims, their sources, and where outlets agree or contradict.",
        # The data is the articles': their outlets' terms, which the database does not record.
        "license": "Articles: each outlet's own terms (not recorded here)",
        "databases": {database: {"tables": tables}},
    }
