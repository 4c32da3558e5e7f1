"""Registers the ``factcheck_claims`` spaCy factory."""

# Annotations stay objects, not strings: confection before 1.0 checks the factory's arguments
# against them and cannot resolve a string ("Language").
from spacy.language import Language

from .component import ClaimsComponent


@Language.factory(
    "factcheck_claims",
    assigns=[
        "doc.spans",
        "span._.subject",
        "span._.subject_start",
        "span._.subject_end",
        "span._.predicate",
        "span._.negated",
        "span._.hedge",
        "span._.checkworthiness",
        "span._.content",
    ],
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
    default_config={"spans_key": "claims", "min_words": 4},
)
def make_claims(nlp: Language, name: str, spans_key: str, min_words: int) -> ClaimsComponent:
    return ClaimsComponent(spans_key=spans_key, min_words=min_words)
