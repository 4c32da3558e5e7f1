"""What the claims stage reads in a claim's wording beside its parse, stored for the judge.

The judge compares what is stored; it does not read claim text again. Two kinds of reading:

- of the claim (:class:`ClaimReadings`, columns of the claims table): the
  directions it gives from named places ("12 km south of Carvell"), a position
  (inland / offshore), the superior in a chain of command ("reports to the
  ministry"), clock times with a zone ("07:15 GMT"), whether it gives a running
  total ("so far", "in all") and whether it speaks of a death toll;
- of each figure (:func:`figure_readings`, parts of its ``Frame``): the word
  right after it, the word that governs it ("for"), the content words around
  it, the place a count covers ("in 13 provinces"), whether a clock time
  follows it, and the measure written into it ("8.6-magnitude"). Lengths and
  durations the parse left out ("one minute") become figures of their own
  (:func:`measure_quantities`).

These are patterns over the wording, not the parse: each was the judge's own
reading, moved here so that it runs once per claim and is stored, exported and
shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .quantities.numbers import CARDINALS, UNIT_FACTORS, unit_name
from .records import Quantity
from .words import content_words

COMPASS = r"(?:north|south|east|west)(?:-?(?:east|west))?"
_DIRECTION = re.compile(
    rf"\b({COMPASS})(?:ern)?\s+of\s+(?:the\s+)?(?:(?:town|city|village|capital|province|district)\s+of\s+)?"
    r"([A-Z][\w’'-]+)"
)
_INLAND = re.compile(r"\b(?:inland|onshore|on land)\b", re.IGNORECASE)
_OFFSHORE = re.compile(
    r"\b(?:offshore|off\s+(?:the\s+(?:coast|shores?)\s+of\s+)?(?:the\s+)?[A-Z][\w’'-]+)"
)
_SUPERIOR = re.compile(
    r"\b(?:reports?(?:\s+directly)?\s+to|reporting\s+(?:directly\s+)?to|subordinated?\s+to|"
    r"(?:a\s+)?structural\s+(?:unit|division)\s+of|under\s+the\s+(?:authority|control|supervision)\s+of|"
    r"accountable\s+to)\s+(?:the\s+)?([^,.;()]+?)(?=\s+(?:and|with|which|that|to|since|in)\b|[,.;()]|$)",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"\b(\d{1,2})[:.]?(\d{2})\s*(a\.?\s?m\.?|p\.?\s?m\.?)?\s*"
    r"(GMT|UTC|local time|EDT|EST|CET|IST|WIB)\b",
    re.IGNORECASE,
)
# A time of day without a zone, told by its a.m. or p.m. ("3:15 pm", "11.40am").
_CLOCK_OF_DAY = re.compile(
    r"\b(\d{1,2})[:.](\d{2})\s*(a\.?\s?m\b\.?|p\.?\s?m\b\.?)(?!\.?\s*(?:GMT|UTC|local time|EDT|EST|CET|IST|WIB)\b)",
    re.IGNORECASE,
)
# Adverbials that make a count a running total ("in five operations so far", "altogether").
_CUMULATIVE = re.compile(r"\b(?:so far|to date|in all|in total|altogether|a total of|thus far|until now)\b", re.IGNORECASE)
_SCOPE = re.compile(
    r"\b(?:in|across|around|throughout)\s+(?:the\s+)?(?:[\d,]+\s+)?([A-Za-z][\w-]+(?:\s+[A-Z][\w-]+)*)"
)
_APPROXIMATORS = r"(?:just|around|about|some|roughly|nearly|almost|approximately|over|under|more than|less than|at least|at most)"
# A measure's number stands on its own: "6:00 minutes" is a clock reading, not 00 minutes; a
# thousands separator may be printed with a space after it ("2, 000ft", see ``digit_groups``).
_MEASURE = re.compile(
    r"(?<![\d:.,])(?<![\d], )\b(\d{1,3}(?:, ?\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(CARDINALS, key=len, reverse=True))
    + r")\s*-?\s*("
    + "|".join(sorted({unit for unit in UNIT_FACTORS if len(unit) > 2 or unit == "km"}, key=len, reverse=True))
    + r")s?\b",
    re.IGNORECASE,
)
# A rate: "per" and any noun but "cent" ("$22 million per season", "22 points per game"), or
# "a", "an" or "each" and a unit of time ("$15 an hour"), right after the figure or after up to
# two words of its unit ("$5 million a year"); not a distance in time ("died a year ago").
_TIME_UNITS = sorted({unit for unit, (dimension, _) in UNIT_FACTORS.items() if dimension == "duration"}
                     | {"month", "year"}, key=len, reverse=True)
_RATE = re.compile(
    r"^(?:[\s-]+(?!per\b|an?\b|each\b)[\w$%]+){0,2}?\s+(?:per\s+(?!cent\b)([a-z]+)"
    r"|(?:an?|each)\s+(" + "|".join(_TIME_UNITS) + r")s?\b(?!\s+(?:ago|earlier|later|before|after)\b))",
    re.IGNORECASE,
)
# How many content words on each side of a figure make its context.
CONTEXT_BEFORE, CONTEXT_AFTER = 4, 3
# How far after a figure its scope ("in 13 provinces") and a clock time's zone may lie.
SCOPE_REACH, CLOCK_REACH = 40, 12


@dataclass(frozen=True)
class ClaimReadings:
    """What a claim's wording says beside its figures. ``directions`` maps a place (lower-cased)
    to a compass direction ("southwest"); ``clock_times`` holds (minutes after midnight, zone
    lower-cased, the time as written) for clock times with a named zone."""

    directions: dict[str, str] = field(default_factory=dict)
    position: str | None = None
    superior: str | None = None
    clock_times: tuple[tuple[int, str, str], ...] = ()
    cumulative: bool = False
    death_toll: bool = False

    def columns(self) -> dict:
        """The claims table's columns for these readings (JSON for the mapping and the list)."""
        return {
            "directions": json.dumps(self.directions, ensure_ascii=False) if self.directions else None,
            "position": self.position,
            "superior": self.superior,
            "clock_times": json.dumps(self.clock_times, ensure_ascii=False) if self.clock_times else None,
            "cumulative": int(self.cumulative),
            "death_toll": int(self.death_toll),
        }

    @classmethod
    def from_row(cls, row) -> ClaimReadings | None:
        """The readings stored with a claim; None for a claim analysed before they were stored."""
        if row["cumulative"] is None:
            return None
        return cls(
            directions=json.loads(row["directions"]) if row["directions"] else {},
            position=row["position"], superior=row["superior"],
            clock_times=tuple(tuple(clock) for clock in json.loads(row["clock_times"])) if row["clock_times"] else (),
            cumulative=bool(row["cumulative"]), death_toll=bool(row["death_toll"]),
        )


CLAIM_READING_COLUMNS = tuple(ClaimReadings().columns())
"""The claims table stores each claim reading in a column of its name."""


def claim_readings(text: str) -> ClaimReadings:
    """The readings of one claim's text."""
    return ClaimReadings(
        directions=directions(text), position=position(text), superior=superior(text),
        clock_times=tuple(clock_times(text)), cumulative=bool(_CUMULATIVE.search(text)),
        death_toll="death toll" in text.lower(),
    )


def directions(text: str) -> dict[str, str]:
    return {place.lower(): direction.lower().replace("-", "") for direction, place in _DIRECTION.findall(text)}


def position(text: str) -> str | None:
    inland, offshore = bool(_INLAND.search(text)), bool(_OFFSHORE.search(text))
    if inland == offshore:
        return None
    return "inland" if inland else "offshore"


def superior(text: str) -> str | None:
    match = _SUPERIOR.search(text)
    return match.group(1).strip() if match else None


def _clock_label(hour: str, minute: str, meridiem: str) -> str:
    return f"{hour}:{minute} {meridiem.replace(' ', '').replace('.', '').lower()}"


def clock_times(text: str) -> list[tuple[int, str, str]]:
    """(minutes after midnight, zone, the text) for clock times with a named zone, and for times of
    day with a.m. or p.m. and no zone (zone "")."""
    found = []
    for hour, minute, meridiem in (m.groups() for m in _CLOCK_OF_DAY.finditer(text)):
        hours = int(hour) % 12 + (12 if meridiem.lower().startswith("p") else 0)
        if int(hour) <= 12 and int(minute) <= 59:
            found.append((hours * 60 + int(minute), "", _clock_label(hour, minute, meridiem)))
    for hour, minute, meridiem, zone, in (m.groups() for m in _CLOCK.finditer(text)):
        hours = int(hour) % 12 + (12 if meridiem and meridiem.lower().startswith("p") else 0)
        if not meridiem:
            hours = int(hour)
        if hours > 23 or int(minute) > 59:
            continue
        found.append((hours * 60 + int(minute), zone.lower(), f"{hour}:{minute} {zone}"))
    return found


def figure_readings(text: str, start: int, end: int) -> dict:
    """The ``Frame`` parts read from the wording of the claim ``text`` around the figure at
    ``start``-``end`` (offsets into ``text``): ``after``, ``lead``, ``context``, ``scope``,
    ``clock``, ``measure`` and ``rate``."""
    # The scope starts within reach of the figure and runs to the end of its words.
    scope = _SCOPE.search(text, end)
    if scope is not None and scope.start() - end > SCOPE_REACH:
        scope = None
    hyphenated = re.search(r"\d-([A-Za-z]+)", text[start:end])
    return {
        "after": _word_after(text, end),
        "lead": _lead(text, start),
        "context": " ".join(_context(text, start, end)),
        "scope": scope.group(1) if scope else None,
        "clock": bool(_CLOCK.search(text[start : end + CLOCK_REACH])),
        "measure": unit_name(hyphenated.group(1)) if hyphenated else None,
        "rate": _rate(text[end:]),
    }


def _rate(after: str) -> str | None:
    """What the figure just before ``after`` is counted per, lower-cased, or None."""
    found = _RATE.match(after)
    return (found.group(1) or found.group(2)).lower() if found else None


def _word_after(text: str, end: int) -> str | None:
    match = re.match(r"\s*(?:-\s*)?([A-Za-z]+)", text[end:])
    return match.group(1) if match else None


def _lead(text: str, start: int) -> str | None:
    """The word that governs a figure ("for around 15 seconds" -> "for"): a measure's role."""
    before = re.sub(rf"(?:\s+{_APPROXIMATORS})+\s*$", "", text[:start].rstrip(), flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z]+", before[-30:])
    return words[-1].lower() if words else None


def _context(text: str, start: int, end: int) -> list[str]:
    """Content words (lower-cased, not stemmed) just before and after a figure."""
    before = content_words(text[:start], stemmed=False)[-CONTEXT_BEFORE:]
    return before + content_words(text[end:], stemmed=False)[:CONTEXT_AFTER]


def measure_quantities(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Lengths and durations in ``text`` outside the spans ``taken`` by other figures ("one
    minute" where the entity recogniser saw none), offsets into ``text``, units as written."""
    found = []
    for match in _MEASURE.finditer(text):
        if any(start <= match.start() < end or match.start() <= start < match.end() for start, end in taken):
            continue
        number = match.group(1).lower()
        value = float(CARDINALS[number]) if number in CARDINALS else float(re.sub(r"[, ]", "", number))
        approximate = bool(re.search(r"\b(?:around|about|some|roughly|nearly|almost|approximately)\s*$",
                                     text[: match.start()]))
        found.append(Quantity(match.start(), match.end(), match.group(0), "number", value=value,
                              unit=match.group(2).lower(), approximate=approximate))
    return found
