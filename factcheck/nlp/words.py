"""Content words and crude stems: how every stage (and the claims stage, which reads the words
around each figure) reduces text to words that carry its content."""

from __future__ import annotations

import re
from functools import lru_cache

from .quantities.numbers import CARDINALS, SCALES

NUMBER_WORDS = [*CARDINALS, *SCALES, "dozen", "dozens"]
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def stem(word: str) -> str:
    """A crude, fast stem so "countries"/"country", "closed"/"closure" share a key."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("ure", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + replacement
    return word


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported on first use (spaCy is slow to import)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_words(text: str, *, stemmed: bool = True) -> list[str]:
    """The words of ``text`` that carry content (no stop words, no numbers), lower-cased and stemmed."""
    words = (w.lower() for w in _WORD.findall(text))
    kept = [w for w in words if len(w) > 2 and w not in stop_words() and w not in NUMBER_WORDS]
    return [stem(w) for w in kept] if stemmed else kept
