"""What a reviewer's keys do to the database, through the verdicts API.

Every action is written at once, with the editor's name and the time. Undo
never deletes: it appends the state before the action (the previous rating,
or a withdrawal) and an ``undo`` review event naming what it undid.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass

import sqlite_utils

from .. import verdicts
from .queries import current_rating, is_flagged

UNDO_DEPTH = 10


@dataclass(frozen=True)
class Action:
    """One recorded action; enough to undo it and to go back to its item."""

    kind: str  # "verdict" or an event action ("not-contradiction", "flag", "note", "skip")
    row_id: int
    target_type: str
    target_id: str
    tab: str
    item_id: str
    previous: str | None = None
    description: str = ""


class Recorder:
    """Records one editor's actions and keeps the last ``UNDO_DEPTH`` for undo."""

    def __init__(self, db: sqlite_utils.Database, editor: str, scale: verdicts.RatingScale):
        self.db = db
        self.editor = editor
        self.scale = scale
        self.done: deque[Action] = deque(maxlen=UNDO_DEPTH)

    def _keep(self, action: Action) -> Action:
        self.done.append(action)
        return action

    def rate(self, tab: str, item_id: str, target_type: str, target_id: str, rating: str) -> Action:
        previous = current_rating(self.db, target_type, target_id)
        row_id = verdicts.record_verdict(
            self.db, target_type, target_id, rating, editor=self.editor, scale=self.scale
        )
        return self._keep(Action("verdict", row_id, target_type, target_id, tab, item_id, previous,
                                 f"{target_type} {target_id}: {rating}"))

    def not_contradiction(self, tab: str, match: dict) -> Action:
        pair = json.dumps([match["claim_a"], match["claim_b"]])
        row_id = verdicts.record_event(
            self.db, "match", match["target_id"], "not-contradiction", value=pair, editor=self.editor
        )
        return self._keep(Action("not-contradiction", row_id, "match", match["target_id"], tab,
                                 match["target_id"], description=f"match {match['target_id']}: not a contradiction"))

    def toggle_flag(self, tab: str, target_type: str, target_id: str) -> Action:
        was = is_flagged(self.db, target_type, target_id)
        row_id = verdicts.record_event(
            self.db, target_type, target_id, "flag", value="0" if was else "1", editor=self.editor
        )
        return self._keep(Action("flag", row_id, target_type, target_id, tab, target_id,
                                 "1" if was else "0", f"{target_type} {target_id}: "
                                 + ("unflagged" if was else "flagged")))

    def note(self, tab: str, item_id: str, target_type: str, target_id: str, text: str) -> Action:
        row_id = verdicts.record_event(self.db, target_type, target_id, "note", value=text, editor=self.editor)
        return self._keep(Action("note", row_id, target_type, target_id, tab, item_id,
                                 description=f"{target_type} {target_id}: note"))

    def skip(self, tab: str, target_type: str, target_id: str) -> Action:
        row_id = verdicts.record_event(self.db, target_type, target_id, "skip", editor=self.editor)
        return self._keep(Action("skip", row_id, target_type, target_id, tab, target_id,
                                 description=f"{target_type} {target_id}: skipped"))

    def undo(self) -> Action | None:
        """Undo the latest action still on the stack; return it (None when there is none)."""
        if not self.done:
            return None
        action = self.done.pop()
        if action.kind == "verdict":
            verdicts.record_verdict(
                self.db, action.target_type, action.target_id, action.previous,
                editor=self.editor, scale=self.scale,
            )
            undone = f"verdict:{action.row_id}"
        else:
            if action.kind == "flag":
                verdicts.record_event(self.db, action.target_type, action.target_id, "flag",
                                      value=action.previous, editor=self.editor)
            undone = f"event:{action.row_id}"
        verdicts.record_event(self.db, action.target_type, action.target_id, "undo",
                              value=undone, editor=self.editor)
        return action
