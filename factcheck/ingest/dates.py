"""Dates as news pages write them: datelines, ISO stamps, dates in figures, and days without a year.

Only English month names, ISO dates and dates in figures ("14 / 09 / 2013") are read. A date is returned as written on
the page (no time-zone shift): "July 03, 2013 6:22AM" is 2013-07-03.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple
from urllib.parse import urlsplit

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

_ISO = re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")
# "28 January 2025", "3 July 2013", "WEDNESDAY 03 JULY 2013", "Tue, 02 Jul 2013".
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
# "February 06, 2025", "Tue Jul 2, 2013", "July 2nd, 2013", "on July 02 2013".
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_FULL_DATES = (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR)
# "13 February", "February 13": a day without its year (the year is inferred).
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+{_MONTH}(?![\w.])", re.IGNORECASE)
# "Dec. 24 4:33 AM" is a day and a time; "Dec 24, 2012" is a full date
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*(?:19|20)\d{{2}}\b)", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
# "14 / 09 / 2013", "11/12/2007", "03.07.2013": day and month in figures, in either order.
_NUMERIC = re.compile(
    rf"(?<![\d/.])(?P<first>\d{{1,2}})\s*(?P<mark>[/.])\s*(?P<second>\d{{1,2}})\s*(?P=mark)\s*{_YEAR}(?![\d/.]*\d)"
)

# What may surround the date on a dateline: weekdays, times, zones, labels, a place.
_DATELINE_NOISE = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b"
    r"|\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
    r"|\b\d{3,4}\s*(?:hrs|gmt|utc)\b"
    r"|\b(?:hrs|gmt|utc|ist|edt|est|cdt|cst|pdt|pst|bst|cet|cest|msk|wib|aest|aedt|jst|sgt|hkt)\b"
    r"|\b(?:date|published|posted|updated|last|modified|at|on|by)\b",
    re.IGNORECASE,
)
DATELINE_MAX_CHARS = 80


class FoundDate(NamedTuple):
    """A date found in text: the ISO value, the text it was read from, and where."""

    value: str
    text: str
    start: int


def to_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(match: re.Match) -> int:
    month = match["month"]
    return int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]


def full_dates(text: str) -> list[FoundDate]:
    """Every date with day, month and year in ``text``, in reading order."""
    found = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            day = to_date(int(match["year"]), _month_number(match), int(match["day"]))
            if day:
                found.append(FoundDate(day.isoformat(), match.group(0), match.start()))
    return sorted(found, key=lambda hit: hit.start)


def numeric_dates(text: str, month_first: bool | None) -> list[FoundDate]:
    """Every date written in figures ("14 / 09 / 2013") in ``text``, in reading order.

    A day above 12 tells the order; otherwise ``month_first`` does, and when it is
    None an ambiguous date ("11/12/2007") is not read.
    """
    found = []
    for match in _NUMERIC.finditer(text):
        first, second = int(match["first"]), int(match["second"])
        if first > 12 or (second <= 12 and month_first is False):
            month, day = second, first
        elif second > 12 or month_first:
            month, day = first, second
        else:
            continue
        value = to_date(int(match["year"]), month, day)
        if value:
            found.append(FoundDate(value.isoformat(), match.group(0), match.start()))
    return found


def parse_date(value) -> str | None:
    """A date given by a person (a flag, front matter, a JSON field) as YYYY-MM-DD.

    Accepts a ``date``/``datetime``, an ISO string (a time after it is ignored) or an
    English date with day, month and year. Returns None when it is not one.
    """
    if isinstance(value, date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    hits = full_dates(value.strip())
    return hits[0].value if hits and hits[0].start == 0 else None


def is_dateline(line: str) -> bool:
    """Whether a line is a date stamp (perhaps with weekday, time, zone, label, place), or a
    weekday alone with its time ("Sunday, 3:30 PM")."""
    line = line.strip()
    if not line or len(line) > DATELINE_MAX_CHARS:
        return False
    if weekday_only(line) is not None:
        return True
    numeric = [(hit.start(), hit.group(0)) for hit in _NUMERIC.finditer(line)]
    dated = [(hit.start, hit.text) for hit in full_dates(line) + partial_dates(line)] + numeric
    if not dated:
        return False
    start, written = min(dated)
    rest = line[:start] + " " + line[start + len(written):]
    rest = _DATELINE_NOISE.sub(" ", rest)
    # What is left may be a place or an agency ("INDONESIA,", "AFP,"): at most two words.
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 2


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)
ANCHOR_DAYS = 3
"""How far a weekday-only dateline may lie from the date it is anchored to."""


def weekday_only(line: str) -> int | None:
    """The weekday (Monday 0) of a dateline that gives no date ("Sunday, 3:30 PM"), else None."""
    line = line.strip()
    match = _WEEKDAY.search(line)
    if not match or len(line) > DATELINE_MAX_CHARS or not any(day.startswith(match["weekday"].lower()) for day in WEEKDAYS):
        return None
    if re.search(r"[^\W_]", _DATELINE_NOISE.sub(" ", line)):
        return None
    return next(n for n, day in enumerate(WEEKDAYS) if day.startswith(match["weekday"].lower()))


def anchored(month: int | None, day: int | None, weekday: int | None, anchor: str) -> str | None:
    """A day without its year, or a weekday alone, as the date nearest ``anchor`` (YYYY-MM-DD):
    "Dec. 31" on a page filed under 2013-01-01 is 2012-12-31; "Monday" under 2013-09-15
    (a Sunday) is 2013-09-16, at most ANCHOR_DAYS away."""
    base = date.fromisoformat(anchor)
    if weekday is not None:
        near = [base + timedelta(days=shift) for shift in range(-ANCHOR_DAYS, ANCHOR_DAYS + 1)]
        fits = sorted((abs((d - base).days), d) for d in near if d.weekday() == weekday)
        return fits[0][1].isoformat() if fits else None
    dates = [d for year in (base.year - 1, base.year, base.year + 1) if (d := to_date(year, month, day))]
    return min(dates, key=lambda d: abs((d - base).days)).isoformat() if dates else None


class PartialDate(NamedTuple):
    """A day and month written without a year ("13 February")."""

    month: int
    day: int
    text: str
    start: int


def partial_dates(text: str) -> list[PartialDate]:
    found = []
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            month, day = _month_number(match), int(match["day"])
            if to_date(2000, month, day):  # 2000 is a leap year: 29 February passes
                found.append(PartialDate(month, day, match.group(0), match.start()))
    return sorted(found, key=lambda hit: hit.start)


def infer_year(month: int, day: int, text: str) -> tuple[str, str] | None:
    """Date a day written without its year by the latest dated event the text reports.

    A page is dated on or after what it reports, so the year is the first one that
    puts the day on or after the latest full date ("December 25, 2024") or month
    ("July 2022") in ``text``. Returns (YYYY-MM-DD, the evidence) or None when the
    text dates nothing. A date the article announces for the future would mislead
    this rule; it is recorded as inferred so a reviewer can see it.
    """
    dated = [(hit.value, hit.text) for hit in full_dates(text)]
    for match in _MONTH_YEAR.finditer(text):
        dated.append((f"{int(match['year']):04d}-{_month_number(match):02d}-01", match.group(0)))
    if not dated:
        return None
    latest, evidence = max(dated)
    year = int(latest[:4])
    candidate = to_date(year, month, day)
    while candidate is None or candidate.isoformat() < latest:
        year += 1
        candidate = to_date(year, month, day)
    return candidate.isoformat(), evidence


# "/2010/05/05/", "/2012/6/11/", "/2010-05-05-greece", "/20100505-268325/": a date the site files the page under.
_URL_DATES = (
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?=/|$)"),
    re.compile(r"(?<=[/_-])(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d])"),
    re.compile(r"(?<=[/_-])(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})(?=[/_.-]|$)"),
)


def url_date(url: str) -> str | None:
    """The date in a URL's path, when it has one with year, month and day."""
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if match:
            day = to_date(int(match["year"]), int(match["month"]), int(match["day"]))
            if day:
                return day.isoformat()
    return None
