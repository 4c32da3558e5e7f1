"""One progress bar for every stage, drawn on stderr so that stdout stays data."""

from __future__ import annotations

from typing import Iterable, Iterator, TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")


def tracked(
    items: Iterable[T], label: str, *, show: bool = True, total: int | None = None, min_items: int = 1
) -> Iterator[T]:
    """Yield ``items``; draw a bar when ``show`` and there are at least ``min_items``.

    ``total`` is needed when ``items`` has no length (a generator).
    """
    total = len(items) if total is None else total  # type: ignore[arg-type]
    console = Console(stderr=True)
    # A bar is for people: scripts reading stderr get only the messages.
    if not show or total < min_items or not console.is_terminal:
        yield from items
        return
    with Progress(
        TextColumn(f"[bold]{escape(label)}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True,
    ) as bar:
        yield from bar.track(items, total=total)
