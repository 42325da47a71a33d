"""World Bank WDI: total population of the five and Korea (``datasets/population``)."""

from __future__ import annotations

from pathlib import Path

from .common import Row, raw_file, tidy_file
from .worldbank import series_rows

WB_POPULATION = raw_file("wb_population.csv")
TIDY = tidy_file("population_wdi.csv", reads=(WB_POPULATION,))

#: The locator recorded in the .source.txt file (repository@commit:path).
WB_POP_CSV = (
    "github.com/datasets/population@425fc447a53a26c767a15a7de60c4cc2478a0595:data/population.csv"
)


def build(source_dir: Path) -> list[Row]:
    """Population (SP.POP.TOTL) of the five and Korea, sorted by ISO3 code and year.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``population_wdi.csv``.

    Raises
    ------
    SourceFormatError
        For another country, or a value that is not a number.
    """
    return series_rows(source_dir, WB_POPULATION, TIDY.name, WB_POP_CSV, "SP.POP.TOTL", "persons")


CROSS_CHECKS = ()
