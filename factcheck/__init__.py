"""factcheck: who claims what, which outlets agree, and where they contradict.

The command line is a thin layer over this API::

    from factcheck import open_db, run
    db = open_db("claims.db")
    report = run(db, ["corpus/"])
    print(report.stages["match"])

Each stage is callable on its own: ``factcheck.ingest.ingest_sources``,
``factcheck.claims.analyse``, ``factcheck.match.match_new``,
``factcheck.verdicts.record_verdict``, ``factcheck.export.export``,
``factcheck.eval.evaluate``.
"""

from .db import open_db
from .errors import FactcheckError

__all__ = ["FactcheckError", "open_db", "run"]


def __getattr__(name: str):
    # The pipeline pulls in spaCy (about a second): load it only when asked,
    # so that `import factcheck` and the listing commands start fast.
    if name == "run":
        from .pipeline import run

        return run
    raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
