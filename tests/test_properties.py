"""Properties that hold for any input: the text cleaner, the number and date readers,
the front-matter reader and the cutting of long texts into pieces.

Inputs are drawn from any Unicode and from the words these readers look for, so
that the draws reach the rules and not only their fall-through. No example
database: each run draws afresh, and a failure found once stays as a regular test."""

from __future__ import annotations

import re
from datetime import date

import pytest
import spacy
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.errors import FactcheckError
from factcheck.ingest import dates as ingest_dates
from factcheck.ingest.clean import clean_text, is_chrome, is_prose
from factcheck.ingest.metadata import declared_candidates
from factcheck.ingest.readers import DECLARED_FIELDS, split_front_matter
from factcheck.nlp.pieces import pieces
from factcheck.nlp.quantities.component import _numbers_in
from factcheck.nlp.quantities.dates import resolve_date
from factcheck.nlp.quantities.numbers import CARDINALS

FAST = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

CLEANER_WORDS = [
    "Share", "Print", "Views: 985", "date 2025-02-06", "Copyright 2024 Example News", "All rights reserved.",
    "[the report](https://example.org/a)", "![photo](x.png)", "14523The", "Follow us on Twitter", "©",
    "Related: More storms", "4 March 2021", "https://example.org", "The council said", "it approved",
    "71 new schools", "on Monday.", "officials", "expect", "more", "rain", "by Friday,", "Menu", "\n", "\n\n",
    "  ", "\r\n", "\t", ".", "?", "»", "said:",
]
NUMBER_WORDS = [*CARDINALS, "a", "an", "dozen", "hundred", "thousand", "million", "billion", "trillion",
                "m", "bn", "k", "$5m", "3bn", "1,200", "1.5", "0", "and", "-", "to", "between", "€20", "%"]
DATE_WORDS = [
    "January", "Feb.", "sept", "May", "12th", "31", "30", "29", "2013", "1999", "2099", "of", ",", "last",
    "next", "this", "past", "week", "month", "year", "years", "days", "ago", "three", "a", "9999999",
    "yesterday", "Thursday", "on", "10:30 GMT", "3 p.m.", "2013-02-30", "2024-12-25", "the following",
]
ANY_TEXT = st.text(max_size=300)
# What reaches the model: the readers turn half a character (a lone surrogate) into U+FFFD.
TEXT_CHARACTERS = st.characters(blacklist_categories=["Cs"])


def phrase(words: list[str], max_words: int = 30, characters=st.characters()) -> st.SearchStrategy[str]:
    """Text made of ``words`` (and, between them, one of ``characters`` now and then)."""
    part = st.one_of(st.sampled_from(words), st.sampled_from(words), characters)
    return st.lists(part, max_size=max_words).map(" ".join)


# The text cleaner

@FAST
@given(st.one_of(ANY_TEXT, phrase(CLEANER_WORDS, 60)))
def test_cleaning_never_grows_a_text_and_changes_nothing_the_second_time(text):
    cleaned = clean_text(text)
    assert len(cleaned.text) <= len(text)
    assert clean_text(cleaned.text).text == cleaned.text


@FAST
@given(st.one_of(ANY_TEXT, phrase(CLEANER_WORDS, 60)))
def test_cleaning_keeps_every_line_of_prose(text):
    # Its words, that is: a date stamp glued before it goes onto a line of its own,
    # and a view counter glued to its first word goes before the line is judged.
    cleaned = " ".join(clean_text(text).text.split())
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"^\s*\d+(?=[A-Z][a-z])", "", line)
        if is_prose(line) and not is_chrome(line) and "[" not in line:
            assert " ".join(line.split()) in cleaned


# Numbers written in words and figures

_BLANK = spacy.blank("en")
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
         "seventeen eighteen nineteen".split()
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}


def in_words(number: int) -> str:
    """``number`` (below a trillion) written out: 1,234 -> "one thousand two hundred thirty four"."""
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, units = divmod(number, 10)
        return _TENS[tens * 10] + (f" {_UNITS[units]}" if units else "")
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if number >= scale:
            high, rest = divmod(number, scale)
            return f"{in_words(high)} {name}" + (f" {in_words(rest)}" if rest else "")
    raise AssertionError(number)


def numbers_in(text: str) -> list[float]:
    return _numbers_in(_BLANK(text)[:])


@FAST
@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_a_number_written_in_words_reads_back(number):
    assert numbers_in(in_words(number)) == [number]


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_a_number_written_in_figures_reads_back(number):
    assert numbers_in(f"{number:,}") == [number]
    assert numbers_in(str(number)) == [number]


@FAST
@given(st.one_of(st.text(TEXT_CHARACTERS, max_size=300), phrase(NUMBER_WORDS, characters=TEXT_CHARACTERS)))
def test_reading_numbers_never_fails_and_finds_at_most_one_a_word(text):
    doc = _BLANK(text)
    found = _numbers_in(doc[:])
    assert len(found) <= len(doc)
    assert all(value >= 0 and value == value for value in found)


# Dates

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
_RESOLVED = re.compile(r"(?:\d{4}|--\d{2})(?:-\d{2}(?:-\d{2})?)?")


def _is_real(resolved: str) -> bool:
    """Whether an ISO date, month or year can exist (a day without its year in a leap year)."""
    parts = ("2000" + resolved[1:] if resolved.startswith("--") else resolved).split("-")
    try:
        date(*(int(part) for part in parts + ["01"] * (3 - len(parts))))
    except ValueError:
        return False
    return True


@FAST
@given(DAYS, st.sampled_from(["%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%b. %d, %Y", "%d of %B %Y"]))
def test_a_written_date_reads_back(day, layout):
    assert resolve_date(day.strftime(layout), None) == (day.isoformat(), "day")
    assert resolve_date(day.strftime(layout), date(2025, 2, 6), fallback=False) == (day.isoformat(), "day")


@FAST
@given(st.one_of(ANY_TEXT, phrase(DATE_WORDS, 8)), st.one_of(st.none(), DAYS))
@example("31 February", None)
@example("9999999 days ago", date(2025, 2, 6))
@example("3000 years ago", date(2025, 2, 6))
def test_resolving_a_date_never_fails_and_gives_a_real_date(text, base):
    resolved = resolve_date(text, base, fallback=False)
    if resolved is not None:
        assert _RESOLVED.fullmatch(resolved.date), resolved
        assert _is_real(resolved.date), resolved
        assert resolved.precision in ("day", "week", "month", "year")


@SLOW
@given(phrase(DATE_WORDS, 6), DAYS)
def test_resolving_with_dateparser_never_fails(text, base):
    resolved = resolve_date(text, base)
    assert resolved is None or _is_real(resolved.date)


@FAST
@given(DAYS)
def test_a_date_given_by_a_person_reads_back(day):
    assert ingest_dates.parse_date(day.isoformat()) == day.isoformat()
    assert ingest_dates.parse_date(day.strftime("%d %B %Y")) == day.isoformat()
    assert ingest_dates.parse_date(day) == day.isoformat()


@FAST
@given(st.one_of(ANY_TEXT, phrase(DATE_WORDS, 12)))
def test_reading_dates_in_page_text_never_fails(text):
    for found in ingest_dates.full_dates(text):
        assert text[found.start:found.start + len(found.text)] == found.text
        date.fromisoformat(found.value)
    ingest_dates.is_dateline(text)
    for partial in ingest_dates.partial_dates(text):
        inferred = ingest_dates.infer_year(partial.month, partial.day, text)
        assert inferred is None or date.fromisoformat(inferred[0]) >= date(1900, 1, 1)
    parsed = ingest_dates.parse_date(text)
    assert parsed is None or date.fromisoformat(parsed)


# Front matter

FIELD_TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40).filter(str.strip)
YAML_LINES = ["---", "...", "outlet: Example News", "published: 2013-02-30", "title: [a, b]", "url: {x: 1}",
              "a: &x [1, 2]", "b: [*x, *x]", "published: !!timestamp 2013-02-30", "title: !!binary aGk=",
              "  - item", "key: 'open", "? complex", "title: 12", "outlet: yes", ""]


@FAST
@given(st.dictionaries(st.sampled_from(DECLARED_FIELDS), FIELD_TEXT), ANY_TEXT)
def test_front_matter_reads_back(fields, body):
    written = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body
    declared, rest = split_front_matter(written)
    assert rest == body
    assert declared == {key: value for key, value in fields.items() if value not in (None, "")}


@FAST
@given(st.one_of(ANY_TEXT, st.lists(st.sampled_from(YAML_LINES) | st.text(max_size=20), max_size=12).map("\n".join)))
def test_front_matter_gives_fields_or_one_clear_error(text):
    try:
        declared, body = split_front_matter(text)
        candidates = declared_candidates(declared, "front-matter")
    except FactcheckError as error:
        assert "\n" not in str(error)
        return
    assert set(declared) <= set(DECLARED_FIELDS)
    assert text.endswith(body)
    assert all(len(candidate.value) <= len(text) for candidate in candidates.values())


# Long texts in pieces

@FAST
@given(st.one_of(ANY_TEXT, phrase(["word", "end.", "\n", "\n\n", "  ", "x" * 30], 80)),
       st.integers(min_value=1, max_value=60))
def test_pieces_join_into_the_text_and_keep_under_the_limit(text, limit):
    found = pieces(text, limit)
    assert "".join(piece for _, piece in found) == text
    assert all(len(piece) <= limit for _, piece in found)
    assert [offset for offset, _ in found] == [sum(len(piece) for _, piece in found[:index]) for index in range(len(found))]
    assert all(piece for _, piece in found) or text == ""


def test_pieces_end_between_paragraphs_before_sentences_and_words():
    text = "One two. Three four.\n\nFive six seven. Eight nine."
    assert pieces(text, 30) == [(0, "One two. Three four.\n\n"), (22, "Five six seven. Eight nine.")]
    assert pieces("One two. Three four five six.", 20) == [(0, "One two. "), (9, "Three four five six.")]
    assert pieces("aaaa bbbb cccc", 10) == [(0, "aaaa bbbb "), (10, "cccc")]
    assert pieces("abcdefgh", 3) == [(0, "abc"), (3, "def"), (6, "gh")]
    with pytest.raises(ValueError):
        pieces("text", 0)
