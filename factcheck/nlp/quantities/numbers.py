"""Numbers written as words: one table for every stage that reads them.

The quantities component reads "three hundred" and "a dozen" in claims and the
number of a measure the entity recogniser missed ("one minute"), and matching
masks numbers before it compares wordings. This module imports no spaCy: the
judge and matching run without the pipeline.
"""

from __future__ import annotations

CARDINALS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

ORDINALS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
"""Ordinals written as words ("the third quarter"); in figures they end in st, nd, rd or th."""


def ordinal_value(word: str) -> int | None:
    """The rank an ordinal states: "third" and "3rd" are 3; None for any other word."""
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    if word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"):
        return int(word[:-2])
    return None


SCALES: dict[str, float] = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
"""The multipliers written out in full."""

MULTIPLIERS: dict[str, float] = SCALES | {"mln": 1e6, "m": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3}
"""With the abbreviations amounts are written with ("$5m", "3bn", "10k")."""

# The symbols of units that are spelled out elsewhere ("an 86-yd run", "an 86-yard run"), by the
# unit's name: the US customary symbols of NIST SP 811 (2008), appendix B.9, that news writes.
UNIT_SYMBOLS: dict[str, str] = {"yd": "yard", "yds": "yard", "lb": "pound", "lbs": "pound", "oz": "ounce", "gal": "gallon"}


def unit_name(unit: str) -> str:
    """A unit by its name: "yd" is "yard"; other units as written."""
    return UNIT_SYMBOLS.get(unit.lower(), unit)


# Units of one dimension, with their factor to a base unit (metres, seconds): the judge
# compares figures in them, the claims stage finds the measures written in them. The
# factors of the US customary units are the exact ones of NIST Special Publication 811
# (2008), appendix B.9; abbreviations as news writes them ("200ft", "3 mi"). Not yards:
# news counts them in games ("a 7-yard pass", "226 yards rushing"), each play its own figure.
UNIT_FACTORS: dict[str, tuple[str, float]] = {
    "km": ("length", 1000.0), "kilometer": ("length", 1000.0), "kilometre": ("length", 1000.0),
    "mile": ("length", 1609.344), "mi": ("length", 1609.344), "meter": ("length", 1.0),
    "metre": ("length", 1.0), "m": ("length", 1.0), "foot": ("length", 0.3048),
    "feet": ("length", 0.3048), "ft": ("length", 0.3048), "second": ("duration", 1.0), "sec": ("duration", 1.0),
    "minute": ("duration", 60.0), "min": ("duration", 60.0), "hour": ("duration", 3600.0),
    "hr": ("duration", 3600.0), "day": ("duration", 86400.0), "week": ("duration", 604800.0),
}
# Areas, which news writes as the square of a length ("2,000 square feet", "40 sq km"), and the
# hectare and the acre: the factors to square metres, of NIST SP 811 (2008), appendix B.9.
UNIT_FACTORS |= {f"square {unit}": ("area", factor**2) for unit, (dimension, factor) in UNIT_FACTORS.items()
                 if dimension == "length"}
UNIT_FACTORS |= {"hectare": ("area", 1e4), "acre": ("area", 4046.8564224)}
AREA_WORDS = frozenset({"square", "sq"})
"""The words that make a length unit after them an area."""
