"""The paper's Table 1 exactly as printed: every cell a string, the caption's unit kept.

The corrected, tidy table is :func:`kca_analysis.data.table1.load_trade_table1`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import paths
from .catalog import load_catalog
from .schema import RowLines
from .validation import log_read, read_rows, verify_checksum

#: The resource of ``data/datapackage.json`` that holds Table 1 as printed.
TABLE1_RESOURCE = "table1_trade"
#: Its path relative to the project root (the key its corrections apply to).
TABLE1_KEY = "data/paper/table1_trade.csv"
TABLE1_COUNTRY_COLUMN = "Country"
#: The printed column headers, each read as (flow from Korea's side, period label as printed).
TABLE1_VALUE_COLUMNS: dict[str, tuple[str, str]] = {
    "Export Value (2022)": ("export", "2022"),
    "Import Value (2022)": ("import", "2022"),
    "Export Value (2023, OCT)": ("export", "2023, OCT"),
    "Import Value (2023, OCT)": ("import", "2023, OCT"),
}
TABLE1_TIDY_COLUMNS = [
    "iso3",
    "country",
    "flow",
    "period",
    "months",
    "value_thousand_usd",
    "value_usd",
]

# Digit groups as the paper prints them: "2 183 539", with an ordinary, non-breaking (U+00A0),
# narrow non-breaking (U+202F) or thin (U+2009) space between groups of three.
_GROUP_SEPARATORS = " \u00a0\u202f\u2009"
_PRINTED_INTEGER = re.compile(r"\d{1,3}(?:[" + _GROUP_SEPARATORS + r"]\d{3})*")
_MINUS_SIGNS = "-\u2212"


def parse_printed_integer(text: str) -> int:
    """Parse an integer printed with space-separated digit groups, as in the paper.

    Parameters
    ----------
    text
        The cell text, e.g. ``"2 183 539"``; surrounding whitespace is ignored.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For anything else: other separators (``2,183,539``), misplaced groups (``21 83 539``),
        letters (``2 18x 539``), decimals, or a sign (trade values are never negative).
    """
    stripped = text.strip()
    if stripped[:1] in _MINUS_SIGNS and _PRINTED_INTEGER.fullmatch(stripped[1:].strip()):
        raise ValueError("a non-negative trade value (a trade flow cannot be negative)")
    if not _PRINTED_INTEGER.fullmatch(stripped):
        raise ValueError(
            "a non-negative integer printed in groups of three digits separated by spaces "
            "(e.g. '2 183 539')"
        )
    return int(re.sub("[" + _GROUP_SEPARATORS + "]", "", stripped))


def table1_file() -> Path:
    """Return the file of Table 1 as printed, from the catalog.

    Returns
    -------
    Path
    """
    return load_catalog().resource(TABLE1_RESOURCE).file


def load_paper_trade_table(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the paper's Table 1 exactly as printed (every cell a string).

    The caption labels the values "USD"; see :func:`load_trade_table1` for the corrected table.

    Parameters
    ----------
    path
        Another file with the same columns (default: the catalog's ``table1_trade``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        One row per country, the printed headers as columns, every cell a string.
    """
    path = Path(path) if path is not None else table1_file()
    if verify:
        verify_checksum(path)
    log_read(path)
    expected = [TABLE1_COUNTRY_COLUMN, *TABLE1_VALUE_COLUMNS]
    rows = read_rows(path, expected)
    frame = pd.DataFrame([row for _, row in rows], columns=expected, dtype="object")
    frame.attrs["lines"] = RowLines(line for line, _ in rows)
    frame.attrs["file"] = paths.relative_to_root(path)
    return frame
