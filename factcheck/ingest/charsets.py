"""Which of the charset detector's candidates a file was written in.

The detector (charset_normalizer) ranks 8-bit encodings by how clean their
text looks, but Western, Central European and Baltic code pages give equally
clean text for many files: latin-1 "déjà" read as cp1250 is "déjŕ", as cp1257
"déją", all letters. Among the candidates as clean as the best,
the text is taken to be written in one language: the decoding whose letters
one language's alphabet (or one non-Latin script) accounts for best wins.
When several fit as well, the most used encodings come first: the Western
European ones (browsers read an unlabelled page as windows-1252 in most
locales), then the other Windows, ISO 8859 and KOI8 code pages, then the Mac
and DOS ones; then the detector's own order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from charset_normalizer import CharsetMatch, CharsetMatches

CHAOS_MARGIN = 0.01
"""Candidates within this much of the cleanest are as clean (the detector's own tie margin)."""
FIT_SAMPLE_CHARS = 100_000
"""Characters of a decoding read to weigh its fit: enough letters to tell, bounded work."""
WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})
CURRENT = re.compile(r"cp125\d|iso8859_\d+|koi8_\w+")
"""Code pages text is still written in, as Python names them (the Mac and DOS ones are older)."""
WORD_PUNCTUATION = "·…¿¡"
"""Punctuation beyond ASCII that stands against letters in the languages below ("l·l", "¿qué")."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_LATIN_ALPHABETS = {
    "Albanian": "çë",
    "Catalan": "àçèéíïòóúü·",
    "Croatian": "čćđšž",
    "Czech": "áčďéěíňóřšťúůýž",
    "Danish": "æøåé",
    "Dutch": "éèëïóöü",
    "Estonian": "äõöüšž",
    "Finnish": "åäö",
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüß",
    "Hungarian": "áéíóöőúüű",
    "Icelandic": "áðéíóúýþæö",
    "Italian": "àèéìíîòóùú",
    "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž",
    "Norwegian": "æøåéèêóô",
    "Polish": "ąćęłńóśźż",
    "Portuguese": "áâãàçéêíóôõú",
    "Romanian": "ăâîșțşţ",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Slovene": "čšž",
    "Spanish": "áéíñóúü",
    "Swedish": "åäöé",
    "Turkish": "çğıöşüâî",
}
"""The letters beyond a-z of languages written in Latin script, lower case."""


def _with_capitals(letters: str) -> frozenset[str]:
    return frozenset(letters) | {letter.upper() for letter in letters if len(letter.upper()) == 1}


SCRIPTS = frozenset({"ARABIC", "ARMENIAN", "CYRILLIC", "GEORGIAN", "GREEK", "HEBREW", "THAI"})
"""Non-Latin scripts the 8-bit encodings write, each counted as one alphabet (as Unicode names them)."""

ALPHABETS = {language: _with_capitals(letters) for language, letters in _LATIN_ALPHABETS.items()}


def best_match(matches: CharsetMatches) -> CharsetMatch | None:
    """The candidate the text was most likely written in, or None when there is none."""
    candidates = list(matches)
    if not candidates:
        return None
    cleanest = min(match.chaos for match in candidates)
    clean = [match for match in candidates if match.chaos <= cleanest + CHAOS_MARGIN]
    # max() keeps the first of equals: the detector's order decides what fit and prior leave tied.
    return max(clean, key=lambda match: (language_fit(str(match)[:FIT_SAMPLE_CHARS]), _prevalence(match)))


def _prevalence(match: CharsetMatch) -> int:
    """2 for a Western European encoding, 1 for another current code page, else 0
    (of the encodings that read the bytes as this match does)."""
    encodings = match.could_be_from_charset
    if any(encoding in WESTERN for encoding in encodings):
        return 2
    return int(any(CURRENT.fullmatch(encoding) for encoding in encodings))


def language_fit(text: str) -> float:
    """The share of the text's non-ASCII letters that one language's alphabet (or one
    non-Latin script) accounts for, 1.0 for a text without any.

    A symbol, figure or odd punctuation mark against a small letter ("Rz¹d",
    "°ekl", "dwana¶cie") counts against every language: it is a letter some other
    encoding would have read there.
    """
    letters: Counter[str] = Counter()
    strays = 0
    for found in _NON_ASCII.finditer(text):
        char = found.group()
        if char.isalpha():
            letters[char] += 1
        elif _misread(char) and _against_small_letter(text, found.start()):
            strays += 1
    total = sum(letters.values()) + strays
    if not total:
        return 1.0
    by_script: Counter[str] = Counter()
    for letter, count in letters.items():
        script = unicodedata.name(letter, "").partition(" ")[0]
        if script in SCRIPTS:
            by_script[script] += count
    by_alphabet = (sum(count for letter, count in letters.items() if letter in alphabet) for alphabet in ALPHABETS.values())
    return max(*by_script.values(), *by_alphabet) / total


def _misread(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "SN" or (category == "Po" and char not in WORD_PUNCTUATION)


def _against_small_letter(text: str, position: int) -> bool:
    return (position > 0 and text[position - 1].islower()) or (
        position < len(text) - 1 and text[position + 1].islower()
    )
