"""Words that negate, in every spelling news text uses.

"can't", "can’t" and "cant" are one negation; so are "CAN'T" and "won`t",
which the tokenizer leaves whole. The contracted forms are read from spaCy's
English tokenizer exceptions (the auxiliaries it splits off a "not"), so the
claims component, which decides a clause's negation from the parse, and the
judge, which reads negation in stored text, share one list. spaCy is imported
on first use only: the judge runs without the pipeline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .clitics import attach_clitics

NEGATORS = frozenset({"not", "never", "cannot"})
"""Negating words that are not contractions of an auxiliary with "not"."""

NEGATIVE_PRONOUNS = frozenset({"nobody", "nothing", "none", "noone"})
"""Pronouns that say none: "nobody was hurt" says what "people were not hurt" does."""

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})

_WORD = re.compile(r"[^\W\d_]+(?:['’‘`´ʼ][^\W\d_]+)*")
# "no" as a determiner ("no terms were disclosed"); not "No." before a number ("the No. 5 seed").
_NO = re.compile(r"\bno\b(?!\.\s*\d)", re.IGNORECASE)


@lru_cache(maxsize=1)
def negative_contractions() -> frozenset[str]:
    """Lower-cased contractions with "not" ("can't", "cant", "n't", "nt"), apostrophes straightened."""
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
    from spacy.symbols import NORM, ORTH

    forms = set()
    for text, pieces in TOKENIZER_EXCEPTIONS.items():
        if len(pieces) > 1 and pieces[-1].get(NORM) == "not":
            forms.add(text.lower().translate(APOSTROPHES))
            forms.add(pieces[-1][ORTH].lower().translate(APOSTROPHES))
    return frozenset(forms)


def is_negation(word: str) -> bool:
    """Does ``word`` (a token or a whole contraction) negate?"""
    lowered = word.lower().translate(APOSTROPHES)
    return lowered in NEGATORS or lowered in negative_contractions()


def negation_count(text: str) -> int:
    """How many negating words ``text`` has: what two wordings of one claim must differ by
    before their negation can differ. "No terms were disclosed" and "the terms were not
    disclosed" have one each."""
    text = attach_clitics(text)
    words = sum(1 for word in _WORD.findall(text) if is_negation(word) or word.lower() in NEGATIVE_PRONOUNS)
    return words + len(_NO.findall(text))
