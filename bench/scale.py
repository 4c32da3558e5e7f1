"""A feed that grows: throughput, matching time, database size and the reviewer at N articles.

The feed is generated from the dev corpora (each folder of tests/data/corpora,
and corpus/, is one source story): generated story k copies the articles of
source story k mod 8 with one substitution map of its own, so that its
articles stay consistent with each other and differ from every other copy:
  names    every capitalised word of a named entity (person, place, organisation,
           nationality, facility; found once with the bare spaCy model) becomes
           an invented name, the same one throughout the story;
  figures  numbers, in digits or in words ("five boats"), are scaled by the
           story's factor;
  dates    every date (in the text, the front matter and the url's path) and
           weekday moves by the story's shift: a multiple of four years (so 29
           February stays a date) and a number of days that grows with the
           story's place in the feed, so that no two copies of one source
           happen on the same days, as no two events of a real feed do.
A story's articles arrive spread over the feed (its position plus a random lag
of up to --spread stories), as a feed's do. The feed is ingested in batches of
--batch articles, each batch a `factcheck ingest` run (factcheck.run) on the
same database, and the script prints for each batch: articles/s and words/s of
the ingest and claims stages, the story and match stages' seconds per 1,000
articles, wall and CPU (do they stay flat as the feed grows? on a shared machine
the CPU seconds tell), the CPU seconds of ranking the reviewer's queue
afterwards, and the database size per 1,000 articles. Then: peak memory, and the reviewer's time to the first item
and to the next item (bench/review.py's measurement) on the result. Words/s against bare spaCy are bench/ingest.py's
two measurements, back to back on the feed's first --sample articles.

    .venv/bin/python bench/scale.py [--articles 1000] [--batch 1000] [--workers 1] [--out DIR]

With --out the generated feed and its database are kept in DIR.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

import ingest as ingest_bench  # bench/ingest.py, beside this script
import review as review_bench  # bench/review.py
from factcheck.db import open_db
from factcheck.nlp.quantities.numbers import CARDINALS
from factcheck.ingest.readers import split_front_matter
from factcheck.pipeline import run

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted(path for path in (REPO / "tests" / "data" / "corpora").iterdir() if path.is_dir()) + [
    REPO / "corpus"
]
VARIED_LABELS = frozenset({"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC"})
CONSONANTS, VOWELS = "bdfgklmnprstvz", "aeiou"
# A story's figures are its source's times a factor drawn from here (never within 15% of 1, so that a copy states figures of its own).
FACTOR_RANGE = (0.4, 3.0)
YEAR_SHIFTS = (-8, -4, 4, 8)
# Days a story's dates move per place in the feed: copies of one source, len(SOURCES) places
# apart, stay a week or more apart within a year.
DAYS_PER_STORY = 3
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
# A month written out or cut to three or four letters ("Sept."), as news writes them.
MONTH = r"(?P<{0}>(?:" + "|".join(
    f"{name[:3]}(?:{name[3:]}{'|t' if name == 'september' else ''})?" if len(name) > 3 else name
    for name in MONTH_NAMES
) + r")\b\.?)"
DATE = re.compile(
    "|".join((
        MONTH.format("month") + r" (?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?\b(?:(?P<comma>,? )(?P<year>(?:19|20)\d\d)\b)?",
        r"\b(?P<day2>\d{1,2})(?P<suffix2>st|nd|rd|th)? " + MONTH.format("month2") + r"(?: (?P<year2>(?:19|20)\d\d)\b)?",
        r"\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)(?!\d)",
        # A day written as eight digits, as urls do ("/20111111.htm").
        r"(?<!\d)(?P<compact>(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)",
        r"/(?P<path_year>(?:19|20)\d\d)/(?P<path_month>\d\d|[a-z]{3})/(?P<path_day>\d\d)(?=/)",
        r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    )),
    re.I,
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Counts written in words; "one" is left alone, being as often a pronoun ("one of them").
NUMBER_WORD = re.compile(r"\b(" + "|".join(word for word, value in CARDINALS.items() if value >= 2) + r")\b", re.I)
# A year-less date is moved within a leap year, so that 29 February has somewhere to go.
LEAP_YEAR = 2012
PLACEHOLDER = 0xE000
# A figure standing alone: not part of a word, a time, a path or an ordinal ("2nd").
FIGURE = re.compile(r"(?<![\w:.,/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w:/]|[.,]\d)")
MIB = 1024**2


def source_articles() -> list[list[tuple[str, dict, str]]]:
    """Each source story's articles: file name, declared front matter, text."""
    stories = []
    for folder in SOURCES:
        articles = []
        for path in sorted(folder.glob("*.txt")):
            declared, text = split_front_matter(path.read_text(encoding="utf-8"))
            if text.strip():
                articles.append((path.name, declared, text))
        stories.append(articles)
    return stories


def entity_words(stories: list[list[tuple[str, dict, str]]]) -> list[set[str]]:
    """The capitalised words of each source story's named entities, found by the bare model."""
    import spacy

    from factcheck.nlp import model_name

    nlp = spacy.load(model_name(), disable=["lemmatizer"])
    found = []
    for articles in stories:
        words = set()
        for doc in nlp.pipe(text for _, _, text in articles):
            for ent in doc.ents:
                if ent.label_ in VARIED_LABELS:
                    words.update(token.text for token in ent
                                 if token.is_alpha and token.text[0].isupper() and not token.is_stop)
        found.append(words)
    return found


def invented_name(rng: random.Random, word: str) -> str:
    syllables = max(2, min(4, len(word) // 3))
    name = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))
    return name.upper() if word.isupper() and len(word) > 1 else name.capitalize()


class Variation:
    """One generated story's substitution map: names, a figure factor and a date shift."""

    def __init__(self, rng: random.Random, words: set[str], story: int):
        self.names = {word: invented_name(rng, word) for word in sorted(words)}
        self.factor = rng.choice((rng.uniform(FACTOR_RANGE[0], 0.85), rng.uniform(1.15, FACTOR_RANGE[1])))
        self.years = rng.choice(YEAR_SHIFTS)
        self.days = story * DAYS_PER_STORY % 365
        reference = date(LEAP_YEAR, 3, 1)
        self.weekdays = (self.moved(reference) - reference).days % 7
        self.name_pattern = (
            re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
            if words else None
        )

    def moved(self, day: date) -> date:
        return day.replace(year=day.year + self.years) + timedelta(days=self.days)

    def date(self, match: re.Match) -> str:
        found = match.groupdict()
        if found["weekday"]:
            word = found["weekday"]
            return same_case(word, WEEKDAYS[(WEEKDAYS.index(word.lower()) + self.weekdays) % 7])
        try:
            if found["iso"]:
                return self.moved(date.fromisoformat(found["iso"])).isoformat()
            if found["compact"]:
                written = found["compact"]
                return self.moved(date(int(written[:4]), int(written[4:6]), int(written[6:]))).strftime("%Y%m%d")
            if found["path_year"]:
                month = found["path_month"]
                number = int(month) if month.isdigit() else month_number(month)
                day = self.moved(date(int(found["path_year"]), number, int(found["path_day"])))
                written = f"{day.month:02d}" if month.isdigit() else same_case(month, MONTH_NAMES[day.month - 1][:3])
                return f"/{day.year}/{written}/{day.day:02d}"
            first = found["month"] is not None
            month, day_text, suffix, year = (
                (found["month"], found["day"], found["suffix"], found["year"]) if first
                else (found["month2"], found["day2"], found["suffix2"], found["year2"])
            )
            day = date(int(year) if year else LEAP_YEAR, month_number(month), int(day_text))
        except ValueError:  # not a date after all ("May 40")
            return match.group(0)
        moved = self.moved(day) if year else day + timedelta(days=self.days)
        month_text = written_month(month, moved.month)
        day_written = f"{moved.day:0{len(day_text) if day_text.startswith('0') else 1}d}" + (ordinal(moved.day) if suffix else "")
        if first:
            return f"{month_text} {day_written}" + (f"{found['comma']}{moved.year}" if year else "")
        return f"{day_written} {month_text}" + (f" {moved.year}" if year else "")

    def number_word(self, match: re.Match) -> str:
        word = match.group(0)
        varied = max(2, round(CARDINALS[word.lower()] * self.factor))
        written = next((name for name, value in CARDINALS.items() if value == varied), str(varied))
        return same_case(word, written)

    def figure(self, match: re.Match) -> str:
        whole, decimals = match.group(1), match.group(2) or ""
        value = float(whole.replace(",", "") + decimals)
        if not decimals and "," not in whole and 1900 <= value <= 2099:
            return str(int(value) + self.years)
        varied = value * self.factor
        if decimals:
            return f"{varied:.{len(decimals) - 1}f}"
        return f"{round(varied):,}" if "," in whole else str(round(varied))

    def text(self, text: str) -> str:
        if self.name_pattern:
            text = self.name_pattern.sub(lambda match: self.names[match.group(0)], text)
        # Dates first, each to a placeholder, so that their days and years are not read as figures.
        moved: list[str] = []

        def hold(match: re.Match) -> str:
            moved.append(self.date(match))
            return chr(PLACEHOLDER + len(moved) - 1)  # a private-use character: no digit, no word

        text = DATE.sub(hold, text)
        text = FIGURE.sub(self.figure, NUMBER_WORD.sub(self.number_word, text))
        return re.sub("[\ue000-\uf8ff]", lambda match: moved[ord(match.group(0)) - PLACEHOLDER], text)

    def declared(self, declared: dict, story: int) -> dict:
        varied = dict(declared)
        if isinstance(varied.get("published"), str):
            varied["published"] = DATE.sub(self.date, varied["published"])
        if isinstance(varied.get("url"), str):
            varied["url"] = DATE.sub(self.date, varied["url"])
            varied["url"] += ("&" if "?" in varied["url"] else "?") + f"story={story}"
        if isinstance(varied.get("title"), str):
            varied["title"] = self.text(varied["title"])
        return varied


def month_number(written: str) -> int:
    return next(n for n, name in enumerate(MONTH_NAMES, start=1) if name.startswith(written.lower().rstrip(".")[:3]))


def written_month(written: str, month: int) -> str:
    """Month ``month`` written as ``written`` is: in full or cut, with its period, in its case."""
    name = MONTH_NAMES[month - 1]
    bare = written.rstrip(".")
    if bare.lower() not in MONTH_NAMES:
        name = name[:len(bare)] if len(bare) <= 3 else name[:4] if name == "september" else name[:3]
    return same_case(bare, name) + ("." if written.endswith(".") else "")


def ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word.capitalize() if model[0].isupper() else word.lower()


def generate(articles: int, seed: int, spread: int) -> list[tuple[str, str, int]]:
    """The feed in arrival order: (file name, file text, words of its text)."""
    sources = source_articles()
    words = entity_words(sources)
    rng = random.Random(seed)
    feed = []
    story = 0
    while len(feed) < articles:
        source = story % len(sources)
        variation = Variation(random.Random(f"{seed}:{story}"), words[source], story)
        for name, declared, text in sources[source]:
            body = variation.text(text)
            front = variation.declared(declared, story)
            header = f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n" if front else ""
            arrival = story + rng.uniform(0, spread)
            feed.append((arrival, f"s{story:05d}_{name}", header + body, len(body.split())))
        story += 1
    feed.sort(key=lambda item: item[0])
    return [(name, text, count) for _, name, text, count in feed[:articles]]


def write_batches(feed: list[tuple[str, str, int]], folder: Path, batch: int) -> list[tuple[Path, int, int]]:
    """The feed as folders of ``batch`` articles: (folder, articles, words)."""
    batches = []
    for first in range(0, len(feed), batch):
        target = folder / f"batch-{first // batch:03d}"
        target.mkdir(parents=True, exist_ok=True)
        part = feed[first:first + batch]
        for position, (name, text, _) in enumerate(part, start=first):
            (target / f"{position:06d}_{name}").write_text(text, encoding="utf-8")
        batches.append((target, len(part), sum(count for *_, count in part)))
    return batches


def database_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1000, help="articles per ingest run")
    parser.add_argument("--workers", type=int, default=1, help="NLP processes (bare spaCy gets the same)")
    parser.add_argument("--spread", type=int, default=20, help="stories a story's articles arrive across")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--moves", type=int, default=50, help="reviewer moves timed")
    parser.add_argument("--sample", type=int, default=200, help="articles timed against bare spaCy")
    parser.add_argument("--out", type=Path, help="keep the feed and its database here")
    args = parser.parse_args()
    scratch = None if args.out else tempfile.TemporaryDirectory()
    out = args.out or Path(scratch.name)
    db_path = out / "claims.db"
    if db_path.exists():
        sys.exit(f"bench/scale.py: {db_path} exists; give an empty --out")
    feed = generate(args.articles, args.seed, args.spread)
    batches = write_batches(feed, out / "feed", args.batch)
    stories = len({name.split("_", 1)[0] for name, _, _ in feed})
    words = sum(count for *_, count in feed)
    print(f"feed       {len(feed):,} articles of {stories:,} stories, {words:,} words, "
          f"in {len(batches)} batches of up to {args.batch:,}", flush=True)
    sample, _, sample_words = write_batches(feed[:args.sample], out / "sample", args.sample)[0]
    # Back to back in fresh processes, as bench/ingest.py times them: the machine is shared, so CPU
    # seconds are printed beside wall seconds.
    bare = ingest_bench.in_child("spacy", sample, args.workers)
    ours = ingest_bench.in_child("ingest", sample, args.workers)
    print(f"words/s    on the first {args.sample} articles: ingest + claims {sample_words / ours['seconds']:,.0f}, "
          f"bare spaCy (model + our components) {sample_words / bare['seconds']:,.0f}: "
          f"ratio {bare['seconds'] / ours['seconds']:.2f} wall, {bare['cpu'] / ours['cpu']:.2f} CPU", flush=True)

    db = open_db(db_path)
    print(f"{'articles':>8} {'art/s':>6} {'words/s':>8} {'ingest s':>8} {'claims s':>8} "
          f"{'stories s/1k':>12} {'match s/1k':>10} {'stories cpu/1k':>14} {'match cpu/1k':>12} "
          f"{'review cpu/1k':>13} {'MiB/1k':>7} {'claims':>8} {'matches':>8}", flush=True)
    total_seconds = total_words = 0.0
    stored = 0
    per_thousand, cpu_per_thousand = [], []
    for folder, count, batch_words in batches:
        report = run(db, [str(folder)], workers=args.workers)
        for source, reason in report.ingest.failures:
            print(f"  {source}: {reason}", file=sys.stderr)
        for message in report.failures:
            print(f"  {message}", file=sys.stderr)
        nlp_seconds = report.seconds["ingest"] + report.seconds["claims"]
        total_seconds += nlp_seconds
        total_words += batch_words
        stored += count
        stories_time = report.seconds["stories"] * 1000 / count
        match_time = report.seconds["match"] * 1000 / count
        stories_cpu = report.cpu_seconds["stories"] * 1000 / count
        match_cpu = report.cpu_seconds["match"] * 1000 / count
        per_thousand.append(stories_time + match_time)
        cpu_per_thousand.append(stories_cpu + match_cpu)
        claims = db.execute("select count(*) from claims").fetchone()[0]
        matches = db.execute("select count(*) from matches").fetchone()[0]
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the size of the data, not of a WAL waiting to be merged
        size = database_bytes(db_path) / MIB * 1000 / stored
        print(f"{stored:>8,} {count / nlp_seconds:>6.2f} {batch_words / nlp_seconds:>8,.0f} "
              f"{report.seconds['ingest']:>8.1f} {report.seconds['claims']:>8.1f} "
              f"{stories_time:>12.1f} {match_time:>10.1f} {stories_cpu:>14.1f} {match_cpu:>12.1f} "
              f"{report.cpu_seconds['review'] * 1000 / count:>13.1f} {size:>7.1f} {claims:>8,} {matches:>8,}", flush=True)
    contradictions = db.execute("select count(*) from matches where relation = 'contradicts'").fetchone()[0]
    stored_stories = db.execute("select count(*) from stories where articles > 0").fetchone()[0]
    db.close()

    rate = total_words / total_seconds
    print(f"throughput {stored / total_seconds:.2f} articles/s, {rate:,.0f} words/s (ingest and claims stages,"
          f" wall) with {args.workers} NLP process(es)")
    print(f"matching   stories + match {cpu_per_thousand[0]:.1f} CPU s per 1,000 articles in the first batch, "
          f"{cpu_per_thousand[-1]:.1f} in the last: {cpu_per_thousand[-1] / cpu_per_thousand[0]:.2f}x "
          f"(wall {per_thousand[0]:.1f} and {per_thousand[-1]:.1f} s: {per_thousand[-1] / per_thousand[0]:.2f}x)")
    print(f"database   {database_bytes(db_path) / MIB:.1f} MiB, "
          f"{database_bytes(db_path) / MIB * 1000 / stored:.1f} MiB per 1,000 articles; "
          f"{stored_stories:,} stories, {contradictions:,} contradictions")
    print(f"memory     peak {ingest_bench.peak_memory() / MIB:,.0f} MiB (this process and its largest child)")
    if contradictions:
        opened, ready, loaded, _ = asyncio.run(review_bench.drive(db_path, args.moves))
        print(f"reviewer   first item {opened * 1000:.0f} ms, whole queue {ready * 1000:.0f} ms, next item "
              f"median {statistics.median(loaded) * 1000:.1f} ms, p95 "
              f"{review_bench.percentile(loaded, 0.95) * 1000:.1f} ms over {len(loaded)} moves")
    else:
        print("reviewer   not timed: the feed has no contradiction to review")
    if scratch:
        scratch.cleanup()


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"wall       {time.perf_counter() - started:,.0f} s")
