"""A numeric cluster's values by publication time and outlet, drawn in text cells."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..items import Point
from ..text import one_line

MARKERS = "●▲■◆★▼✚✱"
COLOURS = ("cyan", "magenta", "yellow", "green", "red", "blue", "bright_white", "bright_cyan")


def reading(points: list[Point]) -> str:
    """How the series reads at a glance: a conflict, an update, or agreement."""
    by_time: dict[str, set[float]] = {}
    for point in points:
        by_time.setdefault(point.published, set()).add(point.value)
    clashes = [time for time, values in by_time.items() if len(values) > 1]
    if clashes:
        return f"conflict: different values published at the same time ({', '.join(sorted(clashes))})"
    values = [next(iter(by_time[time])) for time in sorted(by_time)]
    if len(set(values)) == 1:
        return "agreement: every outlet gives the same value"
    if all(a <= b for a, b in zip(values, values[1:])) or all(a >= b for a, b in zip(values, values[1:])):
        return "update: the value moves one way over time (" + " -> ".join(_number(v) for v in values) + ")"
    return "conflict: the value goes back and forth over time"


def _number(value: float) -> str:
    return f"{value:g}"


def plot(points: list[Point], width: int = 60, height: int = 10) -> Text:
    """Values (rows) against publication time (columns), one marker per outlet."""
    if not points:
        return Text("No numeric values in this cluster.")
    points = sorted(points, key=lambda point: (point.published, point.outlet))
    times = sorted({point.published for point in points})
    outlets = sorted({point.outlet for point in points})
    low, high = min(p.value for p in points), max(p.value for p in points)
    label_width = max(len(_number(low)), len(_number(high)))
    columns = max(width - label_width - 3, len(times))
    step = columns / len(times)

    def row_of(value: float) -> int:
        return 0 if high == low else round((high - value) / (high - low) * (height - 1))

    grid: list[list[tuple[str, str]]] = [[(" ", "")] * columns for _ in range(height)]
    for point in points:
        column = min(int(times.index(point.published) * step + step / 2), columns - 1)
        index = outlets.index(point.outlet)
        row = row_of(point.value)
        while grid[row][column][0] != " " and column < columns - 1:  # outlets on one cell: side by side
            column += 1
        grid[row][column] = (MARKERS[index % len(MARKERS)], COLOURS[index % len(COLOURS)])
    out = Text()
    for row_index, row in enumerate(grid):
        label = ""
        for value in (high, low):
            if row_of(value) == row_index:
                label = _number(value)
        out.append(label.rjust(label_width) + " ┤ ", style="dim")
        for char, style in row:
            out.append(char, style=style)
        out.append("\n")
    out.append(" " * label_width + " └" + "─" * (columns + 1) + "\n", style="dim")
    axis = [" "] * (columns + 2)
    one_day = len({time[:10] for time in times}) == 1
    for index, time in enumerate(times):
        column = int(index * step + step / 2)
        # Within one day the hour says more than the repeated date.
        label = one_line(time[11:16] if one_day and len(time) > 11 else time[:10])
        if all(c == " " for c in axis[column:column + len(label) + 1]):
            axis[column:column + len(label)] = label
    out.append(" " * (label_width + 3) + "".join(axis).rstrip() + "\n", style="dim")
    for index, outlet in enumerate(outlets):
        out.append(f"  {MARKERS[index % len(MARKERS)]} ", style=COLOURS[index % len(COLOURS)])
        out.append(one_line(outlet))
        values = [_number(p.value) for p in points if p.outlet == outlet]
        out.append(f"  {', '.join(values)}\n", style="dim")
    out.append("\n")
    out.append(reading(points), style="bold")
    return out


class Timeline(Static):
    """The plot, redrawn to the widget's width."""

    DEFAULT_CSS = """
    Timeline { height: auto; padding: 1 2; }
    """

    def __init__(self, points: list[Point], **kwargs):
        super().__init__(**kwargs)
        self.points = points

    def on_resize(self) -> None:
        self.update(plot(self.points, width=max(self.size.width - 4, 20)))

    def on_mount(self) -> None:
        self.update(plot(self.points, width=max(self.size.width - 4, 20) if self.size.width else 60))
