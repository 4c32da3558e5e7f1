"""Numbers printed with a space after a thousands separator ("2, 000ft", "5,184, 000 pixels"),
read as one number.

Sources that print text as it was tokenised (see ``clitics``) also space out the comma inside a
number. The tokenizer then reads "2, 000ft" as 2, a comma and 000, and the entity recogniser
finds two numbers, 2 and 0. The ``factcheck_digit_groups`` component, after ``factcheck_clitics``,
makes such a number one token that is a number (``like_num``) and whose norm is the number
written without the space ("2,000"), which the model's features and the quantities component
read; the text stays as printed.

A comma after a day of the month is no thousands separator ("on May 5, 200 protesters
marched"): a number right after a month's name is left alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..ingest.dates import MONTHS

if TYPE_CHECKING:
    from spacy.tokens import Doc

COMPONENT = "factcheck_digit_groups"

_LEADING = re.compile(r"^\d{1,3}(?:,\d{3})*$")
_GROUP = re.compile(r"^\d{3}$")


class DigitGroupsComponent:
    """Merges a number, the comma after it and the three digits after that when the comma alone
    is followed by a space."""

    def __call__(self, doc: Doc) -> Doc:
        merges = []
        index = 0
        while index + 2 < len(doc):
            number, comma, group = doc[index], doc[index + 1], doc[index + 2]
            if (
                _LEADING.match(number.text) and not number.whitespace_
                and comma.text == "," and comma.whitespace_ == " " and _GROUP.match(group.text)
                and not (index and doc[index - 1].lower_.rstrip(".") in MONTHS)
            ):
                # "5,184, 000" may run on: "1, 000, 000".
                end = index + 3
                while (end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text == ","
                       and doc[end].whitespace_ == " " and _GROUP.match(doc[end + 1].text)):
                    end += 2
                merges.append(doc[index:end])
                index = end
                continue
            index += 1
        with doc.retokenize() as retokenizer:
            for span in merges:
                # Every stage that asks whether a token is a number asks its lexeme.
                doc.vocab[span.text].like_num = True
                retokenizer.merge(span, attrs={"NORM": span.text.replace(" ", "")})
        return doc


def register() -> None:
    """Register the ``factcheck_digit_groups`` spaCy factory (once)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, assigns=["token.norm"], func=lambda nlp, name: DigitGroupsComponent())
