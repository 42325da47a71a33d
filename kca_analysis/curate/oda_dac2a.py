"""OECD DAC2a net ODA to each of the five and the region from nine donors, 2002-2019.

Source: the QWIDS DAC2a yearly exports of ``dw-data/ODA``, in two extracts: nine donors to
the five (with the cell positions), and Korea and the DAC total to the five and to all
recipients. The second cross-checks the first and adds the all-recipients totals.
"""

from __future__ import annotations

from pathlib import Path

from .common import (
    CrossCheckError,
    Row,
    SourceFormatError,
    check_unique,
    raw_file,
    read_source,
    same_figure,
    tidy_file,
    to_decimal,
)

DAC2A_DONORS = raw_file("oecd_dac2a_donors_to_centralasia_2002_2019.csv")
DAC2A_KOREA = raw_file("oecd_dac2a_korea_to_central_asia_2002_2019.csv")
TIDY = tidy_file("oda_dac2a_2002_2019.csv", reads=(DAC2A_DONORS, DAC2A_KOREA))

#: The repository the yearly DAC2a files were read from (repository@commit).
DAC2A_REPO = "github.com/dw-data/ODA@11d65bc6a8fc0f2c8ffe8db4aeb6f1b7b2032810"
#: The donor columns of the Korea extract, by the donor names of the donors extract.
DAC2A_KOREA_COLUMNS = {
    "Korea": "korea_net_oda_disbursement_usd_million_current",
    "DAC Countries, Total": "dac_countries_total_net_oda_disbursement_usd_million_current",
}


def dac2a_note(value: str) -> str:
    """Say what a blank or negative DAC2a cell means.

    Parameters
    ----------
    value
        The cell as the source prints it.

    Returns
    -------
    str
        The note, or ``''`` for an ordinary positive value.
    """
    if not value:
        return "blank cell in the QWIDS export: no flow reported (not zero)"
    if value.startswith("-"):
        return "negative: net disbursements (repayments exceed disbursements)"
    return ""


def dac2a_locator(year: str, recipient: str, donor: str, header: str, value: str) -> str:
    """The repo@commit:path and cell of one DAC2a value.

    Parameters
    ----------
    year, recipient, donor
        The yearly file, its row and its column.
    header, value
        The column's position in the file's header and value rows, as the extract records them.

    Returns
    -------
    str
        The locator written in the ``source`` column.
    """
    return (
        f"OECD QWIDS DAC2a via {DAC2A_REPO}:data/ODA-yearly/ODA-{year}-DAC2a.csv "
        f"row '{recipient}', column '{donor}' (header index {header}, value index {value})"
    )


def build(source_dir: Path) -> list[Row]:
    """Net ODA (DAC2a) to each of the five and the region from nine donors.

    Korea's and the DAC's totals to all recipients are added from the Korea extract, located
    in the same yearly files. Rows are sorted by year, recipient and donor.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``oda_dac2a_2002_2019.csv``.

    Raises
    ------
    SourceFormatError
        For a value that is not a number, a ``source_file`` other than the year's file, a
        donor whose column position differs between rows, or a year without Korea's or the
        DAC total's column.
    """
    donors = read_source(source_dir, DAC2A_DONORS)
    positions: dict[tuple[str, str], tuple[str, str]] = {}
    out = []
    for row in donors:
        where = f"{DAC2A_DONORS.name} {row['year']} {row['recipient']} {row['donor']}"
        value = row["net_oda_usd_million_current"]
        if value:
            to_decimal(value, where)
        if row["source_file"] != f"data/ODA-yearly/ODA-{row['year']}-DAC2a.csv":
            raise SourceFormatError(f"{where}: source_file {row['source_file']!r}")
        index = (row["source_header_index"], row["source_value_index"])
        # A donor is one column of the yearly file: every row must use the same position.
        if positions.setdefault((row["year"], row["donor"]), index) != index:
            raise SourceFormatError(f"{where}: column position differs between rows")
        out.append(
            {
                "year": row["year"],
                "recipient": row["recipient"],
                "donor": row["donor"],
                "value": value,
                "unit": "USD million",
                "source": dac2a_locator(row["year"], row["recipient"], row["donor"], *index),
                "confidence": "official",
                "note": dac2a_note(value),
            }
        )
    for row in read_source(source_dir, DAC2A_KOREA):
        if row["recipient"] != "All Recipients":
            continue
        for donor, column in DAC2A_KOREA_COLUMNS.items():
            value = row[column]
            if value:
                to_decimal(value, f"{DAC2A_KOREA.name} {row['year']} {donor}")
            index = positions.get((row["year"], donor))
            if index is None:
                raise SourceFormatError(f"{DAC2A_DONORS.name}: no {donor} column for {row['year']}")
            out.append(
                {
                    "year": row["year"],
                    "recipient": row["recipient"],
                    "donor": donor,
                    "value": value,
                    "unit": "USD million",
                    "source": dac2a_locator(row["year"], row["recipient"], donor, *index)
                    + f" (read via {DAC2A_KOREA.name})",
                    "confidence": "official",
                    "note": dac2a_note(value),
                }
            )
    out.sort(key=lambda r: (int(r["year"]), r["recipient"], r["donor"]))
    check_unique(out, ("year", "recipient", "donor"), TIDY.name)
    return out


def dac2a_values(source_dir: Path) -> dict[tuple[str, str, str], str]:
    """DAC2a cells of the donors extract, keyed by ``(year, recipient, donor)``.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    dict
        The cell as the source prints it (blank where no flow was reported).

    Raises
    ------
    SourceFormatError
        If the extract is missing or its header differs.
    """
    return {
        (r["year"], r["recipient"], r["donor"]): r["net_oda_usd_million_current"]
        for r in read_source(source_dir, DAC2A_DONORS)
    }


def check_dac2a_korea(source_dir: Path) -> None:
    """Cross-check: Korea's and the DAC total's rows agree between the two DAC2a extracts.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Raises
    ------
    CrossCheckError
        If a recipient-year value differs (blank must match blank).
    """
    donors = dac2a_values(source_dir)
    for row in read_source(source_dir, DAC2A_KOREA):
        if row["recipient"] == "All Recipients":
            continue
        for donor, column in DAC2A_KOREA_COLUMNS.items():
            key = (row["year"], row["recipient"], donor)
            if key not in donors:
                raise CrossCheckError(f"DAC2a {key}: in {DAC2A_KOREA.name} only")
            a, b = row[column], donors[key]
            if not same_figure(a, b, column, donor):
                raise CrossCheckError(
                    f"DAC2a {key}: {DAC2A_KOREA.name} has {a!r}, {DAC2A_DONORS.name} has {b!r}"
                )


CROSS_CHECKS = (check_dac2a_korea,)
