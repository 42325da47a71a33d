"""The paper's Table 1, corrected: thousands of USD, "2023, OCT" as January-October 2023.

Both corrections come from ``data/corrections.yml`` and their guards run before they apply.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import paths
from ..countries import lookup_country
from .catalog import load_catalog
from .common import UNIT_FACTORS
from .corrections import CorrectionError, corrections_for
from .guards import run_guard
from .table1_printed import (
    TABLE1_COUNTRY_COLUMN,
    TABLE1_KEY,
    TABLE1_RESOURCE,
    TABLE1_TIDY_COLUMNS,
    TABLE1_VALUE_COLUMNS,
    load_paper_trade_table,
    parse_printed_integer,
    table1_file,
)
from .validation import DataError, check_unique


def load_trade_table1(
    path: Path | str | None = None,
    *,
    verify: bool = True,
    corrections_file: Path | str | None = None,
) -> pd.DataFrame:
    """Return Table 1 as a tidy, corrected table: one row per country, flow and period.

    The printed figures are thousands of US dollars (not dollars, as the caption says) and
    "2023, OCT" is January-October 2023; both corrections come from ``data/corrections.yml``
    and their guards are run first.

    Parameters
    ----------
    path
        Another file with Table 1's columns (default: the catalog's ``table1_trade``).
    verify
        Check the recorded sha256 (and the printed unit the catalog records) first.
    corrections_file
        Another corrections file (default ``data/corrections.yml``).

    Returns
    -------
    DataFrame
        Columns ``iso3, country, flow, period, months, value_thousand_usd, value_usd``; flow is
        ``export`` or ``import`` from Korea's side; period ``2022`` or ``2023-01..10``.

    Raises
    ------
    DataError
        For a cell that is not a printed integer, a negative value, an unknown country, a
        duplicated (country, flow, period), a missing column, or a failing correction guard.
    """
    path = Path(path) if path is not None else table1_file()
    printed = load_paper_trade_table(path, verify=verify)
    lines = printed.attrs["lines"]
    corrections = corrections_for(TABLE1_KEY, corrections_file)
    unit = [c for c in corrections if c.action.get("type") == "unit"]
    periods = {
        c.action["printed_label"]: c for c in corrections if c.action.get("type") == "period"
    }
    if len(unit) != 1:
        raise CorrectionError(
            f"expected exactly one unit correction for {TABLE1_KEY}, found {len(unit)}",
            file=corrections_file or paths.CORRECTIONS_FILE,
        )
    to_usd = UNIT_FACTORS[unit[0].action["true_unit"]]

    records = []
    for line, (_, row) in zip(lines, printed.iterrows(), strict=True):
        try:
            country = lookup_country(row[TABLE1_COUNTRY_COLUMN])
        except ValueError as error:
            raise DataError(
                str(error), file=path, line=line, column=TABLE1_COUNTRY_COLUMN
            ) from None
        for column, (flow, label) in TABLE1_VALUE_COLUMNS.items():
            try:
                printed_value = parse_printed_integer(row[column])
            except ValueError as error:
                raise DataError(
                    f"expected {error}, found {row[column]!r}", file=path, line=line, column=column
                ) from None
            period, months = _table1_period(label, periods)
            value_usd = int(printed_value * to_usd)
            records.append((line, country.iso3, country.name, flow, period, months, value_usd))
    check_unique(path, ((r[0], (r[2], r[3], r[4])) for r in records), ("country", "flow", "period"))
    # Guards read printed cells, so they run once every cell is known to parse.
    _check_printed_unit(unit[0], verify)
    for correction in corrections:
        run_guard(correction, printed)
    columns = [c for c in TABLE1_TIDY_COLUMNS if c != "value_thousand_usd"]
    tidy = pd.DataFrame([r[1:] for r in records], columns=columns)
    tidy["months"] = tidy["months"].astype("int64")
    tidy["value_usd"] = tidy["value_usd"].astype("int64")
    tidy.insert(5, "value_thousand_usd", tidy["value_usd"] // 1000)
    tidy.attrs["corrections"] = [c.id for c in corrections]
    tidy.attrs["file"] = paths.relative_to_root(path)
    return tidy


def _check_printed_unit(correction, verify: bool) -> None:
    """The unit correction must correct the unit the paper really prints, as the catalog records
    it (``unitAsPrinted`` of ``table1_trade``); if the record changes, the correction no longer
    applies."""
    if not verify:
        return
    printed = load_catalog().resource(TABLE1_RESOURCE).get("unitAsPrinted")
    if printed != correction.action["printed_unit"]:
        raise CorrectionError(
            f"correction {correction.id!r} corrects the printed unit "
            f"{correction.action['printed_unit']!r}, but data/datapackage.json records the "
            f"printed unit as {printed!r}",
            file=paths.CORRECTIONS_FILE,
        )


def _table1_period(label: str, periods: dict) -> tuple[str, int]:
    """Map a printed period label to (period, months): plain years stand, others need a
    correction that says what they mean."""
    if re.fullmatch(r"\d{4}", label):
        return label, 12
    if label not in periods:
        raise DataError(
            f"the period label {label!r} has no entry in data/corrections.yml saying which "
            "months it covers",
            file=table1_file(),
        )
    action = periods[label].action
    return str(action["period"]), int(action["months"])


# --------------------------------------------------------------------------------------------
