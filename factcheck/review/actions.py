"""What a reviewer's keys do to the database, through the verdicts API.

Every action is written at once, with the editor's name and the time. Undo
never deletes: it appends the state before the action (the previous rating,
or a withdrawal) and an ``undo`` review event naming what it undid. Undoing
a verdict takes back only this editor's own: a verdict someone else recorded
later stands, and the rating restored is the one before this editor's,
leaving out verdicts that were themselves undone.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass

import sqlite_utils

from .. import verdicts
from .queries import RESTORED_NOTE, current_rating, is_flagged

UNDO_DEPTH = 10
DECISION_NAMES = {verdicts.CONTRADICTION: "real contradiction", verdicts.NOT_CONTRADICTION: "not a contradiction",
                  verdicts.CHANGED_OVER_TIME: "changed over time"}


@dataclass(frozen=True)
class Action:
    """One recorded action; enough to undo it and to go back to its item.

    A decision on a dispute writes one row per pair: ``rows`` holds each
    (target id, row id), the first the one ``target_id`` names.
    """

    kind: str  # "verdict" or an event action (a pair decision, "flag", "note", "skip")
    rows: tuple[tuple[str, int], ...]
    target_type: str
    tab: str
    item_id: str
    previous: str | None = None
    description: str = ""

    @property
    def target_id(self) -> str:
        return self.rows[0][0]

    @property
    def row_id(self) -> int:
        return self.rows[0][1]


class Recorder:
    """Records one editor's actions and keeps the last ``UNDO_DEPTH`` for undo."""

    def __init__(self, db: sqlite_utils.Database, editor: str, scale: verdicts.RatingScale):
        self.db = db
        self.editor = editor
        self.scale = scale
        self.done: deque[Action] = deque(maxlen=UNDO_DEPTH)
        # Verdict rows this editor's undos wrote: they restate an earlier state,
        # so they are no verdict of their own that a later undo must respect.
        self.restored: set[int] = set()

    def _keep(self, action: Action) -> Action:
        self.done.append(action)
        return action

    def rate(self, tab: str, item_id: str, target_type: str, target_id: str, rating: str) -> Action:
        row_id = verdicts.record_verdict(
            self.db, target_type, target_id, rating, editor=self.editor, scale=self.scale
        )
        return self._keep(Action("verdict", ((target_id, row_id),), target_type, tab, item_id,
                                 description=f"{target_type} {target_id}: {rating}"))

    def decide(self, tab: str, item_id: str, decision: str, pairs: list[dict]) -> Action:
        """Record ``decision`` on each pair (``id``, ``claim_a``, ``claim_b``): one row per pair."""
        rows = tuple(
            (str(pair["id"]), verdicts.record_event(
                self.db, "match", pair["id"], decision, value=json.dumps([pair["claim_a"], pair["claim_b"]]),
                editor=self.editor))
            for pair in pairs
        )
        what = f"match {rows[0][0]}" if len(rows) == 1 else f"{len(rows)} pairs"
        return self._keep(Action(decision, rows, "match", tab, item_id,
                                 description=f"{what}: {DECISION_NAMES[decision]}"))

    def toggle_flag(self, tab: str, target_type: str, target_id: str) -> Action:
        was = is_flagged(self.db, target_type, target_id)
        row_id = verdicts.record_event(
            self.db, target_type, target_id, "flag", value="0" if was else "1", editor=self.editor
        )
        return self._keep(Action("flag", ((target_id, row_id),), target_type, tab, target_id,
                                 "1" if was else "0", f"{target_type} {target_id}: "
                                 + ("unflagged" if was else "flagged")))

    def note(self, tab: str, item_id: str, target_type: str, target_id: str, text: str) -> Action:
        row_id = verdicts.record_event(self.db, target_type, target_id, "note", value=text, editor=self.editor)
        return self._keep(Action("note", ((target_id, row_id),), target_type, tab, item_id,
                                 description=f"{target_type} {target_id}: note"))

    def skip(self, tab: str, target_type: str, target_id: str) -> Action:
        row_id = verdicts.record_event(self.db, target_type, target_id, "skip", editor=self.editor)
        return self._keep(Action("skip", ((target_id, row_id),), target_type, tab, target_id,
                                 description=f"{target_type} {target_id}: skipped"))

    def undo(self) -> Action | None:
        """Undo the latest action still on the stack; return it (None when there is none)."""
        if not self.done:
            return None
        action = self.done.pop()
        if action.kind == "verdict":
            self._take_back_verdict(action)
        elif action.kind == "flag":
            verdicts.record_event(self.db, action.target_type, action.target_id, "flag",
                                  value=action.previous, editor=self.editor)
        kind = "verdict" if action.kind == "verdict" else "event"
        for target_id, row_id in action.rows:
            verdicts.record_event(self.db, action.target_type, target_id, "undo",
                                  value=f"{kind}:{row_id}", editor=self.editor)
        return action

    def _take_back_verdict(self, action: Action) -> None:
        """Put the target back as it would stand without this verdict, unless a
        later verdict (another editor's, the command line's) already replaced it."""
        ignored = verdicts.undone_verdicts(self.db, action.target_type, action.target_id)
        ignored |= self.restored | {action.row_id}
        standing = [
            (row_id, rating) for row_id, rating in self.db.execute(
                "select id, rating from verdicts where target_type = ? and target_id = ? order by id",
                [action.target_type, action.target_id],
            )
            if row_id not in ignored
        ]
        if standing and standing[-1][0] > action.row_id:
            return
        before = standing[-1][1] if standing else None
        if before == current_rating(self.db, action.target_type, action.target_id):
            return
        self.restored.add(verdicts.record_verdict(
            self.db, action.target_type, action.target_id, before, editor=self.editor, scale=self.scale,
            note=f"{RESTORED_NOTE}{action.row_id}",
        ))
