"""Data made safe to show on a terminal: every control character visible, one for one.

Article text, outlet names, titles and file names are data. A terminal obeys the
control characters in them (ESC starts colours, title changes and OSC 52
clipboard writes; U+009B is a one-byte CSI), and bidirectional overrides reorder
what is read. ``visible`` maps each of them to one visible character, so
character offsets into the text stay valid; ``json_safe`` escapes the ones
JSON leaves raw.
"""

from __future__ import annotations

import re

# Bidi_Control: the overrides and embeddings (U+202A-U+202E), the isolates (U+2066-U+2069) and the marks.
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
# C1 controls, DEL and the bidi controls: what json.dumps(ensure_ascii=False) writes as it finds them.
_RAW_IN_JSON = (0x7F, *range(0x80, 0xA0), *_BIDI)

# C0 controls (but newline and tab) and DEL become their Unicode "control picture";
# the C1 range and the bidi controls have none, so they show as the replacement character.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({code: "\ufffd" for code in (*range(0x80, 0xA0), *_BIDI)})
_ONE_LINE_PICTURES = {**_PICTURES, 0x09: "\u2409", 0x0A: "\u240a"}

_JSON_RAW = re.compile("[" + "".join(re.escape(chr(code)) for code in _RAW_IN_JSON) + "]")


def visible(text: str | None) -> str:
    """``text`` with every control character replaced by one visible character."""
    return (text or "").translate(_PICTURES)


def visible_line(text: str | None) -> str:
    """``visible``, with newlines and tabs shown too: a message that stays one line."""
    return (text or "").translate(_ONE_LINE_PICTURES)


def json_safe(encoded: str) -> str:
    """JSON text with C1 controls, DEL and bidi controls written as ``\\uXXXX`` escapes."""
    return _JSON_RAW.sub(lambda found: f"\\u{ord(found.group()):04x}", encoded)
