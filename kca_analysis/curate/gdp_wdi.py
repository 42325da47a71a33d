"""World Bank WDI: GDP in current US dollars of the five and Korea (``datasets/gdp``)."""

from __future__ import annotations

from pathlib import Path

from .common import Row, raw_file, tidy_file
from .worldbank import series_rows

WB_GDP = raw_file("wb_gdp.csv")
TIDY = tidy_file("gdp_wdi.csv", reads=(WB_GDP,))

#: The locator recorded in the .source.txt file (repository@commit:path).
WB_GDP_CSV = "github.com/datasets/gdp@1cdcd2eb2364edd9da24bcbe134c1a9e0fb4c693:data/gdp.csv"


def build(source_dir: Path) -> list[Row]:
    """GDP (NY.GDP.MKTP.CD) of the five and Korea, sorted by ISO3 code and year.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``gdp_wdi.csv``.

    Raises
    ------
    SourceFormatError
        For another country, or a value that is not a number.
    """
    return series_rows(source_dir, WB_GDP, TIDY.name, WB_GDP_CSV, "NY.GDP.MKTP.CD", "USD")


CROSS_CHECKS = ()
