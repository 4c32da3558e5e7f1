"""Writing rows as CSV, JSON Lines, JSON or Parquet, to a file or stdout."""

from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator, TextIO

from ..errors import FactcheckError
from ..progress import tracked

FORMATS = ("csv", "jsonl", "json", "parquet")

# The Parquet type of each declared column type (``columns.TYPES``), and how a value is read into it.
PARQUET_TYPES = {
    "integer": ("int64", None),
    "real": ("float64", None),
    "text": ("string", None),
    "date": ("date32", date.fromisoformat),
    "timestamp": ("timestamp", datetime.fromisoformat),
}

# A spreadsheet runs a cell that starts with one of these as a formula; a
# leading apostrophe makes it plain text (tab and carriage return hide them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """Text a spreadsheet would evaluate, made literal; numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@contextmanager
def _text_out(out: Path | None, encoding: str) -> Iterator[TextIO]:
    if out is None:
        # stdout gets the same bytes a file would (the BOM included when asked for).
        sys.stdout.flush()
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="", write_through=True)
        try:
            yield stream
        finally:
            stream.detach()
        return
    try:
        with open(out, "w", encoding=encoding, newline="") as stream:
            yield stream
    except OSError as error:
        raise FactcheckError(f"{out}: cannot write ({error.strerror})") from None


def write_rows(
    rows: list[dict[str, Any]],
    columns: list[str],
    fmt: str,
    out: Path | None = None,
    *,
    bom: bool = False,
    progress: bool = False,
    types: dict[str, str] | None = None,
) -> int:
    """Write ``rows`` (dicts with ``columns``) in ``fmt`` to ``out`` or stdout; return the count.

    ``bom`` starts a CSV with a UTF-8 byte order mark, which spreadsheets
    need to read it as UTF-8. Parquet needs ``out`` and the ``parquet`` extra;
    it gives every column its declared type (``types``, else text), so two
    files of a dataset, an empty one too, have one schema.
    """
    if fmt not in FORMATS:
        raise FactcheckError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    if fmt == "parquet":
        _write_parquet(rows, columns, out, types or {})
        return len(rows)
    if fmt == "json":
        with _text_out(out, "utf-8") as stream:
            json.dump(rows, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        return len(rows)
    with _text_out(out, "utf-8-sig" if bom and fmt == "csv" else "utf-8") as stream:
        if fmt == "jsonl":
            for row in tracked(rows, "export", show=progress):
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\r\n")
            writer.writeheader()
            for row in tracked(rows, "export", show=progress):
                writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
    return len(rows)


def _write_parquet(rows: list[dict[str, Any]], columns: list[str], out: Path | None, types: dict[str, str]) -> None:
    if out is None:
        raise FactcheckError("parquet is binary: give --out FILE")
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise FactcheckError(
            "parquet export needs the parquet extra: pip install 'factcheck[parquet]'"
        ) from None
    table = pyarrow.table({column: _parquet_column(pyarrow, [row[column] for row in rows], types.get(column, "text"))
                           for column in columns})
    try:
        pyarrow.parquet.write_table(table, out)
    except OSError as error:
        raise FactcheckError(f"{out}: cannot write ({error})") from None


def _parquet_column(pyarrow: Any, values: list[Any], declared: str) -> Any:
    name, read = PARQUET_TYPES[declared]
    arrow_type = pyarrow.timestamp("us", tz="UTC") if name == "timestamp" else getattr(pyarrow, name)()
    if read is not None:
        try:
            values = [None if value is None else read(value) for value in values]
        except ValueError as error:
            raise FactcheckError(f"a {declared} column holds {error}") from None
    return pyarrow.array(values, type=arrow_type)
