"""Korea's net bilateral ODA to every recipient, 2009-2010 (WDI, 2012 vintage), with its rank.

The values for the five are cross-checked against the DAC2a extract (see :mod:`.oda_dac2a`).
"""

from __future__ import annotations

from pathlib import Path

from .common import (
    ISO3_NAMES,
    CrossCheckError,
    Row,
    SourceFormatError,
    check_unique,
    raw_file,
    read_source,
    tidy_file,
    to_decimal,
    usd_to_million_2dp,
)
from .oda_dac2a import DAC2A_DONORS, dac2a_values

RECIPIENTS = raw_file("wdi_korea_net_bilateral_oda_2009_2010_all_recipients.csv")
TIDY = tidy_file(
    "oda_korea_recipients_2009_2010.csv", reads=(RECIPIENTS,), checked_against=(DAC2A_DONORS,)
)

#: The locator recorded in the .source.txt file (repository@commit:path).
YAPH_JS = (
    "github.com/yaph/world-aid-transparency@cfe843cc2872c713aaa6a7758cadd9292cd2af46:"
    "countrystats.js"
)


def build(source_dir: Path) -> list[Row]:
    """Korea's net bilateral ODA to every (positive) recipient, 2009-2010; sorted by year, rank.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``oda_korea_recipients_2009_2010.csv``.

    Raises
    ------
    SourceFormatError
        For a donor other than Korea, a rank that is not a whole number, or a value that is
        not a number.
    """
    out = []
    for row in read_source(source_dir, RECIPIENTS):
        where = f"{RECIPIENTS.name} {row['year']} {row['recipient_iso3']}"
        if row["donor_iso3"] != "KOR" or not row["rank_among_korea_recipients"].isdigit():
            raise SourceFormatError(f"{where}: unexpected donor or rank")
        to_decimal(row["net_bilateral_aid_usd_current"], where)
        out.append(
            {
                "year": row["year"],
                "recipient_iso3": row["recipient_iso3"],
                "value": row["net_bilateral_aid_usd_current"],
                "unit": "USD",
                "rank": row["rank_among_korea_recipients"],
                "source": (
                    f"World Bank WDI DC.DAC.KORL.CD (2012 vintage) via {YAPH_JS} "
                    f"variable donations, year {row['year']}, KOR -> {row['recipient_iso3']}"
                ),
                "confidence": "official",
            }
        )
    out.sort(key=lambda r: (int(r["year"]), int(r["rank"]), r["recipient_iso3"]))
    check_unique(out, ("year", "recipient_iso3"), TIDY.name)
    return out


def check_recipients_vs_dac2a(source_dir: Path) -> None:
    """Cross-check: the 2009-2010 WDI values for the five equal DAC2a Korea to 2 decimals.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Raises
    ------
    CrossCheckError
        If one of the five is missing from either source, or the values differ.
    """
    dac = dac2a_values(source_dir)
    wdi = {
        (r["year"], r["recipient_iso3"]): r["net_bilateral_aid_usd_current"]
        for r in read_source(source_dir, RECIPIENTS)
    }
    for year in ("2009", "2010"):
        for iso3, name in ISO3_NAMES.items():
            if iso3 == "KOR":
                continue
            if (year, iso3) not in wdi:
                raise CrossCheckError(f"{RECIPIENTS.name}: no {iso3} row for {year}")
            got = usd_to_million_2dp(wdi[(year, iso3)], f"{RECIPIENTS.name} {year} {iso3}")
            expected = dac.get((year, name, "Korea"), "")
            if not expected or got != to_decimal(expected, name):
                raise CrossCheckError(
                    f"WDI 2009-2010 {iso3} {year} = {got} USD million, DAC2a = {expected!r}"
                )


CROSS_CHECKS = (check_recipients_vs_dac2a,)
