"""Messages the review widgets post to the screen."""

from __future__ import annotations

from textual.message import Message


class DecisionChosen(Message):
    """The reviewer picked a recent decision to look at (and change) again."""

    def __init__(self, target_type: str, target_id: str) -> None:
        super().__init__()
        self.target_type = target_type
        self.target_id = target_id
