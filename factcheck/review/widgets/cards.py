"""The item view's parts: a claim card, the queue around the cursor, the cluster."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ... import verdicts
from ..actions import DECISION_NAMES
from ..items import ClaimView, ClusterView, PairView
from ..queries import Status
from ..text import one_line

DECISION_MARKS = {verdicts.CONTRADICTION: "✓", verdicts.NOT_CONTRADICTION: "✗", verdicts.CHANGED_OVER_TIME: "↻"}

_HIGHLIGHT_STYLES = {"claim": "bold", "value": "underline", "differs": "bold reverse yellow"}


def claim_text(claim: ClaimView) -> Text:
    """The claim's sentence in its context, the claim bold and the differing values marked."""
    text = Text(claim.context, style="dim")
    for highlight in sorted(claim.highlights, key=lambda h: h.kind != "claim"):
        start, end = max(highlight.start, 0), min(highlight.end, len(claim.context))
        if start < end:
            if highlight.kind == "claim":
                text.stylize("not dim", start, end)
            text.stylize(_HIGHLIGHT_STYLES[highlight.kind], start, end)
    return text


def rating_text(rating: str | None) -> Text:
    if rating is None:
        return Text("no verdict", style="dim italic")
    return Text.assemble("verdict: ", (rating, "bold green"))


class ClaimCard(Static):
    """One claim: outlet, date, speaker and kind, the sentence in context, its verdict."""

    DEFAULT_CSS = """
    ClaimCard { width: 1fr; height: auto; min-height: 8; border: round $secondary 50%; padding: 0 1; }
    ClaimCard.-selected { border: round $accent; }
    ClaimCard.-compact { min-height: 0; }
    """

    def show(self, claim: ClaimView | None, rating: str | None, selected: bool, rated: bool = True,
             compact: bool = False) -> None:
        """``compact`` (a narrow terminal) shows the claim's own words without the sentences around them."""
        self.set_class(selected, "-selected")
        self.set_class(compact, "-compact")
        if claim is None:
            self.border_title = None
            self.update(Text("(no second claim)", style="dim"))
            return
        # A str title is parsed as markup: an outlet name is data.
        self.border_title = Text(one_line(f"{claim.outlet} · {claim.published}"))
        speaker = one_line(claim.speaker) if claim.speaker else "the outlet itself"
        if compact:
            span = next(h for h in claim.highlights if h.kind == "claim")
            body = claim_text(claim)[max(span.start, 0):span.end]
            body.append("\n")
            if rated:
                body.append_text(rating_text(rating))
                body.append(" · ", style="dim")
            body.append(speaker, style="italic")
        else:
            body = Text.assemble((speaker, "bold"), (f"  ({claim.kind})", "italic"), "\n\n")
            body.append_text(claim_text(claim))
            if rated:
                body.append("\n\n")
                body.append_text(rating_text(rating))
        for editor, note in claim.notes:
            body.append("\n✎ ", style="cyan")
            body.append(one_line(editor), style="cyan")
            body.append(f": {one_line(note)}", style="italic")
        self.update(body)


class QueueWindow(Static):
    """The queue rows around the current item."""

    DEFAULT_CSS = """
    QueueWindow { height: auto; padding: 0 1; }
    """
    LEAD = 18  # the marker, position, marks and worth before a row's reason
    COLUMNS = 22  # outlets and date: left out when a reason shown would not fit beside them

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[tuple[dict, Status]] = []
        self.current = 0
        self.shown = 0  # rows shown around the current one (0: all)

    def on_resize(self) -> None:
        self.show(self.rows, self.current)

    def show(self, rows: list[tuple[dict, Status]], current: int) -> None:
        self.rows, self.current = rows, current
        if self.shown and len(rows) > self.shown:
            here = next((index for index, (row, _) in enumerate(rows) if row["pos"] == current), 0)
            first = max(0, min(here - self.shown // 2, len(rows) - self.shown))
            rows = rows[first:first + self.shown]
        width = self.content_size.width
        wide = all(len(one_line(row["reason"])) <= width - self.LEAD - self.COLUMNS for row, _ in rows)
        out = Text()
        if rows and not self.shown:
            out.append(f"  {'#':>6} {'':3}{'worth':6}" + (f"{'outlets':11}{'published':11}" if wide else "")
                       + "reason\n", style="dim underline")
        for row, status in rows:
            here = row["pos"] == current
            mark = (DECISION_MARKS.get(status.decision, "✓") if status.reviewed
                    else "◐" if status.decided else "·")
            flag = "⚑" if status.flagged else " "
            line = Text.assemble(
                ("▸ " if here else "  "), (f"{row['pos']:>6} ", "dim"), (f"{mark}{flag} ", "green" if status.reviewed else ""),
                (f"{row['worth'] or 0:5.2f} ", "dim"))
            if wide:
                line.append(f"{str(row['outlets']) + ' outlet' + ('' if row['outlets'] == 1 else 's'):10} ", style="dim")
                line.append(f"{row['published'] or '':10} ", style="dim")
            line.append(one_line(row["reason"]) or "(no reason)")
            line.truncate(max(width, 20), overflow="ellipsis")
            if here:
                line.stylize("bold reverse")
            out.append_text(line)
            out.append("\n")
        out.rstrip()
        self.update(out if out else Text("Nothing to review in this view.", style="italic"))


def pairs_text(pairs: list[PairView], decisions: dict[str, str | None], selected: int | None,
               key: str, shown: int) -> Text:
    """A dispute's pairs with their decisions, ``shown`` lines around the selected one; the whole
    dispute is the first line."""
    out = Text.assemble(("▸ " if selected is None else "  "), (f"all {len(pairs)} pairs", "bold"),
                        (f"  a decision here covers each ({key}: one pair at a time)", "dim"))
    first = 0 if selected is None else max(0, min(selected - shown // 2, len(pairs) - shown))
    for index in range(first, min(first + shown, len(pairs))):
        pair = pairs[index]
        decision = decisions.get(pair.id)
        line = Text.assemble(("\n▸ " if index == selected else "\n  "), (f"{index + 1:>2} ", "dim"),
                             (DECISION_MARKS.get(decision, "·") + " ", "green" if decision else ""),
                             one_line(pair.outlet_a), (" vs ", "dim"), one_line(pair.outlet_b), "  ",
                             (one_line(pair.reason), "yellow"))
        if decision:
            line.append(f"  {DECISION_NAMES[decision]}", style="green")
        if index == selected:
            line.stylize("bold")
        out.append_text(line)
    hidden = len(pairs) - min(first + shown, len(pairs)) + first
    if hidden:
        out.append(f"\n  … {hidden} more", style="dim")
    return out


def cluster_text(cluster: ClusterView | None, rating: str | None = None, with_rating: bool = False) -> Text:
    if cluster is None:
        return Text("Not part of a cluster.", style="dim")
    outlets = f"{cluster.outlets} outlet" + ("s" if cluster.outlets != 1 else "")
    sources = f"{cluster.independent_sources} independent source" + ("s" if cluster.independent_sources != 1 else "")
    # The counts first: the lines are cut at the edge (one line per member keeps the figures in a column).
    out = Text.assemble(("Cluster", "bold"), f"  {outlets}, {sources}\n", (one_line(cluster.label), "bold"), "\n")
    if with_rating:
        out.append_text(rating_text(rating))
        out.append("\n")
    for member in cluster.members:
        value = "" if member["value"] is None else f"{member['value']:g}" if isinstance(member["value"], float) else str(member["value"])
        out.append(f"  {one_line(member['published']) or 'undated':10} ", style="dim")
        out.append(f"{one_line(member['outlet']) or 'unknown outlet':20.20} ")
        out.append(f"{value:>8}  ", style="bold")
        out.append(one_line(member["text"]) + "\n")
    out.rstrip()
    return out
