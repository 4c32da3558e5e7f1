"""Page chrome out of article text: menus, share buttons, counters, footers.

Text copied from a web page keeps the page around the article: a menu before it,
share/print buttons and a copyright notice after it, "Views: 985" counters,
markdown link and image remnants. Cleaning must never delete an article sentence,
so it works in two strengths:

- in the article body (from the first prose line to the last), only lines that
  match a chrome pattern are dropped;
- before the body (the header), lines of one or two words are dropped too,
  unless they are a dateline; after it (the footer), lines that do not end a
  sentence are dropped too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import is_dateline

# Lines that are chrome wherever they stand (matched against the whole line).
CHROME_LINES = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"!\[[^\]]*\]\([^)]*\)",  # a markdown image
        r"(?:views?|reads?|hits|comments?|shares?)\s*:?\s*[\d\s,.]+",  # "Views: 985"
        r"(?:share|print|copy link|comments?|ads?|advertisement|loading|menu|search"
        r"|subscribe|sign in|sign up|log in|login|newsletter|back to top|skip to content)",
        r"follow us(?: on \w+)?\W*",
        r"(?:what are you looking for|type to search|search for)\b.{0,20}",
        r"<?https?://\S+>?",  # a bare link
        r"(?:original|source)\s+(?:url|link)\s*:.*",  # the label of a reposted page's link
        # A related-story teaser: "Related article: ...", "More from GlobalPost: ...".
        r"(?:related(?: articles?| stories| news| content)?|read (?:more|also)|see also"
        r"|more from [^:]{1,40})\s*:.*",
        r"any use of (?:the )?materials? .*",  # reprint-permission footers
        r"copyright\s*(?:©|\(c\))?\s*(?:19|20)\d{2}\b.{0,60}|.{0,60}\ball rights reserved\.?",
    )
]
# Chrome when found anywhere in a short line (up to SHORT_LINE_WORDS words).
CHROME_PHRASES = re.compile(
    r"©|\(c\) \d{4}|share (?:it|this(?: article| story)?) (?:on|with|via)\b|liked the story\?",
    re.IGNORECASE,
)
SHORT_LINE_WORDS = 12
HEADER_MAX_WORDS = 2
PROSE_MIN_WORDS = 8
LONG_PROSE_WORDS = 25

_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*\)")
# "date 2025-02-06 Azerbaijan has ...": a stamp glued before the first sentence,
# moved onto a line of its own (a dateline, like the other pages have).
_LEADING_STAMP = re.compile(
    r"^\s*(?:date|published|posted|updated)\s*:?\s*(?:19|20)\d{2}-\d{2}-\d{2}\s+(?=\S)", re.IGNORECASE
)
# "14523The investigative ...": a view counter glued to the first word.
_GLUED_COUNTER = re.compile(r"^\s*\d+(?=[A-Z][a-z])")
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*(?:\s|$)")
_LINE_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"”’'»)\]]*\s*$|[\"”’»]\s*$")
_WORD = re.compile(r"\w")


@dataclass
class Cleaned:
    """The cleaned text and the lines (or line starts) that cleaning removed."""

    text: str
    removed: list[str] = field(default_factory=list)


def word_count(line: str) -> int:
    return sum(1 for token in line.split() if _WORD.search(token))


def is_prose(line: str) -> bool:
    """A line of running text: long enough and ending at least one sentence."""
    words = word_count(line)
    return words >= LONG_PROSE_WORDS or (words >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line)))


def is_chrome(line: str) -> bool:
    stripped = line.strip()
    if any(pattern.fullmatch(stripped) for pattern in CHROME_LINES):
        return True
    return word_count(stripped) <= SHORT_LINE_WORDS and bool(CHROME_PHRASES.search(stripped))


def clean_text(text: str) -> Cleaned:
    """Remove page chrome from ``text``, keeping every article sentence.

    Cleaning a cleaned text changes nothing: every rule is decided on the lines
    as they will be kept.
    """
    removed: list[str] = []
    lines = [_without_links(line.rstrip()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _unglued_header(lines, removed)
    first, last = _body(lines)
    kept: list[str] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        if is_chrome(stripped) or (
            number < first and word_count(stripped) <= HEADER_MAX_WORDS and not is_dateline(stripped)
        ) or (number > last and not _LINE_ENDS_SENTENCE.search(stripped)):
            removed.append(stripped)
            continue
        kept.append(line)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(cleaned, removed)


def _without_links(line: str) -> str:
    """The line with each markdown link as its text, also a link its text left ("[[a](b)](c)")."""
    while (unlinked := _MARKDOWN_LINK.sub(r"\1", line)) != line:
        line = unlinked
    return line


def _body(lines: list[str]) -> tuple[int, int]:
    """The numbers of the first and last prose lines (of the first and last lines kept
    when none is prose: blank and chrome lines around a text make no difference to it)."""
    prose = [number for number, line in enumerate(lines) if is_prose(line) and not is_chrome(line)]
    body = prose or [number for number, line in enumerate(lines) if line.strip() and not is_chrome(line.strip())]
    return (body[0], body[-1]) if body else (0, len(lines) - 1)


def _unglued_header(lines: list[str], removed: list[str]) -> list[str]:
    """The lines with the counters glued to the header's lines (up to the first prose
    line) taken off and their date stamps put on lines of their own, until none is left:
    a stamp taken off may leave another, or a line no longer prose."""
    while True:
        first, _ = _body(lines)
        unglued: list[str] = []
        for number, line in enumerate(lines):
            if number <= first:
                unglued.extend(_split_leading_stamp(_strip_glued_counter(line, removed)).split("\n"))
            else:
                unglued.append(line)
        if unglued == lines:
            return lines
        lines = unglued


def _strip_glued_counter(line: str, removed: list[str]) -> str:
    match = _GLUED_COUNTER.match(line)
    if match:
        removed.append(match.group(0).strip())
        return line[match.end():]
    return line


def _split_leading_stamp(line: str) -> str:
    """Put a date stamp glued before the first sentence on a dateline of its own."""
    match = _LEADING_STAMP.match(line)
    return f"{match.group(0).strip()}\n{line[match.end():]}" if match else line
