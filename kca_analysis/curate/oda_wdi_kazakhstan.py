"""World Bank WDI: net ODA received by Kazakhstan from Korea, Japan, the DAC and all donors.

Korea's and Japan's series are DAC2a columns in US dollars: they are cross-checked against the
DAC2a extract (see :mod:`.oda_dac2a`).
"""

from __future__ import annotations

from pathlib import Path

from .common import (
    CrossCheckError,
    Row,
    SourceFormatError,
    raw_file,
    read_source,
    tidy_file,
    to_decimal,
    usd_to_million_2dp,
)
from .oda_dac2a import DAC2A_DONORS, dac2a_values
from .worldbank import sorted_by_indicator, wdi_row

WDI_KAZ = raw_file("wdi_kaz_oda_from_korea.csv")
TIDY = tidy_file(
    "oda_wdi_kazakhstan_1992_2023.csv", reads=(WDI_KAZ,), checked_against=(DAC2A_DONORS,)
)

#: The locator recorded in the .source.txt file (repository@commit:path).
WDI_KAZ_CSV = (
    "github.com/AkshatSharma03/KazPaper@c0e8c53436e2a2a41b342daa7b241bd27def1edb:"
    "data/Kazakhstan API Data/API_KAZ_DS2_en_csv_v2_18751.csv"
)
#: The WDI series of the extract and the donor each describes.
WDI_KAZ_DONORS = {
    "DC.DAC.KORL.CD": "Korea",
    "DC.DAC.JPNL.CD": "Japan",
    "DC.DAC.TOTL.CD": "DAC countries, total",
    "DT.ODA.ODAT.CD": "All donors (net ODA received)",
}
#: WDI bilateral series that are DAC2a columns: they must equal DAC2a / 1e6 to 2 decimals.
#: (DC.DAC.TOTL.CD is not QWIDS' "DAC Countries, Total" and differs, so it is not checked.)
WDI_DAC2A_PAIRS = {"DC.DAC.KORL.CD": "Korea", "DC.DAC.JPNL.CD": "Japan"}


def build(source_dir: Path) -> list[Row]:
    """WDI net ODA to Kazakhstan from Korea, Japan, all DAC and all donors, 1992-2023.

    Rows are sorted by indicator code and year.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``oda_wdi_kazakhstan_1992_2023.csv``.

    Raises
    ------
    SourceFormatError
        For a row of another country or series, or a value that is not a number.
    """
    out = []
    for row in read_source(source_dir, WDI_KAZ):
        where = f"{WDI_KAZ.name} {row['Indicator Code']} {row['Year']}"
        if row["Country Code"] != "KAZ" or row["Indicator Code"] not in WDI_KAZ_DONORS:
            raise SourceFormatError(f"{where}: unexpected country or indicator")
        out.append(
            wdi_row(
                where,
                row["Year"],
                row["Indicator Code"],
                row["Indicator Name"],
                row["Value"],
                f"World Bank WDI (Last Updated 2026-04-08) via {WDI_KAZ_CSV}",
                donor=WDI_KAZ_DONORS[row["Indicator Code"]],
            )
        )
    return sorted_by_indicator(out, TIDY.name)


def check_wdi_kaz_vs_dac2a(source_dir: Path) -> None:
    """Cross-check: WDI KAZ DC.DAC.KORL.CD (and JPNL) / 1e6 equal DAC2a 2002-2019 to 2 decimals.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Raises
    ------
    CrossCheckError
        On the first year that differs, or when DAC2a is blank where WDI has a value.
    """
    dac = dac2a_values(source_dir)
    wdi = {(r["Indicator Code"], r["Year"]): r["Value"] for r in read_source(source_dir, WDI_KAZ)}
    for code, donor in WDI_DAC2A_PAIRS.items():
        for year in range(2002, 2020):
            key = (str(year), "Kazakhstan", donor)
            if (code, str(year)) not in wdi or key not in dac:
                raise CrossCheckError(f"WDI/DAC2a {code} {year}: missing in one source")
            expected = dac[key]
            got = usd_to_million_2dp(wdi[(code, str(year))], f"{WDI_KAZ.name} {code} {year}")
            if not expected or got != to_decimal(expected, str(key)):
                raise CrossCheckError(
                    f"WDI KAZ {code} {year} = {got} USD million, DAC2a {donor} = {expected!r}"
                )


CROSS_CHECKS = (check_wdi_kaz_vs_dac2a,)
