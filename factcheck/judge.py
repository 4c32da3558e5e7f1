"""Judge a candidate pair: ``agrees``, ``contradicts`` or ``related``, and why.

Contradictions come only from explicit evidence, never from a low score:
figures of the same kind, unit and role that cannot both be true, dates,
opposite negation, opposite directions or positions, a different superior in
a chain of command, and clock times that name different instants. Before a
conflict of figures is called a contradiction, the judge rules out what
fact-checkers know to be innocent: different things counted, the same sum in
two currencies or units, different events or years, different scopes,
approximate figures within their tolerance, and running counts (tolls,
injured, damaged houses) that change while an event unfolds.

What the judge knows of a claim's wording (directions, positions, superiors,
clock times, running totals, the words around each figure) was read once by the
claims stage and stored (``nlp.readings``; the upgrade to schema 12 read them
for older claims); it does not read claim text again. A claim stored without
them (by another tool) has them unread: no opposition comes from them, and a
figure's context is then the claim's words.
"""

from __future__ import annotations

import datetime
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Iterable, Mapping

from rapidfuzz import fuzz

from .pairs import ClaimView, MatchConfig, Scores, content_words, stem, wording
from .nlp.attribution.cues import CLAUSE_VERBS, REPORTING_VERBS
from .nlp.negation import negation_count
from .nlp.quantities.numbers import UNIT_FACTORS, ordinal_value
from .nlp.readings import ClaimReadings
from .nlp.records import AGE_UNIT, RECORD_UNIT, Frame, Quantity

# Dates are compared with one another whatever they date.
DATE_KEY = ("date",)

# A plural not formed from its singular, which the lemmatiser keeps as a word of its own:
# "one person" and "three people" count one thing.
SINGULARS = {"people": "person"}

# Words around a figure that make it a running count of an unfolding event.
RUNNING_COUNT_WORDS = frozenset(stem(word) for word in (
    "killed kill dead death deaths died die injured injuring injure injuries wounded missing "
    "toll casualties victims damaged destroyed collapsed trapped evacuated displaced homeless "
    "hospitalised hospitalized affected rescued arrested detained flattened confirmed so-far "
    "rose risen climbed rising bringing"
).split())

DENIAL_CUES = frozenset({"deny", "denied", "denies", "reject", "rejected", "dismiss", "dismissed", "refute", "refuted"})
# A claim stored without its wording's readings (by another tool: the upgrade to schema 12 read
# them for older claims): nothing read, so no opposition of directions, positions, superiors or
# clock times, and no running total.
UNREAD = ClaimReadings()

ZONE_OFFSETS = {"gmt": 0.0, "utc": 0.0, "edt": -4.0, "est": -5.0, "cet": 1.0, "ist": 5.5, "wib": 7.0}
# Earlier "years" are clock readings or flight numbers misread as years.
FIRST_YEAR = "1500"
# Dates this close before publication are the news itself, not an earlier event.
RECENT_DAYS = 10
# The reason code of an agreement that rests on wording alone ("similar wording (0.43)").
WORDING_ONLY = "similar-text"
PRONOUN_SUBJECTS = frozenset({"it", "he", "she", "they", "this", "that", "which", "who"})


@dataclass(frozen=True)
class Judgement:
    """The relation of two claims, with a machine-readable code and a human reason."""

    relation: str
    tier: str
    reason_code: str
    reason: str
    changed_over_time: bool = False
    detail: dict = field(default_factory=dict)

    def detail_json(self, scores: Scores) -> str:
        payload = dict(self.detail)
        payload["scores"] = {
            "fuzzy": round(scores.fuzzy, 3), "words": round(scores.words, 3),
            "entities": round(scores.entities, 3), "predicate": scores.predicate,
            "rare_words": round(scores.rare_words, 3),
            "semantic": None if scores.semantic is None else round(scores.semantic, 3),
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True)


# No full names known (see ``attach_names``).
NO_NAMES: Mapping[str, frozenset[int]] = MappingProxyType({})


@dataclass(frozen=True)
class Figure:
    """A quantity with its comparable interval and the words around it."""

    quantity: Quantity
    key: tuple
    low: float
    high: float
    label: str
    context: frozenset
    after: str
    lead: str = ""
    # Set for lengths and durations only: a counted noun may be spelled like a dimension.
    dimension: str | None = None
    # How far (relative) a figure may lie from this one and still be the same: "about 20".
    tolerance: float = 0.0
    # The variants its claim names the figure's thing by ("the 13-inch model costs $1,199"):
    # (unit, value) pairs (see ``_variant_named``).
    variant: tuple = ()
    # The parts of its story's full names, each with the names it is part of: two parts of one
    # full name name one thing (see ``attach_names``).
    names: Mapping[str, frozenset[int]] = field(default_factory=lambda: NO_NAMES, compare=False, repr=False)


def judge(a: ClaimView, b: ClaimView, scores: Scores, config: MatchConfig) -> Judgement | None:
    """The relation between two claims of different articles, or None when unrelated."""
    tier = "auto" if scores.combined >= config.auto_threshold else "suggest"
    years_a, years_b = claim_years(a), claim_years(b)
    same, conflicts, apart = compare_figures(a, b, config)
    # Opposite words speak of one event only when its figures and years agree.
    opposition = None if conflicts or years_a != years_b else find_opposition(a, b, scores, config)
    if opposition:
        code, reason = opposition
        return Judgement("contradicts", tier, code, reason)
    # A conflict of figures of one event is worth a look however differently the claims are worded.
    if scores.combined < config.suggest_threshold and not (
        years_a == years_b and any(_same_happening(x, y) or _same_owner(x, y) for x, y in conflicts)
    ):
        return None
    if conflicts:
        first, second = _deciding_conflict(conflicts)
        figures = frame_label(first.quantity.frame, second.quantity.frame) + versus(first.label, second.label)
        detail = {"figures": [[x.quantity.text, y.quantity.text] for x, y in conflicts]}
        only_dates = all(x.quantity.kind == "date" for x, _ in conflicts)
        if years_a != years_b and not only_dates:
            return Judgement(
                "related", tier, "different-events",
                f"different events or years: {_years_label(years_a, a)} vs {_years_label(years_b, b)}",
                detail=detail,
            )
        # A count changes over time only between reports of two known times.
        reported_apart = a.published and b.published and a.published != b.published
        if reported_apart and (
            _is_running_count(first, a) or _is_running_count(second, b) or _grown_since(first, second, a, b)
        ):
            if not (_is_historical(a, years_a) or _is_historical(b, years_b)):
                return Judgement(
                    "related", tier, "changed-over-time",
                    f"changed over time? {first.label} ({a.published or 'undated'}) vs "
                    f"{second.label} ({b.published or 'undated'})",
                    changed_over_time=True, detail=detail,
                )
        periods_a, periods_b = claim_periods(a), claim_periods(b)
        if periods_a != periods_b:
            return Judgement(
                "related", tier, "different-scope",
                f"different parts: {_periods_label(periods_a)} vs {_periods_label(periods_b)} "
                f"({first.label} vs {second.label})",
                detail=detail,
            )
        if readings(a).cumulative != readings(b).cumulative:
            return Judgement(
                "related", tier, "different-scope",
                f"different scope: a total so far vs one count ({first.label} vs {second.label})",
                detail=detail,
            )
        scope_a, scope_b = _scope(first), _scope(second)
        if scope_a and scope_b and not scope_a & scope_b:
            return Judgement(
                "related", tier, "different-scope",
                f"different scope: {' '.join(sorted(scope_a))} vs {' '.join(sorted(scope_b))}",
                detail=detail,
            )
        if only_dates:
            # Dated events recur (a decree a month): a different date contradicts only
            # when everything else is said the same way.
            # Or when both date the same happening of the news itself: two days in the days before
            # their articles, for one event verb or beside a figure both claims state alike.
            if scores.fuzzy >= config.opposition_similarity:
                return Judgement("contradicts", tier, "date-mismatch", figures, detail=detail)
            # A day of the news both claims agree on leaves an earlier period's mismatch alone.
            if not any(x.key == DATE_KEY and _of_the_news(x, a) for x, _ in same):
                for x, y in conflicts:
                    if not (_of_the_news(x, a) and _of_the_news(y, b)):
                        continue
                    if _same_event(x, y) or (_one_happening(same) and not _stated_on(x) and not _stated_on(y)):
                        return Judgement("contradicts", tier, "date-mismatch", versus(x.label, y.label),
                                         detail=detail)
        elif (
            scores.fuzzy >= config.contradiction_similarity
            or _aligned(first, second)
            or (first.context & second.context and scores.predicate)
            or (first.dimension and first.lead and first.lead == second.lead)
        ):
            return Judgement("contradicts", tier, "number-mismatch", figures, detail=detail)
        return Judgement("related", tier, "different-figures", figures, detail=detail)
    # Claims stating the same figures, one naming a past period and the other none, speak of one
    # fact: the period belongs to something else the claim mentions ("the Colts (10-5) joined the
    # Miami Dolphins of 2008"). Two periods named apart are two events.
    if years_a != years_b and (years_a or years_b) and (years_a and years_b or not same):
        return Judgement(
            "related", tier, "different-events",
            f"different events or years: {_years_label(years_a, a)} vs {_years_label(years_b, b)}",
        )
    if apart and not same:
        # Alike in words, but their figures count different things: not one fact.
        return Judgement("related", tier, "different-things", f"different things: {apart[0]}")
    if wording(a.content) == wording(b.content):
        # Word for word: one source printed twice, not two outlets confirming each other.
        return Judgement("agrees", tier, "copy", "word-for-word copy (one source)")
    if same:
        labels = ", ".join(dict.fromkeys(x.label for x, _ in same))
        return Judgement("agrees", tier, "same-figures", f"same figures: {labels}")
    return Judgement("agrees", tier, WORDING_ONLY, f"similar wording ({scores.combined:.2f})")


def _deciding_conflict(conflicts: list[tuple[Figure, Figure]]) -> tuple[Figure, Figure]:
    """The conflict a verdict rests on: beside conflicting numbers, a date only places the event."""
    return next(((x, y) for x, y in conflicts if x.key != DATE_KEY), conflicts[0])


def versus(first: str, second: str) -> str:
    """ "71 vs 80 countries": a shared trailing unit is said once."""
    words_first, words_second = first.split(), second.split()
    shared = 0
    while (
        shared < min(len(words_first), len(words_second)) - 1
        and words_first[-1 - shared].lower() == words_second[-1 - shared].lower()
    ):
        shared += 1
    if not shared:
        return f"{first} vs {second}"
    tail = " ".join(words_first[-shared:])
    return f"{' '.join(words_first[:-shared])} vs {' '.join(words_second[:-shared])} {tail}"


def figures_of(claim: ClaimView, config: MatchConfig) -> list[Figure]:
    """The claim's quantities as comparable intervals (a second currency is skipped)."""
    cached = claim.derived.get(("figures", config))
    if cached is None:
        cached = claim.derived[("figures", config)] = _figures(claim, config)
    return cached


def _figures(claim: ClaimView, config: MatchConfig) -> list[Figure]:
    figures = []
    names = claim.derived.get("names", NO_NAMES)
    for quantity in claim.quantities:
        # A period places the claim's figures in a part of the event (``claim_periods``).
        if quantity.equivalent_of is not None or quantity.kind == PERIOD_KIND:
            continue
        frame = quantity.frame or Frame()
        after = frame.after or ""
        if quantity.kind == "date":
            if not quantity.date:
                continue
            figures.append(Figure(quantity, DATE_KEY, 0, 0, quantity.text, _context(claim, quantity), after,
                                  names=names))
            continue
        if quantity.kind == "score":
            # A score compares with the scores of its role only ("won", "a record"): never a count.
            if quantity.low is not None and quantity.high is not None:
                first, second = sorted((quantity.low, quantity.high))
                key = (quantity.kind, stem(quantity.unit) if quantity.unit else None)
                figures.append(Figure(quantity, key, first, second, quantity.text, _context(claim, quantity), after,
                                      names=names))
            continue
        if quantity.value is None and quantity.low is None and quantity.high is None:
            continue
        unit = _measure_unit(quantity) or (stem(after) if after else None)
        unit = SINGULARS.get(unit, unit)
        factor, dimension = 1.0, None
        key: tuple = (quantity.kind, unit)
        if unit in UNIT_FACTORS:
            dimension, factor = UNIT_FACTORS[unit]
            key = (quantity.kind, dimension)
            if dimension == "duration" and after.lower() in TIME_OFFSET_WORDS:
                # "18 hours earlier" places a happening in time; "for 30 minutes" measures one.
                key = (quantity.kind, "time offset")
        # A rate ("$22 million per season") or a mean ("averaged 22.8 points") is no total, nor is
        # a run of a sequence ("his first 17 passes", "the last 10 points").
        if frame.lead and (ordinal_value(frame.lead) is not None or frame.lead.lower() in SEQUENCE_ENDS):
            key = (*key, f"{frame.lead.lower()} of")
        elif frame.rate:
            key = (*key, f"per {frame.rate}")
        elif frame.verb == "average":
            key = (*key, "average")
        value = quantity.value
        low = quantity.low if quantity.low is not None else value
        high = quantity.high if quantity.high is not None else (value if quantity.low is None else None)
        # "about 40" stands for a figure near 40; a bound ("over 70") or a range is its own limit.
        bounded = quantity.low is not None or quantity.high is not None
        tolerance = config.approximate_tolerance if quantity.approximate and not bounded else 0.0
        if factor != 1.0 or unit in UNIT_FACTORS:
            tolerance = max(tolerance, config.conversion_tolerance)
        low = float("-inf") if low is None else low * factor
        high = float("inf") if high is None else high * factor
        label = quantity.text
        if after and quantity.unit and stem(after) == stem(quantity.unit) and after not in label:
            label = f"{label} {after}"
        figures.append(
            Figure(quantity, key, low, high, label, _context(claim, quantity), after,
                   frame.lead or "", dimension, tolerance,
                   tuple(sorted(_variant_named(quantity, claim).items())), names)
        )
    return figures


def _measure_unit(quantity: Quantity) -> str | None:
    """The unit the quantities component read (it prefers a hyphenated measure, "8.6-magnitude",
    to the counted noun); without one, the measure written into the figure."""
    if quantity.unit:
        return stem(quantity.unit)
    measure = quantity.frame.measure if quantity.frame else None
    return stem(measure) if measure else None


def compare_figures(
    a: ClaimView, b: ClaimView, config: MatchConfig
) -> tuple[list[tuple[Figure, Figure]], list[tuple[Figure, Figure]], list[str]]:
    """Pairs of figures that agree, pairs that cannot both be true, and why figures of one
    unit that differ were kept apart (their frames say they are about different things).

    Figures are compared within one kind and unit (or dimension). When some
    figure of a unit appears in both claims, the unit's other figures are
    taken to count other things; a conflict needs the figures to play the
    same role: the only figure of their unit on both sides, or shared words
    around them.
    """
    variants = a.derived.get("variants") or {}
    # "the 13-inch model costs $1,199" / "the 15-inch model costs $1,799": two things.
    other = _other_variants(a, b, variants)
    if other:
        return [], [], [other]
    figures_a, figures_b = figures_of(a, config), figures_of(b, config)
    by_key_a: dict[tuple, list[Figure]] = {}
    by_key_b: dict[tuple, list[Figure]] = {}
    for figure in _units_from(figures_a, figures_b):
        by_key_a.setdefault(figure.key, []).append(figure)
    for figure in _units_from(figures_b, figures_a):
        by_key_b.setdefault(figure.key, []).append(figure)
    same, conflicts, apart = [], [], []
    for key, group_a in by_key_a.items():
        group_b = by_key_b.get(key)
        if not group_b:
            continue
        # Figures said of two named variants never match each other ("$1,799 for the 15-inch").
        matched = [(x, y) for x in group_a for y in group_b if _compatible(x, y) and not _named_apart(x, y)]
        if matched:
            same.extend(pair for pair in matched if _exact_enough(*pair))
            # The rest count other things, but for a figure said of the same named variant as one
            # of the other claim's: "$1,099 for the 13-inch" / "the 13-inch comes in $1,199".
            paired_a, paired_b = {id(x) for x, _ in matched}, {id(y) for _, y in matched}
            conflicts.extend(
                (x, y) for x in group_a for y in group_b
                if id(x) not in paired_a and id(y) not in paired_b and _variants_of(x, y, variants)[0]
            )
            continue
        for x in group_a:
            for y in group_b:
                # Said of one named variant ("for the base 13-inch version" / "for the 13-inch
                # option"), two figures are of one thing however their anchors are worded.
                one_variant, two_variants = _variants_of(x, y, variants)
                different = two_variants or (
                    None if one_variant else frames_differ(x.quantity.frame, y.quantity.frame, x.names)
                )
                different = different or _two_happenings(x, y, a.derived.get("happenings") or {})
                if different:
                    apart.append(different)
                    continue
                if _scores_of_others(x, y) or _two_things(x.quantity, y.quantity, variants):
                    continue
                single = len(group_a) == 1 and len(group_b) == 1
                if one_variant or (single and (x.context & y.context or key[0] == "date")) or _aligned(x, y):
                    conflicts.append((x, y))
    return same, conflicts, apart


def _units_from(figures: list[Figure], others: list[Figure]) -> list[Figure]:
    """``figures``, each figure whose unit went unread taking the unit of the one figure of the
    other claim that states its very value ("swelling his season yardage to 4,183" / "4,183
    passing yards"): the same number said twice is one fact, and the claim's other figures of
    that unit then count other things."""
    result = []
    for figure in figures:
        if figure.key[0] == "number" and len(figure.key) == 2 and figure.key[1] is None:
            equal = [other for other in others if other.key[0] == "number" and other.key[1] is not None
                     and other.quantity.value is not None and other.quantity.value == figure.quantity.value]
            if len(equal) == 1:
                figure = replace(figure, key=equal[0].key, low=equal[0].low, high=equal[0].high,
                                 dimension=equal[0].dimension)
        result.append(figure)
    return result


def attach_variants(claims: list[ClaimView]) -> None:
    """Mark, for each story, the pairs of values of a describing figure that one article states
    side by side: they name two things of the story, not rival figures for one. Two values
    of one kind of thing ("the 11-inch and the 13-inch models") are two models wherever they
    appear; two values of two named owners ("Rait, 36, and Buckley, 32") are two people only
    when the claims compared name different owners. Values said of two periods ("the 6.1-magnitude
    quake" of today, "an 8.6-magnitude quake" last year) are two events, not two kinds of one
    thing. Each claim gets its story's
    ``{unit: {frozenset((value, value)): one kind of thing?}}`` in ``derived["variants"]``."""
    stated: dict[int, dict[str, list[tuple[Quantity, frozenset]]]] = defaultdict(lambda: defaultdict(list))
    story_of = {}
    for claim in claims:
        story_of[claim.article_id] = claim.story_id
        describing = _describing(claim)
        years = claim_years(claim) if describing else frozenset()
        for quantity in describing:
            stated[claim.article_id][quantity.unit].append((quantity, years))
    variants: dict[object, dict[str, dict[frozenset, bool]]] = defaultdict(lambda: defaultdict(dict))
    for article, units in stated.items():
        for unit, quantities in units.items():
            pairs = variants[story_of[article]][unit]
            for x, years_x in quantities:
                for y, years_y in quantities:
                    if x.value != y.value and years_x == years_y:
                        pair = frozenset((x.value, y.value))
                        pairs[pair] = pairs.get(pair, False) or _same_name(x.frame.owner, y.frame.owner)
    for claim in claims:
        claim.derived["variants"] = variants.get(claim.story_id, {})


def attach_names(claims: list[ClaimView], names_of: Mapping[int, Iterable[str]]) -> None:
    """Give each claim the parts of the full names (of two words or more) that the claims of its
    story mention, each part with the names it is part of, in ``derived["names"]``: within one
    story two parts of one full name name one thing ("Indianapolis (10-5)" and "the Colts
    (10-5)" of "the Indianapolis Colts", "Kansas City" and "the Chiefs"), as readers take them.
    ``names_of`` gives an entity's names."""
    story_names: dict[object, set[str]] = defaultdict(set)
    for claim in claims:
        for entity in claim.entity_ids:
            story_names[claim.story_id].update(
                _without_article(name.lower().strip()) for name in names_of.get(entity, ()) if " " in name.strip()
            )
    parts_of: dict[object, dict[str, frozenset[int]]] = {}
    for story, names in story_names.items():
        index: dict[str, set[int]] = defaultdict(set)
        for number, name in enumerate(sorted(names)):
            words = name.split()
            for start in range(len(words)):
                for end in range(start + 1, len(words) + 1):
                    index[" ".join(words[start:end])].add(number)
        parts_of[story] = {part: frozenset(numbers) for part, numbers in index.items()}
    for claim in claims:
        claim.derived["names"] = parts_of.get(claim.story_id, NO_NAMES)


def attach_events(claims: list[ClaimView], config: MatchConfig) -> None:
    """Mark, for each story, the measures of one happening that one article states apart for two
    of them: two figures of one verb and one unit, in two claims of the article, that differ
    ("Rait died after falling 150 metres" ... "Buckley fell 700 metres"), said of two subjects. The story then tells
    two happenings of one kind, and two other articles' figures near those two values are one
    of each, not rival figures for one (see ``_two_happenings``). Each claim gets its story's
    ``{(unit, verb): [(figure, figure), ...]}`` in ``derived["happenings"]``."""
    stated: dict[tuple, dict[tuple, list[tuple[str, Figure]]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        for figure in figures_of(claim, config):
            verb = figure.quantity.frame.verb if figure.quantity.frame else None
            if verb and figure.key[0] == "number" and figure.low == figure.high:
                stated[(claim.story_id, claim.article_id)][(figure.key, verb)].append((claim.id, figure))
    happenings: dict[object, dict[tuple, list[tuple[Figure, Figure]]]] = defaultdict(lambda: defaultdict(list))
    for (story, _), frames in stated.items():
        for frame, figures in frames.items():
            for index, (claim_x, x) in enumerate(figures):
                for claim_y, y in figures[index + 1:]:
                    if claim_x != claim_y and not _compatible(x, y) and _said_of_two(x, y):
                        happenings[story][frame].append((x, y))
    for claim in claims:
        claim.derived["happenings"] = happenings.get(claim.story_id, {})


def _said_of_two(x: Figure, y: Figure) -> bool:
    """Do the two figures' verbs have two different subjects ("a hiker died after falling 150
    metres" / "a second man fell 700 metres")? An article that gives one happening two values
    ("falling around 2,000ft" ... "has fallen some 700 metres") tells one of them wrong, not two."""
    frames = (x.quantity.frame, y.quantity.frame)
    if any(frame.verb_subject is None or frame.subject_kind == "pronoun" for frame in frames):
        return False
    return not _same_name(frames[0].verb_subject, frames[1].verb_subject, x.names)


def _two_happenings(x: Figure, y: Figure, happenings: dict[tuple, list[tuple[Figure, Figure]]]) -> str | None:
    """Why two figures measure two happenings of the story (see ``attach_events``), or None."""
    verb = x.quantity.frame.verb if x.quantity.frame else None
    if verb is None or y.quantity.frame is None or y.quantity.frame.verb != verb:
        return None
    for first, second in happenings.get((x.key, verb), ()):
        if (_compatible(x, first) and _compatible(y, second)) or (_compatible(x, second) and _compatible(y, first)):
            return f"two happenings of the story ({verb}: {first.label} and {second.label} in one article)"
    return None


def _describing(claim: ClaimView) -> list[Quantity]:
    """Figures that describe a noun ("13-inch model", "Smith, 47,"), with a unit and a value;
    not lengths and durations, which measure ("a depth of 10 km") more than they name."""
    return [
        q for q in claim.quantities
        if q.frame is not None and q.frame.owner and q.unit and q.value is not None and q.kind == "number"
        and stem(q.unit) not in UNIT_FACTORS
    ]


def _other_variants(a: ClaimView, b: ClaimView, variants: dict[str, dict[frozenset, bool]]) -> str | None:
    """Why two claims describe two things of the story ("12 vs 14 inch"), or None: every value
    one states is another thing than every value of that unit the other states (describing
    or not: "the 15-inch will sell for $1,499" still speaks of the 15-inch)."""
    for unit in sorted(variants.keys() & {x.unit for x in a.quantities} & {y.unit for y in b.quantities}):
        pairs = [
            (x, y) for x in a.quantities if x.unit == unit and x.value is not None
            for y in b.quantities if y.unit == unit and y.value is not None
        ]
        if pairs and all(_two_things(x, y, variants) for x, y in pairs):
            x, y = pairs[0]
            return f"{x.value:g} vs {y.value:g} {unit}"
    return None


def _variant_named(quantity: Quantity, claim: ClaimView) -> dict[str, float]:
    """The describing figures that name the thing ``quantity`` is said of ("the 13-inch model
    costs $1,199": 13 inch), by unit: of those of its claim with its verb and that verb's
    subject, the nearest ("$1,099 for the 13-inch and $1,799 for the 15-inch"). A figure the
    parse ties to no verb ("..., with 5 hours of battery life") is said of the one variant of
    each unit its claim names, when it names one ("The 11-inch models start at $999, with ...")."""
    frame = quantity.frame
    describing = [q for q in _describing(claim) if q is not quantity]
    if frame is None or frame.verb is None or frame.verb_subject is None:
        if frame is not None and frame.verb is not None:
            return {}
        values: dict[str, set[float]] = defaultdict(set)
        for q in describing:
            values[q.unit].add(q.value)
        return {unit: next(iter(found)) for unit, found in values.items() if len(found) == 1}
    nearest: dict[str, tuple[int, float]] = {}
    for q in describing:
        if q.frame.verb == frame.verb and q.frame.verb_subject == frame.verb_subject:
            distance = min(abs(q.start - quantity.end), abs(quantity.start - q.end))
            if q.unit not in nearest or distance < nearest[q.unit][0]:
                nearest[q.unit] = (distance, q.value)
    return {unit: value for unit, (_, value) in nearest.items()}


def _variants_of(x: Figure, y: Figure, variants: dict[str, dict[frozenset, bool]]) -> tuple[bool, str | None]:
    """Whether two figures are said of one named variant of a story that names several of one
    kind (its "11-inch", "13-inch" and "15-inch" models), and if not, why they are said of two:
    each names another, or only one names its variant and the other may be said of any ("the
    basic model starts at $2,199")."""
    named_x, named_y = dict(x.variant), dict(y.variant)
    # In sorted order: the first unit that tells gives the reason, the same one whatever the hash seed.
    for unit in sorted((named_x.keys() | named_y.keys()) & variants.keys()):
        kinds = _kinds_of_thing(variants[unit])
        if not kinds:
            continue  # values of named owners ("Rait, 36, and Buckley, 32"): the names tell them apart
        value_x, value_y = named_x.get(unit), named_y.get(unit)
        if value_x is None or value_y is None:
            named = value_x if value_x is not None else value_y
            if named in kinds:
                return False, f"only one says which {unit}: {named:g}"
        elif value_x == value_y:
            return True, None
        elif frozenset((value_x, value_y)) in variants[unit] or {value_x, value_y} <= kinds:
            return False, f"{value_x:g} vs {value_y:g} {unit}"
    return False, None


def _named_apart(x: Figure, y: Figure) -> bool:
    """Are the two figures said of two named variants ("the 13-inch" / "the 15-inch")?"""
    named_x, named_y = dict(x.variant), dict(y.variant)
    return any(named_x[unit] != named_y[unit] for unit in named_x.keys() & named_y.keys())


def _kinds_of_thing(pairs: dict[frozenset, bool]) -> set[float]:
    """The values that name kinds of one thing (the 11-inch, the 13-inch model)."""
    return {value for pair, one_kind in pairs.items() if one_kind for value in pair}


def _two_things(x: Quantity, y: Quantity, variants: dict[str, dict[frozenset, bool]]) -> bool:
    """Two values that one article of the story states side by side: two things, not a conflict
    (for values of two named owners, unless both figures name the same owner)."""
    if x.unit != y.unit:
        return False
    pairs = variants.get(x.unit, {})
    one_kind = pairs.get(frozenset((x.value, y.value)))
    if one_kind is None:
        # Two values each named beside another kind of one thing (the 12-inch beside the
        # 13-inch, the 13-inch beside the 14-inch) are two kinds of it as well.
        return x.value != y.value and {x.value, y.value} <= _kinds_of_thing(pairs)
    owners = [quantity.frame.owner if quantity.frame else None for quantity in (x, y)]
    return one_kind or not all(owners) or not _same_name(*owners)


def frames_differ(x: Frame | None, y: Frame | None, names: Mapping[str, frozenset[int]] = NO_NAMES) -> str | None:
    """Why two figures speak of different things, or None when nothing says so (``names``:
    the full names of their story, see ``attach_names``).

    Two people ("Bush" vs "Thomas"), measures of different things
    ("aftershock" vs "quake", a run vs a player's total), different anchors ("from
    Tehran" vs "of the island", "in cash" vs the whole) or the same noun
    qualified apart ("rushing yard" vs "receiving yard"). Unknown parts never
    count as different.
    """
    if x is None or y is None:
        return None
    # Two people are two subjects, and a person is not a team, a firm or a place; an
    # organisation and its ship or unit may be one actor.
    kinds = {x.subject_kind, y.subject_kind}
    named = "person" in kinds and kinds <= NAMED_KINDS
    # "The Hawks rallied behind Miller's 180 yards": the yards are Miller's, not the verb's subject's.
    held = any(
        first.owner and second.verb_subject and _same_name(first.owner, second.verb_subject, names)
        for first, second in ((x, y), (y, x))
    )
    if named and not held and not _same_name(x.verb_subject, y.verb_subject, names):
        return f"{x.verb_subject} vs {y.verb_subject}"
    if x.owner and y.owner and not _same_name(x.owner, y.owner, names):
        return f"{x.owner} vs {y.owner}"
    # A measure of one thing ("an 86-yard run", "a record of 4,051 yards") against a figure
    # whose claim is not about that thing ("he ended with 205 yards"); "a 6.1-magnitude quake"
    # and "the quake measured 6.2" speak of one.
    for first, second in ((x, y), (y, x)):
        if first.owner and not second.owner and not any(
            part and _same_name(first.owner, part, names) for part in (second.verb_subject, second.about)
        ):
            return f"{first.owner} vs {second.verb_subject or second.about or 'a total'}"
    if x.anchor and y.anchor and _comparable_anchors(x.anchor, y.anchor) and not _same_name(x.anchor, y.anchor):
        return f"{x.anchor} vs {y.anchor}"
    if x.about and y.about:
        *qualifiers_x, noun_x = x.about.split()
        *qualifiers_y, noun_y = y.about.split()
        if noun_x == noun_y and qualifiers_x and qualifiers_y and not set(qualifiers_x) & set(qualifiers_y):
            return f"{x.about} vs {y.about}"
    return None


def frame_label(x: Frame | None, y: Frame | None) -> str:
    """What two conflicting figures are about, as the lead of a reason: "magnitude of quake: "."""
    if x is None or y is None or not x.about or x.about != y.about:
        return ""
    parts = [x.about]
    if x.owner and x.owner == y.owner:
        parts.append(f"of {x.owner}")
    if x.anchor and x.anchor == y.anchor:
        parts.append(x.anchor)
    if x.subject_kind in ("person", "place", "name") and x.verb_subject == y.verb_subject:
        parts.append(f"({x.verb_subject})")
    # A bare counted noun is already the figures' unit ("71 vs 80 countries").
    return " ".join(parts) + ": " if len(parts) > 1 or " " in x.about else ""


def _comparable_anchors(first: str, second: str) -> bool:
    """Anchors of one kind: the same preposition ("from X" / "from Y"), or two named places
    (the parse keeps a name's capitals: "of Bireun" / "from Banda Aceh")."""
    preposition_a, _, object_a = first.partition(" ")
    preposition_b, _, object_b = second.partition(" ")
    return preposition_a == preposition_b or (object_a[:1].isupper() and object_b[:1].isupper())


def _same_name(first: str, second: str, names: Mapping[str, frozenset[int]] = NO_NAMES) -> bool:
    """One name for one thing: equal, one inside the other ("Bush" / "Reggie Bush", "quake" /
    "earthquake"), nearly the same spelling, or two parts of one full name of the story
    (``names``: "Indianapolis" / "the Colts" of "the Indianapolis Colts")."""
    first, second = first.lower(), second.lower()
    if first in second or second in first or fuzz.token_set_ratio(first, second) >= 85:
        return True
    return bool(names.get(_without_article(first), frozenset()) & names.get(_without_article(second), frozenset()))


def _without_article(name: str) -> str:
    return name.removeprefix("the ")


def _scores_of_others(x: Figure, y: Figure) -> bool:
    """Scores of two different holders ("the Broncos are 12-3", "the Colts were 4-4"): a record
    is the name it is set beside ("Indianapolis (10-5)"), else its verb's named subject. A
    pronoun or a common noun ("the freshman led Indianapolis (10-5)") may be anyone's."""
    if x.key[0] != "score" or x.quantity.frame is None or y.quantity.frame is None:
        return False
    holders = [_holder(figure.quantity.frame) for figure in (x, y)]
    return all(holders) and not _same_name(*holders, x.names)


def _holder(frame: Frame) -> str | None:
    if frame.owner:
        return frame.owner
    return frame.verb_subject if frame.subject_kind in NAMED_KINDS else None


def _compatible(x: Figure, y: Figure) -> bool:
    if x.key == DATE_KEY:
        # One wording ("today", "on Friday") read against two publication days says the same.
        return _dates_agree(x.quantity, y.quantity) or x.quantity.text.lower() == y.quantity.text.lower()
    if x.key[0] == "score":
        # "won 20-13" and "lost 13-20" tell one game from its two sides.
        return (x.low, x.high) == (y.low, y.high)
    return _within(x, y) or _within(y, x)


def _within(x: Figure, y: Figure) -> bool:
    """Does what ``y`` states fall within ``x`` and its tolerance? One side is widened, not both:
    "about 20" and "about 26" are 30% apart whatever the tolerance of each."""
    low, high = x.low, x.high
    if x.tolerance:
        low, high = low - abs(low) * x.tolerance, high + abs(high) * x.tolerance
    return low <= y.high and y.low <= high


def _exact_enough(x: Figure, y: Figure) -> bool:
    """Two lower bounds overlap without stating the same figure: not an agreement."""
    return x.key == DATE_KEY or (x.high != float("inf") and y.high != float("inf")) or (
        x.quantity.value == y.quantity.value
    )


def _dates_agree(x: Quantity, y: Quantity) -> bool:
    """Dates agree when equal at the coarser of their precisions ("2022-07" vs "2022-07-15")."""
    first, second = x.date or "", y.date or ""
    if first[:1].isdigit() != second[:1].isdigit():
        # A month-day without a year ("--12-25", "12-25") against a full date: compare the tail.
        return first.endswith(second.lstrip("-")) or second.endswith(first.lstrip("-"))
    size = min(len(first), len(second))
    return first[:size] == second[:size]


def _aligned(x: Figure, y: Figure) -> bool:
    """Figures in the same role: at least two shared words around them, one event verb, one
    owner, or said of one named variant ("for the base 13-inch version" / "for the 13-inch option")."""
    return (
        len(x.context & y.context) >= 2 or _same_event(x, y) or _same_owner(x, y)
        or bool(set(x.variant) & set(y.variant))
    )


NAMED_KINDS = frozenset({"person", "name", "place"})


def _same_owner(x: Figure, y: Figure) -> bool:
    """Figures of one kind said of one named thing ("Indianapolis (10-5)" / "Indianapolis'
    record rose to 9-5", "Smith, 47," / "Smith, 48,"): one role however the claims are worded."""
    frame_x, frame_y = x.quantity.frame, y.quantity.frame
    if not (frame_x and frame_y and frame_x.owner and frame_y.owner):
        return False
    # One named holder: "a seven-year deal" and "a four-year deal" may be any two deals.
    if not {frame_x.owner_kind, frame_y.owner_kind} <= NAMED_KINDS:
        return False
    return _same_name(frame_x.owner, frame_y.owner, x.names)


# Verbs of stating something (the attribution stage's reporting cues): "said on Monday" and
# "announced on Tuesday" date one statement.
STATING_VERBS = REPORTING_VERBS | CLAUSE_VERBS


def _same_event(x: Figure, y: Figure) -> bool:
    """Figures of one happening: their verbs name the same event ("fell 150 metres" /
    "falling 200 metres", "announced on Monday" / "announced Tuesday", "said on Monday" /
    "announced on Tuesday")."""
    frame_x, frame_y = x.quantity.frame, y.quantity.frame
    if not (frame_x and frame_y and frame_x.event_verb and frame_y.event_verb):
        return False
    return frame_x.event_verb == frame_y.event_verb or {frame_x.event_verb, frame_y.event_verb} <= STATING_VERBS


def _one_happening(same: list[tuple[Figure, Figure]]) -> bool:
    """Do two claims state one figure of the same happening, beside their dates ("foiled a
    five-boat attack on Friday" / "thwarted a five-boat attack on Thursday")?"""
    return any(x.key != DATE_KEY for x, _ in same)


def _stated_on(figure: Figure) -> bool:
    """Does the date tell when something was said ("police said on Monday"), not when it happened?"""
    frame = figure.quantity.frame
    return frame is None or frame.event_verb is None or frame.event_verb in STATING_VERBS


def _same_happening(x: Figure, y: Figure) -> bool:
    """Figures of one event verb; for a verb of saying, of one speaker as far as the claims tell:
    two people's statements on two days ("a witness told reporters Tuesday" / "a police source
    told them Monday") are two statements."""
    if not _same_event(x, y):
        return False
    if not _stated_on(x):
        return True
    frame_x, frame_y = x.quantity.frame, y.quantity.frame
    kinds = {frame_x.subject_kind, frame_y.subject_kind}
    if None in kinds or "pronoun" in kinds or not (kinds <= NAMED_KINDS or kinds == {"noun"}):
        return True
    return _same_name(frame_x.verb_subject, frame_y.verb_subject, x.names) or (
        kinds == {"noun"} and _head(frame_x.verb_subject) == _head(frame_y.verb_subject)
    )


def _context(claim: ClaimView, quantity: Quantity) -> frozenset:
    """Content-word stems just before and after a quantity; the claim's words when unknown."""
    if quantity.frame is None or quantity.frame.context is None:
        return frozenset(claim.words)
    unit = stem(quantity.unit) if quantity.unit else None
    # Who said it and the verb of saying are the claim's attribution, not the figure's role:
    # "police said 12 were hurt" and "police said 20,000 marched" share nothing else.
    attribution = {stem(word) for word in f"{claim.speaker or ''} {claim.cue or ''}".split()}
    return frozenset(word for word in map(stem, quantity.frame.context.split()) if word != unit and word not in attribution)


def readings(claim: ClaimView) -> ClaimReadings:
    """What the claims stage read in the claim's wording, or nothing when it was not read."""
    return claim.readings or UNREAD


SEQUENCE_ENDS = frozenset({"last", "final", "next", "past", "previous"})
"""Words that, like an ordinal, make a count the run at one end of a sequence ("the last 10 points")."""

TIME_OFFSET_WORDS = frozenset({"earlier", "later", "before", "after", "ago", "since"})
"""The words after a duration that make it a distance in time from something else."""

PERIOD_KIND = "period"


def claim_periods(claim: ClaimView) -> frozenset[tuple[str, float]]:
    """The parts of an event a claim names ("in the first half": ("half", 1)): figures said of
    one part are not figures of another part or of the whole ("seven points in the first half" /
    "14 points off the bench")."""
    return frozenset((q.unit, q.value) for q in claim.quantities if q.kind == PERIOD_KIND and q.unit)


def _periods_label(periods: frozenset[tuple[str, float]]) -> str:
    if not periods:
        return "the whole"
    return " and ".join(f"{unit} {value:g}" for unit, value in sorted(periods))


def claim_years(claim: ClaimView) -> frozenset[str]:
    """The past periods a claim names through its dates (what tells one event from another).

    A date in the days before publication is the present news, the same as a
    claim that names no date; an earlier date in the year of publication is
    "earlier <year>"; older dates give their year.
    """
    published = claim.published or ""
    periods = set()
    for q in claim.quantities:
        year = (q.date or "")[:4]
        if q.kind != "date" or not year.isdigit() or year < FIRST_YEAR:
            continue
        if q.frame is not None and q.frame.clock:
            continue
        if not published or year < published[:4]:
            periods.add(year)
        elif year == published[:4] and _days_before(q.date, published) > RECENT_DAYS:
            periods.add(f"earlier {year}")
    return frozenset(periods)


def _of_the_news(figure: Figure, claim: ClaimView) -> bool:
    """Does a day fall in the days before the claim's article was published (the news itself,
    not an earlier period the claim also names, "since September")? A month or a year names a period."""
    if figure.quantity.precision != "day":
        return False
    date, published = figure.quantity.date or "", claim.published or ""
    if not date[:4].isdigit() or not published:
        return not claim_years(claim)
    return date[:4] == published[:4] and _days_before(date, published) <= RECENT_DAYS


def _days_before(date: str, published: str) -> int:
    try:
        day = datetime.date.fromisoformat((date + "-01-01")[:10] if len(date) < 10 else date[:10])
        return (datetime.date.fromisoformat(published[:10]) - day).days
    except ValueError:
        return 0


def _is_historical(claim: ClaimView, years: frozenset[str]) -> bool:
    """Does the claim name a year before the article was published (a closed event)?"""
    published = (claim.published or "")[:4]
    return bool(years) and (not published or any(year < published for year in years))


def _years_label(years: frozenset[str], claim: ClaimView) -> str:
    if years:
        return "/".join(sorted(years))
    return f"no year (published {claim.published})" if claim.published else "no year"


def _grown_since(x: Figure, y: Figure, a: ClaimView, b: ClaimView) -> bool:
    """An age or a win-loss record is its holder's on the day of the report: a person is a year
    older each year, a record only grows, game by game. The later report's figure may have
    grown from the earlier one's ("Klitschko (52-3)" in 2008, "(58-3)" in 2012)."""
    (earlier, first), (later, second) = sorted(((a.published, x), (b.published, y)), key=lambda pair: pair[0])
    days = _days_before(earlier, later)
    if days <= 0:
        return False
    if first.quantity.unit == AGE_UNIT and second.quantity.unit == AGE_UNIT:
        grown = second.low - first.low
        return 0 <= grown <= math.ceil(days / 365.25)
    if first.quantity.unit == RECORD_UNIT and second.quantity.unit == RECORD_UNIT:
        wins, losses = (second.quantity.low - first.quantity.low, second.quantity.high - first.quantity.high)
        return wins >= 0 and losses >= 0
    return False


def _is_running_count(figure: Figure, claim: ClaimView) -> bool:
    # Victims and damage are counted again as an event unfolds; a score, an age, a length or a
    # duration is no such count.
    if figure.quantity.kind == "score" or figure.quantity.unit == AGE_UNIT or figure.dimension:
        return False
    words = set(figure.context) | {stem(figure.after)} if figure.after else set(figure.context)
    if figure.quantity.unit:
        words.add(stem(figure.quantity.unit))
    read = readings(claim)
    return bool(words & RUNNING_COUNT_WORDS) or read.cumulative or read.death_toll


def _scope(figure: Figure) -> frozenset[str]:
    """The place a count covers ("in/across/around <place>" right after it); empty when unknown."""
    frame = figure.quantity.frame
    return frozenset(content_words(frame.scope)) if frame is not None and frame.scope else frozenset()


def find_opposition(
    a: ClaimView, b: ClaimView, scores: Scores, config: MatchConfig
) -> tuple[str, str] | None:
    """Explicit opposite statements: negation, direction, position, superior, clock time."""
    read_a, read_b = readings(a), readings(b)
    directions_a, directions_b = read_a.directions, read_b.directions
    for place_a, direction_a in directions_a.items():
        for place_b, direction_b in directions_b.items():
            if fuzz.ratio(place_a, place_b) >= 85 and direction_a != direction_b:
                return "direction-mismatch", f"{direction_a} vs {direction_b} of {place_a.title()}"
    if _shares_event_words(a, b):
        position_a, position_b = read_a.position, read_b.position
        if position_a and position_b and position_a != position_b:
            return "position-mismatch", f"{position_a} vs {position_b}"
    superior_a, superior_b = read_a.superior, read_b.superior
    if superior_a and superior_b and _same_subject(a, b):
        words_a = set(superior_a.lower().split())
        words_b = set(superior_b.lower().split())
        if _head(superior_a) != _head(superior_b):
            shared = words_a & words_b
            return "superior-mismatch", (
                f"{_without(superior_a, shared)} vs {_without(superior_b, shared)}"
            )
    clock = _clock_conflict(read_a.clock_times, read_b.clock_times)
    if not clock and scores.fuzzy >= config.opposition_similarity:
        clock = _times_of_day_conflict(read_a.clock_times, read_b.clock_times)
    if clock:
        return "time-mismatch", clock
    # Two parses may read one wording's negation apart ("can't" / "cant"): the words must differ
    # too. A negation flips its claim's verb: claims of two verbs ("floored him" / "he never
    # recovered") are no statement and its denial.
    if (
        a.negated != b.negated and scores.fuzzy >= config.opposition_similarity
        and negation_count(a.content) != negation_count(b.content)
        and (not (a.predicate and b.predicate) or a.predicate == b.predicate)
    ):
        cue_a, cue_b = (a.cue or "").lower(), (b.cue or "").lower()
        if cue_a and cue_b and cue_a != cue_b:
            return "negation", f"{cue_a} vs {cue_b}"
        return "negation", "affirmed vs negated" if b.negated else "negated vs affirmed"
    cue_a, cue_b = (a.cue or "").lower(), (b.cue or "").lower()
    if (cue_a in DENIAL_CUES) != (cue_b in DENIAL_CUES) and cue_a and cue_b:
        if scores.fuzzy >= config.opposition_similarity:
            return "negation", f"{cue_a} vs {cue_b}"
    return None


def _shares_event_words(a: ClaimView, b: ClaimView) -> bool:
    """The claims share a content word besides the opposed ones (the same event)."""
    opposed = {"inland", "onshore", "offshore", "off", "land"}
    return bool((a.words & b.words) - opposed)


def _head(phrase: str) -> str:
    return stem(phrase.split(" of ")[0].split()[-1])


def _without(phrase: str, shared: set[str]) -> str:
    return " ".join(word for word in phrase.split() if word.lower() not in shared) or phrase


def _same_subject(a: ClaimView, b: ClaimView) -> bool:
    """Same subject entity, or a subject we cannot compare (a pronoun, none)."""
    if a.subject_entity_id is not None and b.subject_entity_id is not None:
        return a.subject_entity_id == b.subject_entity_id
    subjects = [(s or "").lower().strip() for s in (a.subject, b.subject)]
    if any(not s or s in PRONOUN_SUBJECTS for s in subjects):
        return True
    return bool(set(content_words(subjects[0])) & set(content_words(subjects[1]))) or bool(
        a.entity_ids & b.entity_ids
    )


def frame_keys(claim: ClaimView) -> set[str]:
    """Blocking keys for the opposition rules: clock readings, reference places, frames.

    Claims that give a direction from the same place, a position, a superior
    or the same clock reading may share few words and still oppose each other.
    """
    read = readings(claim)
    keys = {f"t:{minutes}" for minutes, _, _ in read.clock_times}
    keys.update(f"r:{place}" for place in read.directions)
    if read.position:
        keys.add("p:position")
    if read.superior:
        keys.add("s:superior")
    return keys


def _clock_conflict(clocks_a: tuple, clocks_b: tuple) -> str | None:
    """Times that name different instants for what reads as the same moment.

    The same reading in UTC and in "local time" differs unless the place is on
    UTC; known zones are converted and compared.
    """
    if not clocks_a or not clocks_b:
        return None
    if any(_same_instant(x, y) for x in clocks_a for y in clocks_b):
        return None
    for x in clocks_a:
        for y in clocks_b:
            if x[0] == y[0] and "local time" in (x[1], y[1]) and x[1] != y[1]:
                return f"{x[2]} vs {y[2]}"
    return None


def _times_of_day_conflict(clocks_a: tuple, clocks_b: tuple) -> str | None:
    """Times of day without a zone ("3:15 pm" / "3:45 pm") that differ, in two claims that say
    the same thing otherwise (the caller's test): one moment told two ways."""
    bare_a = [x for x in clocks_a if not x[1]]
    bare_b = [y for y in clocks_b if not y[1]]
    if not bare_a or not bare_b or any(x[0] == y[0] for x in bare_a for y in bare_b):
        return None
    return f"{bare_a[0][2]} vs {bare_b[0][2]}"


def _same_instant(x: tuple[int, str, str], y: tuple[int, str, str]) -> bool:
    if x[1] in ZONE_OFFSETS and y[1] in ZONE_OFFSETS:
        utc_x = (x[0] - ZONE_OFFSETS[x[1]] * 60) % 1440
        utc_y = (y[0] - ZONE_OFFSETS[y[1]] * 60) % 1440
        return abs(utc_x - utc_y) < 1
    return x[1] == y[1] and x[0] == y[0]
