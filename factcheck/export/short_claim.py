"""A short ``claimReviewed``: the claim in whole words, keeping the checked figure.

Google asks for a short claim (under 75 characters) and warns against cutting
one: a cut claim can drop the very figure the rating is about. So the claim is
never cut mid-clause. In order of preference it is written as the whole claim,
as its shortest opening that ends at a clause boundary and still holds the
checked figure, as its longest opening that ends before a phrase (a
preposition) and holds the figure, or as the figure's frame (what it counts, the verb and its
subject, the anchor) with the figure as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLAIM_REVIEWED_LIMIT = 75

# Where one clause ends and the next begins: punctuation, or a conjunction that
# opens a clause (not a relative pronoun: "the quake which hit ..." goes on).
CLAUSE_BOUNDARY = re.compile(
    r"\s*[,;:]\s+|\s+[-–—]\s+|\s+(?=(?:and|but|while|whereas|when|because|although|though)\s)",
    re.IGNORECASE,
)
# Where a phrase that adds to the clause begins (a preposition): what is said stays whole before it.
PHRASE_BOUNDARY = re.compile(
    r"\s+(?=(?:about|against|among|as|at|before|by|during|for|from|in|into|of|on|over|since|than|through|to|under|until|with|within)\s)", re.IGNORECASE
)
QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("«", "»"))
TRAILING = " ,;:-–—"


@dataclass(frozen=True)
class Figure:
    """The checked figure of a claim: its text and its frame (``records.Frame`` columns)."""

    text: str
    about: str | None = None
    verb: str | None = None
    verb_subject: str | None = None
    anchor: str | None = None


def short_claim(claim: str, figure: Figure | None = None, limit: int = CLAIM_REVIEWED_LIMIT) -> str:
    """``claim`` on one line in fewer than ``limit`` characters, ``figure`` kept."""
    claim = " ".join(claim.split())
    if _fits(claim, limit):
        return claim
    at = claim.find(figure.text) if figure else -1
    needed = at + len(figure.text) if at >= 0 else 0
    clauses = _openings(claim, CLAUSE_BOUNDARY, needed)
    phrases = _openings(claim, PHRASE_BOUNDARY, needed)
    # The shortest whole clause, else the longest opening that ends before a phrase.
    for opening in [*clauses, *reversed(phrases)]:
        if _fits(opening, limit):
            return opening
    if figure is not None:
        framed = _framed(claim, at, figure)
        if _fits(framed, limit):
            return framed
        return _balanced(_figure_phrase(claim, at, figure))
    return _balanced(min([*clauses, *phrases], key=len, default=claim))


def _openings(claim: str, boundary: re.Pattern, needed: int) -> list[str]:
    """The openings of ``claim`` that end at a ``boundary``, hold ``needed`` characters and three words."""
    openings = [claim[: found.start()].rstrip(TRAILING) for found in boundary.finditer(claim)]
    return [opening for opening in openings if len(opening) >= needed and len(opening.split()) >= 3]


def _fits(text: str, limit: int) -> bool:
    return len(text) < limit and _balanced(text) == text


def _balanced(text: str) -> str:
    """``text`` with the quote marks removed of any kind whose marks do not pair up."""
    for opening, closing in QUOTE_PAIRS:
        unpaired = text.count(opening) % 2 if opening == closing else text.count(opening) != text.count(closing)
        if unpaired:
            text = text.replace(opening, "").replace(closing, "")
    return " ".join(text.split())


def _figure_phrase(claim: str, at: int, figure: Figure) -> str:
    """The figure as written, with the next word when that word is the noun it counts ("six children")."""
    if at < 0 or not figure.about:
        return figure.text
    stem = figure.about.split()[-1][:4]
    following = claim[at + len(figure.text):].split(maxsplit=1)
    if stem in figure.text.lower() or not following or not following[0].lower().startswith(stem):
        return figure.text
    return f"{figure.text} {following[0].rstrip(TRAILING + '.')}"


def _framed(claim: str, at: int, figure: Figure) -> str:
    """Who or what, the verb, the figure and its anchor ("Exporter reach: 80 countries in asia")."""
    head = " ".join(part for part in (figure.verb_subject, figure.verb) if part)
    phrase = " ".join(part for part in (_figure_phrase(claim, at, figure), figure.anchor) if part)
    text = f"{head}: {phrase}" if head else phrase
    return _balanced(text[:1].upper() + text[1:])
