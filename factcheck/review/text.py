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


def sentence_context(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets from the start of the sentence before ``start`` to the end of the one after ``end``."""
    boundaries = [m.end() for m in _SENTENCE_END.finditer(text, 0, max(start, 0))]
    # boundaries[-1] opens the claim's sentence; the one before opens the previous sentence.
    context_start = boundaries[-2] if len(boundaries) >= 2 else 0
    position = end
    while position < len(text) and (text[position] in ".!?\"'”’)]" or text[position].isspace()):
        position += 1
    following = _SENTENCE_END.search(text, position)
    return context_start, following.start() + 1 if following else len(text)
