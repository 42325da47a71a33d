"""World Bank (WDI) cells as tidy rows, shared by the WDI source modules.

Every WDI value is kept as the source prints it, with ``source`` naming the release or
indicator, the repository locator and the cell.
"""

from __future__ import annotations

from pathlib import Path

from .common import (
    ISO3_NAMES,
    RawFile,
    Row,
    SourceFormatError,
    check_unique,
    columns,
    read_source,
    to_decimal,
)

#: The header of the ``datasets/gdp`` and ``datasets/population`` extracts.
WB_HEADER = ("Country Name", "Country Code", "Year", "Value")
#: The columns of the tidy files built from them.
WB_SERIES_COLUMNS = columns("iso3 country year value unit source confidence")


def wdi_row(
    where: str, row_year: str, code: str, name: str, value: str, origin: str, **extra: str
) -> Row:
    """One WDI cell as a tidy row.

    Parameters
    ----------
    where
        File, row and column, used in the error message.
    row_year
        The year of the cell.
    code, name
        The indicator code and name.
    value
        The cell as the source prints it (checked to be a number, kept as text).
    origin
        The release and locator: ``"World Bank WDI (...) via <locator>"``.
    **extra
        The columns between ``indicator`` and ``value`` (e.g. ``donor``).

    Returns
    -------
    dict
        The row, in the column order of the WDI tidy files.

    Raises
    ------
    SourceFormatError
        If ``value`` is not a number.
    """
    to_decimal(value, where)
    return {
        "year": row_year,
        "indicator_code": code,
        "indicator": name,
        **extra,
        "value": value,
        "unit": "USD",
        "source": f"{origin} row '{code}', column '{row_year}'",
        "confidence": "official",
    }


def sorted_by_indicator(out: list[Row], table: str) -> list[Row]:
    """Sort WDI rows by indicator code and year and check each pair appears once.

    Parameters
    ----------
    out
        The rows, sorted in place.
    table
        The tidy file, used in the error message.

    Returns
    -------
    list of dict
        ``out``, sorted.

    Raises
    ------
    CurationError
        If an indicator-year pair appears twice.
    """
    out.sort(key=lambda r: (r["indicator_code"], int(r["year"])))
    check_unique(out, ("indicator_code", "year"), table)
    return out


def series_rows(
    source_dir: Path, raw: RawFile, table: str, locator: str, indicator: str, unit: str
) -> list[Row]:
    """One WDI series for the five and Korea, sorted by ISO3 code and year.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.
    raw
        The extract (with :data:`WB_HEADER`).
    table
        The tidy file, used in the error message.
    locator
        The repository locator recorded in the extract's ``.source.txt``.
    indicator
        The WDI indicator code, e.g. ``NY.GDP.MKTP.CD``.
    unit
        The unit of the values, one of :data:`~.common.UNITS`.

    Returns
    -------
    list of dict
        Rows with :data:`WB_SERIES_COLUMNS`.

    Raises
    ------
    SourceFormatError
        For a country other than the five and Korea, or a value that is not a number.
    CurationError
        If a country-year appears twice.
    """
    out = []
    for row in read_source(source_dir, raw):
        where = f"{raw.name} {row['Country Code']} {row['Year']}"
        if row["Country Code"] not in ISO3_NAMES:
            raise SourceFormatError(f"{where}: unexpected country code")
        to_decimal(row["Value"], where)
        out.append(
            {
                "iso3": row["Country Code"],
                "country": ISO3_NAMES[row["Country Code"]],
                "year": row["Year"],
                "value": row["Value"],
                "unit": unit,
                "source": (
                    f"World Bank WDI {indicator} via {locator} row Country Code="
                    f"{row['Country Code']}, Year={row['Year']}"
                ),
                "confidence": "official",
            }
        )
    out.sort(key=lambda r: (r["iso3"], int(r["year"])))
    check_unique(out, ("iso3", "year"), table)
    return out
