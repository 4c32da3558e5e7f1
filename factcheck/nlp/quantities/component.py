"""Numbers, amounts, percentages, scores and dates in each claim, normalised.

Numbers come from spaCy's CARDINAL / MONEY / PERCENT / QUANTITY entities (and
numbers the NER missed that count a noun); the unit of a plain number is the
lemma of the noun it counts ("71 countries" -> 71 country). A count of none
("nobody died", "no casualties") is the number 0, an age ("Smith, 47,", "a
47-year-old") a number of unit ``AGE_UNIT``, and "N-M" a score ("won 20-13",
"a 10-5 record"), all read from the parse. Dates come from DATE entities and
from times of day that name a day ("Friday night"), resolved against the
article's date (``doc._.published``). Lengths and durations the entity recogniser
missed ("one minute") are read from the wording (``nlp.readings``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..readings import measure_quantities
from ..records import AGE_UNIT, RECORD_UNIT, Quantity
from ..spans import EntityFinder
from .dates import parse_iso, resolve_date
from .frames import figure_frame, governing_verb, possessor, reached_noun
from .numbers import AREA_WORDS, CARDINALS, MULTIPLIERS, SCALES, UNIT_FACTORS, ordinal_value, unit_name

NUMBER_WORDS = CARDINALS | {"a": 1, "an": 1, "dozen": 12}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₼": "AZN", "rp": "IDR"}
CURRENCY_WORDS = {
    "dollar": "USD", "usd": "USD", "euro": "EUR", "eur": "EUR", "pound": "GBP", "gbp": "GBP",
    "manat": "AZN", "azn": "AZN", "ruble": "RUB", "rouble": "RUB", "rub": "RUB", "rupiah": "IDR",
    "idr": "IDR", "yen": "JPY", "yuan": "CNY", "hryvnia": "UAH", "lira": "TRY", "tenge": "KZT",
}
LOWER_BOUND_WORDS = ("more than", "over", "above", "at least", "exceeding", "upwards of", "in excess of")
UPPER_BOUND_WORDS = ("less than", "fewer than", "under", "up to", "at most", "nearly", "almost", "below")
APPROXIMATE_WORDS = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "nearly", "almost", "circa")
PERCENT_WORDS = ("%", "percent", "per cent", "pct")
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
# The claims stage stores a length in kilometres, an area in square kilometres and a clock
# duration in seconds, so that "one minute" and "60 seconds" compare; days and longer stay counts
# of their unit.
_STORED_UNITS = {"length": ("kilometre", 1000.0), "area": ("square kilometre", 1e6), "duration": ("second", 1.0)}
MEASURE_UNITS: dict[str, tuple[str, float]] = {
    unit: (_STORED_UNITS[dimension][0], factor / _STORED_UNITS[dimension][1])
    for unit, (dimension, factor) in UNIT_FACTORS.items()
    if dimension in ("length", "area") or factor < UNIT_FACTORS["day"][1]
}
NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
# Words that make a number a measure or an amount: "10-15 minutes" is a range, not a score.
SCALE_WORDS = frozenset(MEASURE_UNITS) | DURATION_UNITS | set(PERCENT_WORDS) | set(CURRENCY_WORDS) | set(MULTIPLIERS)
# "nobody", "no one": the unit counted is a person.
PERSON_UNIT = "person"
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
# The NER tags an age as a date ("Smith, 47," -> 1947) or a plain number.
AGE_LABELS = {"DATE", "CARDINAL", "QUANTITY"}
OLDEST_AGE = 120
_NUMERIC = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_LEADING_ZERO = re.compile(r"^0\d")
# One token of a number and its multiplier, as the tokeniser leaves "13.9bn".
_GLUED_MULTIPLIER = re.compile(r"^(\d+(?:\.\d+)?)(" + "|".join(word for word in MULTIPLIERS if len(word) <= 3) + r")$")
# Both numbers of a score, at most three digits ("2012-13" is a span of years).
_SCORE = re.compile(r"^(\d{1,3})[-–](\d{1,3})$")
_RANGE = re.compile(r"\b(?:between\s+)?(\S+)\s*(?:-|–|to|and)\s*(\S+)\s*$")


def register_extensions() -> None:
    if not Span.has_extension("quantities"):
        Span.set_extension("quantities", default=None)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)


class QuantitiesComponent:
    """Sets ``span._.quantities`` (a list of ``records.Quantity``) on each claim."""

    def __init__(self, spans_key: str = "claims") -> None:
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        base = parse_iso(doc._.published)
        entities = EntityFinder(doc)
        for claim in doc.spans.get(self.spans_key, []):
            found = list(claim_quantities(claim, base, entities.within(claim)))
            found.extend(claim_measures(claim, found))
            claim._.quantities = [
                replace(quantity, frame=figure_frame(doc, quantity.start, quantity.end, claim))
                for quantity in found
            ]
        return doc


def claim_quantities(claim: Span, base, ents: list[Span]) -> Iterator[Quantity]:
    """The quantities of a claim in text order, with ``equivalent_of`` set for a
    sum restated in brackets ("350,000 manats ($205,000)"). ``ents`` are the
    claim's entities (``EntityFinder.within``)."""
    found: list[Quantity] = []
    covered: set[int] = set()
    # Scores first: the NER reads "(9-5)" as a date and "20-13" as a range.
    for quantity, tokens in score_quantities(claim):
        found.append(quantity)
        covered.update(range(tokens.start, tokens.end))
    for ent in ents:
        if covered.intersection(range(ent.start, ent.end)):
            continue
        quantity = entity_quantity(ent, base)
        if quantity is not None:
            found.append(quantity)
            covered.update(range(ent.start, ent.end))
    for token in claim:
        if token.i in covered or not token.like_num or token.ent_type_:
            continue
        one = claim.doc[token.i : token.i + 1]
        quantity = age_quantity(one)
        # A count of a noun, or a measure with its unit written against it ("2, 000ft").
        if quantity is None and (
            (token.dep_ == "nummod" and token.head.pos_ == "NOUN") or _glued_suffix(one, False) is not None
        ):
            quantity = number_quantity(one)
        if quantity is not None:
            found.append(quantity)
    found.extend(zero_quantities(claim))
    found.sort(key=lambda quantity: quantity.start)
    for index, quantity in enumerate(found):
        if index and _restates(claim, found[index - 1], quantity):
            found[index] = replace(quantity, equivalent_of=index - 1)
    yield from found


def claim_measures(claim: Span, found: list[Quantity]) -> list[Quantity]:
    """Lengths and durations of the claim that no other figure covers ("one minute" where the
    entity recogniser saw none), after its other figures (their ``equivalent_of`` indexes stay)."""
    offset = claim.start_char
    taken = [(quantity.start - offset, quantity.end - offset) for quantity in found]
    return [
        normalise_measure(replace(quantity, start=quantity.start + offset, end=quantity.end + offset))
        for quantity in measure_quantities(claim.text, taken)
    ]


def entity_quantity(ent: Span, base) -> Quantity | None:
    """The quantity a named entity states, read by its label (an age before a date)."""
    age = age_quantity(ent) if ent.label_ in AGE_LABELS else None
    if age is not None:
        return age
    if ent.label_ == "DATE":
        return date_quantity(ent, base)
    if ent.label_ == "TIME":
        return duration_quantity(ent) or day_quantity(ent, base)
    if ent.label_ in NUMBER_LABELS:
        return number_quantity(ent)
    return None


def age_quantity(span: Span) -> Quantity | None:
    """A person's age: "a 47-year-old", "47 years old", "aged 47", or a number set beside a
    person's name ("John Smith, 47,"). Unit ``AGE_UNIT`` for every form, so they compare."""
    numbers = [token for token in span if token.like_num]
    if len(numbers) != 1 or not _states_age(span, numbers[0]):
        return None
    values = _numbers_in(span)
    if len(values) != 1 or not values[0].is_integer() or not 1 <= values[0] <= OLDEST_AGE:
        return None
    return Quantity(
        start=span.start_char, end=span.end_char, text=span.text, kind="number", value=values[0], unit=AGE_UNIT,
    )


def _states_age(span: Span, number: Token) -> bool:
    """The forms of an age: "47-year-old", "47 years old", a number beside a person, "aged 47".
    A number set off by commas beside a noun is that person's age too ("the suspect, 34, was
    held"), as news writes it."""
    lemmas = {token.lemma_.lower() for token in span}
    if {"year", "old"} <= lemmas:
        return True
    head = number.head
    if number.dep_ == "appos" and (head.ent_type_ == "PERSON" or (head.pos_ == "NOUN" and _set_off(number))):
        return True
    return head.lemma_.lower() == "age" and head.pos_ == "VERB" and number.dep_ in ("npadvmod", "dobj", "oprd", "attr")


def _set_off(token: Token) -> bool:
    """Is ``token`` between commas (or a comma and the end of its sentence)?"""
    doc = token.doc
    before = doc[token.i - 1].text if token.i > 0 else ""
    after = doc[token.i + 1].text if token.i + 1 < len(doc) else "."
    return before == "," and after in (",", ".", ";")


def score_quantities(claim: Span) -> Iterator[tuple[Quantity, Span]]:
    """Scores and win-loss records ("won 20-13", "a 10-5 record", "the Colts (9-5)"), each with
    its tokens. ``low`` and ``high`` hold the two numbers in the order written; the unit is
    the score's role: the noun it describes or the verb it belongs to ("record", "win", "tie"),
    as a game has many scores (a tie, a lead, the result) and a team a record."""
    doc = claim.doc
    index = claim.start
    while index < claim.end:
        tokens = _score_tokens(doc, index, claim.end)
        if tokens is None:
            index += 1
            continue
        first, second = (float(part) for part in _SCORE.match(tokens.text).groups())
        head = _attached_to(tokens)
        noun = head if head is not None and head.pos_ == "NOUN" and head.i >= tokens.end else None
        beside_a_name = _beside_a_name(tokens)
        if _is_score(first, second, noun) or beside_a_name:
            role = noun or _completed_verb(tokens, head)
            unit = role.lemma_.lower() if role is not None else RECORD_UNIT if beside_a_name else None
            if role is not None and _a_standing(role, first, second):
                unit = RECORD_UNIT
            yield Quantity(
                start=tokens.start_char, end=tokens.end_char, text=tokens.text, kind="score",
                low=first, high=second, unit=unit,
            ), tokens
        index = tokens.end


# Verbs that say where something is, not what it did: a named side "at" a score stands there.
STATE_VERBS = frozenset({"be", "stand", "sit", "remain"})


def _a_standing(role: Token, first: float, second: float) -> bool:
    """Is the score a side's record: one that describes a time ("a 9-5 season", which the entity
    recogniser reads as a date), or where a named side stands ("the Colts stand at 10-5", "Denver
    is 7-5")? A level score is a tie ("the teams were at 13-13")."""
    if role.pos_ == "NOUN":
        return role.ent_type_ == "DATE"
    subject = next((child for child in role.children if child.dep_ == "nsubj"), None)
    return (role.lemma_.lower() in STATE_VERBS and first != second
            and subject is not None and subject.pos_ == "PROPN")


def _score_tokens(doc: Doc, index: int, end: int) -> Span | None:
    """The tokens of "N-M" written without spaces (one token, or number, dash, number) at ``index``."""
    # Both forms start with a digit (what ``\d`` matches): most tokens are ruled out before a span is built.
    if not doc[index].text[:1].isdecimal():
        return None
    for size in (1, 3):
        if index + size <= end:
            tokens = doc[index : index + size]
            if _SCORE.match(tokens.text):
                return tokens
    return None


def _attached_to(tokens: Span) -> Token | None:
    """The word outside ``tokens`` that the parse attaches them to."""
    for token in tokens:
        if token.head != token and not tokens.start <= token.head.i < tokens.end:
            return token.head
    return None


def _completed_verb(tokens: Span, head: Token | None) -> Token | None:
    """The verb a score belongs to ("won 20-13", "tied at 13-13", "lost to them 20-13"); none
    for a score set beside a name ("Indianapolis (10-5)"): that is the name's record."""
    if head is None or any(token.dep_ == "appos" for token in tokens):
        return None
    verb = governing_verb(head)
    # "Indianapolis' record rose to 9-5", "he improved his record to 52-3": a score its verb takes
    # someone's noun to measures that noun. "The game was tied at 13-13" stays a tie.
    if verb is not None and head.dep_ == "prep" and head.head == verb:
        reached = reached_noun(verb)
        if reached is not None and possessor(reached) is not None:
            return reached
    return verb


def _beside_a_name(tokens: Span) -> bool:
    """A pair in brackets right after a name is that name's record, whichever number is larger:
    "the Chiefs (2-13)" won 2 and lost 13, "the Colts (10-5, 4-4 away)" 10 and 5."""
    doc, start, end = tokens.doc, tokens.start, tokens.end
    return (start >= 2 and end < len(doc) and doc[start - 1].text == "(" and doc[end].text in (")", ",")
            and doc[start - 2].pos_ == "PROPN")


def _is_score(first: float, second: float, noun: Token | None) -> bool:
    """A pair of numbers that does not bound a count or a measure. A range counts a plural
    noun or a unit ("10-15 minutes", "5-6 percent") and is written low to high; a score
    describes one thing ("a 5-10 record") or stands alone ("won 20-13", "the Colts (9-5)")."""
    if noun is not None:
        return noun.tag_ not in ("NNS", "NNPS") and noun.lemma_.lower() not in SCALE_WORDS
    return first >= second


def zero_quantities(claim: Span) -> Iterator[Quantity]:
    """Counts of none: "no casualties", "no one was hurt", "nobody died", "none of the
    passengers survived" state 0 of what they count (unit: its lemma, "person" for people)."""
    for token in claim:
        lowered = token.lower_
        if lowered == "no" and token.dep_ == "det":
            noun = token.head
            if noun.lower_ == "one" and noun.i == token.i + 1:
                yield _zero(claim.doc[token.i : noun.i + 1], PERSON_UNIT)
            elif noun.tag_ == "NNS" and noun.pos_ == "NOUN" and not any(c.dep_ == "nummod" for c in noun.children):
                yield _zero(claim.doc[token.i : token.i + 1], noun.lemma_.lower())
        elif lowered == "nobody" and token.dep_ in ARGUMENT_DEPS:
            yield _zero(claim.doc[token.i : token.i + 1], PERSON_UNIT)
        elif lowered == "none" and token.dep_ in ARGUMENT_DEPS:
            counted = [
                obj for prep in token.children if prep.lower_ == "of"
                for obj in prep.children if obj.dep_ == "pobj" and obj.pos_ == "NOUN"
            ]
            if counted:
                yield _zero(claim.doc[token.i : token.i + 1], counted[0].lemma_.lower())


def _zero(span: Span, unit: str) -> Quantity:
    return Quantity(start=span.start_char, end=span.end_char, text=span.text, kind="number", value=0.0, unit=unit)


def _restates(claim: Span, first: Quantity, second: Quantity) -> bool:
    offset = claim.start_char
    between = claim.text[first.end - offset : second.start - offset].strip()
    return first.kind == second.kind == "money" and between in ("(", "[", "or", ", or", "—", "–")


def number_quantity(ent: Span) -> Quantity | None:
    """A number, amount or percentage from an entity, or None for an identifier
    ("Flight 8243") or text that holds no number."""
    doc = ent.doc
    start, end = ent.start, ent.end
    if start > 0 and doc[start - 1].lower_ in CURRENCY_SYMBOLS:
        start -= 1
    currency = _currency(doc, start, end)
    money = currency is not None or ent.label_ == "MONEY"
    glued = _glued_suffix(ent, money)
    if glued is not None:
        end = glued[1].i + 1
    # The number with its multiplier ("5m"), without its unit ("200m"): what is counted follows it.
    number = doc[ent.start:end] if glued is not None and glued[0] == "multiplier" else ent
    text = doc[start:end].text
    lowered = text.lower()
    numbers = _numbers_in(number, money)
    # "000" and "0737" are codes or half a number ("2, 000ft"), not counts.
    if not numbers or any(_LEADING_ZERO.match(token.text) for token in number):
        return None
    counted = counted_noun(number)
    # "Flight 8243" names a flight; "the 15-inch MacBook Pro" still measures it.
    # A unit written against the number ("200ft") is no name, however the tagger reads it.
    if counted is not None and counted.pos_ == "PROPN" and _hyphened_noun(ent) is None and (
        glued is None or glued[1] != counted
    ):
        return None
    kind, unit = "number", None
    if glued is not None and glued[0] == "unit":
        unit = glued[1].lower_
    elif money:
        kind, unit = "money", currency
    elif ent.label_ == "PERCENT" or any(word in lowered for word in PERCENT_WORDS):
        kind, unit = "percent", "%"
    elif _hyphened_noun(ent) is not None:
        unit = _hyphened_noun(ent).lemma_.lower()
    elif (named := _named_before(ent, counted)) is not None:
        unit = named.lemma_.lower()
    elif counted is not None:
        unit = counted.lemma_.lower()
    elif ent.label_ == "QUANTITY":
        words = [token.lemma_.lower() for token in ent if token.is_alpha and token.lower_ not in NUMBER_WORDS and token.lower_ not in MULTIPLIERS]
        unit = words[-1] if words else None
    if kind == "money" and unit is None:
        unit = "USD" if "$" in text else None
    if unit is not None and f"square {unit}" in UNIT_FACTORS and _squared(doc[start:end], unit):
        unit = f"square {unit}"
    value = low = high = None
    approximate = False
    if len(numbers) >= 2 and _RANGE.search(lowered):
        if _changed_by(doc, ent.start, lowered):
            # "rose by 12 to 40": a change and the level it reached, not a range; the level is the fact.
            value = numbers[1]
        else:
            low, high = min(numbers[:2]), max(numbers[:2])
    else:
        value = numbers[0]
    before = _preceding_words(doc, ent.start) + " " + lowered
    if value is not None:
        if any(_has_phrase(before, word) for word in LOWER_BOUND_WORDS):
            low, approximate = value, True
        elif any(_has_phrase(before, word) for word in UPPER_BOUND_WORDS):
            high, approximate = value, True
        if any(_has_phrase(before, word) for word in APPROXIMATE_WORDS):
            approximate = True
    end_char = doc[end - 1].idx + len(doc[end - 1])
    if kind == "money" and end < len(doc) and _currency(doc, end, end + 1) is not None:
        end_char = doc[end].idx + len(doc[end])
        text = doc.text[doc[start].idx : end_char]
    return normalise_measure(Quantity(
        start=doc[start].idx, end=end_char, text=text, kind=kind, value=value, low=low,
        high=high, unit=unit, approximate=approximate,
    ))


def _changed_by(doc: Doc, start: int, lowered: str) -> bool:
    """Is "N to M" the change "by N" and the level "to M" ("the toll rose by 12 to 40")?"""
    return start > 0 and doc[start - 1].lower_ == "by" and " to " in lowered


def _squared(span: Span, unit: str) -> bool:
    """Is ``unit`` written as an area in ``span`` ("2,000 square feet", "40 sq km")?"""
    return any(
        token.lower_.rstrip(".") in AREA_WORDS and index + 1 < len(span) and span[index + 1].lemma_.lower() == unit
        for index, token in enumerate(span)
    )


def _glued_suffix(ent: Span, money: bool) -> tuple[str, Token] | None:
    """What is written against the entity's last number and left out of it: a multiplier
    ("$650m", "£2m", "5m people") or a unit ("fell 200m", "200ft"), which the parser can
    read as a word of its own ("m" as "am"). An amount of money, or a count of a noun,
    takes the multiplier; anything else the unit."""
    doc, last = ent.doc, ent[-1]
    if last.whitespace_ or ent.end >= len(doc) or not last.like_num:
        return None
    suffix = doc[ent.end]
    word = suffix.lower_
    counts = suffix.i + 1 < len(doc) and doc[suffix.i + 1].tag_ == "NNS"
    if word in MULTIPLIERS and (money or counts or word not in MEASURE_UNITS):
        return "multiplier", suffix
    if word in MEASURE_UNITS and not money:
        return "unit", suffix
    return None


def normalise_measure(quantity: Quantity) -> Quantity:
    """A length in kilometres, an area in square kilometres, a clock duration in seconds; a unit
    written as its symbol by its name ("yd": yard); other quantities unchanged."""
    if quantity.unit and quantity.unit != unit_name(quantity.unit):
        quantity = replace(quantity, unit=unit_name(quantity.unit))
    if quantity.unit not in MEASURE_UNITS:
        return quantity
    unit, factor = MEASURE_UNITS[quantity.unit]
    scaled = [None if v is None else round(v * factor, 9) for v in (quantity.value, quantity.low, quantity.high)]
    return replace(quantity, value=scaled[0], low=scaled[1], high=scaled[2], unit=unit)


def duration_quantity(ent: Span) -> Quantity | None:
    """A clock duration from a TIME entity ("around 15 seconds"), in seconds; None for
    a time of day ("0737 GMT", "3 p.m.")."""
    units = [t.lemma_.lower() for t in ent if t.lemma_.lower() in MEASURE_UNITS]
    numbers = _numbers_in(ent)
    if not units or not numbers or MEASURE_UNITS[units[-1]][0] != "second":
        return None
    before = _preceding_words(ent.doc, ent.start) + " " + ent.text.lower()
    approximate = any(_has_phrase(before, word) for word in APPROXIMATE_WORDS)
    return normalise_measure(Quantity(
        start=ent.start_char, end=ent.end_char, text=ent.text, kind="number", value=numbers[0],
        unit=units[-1], approximate=approximate,
    ))


def day_quantity(ent: Span, base) -> Quantity | None:
    """The day a time of day falls on ("Friday night", "tonight"), resolved like a date; None
    for a time that names no day ("3 p.m.", "the morning")."""
    resolved = resolve_date(ent.text, base, fallback=False)
    if resolved is None:
        return None
    return Quantity(
        start=ent.start_char, end=ent.end_char, text=ent.text, kind="date",
        date=resolved.date, precision=resolved.precision,
    )


def _hyphened_noun(ent: Span) -> Token | None:
    """The word joined to the figure by a hyphen: "8.6-magnitude" -> magnitude."""
    doc = ent.doc
    for token in doc[ent.start:min(ent.end + 1, len(doc) - 1)]:
        if token.text == "-" and not token.whitespace_ and token.i > 0 and not doc[token.i - 1].whitespace_:
            figure, word = doc[token.i - 1], doc[token.i + 1]
            if figure.like_num and word.is_alpha and word.lower_ not in NUMBER_WORDS and word.lower_ not in MULTIPLIERS:
                return word
    return None


def date_quantity(ent: Span, base) -> Quantity | None:
    """A date from a DATE entity; a duration ("three years") becomes a number of
    that unit; an expression that names no time ("recent weeks") gives None."""
    duration = _duration_unit(ent)
    if duration is not None and "ago" not in ent.text.lower():
        unit, counted = duration
        # The number right before the unit counts it: "Jan. 6, five days later" is five days.
        numbers = _numbers_in(counted) if counted is not None else _numbers_in(ent)
        if not numbers:
            return None
        return Quantity(start=ent.start_char, end=ent.end_char, text=ent.text, kind="number", value=numbers[-1], unit=unit)
    resolved = resolve_date(ent.text, base)
    if resolved is None:
        return period_quantity(ent)
    return Quantity(
        start=ent.start_char, end=ent.end_char, text=ent.text, kind="date",
        date=resolved.date, precision=resolved.precision,
    )


def period_quantity(ent: Span) -> Quantity | None:
    """Which of a run of periods a time names when it names no date: "the first half", "the 4th
    quarter", "the fifth round" are the periods 1, 4 and 5 of their kind (kind ``period``, unit
    the period's noun). A figure said of one part of an event is not one said of the whole."""
    for token in ent:
        rank = ordinal_value(token.text)
        head = token.head
        if rank is not None and head.pos_ == "NOUN" and token.i < head.i < ent.end:
            return Quantity(
                start=ent.start_char, end=ent.end_char, text=ent.text, kind="period",
                value=float(rank), unit=head.lemma_.lower(),
            )
    return None


def _duration_unit(ent: Span) -> tuple[str, Span | None] | None:
    """The unit a number of the entity counts, with the words before it that hold that number:
    "three weeks", "15 days"; not "the day" before a figure of something else ("ended the day
    17/35": 17 completions, not 17 days)."""
    for token in ent:
        lemma = token.lemma_.lower()
        before = ent.doc[ent.start : token.i]
        counted = any(t.like_num for t in before)
        if lemma in DURATION_UNITS and (token.tag_ == "NNS" or counted):
            if not any(t.lower_ in ("this", "last", "next", "past") for t in ent):
                return lemma, before if counted else None
    return None


def _named_before(ent: Span, counted: Token | None) -> Token | None:
    """The noun a number is the value of when it stands before the number in the noun phrase
    the number describes: "a magnitude 5.8 earthquake" is a magnitude (as "an earthquake of
    magnitude 5.8" is), "a level 3 alert" a level."""
    # One thing described, right after the number ("earthquake"): before a plural the number
    # counts it ("the company's 5 employees").
    if ent.start == 0 or counted is None or counted.i != ent.end or counted.tag_ != "NN":
        return None
    before = ent.doc[ent.start - 1]
    # One phrase however the parser hangs it: "magnitude" on "earthquake", or the other way,
    # or both on the verb.
    if before.tag_ == "NN" and before.pos_ == "NOUN" and counted.head.i != counted.i and (
            before.head == counted or counted.head == before or before.head == counted.head):
        return before
    return None


def counted_noun(ent: Span) -> Token | None:
    """The noun a number counts: "71 countries" -> countries."""
    for token in reversed(ent):
        head = token.head
        if token.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") and not head.like_num:
            if head.i >= ent.end or head.i < ent.start:
                return head
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.pos_ == "NOUN" and after.tag_ == "NNS":
        return after
    return None


def _currency(doc: Doc, start: int, end: int) -> str | None:
    for token in doc[start:end]:
        if token.lower_ in CURRENCY_SYMBOLS:
            return CURRENCY_SYMBOLS[token.lower_]
        if token.lemma_.lower() in CURRENCY_WORDS:
            return CURRENCY_WORDS[token.lemma_.lower()]
    if end < len(doc):
        after = doc[end]
        for word in (after.lemma_.lower(), after.lower_.rstrip("s")):
            if word in CURRENCY_WORDS:
                return CURRENCY_WORDS[word]
    return None


def _numbers_in(span: Span, money: bool = False) -> list[float]:
    """The numbers written in a span, words and digits ("three hundred", "1.5 million",
    "13.9bn"; "5m" and "20k" only in an amount of money, where they cannot be a length or a race)."""
    numbers: list[float] = []
    total = current = None
    for token in span:
        # The norm: a number printed with a space in it ("2, 000") reads as written without.
        word = token.norm_.lower().replace(",", "")
        for symbol in CURRENCY_SYMBOLS:
            if word.startswith(symbol) and len(word) > len(symbol):
                word = word[len(symbol):]
        glued = _GLUED_MULTIPLIER.match(word)
        if word in ("-", "–") and current is not None:
            # "one-million", "twenty-five": the hyphen joins the words of one number; "10-20"
            # still reads as two.
            continue
        if glued and (money or glued.group(2) in ("bn", "mln")):
            if current is not None or total is not None:
                numbers.append((total or 0.0) + (current or 0.0))
            total, current = None, float(glued.group(1)) * MULTIPLIERS[glued.group(2)]
        elif _NUMERIC.match(word):
            if current is not None:
                numbers.append((total or 0) + current)
                total = None
            current = float(word)
        elif word in NUMBER_WORDS and (word not in ("a", "an") or _next_is_multiplier(token)):
            current = (current or 0.0) + NUMBER_WORDS[word]
        elif word in MULTIPLIERS and (current is not None or word in SCALES):
            if word in ("m", "b", "k", "bn", "mln") and current is None:
                continue
            multiplied = (current if current is not None else 1) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= 1000:
                total, current = (total or 0) + multiplied, None
            else:
                current = multiplied
        elif current is not None or total is not None:
            numbers.append((total or 0.0) + (current or 0.0))
            total = current = None
    if current is not None or total is not None:
        numbers.append((total or 0.0) + (current or 0.0))
    return numbers


def _next_is_multiplier(token: Token) -> bool:
    return token.i + 1 < len(token.doc) and (token.nbor(1).lower_ in SCALES or token.nbor(1).lower_ == "dozen")


def _preceding_words(doc: Doc, start: int, count: int = 3) -> str:
    return " ".join(token.lower_ for token in doc[max(0, start - count) : start])


_PHRASES = {
    phrase: re.compile(rf"(?:^|\s){re.escape(phrase)}(?:\s|$)")
    for phrase in (*LOWER_BOUND_WORDS, *UPPER_BOUND_WORDS, *APPROXIMATE_WORDS)
}


def _has_phrase(text: str, phrase: str) -> bool:
    return _PHRASES[phrase].search(text) is not None
