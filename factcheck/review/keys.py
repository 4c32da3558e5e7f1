"""The reviewer's key bindings and the config file that rebinds them.

A config file is TOML::

    ratings = "newsroom-scale.yaml"   # optional: another rating scale file

    [keys]                            # binding id = comma-separated keys
    next = "j,down,space"
    "rate.false" = "v"

Rating keys are ``rate.<rating name>``, bound to 1, 2, 3 ... in scale order.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from textual.binding import Binding

from ..errors import FactcheckError
from ..verdicts import RatingScale

CONFIG_ENV = "FACTCHECK_REVIEW_CONFIG"

# (id, default keys, action, description, shown in the footer); help and quit
# come first, so that the footer keeps them however narrow the terminal.
_KEYS = (
    ("help", "question_mark", "help", "help", True),
    ("quit", "q", "app.quit", "quit", True),
    ("next", "j,down", "move(1)", "next", True),
    ("previous", "k,up", "move(-1)", "previous", False),
    ("page-down", "pagedown", "page(1)", "a page on", False),
    ("page-up", "pageup", "page(-1)", "a page back", False),
    ("first", "g,home", "jump('first')", "first", False),
    ("last", "G,end", "jump('last')", "last", False),
    ("next-pair", "p", "pair(1)", "next pair of the dispute", False),
    ("previous-pair", "P", "pair(-1)", "previous pair of the dispute", False),
    ("left", "h,left", "side(0)", "left claim", False),
    ("right", "l,right", "side(1)", "right claim", False),
    ("contradiction", "x", "decide('contradiction')", "real contradiction", True),
    ("not-contradiction", "c", "decide('not-contradiction')", "not a contradiction", True),
    ("changed-over-time", "w", "decide('changed-over-time')", "changed over time", True),
    ("note", "n", "note", "note", True),
    ("skip", "s", "skip", "skip", True),
    ("undo", "u,backspace", "undo", "undo", True),
    ("search", "slash", "search", "search", True),
    ("filter", "f", "filter", "filter", True),
    ("clear", "escape", "clear_view", "clear filters", False),
    ("export", "e", "export", "export", True),
    ("flag", "m", "flag", "flag", True),
    ("open", "o", "open_article", "article", True),
    ("timeline", "t", "timeline", "timeline", True),
    ("refresh", "r", "refresh", "refresh", False),
    ("next-tab", "right_square_bracket", "tab(1)", "next tab", False),
    ("previous-tab", "left_square_bracket", "tab(-1)", "previous tab", False),
    ("decisions", "d", "decisions", "decisions", False),
)


def bindings(scale: RatingScale) -> list[Binding]:
    """The review screen's bindings: moves and actions, then one key per rating."""
    # The rating keys are listed above the claims, where they apply: with
    # them the footer would not fit in 120 columns.
    made = [Binding(str(number), f"rate({rating.name!r})", rating.alternate_name, show=False,
                    id=f"rate.{rating.name}")
            for number, rating in enumerate(scale.ratings[:9], start=1)]
    return made + [Binding(keys, action, description, show=show, id=key_id)
                   for key_id, keys, action, description, show in _KEYS]


def first_keys(scale: RatingScale, keymap: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Binding id -> (its first key as ``keymap`` rebinds it, description), in binding order."""
    return {binding.id: (keymap.get(binding.id, binding.key).split(",")[0], binding.description)
            for binding in bindings(scale)}


def binding_ids(scale: RatingScale) -> list[str]:
    return [binding.id for binding in bindings(scale)]


@dataclass
class ReviewConfig:
    keymap: dict[str, str] = field(default_factory=dict)
    ratings: Path | None = None


def default_config_path() -> Path:
    """``FACTCHECK_REVIEW_CONFIG``, else ``$XDG_CONFIG_HOME/factcheck/review.toml``."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "factcheck" / "review.toml"


def load_config(path: str | Path | None, *, required: bool = True) -> ReviewConfig:
    """Read a config file; a missing file is an error only when ``required``."""
    if path is None:
        return ReviewConfig()
    path = Path(path)
    if not path.exists():
        if required:
            raise FactcheckError(f"{path}: no such config file")
        return ReviewConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FactcheckError(f"{path}: cannot read the config ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise FactcheckError(f"{path}: not valid TOML ({error})") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(value, str) for value in keys.values()):
        raise FactcheckError(f"{path}: [keys] must map binding ids to strings like \"j,down\"")
    ratings = data.get("ratings")
    if ratings is not None and not isinstance(ratings, str):
        raise FactcheckError(f"{path}: ratings must be the path of a rating scale file")
    return ReviewConfig(dict(keys), (path.parent / ratings) if ratings else None)


def check_keymap(keymap: dict[str, str], scale: RatingScale) -> None:
    """Refuse unknown binding ids, and one key bound to two bindings (the second would never run)."""
    known = binding_ids(scale)
    unknown = sorted(set(keymap) - set(known))
    if unknown:
        raise FactcheckError(
            f"unknown key binding id {', '.join(unknown)} (known: {', '.join(known)})"
        )
    bound: dict[str, str] = {}
    for binding in bindings(scale):
        for key in keymap.get(binding.id, binding.key).split(","):
            key = key.strip()
            if key in bound:
                raise FactcheckError(f"key {key!r} is bound to both {bound[key]} and {binding.id}: rebind one of them")
            bound[key] = binding.id
