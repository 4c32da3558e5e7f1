"""Texts longer than the model takes (spaCy's ``nlp.max_length``) cut into pieces it takes.

A cut falls where the text breaks most: between paragraphs, else between
lines, else after a sentence, else between words; only a stretch with no space
in it is cut mid-word. Each piece keeps its offset in the whole text, so the
offsets of what the model finds in a piece map back to the text.
"""

from __future__ import annotations

import re

BREAKS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*\s+"),
    re.compile(r"\s+"),
)
"""The places a piece may end, strongest first; a piece ends after the break."""


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pairs in order, each piece at most ``limit`` characters;
    the pieces joined are the text."""
    if limit < 1:
        raise ValueError(f"a piece must be allowed at least one character (got {limit})")
    found, start = [], 0
    while len(text) - start > limit:
        end = _cut(text[start:start + limit]) + start
        found.append((start, text[start:end]))
        start = end
    found.append((start, text[start:]))
    return found


def _cut(window: str) -> int:
    """Where a piece that may run to the end of ``window`` ends: after its last, strongest break."""
    for pattern in BREAKS:
        last = None
        for last in pattern.finditer(window, 1):
            pass
        if last is not None:
            return last.end()
    return len(window)
