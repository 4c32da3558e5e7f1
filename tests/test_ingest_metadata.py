"""Outlet, date, title and url: the rules, their order of trust, and the gold documents."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ACEH, CORPUS, GOLD
from factcheck.errors import FactcheckError
from factcheck.ingest import metadata as metadata_module
from factcheck.eval import outlet_matches
from factcheck.ingest import ingest_sources
from factcheck.ingest.clean import clean_text
from factcheck.ingest.dates import infer_year, is_dateline, parse_date, url_date
from factcheck.ingest.metadata import (
    domain_name,
    is_outlet_name,
    page_title,
    declared_candidates,
    flag_candidates,
    listed_outlet,
    outlet_table,
    platform_site,
    platform_table,
    resolve_metadata,
    signature_outlet,
)
from factcheck.ingest.pages import Page
from factcheck.ingest.readers import split_front_matter

PROSE = "The agency operates in 71 countries and reports to the Foreign Ministry, officials said on Monday."


def resolve(text: str, *, declared=None, flags=None, page=None, fetched_url=None):
    cleaned = clean_text(text).text
    return resolve_metadata(
        raw_text=text, text=cleaned, declared=declared or {}, flags=flags or {}, page=page, fetched_url=fetched_url,
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("28 January 2025 01:38", "2025-01-28"),
        ("February 06, 2025", "2025-02-06"),
        ("date 2025-02-06", "2025-02-06"),
        ("Tue Jul 2, 2013 1:28PM GMT", "2013-07-02"),
        ("July 03, 2013 6:22AM", "2013-07-03"),  # as written, no time-zone shift
        ("WEDNESDAY 03 JULY 2013", "2013-07-03"),
        ("Updated: July 02, 2013 15:50 IST", "2013-07-02"),
        ("Tue Jul 02 2013, 14:58 hrs", "2013-07-02"),
        ("3 July 2013 Last updated at 13:38 GMT", "2013-07-03"),
        ("AFP, Tuesday 2 Jul 2013", "2013-07-02"),
        ("INDONESIA, July 2, 2013", "2013-07-02"),
        ("Tuesday, July 2nd, 2013", "2013-07-02"),
        ("Published on Jul 02, 2013 4:22 PM", "2013-07-02"),
    ],
)
def test_datelines(line, expected):
    assert is_dateline(line)
    metadata = resolve(f"A headline about the quake\n{line}\n{PROSE}")
    assert (metadata.value("published"), metadata.source("published")) == (expected, "dateline")


def test_a_sentence_with_a_date_is_not_a_dateline():
    assert not is_dateline("Quake hits Aceh province on July 2, 2013")
    assert resolve(f"{PROSE} It was founded on 12 March 2008.").value("published") is None


def test_year_inferred_from_the_latest_dated_event():
    assert infer_year(2, 13, "On December 25, 2024, a flight crashed. In July 2022 sanctions came.") == (
        "2025-02-13", "December 25, 2024",
    )
    assert infer_year(12, 30, "On December 25, 2024, a flight crashed.") == ("2024-12-30", "December 25, 2024")
    assert infer_year(2, 13, "Nothing here is dated.") is None
    metadata = resolve(f"Headline of the review\n13 February\n{PROSE}")
    assert (metadata.value("published"), metadata.source("published")) == (None, "unknown")


def test_parse_date():
    assert parse_date("2013-07-03") == "2013-07-03"
    assert parse_date("3 July 2013") == "2013-07-03"
    assert parse_date("2013-02-30") is None and parse_date("soon") is None and parse_date(7) is None


def test_order_of_trust():
    page = Page(PROSE, "Page title", "Page Site", "2020-01-01", "https://www.reuters.com/a")
    declared = declared_candidates({"outlet": "Declared Outlet", "published": "2021-01-01"}, "front-matter")
    flags = flag_candidates("Flag Outlet", "2022-01-01", "https://flag.example/x")
    text = f"Headline line here\n1 March 2023\n{PROSE}"
    full = resolve(text, declared=declared, flags=flags, page=page)
    assert (full.value("outlet"), full.value("published")) == ("Declared Outlet", "2021-01-01")
    assert full.value("url") == "https://flag.example/x"
    flagged = resolve(text, flags=flags, page=page)
    assert (flagged.value("outlet"), flagged.value("published")) == ("Flag Outlet", "2022-01-01")
    # The page's url is a listed outlet: the table beats the page's site name.
    paged = resolve(text, page=page)
    assert (paged.value("outlet"), paged.source("outlet")) == ("Reuters", "url-domain")
    assert (paged.value("published"), paged.value("title")) == ("2020-01-01", "Page title")
    # An unlisted domain: the page's own name beats the bare host name.
    unlisted = resolve(text, page=page._replace(url="https://news.example.org/a"))
    assert (unlisted.value("outlet"), unlisted.source("outlet")) == ("Page Site", "page-metadata")
    assert [c.value for c in unlisted.candidates["outlet"]] == ["Page Site", "Example"]
    plain = resolve(text)
    assert (plain.value("published"), plain.value("title"), plain.value("outlet")) == (
        "2023-03-01", "Headline line here", None,
    )


def test_bad_declared_or_flag_date_is_an_error():
    with pytest.raises(FactcheckError, match="front-matter: `published` is not a date: 'soon'"):
        declared_candidates({"published": "soon"}, "front-matter")
    with pytest.raises(FactcheckError, match="--published '13/02' is not a date"):
        flag_candidates(None, "13/02", None)


def test_outlet_signatures():
    assert signature_outlet("menu\nCaliber.az © 2025. .\n").value == "Caliber.az"
    assert signature_outlet("© 2019 Example Post. All rights reserved.").value == "Example Post"
    assert signature_outlet("Copyright © 2024-2025 Daily Example").value == "Daily Example"
    assert signature_outlet("Photo: © Reuters") is None  # a picture credit
    assert signature_outlet(f"{PROSE} © 2025 said someone in a long sentence") is None
    original = resolve(f"{PROSE}\n\nOriginal url:\n\n<https://www.themoscowtimes.com/2025/02/06/a-1>\n")
    assert original.value("url") == "https://www.themoscowtimes.com/2025/02/06/a-1"
    assert (original.value("outlet"), original.source("outlet")) == ("The Moscow Times", "url-domain")


def test_listed_outlets_match_subdomains():
    assert listed_outlet("newsinfo.inquirer.net") == ("Philippine Daily Inquirer", "inquirer.net")
    assert listed_outlet("www.bbc.co.uk") == ("BBC News", "bbc.co.uk")
    assert listed_outlet("co.uk") is None and listed_outlet("example.org") is None


def test_no_outlet_from_weak_evidence():
    # Naming an agency in a sentence does not make it the outlet.
    text = f"Azerbaijan notified Russia, Report news agency says, citing sources. {PROSE}"
    assert resolve(text).value("outlet") is None


def gold_documents(name):
    return yaml.safe_load((GOLD / name).read_text())["documents"].values()


@pytest.mark.parametrize(("gold_name", "folder"), [("seeds.yaml", CORPUS), ("aceh-2013.yaml", ACEH)])
def test_gold_documents_outlet_and_date(fresh_db, gold_name, folder):
    assert not ingest_sources(fresh_db, [str(folder)]).failures
    stored = {
        row["source_name"]: row
        for row in fresh_db.query(
            "SELECT a.source_name, a.published, o.name AS outlet FROM articles a "
            "LEFT JOIN outlets o ON o.id = a.outlet_id"
        )
    }
    checked = 0
    for document in gold_documents(gold_name):
        row = stored[document["file"]]
        if document.get("outlet"):
            assert outlet_matches(row["outlet"] or "", document["outlet"]), document["file"]
            checked += 1
        if document.get("published"):
            assert row["published"] == str(document["published"]), document["file"]
            checked += 1
    assert checked >= 6


def test_aceh_datelines_and_url_domains_without_front_matter():
    """With the front matter taken away, the texts' own datelines and URLs still give the gold."""
    for document in gold_documents("aceh-2013.yaml"):
        _, body = split_front_matter((ACEH / document["file"]).read_text())
        metadata = resolve(body, flags=flag_candidates(None, None, document["url"]))
        assert metadata.value("published") == str(document["published"]), document["file"]
        assert metadata.source("published") == "dateline"
        assert outlet_matches(metadata.value("outlet") or "", document["outlet"]), document["file"]


def test_pipeline_run_stores_the_corpus_with_its_metadata(seeds_db):
    rows = {row["source_name"]: row for row in seeds_db["articles"].rows}
    assert sorted(rows) == sorted(path.name for path in CORPUS.glob("*.txt"))
    caliber = rows["000_b4a66182cc996153.txt"]
    assert (caliber["published"], caliber["published_source"]) == ("2025-01-28", "dateline")
    assert seeds_db["outlets"].get(caliber["outlet_id"])["name"] == "Caliber.az"
    assert caliber["outlet_source"] == "signature"


@pytest.mark.parametrize(
    ("host", "name"),
    [("www.stuff.co.nz", "Stuff"), ("springfield.patch.com", "Patch"), ("example-times.com", "Example Times"),
     ("news.example.org", "Example"), ("localhost", None),
     # two or three letters (and a channel number) are an initialism
     ("www.hbt.co.nz", "HBT"), ("news.qz.example.org", "Example"), ("kxyz9.com", "Kxyz9"), ("wxy4.com", "WXY4"),
     ("fox4town.com", "Fox4town"),
     # a site on a hosting platform is its own address; the platform's own pages are the platform
     ("valleynotes.blogspot.nl", "valleynotes.blogspot.nl"),
     ("www.valleynotes.blogspot.co.uk", "valleynotes.blogspot.co.uk"),
     ("valleynotes.blogspot.com", "valleynotes.blogspot.com"),
     ("m.valleynotes.wordpress.com", "valleynotes.wordpress.com"),
     ("valleynotes.substack.com", "valleynotes.substack.com"), ("valleynotes.github.io", "valleynotes.github.io"),
     ("medium.com", "Medium")],
)
def test_unlisted_hosts_are_named_after_their_registered_domain(host, name):
    assert domain_name(host) == name


def test_a_platform_site_is_its_own_outlet_in_eval():
    assert outlet_matches(domain_name("valleynotes.blogspot.nl"), "valleynotes.blogspot.nl")
    assert outlet_matches(domain_name("valleynotes.blogspot.com"), "valleynotes.blogspot.com")
    assert not outlet_matches(domain_name("orchardbirds.blogspot.nl"), "valleynotes.blogspot.nl")
    assert platform_site("www.blogspot.nl") is None and platform_site("example.org") is None


@pytest.mark.parametrize(
    ("site_name", "expected"),
    [("Medium", "valleynotes.medium.com"), ("Valley Notes", "Valley Notes")],
)
def test_a_platform_name_is_not_a_site_name(site_name, expected):
    page = Page(PROSE, "Title", site_name, None, "https://valleynotes.medium.com/a-post-1")
    assert resolve(PROSE, page=page).value("outlet") == expected


def _table_domains(name: str) -> list[str]:
    lines = (Path(metadata_module.__file__).parent / name).read_text("utf-8").splitlines()
    return [line.split(":", 1)[0] for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("name", ["outlets.yaml", "platforms.yaml"])
def test_data_tables_are_sorted_without_duplicates(name):
    domains = _table_domains(name)
    assert domains == sorted(domains)
    assert len(domains) == len(set(domains))


def test_outlet_table_lists_each_outlet_once_and_no_platform():
    table = outlet_table()
    assert len(table) >= 400 and len(_table_domains("outlets.yaml")) == len(table)
    # a listed subdomain or section is there for a name of its own, not its parent's again
    def parent(entry: str) -> tuple[str, str] | None:
        return listed_outlet(entry.split("/", 1)[0] if "/" in entry else entry.split(".", 1)[1])

    assert [entry for entry, name in table.items() if (found := parent(entry)) and found[0] == name] == []
    assert [domain for domain in table if platform_site(f"someone.{domain}")] == []
    assert not set(table) & set(platform_table())


def test_listed_subdomains_beat_their_parent():
    assert listed_outlet("sportsillustrated.cnn.com")[0] == "Sports Illustrated"
    assert listed_outlet("edition.cnn.com")[0] == "CNN"


@pytest.fixture
def publisher_table(monkeypatch):
    table = {"example.com": "Example", "example.com/sport": "Example Sport", "metro.example.com": "Example Metro"}
    monkeypatch.setattr(metadata_module, "outlet_table", lambda: table)


@pytest.mark.parametrize(
    ("host", "path", "expected"),
    [("www.example.com", "/sport/2020/05/01/a-match", ("Example Sport", "example.com/sport")),
     ("example.com", "/Sport/", ("Example Sport", "example.com/sport")),
     ("m.example.com", "/sport/a-match", ("Example Sport", "example.com/sport")),
     # another section, a longer segment of the same start, or no path: the domain's own entry
     ("example.com", "/news/sport/a-story", ("Example", "example.com")),
     ("example.com", "/sports/a-match", ("Example", "example.com")),
     ("example.com", "/", ("Example", "example.com")), ("example.com", "", ("Example", "example.com")),
     # a listed subdomain beats its parent and the parent's sections
     ("metro.example.com", "/sport/a-match", ("Example Metro", "metro.example.com")),
     ("example.org", "/sport/a-match", None)],
)
def test_a_listed_section_beats_its_domain(publisher_table, host, path, expected):
    assert listed_outlet(host, path) == expected


def test_a_page_in_a_listed_section_gets_the_section_outlet(publisher_table):
    page = Page(PROSE, "Title", "Example", None, "https://www.example.com/sport/2020/05/01/a-match")
    found = resolve(PROSE, page=page)
    assert (found.value("outlet"), found.source("outlet")) == ("Example Sport", "url-domain")
    assert found.chosen("outlet").evidence.startswith("example.com/sport (outlet table)")


def test_publisher_networks_name_each_publication():
    assert listed_outlet("www.bizjournals.com", "/boston/news/2020/05/01/a-story.html")[0] == "Boston Business Journal"
    assert listed_outlet("www.bizjournals.com", "/news/a-story.html")[0] == "The Business Journals"
    assert listed_outlet("searchsecurity.techtarget.com", "/news/1234/a-story")[0] == "SearchSecurity"
    assert listed_outlet("www.techtarget.com", "/searchsecurity/news/1234/a-story")[0] == "SearchSecurity"
    assert listed_outlet("www.cbsnews.com", "/chicago/news/a-story/")[0] == "CBS News Chicago"
    assert listed_outlet("www.cbsnews.com", "/news/a-story/")[0] == "CBS News"
    # a publication known by its subdomain and by its section has one name
    table = outlet_table()
    sections = {entry: name for entry, name in table.items() if entry.startswith("techtarget.com/")}
    assert sections and {entry: table.get(f"{entry.split('/')[1]}.techtarget.com") for entry in sections} == sections


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Cult of Mac", True), ("The Daily Example", True), ("Expert how-to for English Riders", False),
     ("Copyright 2014", False), ("@ExampleOnline", False), ("© Example News", False)],
)
def test_site_names_that_are_not_names(name, expected):
    assert is_outlet_name(name) is expected


def test_a_tagline_site_name_gives_way_to_the_domain():
    page = Page("Body text of the article, long enough to count.", "Title", "Expert how-to for riders", None,
                "https://www.example-rider.com/a")
    metadata = resolve("Body text of the article, long enough to count.", page=page)
    assert metadata.value("outlet") == "Example Rider"


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Opinion | Why the vote matters | World news | The Example", "Why the vote matters"),
     ("Three killed in fire - Example News", "Three killed in fire"),
     ("Pro-market - anti-tax protest grows - Example News", "Pro-market - anti-tax protest grows"),
     ("Fire at bank - a witness speaks", "Fire at bank - a witness speaks")],
)
def test_titles_lose_site_and_section_labels(title, expected):
    assert page_title(title, ["Example News", "The Example"]) == expected


@pytest.mark.parametrize(
    ("url", "day"),
    [("http://example.com/2010/05/05/fire-at-bank/", "2010-05-05"),
     ("http://example.com/2012/6/11/3078122/laptops", "2012-06-11"),
     ("http://example.com/world/2010-05-05-greece-strike_N.htm", "2010-05-05"),
     ("http://example.com/view/20100505-268325/fire", "2010-05-05"),
     ("http://example.com/story/12345678/fire", None), ("http://example.com/2010/13/45/x", None)],
)
def test_dates_in_urls(url, day):
    assert url_date(url) == day


def test_an_update_stamp_yields_to_the_url_date_but_a_dateline_does_not():
    flags = flag_candidates(None, None, "http://example.com/news/2010-05-05/fire-at-bank/42")
    updated = resolve("Updated Thu 6 May 2010, 9:03am\nA fire broke out in the bank on Wednesday.\n", flags=flags)
    assert (updated.value("published"), updated.source("published")) == ("2010-05-05", "url-date")
    dated = resolve("Thu 6 May 2010, 9:03am\nA fire broke out in the bank on Wednesday.\n", flags=flags)
    assert (dated.value("published"), dated.source("published")) == ("2010-05-06", "dateline")


@pytest.mark.parametrize(
    ("url", "line", "expected"),
    [
        ("http://example.co.nz/news/42/fire", "Last updated 09:15 21 / 03 / 2014", "2014-03-21"),
        ("http://example.com/news/42/fire", "Posted 03/21/2014", "2014-03-21"),
        # a day of 12 or less: the order the domain's country writes
        ("http://example.com/news/42/fire", "04 / 05 / 2014", "2014-04-05"),
        ("http://example.us/news/42/fire", "04/05/2014", "2014-04-05"),
        ("http://example.co.uk/news/42/fire", "04.05.2014", "2014-05-04"),
    ],
)
def test_datelines_in_figures(url, line, expected):
    assert is_dateline(line)
    metadata = resolve(f"A headline about the fire\n{line}\n{PROSE}", flags=flag_candidates(None, None, url))
    assert metadata.value("published") == expected


def test_a_date_in_figures_that_reads_either_way_needs_a_domain():
    assert resolve(f"A headline about the fire\n04 / 05 / 2014\n{PROSE}").value("published") is None
    assert resolve(f"A headline about the fire\n21 / 03 / 2014\n{PROSE}").value("published") == "2014-03-21"
    assert not is_dateline("Version 1.2.2014.7 was released")


@pytest.mark.parametrize(
    ("line", "url", "expected"),
    [
        # the page's own local date, a day before the date it is filed under
        ("Dec. 31 11:50 PM EST", "http://example.com/2013/01/01/fire", "2012-12-31"),
        ("Nov 11 4:33 AM", "http://example.com/2011/11/11/fire", "2011-11-11"),
        ("Monday, 9:15 AM", "http://example.com/2013/09/15/fire", "2013-09-16"),
        ("Friday 18:05", "http://example.com/2013/09/15/fire", "2013-09-13"),
    ],
)
def test_datelines_without_a_year_are_anchored_to_the_url_date(line, url, expected):
    metadata = resolve(f"A headline about the fire\n{line}\n{PROSE}", flags=flag_candidates(None, None, url))
    assert (metadata.value("published"), metadata.source("published")) == (expected, "dateline-anchored")


def test_a_weekday_without_an_anchor_dates_nothing():
    assert resolve(f"A headline about the fire\nMonday, 9:15 AM\n{PROSE}").value("published") is None
    assert is_dateline("Dec. 24 4:33 AM EST")
