"""Numbers, amounts, percentages and dates in each claim, normalised.

Numbers come from spaCy's CARDINAL / MONEY / PERCENT / QUANTITY entities (and
numbers the NER missed that count a noun); the unit of a plain number is the
lemma of the noun it counts ("71 countries" -> 71 country). Dates come from
DATE entities, resolved against the article's date (``doc._.published``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..records import Quantity
from ..spans import EntityFinder
from .dates import parse_iso, resolve_date
from .frames import figure_frame

NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12,
}
MULTIPLIERS = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "k": 1e3,
}
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
MEASURE_UNITS = {
    "second": ("second", 1.0), "sec": ("second", 1.0), "minute": ("second", 60.0), "min": ("second", 60.0),
    "hour": ("second", 3600.0), "hr": ("second", 3600.0),
    "kilometre": ("kilometre", 1.0), "kilometer": ("kilometre", 1.0), "km": ("kilometre", 1.0),
    "metre": ("kilometre", 0.001), "meter": ("kilometre", 0.001), "m": ("kilometre", 0.001),
    "mile": ("kilometre", 1.609344), "foot": ("kilometre", 0.0003048), "feet": ("kilometre", 0.0003048),
}
"""Lengths and clock durations, stored in one unit each (kilometres, seconds) so that
"one minute" and "60 seconds" compare; days and longer stay counts of their unit."""
NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
_NUMERIC = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
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
            claim._.quantities = [
                replace(quantity, frame=figure_frame(doc, quantity.start, quantity.end))
                for quantity in claim_quantities(claim, base, entities.within(claim))
            ]
        return doc


def claim_quantities(claim: Span, base, ents: list[Span]) -> Iterator[Quantity]:
    """The quantities of a claim in text order, with ``equivalent_of`` set for a
    sum restated in brackets ("350,000 manats ($205,000)"). ``ents`` are the
    claim's entities (``EntityFinder.within``)."""
    found: list[Quantity] = []
    covered: set[int] = set()
    for ent in ents:
        quantity = None
        if ent.label_ == "DATE":
            quantity = date_quantity(ent, base)
        elif ent.label_ == "TIME":
            quantity = duration_quantity(ent)
        elif ent.label_ in NUMBER_LABELS:
            quantity = number_quantity(ent)
        if quantity is not None:
            found.append(quantity)
            covered.update(range(ent.start, ent.end))
    for token in claim:
        if token.i in covered or not token.like_num or token.ent_type_:
            continue
        if token.dep_ == "nummod" and token.head.pos_ == "NOUN":
            quantity = number_quantity(claim.doc[token.i : token.i + 1])
            if quantity is not None:
                found.append(quantity)
    found.sort(key=lambda quantity: quantity.start)
    for index, quantity in enumerate(found):
        if index and _restates(claim, found[index - 1], quantity):
            found[index] = replace(quantity, equivalent_of=index - 1)
    yield from found


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
    text = doc[start:end].text
    lowered = text.lower()
    numbers = _numbers_in(ent)
    if not numbers:
        return None
    counted = counted_noun(ent)
    if counted is not None and counted.pos_ == "PROPN":
        return None
    kind, unit = "number", None
    currency = _currency(doc, start, end)
    if currency is not None or ent.label_ == "MONEY":
        kind, unit = "money", currency
    elif ent.label_ == "PERCENT" or any(word in lowered for word in PERCENT_WORDS):
        kind, unit = "percent", "%"
    elif _hyphened_noun(ent) is not None:
        unit = _hyphened_noun(ent).lemma_.lower()
    elif counted is not None:
        unit = counted.lemma_.lower()
    elif ent.label_ == "QUANTITY":
        words = [token.lemma_.lower() for token in ent if token.is_alpha and token.lower_ not in NUMBER_WORDS and token.lower_ not in MULTIPLIERS]
        unit = words[-1] if words else None
    if kind == "money" and unit is None:
        unit = "USD" if "$" in text else None
    value = low = high = None
    approximate = False
    if len(numbers) >= 2 and _RANGE.search(lowered):
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
    end_char = ent.end_char
    if kind == "money" and end < len(doc) and _currency(doc, end, end + 1) is not None:
        end_char = doc[end].idx + len(doc[end])
        text = doc.text[doc[start].idx : end_char]
    return normalise_measure(Quantity(
        start=doc[start].idx, end=end_char, text=text, kind=kind, value=value, low=low,
        high=high, unit=unit, approximate=approximate,
    ))


def normalise_measure(quantity: Quantity) -> Quantity:
    """A length in kilometres, a clock duration in seconds; other quantities unchanged."""
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
        numbers = _numbers_in(ent)
        if not numbers:
            return None
        return Quantity(start=ent.start_char, end=ent.end_char, text=ent.text, kind="number", value=numbers[0], unit=duration)
    resolved = resolve_date(ent.text, base)
    if resolved is None:
        return None
    return Quantity(
        start=ent.start_char, end=ent.end_char, text=ent.text, kind="date",
        date=resolved.date, precision=resolved.precision,
    )


def _duration_unit(ent: Span) -> str | None:
    for token in ent:
        lemma = token.lemma_.lower()
        if lemma in DURATION_UNITS and token.tag_ == "NNS" or (lemma in DURATION_UNITS and any(t.like_num for t in ent)):
            if not any(t.lower_ in ("this", "last", "next", "past") for t in ent):
                return lemma
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


def _numbers_in(span: Span) -> list[float]:
    """The numbers written in a span, words and digits ("three hundred", "1.5 million")."""
    numbers: list[float] = []
    total = current = None
    for token in span:
        word = token.lower_.replace(",", "")
        for symbol in CURRENCY_SYMBOLS:
            if word.startswith(symbol) and len(word) > len(symbol):
                word = word[len(symbol):]
        if _NUMERIC.match(word):
            if current is not None:
                numbers.append((total or 0) + current)
                total = None
            current = float(word)
        elif word in NUMBER_WORDS and (word not in ("a", "an") or _next_is_multiplier(token)):
            current = (current or 0.0) + NUMBER_WORDS[word]
        elif word in MULTIPLIERS and (current is not None or word in ("hundred", "thousand", "million", "billion")):
            if word in ("m", "b", "k", "bn", "mln") and current is None:
                continue
            multiplied = (current if current is not None else 1) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= 1000:
                total, current = (total or 0) + multiplied, None
            else:
                current = multiplied
        elif current is not None or total is not None:
            numbers.append((total or 0) + (current or 0))
            total = current = None
    if current is not None or total is not None:
        numbers.append((total or 0) + (current or 0))
    return numbers


def _next_is_multiplier(token: Token) -> bool:
    return token.i + 1 < len(token.doc) and token.nbor(1).lower_ in ("hundred", "thousand", "million", "billion", "dozen")


def _preceding_words(doc: Doc, start: int, count: int = 3) -> str:
    return " ".join(token.lower_ for token in doc[max(0, start - count) : start])


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?:^|\s){re.escape(phrase)}(?:\s|$)", text) is not None
