"""Scoring a claims database against a gold file (the format: tests/data/README.md).

``evaluate(db, gold_path)`` returns the scores as one dict with the keys the
README lists (plus ``documents.contains``: how many gold ``contains`` strings
were found in the stored texts, which tells ingest losses from claim misses;
and, when the gold has stories, ``stories.cross_story_contradictions_auto`` /
``contradictions_auto``: the same count for the auto tier alone; and
``pairs.contradictions_by_tier``: contradiction precision of each tier).
A stored outlet is right when it names the gold's outlet under ``outlet_key``
(case, spacing, punctuation, a leading "The", a bracketed qualifier and a
domain's suffix do not count: gold "Stuff.co.nz" is the stored "Stuff") or
spells it nearly alike (OUTLET_MATCH).
``evaluate_many`` scores several gold files, each on its own database, and
averages their rates.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping, Sequence

import sqlite_utils
import tld
import yaml
from rapidfuzz import fuzz

from .db import current_article, open_db
from .errors import BadOption, FactcheckError

SPEAKER_MATCH = 85
"""rapidfuzz token_set_ratio (lower-cased) at which a speaker names a gold alias."""
OUTLET_MATCH = 85
"""rapidfuzz ratio (lower-cased) at which a stored outlet equals the gold one."""
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")

_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'", "´": "'"})


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased, quotes straightened, white space runs made one space.

    Returns the folded text and, for each of its characters, the offset of the
    character it came from, so a place found in the folded text maps back.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for at, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        else:
            char = char.translate(_FOLD).lower()
        for piece in char:
            chars.append(piece)
            offsets.append(at)
    return "".join(chars), offsets


def locate(text: str, needle: str, folded: tuple[str, list[int]] | None = None) -> tuple[int, int] | None:
    """Character span of ``needle`` in ``text`` under the gold's comparison rules, or None."""
    haystack, offsets = folded or fold(text)
    wanted = fold(needle)[0].strip()
    if not wanted:
        return None
    at = haystack.find(wanted)
    if at < 0:
        return None
    return offsets[at], offsets[at + len(wanted) - 1] + 1


def head_noun(phrase: str) -> str:
    """The last word of a speaker phrase before any "of"/"from"/","/"who" ("sources familiar ..." -> sources)."""
    words = re.split(r",|\s+(?:of|from|for|in|at|familiar|close|who|that|with)\s+", phrase.lower())[0].split()
    return words[-1].strip(".'\"’") if words else ""


def speaker_matches(
    speaker: str | None,
    gold: str | None,
    aliases: list[list[str]],
    entity_aliases: Iterable[str] = (),
) -> bool:
    """Whether a stored speaker names the gold speaker (gold/README.md rules).

    ``entity_aliases`` are the aliases of the speaker's resolved entity, if any.
    """
    if gold is None:
        return not speaker
    if not speaker:
        return False
    names = _group(gold, aliases)
    if gold.lower() == "sources":
        noun = head_noun(speaker)
        if noun in ("source", "sources"):
            return True
    folded_names = {name.lower() for name in names}
    if folded_names & {alias.lower() for alias in entity_aliases}:
        return True
    said = speaker.lower()
    return any(fuzz.token_set_ratio(said, name) >= SPEAKER_MATCH for name in folded_names)


def outlet_key(name: str) -> str:
    """What names one outlet whatever the spelling: case, spaces and punctuation, a leading
    "The" and a trailing qualifier in brackets dropped, a domain reduced to the host without
    its public suffix ("Stuff.co.nz", "stuff" and "Stuff" are one key, a blog at
    "someone.blogspot.nl" is not "Blogspot"; "ABC News (Australia)" is "ABC News")."""
    name = _QUALIFIER.sub("", name.strip().casefold()).removeprefix("the ")
    if _DOMAIN.match(name):
        parsed = tld.get_tld(name, fix_protocol=True, as_object=True, fail_silently=True)
        if parsed:
            name = f"{parsed.subdomain}.{parsed.domain}".removeprefix("www.")
    return re.sub(r"[\W_]", "", name)


def outlet_matches(stored: str, gold: str) -> bool:
    """Whether a stored outlet is the gold one: the same outlet_key, or nearly the same spelling."""
    key = outlet_key(stored)
    return bool(key) and (key == outlet_key(gold) or fuzz.ratio(stored.lower(), gold.lower()) >= OUTLET_MATCH)


def _group(name: str, aliases: list[list[str]]) -> list[str]:
    lowered = name.lower()
    for group in aliases:
        if any(alias.lower() == lowered for alias in group):
            return list(group)
    return [name]


@dataclass
class Gold:
    path: Path
    documents: dict[str, dict]
    aliases: list[list[str]]
    attributions: list[dict]
    groups: list[dict]
    traps: list[dict]

    @property
    def stories(self) -> dict[str, str]:
        """The gold story of each document that names one."""
        return {key: str(doc["story"]) for key, doc in self.documents.items() if doc.get("story") is not None}


def load_gold(path: str | Path) -> Gold:
    """Read and check a gold file; any problem is a FactcheckError of one line."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactcheckError(f"{path}: no such gold file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FactcheckError(f"{path}: cannot read the gold file ({error})") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise FactcheckError(f"{path}: not valid YAML{line}") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise FactcheckError(f"{path}: not a gold file (no `documents` mapping)")
    documents = {str(key): value for key, value in data["documents"].items()}
    for key, document in documents.items():
        if not isinstance(document, dict) or not document.get("file"):
            raise FactcheckError(f"{path}: document {key!r} has no `file`")
    sections = {name: data.get(name) or [] for name in ("aliases", "attributions", "groups", "traps")}
    for name, section in sections.items():
        if not isinstance(section, list) or (name != "aliases" and not all(isinstance(x, dict) for x in section)):
            raise FactcheckError(f"{path}: `{name}` must be a list of {'lists' if name == 'aliases' else 'mappings'}")
    for group in sections["groups"]:
        if not isinstance(group.get("members") or [], list):
            raise FactcheckError(f"{path}: the members of group {group.get('id')!r} must be a list")
    if not all(isinstance(group, list) for group in sections["aliases"]):
        raise FactcheckError(f"{path}: `aliases` must be a list of lists")
    gold = Gold(
        path,
        documents,
        [[str(a) for a in group] for group in sections["aliases"]],
        sections["attributions"],
        sections["groups"],
        sections["traps"],
    )
    for item in _items(gold):
        if not isinstance(item, dict) or str(item.get("doc")) not in documents or not item.get("contains"):
            raise FactcheckError(f"{path}: an item names no known document or has no `contains`: {item!r}")
    return gold


def _items(gold: Gold) -> Iterable[dict]:
    yield from gold.attributions
    for group in gold.groups:
        yield from group.get("members") or []
    for trap in gold.traps:
        yield trap.get("a")
        yield trap.get("b")


@dataclass
class _Article:
    id: int
    text: str
    outlet: str | None
    published: str | None
    folded: tuple[str, list[int]] = field(init=False)
    claims: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folded = fold(self.text)


class _Store:
    """The stored articles of the gold's documents, their claims and matches."""

    def __init__(self, db: sqlite_utils.Database, gold: Gold) -> None:
        if "articles" not in db.table_names():
            raise FactcheckError("the database has no articles (run `factcheck ingest` first)")
        self.db = db
        self.articles: dict[str, _Article] = {}
        for key, document in gold.documents.items():
            row = self._latest(Path(str(document["file"])).name)
            if row is not None:
                self.articles[key] = _Article(row["id"], row["text"], row["outlet"], row["published"])
        if not self.articles:
            raise FactcheckError(
                f"the database holds none of the articles of {gold.path.name} (ingest its documents first)"
            )
        ids = {article.id: article for article in self.articles.values()}
        marks = ",".join("?" * len(ids))
        for claim in db.query(
            f"select c.id, c.article_id, c.start, c.end, a.kind, a.speaker, a.speaker_entity_id "
            f"from claims c left join attributions a on a.claim_id = c.id where c.article_id in ({marks})",
            list(ids),
        ):
            ids[claim["article_id"]].claims.append(claim)
        self.entity_aliases: dict[int, set[str]] = {}
        for row in db.query("select entity_id, alias from entity_aliases"):
            self.entity_aliases.setdefault(row["entity_id"], set()).add(row["alias"])
        for row in db.query("select id, name from entities"):
            self.entity_aliases.setdefault(row["id"], set()).add(row["name"])
        self.matches = list(db.query("select claim_a, claim_b, relation, tier from matches"))

    def _latest(self, name: str) -> dict | None:
        rows = list(
            self.db.query(
                "select a.id, a.text, a.published, o.name as outlet from articles a "
                "left join outlets o on o.id = a.outlet_id where a.source_name = ? "
                f"and {current_article()} order by a.id desc limit 1",
                [name],
            )
        )
        return rows[0] if rows else None

    def place(self, item: dict) -> tuple[_Article, tuple[int, int]] | None:
        article = self.articles.get(str(item["doc"]))
        if article is None:
            return None
        span = locate(article.text, str(item["contains"]), article.folded)
        return (article, span) if span else None

    def claims_of(self, item: dict) -> list[dict]:
        placed = self.place(item)
        if placed is None:
            return []
        article, (start, end) = placed
        return [c for c in article.claims if c["start"] < end and c["end"] > start]


def _ratio(part: int, whole: int, empty: float = 0.0) -> float:
    return round(part / whole, 4) if whole else empty


def score_attributions(store: _Store, gold: Gold) -> dict[str, Any]:
    """Counts and accuracies, and ``misses``: each gold item scored wrong with what was stored."""
    total = found = speaker_correct = kind_correct = 0
    misses = []
    for item in gold.attributions:
        total += 1
        claims = store.claims_of(item)
        gold_speaker = item.get("speaker")
        gold_speaker = None if gold_speaker is None else str(gold_speaker)
        miss = {"doc": str(item["doc"]), "contains": item["contains"], "gold_speaker": gold_speaker,
                "gold_kind": item.get("kind"), "stored": [{"speaker": c["speaker"], "kind": c["kind"]} for c in claims]}
        if not claims:
            misses.append(miss)
            continue
        found += 1
        speaker_right = kind_right = False
        if any(
            speaker_matches(
                c["speaker"] if c["kind"] != "outlet" else None,
                gold_speaker,
                gold.aliases,
                store.entity_aliases.get(c["speaker_entity_id"], ()),
            )
            for c in claims
        ):
            speaker_correct += 1
            speaker_right = True
        if any(c["kind"] == item.get("kind") for c in claims):
            kind_correct += 1
            kind_right = True
        if not (speaker_right and kind_right):
            misses.append(miss)
    return {
        "total": total,
        "found": found,
        "speaker_correct": speaker_correct,
        "kind_correct": kind_correct,
        "speaker_accuracy": _ratio(speaker_correct, total),
        "kind_accuracy": _ratio(kind_correct, total),
        "misses": misses,
    }


def _claim_ids(store: _Store, item: dict) -> set[str]:
    return {c["id"] for c in store.claims_of(item)}


def _joined(matches: list[dict], side_a: set[str], side_b: set[str], relation: str) -> bool:
    return any(
        m["relation"] == relation
        and ((m["claim_a"] in side_a and m["claim_b"] in side_b) or (m["claim_a"] in side_b and m["claim_b"] in side_a))
        and m["claim_a"] != m["claim_b"]
        for m in matches
    )


def score_pairs(store: _Store, gold: Gold) -> dict[str, Any]:
    counts = {"agree": [0, 0], "contradict": [0, 0]}
    expected_contradictions: set[frozenset[str]] = set()
    gold_claims: set[str] = set()
    for group in gold.groups:
        members = list(group.get("members") or [])
        claim_sets = [_claim_ids(store, m) for m in members]
        gold_claims.update(*claim_sets)
        has_values = any("value" in m for m in members)
        for i, first in enumerate(members):
            for j in range(i + 1, len(members)):
                second = members[j]
                if str(first["doc"]) == str(second["doc"]):
                    continue
                agree = not has_values or first.get("value") == second.get("value")
                relation = "agrees" if agree else "contradicts"
                key = "agree" if agree else "contradict"
                counts[key][0] += 1
                if _joined(store.matches, claim_sets[i], claim_sets[j], relation):
                    counts[key][1] += 1
                if not agree:
                    expected_contradictions.update(
                        frozenset((a, b)) for a in claim_sets[i] for b in claim_sets[j]
                    )
    traps_violated = 0
    for trap in gold.traps:
        side_a, side_b = _claim_ids(store, trap["a"]), _claim_ids(store, trap["b"])
        gold_claims |= side_a | side_b
        if side_a == side_b:
            violated = any(
                m["relation"] == "contradicts" and m["claim_a"] in side_a and m["claim_b"] in side_a for m in store.matches
            )
        else:
            violated = _joined(store.matches, side_a, side_b, "contradicts")
        traps_violated += violated
    judged = [
        m for m in store.matches
        if m["relation"] == "contradicts" and m["claim_a"] in gold_claims and m["claim_b"] in gold_claims
    ]
    right = sum(frozenset((m["claim_a"], m["claim_b"])) in expected_contradictions for m in judged)
    result: dict[str, Any] = {
        key: {"total": total, "found": hit, "recall": _ratio(hit, total)} for key, (total, hit) in counts.items()
    }
    result["contradiction_precision"] = _ratio(right, len(judged), empty=1.0)
    by_tier: dict[str, list[int]] = {}
    for m in judged:
        tally = by_tier.setdefault(m["tier"], [0, 0])
        tally[0] += 1
        tally[1] += frozenset((m["claim_a"], m["claim_b"])) in expected_contradictions
    result["contradictions_by_tier"] = {
        tier: {"judged": judged_count, "right": right_count, "precision": _ratio(right_count, judged_count)}
        for tier, (judged_count, right_count) in sorted(by_tier.items())
    }
    result["traps_violated"] = traps_violated
    return result


def score_documents(store: _Store, gold: Gold) -> dict[str, Any]:
    outlet = {"total": 0, "correct": 0}
    published = {"total": 0, "correct": 0}
    for key, document in gold.documents.items():
        article = store.articles.get(key)
        if document.get("outlet") is not None:
            outlet["total"] += 1
            stored = (article.outlet or "") if article else ""
            outlet["correct"] += outlet_matches(stored, str(document["outlet"]))
        if document.get("published") is not None:
            published["total"] += 1
            stored = (article.published or "")[:10] if article else ""
            published["correct"] += stored == str(document["published"])
    items = [item for item in _items(gold)]
    contains = {"total": len(items), "found": sum(store.place(item) is not None for item in items)}
    return {"outlet": outlet, "published": published, "contains": contains}


def b_cubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering, over the items of ``gold``.

    Both map an item to its cluster label; an item that ``predicted`` leaves
    out is a cluster of its own.
    """
    if not gold:
        return 0.0, 0.0, 0.0
    labels = {item: ("cluster", predicted[item]) if item in predicted else ("alone", item) for item in gold}
    shared = Counter((labels[item], gold[item]) for item in gold)
    predicted_size = Counter(labels.values())
    gold_size = Counter(gold.values())
    precision = sum(n * n / predicted_size[label] for (label, _), n in shared.items()) / len(gold)
    recall = sum(n * n / gold_size[story] for (_, story), n in shared.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _predicted_stories(db: sqlite_utils.Database) -> dict[int, int]:
    if "story_members" not in db.table_names():
        return {}
    return {row["article_id"]: row["story_id"] for row in db.query("select article_id, story_id from story_members")}


def score_stories(store: _Store, gold: Gold) -> dict[str, Any]:
    """B-cubed of the stored stories and the matches that join different gold stories."""
    gold_story = {
        store.articles[key].id: story for key, story in gold.stories.items() if key in store.articles
    }
    stored = _predicted_stories(store.db)
    predicted = {article: stored[article] for article in gold_story if article in stored}
    precision, recall, f1 = b_cubed(gold_story, predicted)
    article_of = {claim["id"]: article.id for article in store.articles.values() for claim in article.claims}
    counts: Counter[str] = Counter()
    for match in store.matches:
        kind = {"agrees": "agreements", "contradicts": "contradictions"}.get(match["relation"])
        first, second = article_of.get(match["claim_a"]), article_of.get(match["claim_b"])
        if kind is None or first not in gold_story or second not in gold_story:
            continue
        cross = gold_story[first] != gold_story[second]
        counts[kind] += 1
        counts[f"cross_story_{kind}"] += cross
        if match["tier"] == "auto":
            counts[f"{kind}_auto"] += 1
            counts[f"cross_story_{kind}_auto"] += cross
    return {
        "documents": len(gold_story),
        "gold_stories": len(set(gold_story.values())),
        "predicted_stories": len(set(predicted.values())) + len(gold_story) - len(predicted),
        "b3_precision": round(precision, 4),
        "b3_recall": round(recall, 4),
        "b3_f1": round(f1, 4),
        "cross_story_contradictions": counts["cross_story_contradictions"],
        "contradictions": counts["contradictions"],
        "cross_story_agreements": counts["cross_story_agreements"],
        "agreements": counts["agreements"],
        "cross_story_contradictions_auto": counts["cross_story_contradictions_auto"],
        "contradictions_auto": counts["contradictions_auto"],
    }


def evaluate(db: sqlite_utils.Database, gold: str | Path | Gold) -> dict[str, Any]:
    """Score ``db`` against a gold file (its path, or the file already loaded); see gold/README.md."""
    if not isinstance(gold, Gold):
        gold = load_gold(gold)
    store = _Store(db, gold)
    ids = [article.id for article in store.articles.values()]
    marks = ",".join("?" * len(ids))
    claims_total = db.execute(f"select count(*) from claims where article_id in ({marks})", ids).fetchone()[0]
    contradictions_total = db.execute(
        f"select count(*) from matches m join claims c on c.id = m.claim_a "
        f"where m.relation = 'contradicts' and c.article_id in ({marks})",
        ids,
    ).fetchone()[0]
    scores = {
        "attribution": score_attributions(store, gold),
        "pairs": score_pairs(store, gold),
        "documents": score_documents(store, gold),
        "claims_total": claims_total,
        "contradictions_total": contradictions_total,
    }
    if gold.stories:
        scores["stories"] = score_stories(store, gold)
    return scores


RATES = (
    "speaker_accuracy", "kind_accuracy", "agree_recall", "contradict_recall", "contradiction_precision",
    "story_b3_precision", "story_b3_recall", "story_b3_f1",
)
"""The rates ``macro_average`` averages over the sets that have them."""
COUNTS = ("traps_violated", "cross_story_contradictions_auto", "cross_story_contradictions", "cross_story_agreements")
"""The counts ``evaluate_many`` sums over the sets that have them."""


def key_figures(scores: dict[str, Any]) -> dict[str, float | int | None]:
    """One set's rates and counts of RATES and COUNTS; None where the gold has nothing to score."""
    attribution, pairs, stories = scores["attribution"], scores["pairs"], scores.get("stories")
    attributed = attribution["total"] > 0
    agree, contradict = pairs["agree"]["total"] > 0, pairs["contradict"]["total"] > 0
    return {
        "speaker_accuracy": attribution["speaker_accuracy"] if attributed else None,
        "kind_accuracy": attribution["kind_accuracy"] if attributed else None,
        "agree_recall": pairs["agree"]["recall"] if agree else None,
        "contradict_recall": pairs["contradict"]["recall"] if contradict else None,
        # Without gold pairs, the precision is 1.0 by definition and says nothing.
        "contradiction_precision": pairs["contradiction_precision"] if agree or contradict else None,
        "story_b3_precision": stories["b3_precision"] if stories else None,
        "story_b3_recall": stories["b3_recall"] if stories else None,
        "story_b3_f1": stories["b3_f1"] if stories else None,
        "traps_violated": pairs["traps_violated"],
        "cross_story_contradictions_auto": stories["cross_story_contradictions_auto"] if stories else None,
        "cross_story_contradictions": stories["cross_story_contradictions"] if stories else None,
        "cross_story_agreements": stories["cross_story_agreements"] if stories else None,
    }


def macro_average(sets: Iterable[dict[str, Any]]) -> dict[str, float | None]:
    """The plain mean of each rate over the sets that have it (None when none has)."""
    figures = [key_figures(scores) for scores in sets]
    means: dict[str, float | None] = {}
    for rate in RATES:
        values = [figure[rate] for figure in figures if figure[rate] is not None]
        means[rate] = round(sum(values) / len(values), 4) if values else None
    return means


def count_totals(sets: Iterable[dict[str, Any]]) -> dict[str, int | None]:
    """The sum of each count over the sets that have it (None when none has)."""
    figures = [key_figures(scores) for scores in sets]
    totals: dict[str, int | None] = {}
    for count in COUNTS:
        values = [figure[count] for figure in figures if figure[count] is not None]
        totals[count] = sum(values) if values else None
    return totals


@dataclass
class GoldSet:
    """A gold file, the database it is scored on and the corpus that database is built from."""

    name: str
    gold: Gold
    db_path: Path
    corpus: Path | None


def plan_sets(
    gold_paths: Sequence[str | Path],
    db_dir: str | Path,
    corpora: str | Path | None = None,
    corpus_of: Mapping[str, str | Path] | None = None,
) -> list[GoldSet]:
    """Each gold file (named by its stem) with DB_DIR/<name>.db and CORPORA/<name>/ or its override."""
    corpus_of = dict(corpus_of or {})
    names = [Path(path).stem for path in gold_paths]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise FactcheckError(f"two gold files are named {repeated[0]!r}; each set needs its own name")
    unknown = sorted(set(corpus_of) - set(names))
    if unknown:
        raise BadOption(f"--corpus {unknown[0]}=...: no gold file is named {unknown[0]!r}")
    sets = []
    for name, path in zip(names, gold_paths):
        corpus = corpus_of.get(name) or (Path(corpora) / name if corpora else None)
        sets.append(GoldSet(name, load_gold(path), Path(db_dir) / f"{name}.db", Path(corpus) if corpus else None))
    return sets


def build_database(gold_set: GoldSet, progress: bool = False) -> None:
    """Ingest the set's corpus into its database, which appears only once the whole run succeeded."""
    # Imported here: the pipeline loads spaCy, which scoring never needs.
    from .pipeline import run

    partial = gold_set.db_path.with_name(gold_set.db_path.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    db = open_db(partial)
    run(db, [str(gold_set.corpus)], progress=progress)
    db.close()
    os.replace(partial, gold_set.db_path)


def _check_databases(sets: list[GoldSet], build: bool) -> None:
    """Fail before scoring anything when a set has no database and none can be built."""
    for gold_set in sets:
        if gold_set.db_path.exists():
            continue
        if not build:
            raise FactcheckError(f"{gold_set.db_path}: no such database for {gold_set.gold.path.name}")
        if gold_set.corpus is None:
            raise FactcheckError(f"{gold_set.name}: cannot build {gold_set.db_path} (no corpus folder given)")
        if not gold_set.corpus.is_dir():
            raise FactcheckError(f"{gold_set.name}: cannot build {gold_set.db_path} ({gold_set.corpus} is not a folder)")


def evaluate_many(sets: list[GoldSet], build: bool = False, progress: bool = False) -> dict[str, Any]:
    """Score each set on its own database: {"sets": {name: scores}, "macro": means, "totals": sums}.

    With ``build``, a missing database is first made by ingesting the set's corpus.
    """
    _check_databases(sets, build)
    scores = {}
    for gold_set in sets:
        if not gold_set.db_path.exists():
            build_database(gold_set, progress)
        db = open_db(gold_set.db_path, create=False)
        scores[gold_set.name] = evaluate(db, gold_set.gold)
        db.close()
    return {"sets": scores, "macro": macro_average(scores.values()), "totals": count_totals(scores.values())}
