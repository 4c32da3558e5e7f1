import json

import pytest

from factcheck import export, verdicts
from factcheck.cli import main
from factcheck.errors import FactcheckError
from factcheck.export.claimreview import shorten

from test_export import db, db_file, fill  # noqa: F401  (fixtures)

PUBLISHER = {"publisher": "Baku Fact Desk", "publisher_url": "https://factdesk.example/"}


def reviews(db, **options):
    return {
        (review["url"].rsplit("#", 1)[1]): review
        for review in export.claim_reviews(db, **(PUBLISHER | options))
    }


def test_required_and_recommended_fields_for_every_verdict(db):
    found = export.claim_reviews(db, **PUBLISHER)
    assert len(found) == len(verdicts.current_verdicts(db)) == 4
    scale = verdicts.load_scale()
    for review in found:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        # Required: claimReviewed (short), reviewRating with alternateName, url.
        assert 0 < len(review["claimReviewed"]) < 75
        assert review["url"].startswith("https://factdesk.example#")
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] and rating["name"]
        assert rating["alternateName"] not in review["claimReviewed"]
        # Recommended: author, datePublished, the rating's numbers, itemReviewed.
        assert review["author"] == {"@type": "Organization", "name": "Baku Fact Desk",
                                    "url": "https://factdesk.example"}
        assert len(review["datePublished"]) == 10 and review["datePublished"][4] == "-"
        step = next(step for step in scale.ratings if step.alternate_name == rating["alternateName"])
        if step.value is not None:
            assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (step.value, 5, 1)
            assert 1 <= rating["worstRating"] < rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"] and item["author"]["@type"] in {"Person", "Organization"}
        assert item["datePublished"]
        assert item["appearance"] and all(
            work["@type"] == "CreativeWork" and work["publisher"]["name"] and work["datePublished"]
            for work in item["appearance"]
        )
        outlets = [work["publisher"]["name"] for work in item["appearance"]]
        assert len(outlets) == len(set(outlets))


def test_claim_review_content(db):
    found = reviews(db)
    claim = found["claim-c1"]
    assert claim["claimReviewed"] == "Azerbaijan exports to 71 countries."
    assert claim["reviewRating"] == {"@type": "Rating", "alternateName": "False", "name": "False",
                                     "ratingValue": 1, "bestRating": 5, "worstRating": 1}
    assert claim["itemReviewed"]["author"] == {"@type": "Person", "name": "Jabbarov"}
    # c1 is clustered with c5 of the same outlet: one appearance for the outlet.
    assert claim["itemReviewed"]["appearance"] == [{
        "@type": "CreativeWork", "url": "https://caliber.az/a", "headline": "Exports grow",
        "datePublished": "2025-05-01", "publisher": {"@type": "Organization", "name": "Caliber.az"},
    }]
    assert found["match-1"]["reviewRating"]["ratingValue"] == 2
    assert found["cluster-1"]["itemReviewed"]["datePublished"] == "2025-05-01"
    unproven = found["claim-c4"]["reviewRating"]
    assert unproven == {"@type": "Rating", "alternateName": "Unproven", "name": "Unproven"}
    # The outlet speaks for itself: the claim's author is the outlet.
    verdicts.record_verdict(db, "claim", "c3", "false", editor="ana")
    assert reviews(db)["claim-c3"]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Report.az"}


def test_one_appearance_per_outlet(db):
    db["cluster_members"].insert({"cluster_id": 1, "claim_id": "c2", "source_key": "apa"})
    appearances = reviews(db)["claim-c1"]["itemReviewed"]["appearance"]
    assert [work["publisher"]["name"] for work in appearances] == ["Caliber.az", "APA"]


def test_withdrawn_verdicts_are_not_published(db):
    verdicts.withdraw_verdict(db, "claim", "c4", editor="ana")
    assert "claim-c4" not in reviews(db)


def test_url_template_and_filters(db):
    found = export.claim_reviews(db, **PUBLISHER, url_template="{publisher_url}/checks/{verdict_id}", outlet="APA")
    assert [review["url"] for review in found] == ["https://factdesk.example/checks/3"]
    with pytest.raises(FactcheckError, match="--url-template"):
        export.claim_reviews(db, **PUBLISHER, url_template="{publisher_url}/{slug}")
    with pytest.raises(FactcheckError, match="not an http"):
        export.claim_reviews(db, publisher="Desk", publisher_url="factdesk.example")


def test_shorten():
    assert shorten("Short  claim.") == "Short claim."
    long = "The ministry said that exports of oil and gas rose sharply to eighty countries in the first half of 2025."
    short = shorten(long)
    assert len(short) < 75 and short.endswith("…") and long.startswith(short[:-1])


def test_claimreview_command(db_file, tmp_path, capsys):
    out = tmp_path / "reviews.jsonld"
    assert main(["export", "claimreview", "--publisher", "Baku Fact Desk", "--publisher-url",
                 "https://factdesk.example", "--out", str(out), "--db", db_file]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 4
    assert main(["export", "claimreview", "--format", "csv", "--publisher", "D", "--publisher-url",
                 "https://d.example", "--db", db_file]) == 1
    assert capsys.readouterr().err.endswith("claimreview is JSON-LD: use --format json or jsonl, not csv\n")


def test_an_article_without_outlet_appears_without_publisher(db):
    db.execute("update articles set outlet_id = null where id = 1")
    item = reviews(db)["claim-c1"]["itemReviewed"]
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://caliber.az/a",
                                   "headline": "Exports grow", "datePublished": "2025-05-01"}]
