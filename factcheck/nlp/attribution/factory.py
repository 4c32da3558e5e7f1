"""Registers the ``factcheck_attribution`` spaCy factory."""

from __future__ import annotations

from spacy.language import Language

from .component import AttributionComponent


@Language.factory(
    "factcheck_attribution",
    assigns=["span._.attribution", "span._.content"],
    default_config={"spans_key": "claims"},
)
def make_attribution(nlp: Language, name: str, spans_key: str) -> AttributionComponent:
    return AttributionComponent(spans_key=spans_key)
