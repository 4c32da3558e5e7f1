"""Article text made safe to show: literal characters, sentence context.

Article text is data. Textual never parses it as markup here because it is
always wrapped in ``rich.text.Text`` (or ``markup=False``); what remains
dangerous is control characters, which a terminal would obey: ``visible``
shows each of them as one character, so character offsets stay valid.
"""

from __future__ import annotations

import re

from ..visible import visible


def one_line(text: str | None) -> str:
    """``visible`` text on one line (for lists and table cells)."""
    return " ".join(visible(text).split())


# A sentence ends at . ! ? (maybe closed by a quote or bracket) before
# whitespace, or at a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")


# A neighbouring sentence is shown up to this many characters (two lines of a narrow card) from
# the claim's, so that on a card of a dozen lines the claim itself stays in view.
CONTEXT_REACH = 80
ELLIPSIS = "\u2026"


def sentence_context(text: str, start: int, end: int, reach: int = CONTEXT_REACH) -> tuple[str, int]:
    """The text from the sentence before ``start`` to the one after ``end``, a neighbour longer
    than ``reach`` cut at a word and marked with an ellipsis; and the offset in ``text`` that
    the context's first character stands for (an offset ``p`` of ``text`` is ``p - origin``
    in the context)."""
    boundaries = [m.end() for m in _SENTENCE_END.finditer(text, 0, max(start, 0))]
    # boundaries[-1] opens the claim's sentence; the one before opens the previous sentence.
    context_start = boundaries[-2] if len(boundaries) >= 2 else 0
    position = end
    while position < len(text) and (text[position] in ".!?\"'”’)]" or text[position].isspace()):
        position += 1
    following = _SENTENCE_END.search(text, position)
    context_end = following.start() + 1 if following else len(text)
    lead = trail = ""
    if start - context_start > reach:
        context_start, lead = _word_after(text, start - reach), ELLIPSIS
    if context_end - end > reach:
        context_end, trail = _word_before(text, end + reach), ELLIPSIS
    return lead + text[context_start:context_end] + trail, context_start - len(lead)


_SPACE = re.compile(r"\s+")


def _word_after(text: str, position: int) -> int:
    """The start of the first word after the space that follows ``position``."""
    space = _SPACE.search(text, position)
    return space.end() if space else position


def _word_before(text: str, position: int) -> int:
    """The end of the last word before the space that precedes ``position``."""
    spaces = [space.start() for space in _SPACE.finditer(text, 0, position)]
    return spaces[-1] if spaces and spaces[-1] > 0 else position
