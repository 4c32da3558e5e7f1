"""The reviewer: a Textual app over claims.db.

``make_app`` builds it for the CLI and the tests alike; the database, the
editor's name and the config come in through the constructor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from .. import verdicts
from ..db import open_db, writable
from ..errors import FactcheckError
from .keys import ReviewConfig, bindings, check_keymap, load_config
from .queries import View
from .screens.review import ReviewScreen
from .store import Store

# The palette offers the screen's actions by name (ctrl+p).
PALETTE = (
    ("Search claims", "Full-text search over the claims of this tab", "search"),
    ("Filter", "By outlet, entity, story or review status", "filter"),
    ("Clear filters", "Show the whole tab again", "clear_view"),
    ("Export view to CSV", "Write the current filtered view to a CSV file", "export"),
    ("Timeline", "Plot the cluster's values by time and outlet", "timeline"),
    ("Open article", "The full article, scrolled to the claim", "open_article"),
    ("Real contradiction", "Decide the pair (or every pair of the dispute): they cannot both be true",
     "decide('contradiction')"),
    ("Not a contradiction", "Decide the pair: matching will never report it again", "decide('not-contradiction')"),
    ("Changed over time", "Decide the pair: both held, at their times", "decide('changed-over-time')"),
    ("Flag", "Mark this item to come back to", "flag"),
    ("Note", "Attach a note to the claim", "note"),
    ("Undo", "Undo the last action (up to ten)", "undo"),
    ("Refresh", "Rebuild the queue and show other reviewers' work", "refresh"),
    ("Recent decisions", "Go to the side panel", "decisions"),
    ("Help", "Every key and its binding id", "help"),
)


class ReviewApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "factcheck review"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_path: Path, editor: str, config: ReviewConfig, view: View | None = None) -> None:
        super().__init__()
        self.store = Store(db_path)
        self.editor = editor
        self.view = view
        self.scale = verdicts.load_scale(config.ratings)
        check_keymap(config.keymap, self.scale)
        self.keymap = dict(config.keymap)

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        self.push_screen(ReviewScreen.for_scale(self.scale)(self.store, self.editor, self.scale, self.view))

    @property
    def review(self) -> ReviewScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, ReviewScreen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReviewScreen):
            keys = {binding.action: self.keymap.get(binding.id, binding.key).split(",")[0]
                    for binding in bindings(self.scale)}

            def with_key(help_text: str, action: str) -> str:
                return f"{help_text} (key {keys[action]})" if action in keys else help_text

            for title, help_text, action in PALETTE:
                yield SystemCommand(title, with_key(help_text, action), lambda action=action: screen.run_action(action))
            for rating in self.scale.ratings:
                action = f"rate({rating.name!r})"
                yield SystemCommand(f"Rate {rating.alternate_name}", with_key(f"Verdict: {rating.alternate_name}", action),
                                    lambda action=action: screen.run_action(action))

    async def action_quit(self) -> None:
        await self.review.finish()
        self.exit()


def make_app(
    db_path: str | Path, editor: str = "", config: ReviewConfig | str | Path | None = None,
    story: int | None = None,
) -> ReviewApp:
    """The review app over ``db_path``, recording as ``editor``.

    ``config`` is a ``ReviewConfig`` or the path of a TOML config file;
    ``story`` opens the queue narrowed to the items with a claim in that story.
    """
    if not editor or not editor.strip():
        raise FactcheckError("the reviewer needs an editor name (--editor NAME)")
    if not isinstance(config, ReviewConfig):
        config = load_config(config)
    path = Path(db_path)
    # Refused here, on one line, rather than by the app's database thread.
    open_db(path, create=False).close()
    if not writable(path):
        raise FactcheckError(f"{path}: the database is read-only, and the reviewer records verdicts")
    return ReviewApp(path, editor.strip(), config, View(story=story) if story is not None else None)
