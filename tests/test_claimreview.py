import json
import re
import sqlite3

import pytest

from factcheck import export, verdicts
from factcheck.cli import main
from factcheck.db import open_db
from factcheck.errors import FactcheckError
from factcheck.export.short_claim import Figure, short_claim
from factcheck.urls import is_http_url

from test_export import db, db_file, fill  # noqa: F401  (fixtures)

PUBLISHER = {"publisher": "Baku Fact Desk", "publisher_url": "https://factdesk.example/"}

# The fields of Google's fact-check markup guidelines and of schema.org's
# ClaimReview, Claim, Rating and CreativeWork that a review may carry.
REQUIRED = {"claimReviewed", "reviewRating", "url"}
REVIEW_FIELDS = REQUIRED | {"@context", "@type", "author", "datePublished", "itemReviewed"}
RATING_REQUIRED = {"@type", "alternateName"}
RATING_FIELDS = RATING_REQUIRED | {"name", "ratingValue", "bestRating", "worstRating"}
CLAIM_FIELDS = {"@type", "author", "datePublished", "appearance", "firstAppearance"}
PARTY_TYPES = {"Person", "Organization"}
PARTY_FIELDS = {"@type", "name", "url", "sameAs"}
WORK_FIELDS = {"@type", "url", "headline", "datePublished", "publisher"}
CLAIM_REVIEWED_LIMIT = 75
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def assert_valid(review, wordings):
    """One ClaimReview against the documented fields (Google's guidelines, schema.org).

    Google asks to keep ``claimReviewed`` under 75 characters "to minimise
    wrapping": a claim with no shorter whole opening is given whole.
    """
    assert REQUIRED <= set(review) <= REVIEW_FIELDS
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"].startswith(("https://", "http://"))
    claim = review["claimReviewed"]
    assert claim and not claim.endswith("…") and claim == claim.strip()
    assert len(claim) < CLAIM_REVIEWED_LIMIT or any(" ".join(words.split()).startswith(claim) for words in wordings)
    assert claim.count('"') % 2 == 0 and claim.count("“") == claim.count("”")
    rating = review["reviewRating"]
    assert RATING_REQUIRED <= set(rating) <= RATING_FIELDS and rating["@type"] == "Rating"
    assert rating["alternateName"] and rating["alternateName"] not in claim
    if "ratingValue" in rating:
        assert 1 <= rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert rating["worstRating"] < rating["bestRating"]
    assert_party(review["author"])
    assert review["author"]["@type"] == "Organization"
    assert ISO_DATE.match(review["datePublished"])
    item = review["itemReviewed"]
    assert set(item) <= CLAIM_FIELDS and item["@type"] == "Claim"
    if "author" in item:
        assert_party(item["author"])
    if "datePublished" in item:
        assert ISO_DATE.match(item["datePublished"])
    for work in item.get("appearance", []):
        assert set(work) <= WORK_FIELDS and work["@type"] == "CreativeWork"
        assert "url" not in work or is_http_url(work["url"])
        if "publisher" in work:
            assert_party(work["publisher"])
    outlets = [work["publisher"]["name"] for work in item.get("appearance", []) if "publisher" in work]
    assert len(outlets) == len(set(outlets))


def assert_party(party):
    assert set(party) <= PARTY_FIELDS and party["@type"] in PARTY_TYPES
    assert party.get("name") or party.get("url")


def printing_articles(db, work):
    """The articles an appearance stands for."""
    if "url" in work:
        return list(db.query("select text from articles where url = ?", [work["url"]]))
    return list(db.query(
        "select a.text from articles a left join outlets o on o.id = a.outlet_id"
        " where a.published is ? and o.name is ?",
        [work.get("datePublished"), work.get("publisher", {}).get("name")],
    ))


def assert_appearances_print(db, review, wordings):
    for work in review["itemReviewed"].get("appearance", []):
        articles = printing_articles(db, work)
        assert articles and any(words in row["text"] for row in articles for words in wordings), (work, wordings)


def reviewed_wording(db, target_type, target_id):
    """The reviewed claim's words (without and with its attribution), found independently of the export code."""
    if target_type == "match":
        target_id = db.execute("select claim_a from matches where id = ?", [int(target_id)]).fetchone()[0]
    elif target_type == "cluster":
        target_id = db.execute(
            "select c.id from cluster_members m join claims c on c.id = m.claim_id"
            " join articles a on a.id = c.article_id where m.cluster_id = ?"
            " order by a.published is null, a.published, c.id limit 1", [int(target_id)]).fetchone()[0]
    return [words for words in db.execute("select content, text from claims where id = ?", [target_id]).fetchone() if words]


def reviews(db, **options):
    return {
        (review["url"].rsplit("#", 1)[1]): review
        for review in export.claim_reviews(db, **(PUBLISHER | options))
    }


def test_every_review_is_valid_and_printed_where_it_appears(db):
    found = reviews(db)
    # The match's verdict rates c1, which has its own review: it is not published twice.
    assert set(found) == {"claim-c1", "claim-c4", "cluster-1"}
    for key, review in found.items():
        target_type, target_id = key.split("-", 1)
        wordings = reviewed_wording(db, target_type, target_id)
        assert_valid(review, wordings)
        assert len(review["claimReviewed"]) < CLAIM_REVIEWED_LIMIT
        assert_appearances_print(db, review, wordings)


def test_reviews_of_a_pipeline_database_are_valid(seeds_db_path, tmp_path):
    path = tmp_path / "claims.db"
    with sqlite3.connect(seeds_db_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    db = open_db(path)
    targets = [("claim", row[0]) for row in db.execute("select id from claims order by length(text) desc limit 6")]
    targets += [("match", row[0]) for row in db.execute("select id from matches order by id limit 6")]
    targets += [("cluster", row[0]) for row in db.execute("select id from clusters order by id limit 4")]
    for target_type, target_id in targets:
        verdicts.record_verdict(db, target_type, target_id, "false", editor="ana")
    found = export.claim_reviews(db, **PUBLISHER)
    assert len(found) >= 6
    for review in found:
        target_type, target_id = review["url"].rsplit("#", 1)[1].split("-", 1)
        wordings = reviewed_wording(db, target_type, target_id)
        assert_valid(review, wordings)
        assert_appearances_print(db, review, wordings)


def test_claim_review_content(db):
    found = reviews(db)
    claim = found["claim-c1"]
    assert claim["claimReviewed"] == "Azerbaijan exports to 71 countries."
    assert claim["reviewRating"] == {"@type": "Rating", "alternateName": "False", "name": "False",
                                     "ratingValue": 1, "bestRating": 5, "worstRating": 1}
    assert claim["author"] == {"@type": "Organization", "name": "Baku Fact Desk", "url": "https://factdesk.example/"}
    assert claim["itemReviewed"]["author"] == {"@type": "Person", "name": "Jabbarov"}
    assert claim["itemReviewed"]["appearance"] == [{
        "@type": "CreativeWork", "url": "https://caliber.az/a", "headline": "Exports grow",
        "datePublished": "2025-05-01", "publisher": {"@type": "Organization", "name": "Caliber.az"},
    }]
    assert found["cluster-1"]["itemReviewed"]["datePublished"] == "2025-05-01"
    unproven = found["claim-c4"]["reviewRating"]
    assert unproven == {"@type": "Rating", "alternateName": "Unproven", "name": "Unproven"}
    # The outlet speaks for itself: the claim's author is the outlet.
    verdicts.record_verdict(db, "claim", "c3", "false", editor="ana")
    assert reviews(db)["claim-c3"]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Report.az"}


def test_appearances_are_the_articles_printing_the_same_words(db):
    # c2 (80 countries) joins c1's cluster: it never printed "71 countries", so APA does not appear.
    db["cluster_members"].insert({"cluster_id": 1, "claim_id": "c2", "source_key": "apa"})
    # An earlier article of another outlet printing c1's very words appears; the claim keeps its own date.
    db["articles"].insert({
        "id": 4, "outlet_id": 3, "published": "2025-04-20", "url": "https://report.az/d", "title": "Copy",
        "text": "Officials repeated: Azerbaijan exports to 71 countries.", "content_hash": "h4",
        "source": "4.txt", "ingested_at": "2025-07-01T00:00:00+00:00",
    })
    item = reviews(db)["claim-c1"]["itemReviewed"]
    assert [work["publisher"]["name"] for work in item["appearance"]] == ["Report.az", "Caliber.az"]
    assert item["datePublished"] == "2025-05-01"


def test_a_match_verdict_reviews_its_first_claim_once(db):
    verdicts.withdraw_verdict(db, "claim", "c1", editor="ana")
    match = reviews(db)["match-1"]
    assert match["claimReviewed"] == "Azerbaijan exports to 71 countries."
    assert match["reviewRating"]["alternateName"] == "Misleading"
    assert "claim-c1" not in reviews(db)


def test_withdrawn_verdicts_are_not_published(db):
    verdicts.withdraw_verdict(db, "claim", "c4", editor="ana")
    assert "claim-c4" not in reviews(db)


def test_url_template_and_filters(db):
    found = export.claim_reviews(db, **PUBLISHER, url_template="{publisher_url}checks/{verdict_id}", outlet="Report")
    assert [review["url"] for review in found] == ["https://factdesk.example/checks/5"]
    with pytest.raises(FactcheckError, match="--url-template"):
        export.claim_reviews(db, **PUBLISHER, url_template="{publisher_url}/{slug}")
    with pytest.raises(FactcheckError, match="not an absolute"):
        export.claim_reviews(db, **PUBLISHER, url_template="/checks/{verdict_id}")
    with pytest.raises(FactcheckError, match="not an http"):
        export.claim_reviews(db, publisher="Desk", publisher_url="factdesk.example")


@pytest.mark.parametrize(("speaker", "label", "expected"), [
    ("a resident of Lamno village", "GPE", "Person"),
    ("Azerbaijan", "GPE", "Organization"),
    ("the foreign ministry", None, "Organization"),
    ("a farmer", None, "Person"),
])
def test_claimants_are_typed_by_what_the_speaker_is(db, speaker, label, expected):
    db["entities"].insert({"id": 3, "name": "Azerbaijan" if speaker == "Azerbaijan" else "Lamno", "label": label or "GPE"})
    db.execute("update attributions set speaker = ?, speaker_entity_id = ? where claim_id = 'c1'",
               [speaker, 3 if label else None])
    assert reviews(db)["claim-c1"]["itemReviewed"]["author"] == {"@type": expected, "name": speaker}


LONG = ("The customs office said on Monday that the country, which has widened its trade links, "
        "now exports to 71 countries, up from 60 a year ago.")


def test_short_claim_keeps_the_figure_in_whole_clauses():
    assert short_claim("Short  claim.") == "Short claim."
    # No opening short enough holds the figure, and its frame is empty: the figure as written.
    assert short_claim(LONG, Figure("71 countries", about="country")) == "71 countries"
    assert short_claim(LONG, Figure("71", about="country", verb="export", verb_subject="country")) == (
        "Country export: 71 countries")
    # Without a figure: the first clause, whole.
    assert short_claim(LONG) == "The customs office said on Monday that the country"


def test_short_claim_opening_and_frame():
    opening = short_claim("Exports reached 71 countries in the first half, the ministry said in its long yearly report.",
                          Figure("71 countries"))
    assert opening == "Exports reached 71 countries in the first half"
    framed = short_claim("A very long opening clause without any break that goes on and on about trade until "
                         "it finally names 71 countries", Figure("71", about="country", verb="name",
                                                                 verb_subject="it", anchor="in asia"))
    assert framed == "It name: 71 countries in asia"


def test_short_claim_never_leaves_a_quote_open():
    text = ('"We will rebuild every house in the district before the rains come, whatever it costs," '
            'the governor told reporters on Friday.')
    short = short_claim(text)
    assert short.count('"') % 2 == 0 and len(short) < 75 and "We will rebuild every house" in short


def test_claimreview_command(db_file, tmp_path, capsys):
    out = tmp_path / "reviews.jsonld"
    assert main(["export", "claimreview", "--publisher", "Baku Fact Desk", "--publisher-url",
                 "https://factdesk.example", "--out", str(out), "--db", db_file]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 3
    assert main(["export", "claimreview", "--format", "csv", "--publisher", "D", "--publisher-url",
                 "https://d.example", "--db", db_file]) == 1
    assert capsys.readouterr().err.endswith("claimreview is JSON-LD: use --format json or jsonl, not csv\n")


def test_an_article_without_outlet_appears_without_publisher(db):
    db.execute("update articles set outlet_id = null where id = 1")
    item = reviews(db)["claim-c1"]["itemReviewed"]
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://caliber.az/a",
                                   "headline": "Exports grow", "datePublished": "2025-05-01"}]


def test_an_article_whose_url_is_no_web_address_appears_without_it(db):
    # Stored by an ingest that took any --url, or by front matter.
    db.execute("update articles set url = 'notaurl' where id = 1")
    review = reviews(db)["claim-c1"]
    assert_valid(review, reviewed_wording(db, "claim", "c1"))
    assert review["itemReviewed"]["appearance"] == [{
        "@type": "CreativeWork", "headline": "Exports grow", "datePublished": "2025-05-01",
        "publisher": {"@type": "Organization", "name": "Caliber.az"},
    }]
