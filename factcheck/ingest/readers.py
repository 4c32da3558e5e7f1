"""Reading sources: text and Markdown files, HTML pages, JSON Lines, folders and URLs.

A reader turns one source into documents (raw text or HTML plus the metadata given
with it) or failures; it never writes to the database.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import socket
import stat
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

import yaml
from charset_normalizer import from_bytes

from ..errors import FactcheckError
from .charsets import best_match

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_SOURCE_BYTES = 10 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
# Values in the front matter, each alias counted as all it stands for: a few
# lines of anchors and aliases can stand for billions ("billion laughs").
MAX_FRONT_MATTER_VALUES = 10_000
FETCH_TIMEOUT_SECONDS = 20.0
# For the whole download: the timeout above bounds each read, and a server
# trickling a byte a read would otherwise hold the ingest for hours.
FETCH_DEADLINE_SECONDS = 60.0
FETCH_CHUNK_BYTES = 64 * 1024
USER_AGENT = "factcheck-ingest/0.1"
DECLARED_FIELDS = ("outlet", "url", "published", "title")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
NOT_REGULAR = "not a regular file (a pipe, socket, device or broken link)"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Browsers look for a page's <meta charset> in its first 1024 bytes (of UTF-32, four times as many).
META_CHARSET_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?([a-z0-9_.:-]+)""", re.IGNORECASE)
# Characters that never occur in text: a file holding them is binary.
_CONTROL = {chr(code) for code in range(32) if chr(code) not in "\t\n\r\f\v"}


@dataclass
class Document:
    """One article as read: its text or HTML and the metadata given with it.

    ``declared`` holds the fields the source states about the article (front
    matter, or the fields of a JSON Lines record), ``declared_by`` which it was.
    """

    source: str
    source_name: str
    text: str | None = None
    html: str | None = None
    declared: dict[str, object] = field(default_factory=dict)
    declared_by: str = "front-matter"
    fetched_url: str | None = None


@dataclass
class Failure:
    source: str
    reason: str


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def expand_sources(sources: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to read for ``sources``: folders walked recursively, hidden files skipped.

    Returns the sources to read (URLs and paths, in the order given, a folder's
    files sorted) and the files skipped inside folders with the reason. A path
    that does not exist stays in the list, so reading it reports the failure.
    """
    expanded: list[str] = []
    skipped: list[tuple[str, str]] = []
    for source in sources:
        path = Path(source)
        if is_url(source) or not path.is_dir():
            expanded.append(source)
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or child.is_dir():
                continue
            if not child.is_file():
                skipped.append((str(child), NOT_REGULAR))
            elif child.suffix.lower() in SUPPORTED_SUFFIXES:
                expanded.append(str(child))
            else:
                skipped.append((str(child), f"not an article file ({_suffix_list()})"))
    return expanded, skipped


def read_source(source: str) -> Iterator[Document | Failure]:
    """The documents in one file or URL; raises FactcheckError when none can be read."""
    if is_url(source):
        yield fetch_url(source)
        return
    path = Path(source)
    if not path.exists():
        raise FactcheckError("no such file or folder")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FactcheckError(f"not an article file ({_suffix_list()})")
    resolved = str(path.resolve())
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, resolved)
        return
    data = read_capped(path)
    text = decode(data, meta_charset(data) if suffix in HTML_SUFFIXES else None)
    if suffix in HTML_SUFFIXES:
        yield Document(resolved, path.name, html=text)
    else:
        declared, body = split_front_matter(text)
        yield Document(resolved, path.name, text=body, declared=declared)


def read_capped(path: Path) -> bytes:
    """The bytes of a regular file within the size cap."""
    try:
        with _open_regular(path) as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_SOURCE_BYTES:
                raise FactcheckError(f"too large ({_megabytes(size)}; the limit is {_megabytes(MAX_SOURCE_BYTES)})")
            return file.read()
    except OSError as error:
        raise FactcheckError(f"cannot read ({error.strerror})") from None


def _open_regular(path: Path) -> BinaryIO:
    """``path`` open for reading in binary, when it is a regular file."""
    # Non-blocking, so that opening a named pipe returns at once instead of waiting for a writer.
    file = open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
        file.close()
        raise FactcheckError(NOT_REGULAR)
    return file


class EmptySource(FactcheckError):
    """A source with nothing in it: no article to store, and nothing for the user to fix."""


def decode(data: bytes, declared_charset: str | None = None) -> str:
    """Bytes to text: UTF-8 (or a BOM's encoding), else the declared or detected charset
    (``charsets.best_match``).

    Raises EmptySource for an empty file and FactcheckError for binary data.
    """
    if not data.strip():
        raise EmptySource("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    # UTF-16 or UTF-32 text without a BOM is valid UTF-8 when its letters are ASCII (each
    # with NULs beside it): a declared one goes before UTF-8 when those NULs are there.
    # Without them the page is no such text, whatever it declares (pages say utf-16 in error).
    if declared_charset and _is_wide(declared_charset) and b"\x00" in data[:8192]:
        try:
            return _checked(data.decode(declared_charset))
        except UnicodeDecodeError:
            pass
    try:
        return _checked(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if declared_charset:
        try:
            return _checked(data.decode(declared_charset))
        except (LookupError, UnicodeDecodeError):
            pass
    if b"\x00" in data[:8192]:
        raise FactcheckError("binary file, not text")
    best = best_match(from_bytes(data))
    if best is None:
        raise FactcheckError("not text (binary data or an unknown encoding)")
    return _checked(str(best))


def _is_wide(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def meta_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares near its start; read with NULs dropped, so that
    the declaration of a UTF-16 or UTF-32 page is found too."""
    found = _META_CHARSET.search(data[:META_CHARSET_BYTES * 4].replace(b"\x00", b""))
    return found.group(1).decode("ascii") if found else None


def _checked(text: str) -> str:
    sample = text[:8192]
    if sum(map(sample.count, _CONTROL)) > len(sample) // 100:
        raise FactcheckError("binary file, not text")
    return text


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """YAML front matter (``---`` lines around ``key: value`` lines) and the text after it."""
    stripped = text.lstrip("\ufeff")
    lines = stripped.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            break
    else:
        return {}, text
    values = load_front_matter("\n".join(lines[1:number]))
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise FactcheckError("front matter is not a list of `key: value` lines")
    declared = {key: values[key] for key in DECLARED_FIELDS if values.get(key) not in (None, "")}
    return declared, "\n".join(lines[number + 1:])


class _TextLoader(yaml.SafeLoader):
    """Safe YAML whose plain scalars stay text as written ("yes", "0x1F", "2013-02-30"):
    only an empty value or ``null`` is read as something else (None)."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_front_matter(text: str) -> object:
    """The front matter's YAML; FactcheckError when it is too big, too deep, expands
    too far through aliases or is not YAML."""
    if len(text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise FactcheckError(f"front matter is over {MAX_FRONT_MATTER_BYTES // 1024} KB")
    loader = None
    try:
        # The loader refuses characters YAML does not allow as soon as it is made.
        loader = _TextLoader(text)
        node = loader.get_single_node()
        if node is not None and _expands_beyond(node, MAX_FRONT_MATTER_VALUES):
            raise FactcheckError(f"front matter stands for over {MAX_FRONT_MATTER_VALUES} values (YAML aliases)")
        return None if node is None else loader.construct_document(node)
    except yaml.reader.ReaderError as error:
        raise FactcheckError(f"front matter holds a character YAML does not allow (U+{error.character:04X})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise FactcheckError(f"front matter is not valid YAML{where}") from None
    except RecursionError:
        raise FactcheckError("front matter nests too deeply") from None
    except ValueError as error:
        # An explicit tag the value does not fit: "!!timestamp 2013-02-30", "!!int many".
        raise FactcheckError(f"front matter has a bad value ({error})") from None
    finally:
        if loader is not None:
            loader.dispose()


def _expands_beyond(node: yaml.Node, limit: int) -> bool:
    """Whether the document has more than ``limit`` nodes, each alias counted as the
    nodes it repeats (aliases share one node, so the walk meets it again)."""
    pending, seen = [node], 0
    while pending:
        seen += 1
        if seen > limit:
            return True
        current = pending.pop()
        if isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            pending.extend(part for pair in current.value for part in pair)
    return False


def read_jsonl(path: Path, resolved: str) -> Iterator[Document | Failure]:
    """One article a line: ``text`` or ``html``, and optional url/outlet/published/title.

    The file is read a line at a time, so its size has no limit; each record has
    the limit of one source (``MAX_SOURCE_BYTES``). Records end at "\\n" only:
    JSON text may hold U+2028 and other line separators that ``str.splitlines``
    would split on.
    """
    try:
        with _open_regular(path) as file:
            if b"\x00" in file.peek(8192)[:8192]:
                raise FactcheckError("binary file, not text")
            records = 0
            for number, line in enumerate(_lines(file), start=1):
                if line is None:
                    records += 1
                    yield Failure(f"{resolved}#{number}", f"line {number} is over the limit of a record "
                                                         f"({_megabytes(MAX_SOURCE_BYTES)})")
                elif line.strip():
                    records += 1
                    yield _record(line.removeprefix(codecs.BOM_UTF8) if number == 1 else line, resolved,
                                  path.name, number)
    except OSError as error:
        raise FactcheckError(f"cannot read ({error.strerror})") from None
    if not records:
        raise EmptySource("empty file")


def _lines(file: BinaryIO) -> Iterator[bytes | None]:
    """The lines of ``file`` split on "\\n", None for a line over ``MAX_SOURCE_BYTES`` (skipped unread)."""
    while line := file.readline(MAX_SOURCE_BYTES + 1):
        if len(line) <= MAX_SOURCE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := file.readline(MAX_SOURCE_BYTES)) and not rest.endswith(b"\n"):
            pass
        yield None


def _record(line: bytes, resolved: str, name: str, number: int) -> Document | Failure:
    where = f"{resolved}#{number}"
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Failure(where, f"line {number} is not UTF-8 text")
    except json.JSONDecodeError as error:
        return Failure(where, f"line {number} is not valid JSON ({error.msg})")
    except RecursionError:
        return Failure(where, f"line {number} nests too deeply to be an article")
    if not isinstance(record, dict):
        return Failure(where, f"line {number} is not a JSON object")
    body, html = _without_lone_surrogates(record.get("text")), _without_lone_surrogates(record.get("html"))
    if not any(isinstance(value, str) and value.strip() for value in (body, html)):
        return Failure(where, f"line {number} has no `text` or `html`")
    declared = {
        key: _without_lone_surrogates(record[key]) for key in DECLARED_FIELDS if record.get(key) not in (None, "")
    }
    has_text = isinstance(body, str) and bool(body.strip())
    return Document(
        where, f"{name}#{number}", text=body if has_text else None, html=None if has_text else html,
        declared=declared, declared_by="record",
    )


def _without_lone_surrogates(value: object) -> object:
    """``value`` with each lone surrogate in its text as U+FFFD, as a decoder replaces bytes
    that are no character: JSON can escape half a character ("\\ud800"), which no text holds."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    return value


def fetch_url(url: str) -> Document:
    """Fetch an http(s) page with a timeout per read, a deadline for the whole and a size cap."""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    except ValueError as error:
        raise FactcheckError(f"not a valid URL ({error})") from None
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            data = _read_by_deadline(response, time.monotonic() + FETCH_DEADLINE_SECONDS)
            final_url = response.geturl()
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        if str(error.reason).startswith(urllib.request.HTTPRedirectHandler.inf_msg):
            # urllib explains a redirect loop in a paragraph; one line says as much.
            raise FactcheckError(f"redirected in a loop or too many times (HTTP {error.code})") from None
        raise FactcheckError(f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = "timed out" if isinstance(error.reason, socket.timeout) else error.reason
        raise FactcheckError(f"cannot fetch ({reason})") from None
    except (socket.timeout, TimeoutError):
        raise FactcheckError(f"timed out after {FETCH_TIMEOUT_SECONDS:g} s") from None
    except (ValueError, OSError) as error:
        raise FactcheckError(f"cannot fetch ({error})") from None
    text = decode(data, charset or (None if content_type == "text/plain" else meta_charset(data)))
    if content_type == "text/plain":
        declared, body = split_front_matter(text)
        return Document(url, url, text=body, declared=declared, fetched_url=final_url)
    return Document(url, url, html=text, fetched_url=final_url)


def _read_by_deadline(response, deadline: float) -> bytes:
    """The response's body, read a chunk at a time until the size cap or the deadline."""
    chunks, size = [], 0
    while chunk := response.read1(FETCH_CHUNK_BYTES):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_SOURCE_BYTES:
            raise FactcheckError(f"too large (over {_megabytes(MAX_SOURCE_BYTES)})")
        if time.monotonic() > deadline:
            raise FactcheckError(f"still downloading after {FETCH_DEADLINE_SECONDS:g} s (the deadline for a page)")
    return b"".join(chunks)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _suffix_list() -> str:
    return ", ".join(sorted(SUPPORTED_SUFFIXES))
