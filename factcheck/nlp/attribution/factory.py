"""Registers the ``factcheck_attribution`` spaCy factory."""

# Annotations stay objects, not strings: confection before 1.0 checks the factory's arguments
# against them and cannot resolve a string ("Language").
from spacy.language import Language

from .component import AttributionComponent


@Language.factory(
    "factcheck_attribution",
    assigns=["span._.attribution", "span._.content"],
    default_config={"spans_key": "claims"},
)
def make_attribution(nlp: Language, name: str, spans_key: str) -> AttributionComponent:
    return AttributionComponent(spans_key=spans_key)
