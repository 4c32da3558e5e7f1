"""The typer app and what every command shares: --db, --json, printing."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Iterable, Optional, Sequence

import typer
import typer.core
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..db import DEFAULT_DB
from ..errors import FactcheckError
from ..visible import json_safe, visible, visible_line

app = typer.Typer(
    name="factcheck",
    help="Track claims and their sources across news outlets.",
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

console = Console()


def version() -> str:
    """The installed factcheck's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("factcheck")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"factcheck {version()}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _group(
    ctx: typer.Context,
    show_version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_print_version, help="Print the version and exit.")] = False,
) -> None:
    """Track claims and their sources across news outlets."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


class PlainArgument(typer.core.TyperArgument):
    """An argument named in help as a command line names it ("SOURCE...", "[ID]"),
    without typer's braces and Python type ("{sources}...", "<list[str]>")."""

    def _usage_display_name(self) -> str:
        name = self.metavar or (self.name or "").upper()
        name += "..." if self.nargs != 1 else ""
        return name if self.required else f"[{name}]"

    def _rich_display_name(self) -> str:
        return self._usage_display_name()

    def display_type_rich(self, ctx: typer.Context) -> str | None:
        # A choice lists its values; any other type says nothing the name does not.
        return super().display_type_rich(ctx) if self.type_descriptor.is_choice else None


def plain_arguments(command: Any) -> Any:
    """``command`` and its subcommands with every argument a ``PlainArgument``."""
    for param in command.params:
        if type(param) is typer.core.TyperArgument:
            param.__class__ = PlainArgument
    for sub in getattr(command, "commands", {}).values():
        plain_arguments(sub)
    return command


err_console = Console(stderr=True, highlight=False, soft_wrap=True)

# The running command's --db, for ``main`` to name when SQLite fails: its errors name no file.
_database = {"path": Path(DEFAULT_DB)}


def _remember_database(path: Path) -> Path:
    _database["path"] = path
    return path


def database_in_use() -> Path:
    return _database["path"]


DbOption = Annotated[
    Path, typer.Option("--db", help="The factcheck database.", show_default=True, callback=_remember_database)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
StoryOption = Annotated[Optional[int], typer.Option(help="Only this story, by id (see: factcheck stories).")]

DB_DEFAULT = Path(DEFAULT_DB)

EDITOR_ENV = "FACTCHECK_EDITOR"


def default_editor() -> str:
    """Who records verdicts when --editor is not given: $FACTCHECK_EDITOR, else the login name."""
    try:
        return os.environ.get(EDITOR_ENV) or getpass.getuser()
    except (KeyError, OSError):
        # A user id with no entry in the password database (a container, a service account).
        raise FactcheckError(f"no login name for this user: give --editor NAME or set ${EDITOR_ENV}") from None


def print_json(data: Any) -> None:
    """Write ``data`` as JSON on stdout (no markup, no wrapping, no raw terminal controls)."""
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n")


def print_table(
    title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, whole: Sequence[str] = ()
) -> None:
    """Print a rich table; every cell is literal text (``Text``: no markup, no emoji
    codes) with its control characters shown, since article text is data.

    The ``whole`` columns are never wrapped or cut: ids someone types back.
    """
    table = Table(title=Text(visible(title)) if title else None)
    for column in columns:
        table.add_column(Text(visible(column)), no_wrap=column in whole)
    for row in rows:
        table.add_row(*(Text(visible("" if cell is None else str(cell))) for cell in row))
    console.print(table)


def shorten(text: str | None, width: int = 70) -> str:
    """One line of at most ``width`` characters, for a table cell."""
    text = " ".join(visible(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def date_range(first: str | None, last: str | None) -> str:
    """"2013-07-02 .. 2013-07-03", with "?" for a date nobody knows."""
    return f"{first or '?'} .. {last or '?'}"


def warn(message: str) -> None:
    """One line on stderr, printed literally (file names and data hold controls and brackets)."""
    err_console.print(Text(visible_line(message)))


def say(message: str) -> None:
    """A line on stdout, printed literally."""
    console.print(Text(visible(message)))
