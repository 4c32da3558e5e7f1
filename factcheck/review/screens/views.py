"""Full-screen views over the main one: the article, the timeline, the help."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static, TextArea
from textual.widgets.text_area import Selection

from ..items import Point
from ..text import one_line
from ..widgets.timeline import Timeline

_CLOSE = [Binding("escape,q", "app.pop_screen", "back", id="view.close")]


def _location(text: str, offset: int) -> tuple[int, int]:
    """(row, column) of a character offset."""
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1)


class ArticleScreen(Screen):
    """The whole article, read-only, scrolled to the claim (which is selected)."""

    BINDINGS = _CLOSE

    def __init__(self, article: dict, start: int, end: int) -> None:
        super().__init__()
        self.article = article
        self.start, self.end = start, end

    def compose(self) -> ComposeResult:
        article = self.article
        head = Text.assemble(
            (one_line(article["title"]) or "(untitled)", "bold"), "\n",
            (" · ".join(one_line(part) for part in (article["outlet"], article["published"], article["url"]) if part), "dim"),
        )
        yield Static(head, id="article-head")
        yield TextArea(article["text"], read_only=True, soft_wrap=True, id="article-text")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        text = self.article["text"]
        area.selection = Selection(_location(text, self.start), _location(text, self.end))
        area.focus()
        self.call_after_refresh(area.scroll_cursor_visible, center=True)


class TimelineScreen(ModalScreen):
    BINDINGS = _CLOSE

    def __init__(self, title: str, points: list[Point]) -> None:
        super().__init__()
        self.title_text = title
        self.points = points

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="panel"):
            yield Static(Text(self.title_text, style="bold"))
            yield Timeline(self.points)
            yield Static(Text("Escape to go back", style="dim"))


class HelpScreen(ModalScreen):
    BINDINGS = _CLOSE

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        text = Text("Keys (rebind them by id in the config file)\n\n", style="bold")
        for keys, description, binding_id in self.rows:
            text.append(f"  {keys:22}", style="bold cyan")
            text.append(f"{description:24}")
            text.append(f"{binding_id}\n", style="dim")
        text.append("\n  ctrl+p                command palette\n  tab                   side panel of recent decisions (Enter reopens one)\n")
        with VerticalScroll(classes="panel"):
            yield Static(text)
