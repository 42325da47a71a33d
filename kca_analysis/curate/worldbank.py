"""World Bank (WDI) cells as tidy rows, shared by the WDI source modules.

Every WDI value is kept as the source prints it, in US dollars, with ``source`` naming the
release, the repository locator and the cell (indicator row and year column).
"""

from __future__ import annotations

from .common import Row, check_unique, to_decimal


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
