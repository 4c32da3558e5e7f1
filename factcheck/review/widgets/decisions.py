"""The side panel: the last ten decisions, by anyone; Enter goes back to one."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...verdicts import UNDO
from ..actions import DECISION_NAMES
from ..messages import DecisionChosen
from ..text import one_line


def _what(value: str | None) -> str:
    """A rating or an action as the panel names it."""
    return DECISION_NAMES.get(value, value or "withdrawn")


def decision_label(row: dict) -> Text:
    """One line of what happened (an undo says what it took back), one of what it was about."""
    when = (row["created_at"] or "")[11:16]
    if row["value"] == UNDO:
        what = Text.assemble(("undo", "bold yellow"), (f" of {_what(row['undid'])}", "yellow"))
    elif row["value"] == "note":
        what = Text("note", style="bold cyan")
    else:
        style = "bold magenta" if row["kind"] == "event" else "bold green" if row["value"] else "dim"
        what = Text(_what(row["value"]), style=style)
    if row["count"] > 1:
        what.append(f" ×{row['count']} pairs", style="bold")
    if row["undone"]:
        what.stylize("strike dim")
        what.append(" (undone)", style="dim")
    label = Text.assemble((f"{when} ", "dim"), (one_line(row["editor"]), "cyan"), " ")
    label.append_text(what)
    if row["note"]:
        label.append("\n  “" + one_line(row["note"])[:56] + "”", style="italic")
    label.append("\n  " + one_line(row["text"])[:60], style="dim")
    return label


class RecentDecisions(OptionList):
    DEFAULT_CSS = """
    RecentDecisions { width: 40; height: 1fr; border: round $secondary 50%; }
    RecentDecisions:focus { border: round $accent; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.border_title = "Last 10 decisions"
        self.rows: list[dict] = []

    def show(self, rows: list[dict]) -> None:
        self.rows = rows
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(decision_label(row)) for row in rows] or [Option("No decisions yet.", disabled=True)])
        if rows and highlighted is not None:
            self.highlighted = min(highlighted, len(rows) - 1)

    def on_focus(self) -> None:
        if self.highlighted is None and self.rows:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows[event.option_index]
        self.post_message(DecisionChosen(row["target_type"], row["target_id"]))
