"""Registers the ``factcheck_quantities`` spaCy factory."""

# Annotations stay objects, not strings: confection before 1.0 checks the factory's arguments
# against them and cannot resolve a string ("Language").
from spacy.language import Language

from .component import QuantitiesComponent


@Language.factory(
    "factcheck_quantities",
    assigns=["span._.quantities"],
    requires=["doc.ents", "token.dep", "token.lemma"],
    default_config={"spans_key": "claims"},
)
def make_quantities(nlp: Language, name: str, spans_key: str) -> QuantitiesComponent:
    return QuantitiesComponent(spans_key=spans_key)
