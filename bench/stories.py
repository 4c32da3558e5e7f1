"""Story grouping on a mixed feed: factcheck's stories against the plain baseline.

Both systems are scored in the same run, by the B-cubed of `factcheck eval`
(factcheck.eval.b_cubed) against the gold file's `story` of each document:
  baseline   TF-IDF (sublinear tf, English stop words) over the article texts
             (front matter stripped; empty files left out, as ingest leaves
             them out) and average-link agglomerative clustering on cosine
             distance, cut at each of --thresholds; the best cut is the
             baseline's line, every cut is listed above it. Its time is the
             vectorising and the clustering at that cut. (Over every gold
             document, the empty files counted as stories of their own, its
             recall is lower: on ecb-mixed P 0.86 R 0.79 F1 0.83 at 0.8,
             against P 0.86 R 0.84 F1 0.85 over the 725 articles with text.)
  factcheck  the stories stored in --db (a feed already ingested with
             `factcheck ingest FEED --db X`; opening it migrates it forward), or,
             without --db, of the feed ingested here into a scratch database,
             timed: the whole pipeline, NLP and matching included, since
             stories is one of its stages.
Needs `pip install 'factcheck[bench]'` (scikit-learn).

    .venv/bin/python bench/stories.py --feed DIR --gold FILE [--db X] [--thresholds 0.5 0.6 ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from factcheck.db import open_db
from factcheck.eval import b_cubed, evaluate, load_gold
from factcheck.ingest.readers import split_front_matter

REPO = Path(__file__).resolve().parents[1]


def gold_texts(feed: Path, gold_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The text and the gold story of each gold document found in the feed with some text."""
    gold = load_gold(gold_path)
    texts, stories = {}, {}
    for key, story in gold.stories.items():
        path = feed / Path(str(gold.documents[key]["file"])).name
        if not path.exists():
            continue
        text = split_front_matter(path.read_text(encoding="utf-8"))[1]
        if text.strip():
            texts[key], stories[key] = text, story
    return texts, stories


def baseline(texts: dict[str, str], stories: dict[str, str], thresholds: list[float]) -> list[dict]:
    """One result per distance threshold: B-cubed, clusters and seconds (vectorising included)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    keys = list(texts)
    start = time.perf_counter()
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([texts[k] for k in keys])
    # Precomputed: sklearn's own cosine metric wants dense rows and refuses a text of stop words only.
    distances = cosine_distances(vectors)
    vectorising = time.perf_counter() - start
    results = []
    for threshold in thresholds:
        start = time.perf_counter()
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
        ).fit_predict(distances)
        seconds = vectorising + time.perf_counter() - start
        precision, recall, f1 = b_cubed(stories, dict(zip(keys, labels)))
        results.append({"threshold": threshold, "precision": precision, "recall": recall, "f1": f1,
                        "clusters": len(set(labels)), "seconds": seconds})
    return results


def factcheck_stories(feed: Path, gold_path: Path, db_path: Path | None) -> tuple[dict, float | None]:
    """The stories object of `factcheck eval` and the seconds ingesting took (None for --db)."""
    if db_path is not None:
        return evaluate(open_db(db_path, create=False), gold_path)["stories"], None
    from factcheck.pipeline import run

    with tempfile.TemporaryDirectory() as scratch:
        db = open_db(Path(scratch) / "claims.db")
        start = time.perf_counter()
        run(db, [str(feed)])
        seconds = time.perf_counter() - start
        return evaluate(db, gold_path)["stories"], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feed", type=Path, required=True, help="folder of the mixed feed's articles")
    parser.add_argument("--gold", type=Path, required=True, help="its gold file, with a story per document")
    parser.add_argument("--db", type=Path, help="the feed already ingested (default: ingest it here, timed)")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8, 0.9])
    args = parser.parse_args()
    texts, stories = gold_texts(args.feed, args.gold)
    if not texts:
        sys.exit(f"bench/stories.py: none of the gold's documents is in {args.feed}")
    print(f"{len(texts)} articles with text, {len(set(stories.values()))} gold stories")
    cuts = baseline(texts, stories, args.thresholds)
    for cut in cuts:
        print(f"  baseline at distance {cut['threshold']:.2f}: P {cut['precision']:.2f} R {cut['recall']:.2f} "
              f"F1 {cut['f1']:.2f}, {cut['clusters']} clusters")
    best = max(cuts, key=lambda cut: cut["f1"])
    print(f"baseline   tf-idf + average link at {best['threshold']:.2f}: P {best['precision']:.2f} "
          f"R {best['recall']:.2f} F1 {best['f1']:.2f}, {best['clusters']} stories, {best['seconds']:.1f} s")
    ours, seconds = factcheck_stories(args.feed, args.gold, args.db)
    timing = f"{seconds:.1f} s to ingest" if seconds is not None else "time not measured (--db given)"
    print(f"factcheck  stories of {ours['documents']} articles: P {ours['b3_precision']:.2f} "
          f"R {ours['b3_recall']:.2f} F1 {ours['b3_f1']:.2f}, {ours['predicted_stories']} stories, {timing}")


if __name__ == "__main__":
    main()
