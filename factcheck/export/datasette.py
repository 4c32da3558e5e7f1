"""`factcheck serve`: claims.db in Datasette, on this machine only."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Callable

from ..db import open_db
from ..errors import FactcheckError
from .columns import datasette_metadata

HOST = "127.0.0.1"


def serve(db_path: Path, port: int = 8001, *, ready: Callable[[str], None] | None = None) -> None:
    """Serve ``db_path`` with Datasette on 127.0.0.1 until interrupted.

    Everything that can fail (the extra, the database, the port) is checked
    before ``ready`` is told the address, so an error is the only thing said.
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
    listening = _listen(port)
    datasette = Datasette([str(db_path)], metadata=datasette_metadata(db_path.stem))
    if ready is not None:
        ready(f"http://{HOST}:{port}/")
    server = uvicorn.Server(uvicorn.Config(datasette.app(), log_level="warning"))
    server.run(sockets=[listening])


def _listen(port: int) -> socket.socket:
    """A socket bound to ``port`` on HOST, handed to the server so no other process takes the port between."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((HOST, port))
    except OSError as error:
        listening.close()
        reason = "in use" if error.errno == errno.EADDRINUSE else error.strerror
        raise FactcheckError(f"port {port} on {HOST}: {reason} (choose another with --port)") from None
    listening.listen(128)
    return listening
