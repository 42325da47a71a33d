"""What every loader shares: units, vocabularies, the shared columns and small frame helpers.

Money is carried as published (``value`` and ``unit``) and in US dollars (``value_usd``);
countries carry their ISO3 code from the strict lookup in :mod:`kca_analysis.countries`.
"""

from __future__ import annotations

import pandas as pd

from ..countries import PARTNERS, iso3

#: Multipliers from each unit used in ``data/`` to US dollars.
UNIT_FACTORS: dict[str, float] = {
    "USD": 1.0,
    "USD thousand": 1e3,
    "USD million": 1e6,
    "USD billion": 1e9,
}
MONEY_UNITS = tuple(UNIT_FACTORS)
FLOWS = ("export", "import")
PARTNER_NAMES = tuple(c.name for c in PARTNERS)


def with_iso3(
    frame: pd.DataFrame, column: str = "country", *, central_asia_only: bool = True
) -> pd.DataFrame:
    """Insert the ISO3 code of each name in ``column`` right after it.

    Parameters
    ----------
    frame
        A table with a column of country names.
    column
        The column to look up; the new column is ``iso3`` for ``country``, else
        ``<column>_iso3``.
    central_asia_only
        Accept only the five Central Asian states (the strict lookup raises for others).

    Returns
    -------
    DataFrame
        A copy with the code column added.
    """
    frame = frame.copy()
    frame.insert(
        frame.columns.get_loc(column) + 1,
        "iso3" if column == "country" else f"{column}_iso3",
        [iso3(v, central_asia_only=central_asia_only) for v in frame[column]],
    )
    return frame


def with_usd(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``value_usd`` (value times its unit's factor), keeping missing values missing.

    Parameters
    ----------
    frame
        A table with ``value`` and ``unit`` columns.

    Returns
    -------
    DataFrame
        A copy with ``value_usd`` (float) added.
    """
    frame = frame.copy()
    factors = frame["unit"].map(UNIT_FACTORS)
    frame["value_usd"] = frame["value"].astype("float64") * factors.astype("float64")
    return frame
