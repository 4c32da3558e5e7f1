"""The side panel: the last ten decisions, by anyone; Enter goes back to one."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..messages import DecisionChosen
from ..text import one_line


def decision_label(row: dict) -> Text:
    when = (row["created_at"] or "")[11:16]
    if row["kind"] == "verdict":
        what = Text(row["value"] or "withdrawn", style="bold green" if row["value"] else "dim")
        text = one_line(row["text"])
    elif row["value"] and row["value"].startswith(("verdict:", "event:")):
        what, text = Text("undo", style="bold yellow"), row["value"]
    else:
        what, text = Text("not a contradiction", style="bold magenta"), f"match {row['target_id']}"
    label = Text.assemble((f"{when} ", "dim"), (one_line(row["editor"]), "cyan"), " ", what, "\n  ")
    label.append(text[:60], style="dim")
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
