"""World Bank WDI: Korea's merchandise, goods and services trade and net ODA provided, 1992-2023."""

from __future__ import annotations

from pathlib import Path

from .common import (
    Row,
    SourceFormatError,
    raw_file,
    read_source,
    tidy_file,
)
from .worldbank import sorted_by_indicator, wdi_row

WDI_KOR = raw_file("wdi_kor_trade_totals_oda_1992_2023.csv")
TIDY = tidy_file("wdi_korea_totals_1992_2023.csv", reads=(WDI_KOR,))

#: The locator recorded in the .source.txt file (repository@commit:path).
WDI_KOR_CSV = (
    "github.com/majomansueti/Green_Energy_Korea_Project@e9927d2e9b1117023fa0723c05765276b260c2d3:"
    "data/raw/API_KOR_DS2_en_csv_v2_15934.csv"
)


def build(source_dir: Path) -> list[Row]:
    """Korea's merchandise/goods/G&S trade and net ODA provided (WDI), sorted by code and year.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``wdi_korea_totals_1992_2023.csv``.

    Raises
    ------
    SourceFormatError
        For a row that is not Korea's, or a value that is not a number.
    """
    out = []
    for row in read_source(source_dir, WDI_KOR):
        where = f"{WDI_KOR.name} {row['indicator_code']} {row['year']}"
        if row["country_code"] != "KOR":
            raise SourceFormatError(f"{where}: not a Korea row")
        out.append(
            wdi_row(
                where,
                row["year"],
                row["indicator_code"],
                row["indicator_name"],
                row["value_current_usd"],
                f"World Bank WDI (release 2025-03-24) via {WDI_KOR_CSV}",
            )
        )
    return sorted_by_indicator(out, TIDY.name)


CROSS_CHECKS = ()
