"""`factcheck eval`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..db import open_db
from ..eval import evaluate
from .app import DB_DEFAULT, DbOption, JsonOption, app, print_json, print_table


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="A gold file (YAML) describing the ingested articles.")],
    db: DbOption = DB_DEFAULT,
    as_json: JsonOption = False,
) -> None:
    """Score the database against a gold file: attribution, agreements, contradictions, metadata."""
    scores = evaluate(open_db(db, create=False), gold)
    if as_json:
        print_json(scores)
        return
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
    print_table(f"factcheck eval {gold.name}", ["score", "count", "rate"], rows)
