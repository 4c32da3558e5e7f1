"""Attribution of claim spans: speaker, cue and kind."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..records import Attribution


def register_extensions() -> None:
    if not Span.has_extension("attribution"):
        Span.set_extension("attribution", default=None)
    if not Span.has_extension("content"):
        Span.set_extension("content", default=None)


class AttributionComponent:
    """Sets ``span._.attribution`` and ``span._.content`` on ``doc.spans["claims"]``."""

    def __init__(self, spans_key: str = "claims") -> None:
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        for span in doc.spans.get(self.spans_key, []):
            span._.attribution = Attribution(kind="outlet")
            span._.content = span.text
        return doc
