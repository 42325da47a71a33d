"""Strict reading of the collection's CSV files.

Every data file is read the same way: checksum against ``data/sources.yml``, byte-order mark and
Windows line endings accepted, an empty file refused, the header compared with the declared
columns, every cell parsed by its column's kind, and the key checked for duplicates. Each
problem raises :class:`DataError`, whose message names the file, the line, the column, what was
expected and what was found, so that a reader can open the file and fix it.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .. import paths
from ..files import sha256_file

#: When this environment variable names a file, every data file read is appended to it
#: (one path relative to the project root per line). The pipeline uses it to check that each
#: notebook declares the inputs it really reads.
READ_LOG_ENV = "KCA_READ_LOG"


class DataError(ValueError):
    """A data file breaks its schema; the message says where and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = paths.relative_to_root(file) if file is not None else None
        self.line = line
        self.column = column
        self.detail = message
        where = [part for part in (self.file, f"line {line}" if line else None) if part]
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ChecksumError(DataError):
    """A data file differs from the checksum recorded in ``data/sources.yml``."""


# --------------------------------------------------------------------------------------------
# Checksums


@lru_cache(maxsize=8)
def _read_sources(sources_file: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    text = Path(sources_file).read_text(encoding="utf-8")
    document = yaml.safe_load(text) or {}
    files = document.get("files")
    if not isinstance(files, dict):
        raise DataError("expected a mapping under the key 'files'", file=sources_file)
    return files


def load_sources(sources_file: Path | str | None = None) -> dict[str, dict[str, Any]]:
    """Return the provenance entries of ``data/sources.yml``, keyed by path relative to root."""
    sources_file = Path(sources_file or paths.SOURCES_FILE)
    if not sources_file.exists():
        raise DataError("the provenance file is missing", file=sources_file)
    return _read_sources(str(sources_file), sources_file.stat().st_mtime_ns)


def verify_checksum(
    path: Path | str, *, sources_file: Path | str | None = None, root: Path | str | None = None
) -> str:
    """Check a data file against the sha256 recorded for it; return the hash.

    Raises
    ------
    ChecksumError
        When the file is not listed in ``sources.yml`` or its bytes have changed; the message
        names the file and both hashes.
    """
    path = Path(path)
    root = Path(root or paths.PROJECT_ROOT)
    try:
        key = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        key = path.as_posix()
    entries = load_sources(sources_file)
    if key not in entries:
        raise ChecksumError("the file has no entry in data/sources.yml", file=path)
    recorded = str(entries[key].get("sha256", ""))
    actual = sha256_file(path)
    if recorded != actual:
        raise ChecksumError(
            f"checksum mismatch: data/sources.yml records sha256 {recorded}, "
            f"the file has sha256 {actual}; the file changed since its provenance was recorded "
            "(if the change is intended, update sources.yml with "
            "`python -m kca_analysis.curate --rehash`)",
            file=path,
        )
    return actual


def log_read(path: Path | str) -> None:
    """Append ``path`` to the read log named by ``KCA_READ_LOG``, if any."""
    log = os.environ.get(READ_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(paths.relative_to_root(path) + "\n")


# --------------------------------------------------------------------------------------------
# Cell parsers: each takes the cell text and returns a value or raises ValueError(expected).

_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: A period: a year (``2022``) or a run of months within one year (``2023-01..10``).
_PERIOD = re.compile(r"(?P<year>\d{4})(-(?P<first>\d{2})\.\.(?P<last>\d{2}))?")


def parse_int(text: str) -> int:
    """Parse a plain integer (``-12``, ``2014``)."""
    if not _INT.fullmatch(text):
        raise ValueError("an integer")
    return int(text)


def parse_number(text: str) -> float:
    """Parse a plain decimal number (``604.389975``, ``-0.21``, ``1e6``)."""
    if not _NUMBER.fullmatch(text):
        raise ValueError("a number written with digits and an optional decimal point")
    value = float(text)
    if not math.isfinite(value):  # pragma: no cover - the pattern excludes inf/nan
        raise ValueError("a finite number")
    return value


def parse_date(text: str) -> str:
    """Check an ISO date of year, month or day precision and return it unchanged."""
    if not _DATE.fullmatch(text):
        raise ValueError("an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def period_months(text: str) -> int:
    """Return how many months a period such as ``2022`` or ``2023-01..10`` covers.

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
    """Check a period (see :func:`period_months`) and return it unchanged."""
    period_months(text)
    return text


# --------------------------------------------------------------------------------------------
# Schemas


@dataclass(frozen=True)
class Column:
    """One declared column of a data file.

    Parameters
    ----------
    name
        The header text.
    kind
        ``str``, ``int``, ``number``, ``date`` or ``period``.
    required
        Whether an empty cell is an error (otherwise it becomes missing: ``NA``/``NaN``/``None``).
    choices
        The allowed values, for a closed vocabulary.
    minimum
        The smallest allowed value, for numbers.
    """

    name: str
    kind: str = "str"
    required: bool = True
    choices: tuple[str, ...] | None = None
    minimum: float | None = None


_PARSERS: dict[str, Callable[[str], Any]] = {
    "str": str,
    "int": parse_int,
    "number": parse_number,
    "date": parse_date,
    "period": parse_period,
}


@dataclass(frozen=True)
class Schema:
    """The declared shape of one data file."""

    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    #: Columns holding country names that must pass the strict lookup, mapped to whether only
    #: the five Central Asian states are allowed (True) or the partners too (False).
    country_columns: dict[str, bool] = field(default_factory=dict)
    #: Extra allowed values for country columns (aggregates such as "Central Asia").
    country_extras: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def read_text_lenient(path: Path) -> str:
    """Read a CSV's text: UTF-8 with or without a byte-order mark, any line endings.

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
    """Raise :class:`DataError` naming both lines when two rows share the same key."""
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
        Check the checksum recorded in ``data/sources.yml`` first (tests of bad input turn
        this off to reach the schema checks).

    Returns
    -------
    DataFrame
        One column per declared column, in declared order; a ``line`` attribute per row is kept
        in ``df.attrs["lines"]`` for messages further down.
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
    frame.attrs["lines"] = lines
    frame.attrs["file"] = paths.relative_to_root(path)
    return frame


def _as_series(values: list[Any], schema: Schema, name: str) -> pd.Series:
    kind = next(c.kind for c in schema.columns if c.name == name)
    if kind == "int":
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.Series(values, dtype="object")
