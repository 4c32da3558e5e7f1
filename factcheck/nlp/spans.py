"""Entity lookups over a Doc that cost a search, not a pass over all its entities.

``Span.ents`` and a scan of ``Doc.ents`` walk every entity of the document, so
doing either once per claim made long articles quadratic.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token


class EntityFinder:
    """The named entities of one Doc, built once and asked for many spans."""

    def __init__(self, doc: Doc) -> None:
        self.ents = list(doc.ents)
        self.starts = [ent.start for ent in self.ents]

    def within(self, span: Span) -> list[Span]:
        """The entities that lie wholly inside ``span``, in order (as ``span.ents``)."""
        found = []
        for ent in self.ents[bisect_left(self.starts, span.start):]:
            if ent.start >= span.end:
                break
            if ent.end <= span.end:
                found.append(ent)
        return found


def entity_at(token: Token) -> Span | None:
    """The named entity ``token`` is part of, or None."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)
