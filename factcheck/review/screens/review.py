"""The main screen: the queue, the item side by side, recent decisions."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Awaitable, Callable

import sqlite_utils
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Static, Tab, Tabs

from ...errors import FactcheckError
from ...verdicts import PAIR_DECISIONS
from .. import queries
from ..actions import DECISION_NAMES, Recorder
from ..items import Item, article_text, load_claims, load_item, timeline_points
from ..keys import bindings, first_keys
from ..messages import DecisionChosen
from ..queries import TABS, Status, View
from ..text import one_line
from ..widgets.cards import ClaimCard, QueueWindow, cluster_text, pairs_text
from ..widgets.decisions import RecentDecisions
from .dialogs import FilterDialog, Prompt
from .views import ArticleScreen, HelpScreen, TimelineScreen

WINDOW = 7  # queue rows shown around the current item
NARROW = 100  # columns below which the side panel folds away and the cards stack
NARROW_QUEUE_ROWS = 3
PAIRS_SHOWN, NARROW_PAIRS = 5, 1  # a dispute's pair lines listed around the selected one
POLL_SECONDS = 2.0  # how often to look for other reviewers' work
KIND_NAMES = {"contradictions": "Contradiction", "suggestions": "Suggestion",
              "agreements": "Agreement", "clusters": "Cluster"}


@dataclass
class Loaded:
    window: list[tuple[dict, Status]]
    item: Item | None


def _load(db: sqlite_utils.Database, tab: str, pos: int, pair: tuple[str, int] | None = None) -> Loaded:
    """The queue window around ``pos`` and its item; ``pair`` (item id, index) shows that pair's claims."""
    first = max(1, pos - WINDOW // 2)
    rows = queries.queue_rows(db, tab, first, WINDOW)
    if len(rows) < WINDOW and first > 1:
        first = max(1, first - (WINDOW - len(rows)))
        rows = queries.queue_rows(db, tab, first, WINDOW)
    loaded = _loaded(db, rows, pos)
    item = loaded.item
    if item is not None and pair is not None and pair[0] == item.target_id and pair[1] < len(item.pairs):
        shown = item.pairs[pair[1]]
        item.claims = load_claims(db, [shown.claim_a, shown.claim_b], compare=True, reason=shown.reason)
        item.status = replace(item.status, ratings={
            claim: queries.current_rating(db, "claim", claim) for claim in (shown.claim_a, shown.claim_b)})
    return loaded


def _load_first(db: sqlite_utils.Database, tab: str) -> Loaded:
    return _loaded(db, queries.first_rows(db, tab, WINDOW), 1)


def _loaded(db: sqlite_utils.Database, rows: list[dict], pos: int) -> Loaded:
    window = [(row, queries.item_status(db, row)) for row in rows]
    current = next((row for row in rows if row["pos"] == pos), None)
    return Loaded(window, load_item(db, current) if current else None)


def _locate(db: sqlite_utils.Database, tab: str, target_type: str, target_id: str) -> int | None:
    """The queue position of a claim's first item, of a match (or its dispute) or of a cluster."""
    if target_type == "match":
        return queries.find_position(db, tab, queries.dispute_of(db, target_id))
    if target_type != "claim":
        return queries.find_position(db, tab, target_id)
    return db.execute(f"select min(pos) from {queries.queue_table(tab)} where claim_a = ? or claim_b = ?",
                      [target_id, target_id]).fetchone()[0]


NOTE_WORDS = 60  # characters of a claim quoted in the note prompt


def _claim_words(claim) -> str:
    words = one_line(claim.text)
    return f"{one_line(claim.outlet)}: “{words if len(words) <= NOTE_WORDS else words[:NOTE_WORDS - 1] + '…'}”"


def _label(item: Item, action) -> str:
    """The words a note prompt names ``action``'s target by."""
    if action.target_type == "claim":
        claim = next((claim for claim in item.claims if claim.id == action.target_id), None)
        if claim is not None:
            return _claim_words(claim)
    if action.target_type == "cluster":
        return f"the cluster “{one_line(item.reason)}”"
    return f"the pair “{one_line(item.reason)}”" if len(action.rows) == 1 else f"the dispute “{one_line(item.reason)}”"


def _status_after(db: sqlite_utils.Database, row: dict) -> Status:
    return queries.item_status(db, row)


class ReviewScreen(Screen):
    def __init__(self, store, editor: str, scale, view: View | None = None) -> None:
        super().__init__()
        self.store = store
        self.editor = editor
        self.scale = scale
        self.view = view or View()
        self.built: dict[str, View] = {}
        self.lengths: dict[str, int] = {}
        self.reviewed: dict[str, int] = {}
        self.positions: dict[str, int] = {}
        self.pos = 0
        self.side = 0
        # The pair of the current dispute shown and decided on alone (None: the whole dispute).
        self.pair: int | None = None
        # (type, id, words) of what this editor last rated or decided, until they move on by hand:
        # a note is about it, though rating moved the selection to the next claim or item.
        self.just_rated: tuple[str, str, str] | None = None
        self.item: Item | None = None
        self.recorder: Recorder | None = None
        self._data_version: list[int] = []
        self._save_timer = None
        self.ready = False  # the Tabs widget activates its first tab before the queue is built
        # Every key's work waits here and runs alone, in the order pressed: a burst of
        # keys acts on one item after another, each on the item the previous one led to.
        self._commands: deque[Callable[[], Awaitable[None]]] = deque()
        self._draining = False
        self._finished = False

    @classmethod
    def for_scale(cls, scale) -> type["ReviewScreen"]:
        """The screen class with a key per rating of ``scale`` (bindings are class-level)."""
        return type(cls.__name__, (cls,), {"BINDINGS": bindings(scale)})

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Text(f"factcheck review · {one_line(self.store.path.name)} · editor {one_line(self.editor)}"),
                         id="title")
            yield Static("", id="progress")
        yield Tabs(*(Tab(tab.capitalize(), id=tab) for tab in TABS), id="tabs")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield QueueWindow(id="queue")
                yield Static("", id="item-head")
                yield Static("", id="pairs")
                with VerticalScroll(id="item"):
                    with Horizontal(id="sides"):
                        yield ClaimCard(id="left")
                        yield ClaimCard(id="right")
                    yield Static("", id="cluster")
            yield RecentDecisions(id="recent")
        # ctrl+p (the palette) is listed in the help, which leaves the footer room for the keys.
        yield Footer(compact=True, show_command_palette=False)

    # ---- loading -------------------------------------------------------
    async def on_mount(self) -> None:
        self.query_one("#tabs", Tabs).can_focus = False
        # Tab goes straight to the decisions panel: the arrows always move through the queue.
        self.query_one("#item", VerticalScroll).can_focus = False
        self.run_in_order(self.start)

    def run_in_order(self, command: Callable[..., Awaitable[None]], *args) -> None:
        """Queue ``command(*args)`` behind the work of the keys pressed before it."""
        if self._finished:
            return
        self._commands.append(lambda: command(*args))
        if not self._draining:
            self._draining = True
            self._drain()

    @work(group="commands")
    async def _drain(self) -> None:
        try:
            while self._commands and not self._finished:
                try:
                    await self._commands.popleft()()
                except NoMatches:
                    if self.app.is_running and self.is_attached:
                        raise
                    return  # the app closed while the work ran: there is nothing left to show it on
        finally:
            self._draining = False

    async def finish(self) -> None:
        """After the keys pressed before: save the position, close the database, take no more keys."""
        if self._finished:
            return
        closed = asyncio.Event()

        async def close_last() -> None:
            await self.save_position()
            self._finished = True
            await self.store.close()
            closed.set()

        self.run_in_order(close_last)
        await closed.wait()

    @property
    def idle(self) -> bool:
        """Whether every key pressed so far has done its work."""
        return not self._draining

    async def start(self) -> None:
        await self.store.open()
        self.recorder = Recorder(self.store.db, self.editor, self.scale)
        if await self.store.call(queries.order_is_stale):
            self.query_one("#progress", Static).update(Text("ranking the queue after new matches…", style="yellow"))
        counts = await self.store.call(queries.refresh_order)
        self.lengths.update(counts)
        saved = await self.store.call(queries.load_position, self.editor)
        tab = saved["tab"] if saved and saved["tab"] in TABS else next(
            (tab for tab in TABS if counts[tab]), TABS[0])
        self.view = self.view.with_(tab=tab)
        self.query_one("#tabs", Tabs).active = tab
        reopen = saved is not None and saved["tab"] == tab
        if not reopen and not self.view.narrowed:
            # The first items come straight from the rank index while the whole queue is built
            # (the index holds the whole tab: a narrowed view waits for its queue).
            self.pos = 1 if counts[tab] else 0
            self._show(await self.store.call(_load_first, tab))
        await self._build(tab)
        if reopen:
            self.pos = await self.store.call(queries.find_position, tab, saved["target_id"]) or (
                1 if self.lengths[tab] else 0)
        elif self.view.narrowed:
            self.pos = 1 if self.lengths[tab] else 0
        await self.show_current()
        await self.show_recent()
        await self.store.call(self.store.changed_elsewhere, self._data_version)
        self.set_interval(POLL_SECONDS, lambda: self.run_in_order(self.poll))
        self.ready = True

    async def _build(self, tab: str) -> None:
        view = self.view.with_(tab=tab)
        self.lengths[tab], self.reviewed[tab] = await self.store.call(
            lambda db: (queries.build_queue(db, view), queries.built_reviewed_count(db, tab)))
        self.built[tab] = view
        self._label_tabs()

    def _label_tabs(self) -> None:
        tabs = self.query_one("#tabs", Tabs)
        for tab in TABS:
            count = self.lengths.get(tab)
            tabs.query_one(f"#{tab}", Tab).label = f"{tab.capitalize()} {count}" if count is not None else tab.capitalize()

    async def show_current(self) -> None:
        pair = (self.item.target_id, self.pair) if self.item is not None and self.pair is not None else None
        self._show(await self.store.call(_load, self.view.tab, self.pos, pair))

    def _show(self, loaded: Loaded) -> None:
        if loaded.item is None or self.item is None or loaded.item.target_id != self.item.target_id:
            self.pair = None
        self.item = loaded.item
        if self.item and len(self.item.claims) < 2:
            self.side = 0
        self.query_one(QueueWindow).show(loaded.window, self.pos)
        self._render_item()
        self._render_progress()
        self._schedule_save()

    async def show_recent(self) -> None:
        self.query_one(RecentDecisions).show(await self.store.call(queries.recent_decisions, 10))

    def _render_progress(self) -> None:
        tab = self.view.tab
        length, reviewed = self.lengths.get(tab, 0), self.reviewed.get(tab, "…")
        text = Text.assemble((f"{reviewed} / {length} reviewed", "bold"))
        if self.view.narrowed:
            text.append(f"  (view: {one_line(self.view.describe())})", style="yellow")
        self.query_one("#progress", Static).update(text)

    def _render_item(self) -> None:
        item = self.item
        head = self.query_one("#item-head", Static)
        left, right = self.query_one("#left", ClaimCard), self.query_one("#right", ClaimCard)
        cluster = self.query_one("#cluster", Static)
        pairs = self.query_one("#pairs", Static)
        pairs.display = item is not None and len(item.pairs) > 1
        if item is None:
            head.update(Text("Nothing to review here: try another tab ([ ]) or clear the filters (Escape).",
                             style="italic"))
            left.show(None, None, False)
            right.show(None, None, False)
            cluster.update("")
            return
        status = item.status
        keys = first_keys(self.scale, self.app.keymap)
        if pairs.display:
            pairs.update(pairs_text(item.pairs, status.decisions, self.pair, keys["next-pair"][0],
                                    shown=NARROW_PAIRS if self.narrow else PAIRS_SHOWN))
        if item.target_type == "cluster":
            state = "reviewed" if status.reviewed else "unreviewed"
        elif self.pair is not None:
            decision = status.decisions.get(item.pairs[self.pair].id)
            state = f"pair {self.pair + 1} of {len(item.pairs)}: " + (DECISION_NAMES[decision] if decision else "undecided")
        elif status.decision:
            state = DECISION_NAMES[status.decision]
        elif status.decided:
            state = f"{status.decided} of {len(status.decisions)} pairs decided"
        else:
            state = "undecided"
        head_text = Text.assemble(
            (f"{KIND_NAMES[self.view.tab]} {self.pos} of {self.lengths.get(self.view.tab, 0)}", "bold"),
            "  ", (item.reason or "(no reason given)", "bold yellow"), "  ",
            (state, "green" if status.reviewed else "cyan"),
        )
        if status.flagged:
            head_text.append("  ⚑ flagged", style="bold red")
        if status.notes:
            head_text.append(f"  {status.notes} note" + ("s" if status.notes > 1 else ""), style="dim")
        if item.score is not None or item.stories:
            head_text.append("\n")
        if item.score is not None:
            head_text.append(f"score {item.score:.2f} · {one_line(item.tier) or 'no tier'}  ", style="dim")
        if item.stories:
            head_text.append("story" if len(item.stories) == 1 else "stories", style="dim")
            for index, story in enumerate(item.stories):
                head_text.append(";" if index else "", style="dim")
                head_text.append(f" {story.id}", style="bold")
                head_text.append(f" {one_line(story.label)}")
        is_cluster = item.target_type == "cluster"
        # A narrow terminal leaves the rating keys to the help (?), for both claims' room.
        if not self.narrow:
            head_text.append("\nrate ", style="dim")
            for index, (key, name) in enumerate(hint for binding_id, hint in keys.items()
                                                if binding_id.startswith("rate.")):
                head_text.append(" · " if index else "", style="dim")
                head_text.append(key, style="bold cyan")
                head_text.append(f" {name}")
            if not is_cluster:
                head_text.append(f"  {keys['left'][0]}/{keys['right'][0]} ", style="bold cyan")
                head_text.append("claim", style="dim")
        head.update(head_text)
        claims = item.claims + [None] * (2 - len(item.claims))
        for index, card in enumerate((left, right)):
            claim = claims[index]
            rating = status.ratings.get(claim.id) if claim else None
            card.show(claim, rating, selected=not is_cluster and index == self.side, rated=not is_cluster,
                      compact=self.narrow)
        cluster.update(cluster_text(item.cluster, status.ratings.get("cluster"), with_rating=is_cluster))

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(1.0, self.save_position)

    async def save_position(self) -> None:
        if self.item is not None:
            await self.store.call(queries.save_position, self.editor, self.view.tab,
                                  self.item.target_type, self.item.target_id)

    async def poll(self) -> None:
        if await self.store.call(self.store.changed_elsewhere, self._data_version):
            await self._refresh_statuses()

    async def _refresh_statuses(self) -> None:
        tab = self.view.tab
        self.reviewed[tab] = await self.store.call(queries.reviewed_count, tab)
        await self.show_current()
        await self.show_recent()

    # ---- moving --------------------------------------------------------
    async def go(self, pos: int) -> None:
        self.just_rated = None
        length = self.lengths.get(self.view.tab, 0)
        self.pos = min(max(pos, 1), length) if length else 0
        self.positions[self.view.tab] = self.pos
        await self.show_current()

    def action_move(self, delta: int) -> None:
        self.run_in_order(self._move, delta)

    async def _move(self, delta: int) -> None:
        await self.go(self.pos + delta)

    def action_page(self, direction: int) -> None:
        self.run_in_order(self._move, direction * WINDOW)

    def action_jump(self, where: str) -> None:
        self.run_in_order(self._jump, where)

    async def _jump(self, where: str) -> None:
        await self.go(1 if where == "first" else self.lengths.get(self.view.tab, 0))

    def action_pair(self, delta: int) -> None:
        self.run_in_order(self._pair, delta)

    async def _pair(self, delta: int) -> None:
        """Step through the dispute's pairs; before the first and after the last is the whole dispute."""
        if self.item is None or len(self.item.pairs) < 2:
            return
        steps = [None, *range(len(self.item.pairs))]
        self.pair = steps[(steps.index(self.pair) + delta) % len(steps)]
        self.side = 0
        await self.show_current()

    def action_side(self, side: int) -> None:
        self.run_in_order(self._side, side)

    async def _side(self, side: int) -> None:
        if self.item and self.item.target_type != "cluster" and len(self.item.claims) > side:
            self.side = side
            self.just_rated = None
            self._render_item()

    def action_tab(self, delta: int) -> None:
        tabs = self.query_one("#tabs", Tabs)
        # From the tab last asked for, so that "] ]" goes two tabs on before either is built.
        tabs.active = TABS[(TABS.index(tabs.active or self.view.tab) + delta) % len(TABS)]

    async def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        tab = event.tab.id
        if not self.ready:
            if tab != self.view.tab:  # a key or click before the first queue is built: stay on its tab
                event.tabs.active = self.view.tab
            return
        if tab == self.view.tab and self.built.get(tab) == self.view:
            return
        self.run_in_order(self.switch_tab, tab)

    async def switch_tab(self, tab: str) -> None:
        if tab == self.view.tab and self.built.get(tab) == self.view:
            return
        self.positions[self.view.tab] = self.pos
        self.view = self.view.with_(tab=tab)
        if self.built.get(tab) != self.view:
            await self._build(tab)
        self.pos = min(self.positions.get(tab, 1), self.lengths[tab]) or (1 if self.lengths[tab] else 0)
        self.side = 0
        await self.show_current()

    # ---- recording -----------------------------------------------------
    async def _record(self, write, advance: bool) -> None:
        """Run ``write(db)`` for the current item, then update its status and the counts."""
        item = self.item
        if item is None:
            return
        before = item.status.reviewed
        action = await self.store.call(write)
        if action.kind == "verdict" or action.kind in PAIR_DECISIONS:
            self.just_rated = (action.target_type, action.target_id, _label(item, action))
        after = await self.store.call(_status_after, item.row)
        self.reviewed[self.view.tab] = self.reviewed.get(self.view.tab, 0) + (after.reviewed - before)
        item.status = after
        await self.show_recent()
        if advance and self.pos < self.lengths.get(self.view.tab, 0):
            self.pos += 1
            self.side = 0
        await self.show_current()

    def action_rate(self, rating: str) -> None:
        self.run_in_order(self._rate, rating)

    async def _rate(self, rating: str) -> None:
        item = self.item
        if item is None:
            return
        tab = self.view.tab
        if item.target_type == "cluster":
            target = ("cluster", item.target_id)
            advance = True
        else:
            target = ("claim", item.claims[self.side].id)
            other = [claim.id for index, claim in enumerate(item.claims) if index != self.side]
            # A claim's rating decides nothing about the pair: stay on it, on the other claim if unrated.
            advance = False
            if other and item.status.ratings.get(other[0]) is None:
                self.side = 1 - self.side
        await self._record(lambda db: self.recorder.rate(tab, item.target_id, *target, rating), advance)
        self.notify(f"{target[0]} rated {rating}", timeout=2)

    def action_decide(self, decision: str) -> None:
        self.run_in_order(self._decide, decision)

    async def _decide(self, decision: str) -> None:
        item = self.item
        if item is None or item.target_type != "match" or not item.pairs:
            self.notify("A decision is about a pair of claims: clusters take a rating.", severity="warning")
            return
        tab = self.view.tab
        chosen = item.pairs if self.pair is None else [item.pairs[self.pair]]
        pairs = [pair.as_row() for pair in chosen]
        # One pair decided apart: on to the dispute's next pair, or past the dispute after its last.
        advance = self.pair is None or self.pair == len(item.pairs) - 1
        if not advance:
            self.pair += 1
        await self._record(lambda db: self.recorder.decide(tab, item.target_id, decision, pairs), advance=advance)
        covered = f" ({len(pairs)} pairs)" if len(pairs) > 1 else ""
        self.notify(f"Decided: {DECISION_NAMES[decision]}{covered}.", timeout=2)

    def action_flag(self) -> None:
        self.run_in_order(self._flag)

    async def _flag(self) -> None:
        item = self.item
        if item is not None:
            tab = self.view.tab
            await self._record(lambda db: self.recorder.toggle_flag(tab, item.target_type, item.target_id),
                               advance=False)

    def action_skip(self) -> None:
        self.run_in_order(self._skip)

    async def _skip(self) -> None:
        item = self.item
        if item is not None:
            tab = self.view.tab
            await self._record(lambda db: self.recorder.skip(tab, item.target_type, item.target_id), advance=True)

    def action_note(self) -> None:
        self.run_in_order(self._ask_note)

    async def _ask_note(self) -> None:
        item = self.item
        if item is None:
            return
        if self.just_rated is not None:
            target_type, target_id, words = self.just_rated
        elif item.target_type == "cluster":
            target_type, target_id, words = "cluster", item.target_id, f"the cluster “{one_line(item.reason)}”"
        else:
            claim = item.claims[self.side]
            target_type, target_id, words = "claim", claim.id, _claim_words(claim)
        tab = self.view.tab

        def save(text: str | None) -> None:
            if text and text.strip():
                self.run_in_order(self._record, lambda db: self.recorder.note(
                    tab, item.target_id, target_type, target_id, text.strip()), False)

        self.app.push_screen(Prompt(f"Note on {words}"), save)

    def action_undo(self) -> None:
        self.run_in_order(self._undo)

    async def _undo(self) -> None:
        action = await self.store.call(lambda db: self.recorder.undo())
        if action is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.notify(f"Undone: {one_line(action.description)}", timeout=2, markup=False)
        tab = self.view.tab
        if action.tab == tab:
            self.pos = await self.store.call(queries.find_position, tab, action.item_id) or self.pos
        self.reviewed[tab] = await self.store.call(queries.reviewed_count, tab)
        await self.show_recent()
        await self.show_current()
        if action.target_type == "claim" and self.item:
            self._select_claim(action.target_id)

    def _select_claim(self, claim_id: str) -> None:
        self.side = next((i for i, claim in enumerate(self.item.claims) if claim.id == claim_id), self.side)
        self._render_item()

    # ---- views over the queue -------------------------------------------
    def apply_view(self, view: View, keep: str | None = None) -> None:
        self.run_in_order(self._apply_view, view, keep)

    async def _apply_view(self, view: View, keep: str | None) -> None:
        self.query_one("#progress", Static).update(Text("building the view…", style="yellow"))
        self.view = view
        self.built.clear()
        await self._build(view.tab)
        pos = await self.store.call(queries.find_position, view.tab, keep) if keep else None
        self.pos = pos or (1 if self.lengths[view.tab] else 0)
        self.positions = {view.tab: self.pos}
        await self.show_current()
        await self.show_recent()

    def action_search(self) -> None:
        def search(query: str | None) -> None:
            if query is not None:
                self.apply_view(self.view.with_(search=query.strip()))

        self.app.push_screen(Prompt("Search claims (full text; empty clears)", self.view.search,
                                    "e.g. 80 countries"), search)

    def action_filter(self) -> None:
        self.app.push_screen(FilterDialog(self.view), lambda view: view and self.apply_view(view))

    def action_clear_view(self) -> None:
        if self.view.narrowed:
            self.apply_view(View(tab=self.view.tab), keep=self.item.target_id if self.item else None)

    def action_refresh(self) -> None:
        self.apply_view(self.view, keep=self.item.target_id if self.item else None)

    def action_export(self) -> None:
        self.app.push_screen(Prompt("Export this view to CSV: file name", f"factcheck-{self.view.tab}.csv"),
                             lambda path: self.run_in_order(self.export, path))

    async def export(self, path: str | None) -> None:
        """Write the view to ``path``; a file already there is overwritten only when the editor says so."""
        if not path or not path.strip():
            return
        target = Path(path.strip())
        if target.exists():
            def answered(answer: str | None) -> None:
                if answer and answer.strip().lower() in ("y", "yes"):
                    self.run_in_order(self._write_export, target)
                else:
                    self.notify("Not exported: the file is left as it was.", markup=False)

            self.app.push_screen(Prompt(f"{target} exists. Overwrite it? (y to overwrite)"), answered)
            return
        await self._write_export(target)

    async def _write_export(self, target: Path) -> None:
        try:
            count = await self.store.call(queries.export_csv, self.view.tab, target)
        except FactcheckError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Exported {count} row{'' if count == 1 else 's'} to {target}", markup=False)

    # ---- other views ---------------------------------------------------
    def action_open_article(self) -> None:
        self.run_in_order(self._open_article)

    async def _open_article(self) -> None:
        if self.item is None or not self.item.claims:
            return
        claim = self.item.claims[min(self.side, len(self.item.claims) - 1)]
        article = await self.store.call(article_text, claim.article_id)
        self.app.push_screen(ArticleScreen(article, claim.start, claim.end))

    def action_timeline(self) -> None:
        self.run_in_order(self._timeline)

    async def _timeline(self) -> None:
        if self.item is None:
            return
        points = await self.store.call(timeline_points, self.item)
        if not points:
            self.notify("No numeric values to plot for this item.", severity="warning")
            return
        title = self.item.cluster.label if self.item.cluster else self.item.reason
        self.app.push_screen(TimelineScreen(f"Timeline: {one_line(title)}", points))

    def action_help(self) -> None:
        keymap = self.app.keymap
        rows = []
        for binding in bindings(self.scale):
            keys = keymap.get(binding.id, binding.key)
            rows.append((keys, binding.description, binding.id))
        self.app.push_screen(HelpScreen(rows))

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def on_resize(self, event) -> None:
        """Below ``NARROW`` columns the side panel folds away and the cards stack, shortened."""
        narrow = event.size.width < NARROW
        if narrow != self.narrow:
            self.set_class(narrow, "-narrow")
            self.query_one(QueueWindow).shown = NARROW_QUEUE_ROWS if narrow else 0
            if self.item is not None:
                self._render_item()

    def action_decisions(self) -> None:
        """Go to the side panel (unfolding it on a narrow terminal); pressed there, back to the queue."""
        panel = self.query_one(RecentDecisions)
        if panel.has_focus:
            self.set_class(False, "-panel")
            panel.blur()
            return
        self.set_class(True, "-panel")
        panel.focus()

    def on_decision_chosen(self, message: DecisionChosen) -> None:
        self.run_in_order(self._go_to_decision, message)

    async def _go_to_decision(self, message: DecisionChosen) -> None:
        """Go to the item a decision was about: in this tab if it is there, else in another."""
        order = [self.view.tab] + [tab for tab in TABS if tab != self.view.tab]
        for tab in order:
            if (message.target_type == "cluster") != (tab == "clusters"):
                continue
            if self.built.get(tab) != self.view.with_(tab=tab):
                await self._build(tab)
            pos = await self.store.call(_locate, tab, message.target_type, message.target_id)
            if pos:
                break
        else:
            self.notify("That decision is not in this view (clear the filters?).", severity="warning")
            return
        self.positions[self.view.tab] = self.pos
        self.view = self.view.with_(tab=tab)
        self.pos = pos
        self.query_one("#tabs", Tabs).active = tab
        await self.show_current()
        if message.target_type == "claim" and self.item:
            self._select_claim(message.target_id)
        self.set_class(False, "-panel")
        self.query_one(RecentDecisions).blur()
