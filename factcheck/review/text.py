"""Article text made safe to show: literal characters, sentence context.

Article text is data. Textual never parses it as markup here because it is
always wrapped in ``rich.text.Text`` (or ``markup=False``); what remains
dangerous is control bytes, which a terminal would obey. ``literal`` maps each
of them to one visible character, so character offsets stay valid.
"""

from __future__ import annotations

import re

# C0 controls (except newline and tab) become their Unicode "control picture";
# DEL and the C1 range have none, so they show as the replacement character.
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROL_PICTURES[0x7F] = "\u2421"
_CONTROL_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})
# Bidirectional overrides could reorder what the reviewer reads.
_CONTROL_PICTURES.update({code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def literal(text: str | None) -> str:
    """``text`` with every control character replaced by one visible character."""
    return (text or "").translate(_CONTROL_PICTURES)


def one_line(text: str | None) -> str:
    """``literal`` text on one line (for lists and table cells)."""
    return " ".join(literal(text).split())


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
