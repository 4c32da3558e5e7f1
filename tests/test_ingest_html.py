"""HTML main text on real news pages, measured against each page's gold body text.

recall: the share of the gold text's words that the stored text keeps;
precision: the share of the stored text's words that are gold words (counted as
multisets, lower-cased). Run this file as a script to print the table.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from conftest import HTML
from factcheck.ingest import prepare_article
from factcheck.ingest.readers import Document

PAGE_FLOOR = 0.85
MEAN_FLOOR = 0.95


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def measure_pages() -> list[dict]:
    rows = []
    for entry in json.loads((HTML / "index.json").read_text()):
        html = (HTML / entry["file"]).read_text(encoding="utf-8", errors="replace")
        article = prepare_article(Document(entry["file"], entry["file"], html=html))
        gold, kept = _words((HTML / entry["gold"]).read_text()), _words(article.text)
        common = sum((gold & kept).values())
        rows.append({
            "page": entry["file"],
            "recall": common / sum(gold.values()),
            "precision": common / sum(kept.values()),
            "outlet": article.metadata.value("outlet"),
            "published": article.metadata.value("published"),
        })
    return rows


@pytest.fixture(scope="module")
def measured():
    return measure_pages()


def test_every_page_keeps_its_article_and_little_else(measured):
    assert len(measured) == 11
    assert [row["page"] for row in measured if min(row["recall"], row["precision"]) < PAGE_FLOOR] == []
    assert sum(row["recall"] for row in measured) / len(measured) >= MEAN_FLOOR
    assert sum(row["precision"] for row in measured) / len(measured) >= MEAN_FLOOR


def test_every_page_names_its_outlet_and_date(measured):
    outlets = {row["page"]: row["outlet"] for row in measured}
    assert outlets["bbc_com_70cb2d5b.html"] == "BBC News"
    assert outlets["hosted_ap_org_82b6d780.html"] == "Associated Press"
    assert outlets["reuters_com_57d46c9d.html"] == "Reuters"  # the page gives no URL: its site name
    assert all(outlets.values())
    assert all(re.fullmatch(r"2019-11-\d\d", row["published"]) for row in measured)


if __name__ == "__main__":
    table = measure_pages()
    print(f"{'page':34} {'recall':>7} {'precision':>9}  outlet / published")
    for row in table:
        print(f"{row['page']:34} {row['recall']:7.3f} {row['precision']:9.3f}  {row['outlet']} / {row['published']}")
    print(f"{'mean':34} {sum(r['recall'] for r in table) / len(table):7.3f} "
          f"{sum(r['precision'] for r in table) / len(table):9.3f}")
