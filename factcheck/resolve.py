"""One entity for the names that refer to it, within and across articles.

Within an article, a bare surname ("Primakov") joins the one full name that
ends with it ("Yevgeny Primakov"). Across articles, full names join when
their first names and surnames agree after folding transliteration variants
("Yevgeny"/"Evgeny", "Aykhan"/"Ayhan", "Hajizadeh"/"Hajizade"); other names
join when they are equal once case, punctuation and a leading "the" are
dropped ("BakuTV"/"Baku.tv") or nearly equal (rapidfuzz). A bare surname is
never joined to a person of another article: two people may share it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

import sqlite_utils
from rapidfuzz import fuzz

from .db import insert_row

PERSON_LABEL = "PERSON"
TITLES = frozenset(
    {
        "mr", "mrs", "ms", "dr", "president", "prime", "minister", "general", "gen", "sir",
        "professor", "prof", "spokesman", "spokeswoman", "spokesperson", "former", "king",
        "queen", "prince", "senator", "governor", "mayor", "chief", "head",
    }
)
GENERATION_SUFFIXES = frozenset({"sr", "jr", "ii", "iii", "senior", "junior"})
NAME_SIMILARITY = 88
"""rapidfuzz ratio over folded name parts above which two spellings are one name."""
THING_SIMILARITY = 92
NON_PERSON_MIN_KEY = 6
"""Short names ("AP", "EU") only join on equality: fuzzy scores on them mean little."""


def fold(text: str) -> str:
    """Lower-case ASCII, without accents."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def fold_transliteration(word: str) -> str:
    """One spelling for common transliteration variants of a name part."""
    word = re.sub(r"^ye", "e", word)
    word = word.replace("kh", "h")
    word = re.sub(r"(?<=[aeiou])h$", "", word)
    word = re.sub(r"(iy|ii|yi)$", "y", word)
    return word


@dataclass(frozen=True)
class PersonName:
    """A person's name split into folded parts (titles dropped)."""

    first: str | None
    surname: str
    suffix: str | None

    @classmethod
    def parse(cls, text: str) -> "PersonName | None":
        words = re.findall(r"[a-z]+", fold(re.sub(r"['’]s\b", "", text)))
        words = [word for word in words if word not in TITLES]
        suffix = words.pop() if len(words) > 1 and words[-1] in GENERATION_SUFFIXES else None
        if not words:
            return None
        words = [fold_transliteration(word) for word in words]
        return cls(words[0] if len(words) > 1 else None, words[-1], suffix)

    def same_person(self, other: "PersonName") -> bool:
        if self.first is None or other.first is None or self.suffix != other.suffix:
            return False
        return (
            fuzz.ratio(self.surname, other.surname) >= NAME_SIMILARITY
            and fuzz.ratio(self.first, other.first) >= NAME_SIMILARITY
        )


_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE_END = re.compile(r"['’]s$")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")


def thing_key(text: str) -> str:
    """Folded name of an organisation or place: "The Baku.tv" -> "bakutv"."""
    text = _LEADING_THE.sub("", fold(text).strip())
    text = _POSSESSIVE_END.sub("", text)
    return _NOT_ALPHANUMERIC.sub("", text)


@dataclass
class _Cluster:
    """The mentions of one entity within one article."""

    name: str
    label: str
    aliases: set[str] = field(default_factory=set)
    mention_keys: list[tuple[str, int, int]] = field(default_factory=list)
    entity_id: int | None = None

    @cached_property
    def person(self) -> PersonName | None:
        return PersonName.parse(self.name) if self.label == PERSON_LABEL else None

    @cached_property
    def alias_keys(self) -> frozenset[str]:
        """Folded aliases; read once the article's clusters are complete."""
        return frozenset(thing_key(alias) for alias in self.aliases)


def article_clusters(mentions: list[dict]) -> list[_Cluster]:
    """Group an article's mentions: one cluster per full name, bare surnames joined
    to the single full name that ends with them, other names by their folded key."""
    clusters: list[_Cluster] = []
    by_key: dict[str, _Cluster] = {}
    persons: list[_Cluster] = []
    ordered = sorted(mentions, key=lambda m: -len(m["text"]))
    for mention in ordered:
        text = _POSSESSIVE_END.sub("", mention["text"].strip())
        place = (mention["claim_id"], mention["start"], mention["end"])
        name = PersonName.parse(text) if mention["label"] == PERSON_LABEL else None
        cluster = None
        if name is not None and name.first is not None:
            cluster = next((c for c in persons if c.person and c.person.same_person(name)), None)
            if cluster is None:
                cluster = _Cluster(text, PERSON_LABEL)
                persons.append(cluster)
                clusters.append(cluster)
        elif mention["label"] not in ("GPE", "NORP", "LOC"):
            surname = name or PersonName.parse(text)
            candidates = [
                c for c in persons
                if surname is not None and surname.first is None and c.person
                and c.person.suffix == surname.suffix
                and fuzz.ratio(c.person.surname, surname.surname) >= NAME_SIMILARITY
            ]
            if len(candidates) == 1 and " " not in text:
                cluster = candidates[0]
        if cluster is None:
            key = thing_key(text) if name is None else "person:" + text.lower()
            cluster = by_key.get(key)
            if cluster is None:
                cluster = _Cluster(text, mention["label"])
                by_key[key] = cluster
                clusters.append(cluster)
        cluster.aliases.add(text)
        cluster.mention_keys.append(place)
    return clusters


class EntityIndex:
    """The entities already stored, for finding the one a cluster names."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.entities: dict[int, dict] = {row["id"]: row for row in db["entities"].rows}
        self.by_key: dict[str, int] = {}
        # Each entity's name read once, for the fuzzy comparisons with every new cluster.
        self.people: dict[int, PersonName] = {}
        self.thing_keys: dict[int, str] = {}
        for entity in self.entities.values():
            self._index(entity)

    def _index(self, entity: dict) -> None:
        self.by_key.setdefault(self._key(entity["name"], entity["label"]), entity["id"])
        if entity["label"] != PERSON_LABEL:
            self.thing_keys[entity["id"]] = thing_key(entity["name"])
        elif (person := PersonName.parse(entity["name"])) is not None:
            self.people[entity["id"]] = person

    @staticmethod
    def _key(name: str, label: str | None) -> str:
        if label == PERSON_LABEL:
            person = PersonName.parse(name)
            if person is not None:
                return f"person:{person.first}:{person.surname}:{person.suffix}"
        return "thing:" + thing_key(name)

    def find(self, cluster: _Cluster) -> int | None:
        found = self.by_key.get(self._key(cluster.name, cluster.label))
        if found is not None:
            return found
        person = cluster.person
        if cluster.label == PERSON_LABEL:
            if person is None or person.first is None:
                return None
            return next((entity_id for entity_id, other in self.people.items() if person.same_person(other)), None)
        key = thing_key(cluster.name)
        if len(key) < NON_PERSON_MIN_KEY:
            return None
        return next(
            (
                entity_id for entity_id, other in self.thing_keys.items()
                if len(other) >= NON_PERSON_MIN_KEY and fuzz.ratio(key, other) >= THING_SIMILARITY
            ),
            None,
        )

    def add(self, cluster: _Cluster) -> int:
        entity_id = insert_row(self.db, "entities", {"name": cluster.name, "label": cluster.label})
        entity = {"id": entity_id, "name": cluster.name, "label": cluster.label}
        self.entities[entity_id] = entity
        self._index(entity)
        return entity_id


def resolve_entities(db: sqlite_utils.Database, article_ids: Iterable[int]) -> int:
    """Link the mentions, subjects and speakers of the articles' claims to entities.

    The articles are taken in id order (the order they were stored), whatever order they
    are given in: an entity is named by the first article that mentions it and later ones
    join it, so another order would give other entities, and an interrupted run resumed
    would end unlike an uninterrupted one. Returns the number of distinct entities the
    articles mention.
    """
    index = EntityIndex(db)
    mentioned: set[int] = set()
    with db.conn:
        for article_id in sorted(set(article_ids)):
            mentions = list(
                db.query(
                    "select ce.claim_id, ce.start, ce.end, ce.text, ce.label from claim_entities ce "
                    "join claims c on c.id = ce.claim_id where c.article_id = ?",
                    [article_id],
                )
            )
            clusters = article_clusters(mentions)
            for cluster in clusters:
                cluster.entity_id = index.find(cluster) or index.add(cluster)
                mentioned.add(cluster.entity_id)
                db.conn.executemany(
                    "insert or ignore into entity_aliases (entity_id, alias) values (?, ?)",
                    [(cluster.entity_id, alias) for alias in sorted(cluster.aliases)],
                )
                db.conn.executemany(
                    "update claim_entities set entity_id = ? where claim_id = ? and start = ? and end = ?",
                    [(cluster.entity_id, claim, start, end) for claim, start, end in cluster.mention_keys],
                )
            _link_subjects(db, article_id, clusters)
            _link_speakers(db, article_id, clusters)
    return len(mentioned)


def _by_alias(clusters: list[_Cluster], text: str | None) -> int | None:
    """The entity an article's clusters give to a name, or None when none or several fit."""
    if not text:
        return None
    key = thing_key(text)
    person = PersonName.parse(text)
    found = set()
    for cluster in clusters:
        if key in cluster.alias_keys:
            found.add(cluster.entity_id)
        elif person is not None and cluster.person is not None:
            if person.first is None:
                if person.surname == cluster.person.surname and person.suffix == cluster.person.suffix:
                    found.add(cluster.entity_id)
            elif person.same_person(cluster.person):
                found.add(cluster.entity_id)
    return found.pop() if len(found) == 1 else None


def _link_subjects(db: sqlite_utils.Database, article_id: int, clusters: list[_Cluster]) -> None:
    """Each claim's subject: the entity of its first subject mention, else the one its subject names."""
    first_mention: dict[str, int | None] = {}
    for claim_id, entity_id in db.execute(
        "select ce.claim_id, ce.entity_id from claim_entities ce join claims c on c.id = ce.claim_id "
        "where c.article_id = ? and ce.role = 'subject' order by ce.claim_id, ce.start, ce.end",
        [article_id],
    ):
        first_mention.setdefault(claim_id, entity_id)
    db.conn.executemany(
        "update claims set subject_entity_id = ? where id = ?",
        [
            (first_mention.get(claim["id"]) or _by_alias(clusters, claim["subject"]), claim["id"])
            for claim in db.query("select id, subject from claims where article_id = ?", [article_id])
        ],
    )


def _link_speakers(db: sqlite_utils.Database, article_id: int, clusters: list[_Cluster]) -> None:
    rows = db.query(
        "select a.claim_id, a.speaker, a.speaker_start, a.speaker_end, a.via from attributions a "
        "join claims c on c.id = a.claim_id where c.article_id = ?",
        [article_id],
    )
    db.conn.executemany(
        "update attributions set speaker_entity_id = ?, via_entity_id = ? where claim_id = ?",
        [
            (
                _entity_at(clusters, row["speaker_start"], row["speaker_end"]) or _by_alias(clusters, row["speaker"]),
                _by_alias(clusters, row["via"]),
                row["claim_id"],
            )
            for row in rows
        ],
    )


def _entity_at(clusters: list[_Cluster], start: int | None, end: int | None) -> int | None:
    if start is None or end is None:
        return None
    for cluster in clusters:
        # "Azerbaijani media" is not the Azerbaijanis: a nationality word names the speaker
        # only when it is the whole of it.
        if cluster.label == "NORP" and not any(s <= start and end <= e for _c, s, e in cluster.mention_keys):
            continue
        for _claim, mention_start, mention_end in cluster.mention_keys:
            if mention_start < end and start < mention_end:
                return cluster.entity_id
    return None
