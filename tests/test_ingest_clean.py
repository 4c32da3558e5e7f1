"""Page chrome out of text files, never an article sentence."""

from __future__ import annotations

import re

import pytest
import yaml

from factcheck.ingest import ingest_sources
from factcheck.ingest.clean import clean_text

from conftest import ACEH, CORPUS, GOLD

BODY = (
    "Azerbaijan has officially notified Russia about the termination of the agency's activities.\n\n"
    "It operates in 71 countries and reports to the Foreign Ministry, the sources said.\n"
)


def fold(text: str) -> str:
    """How eval compares text: case, quote style and runs of white space ignored."""
    text = re.sub(r"[‘’‚‛`´]", "'", text.lower())
    return " ".join(re.sub(r"[“”„‟«»]", '"', text).split())


def gold_items(gold_file):
    """(file name, contains) for every located item of a gold file."""
    gold = yaml.safe_load(gold_file.read_text())
    files = {doc_id: doc["file"] for doc_id, doc in gold["documents"].items()}
    items = list(gold.get("attributions", []))
    for group in gold.get("groups", []):
        items += group["members"]
    for trap in gold.get("traps", []):
        items += [side for key, side in trap.items() if isinstance(side, dict) and "contains" in side]
    return [(files[str(item["doc"])], item["contains"]) for item in items]


def test_menus_share_lines_and_footers_go():
    page = (
        "twitter\nfacebook\nnight_theme\nWHAT ARE YOU LOOKING FOR ?\n"
        "Any use of materials is allowed only if there is a hyperlink to Example.com\n"
        "Example.com © 2025. .\nA+\nA-\n\n"
        "Agency threatens journalists over a television report\n\n28 January 2025 01:38\n\n"
        + BODY
        + "\nExample.com\nViews: 985\nshare-lineLiked the story? Share it on social media!\n"
        "print\ncopy link\nFollow us on Youtube\nAnalytical materials of the authors\nloading\n"
    )
    cleaned = clean_text(page)
    assert cleaned.text == (
        "Agency threatens journalists over a television report\n\n28 January 2025 01:38\n\n" + BODY.strip()
    )
    assert "Views: 985" in cleaned.removed and "twitter" in cleaned.removed
    assert "Example.com © 2025. ." in cleaned.removed


def test_counter_glued_to_the_first_word_is_cut():
    cleaned = clean_text("Breaking ties: a retaliation over threats\nReview\n13 February\n14523" + BODY)
    assert cleaned.text.startswith("Breaking ties: a retaliation over threats\n13 February\nAzerbaijan has")
    assert "14523" in cleaned.removed and "Review" in cleaned.removed


def test_markdown_links_images_and_teasers():
    page = (
        "Azerbaijani media [reported](#) Thursday that the agency must close, citing sources.\n"
        "![](/storage/uploads/screenshot.jpg)\n"
        "Related article: [Russia Says It Wasn't Granted Access](#)\n"
        "Primakov [said](https://example.com/x) the agency would sue the channel for defamation.\n\n"
        "Original url:\n\n<https://www.example.com/2025/02/06/story>\n"
    )
    assert clean_text(page).text == (
        "Azerbaijani media reported Thursday that the agency must close, citing sources.\n"
        "Primakov said the agency would sue the channel for defamation."
    )


def test_date_stamp_glued_to_the_first_sentence_gets_its_own_line():
    assert clean_text(" date 2025-02-06 " + BODY).text.startswith("date 2025-02-06\nAzerbaijan has")


@pytest.mark.parametrize("page", [
    "date 2000-00-00 Share",  # the stamp's line is judged as kept: "Share" alone is chrome
    "date 2025-02-06 date 2025-02-07 Officials said the bridge would reopen on Friday after repairs.",
    "[[the report](#a)](#b) said the bridge would reopen on Friday, officials said.",
    "\r\n985Bridge reopens",  # the text's first line holds its counter, blank lines before it or not
    "  985Bridge reopens",  # and spaces
    "Share\n985Bridge reopens",  # and chrome
])
def test_cleaning_a_cleaned_text_changes_nothing(page):
    cleaned = clean_text(page).text
    assert clean_text(cleaned).text == cleaned
    assert "Share" not in cleaned and "](" not in cleaned


def test_body_lines_that_only_look_like_chrome_stay():
    # Short lines inside the body (subheadings, a one-line quote) are article text.
    page = BODY + "Power cut\nShare prices fell after the announcement, traders said on Monday.\n" + BODY
    assert clean_text(page).text == page.strip()


def test_text_without_any_prose_is_kept_whole():
    assert clean_text("It operates in 71 countries.").text == "It operates in 71 countries."


@pytest.fixture(scope="module")
def stored_texts(tmp_path_factory):
    from factcheck.db import open_db

    db = open_db(tmp_path_factory.mktemp("clean") / "claims.db")
    report = ingest_sources(db, [str(CORPUS), str(ACEH)])
    assert not report.failures
    return {row["source_name"]: row["text"] for row in db["articles"].rows}


@pytest.mark.parametrize("gold_file", [GOLD / "seeds.yaml", GOLD / "aceh-2013.yaml"], ids=["seeds", "aceh"])
def test_every_gold_sentence_survives_cleaning(stored_texts, gold_file):
    items = gold_items(gold_file)
    assert len(items) > 30
    missing = [(name, contains) for name, contains in items if fold(contains) not in fold(stored_texts[name])]
    assert missing == []


def test_seed_chrome_is_gone(stored_texts):
    caliber = stored_texts["000_b4a66182cc996153.txt"]
    for chrome in ("night_theme", "Views: 985", "copy link", "Any use of materials", "Follow us on Youtube"):
        assert chrome not in caliber
    assert "14523The" not in stored_texts["004_be05e3db43b128ec.txt"]
    assert "[reported](#)" not in stored_texts["003_aefe196f48cbd4b8.txt"]
    assert "![](" not in stored_texts["002_ae8116f1417dd148.txt"]
    # Front matter is metadata, not article text.
    assert not stored_texts["37_1ecbplus.txt"].startswith("---")
    assert stored_texts["37_1ecbplus.txt"].startswith("Five dead, dozens injured in Indonesia quake")
