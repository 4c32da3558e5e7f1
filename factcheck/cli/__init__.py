"""The `factcheck` command: a thin layer over the Python API.

Each module registers its commands on the shared typer app; ``main`` turns
every expected failure into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import sqlite3
import sys

import typer
import typer.main

from ..db import storage_failure
from ..errors import BadOption, FactcheckError
from .app import app, database_in_use, plain_arguments, warn
from . import ingest  # noqa: F401  (registers commands)
from . import claims  # noqa: F401  (registers commands)
from . import match  # noqa: F401  (registers commands)
from . import stories  # noqa: F401  (registers commands)
from . import verdicts  # noqa: F401  (registers commands)
from . import review  # noqa: F401  (registers commands)
from . import export  # noqa: F401  (registers commands)
from . import eval  # noqa: F401  (registers commands)


def main(argv: list[str] | None = None) -> int:
    command = plain_arguments(typer.main.get_command(app))
    try:
        # Without standalone mode, click returns the code of a `raise typer.Exit(n)`.
        result = command.main(args=argv, prog_name="factcheck", standalone_mode=False)
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        warn("factcheck: aborted")
        return 130
    except typer.TyperException as error:
        # Usage errors (a bad flag, a missing argument) print on one line, not a usage box.
        warn(f"factcheck: {error.format_message()}")
        return getattr(error, "exit_code", 2)
    except BadOption as error:
        warn(f"factcheck: {error}")
        return 2
    except FactcheckError as error:
        warn(f"factcheck: {error}")
        return 1
    except sqlite3.DatabaseError as error:
        # A listing opens a file marked read-only; a command that writes finds out here.
        if (getattr(error, "sqlite_errorname", None) or "").startswith("SQLITE_READONLY"):
            warn("factcheck: the database is read-only")
            return 1
        # A full disk or a lock met half way: each transaction is whole, so the next run goes on from here.
        failure = storage_failure(database_in_use(), error)
        if failure is None:
            raise
        warn(f"factcheck: {failure}")
        return 1
    except KeyboardInterrupt:
        warn("factcheck: interrupted")
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
