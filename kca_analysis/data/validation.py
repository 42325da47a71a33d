"""Strict reading of the collection's CSV files.

Every data file is read the same way: checksum against the catalog ``data/datapackage.json``,
byte-order mark and Windows line endings accepted, an empty file refused, the header compared
with the declared columns, every cell parsed by its column's kind and checked against its
constraints, and the key checked for duplicates. Each problem raises :class:`DataError`, whose
message names the file, the line, the column, what was expected and what was found, so that a
reader can open the file and fix it. The schemas come from the catalog (:func:`read_resource`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paths
from .catalog import load_catalog, provenance, verify_checksum
from .schema import READ_LOG_ENV, ChecksumError, Column, DataError, RowLines, Schema, log_read

__all__ = [
    "READ_LOG_ENV",
    "ChecksumError",
    "Column",
    "DataError",
    "Schema",
    "check_unique",
    "load_sources",
    "log_read",
    "parse_date",
    "parse_int",
    "parse_number",
    "parse_period",
    "period_months",
    "read_resource",
    "read_rows",
    "read_table",
    "read_text_lenient",
    "verify_checksum",
]


def load_sources(catalog_file: Path | str | None = None) -> dict[str, dict[str, Any]]:
    """Return the provenance of every data file, keyed by path relative to the root.

    ``data/sources.yml`` is generated from the catalog; this is the same view
    (:func:`kca_analysis.data.catalog.provenance`), kept for the notebooks' Sources cells.

    Parameters
    ----------
    catalog_file
        The catalog to read (default ``data/datapackage.json``).

    Returns
    -------
    dict
        Path -> ``title, producer, citation, locator, derived_from, date_read, licence,
        unit_notes, caveats, confidence, sha256``.
    """
    return provenance(load_catalog(catalog_file))


def read_resource(
    name: str, path: Path | str | None = None, *, verify: bool = True
) -> pd.DataFrame:
    """Read a resource of the catalog with its declared schema (see :func:`read_table`).

    Parameters
    ----------
    name
        The resource name in ``data/datapackage.json`` (the file stem).
    path
        Another file to read with the same schema (tests pass broken copies); default the
        resource's own file.
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        As :func:`read_table` returns it.
    """
    entry = load_catalog().resource(name)
    return read_table(entry.file if path is None else path, entry.schema, verify=verify)


# --------------------------------------------------------------------------------------------
# Cell parsers: each takes the cell text and returns a value or raises ValueError(expected).

_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: A period: a year (``2022``) or a run of months within one year (``2023-01..10``).
_PERIOD = re.compile(r"(?P<year>\d{4})(-(?P<first>\d{2})\.\.(?P<last>\d{2}))?")


def parse_int(text: str) -> int:
    """Parse a plain integer (``-12``, ``2014``).

    Parameters
    ----------
    text
        The cell text.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        Saying what was expected.
    """
    if not _INT.fullmatch(text):
        raise ValueError("an integer")
    return int(text)


def parse_number(text: str) -> float:
    """Parse a plain decimal number (``604.389975``, ``-0.21``, ``1e6``).

    Parameters
    ----------
    text
        The cell text.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Saying what was expected.
    """
    if not _NUMBER.fullmatch(text):
        raise ValueError("a number written with digits and an optional decimal point")
    value = float(text)
    if not math.isfinite(value):  # pragma: no cover - the pattern excludes inf/nan
        raise ValueError("a finite number")
    return value


def parse_date(text: str) -> str:
    """Check an ISO date of year, month or day precision and return it unchanged.

    Parameters
    ----------
    text
        The cell text: ``2009``, ``2012-07`` or ``2007-11-15``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        Saying what was expected.
    """
    if not _DATE.fullmatch(text):
        raise ValueError("an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def period_months(text: str) -> int:
    """Return how many months a period such as ``2022`` or ``2023-01..10`` covers.

    Parameters
    ----------
    text
        The period.

    Returns
    -------
    int
        12 for a year, else the number of months of the range.

    Raises
    ------
    ValueError
        When the text is not a year or a month range within one year.
    """
    match = _PERIOD.fullmatch(text)
    if not match:
        raise ValueError("a period YYYY or YYYY-MM..MM")
    if match["first"] is None:
        return 12
    first, last = int(match["first"]), int(match["last"])
    if not 1 <= first <= last <= 12:
        raise ValueError("a month range MM..MM with 01 <= first <= last <= 12")
    return last - first + 1


def parse_period(text: str) -> str:
    """Check a period (see :func:`period_months`) and return it unchanged.

    Parameters
    ----------
    text
        The cell text.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        Saying what was expected.
    """
    period_months(text)
    return text


_PARSERS: dict[str, Callable[[str], Any]] = {
    "str": str,
    "int": parse_int,
    "number": parse_number,
    "date": parse_date,
    "period": parse_period,
}


def read_text_lenient(path: Path) -> str:
    """Read a CSV's text: UTF-8 with or without a byte-order mark, any line endings.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    str
        The text with ``\n`` line endings.

    Raises
    ------
    DataError
        When the file is empty or not UTF-8.
    """
    raw = path.read_bytes()
    if not raw.strip(b"\xef\xbb\xbf \t\r\n"):
        raise DataError("the file is empty; expected a header row and data rows", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(f"expected UTF-8 text ({error})", file=path) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_rows(path: Path, expected: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Return ``(line number, row)`` pairs after checking the header against ``expected``.

    Parameters
    ----------
    path
        The file.
    expected
        The declared column names.

    Returns
    -------
    list of tuple
        The physical line where each row starts, and the row as a dict of cell texts.

    Raises
    ------
    DataError
        For a missing or unexpected column, a duplicated header, or a row of the wrong length.
    """
    reader = csv.reader(io.StringIO(read_text_lenient(path)))
    header = next(reader)
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(f"the header repeats the column {name!r}", file=path, line=1)
        seen.add(name)
    missing = [name for name in expected if name not in seen]
    extra = [name for name in header if name not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(repr(m) for m in missing))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(repr(e) for e in extra))
        raise DataError(
            "; ".join(parts) + "; expected the columns " + ", ".join(repr(e) for e in expected),
            file=path,
            line=1,
        )
    rows = []
    line = reader.line_num
    for cells in reader:
        first_line = line + 1
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue  # a blank line carries no observation
        if len(cells) != len(header):
            raise DataError(
                f"expected {len(header)} cells, found {len(cells)}", file=path, line=first_line
            )
        rows.append((first_line, dict(zip(header, cells, strict=True))))
    if not rows:
        raise DataError("the file has a header but no data rows", file=path)
    return rows


def check_unique(
    path: Path, records: Iterable[tuple[int, tuple[Any, ...]]], key: Sequence[str]
) -> None:
    """Raise :class:`DataError` naming both lines when two rows share the same key.

    Parameters
    ----------
    path
        The file, for the message.
    records
        ``(line, key values)`` of every row.
    key
        The key's column names.

    Raises
    ------
    DataError
        Naming the file, both lines and the repeated values.
    """
    first_seen: dict[tuple[Any, ...], int] = {}
    for line, values in records:
        if values in first_seen:
            shown = ", ".join(f"{k}={v!r}" for k, v in zip(key, values, strict=True))
            raise DataError(
                f"duplicated ({', '.join(key)}): lines {first_seen[values]} and {line} "
                f"both hold {shown}",
                file=path,
                line=line,
            )
        first_seen[values] = line


def read_table(path: Path | str, schema: Schema, *, verify: bool = True) -> pd.DataFrame:
    """Read and validate a data file against ``schema``; return a typed DataFrame.

    Parameters
    ----------
    path
        The CSV file.
    schema
        Its declared columns, key and country columns.
    verify
        Check the checksum recorded in the catalog first (tests of bad input turn this off to
        reach the schema checks).

    Returns
    -------
    DataFrame
        One column per declared column, in declared order; a ``line`` attribute per row is kept
        in ``df.attrs["lines"]`` for messages further down.

    Raises
    ------
    DataError
        For the first problem: the file's checksum, its header, a cell (naming line, column,
        what was expected and what was found) or a repeated key.
    """
    from ..countries import UnknownCountryError, lookup_country

    path = Path(path)
    if verify:
        verify_checksum(path)
    log_read(path)
    rows = read_rows(path, schema.names)
    parsed: dict[str, list[Any]] = {c.name: [] for c in schema.columns}
    lines = []
    for line, row in rows:
        lines.append(line)
        for column in schema.columns:
            text = row[column.name].strip()
            if text == "":
                if column.required:
                    raise DataError(
                        f"expected a value ({column.kind}), found an empty cell",
                        file=path,
                        line=line,
                        column=column.name,
                    )
                parsed[column.name].append(None)
                continue
            try:
                value = _PARSERS[column.kind](text)
            except ValueError as error:
                raise DataError(
                    f"expected {error}, found {text!r}", file=path, line=line, column=column.name
                ) from None
            if column.choices is not None and value not in column.choices:
                raise DataError(
                    f"expected one of {', '.join(map(repr, column.choices))}, found {text!r}",
                    file=path,
                    line=line,
                    column=column.name,
                )
            if column.pattern is not None and not re.fullmatch(column.pattern, text):
                raise DataError(
                    f"expected text matching the pattern {column.pattern!r}, found {text!r}",
                    file=path,
                    line=line,
                    column=column.name,
                )
            if column.minimum is not None and value < column.minimum:
                raise DataError(
                    f"expected a value of at least {column.minimum:g}, found {text!r}",
                    file=path,
                    line=line,
                    column=column.name,
                )
            if column.name in schema.country_columns and value not in schema.country_extras:
                try:
                    lookup_country(value, central_asia_only=schema.country_columns[column.name])
                except UnknownCountryError as error:
                    extras = (
                        f" (or {', '.join(map(repr, schema.country_extras))})"
                        if schema.country_extras
                        else ""
                    )
                    raise DataError(
                        f"{error}{extras}", file=path, line=line, column=column.name
                    ) from None
            parsed[column.name].append(value)
    if schema.key:
        check_unique(
            path,
            ((ln, tuple(parsed[k][i] for k in schema.key)) for i, ln in enumerate(lines)),
            schema.key,
        )
    frame = pd.DataFrame(
        {name: _as_series(values, schema, name) for name, values in parsed.items()}
    )
    frame.attrs["lines"] = RowLines(lines)
    frame.attrs["file"] = paths.relative_to_root(path)
    return frame


def _as_series(values: list[Any], schema: Schema, name: str) -> pd.Series:
    kind = next(c.kind for c in schema.columns if c.name == name)
    if kind == "int":
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.Series(values, dtype="object")
