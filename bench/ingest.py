"""Words per second of `factcheck ingest` against bare spaCy on the same text.

The seed and Aceh corpora are copied, each copy made distinct, until they hold
at least --words words. For 1 and 2 workers the script then times, each in a
fresh process:
  model    nlp.pipe over the texts with the bare spaCy model, none of our
           components (what our components cost);
  spacy    nlp.pipe over the texts, with the same model, components, workers
           and batch size as our pipeline;
  ingest   ingest_sources + claims.analyse (ingest and claims stages) into a
           new database, through the Python API;
  full     (with --full) factcheck.run, every stage including matching.
Each time runs from loading the model and reading the files to the last
document, as a user waits for them.
It prints both figures, their ratio and each process's peak memory
(resident, including its worker processes). Done when ingest runs at >= 0.8 of
bare spaCy and peak memory stays under 2 GiB.

    .venv/bin/python bench/ingest.py [--words 200000] [--workers 1 2] [--full]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "corpus", REPO / "tests" / "data" / "corpora" / "aceh-2013"]
GIB = 1024**3


def build_corpus(folder: Path, words: int) -> int:
    """Copy the corpora into ``folder`` until they hold ``words`` words; returns the count."""
    files = [path for source in SOURCES if source.exists() for path in sorted(source.glob("*.txt"))]
    if not files:
        sys.exit("bench/ingest.py: no corpus found")
    total, copy = 0, 0
    while total < words:
        for path in files:
            text = path.read_text(encoding="utf-8")
            # A distinct last line, so that ingest stores each copy as a new article.
            (folder / f"{copy:03d}_{path.name}").write_text(f"{text}\n\nCopy {copy}.\n", encoding="utf-8")
            total += len(text.split()) + 2
        copy += 1
    return total


def peak_memory() -> int:
    """Peak resident bytes of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) * 1024


def cpu_seconds() -> float:
    """User and system seconds of this process and of its finished children."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def measure(kind: str, folder: Path, workers: int) -> dict:
    from factcheck.claims import BATCH_SIZE, analyse
    from factcheck.db import open_db
    from factcheck.ingest import ingest_sources
    from factcheck.nlp import load

    start, cpu = time.perf_counter(), cpu_seconds()
    if kind in ("model", "spacy"):
        if kind == "model":
            import spacy

            from factcheck.nlp import model_name

            nlp = spacy.load(model_name())
        else:
            nlp = load()
        texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
        for _doc in nlp.pipe(texts, n_process=workers, batch_size=BATCH_SIZE):
            pass
    else:
        with tempfile.TemporaryDirectory() as scratch:
            db = open_db(Path(scratch) / "claims.db")
            if kind == "full":
                from factcheck import run

                run(db, [str(folder)], workers=workers)
            else:
                report = ingest_sources(db, [str(folder)])
                analyse(db, report.new + report.revised, workers=workers)
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "peak": peak_memory()}


def in_child(kind: str, folder: Path, workers: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--folder", str(folder), "--workers", str(workers)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--full", action="store_true", help="also time factcheck.run with matching")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.folder), args.workers[0])))
        return
    kinds = ["ingest", "full"] if args.full else ["ingest"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        words = build_corpus(folder, args.words)
        print(f"{words:,} words in {len(list(folder.glob('*.txt')))} articles")
        for workers in args.workers:
            model = in_child("model", folder, workers)
            print(f"workers {workers}: bare model {words / model['seconds']:,.0f} words/s, "
                  f"peak {model['peak'] / GIB:.2f} GiB")
            bare = in_child("spacy", folder, workers)
            bare_rate = words / bare["seconds"]
            print(f"workers {workers}: model + our components {bare_rate:,.0f} words/s, "
                  f"peak {bare['peak'] / GIB:.2f} GiB")
            for kind in kinds:
                ours = in_child(kind, folder, workers)
                rate = words / ours["seconds"]
                verdict = "ok" if rate >= 0.8 * bare_rate and ours["peak"] < 2 * GIB else "BELOW TARGET"
                print(
                    f"workers {workers}: {kind} {rate:,.0f} words/s, ratio {rate / bare_rate:.2f}, "
                    f"peak {ours['peak'] / GIB:.2f} GiB ({verdict})"
                )


if __name__ == "__main__":
    main()
