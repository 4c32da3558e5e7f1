"""What comparing claims speaks of, shared by matching, judging, clustering and stories:
the claims as they are compared (:class:`ClaimView`, :func:`load_claims`), the settings of
matching (:class:`MatchConfig`), the scores of a pair (:class:`Scores`), the text
normalisers every stage uses, and the ids and filters of pairs.

It imports none of those stages, so they depend on it and not on each other in a circle.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Iterable

import sqlite_utils

from .db import current_article
from .errors import BadOption, FactcheckError
from .nlp.readings import CLAIM_READING_COLUMNS, ClaimReadings
from .nlp.records import FRAME_COLUMNS, Frame, Quantity
# The stages take their text normalisers from here; the claims stage, which runs before them, from nlp.words.
from .nlp.words import NUMBER_WORDS, content_words, stem  # noqa: F401


@dataclass(frozen=True)
class MatchConfig:
    """Every threshold and weight of matching and judging, in one place.

    Scores are between 0 and 1. A pair scoring at least ``suggest_threshold``
    is stored (tier ``suggest``: a person should confirm it); at least
    ``auto_threshold`` it is stored with tier ``auto``. The defaults were
    measured on both gold sets (``bench/match_quality.py``); with
    ``semantic`` the weights of :data:`SEMANTIC_SETTINGS` apply unless set.
    """

    auto_threshold: float = 0.6
    suggest_threshold: float = 0.3
    # Numbers that differ only count as a contradiction when the rest of the
    # claim says the same thing: masked fuzzy similarity at least this.
    contradiction_similarity: float = 0.6
    # Claims that differ only by a negation or an opposite word must be closer.
    opposition_similarity: float = 0.7
    weight_fuzzy: float = 0.4
    weight_words: float = 0.2
    # Shared words weighted by rarity: "said" or "Azerbaijan" in every claim say little.
    weight_rare_words: float = 0.2
    # Shared entities rank unrelated claims about the same actors high: measured
    # worse than chance on the seeds, so off unless a corpus shows otherwise.
    weight_entities: float = 0.0
    weight_semantic: float = 0.3
    # Sentence embeddings (the optional ``semantic`` extra); off by default.
    semantic: bool = False
    # Agreements a claim keeps with the claims of any one other article, and in
    # all (within one run): measured on both gold sets, 5 halves the Aceh
    # agreements and lifts their precision at the seeds' recall.
    best_per_article: int = 2
    max_agreements_per_claim: int = 5
    # Blocking: keys shared by more claims than this are too common to help on
    # their own (they are paired instead). 100 and 200 give the same matches
    # on both gold sets; 100 halves the scan per claim in large corpora.
    max_block_size: int = 100
    # Candidates kept per claim (the best by shared rare keys).
    max_candidates: int = 25
    # Relative tolerance for approximate figures ("around 40") without bounds. Of 0.05, 0.10,
    # 0.15 and 0.20, the eight single-event dev sets score the same but for mount-cook-climbers-2013
    # ("around 2000ft (609 metres)" against "some 700 metres": contradiction recall 0.80 at 0.05
    # and 0.10, 0.74 at 0.15, 0.72 at 0.20); chosen leave-one-set-out, the largest of the best on
    # the other seven (held out, mount-cook-climbers-2013 ties on them all: 0.20, recall 0.72).
    approximate_tolerance: float = 0.10
    # Relative tolerance after converting units (6 miles ~ 10 km).
    conversion_tolerance: float = 0.06
    # A contradiction is one only between two reports of one event, so an auto one needs its two
    # articles alike (story similarity, ``stories.article_similarity``) as articles of one event
    # beyond doubt are. Calibrated on the dev feeds' article pairs that share a story (the mixed
    # feed of 66 events, with its 33 pairs of same-kind events, and the eight single-event sets),
    # by bands of 0.02: from 0.40 up, 96% or more of such pairs report one event in every band.
    # (Below it no band falls under one half, so no contradiction is held back for it.)
    auto_same_event: float = 0.40
    # Claims are compared within the story (event) of their articles; on, also
    # across stories, for background facts that many events repeat.
    cross_story: bool = False


# With embeddings the wording counts less and one best partner per article
# suffices (measured on both gold sets: agreement precision on the seeds 0.82
# against 0.49 at the same recall).
SEMANTIC_SETTINGS = {"weight_fuzzy": 0.2, "weight_words": 0.4, "suggest_threshold": 0.35, "best_per_article": 1}


THRESHOLDS = ("suggest_threshold", "auto_threshold")


def load_config(path: str | Path | None = None, **overrides) -> MatchConfig:
    """A :class:`MatchConfig` from a TOML file's ``[match]`` table, then ``overrides``.

    Unknown keys are an error, so a typo does not silently leave a default; so are
    a value of the wrong type, a threshold outside 0..1 and an automatic threshold
    below the suggestion threshold (BadOption, naming the file when a value came
    from it and the flag, ``--auto-threshold``, when it came from ``overrides``).
    With ``semantic`` on, :data:`SEMANTIC_SETTINGS` fill what was not set.
    """
    from_file: dict = {}
    if path is not None:
        try:
            with open(path, "rb") as handle:
                from_file = tomllib.load(handle).get("match", {})
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise FactcheckError(f"{path}: cannot read match config ({error})") from None
    given = {key: value for key, value in overrides.items() if value is not None}
    values = {**from_file, **given}
    if values.get("semantic"):
        values = {**SEMANTIC_SETTINGS, **values}
    in_file = f"{path}: " if from_file else ""
    unknown = sorted(set(values) - {f.name for f in fields(MatchConfig)})
    if unknown:
        raise BadOption(f"{in_file}unknown match setting(s): {', '.join(unknown)}")
    try:
        config = MatchConfig(**{key: type(getattr(MatchConfig(), key))(v) for key, v in values.items()})
    except (TypeError, ValueError) as error:
        raise BadOption(f"{in_file}bad match setting: {error}") from None
    _check_thresholds(config, path, set(from_file) - set(given), set(given))
    return config


def _check_thresholds(config: MatchConfig, path, from_file: set[str], given: set[str]) -> None:
    """Scores are between 0 and 1, and an automatic pair must score enough to be suggested:
    the judge stores only what reaches the suggestion threshold."""

    def named(key: str) -> str:
        return f"--{key.replace('_', '-')}" if key in given else key

    def refuse(message: str, *keys: str) -> None:
        raise BadOption(f"{path}: {message}" if from_file & set(keys) else message)

    for key in THRESHOLDS:
        value = getattr(config, key)
        if not 0 <= value <= 1:
            refuse(f"{named(key)} {value} is not between 0 and 1", key)
    if config.auto_threshold < config.suggest_threshold:
        refuse(
            f"{named('auto_threshold')} {config.auto_threshold} is below {named('suggest_threshold')} "
            f"{config.suggest_threshold}", *THRESHOLDS,
        )


@dataclass
class ClaimView:
    """One claim with what matching and judging need, read from the database."""

    id: str
    article_id: int
    text: str
    content: str = ""
    outlet_id: int | None = None
    outlet: str | None = None
    published: str | None = None
    story_id: int | None = None
    subject: str | None = None
    subject_entity_id: int | None = None
    predicate: str | None = None
    negated: bool = False
    hedged: bool = False
    attribution_kind: str | None = None
    speaker: str | None = None
    speaker_entity_id: int | None = None
    cue: str | None = None
    via: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    # What the claims stage read in the wording (directions, clock times, ...); None: not read.
    readings: ClaimReadings | None = None
    entity_ids: frozenset = frozenset()
    words: frozenset = frozenset()
    masked: str = ""
    # The claim's sentence embedding (unit length) when semantic matching is on.
    vector: object = field(default=None, repr=False, compare=False)
    # What the judge derives from the claim once (its figures), reused for every pair.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.content:
            self.content = self.text
        self.masked = mask_numbers(self.content).lower()
        self.words = frozenset(content_words(self.content))


_NUMBER = re.compile(r"\d[\d,.:]*\d|\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)


def mask_numbers(text: str) -> str:
    """``text`` with every number (digits or words) replaced by ``#``.

    Fuzzy scorers rate "71 countries" vs "80 countries" at 94-95; numbers are
    compared on their own by the judge.
    """
    return _NUMBER.sub("#", text)


def wording(text: str) -> str:
    """``text`` reduced to its words, lower-cased: two copies of one wire sentence read the same."""
    return re.sub(r"\W+", " ", text.lower()).strip()


@dataclass(frozen=True)
class Scores:
    """How alike two claims are, each signal between 0 and 1, and their blend."""

    fuzzy: float
    words: float
    entities: float
    predicate: float
    semantic: float | None
    combined: float
    rare_words: float = 0.0


_CLAIMS_SQL = f"""
SELECT c.id, c.article_id, c.start, c.text, c.content, c.subject, c.subject_entity_id,
       c.predicate, c.negated, c.hedged, a.outlet_id, o.name AS outlet, a.published,
       sm.story_id, t.kind AS attribution_kind, t.speaker, t.speaker_entity_id, t.cue, t.via,
       {", ".join(f"c.{column}" for column in CLAIM_READING_COLUMNS)}
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN story_members sm ON sm.article_id = a.id
LEFT JOIN attributions t ON t.claim_id = c.id
WHERE {current_article()} {{in_stories}}
ORDER BY c.id
"""


def listed_stories_sql(story_id: str) -> str:
    """SQL that is true when ``story_id`` (an SQL expression) is one of the stories of
    ``:stories``, a JSON list of story ids."""
    return f"{story_id} IN (SELECT value FROM json_each(:stories))"


def in_stories_sql(article_id: str) -> str:
    """SQL that is true when article ``article_id`` (an SQL expression) is in one of the stories
    of ``:stories``, a JSON list of story ids."""
    return f"{article_id} IN (SELECT article_id FROM story_members WHERE {listed_stories_sql('story_id')})"


def story_claims_sql() -> str:
    """SQL for the ids of the claims of the stories of ``:stories`` (a subquery)."""
    return f"(SELECT c.id FROM claims c WHERE {in_stories_sql('c.article_id')})"


def story_matches_sql(columns: str) -> str:
    """SQL for ``columns`` (of ``matches m``) of every match with a claim in the stories of
    ``:stories``, each once. Each side is looked up through its own index: beside a condition
    on the relation, "claim_a IN ... OR claim_b IN ..." makes SQLite read every match of that
    relation in the database, a cost that grows with the feed and not with the stories."""
    of_stories = story_claims_sql()
    return (
        f"SELECT {columns} FROM matches m WHERE m.claim_a IN {of_stories} UNION ALL "
        f"SELECT {columns} FROM matches m WHERE m.claim_b IN {of_stories} AND m.claim_a NOT IN {of_stories}"
    )


def load_claims(db: sqlite_utils.Database, stories: Iterable[int] | None = None) -> list[ClaimView]:
    """Every claim of the current article revisions (of ``stories`` only, when given), with
    quantities and entities."""
    quantities: dict[str, list[Quantity]] = defaultdict(list)
    starts: dict[str, int] = {}
    claims: list[ClaimView] = []
    if stories is None:
        rows = list(db.query(_CLAIMS_SQL.format(in_stories="")))
        of_rows, params = "1", {}
    else:
        rows = list(db.query(_CLAIMS_SQL.format(in_stories="AND " + in_stories_sql("a.id")),
                             {"stories": json.dumps(sorted(stories))}))
        of_rows = "claim_id IN (SELECT value FROM json_each(:claims))"
        params = {"claims": json.dumps([row["id"] for row in rows])}
    for row in rows:
        starts[row["id"]] = row["start"] or 0
    for row in db.query(
        "SELECT claim_id, kind, text, value, low, high, unit, approximate, date, precision, "
        f"start, end, equivalent_of, {', '.join(FRAME_COLUMNS)} "
        f"FROM quantities WHERE {of_rows} ORDER BY claim_id, start", params
    ):
        offset = starts.get(row["claim_id"])
        if offset is None:
            continue
        quantities[row["claim_id"]].append(
            Quantity(
                kind=row["kind"], text=row["text"], value=row["value"], low=row["low"],
                high=row["high"], unit=row["unit"], approximate=bool(row["approximate"]),
                date=row["date"], precision=row["precision"],
                # -1 marks a figure without offsets: judged on the whole claim.
                start=-1 if row["start"] is None else row["start"] - offset,
                end=-1 if row["end"] is None else row["end"] - offset,
                equivalent_of=row["equivalent_of"], frame=stored_frame(row),
            )
        )
    entities: dict[str, set[int]] = defaultdict(set)
    for row in db.query(
        f"SELECT claim_id, entity_id FROM claim_entities WHERE entity_id IS NOT NULL AND {of_rows}", params
    ):
        entities[row["claim_id"]].add(row["entity_id"])
    for row in rows:
        claim_id = row["id"]
        ids = set(entities.get(claim_id, ()))
        if row["subject_entity_id"] is not None:
            ids.add(row["subject_entity_id"])
        claims.append(
            ClaimView(
                id=claim_id, article_id=row["article_id"], text=row["text"],
                content=row["content"] or "", outlet_id=row["outlet_id"], outlet=row["outlet"],
                published=row["published"], story_id=row["story_id"], subject=row["subject"],
                subject_entity_id=row["subject_entity_id"], predicate=row["predicate"],
                negated=bool(row["negated"]), hedged=bool(row["hedged"]),
                attribution_kind=row["attribution_kind"], speaker=row["speaker"],
                speaker_entity_id=row["speaker_entity_id"], cue=row["cue"], via=row["via"],
                quantities=quantities.get(claim_id, []), readings=ClaimReadings.from_row(row),
                entity_ids=frozenset(ids),
            )
        )
    return claims


def entity_names(db: sqlite_utils.Database, entity_ids: Iterable[int]) -> dict[int, set[str]]:
    """The names of each of ``entity_ids`` (its name and its aliases)."""
    names: dict[int, set[str]] = defaultdict(set)
    wanted = json.dumps(sorted(set(entity_ids)))
    for row in db.query(
        "SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(:ids)) UNION "
        "SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN (SELECT value FROM json_each(:ids))",
        {"ids": wanted},
    ):
        names[row["id"]].add(row["name"])
    return dict(names)


def stored_frame(row) -> Frame | None:
    """A figure's frame from its quantities row; None for figures analysed before frames existed."""
    if all(row[column] is None for column in FRAME_COLUMNS):
        return None
    return Frame(**{column: row[column] for column in FRAME_COLUMNS})


def pair_id(claim_a: str, claim_b: str) -> int:
    """The id of the match between two claims: the same in every build of the database.

    52 bits of a hash of the sorted pair: an integer (so ``match:N`` reads as
    before) that stays exact in JSON and spreadsheets.
    """
    first, second = sorted((claim_a, claim_b))
    return int(hashlib.sha256(f"{first}\x1f{second}".encode()).hexdigest()[:13], 16)


ENTITY_FILTER = """(
  {claim}.text LIKE :entity_like
  OR EXISTS (SELECT 1 FROM claim_entities ce JOIN entity_aliases al ON al.entity_id = ce.entity_id
             WHERE ce.claim_id = {claim}.id AND al.alias LIKE :entity_like)
  OR EXISTS (SELECT 1 FROM claim_entities ce JOIN entities en ON en.id = ce.entity_id
             WHERE ce.claim_id = {claim}.id AND en.name LIKE :entity_like))"""


def entity_filter(claim_alias: str) -> str:
    """SQL that is true when claim ``claim_alias`` mentions ``:entity`` (name, alias or text)."""
    return ENTITY_FILTER.format(claim=claim_alias)
