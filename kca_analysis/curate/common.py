"""What every source module of :mod:`kca_analysis.curate` shares.

The declarations (:class:`RawFile`, :class:`TidyFile`), strict reading of an extract, exact
decimals, notes, URL classification, key uniqueness, the invariants of every tidy row and the
rendering of a tidy file as bytes. Nothing here knows a particular source.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from kca_analysis import countries
from kca_analysis.data.catalog import load_catalog
from kca_analysis.vocab import CONFIDENCE_LEVELS

Row = dict[str, str]

#: Best first: :func:`classify_url` keeps the best-rated page of a row.
CONFIDENCE_LABELS = CONFIDENCE_LEVELS
UNITS = (
    "USD",
    "USD thousand",
    "USD million",
    "USD billion",
    "persons",
    "count",
    "percent",
    "rank",
)

#: The five Central Asian states by the names this collection uses (see ``countries.py``).
CENTRAL_ASIA = tuple(sorted(countries.CENTRAL_ASIA_NAMES))
C5_PLUS_KOREA = f"{countries.KOREA.name};" + ";".join(CENTRAL_ASIA)
ISO3_NAMES = {
    **{c.iso3: c.name for c in sorted(countries.CENTRAL_ASIA, key=lambda c: c.iso3)},
    countries.KOREA.iso3: countries.KOREA.name,
}
#: Month abbreviations as the extracts print them ("Jan-Sep", "12 Dec 2017").
MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


class CurationError(Exception):
    """A source extract cannot be curated as it stands."""


class SourceFormatError(CurationError):
    """A source file does not have the header, vocabulary or value format expected."""


class CrossCheckError(CurationError):
    """Two sources that must agree do not."""


def columns(names: str) -> tuple[str, ...]:
    """Split a space-separated list of column names, so that column lists stay readable.

    Parameters
    ----------
    names
        Column names separated by whitespace: ``'year country flow'``.

    Returns
    -------
    tuple of str
        ``('year', 'country', 'flow')``.
    """
    return tuple(names.split())


@dataclass(frozen=True)
class RawFile:
    """One source extract of ``SOURCE_DIR``: its file name and the exact header it must have."""

    name: str
    header: tuple[str, ...]


@dataclass(frozen=True)
class TidyFile:
    """One file of ``data/curated/`` as its source module declares it.

    ``reads`` are the extracts its rows are built from; ``checked_against`` the further
    extracts that only its cross-checks read.
    """

    name: str
    columns: tuple[str, ...]
    reads: tuple[RawFile, ...]
    checked_against: tuple[RawFile, ...] = ()


def _catalog_entry(name: str, group: str):
    entry = load_catalog().resource(name.removesuffix(".csv"))
    if entry.group != group:
        raise CurationError(f"{name}: the catalog lists it under {entry.group!r}, not {group!r}")
    return entry


def raw_file(name: str) -> RawFile:
    """Declare a raw extract with the header its catalog schema gives.

    Parameters
    ----------
    name
        The file name in ``data/raw/`` (``wb_gdp.csv``).

    Returns
    -------
    RawFile

    Raises
    ------
    CurationError
        When the catalog lists the name outside ``raw/``.
    """
    return RawFile(name, _catalog_entry(name, "raw").columns)


def tidy_file(
    name: str, reads: tuple[RawFile, ...], checked_against: tuple[RawFile, ...] = ()
) -> TidyFile:
    """Declare a curated file with the columns its catalog schema gives.

    Parameters
    ----------
    name
        The file name in ``data/curated/`` (``gdp_wdi.csv``).
    reads
        The extracts its rows are built from.
    checked_against
        The extracts only its cross-checks read.

    Returns
    -------
    TidyFile

    Raises
    ------
    CurationError
        When the catalog lists the name outside ``curated/``.
    """
    return TidyFile(name, _catalog_entry(name, "curated").columns, reads, checked_against)


def read_source(source_dir: Path, raw: RawFile) -> list[Row]:
    """Read one extract and check its header.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.
    raw
        The extract: its file name inside ``source_dir`` and the exact column names expected,
        in order.

    Returns
    -------
    list of dict
        One dict per data row, keyed by column name, values as the source text.

    Raises
    ------
    SourceFormatError
        If the file is missing, its header differs, or a row has the wrong number of cells.
    """
    name, header = raw.name, raw.header
    path = Path(source_dir) / name
    if not path.is_file():
        raise SourceFormatError(f"{name}: not found in {source_dir}")
    # utf-8-sig: tolerate a byte-order mark, which would otherwise corrupt the first header.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        found = next(reader, [])
        if found != list(header):
            raise SourceFormatError(f"{name}: header {found!r}, expected {list(header)!r}")
        rows = []
        for line_no, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                raise SourceFormatError(
                    f"{name}, line {line_no}: {len(cells)} cells, expected {len(header)}"
                )
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


def to_decimal(text: str, where: str) -> Decimal:
    """Parse a numeric source string exactly (never through ``float``).

    Parameters
    ----------
    text
        The cell as the source prints it.
    where
        File, row and column, used in the error message.

    Returns
    -------
    Decimal
        The exact value.

    Raises
    ------
    SourceFormatError
        If ``text`` is not a number.
    """
    try:
        return Decimal(text)
    except InvalidOperation:
        raise SourceFormatError(f"{where}: {text!r} is not a number") from None


def same_figure(a: str, b: str, where_a: str, where_b: str) -> bool:
    """Tell whether two printed cells hold the same figure: both blank, or equal numbers
    (``1.5`` and ``1.50`` agree; a blank never equals a zero).

    Parameters
    ----------
    a, b
        The cells as the two sources print them.
    where_a, where_b
        File, row and column of each, for the error message.

    Returns
    -------
    bool

    Raises
    ------
    SourceFormatError
        When a cell that is not blank is not a number.
    """
    if (a == "") != (b == ""):
        return False
    return a == "" or to_decimal(a, where_a) == to_decimal(b, where_b)


def within_rounding(value: str, base: str, factor: Decimal) -> bool:
    """Tell whether ``value`` equals ``base`` x ``factor`` within the rounding of both figures.

    The tolerance is one unit of the last printed digit of ``value`` plus ``factor`` units of
    the last printed digit of ``base`` (twice the worst case of rounding both to the nearest).

    Parameters
    ----------
    value
        The figure to explain, as printed (``1583``).
    base
        The figure it may be computed from, as printed (``1438.644492``).
    factor
        The multiplier (``Decimal("1.10")``).

    Returns
    -------
    bool

    Raises
    ------
    SourceFormatError
        When either text is not a number.
    """
    v, b = to_decimal(value, "value"), to_decimal(base, "base")
    tolerance = _last_digit(v) + factor * _last_digit(b)
    return abs(v - factor * b) <= tolerance


def _last_digit(number: Decimal) -> Decimal:
    return Decimal(1).scaleb(min(number.as_tuple().exponent, 0))


def usd_to_million_2dp(text: str, where: str) -> Decimal:
    """Convert a USD cell to USD million rounded half-up to 2 decimals, as DAC2a prints it.

    Parameters
    ----------
    text
        The cell in US dollars as the source prints it.
    where
        File, row and column, used in the error message.

    Returns
    -------
    Decimal
        The value in USD million with two decimals.

    Raises
    ------
    SourceFormatError
        If ``text`` is not a number.
    """
    value = to_decimal(text, where) / Decimal(1_000_000)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def join_notes(*parts: str) -> str:
    """Join the non-empty note fragments with ``'; '``.

    Parameters
    ----------
    *parts
        Note fragments, empty ones allowed.

    Returns
    -------
    str
        The fragments that are not empty, in order.
    """
    return "; ".join(part for part in parts if part)


def split_qualifier(text: str) -> tuple[str, str]:
    """Split a trailing parenthesised qualifier off a value.

    Parameters
    ----------
    text
        ``'Kazakhstan (Embassy statement)'``, or a value without a qualifier.

    Returns
    -------
    tuple of str
        ``('Kazakhstan', 'Embassy statement')``, or ``(text, '')`` without a qualifier.
    """
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", text.strip())
    if match is None:
        return text.strip(), ""
    return match.group(1), match.group(2)


def classify_url(urls: str, table: Sequence[tuple[str, str]], where: str) -> str:
    """Return the confidence label of the best-rated page among ``urls``.

    Parameters
    ----------
    urls
        One locator or several separated by ``' ; '``.
    table
        ``(substring, label)`` pairs; the first pair whose substring occurs in a URL labels it.
    where
        Used in the error message.

    Returns
    -------
    str
        One of :data:`CONFIDENCE_LABELS`.

    Raises
    ------
    SourceFormatError
        If a URL matches no pair (a new kind of page must be classified by a person), or there
        is no URL at all.
    """
    rank = {label: i for i, label in enumerate(CONFIDENCE_LABELS)}
    labels = []
    for url in (u.strip() for u in urls.split(" ; ") if u.strip()):
        label = next((lab for key, lab in table if key in url), None)
        if label is None:
            raise SourceFormatError(f"{where}: no confidence rule for page {url!r}")
        labels.append(label)
    if not labels:
        raise SourceFormatError(f"{where}: no source URL")
    return min(labels, key=rank.__getitem__)


def check_unique(rows: Iterable[Row], key: Sequence[str], name: str) -> None:
    """Check that no two rows share the same values in the ``key`` columns.

    Parameters
    ----------
    rows
        The tidy rows.
    key
        The columns that identify a row.
    name
        The tidy file, used in the error message.

    Raises
    ------
    CurationError
        Naming the first repeated key.
    """
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        value = tuple(row[k] for k in key)
        if value in seen:
            raise CurationError(f"{name}: duplicate key {dict(zip(key, value, strict=True))}")
        seen.add(value)


def year_key(text: str) -> int:
    """Sort key that puts rows without a year last.

    Parameters
    ----------
    text
        A four-digit year or an empty (or otherwise undated) cell.

    Returns
    -------
    int
        The year, or 9999 for a row without one.
    """
    return int(text) if text.isdigit() else 9999


def validate_rows(name: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Check the invariants every tidy file shares before it is written.

    Parameters
    ----------
    name
        The tidy file, used in the error message.
    columns
        The columns it declares, in order.
    rows
        The rows built for it.

    Raises
    ------
    CurationError
        If a row has other columns, lacks a source, has an unknown confidence or unit.
    """
    for number, row in enumerate(rows, 2):
        if tuple(row) != tuple(columns):
            raise CurationError(f"{name} line {number}: columns {list(row)} != {list(columns)}")
        if not row["source"].strip():
            raise CurationError(f"{name} line {number}: empty source")
        if row["confidence"] not in CONFIDENCE_LABELS:
            raise CurationError(f"{name} line {number}: confidence {row['confidence']!r}")
        if "unit" in row and row["unit"] not in UNITS and (row["unit"] or row.get("value")):
            raise CurationError(f"{name} line {number}: unit {row['unit']!r} not allowed")


def render_csv(columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    """Render rows as a CSV file.

    Parameters
    ----------
    columns
        The header, in order.
    rows
        The rows, each with (at least) those columns.

    Returns
    -------
    bytes
        UTF-8 CSV with a header and ``\\n`` line endings.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
    return buffer.getvalue().encode("utf-8")
