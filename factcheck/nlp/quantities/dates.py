"""Dates in news text resolved against the article's publication date.

``resolve_date`` turns the text of a DATE entity ("Thursday", "this week",
"December 25", "in January", "Dec. 25, 2024", "2008") into an ISO date and its
precision (``day``, ``week``, ``month``, ``year``). The common forms are read
by the patterns below (fast and predictable); dateparser reads the rest.
Dates without a year take the article's year, moved a year back when that
would put them well after the article (news reports the past).
"""

from __future__ import annotations

import re
from datetime import MINYEAR, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from ...ingest.dates import MONTHS, to_date
from .numbers import CARDINALS

WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
LEAP_YEAR = 2000

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
PATTERNS = [
    ("day", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("day", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("day", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", re.I)),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\d)", re.I)),
    ("month", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("month", re.compile(rf"\b{_MONTH}\b", re.I)),
    ("year", re.compile(rf"\b{_YEAR}\b")),
]
_WEEKDAY = re.compile(r"\b(?P<which>last|next|this|on)?\s*(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)
_THIS_PERIOD = re.compile(r"\b(?P<which>this|last|next|past)\s+(?P<unit>week|month|year)\b", re.I)
_COUNTS = {"a": 1, "an": 1} | CARDINALS
_AGO = re.compile(
    r"\b(?P<count>\d+|" + "|".join(sorted(_COUNTS, key=len, reverse=True))
    + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b",
    re.I,
)
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]?\d{2}\s*(?:(?:gmt|utc|wib|wita|wit|est|edt|cst|cdt|pst|pdt|cet|cest|bst|ist|jst|msk|hrs|h)\b|a\.?m\.?|p\.?m\.?|local time)"
    r"|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)",
    re.I,
)
"""Times of day ("0737 GMT", "10:30 WIB", "3 p.m."): never a year or a day."""
_YEAR_SHIFT = re.compile(r"\b(?P<which>last|previous|this|next|the following)\s+year\b", re.I)
_SHIFTS = {"last": -1, "previous": -1, "this": 0, "next": 1, "the following": 1}


class ResolvedDate(NamedTuple):
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``--MM-DD`` when the
    year is unknown) and its precision."""

    date: str
    precision: str


def resolve_date(text: str, base: date | None, *, fallback: bool = True) -> ResolvedDate | None:
    """Resolve a date expression against ``base`` (the article's date), or None.

    Durations ("three years") and vague periods ("recent weeks") give None.
    Without ``fallback`` only the forms above are read, not dateparser's guesses:
    a time of day ("12:30") names no date of its own.
    """
    lowered = _CLOCK.sub(" ", text.lower()).strip()
    if not lowered:
        return None
    for precision, pattern in PATTERNS:
        found = pattern.search(lowered)
        if found:
            parts = found.groupdict()
            shift = _YEAR_SHIFT.search(lowered)
            if shift and not parts.get("year") and base is not None:
                # "April last year": the year is named relative to the article's
                parts["year"] = str(base.year + _SHIFTS[shift["which"].lower()])
            return _from_parts(parts, precision, base)
    if base is None:
        return None
    relative = _relative(lowered, base)
    if relative is not None:
        return relative
    # A bare number ("ages 12 and 15", which the recogniser may call a date) names no day.
    if fallback and any(char.isdigit() for char in lowered) and any(char.isalpha() for char in lowered):
        return _with_dateparser(lowered, base)
    return None


def _month_number(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.rstrip(".")]


def _from_parts(parts: dict, precision: str, base: date | None) -> ResolvedDate | None:
    year = int(parts["year"]) if parts.get("year") else None
    if precision == "year":
        return ResolvedDate(f"{year:04d}", "year")
    month = _month_number(parts["month"])
    day = int(parts["day"]) if parts.get("day") else None
    if day is not None and not 1 <= day <= 31:
        return None
    if year is None and base is not None:
        year = _nearest_year(month, day, base)
    if precision == "month":
        return ResolvedDate(f"{year:04d}-{month:02d}" if year else f"--{month:02d}", "month")
    if year is None:
        # A day of some year: 29 February may be one, 31 February is none.
        return ResolvedDate(f"--{month:02d}-{day:02d}", "day") if to_date(LEAP_YEAR, month, day) else None
    try:
        return ResolvedDate(date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _nearest_year(month: int, day: int | None, base: date) -> int:
    """The year that puts a date written without one nearest the article's date ("due in court
    Feb. 17" in January is this February; "on Dec. 28" in early January last December); a month
    without a day counts from its middle."""
    def distance(year: int) -> int:
        try:
            return abs((date(year, month, day or 15) - base).days)
        except ValueError:  # 29 February of a common year
            return abs((date(year, month, 28) - base).days)

    return min((base.year - 1, base.year, base.year + 1), key=lambda year: (distance(year), -year))


def _relative(lowered: str, base: date) -> ResolvedDate | None:
    for word, offset in RELATIVE_DAYS.items():
        if re.search(rf"\b{word}\b", lowered):
            return ResolvedDate((base + timedelta(days=offset)).isoformat(), "day")
    found = _WEEKDAY.search(lowered)
    if found:
        weekday = WEEKDAYS[found["weekday"]]
        if found["which"] == "next":
            days = (weekday - base.weekday()) % 7 or 7
        else:
            days = -((base.weekday() - weekday) % 7)
        return ResolvedDate((base + timedelta(days=days)).isoformat(), "day")
    found = _THIS_PERIOD.search(lowered)
    if found:
        step = {"this": 0, "last": -1, "past": -1, "next": 1}[found["which"]]
        unit = found["unit"]
        if unit == "week":
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
            return ResolvedDate(monday.isoformat(), "week")
        if unit == "month":
            index = base.year * 12 + base.month - 1 + step
            return ResolvedDate(f"{index // 12:04d}-{index % 12 + 1:02d}", "month")
        return ResolvedDate(f"{base.year + step:04d}", "year")
    found = _AGO.search(lowered)
    if found:
        count = found["count"]
        count = int(count) if count.isdigit() else _COUNTS[count]
        unit = found["unit"]
        if unit == "year":
            year = base.year - count
            return ResolvedDate(f"{year:04d}", "year") if year >= MINYEAR else None
        try:
            then = base - timedelta(days=count * UNIT_DAYS[unit])
        except OverflowError:  # further back than the calendar goes ("9999999 days ago")
            return None
        if unit == "month":
            return ResolvedDate(then.isoformat()[:7], "month")
        return ResolvedDate(then.isoformat(), "day")
    return None


@lru_cache(maxsize=4096)
def _with_dateparser(text: str, base: date) -> ResolvedDate | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past"},
    )
    data = parser.get_date_data(text)
    if data.date_obj is None or data.date_obj.year < 1500:
        return None
    period = data.period or "day"
    value = data.date_obj.date()
    if period == "year":
        return ResolvedDate(f"{value.year:04d}", "year")
    if period == "month":
        return ResolvedDate(value.isoformat()[:7], "month")
    return ResolvedDate(value.isoformat(), "week" if period == "week" else "day")


def parse_iso(value: str | None) -> date | None:
    """``YYYY-MM-DD`` as a date, or None when absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
