"""factcheck: who claims what, which outlets agree, and where they contradict.

The command line is a thin layer over this API::

    from factcheck import open_db, run
    db = open_db("claims.db")
    run(db, ["corpus/"])
"""

from .db import open_db
from .errors import FactcheckError
from .pipeline import run

__all__ = ["FactcheckError", "open_db", "run"]
