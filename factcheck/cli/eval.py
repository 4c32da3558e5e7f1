"""`factcheck eval`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..db import open_db
from ..errors import BadOption, FactcheckError
from ..eval import evaluate, evaluate_many, key_figures, plan_sets
from ..visible import visible
from .app import DB_DEFAULT, JsonOption, app, console, print_json, print_table


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(metavar="GOLD.yaml", help="Gold files (YAML) describing the ingested articles.")],
    db: Annotated[
        Optional[Path], typer.Option("--db", help=f"The database of a single gold file [default: {DB_DEFAULT}].")
    ] = None,
    db_dir: Annotated[
        Optional[Path], typer.Option("--db-dir", help="Score each gold file NAME.yaml on DIR/NAME.db.")
    ] = None,
    corpora: Annotated[
        Optional[Path], typer.Option("--corpora", help="With --build: the corpus of NAME.yaml is DIR/NAME/.")
    ] = None,
    corpus: Annotated[
        Optional[list[str]], typer.Option("--corpus", metavar="NAME=PATH", help="With --build: NAME=PATH, the corpus of NAME.yaml.")
    ] = None,
    build: Annotated[
        bool, typer.Option("--build", help="Ingest a set's corpus into its database first when it is missing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Score databases against gold files: attribution, agreements, contradictions, stories, metadata."""
    if db_dir is None:
        if len(gold) > 1 or corpora or corpus or build:
            raise FactcheckError("several gold files, --corpora, --corpus and --build need --db-dir DIR")
        _one_set(gold[0], db or DB_DEFAULT, as_json)
        return
    if db is not None:
        raise FactcheckError("give either --db (one gold file) or --db-dir (each NAME.yaml on DIR/NAME.db)")
    if (corpora or corpus) and not build:
        raise FactcheckError("--corpora and --corpus name what --build ingests; add --build")
    sets = plan_sets(gold, db_dir, corpora, _corpus_overrides(corpus or []))
    results = evaluate_many(sets, build=build, progress=build)
    if as_json:
        print_json(results)
        return
    _print_sets(results)


def _corpus_overrides(values: list[str]) -> dict[str, Path]:
    overrides = {}
    for value in values:
        name, sign, path = value.partition("=")
        if not sign or not name or not path:
            raise BadOption(f"--corpus {value}: expected NAME=PATH")
        overrides[name] = Path(path)
    return overrides


def _one_set(gold: Path, db: Path, as_json: bool) -> None:
    scores = evaluate(open_db(db, create=False), gold)
    if as_json:
        print_json(scores)
        return
    print_table(f"factcheck eval {gold.name}", ["score", "count", "rate"], _score_rows(scores))


def _score_rows(scores: dict[str, Any]) -> list[tuple[str, str, str]]:
    attribution, pairs, documents = scores["attribution"], scores["pairs"], scores["documents"]
    rows = [
        ("attribution speaker", f"{attribution['speaker_correct']}/{attribution['total']}",
         f"{attribution['speaker_accuracy']:.2f}"),
        ("attribution kind", f"{attribution['kind_correct']}/{attribution['total']}",
         f"{attribution['kind_accuracy']:.2f}"),
        ("attributions located", f"{attribution['found']}/{attribution['total']}", ""),
        ("agreeing pairs found", f"{pairs['agree']['found']}/{pairs['agree']['total']}",
         f"{pairs['agree']['recall']:.2f}"),
        ("contradicting pairs found", f"{pairs['contradict']['found']}/{pairs['contradict']['total']}",
         f"{pairs['contradict']['recall']:.2f}"),
        ("contradiction precision", "", f"{pairs['contradiction_precision']:.2f}"),
        ("traps violated", str(pairs["traps_violated"]), ""),
        ("outlet", f"{documents['outlet']['correct']}/{documents['outlet']['total']}", ""),
        ("published", f"{documents['published']['correct']}/{documents['published']['total']}", ""),
        ("gold texts found", f"{documents['contains']['found']}/{documents['contains']['total']}", ""),
        ("claims", str(scores["claims_total"]), ""),
        ("contradictions", str(scores["contradictions_total"]), ""),
    ]
    if "stories" in scores:
        rows += _story_rows(scores["stories"])
    return rows


def _story_rows(stories: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        ("story documents", str(stories["documents"]), ""),
        ("stories (gold/predicted)", f"{stories['gold_stories']}/{stories['predicted_stories']}", ""),
        ("story B-cubed precision", "", f"{stories['b3_precision']:.2f}"),
        ("story B-cubed recall", "", f"{stories['b3_recall']:.2f}"),
        ("story B-cubed F1", "", f"{stories['b3_f1']:.2f}"),
        ("cross-story contradictions auto",
         f"{stories['cross_story_contradictions_auto']}/{stories['contradictions_auto']}", ""),
        ("cross-story contradictions", f"{stories['cross_story_contradictions']}/{stories['contradictions']}", ""),
        ("cross-story agreements", f"{stories['cross_story_agreements']}/{stories['agreements']}", ""),
    ]


COLUMNS = {
    "speaker_accuracy": "speaker\nacc",
    "kind_accuracy": "kind\nacc",
    "agree_recall": "agree\nR",
    "contradict_recall": "contra\nR",
    "contradiction_precision": "contra\nP",
    "traps_violated": "traps",
    "story_b3_f1": "story\nB3 F1",
    "cross_story_contradictions_auto": "x-story\ncontra\nauto",
    "cross_story_contradictions": "x-story\ncontra\nall",
    "cross_story_agreements": "x-story\nagree",
}
"""The key figures of the several-sets table, in order, with their headings."""


def _print_sets(results: dict[str, Any]) -> None:
    table = Table(title=f"factcheck eval: {len(results['sets'])} sets (macro: rates averaged, counts summed)")
    table.add_column("set", no_wrap=True)
    for heading in COLUMNS.values():
        table.add_column(heading, justify="right")
    for name, scores in results["sets"].items():
        table.add_row(Text(visible(name)), *_cells(key_figures(scores)))
    table.add_section()
    table.add_row("macro", *_cells({**results["macro"], **results["totals"]}))
    natural = console.measure(table, options=console.options.update_width(10_000)).maximum
    # Wider than the screen rather than cut: a set name or figure lost to an ellipsis says nothing.
    Console(width=max(console.width, natural)).print(table)


def _cells(figures: dict[str, float | int | None]) -> list[str]:
    cells = []
    for key in COLUMNS:
        value = figures.get(key)
        cells.append("" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value))
    return cells
