"""An article's outlet, date, title and URL, each with where it came from.

Every field is chosen from candidates in a fixed order of trust (the first one
found wins); the winner and the candidates it beat are kept as provenance so a
reviewer can judge the value:

    url        front matter/record > flag > fetched > page metadata > signature
    outlet     front matter/record > flag > url-domain (a listed outlet, or a publication listed by its
               section of a publisher's domain: "bizjournals.com/albany")
               > page metadata (a site name, never a tagline, copyright line or handle)
               > url-domain (named after the registered domain: "stuff.co.nz" -> Stuff, "odt.co.nz" -> ODT;
               a blog on a hosting platform after its own address: "someone.blogspot.nl") > signature
    published  front matter/record > flag > page metadata > dateline > url date
               ("/2010/05/05/") > a dateline of the last update > dateline with the year inferred
               (a dateline in figures that reads either way, "11/12/2007", is month first on a
               generic or .us domain and day first on any other country's; a dateline without
               a year, or a weekday alone, is the date nearest the url date when there is one)
    title      front matter/record > page metadata > heading (the first line)

A new revision of a stored article falls back on what its previous revision
knew (source ``previous-revision``, see store.py).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import NamedTuple
from urllib.parse import urlsplit

import tld
import yaml
from rapidfuzz import fuzz

from ..errors import BadOption, FactcheckError
from ..urls import is_http_url
from .clean import is_prose, word_count
from .dates import (
    anchored, full_dates, infer_year, is_dateline, numeric_dates, parse_date, partial_dates, url_date, weekday_only,
)

FIELDS = ("outlet", "url", "published", "title")
DATELINE_SEARCH_LINES = 8
HEADING_SEARCH_LINES = 3
HEADING_WORDS = (3, 30)

_ORIGINAL_URL = re.compile(r"^\s*(?:original|source)\s+(?:url|link)\s*:\s*<?(https?://[^\s>]*)?>?\s*$", re.IGNORECASE)
_BARE_URL = re.compile(r"^\s*<?(https?://[^\s>]+)>?\s*$")
_NAME = r"[^\W\d_][\w&'’-]*(?:[ .][^\W\d_][\w&'’-]*){0,4}"
_YEARS = r"(?:(?:19|20)\d{2}\s*(?:[-–]\s*(?:19|20)\d{2})?\s*)"
# "Caliber.az © 2025", "© 2025 Caliber.az. All rights reserved", "Copyright © Reuters".
_COPYRIGHT = re.compile(
    rf"^\s*(?:(?!copyright\b)(?P<before>{_NAME})\s*©|(?:copyright\s*)?©\s*{_YEARS}?(?P<after>{_NAME}))", re.IGNORECASE
)
_UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|revised)\b", re.IGNORECASE)
SIGNATURE_MAX_WORDS = 6
# A © beside these is a picture credit, not the outlet's signature.
_CREDIT_WORDS = re.compile(r"\b(?:photo|image|picture|pic|credit|getty|video|illustration)s?\b", re.IGNORECASE)


class Candidate(NamedTuple):
    value: str
    source: str
    evidence: str


@dataclass
class Metadata:
    """The chosen value of each field (None when unknown) and every candidate seen."""

    candidates: dict[str, list[Candidate]] = field(default_factory=dict)

    def chosen(self, name: str) -> Candidate | None:
        found = self.candidates.get(name)
        return found[0] if found else None

    def value(self, name: str) -> str | None:
        chosen = self.chosen(name)
        return chosen.value if chosen else None

    def source(self, name: str) -> str:
        chosen = self.chosen(name)
        return chosen.source if chosen else "unknown"

    def provenance(self) -> dict:
        """The JSON-ready record: per field the chosen value, its source and evidence."""
        record = {}
        for name in FIELDS:
            found = self.candidates.get(name, [])
            record[name] = {
                "value": found[0].value if found else None,
                "source": found[0].source if found else "unknown",
                "evidence": found[0].evidence if found else None,
                "other_candidates": [candidate._asdict() for candidate in found[1:]],
            }
        return record


def _data_table(name: str) -> dict[str, str]:
    return yaml.safe_load(resources.files(__package__).joinpath(name).read_text("utf-8"))


@functools.cache
def outlet_table() -> dict[str, str]:
    """Well-known outlet names by web domain (see outlets.yaml)."""
    return _data_table("outlets.yaml")


@functools.cache
def platform_table() -> dict[str, str]:
    """Hosting platforms whose subdomains are sites of their own, by domain (see platforms.yaml)."""
    return _data_table("platforms.yaml")


class PlatformSite(NamedTuple):
    site: str
    platform: str
    domain: str


def platform_site(host: str) -> PlatformSite | None:
    """The site of a host on a hosting platform ("www.someone.blogspot.nl" -> the site "someone.blogspot.nl"
    on Blogger's blogspot.nl); None off the platforms and on a platform's own pages ("www.blogspot.nl")."""
    parsed = tld.get_tld(host, fix_protocol=True, as_object=True, fail_silently=True, search_private=False)
    if not parsed:
        return None
    table = platform_table()
    platform = table.get(parsed.fld) or table.get(f"{parsed.domain}.*")
    site = parsed.subdomain.rsplit(".", 1)[-1]
    if platform is None or site in ("", "www"):
        return None
    return PlatformSite(f"{site}.{parsed.fld}", platform, parsed.fld)


def _name_key(name: str) -> str:
    """A name lower-cased without spaces or punctuation, to compare spellings."""
    return re.sub(r"\W", "", name.lower())


def names_platform(name: str, on_platform: PlatformSite) -> bool:
    """Whether a site name is only the platform's ("Medium", "Blogspot"), not the site's own."""
    return _name_key(name) in {_name_key(on_platform.platform), _name_key(on_platform.domain.split(".")[0])}


def host_of(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


# two or three letters, and the channel number a station puts after them ("pix11")
_INITIALISM = re.compile(r"[^\W\d_]{2,3}\d*")


def domain_name(host: str) -> str | None:
    """A readable outlet name made from a host: its registered domain's own label
    ("www.stuff.co.nz" -> "Stuff", "town.patch.com" -> "Patch"), after the Public Suffix List.

    A label of two or three letters is an initialism ("odt.co.nz" -> "ODT", "pix11.com" -> "PIX11");
    a site on a hosting platform is named by its own address ("someone.blogspot.nl", see platforms.yaml).
    """
    on_platform = platform_site(host)
    if on_platform:
        return on_platform.site
    parsed = tld.get_tld(host, fix_protocol=True, as_object=True, fail_silently=True)
    label = parsed.domain if parsed else None
    if not label:
        return None
    if _INITIALISM.fullmatch(label):
        return label.upper()
    return " ".join(part[:1].upper() + part[1:] for part in label.split("-") if part)


_NAME_LINKS = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "le", "du", "el", "&"})
OUTLET_NAME_MAX_WORDS = 6


def is_outlet_name(name: str) -> bool:
    """Whether a page's site name reads as a name, not a tagline, a copyright line or a handle
    ("Cult of Mac", not "Expert how-to for English Riders", "Copyright 2014" or "@BarronsOnline")."""
    words = name.split()
    if not words or len(words) > OUTLET_NAME_MAX_WORDS or name.startswith("@") or "©" in name:
        return False
    if re.search(r"\bcopyright\b|\ball rights\b", name, re.IGNORECASE) or re.fullmatch(r"[\W\d]+", name):
        return False
    # a name capitalises its words; a tagline is a phrase with lower-case words in it
    return len(words) == 1 or all(word[:1].isupper() or word[:1].isdigit() or word.lower() in _NAME_LINKS for word in words)


def listed_outlet(host: str, path: str = "") -> tuple[str, str] | None:
    """The listed outlet for ``host`` or one of its parent domains, with the entry matched.

    A publication under its publisher's domain is listed by the first segment of the url's
    ``path`` ("bizjournals.com/albany") and beats the domain's own entry; a page under any other
    segment falls back to the domain. A listed subdomain beats its parent, and its parent's sections.
    """
    table = outlet_table()
    labels = host.lower().removeprefix("www.").split(".")
    section = path.strip("/").split("/", 1)[0].lower()
    for start in range(len(labels) - 1):
        domain = ".".join(labels[start:])
        for entry in (f"{domain}/{section}", domain) if section else (domain,):
            if entry in table:
                return table[entry], entry
    return None


def declared_candidates(declared: dict[str, object], declared_by: str) -> dict[str, Candidate]:
    """Candidates from front matter or a JSON record; a date that is not one is an error."""
    found = {}
    for name, value in declared.items():
        if name == "published":
            day = parse_date(value)
            if day is None:
                raise FactcheckError(f"{declared_by}: `published` is not a date: {value!r}")
            found[name] = Candidate(day, declared_by, f"published: {value}")
        else:
            text = " ".join(declared_text(name, value, declared_by).split())
            found[name] = Candidate(text, declared_by, f"{name}: {text}")
    return found


def declared_text(name: str, value: object, declared_by: str) -> str:
    """A declared value as text: a number or true/false as JSON writes it, a list's items joined.

    A mapping (or a YAML oddity such as binary data) is not text: FactcheckError.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(declared_text(name, item, declared_by) for item in value if item not in (None, ""))
    kind = "a mapping" if isinstance(value, dict) else type(value).__name__
    raise FactcheckError(f"{declared_by}: `{name}` is {kind}, not text")


def flag_candidates(outlet: str | None, published: str | None, url: str | None) -> dict[str, Candidate]:
    """Candidates from the command's flags; a bad --published or --url stops the whole command."""
    found = {}
    if outlet:
        found["outlet"] = Candidate(outlet.strip(), "flag", f"--outlet {outlet}")
    if published:
        day = parse_date(published)
        if day is None:
            raise BadOption(f"--published {published!r} is not a date (use YYYY-MM-DD)")
        found["published"] = Candidate(day, "flag", f"--published {published}")
    if url:
        if not is_http_url(url.strip()):
            raise BadOption(f"--url {url!r} is not an absolute http(s) URL (https://...)")
        found["url"] = Candidate(url.strip(), "flag", f"--url {url}")
    return found


def signature_url(raw_text: str) -> Candidate | None:
    """The URL of an "Original url:" line (the link may sit on the next line)."""
    lines = raw_text.splitlines()
    for number, line in enumerate(lines):
        match = _ORIGINAL_URL.match(line)
        if not match:
            continue
        if match.group(1):
            return Candidate(match.group(1), "signature", line.strip())
        following = next((later for later in lines[number + 1:] if later.strip()), "")
        link = _BARE_URL.match(following)
        if link:
            return Candidate(link.group(1), "signature", f"{line.strip()} {following.strip()}")
    return None


def signature_outlet(raw_text: str) -> Candidate | None:
    """The outlet named by a copyright line on its own ("Caliber.az © 2025")."""
    for line in raw_text.splitlines():
        if "©" not in line or word_count(line) > SIGNATURE_MAX_WORDS or _CREDIT_WORDS.search(line):
            continue
        match = _COPYRIGHT.match(line)
        if match:
            name = (match["before"] or match["after"]).strip(" .")
            listed = listed_outlet(name) if "." in name and " " not in name else None
            return Candidate(listed[0] if listed else name, "signature", line.strip())
    return None


def writes_month_first(host: str | None) -> bool | None:
    """Whether a site writes "11/12/2007" month first: a generic or a .us domain does, any
    other country's domain writes the day first; None when there is no host."""
    if not host:
        return None
    suffix = host.rsplit(".", 1)[-1]
    return not (len(suffix) == 2 and suffix != "us")


def dateline_candidates(text: str, month_first: bool | None = None, anchor: str | None = None) -> list[Candidate]:
    """The first dateline near the top of the cleaned text, as a date.

    A dateline without a year ("13 February") or a weekday alone ("Sunday, 3:30
    PM") is the date nearest ``anchor`` (the date in the url), as the page's own
    local date; without an anchor a day takes its year from the latest date the
    article reports (see dates.infer_year). One in figures that could be read
    either way ("11 / 12 / 2007") is read in the order ``month_first`` says.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:DATELINE_SEARCH_LINES]
    for line in lines:
        weekday = weekday_only(line)
        if weekday is not None and anchor:
            value = anchored(None, None, weekday, anchor)
            return [Candidate(value, "dateline-anchored", f"{line} (the day nearest the url date {anchor})")] if value else []
        if not is_dateline(line):
            continue
        full = full_dates(line) or numeric_dates(line, month_first)
        if full:
            return [Candidate(full[0].value, "dateline", line)]
        partial = next(iter(partial_dates(line)), None)
        if partial is None:
            return []  # figures that could be read either way, on a page with no domain
        if anchor:
            value = anchored(partial.month, partial.day, None, anchor)
            return [Candidate(value, "dateline-anchored", f"{line} (the year of the url date {anchor})")] if value else []
        inferred = infer_year(partial.month, partial.day, text)
        if inferred:
            value, evidence = inferred
            return [Candidate(value, "dateline-year-inferred", f"{line} (year from {evidence!r} in the text)")]
        return []
    return []


_TITLE_DASH = re.compile(r"\s+[-–—]\s+")
SITE_NAME_MATCH = 85
"""rapidfuzz ratio (lower-cased, spaces ignored) at which a title's part names the site."""


def page_title(title: str, site_names: list[str]) -> str:
    """A page title without its labels: "Opinion | A headline | World | Site" -> "A headline"
    (the longest part between bars), and without a " - Site" part that names the site."""
    title = " ".join(title.split())
    if " | " in title:
        title = max(title.split(" | "), key=len).strip()
    parts = _TITLE_DASH.split(title)
    keys = [_name_key(name) for name in site_names if name]

    def names_site(part: str) -> bool:
        key = _name_key(part)
        return any(key and fuzz.ratio(key, site) >= SITE_NAME_MATCH for site in keys)

    while len(parts) > 1 and names_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and names_site(parts[0]):
        parts.pop(0)
    return " - ".join(parts)


def heading_candidate(text: str) -> Candidate | None:
    """The first line when it reads as a headline (short, not a sentence, not a dateline)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEADING_SEARCH_LINES]
    for line in lines:
        if is_dateline(line):
            continue
        low, high = HEADING_WORDS
        if low <= word_count(line) <= high and not is_prose(line):
            return Candidate(line, "heading", line)
        return None
    return None


def resolve_metadata(
    *,
    raw_text: str,
    text: str,
    declared: dict[str, Candidate],
    flags: dict[str, Candidate],
    fetched_url: str | None = None,
    page=None,
) -> Metadata:
    """Gather every candidate for each field, most trusted first.

    ``raw_text`` is the text before cleaning (signatures live in the chrome),
    ``text`` the cleaned text (datelines and the heading), ``page`` the HTML
    page's own metadata (pages.Page) or None.
    """
    candidates: dict[str, list[Candidate]] = {name: [] for name in FIELDS}

    def add(name: str, candidate: Candidate | None) -> None:
        if candidate and candidate.value:
            candidates[name].append(candidate)

    for name in FIELDS:
        add(name, declared.get(name))
        add(name, flags.get(name))
    if fetched_url:
        add("url", Candidate(fetched_url, "fetched", fetched_url))
    if page is not None:
        add("url", page.url and Candidate(page.url, "page-metadata", "the page's canonical URL"))
    add("url", signature_url(raw_text))

    url = candidates["url"][0] if candidates["url"] else None
    host = host_of(url.value) if url else None
    listed = listed_outlet(host, urlsplit(url.value).path) if host else None
    if listed:
        name, domain = listed
        add("outlet", Candidate(name, "url-domain", f"{domain} (outlet table), from the {url.source} url"))
    on_platform = platform_site(host) if host else None
    if (
        page is not None and page.site_name and is_outlet_name(page.site_name)
        and not (on_platform and names_platform(page.site_name, on_platform))
    ):
        add("outlet", Candidate(page.site_name, "page-metadata", f"site name: {page.site_name}"))
    if host and not listed:
        named = domain_name(host) or host
        add("outlet", Candidate(named, "url-domain", f"named after the host of the {url.source} url, {host}"))
    add("outlet", signature_outlet(raw_text))

    if page is not None and page.published:
        add("published", Candidate(page.published, "page-metadata", f"page date: {page.published}"))
    day = url_date(url.value) if url else None
    datelines = dateline_candidates(text, writes_month_first(host), day)
    # a stamp of the last update is later than the date the url was published under
    for candidate in [c for c in datelines if not _UPDATED.match(c.evidence)]:
        add("published", candidate)
    add("published", day and Candidate(day, "url-date", f"the date in the {url.source} url"))
    for candidate in [c for c in datelines if _UPDATED.match(c.evidence)]:
        add("published", candidate)

    if page is not None:
        names = [c.value for c in candidates["outlet"]] + ([page.site_name] if page.site_name else [])
        add("title", page.title and Candidate(page_title(page.title, names), "page-metadata", "the page's title"))
    add("title", heading_candidate(text))
    return Metadata(candidates)
