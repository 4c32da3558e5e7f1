"""Small modal dialogs: a one-line prompt and the filter form."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from ..queries import STATUSES, View


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="dialog.cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterDialog(ModalScreen[View | None]):
    """Narrow the queue by outlet, entity, story and review status."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="dialog.cancel")]

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Filter (Enter applies, Escape cancels; empty means any)")
            yield Input(self.view.outlet, placeholder="outlet, e.g. Moscow Times", id="outlet")
            yield Input(self.view.entity, placeholder="entity or subject, e.g. Primakov", id="entity")
            yield Input("" if self.view.story is None else str(self.view.story), restrict=r"\d*",
                        placeholder="story id (factcheck stories lists them)", id="story")
            yield Select([(status, status) for status in STATUSES], value=self.view.status,
                         allow_blank=False, id="status")

    def on_input_submitted(self) -> None:
        self.dismiss(self.view.with_(
            outlet=self.query_one("#outlet", Input).value.strip(),
            entity=self.query_one("#entity", Input).value.strip(),
            story=int(story) if (story := self.query_one("#story", Input).value) else None,
            status=self.query_one("#status", Select).value,
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)
