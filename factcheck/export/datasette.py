"""`factcheck serve`: claims.db in Datasette, on this machine only."""

from __future__ import annotations

from pathlib import Path

from ..db import open_db
from ..errors import FactcheckError
from .columns import datasette_metadata

HOST = "127.0.0.1"


def serve(db_path: Path, port: int = 8001) -> None:
    """Serve ``db_path`` with Datasette on 127.0.0.1 until interrupted.

    The database stays writable, so a reviewer's verdicts show on reload.
    Needs the ``serve`` extra.
    """
    try:
        import uvicorn
        from datasette.app import Datasette
    except ImportError:
        raise FactcheckError("factcheck serve needs the serve extra: pip install 'factcheck[serve]'") from None
    # Migrated first, so Datasette shows every table the metadata describes.
    open_db(db_path, create=False).close()
    datasette = Datasette([str(db_path)], metadata=datasette_metadata(db_path.stem))
    uvicorn.run(datasette.app(), host=HOST, port=port, log_level="warning")
