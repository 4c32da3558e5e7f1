"""Clitics printed apart from their word ("Rait ’ s death", "he doesn ’ t"), put back together.

Some sources print text as it was tokenised, with a space on each side of an apostrophe. The
tokenizer then reads "’ s" as an apostrophe and a word "s" (which the parser takes for a verb,
losing the sentence's subject) and "doesn ’ t" as "doesn", "’", "t" (no negation). The
``factcheck_clitics`` component, first in the pipeline, makes each detached clitic one token
that reads as the attached one (its norm, which the model's features are built from), so the
article text and every offset into it stay as printed. :func:`attach_clitics` does the same
for stages that read stored text (without importing spaCy, which the judge runs without).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

COMPONENT = "factcheck_clitics"

APOSTROPHE_MARKS = frozenset("’'‘`´ʼ")
# The clitics spaCy's English tokenizer splits off a word, with the norm they read as ("n't" is
# "not"), for a word its tokenizer exceptions do not list ("Rait's").
CLITIC_NORMS = {"s": "'s", "re": "are", "ve": "have", "ll": "will", "d": "'d", "m": "am"}

_DETACHED = re.compile(r"(?<=[^\W\d_]) ([’'‘`´ʼ]) (s|t|re|ve|ll|d|m)\b", re.IGNORECASE)


def attach_clitics(text: str) -> str:
    """``text`` with each clitic printed apart put back on its word ("doesn ’ t" -> "doesn’t")."""
    return _DETACHED.sub(r"\1\2", text)


@lru_cache(maxsize=1)
def _contractions() -> dict[str, tuple[str, str]]:
    """The norms of a contraction's word and clitic, by its lower-cased spelling: "doesn't" reads
    "does" and "not", "can't" "can" and "not" (spaCy's English tokenizer exceptions)."""
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
    from spacy.symbols import NORM, ORTH

    found = {}
    for text, pieces in TOKENIZER_EXCEPTIONS.items():
        if len(pieces) == 2 and "'" in text:
            first, second = (piece.get(NORM, piece[ORTH]).lower() for piece in pieces)
            found[text.lower()] = (first, second)
    return found


class CliticsComponent:
    """Merges an apostrophe with the clitic after it when both stand apart from the word before,
    and gives the word and the clitic the norms they have attached."""

    def __call__(self, doc: Doc) -> Doc:
        merges = []
        for token in doc[1:-1]:
            word, clitic = doc[token.i - 1], doc[token.i + 1]
            if not (token.text in APOSTROPHE_MARKS and word.whitespace_ and token.whitespace_ and word.is_alpha):
                continue
            contraction = _contractions().get(f"{word.lower_}'{clitic.lower_}")
            if contraction is not None:
                merges.append((word, doc[token.i : token.i + 2], *contraction))
            elif clitic.lower_ in CLITIC_NORMS:
                merges.append((word, doc[token.i : token.i + 2], word.norm_, CLITIC_NORMS[clitic.lower_]))
        for word, _, word_norm, _ in merges:
            word.norm_ = word_norm
        with doc.retokenize() as retokenizer:
            for _, span, _, clitic_norm in merges:
                retokenizer.merge(span, attrs={"NORM": clitic_norm})
        return doc


def register() -> None:
    """Register the ``factcheck_clitics`` spaCy factory (once)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, assigns=["token.norm"], func=lambda nlp, name: CliticsComponent())
