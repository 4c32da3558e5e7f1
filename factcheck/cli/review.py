"""`factcheck review`: the terminal reviewer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..review import make_app
from ..review.keys import default_config_path, load_config
from .app import DB_DEFAULT, EDITOR_ENV, DbOption, app, default_editor


@app.command()
def review(
    db: DbOption = DB_DEFAULT,
    editor: Annotated[Optional[str], typer.Option(
        help=f"Your name on every verdict (default: ${EDITOR_ENV}, else your login name).")] = None,
    config: Annotated[Optional[Path], typer.Option(
        exists=True, dir_okay=False,
        help="Key bindings and rating scale (TOML; default: ~/.config/factcheck/review.toml).")] = None,
    story: Annotated[Optional[int], typer.Option(
        help="Open on the items with a claim in this story (see: factcheck stories).")] = None,
) -> None:
    """Review contradictions, agreements and clusters, one key per verdict."""
    name = editor or default_editor()
    settings = load_config(config) if config else load_config(default_config_path(), required=False)
    make_app(db, editor=name, config=settings, story=story).run()
