"""Curate the public source extracts into the tidy files of ``data/external/``.

Usage::

    python -m kca_analysis.curate [SOURCE_DIR] [--check] [--rehash] [--output-dir DIR]

``SOURCE_DIR`` defaults to ``../shared/data-sources`` beside the project root. Without options
the script (re)writes every file of ``data/external/``; ``--check`` writes nothing and exits 1
listing each file that differs from what would be written; ``--rehash`` rewrites the
``sha256:`` values of ``data/sources.yml`` for the data files that exist.

The script is pure and deterministic: it reads the raw extracts with the :mod:`csv` module,
keeps every number as the source text (never round-tripped through ``float``), sorts rows in a
stated order (see each ``build_*`` function), and writes UTF-8 with ``\\n`` line endings through
a temporary file and :func:`os.replace`. Before writing anything it cross-checks sources that
must agree and raises :class:`CrossCheckError` when they do not.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kca_analysis.files import atomic_write_bytes, sha256_file
from kca_analysis.paths import EXTERNAL_DATA_DIR, PROJECT_ROOT, SHARED_DATA_SOURCES, SOURCES_FILE

from . import (
    bilateral_summit_counts,
    cow_trade,
    diplomatic_events,
    ethnic_korean_population,
    forum_meetings,
    imf_dots_trade,
    press_trade,
    trade_unit_evidence,
    wdi_korea_totals,
)
from .common import (
    CONFIDENCE_LABELS,
    ISO3_NAMES,
    UNITS,
    CrossCheckError,
    CurationError,
    RawFile,
    Row,
    SourceFormatError,
    check_unique,
    classify_url,
    columns,
    join_notes,
    read_source,
    render_csv,
    to_decimal,
    usd_to_million_2dp,
    validate_rows,
)
from .worldbank import sorted_by_indicator, wdi_row

__all__ = [
    "CONFIDENCE_LABELS",
    "CROSS_CHECKS",
    "OUTPUTS",
    "UNITS",
    "CrossCheckError",
    "CurationError",
    "SourceFormatError",
    "build_all",
    "main",
    "rehash_sources",
]

# Locators as recorded in each .source.txt (repository@commit:path).
DAC2A_REPO = "github.com/dw-data/ODA@11d65bc6a8fc0f2c8ffe8db4aeb6f1b7b2032810"
WDI_KAZ_CSV = (
    "github.com/AkshatSharma03/KazPaper@c0e8c53436e2a2a41b342daa7b241bd27def1edb:"
    "data/Kazakhstan API Data/API_KAZ_DS2_en_csv_v2_18751.csv"
)
WB_GDP_CSV = "github.com/datasets/gdp@1cdcd2eb2364edd9da24bcbe134c1a9e0fb4c693:data/gdp.csv"
WB_POP_CSV = (
    "github.com/datasets/population@425fc447a53a26c767a15a7de60c4cc2478a0595:data/population.csv"
)
YAPH_JS = (
    "github.com/yaph/world-aid-transparency@cfe843cc2872c713aaa6a7758cadd9292cd2af46:"
    "countrystats.js"
)


# --------------------------------------------------------------------------------------------
# ODA
# --------------------------------------------------------------------------------------------

DAC2A_DONORS_FILE = "oecd_dac2a_donors_to_centralasia_2002_2019.csv"
DAC2A_DONORS_HEADER = columns(
    "year recipient donor net_oda_usd_million_current source_file "
    "source_header_index source_value_index"
)
DAC2A_DONORS = RawFile(DAC2A_DONORS_FILE, DAC2A_DONORS_HEADER)
DAC2A_KOREA_FILE = "oecd_dac2a_korea_to_central_asia_2002_2019.csv"
DAC2A_KOREA_HEADER = columns(
    "year recipient korea_net_oda_disbursement_usd_million_current "
    "dac_countries_total_net_oda_disbursement_usd_million_current"
)
DAC2A_KOREA = RawFile(DAC2A_KOREA_FILE, DAC2A_KOREA_HEADER)
DAC2A_KOREA_COLUMNS = {
    "Korea": "korea_net_oda_disbursement_usd_million_current",
    "DAC Countries, Total": "dac_countries_total_net_oda_disbursement_usd_million_current",
}


def dac2a_note(value: str) -> str:
    """Say what a blank or negative DAC2a cell means."""
    if not value:
        return "blank cell in the QWIDS export: no flow reported (not zero)"
    if value.startswith("-"):
        return "negative: net disbursements (repayments exceed disbursements)"
    return ""


def dac2a_locator(year: str, recipient: str, donor: str, header: str, value: str) -> str:
    """The repo@commit:path and cell of one DAC2a value."""
    return (
        f"OECD QWIDS DAC2a via {DAC2A_REPO}:data/ODA-yearly/ODA-{year}-DAC2a.csv "
        f"row '{recipient}', column '{donor}' (header index {header}, value index {value})"
    )


def build_oda_dac2a(source_dir: Path) -> list[Row]:
    """Net ODA (DAC2a) to each of the five and the region from nine donors, plus Korea's and
    the DAC's totals to all recipients. Sorted by year, recipient and donor."""
    donors = read_source(source_dir, DAC2A_DONORS)
    columns: dict[tuple[str, str], tuple[str, str]] = {}
    out = []
    for row in donors:
        where = f"{DAC2A_DONORS_FILE} {row['year']} {row['recipient']} {row['donor']}"
        value = row["net_oda_usd_million_current"]
        if value:
            to_decimal(value, where)
        if row["source_file"] != f"data/ODA-yearly/ODA-{row['year']}-DAC2a.csv":
            raise SourceFormatError(f"{where}: source_file {row['source_file']!r}")
        index = (row["source_header_index"], row["source_value_index"])
        # A donor is one column of the yearly file: every row must use the same position.
        if columns.setdefault((row["year"], row["donor"]), index) != index:
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
                to_decimal(value, f"{DAC2A_KOREA_FILE} {row['year']} {donor}")
            index = columns.get((row["year"], donor))
            if index is None:
                raise SourceFormatError(f"{DAC2A_DONORS_FILE}: no {donor} column for {row['year']}")
            out.append(
                {
                    "year": row["year"],
                    "recipient": row["recipient"],
                    "donor": donor,
                    "value": value,
                    "unit": "USD million",
                    "source": dac2a_locator(row["year"], row["recipient"], donor, *index)
                    + f" (read via {DAC2A_KOREA_FILE})",
                    "confidence": "official",
                    "note": dac2a_note(value),
                }
            )
    out.sort(key=lambda r: (int(r["year"]), r["recipient"], r["donor"]))
    check_unique(out, ("year", "recipient", "donor"), "oda_dac2a_2002_2019.csv")
    return out


def check_dac2a_korea(source_dir: Path) -> None:
    """Cross-check: Korea's and the DAC total's rows agree between the two DAC2a extracts.

    Raises
    ------
    CrossCheckError
        If a recipient-year value differs (blank must match blank).
    """
    donors = {
        (r["year"], r["recipient"], r["donor"]): r["net_oda_usd_million_current"]
        for r in read_source(source_dir, DAC2A_DONORS)
    }
    for row in read_source(source_dir, DAC2A_KOREA):
        if row["recipient"] == "All Recipients":
            continue
        for donor, column in DAC2A_KOREA_COLUMNS.items():
            key = (row["year"], row["recipient"], donor)
            if key not in donors:
                raise CrossCheckError(f"DAC2a {key}: in {DAC2A_KOREA_FILE} only")
            a, b = row[column], donors[key]
            if (a == "") != (b == "") or (a and to_decimal(a, column) != to_decimal(b, donor)):
                raise CrossCheckError(
                    f"DAC2a {key}: {DAC2A_KOREA_FILE} has {a!r}, {DAC2A_DONORS_FILE} has {b!r}"
                )


WDI_KAZ_FILE = "wdi_kaz_oda_from_korea.csv"
WDI_KAZ_HEADER = (
    "Country Name",
    "Country Code",
    "Indicator Name",
    "Indicator Code",
    "Year",
    "Value",
)
WDI_KAZ = RawFile(WDI_KAZ_FILE, WDI_KAZ_HEADER)
WDI_KAZ_DONORS = {
    "DC.DAC.KORL.CD": "Korea",
    "DC.DAC.JPNL.CD": "Japan",
    "DC.DAC.TOTL.CD": "DAC countries, total",
    "DT.ODA.ODAT.CD": "All donors (net ODA received)",
}
#: WDI bilateral series that are DAC2a columns: they must equal DAC2a / 1e6 to 2 decimals.
#: (DC.DAC.TOTL.CD is not QWIDS' "DAC Countries, Total" and differs, so it is not checked.)
WDI_DAC2A_PAIRS = {"DC.DAC.KORL.CD": "Korea", "DC.DAC.JPNL.CD": "Japan"}


def build_oda_wdi_kazakhstan(source_dir: Path) -> list[Row]:
    """WDI net ODA to Kazakhstan from Korea, Japan, all DAC and all donors, 1992-2023.

    Sorted by indicator code and year.
    """
    out = []
    for row in read_source(source_dir, WDI_KAZ):
        where = f"{WDI_KAZ_FILE} {row['Indicator Code']} {row['Year']}"
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
    return sorted_by_indicator(out, "oda_wdi_kazakhstan")


def dac2a_values(source_dir: Path) -> dict[tuple[str, str, str], str]:
    """DAC2a cells keyed by ``(year, recipient, donor)``."""
    return {
        (r["year"], r["recipient"], r["donor"]): r["net_oda_usd_million_current"]
        for r in read_source(source_dir, DAC2A_DONORS)
    }


def check_wdi_kaz_vs_dac2a(source_dir: Path) -> None:
    """Cross-check: WDI KAZ DC.DAC.KORL.CD (and JPNL) / 1e6 equal DAC2a 2002-2019 to 2 decimals.

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
            got = usd_to_million_2dp(wdi[(code, str(year))], f"{WDI_KAZ_FILE} {code} {year}")
            if not expected or got != to_decimal(expected, str(key)):
                raise CrossCheckError(
                    f"WDI KAZ {code} {year} = {got} USD million, DAC2a {donor} = {expected!r}"
                )


RECIPIENTS_FILE = "wdi_korea_net_bilateral_oda_2009_2010_all_recipients.csv"
RECIPIENTS_HEADER = columns(
    "year donor_iso3 recipient_iso3 net_bilateral_aid_usd_current rank_among_korea_recipients"
)
RECIPIENTS = RawFile(RECIPIENTS_FILE, RECIPIENTS_HEADER)


def build_oda_recipients(source_dir: Path) -> list[Row]:
    """Korea's net bilateral ODA to every (positive) recipient, 2009-2010; sorted by year, rank."""
    out = []
    for row in read_source(source_dir, RECIPIENTS):
        where = f"{RECIPIENTS_FILE} {row['year']} {row['recipient_iso3']}"
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
    check_unique(out, ("year", "recipient_iso3"), "oda_korea_recipients")
    return out


def check_recipients_vs_dac2a(source_dir: Path) -> None:
    """Cross-check: the 2009-2010 WDI values for the five equal DAC2a Korea to 2 decimals.

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
                raise CrossCheckError(f"{RECIPIENTS_FILE}: no {iso3} row for {year}")
            got = usd_to_million_2dp(wdi[(year, iso3)], f"{RECIPIENTS_FILE} {year} {iso3}")
            expected = dac.get((year, name, "Korea"), "")
            if not expected or got != to_decimal(expected, name):
                raise CrossCheckError(
                    f"WDI 2009-2010 {iso3} {year} = {got} USD million, DAC2a = {expected!r}"
                )


ODA_PAGES_FILE = "korea_oda_facts_pages.csv"
ODA_PAGES_HEADER = ("topic", "year", "value", "unit", "original_source", "read_at_url")
ODA_PAGES = RawFile(ODA_PAGES_FILE, ODA_PAGES_HEADER)
ODA_WEB_FILE = "web_korea_oda_uzbekistan_figures.csv"
ODA_WEB_HEADER = columns(
    "figure_id period metric value unit sector_hint source_url source_type note"
)
ODA_WEB = RawFile(ODA_WEB_FILE, ODA_WEB_HEADER)
ODA_CONFIDENCE = (
    ("oecd-ilibrary.org", "official"),
    ("oecd.org", "official"),
    ("gov.uz", "official"),  # Uzbek government news
    ("github.com/yaph", "official"),  # WDI values (2012 vintage)
    ("ejidc.org", "secondary"),  # flagged DOUBTFUL by the compiler
    ("7-star.net", "secondary"),  # repost of a MOFA press release
    ("brunch.co.kr", "secondary"),  # blog
    ("effectivecooperation.org", "press"),  # OECD text quoted by GPEDC
    ("donortracker.org", "press"),
    ("megaasiaportal.snuac.ac.kr", "press"),
    ("kbs.co.kr", "press"),
    ("ajunews.com", "press"),
    ("uzdaily.uz", "press"),
    ("trend.az", "press"),
)
#: Unit words of the ODA fact files that are already one of the allowed units.
ODA_UNITS = (
    ("USD billion", "USD billion"),
    ("USD million", "USD million"),
    ("%", "percent"),
    ("countries", "count"),
    ("rank", "rank"),
)
#: Facts that are not about an amount received by anyone.
ODA_NO_RECIPIENT = ("Korea priority partner countries", "Korea ODA/GNI rank")


def oda_fact_value(value: str, unit: str, doubtful: bool) -> tuple[str, str, str]:
    """Read ``(value, unit, why_empty)`` from an ODA fact's printed value and unit.

    A value is kept only when it is a plain number in an allowed unit, an ordinal rank, or a
    Korean-unit figure whose USD-million equivalent the source row states (``=196 million
    USD``). Approximate (약, ~, about), bounded (>, more than, up to) and doubtful figures stay
    empty with the reason.
    """
    if doubtful:
        return "", "", "value not read: the compiler flags this figure as doubtful"
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        for prefix, allowed in ODA_UNITS:
            if unit.startswith(prefix):
                return value, allowed, ""
        match = re.search(r"\(=(\d+(?:\.\d+)?) million USD\)", unit)
        if match:
            return match.group(1), "USD million", ""
        if unit.startswith("억"):
            # 억 = 100 million: converting would change the published digits.
            return "", "", "value not read: printed in 억 달러 (USD 100 million), not converted"
        return "", "", f"value not read: unit {unit!r} is not an allowed unit"
    rank = re.fullmatch(r"(?:\w+ )?(\d+)(?:st|nd|rd|th)\b.*", value)
    if rank and "rank" in unit:
        return rank.group(1), "rank", ""
    if re.search(r"up to|more than|>", value):
        return "", "", "value not read: a bound (more than / up to), not a figure"
    if re.search(r"약|~|about", value):
        return "", "", "value not read: approximate as printed"
    return "", "", "value not read: not a plain number as printed"


def normalised_url(url: str) -> str:
    """Reduce a page URL to what identifies the page (drop scheme, www/m, amp/view paths)."""
    url = re.sub(r"^https?://(?:www\.|m\.)?", "", url.strip())
    return re.sub(r"/(?:amp|view)/", "/", url)


def build_oda_facts(source_dir: Path) -> list[Row]:
    """Korea ODA aggregates and Uzbekistan programme figures from pages, one reading a row.

    ``fact_id`` is ``pages-NN`` (row NN of korea_oda_facts_pages.csv) or ``web-N`` (figure N
    of web_korea_oda_uzbekistan_figures.csv); rows are sorted by fact_id. Readings of the
    same page in the two files are kept as separate rows and point at each other.
    """
    out = []
    for number, row in enumerate(read_source(source_dir, ODA_PAGES), 1):
        fact_id = f"pages-{number:02d}"
        doubtful = "ejidc.org" in row["read_at_url"]
        value, unit, why = oda_fact_value(row["value"], row["unit"], doubtful)
        # The WDI ranking row names Uzbekistan in its value ("Uzbekistan 7th ..."), not its topic.
        if "Uzbekistan" in row["topic"] or row["value"].startswith("Uzbekistan"):
            recipient = "Uzbekistan"
        else:
            recipient = "" if row["topic"] in ODA_NO_RECIPIENT else "all"
        out.append(
            {
                "fact_id": fact_id,
                "topic": row["topic"],
                "recipient": recipient,
                "period": row["year"],
                "value": value,
                "unit": unit,
                "value_as_published": row["value"],
                "unit_as_published": row["unit"],
                "original_source": row["original_source"],
                "source": row["read_at_url"],
                "confidence": classify_url(row["read_at_url"], ODA_CONFIDENCE, fact_id),
                "note": why,
            }
        )
    for row in read_source(source_dir, ODA_WEB):
        fact_id = f"web-{row['figure_id']}"
        doubtful = row["note"].startswith("DOUBTFUL")
        value, unit, why = oda_fact_value(row["value"], row["unit"], doubtful)
        if "Uzbekistan" not in row["metric"]:
            raise SourceFormatError(f"{ODA_WEB_FILE} {fact_id}: not an Uzbekistan figure")
        out.append(
            {
                "fact_id": fact_id,
                "topic": row["metric"],
                "recipient": "Uzbekistan",
                "period": row["period"],
                "value": value,
                "unit": unit,
                "value_as_published": row["value"],
                "unit_as_published": row["unit"],
                "original_source": row["source_type"],
                "source": row["source_url"],
                "confidence": classify_url(row["source_url"], ODA_CONFIDENCE, fact_id),
                "note": join_notes(why, f"sector: {row['sector_hint']}", row["note"]),
            }
        )
    # Point each reading at the reading of the same page in the other file.
    by_page: dict[str, list[str]] = {}
    for row in out:
        by_page.setdefault(normalised_url(row["source"]), []).append(row["fact_id"])
    for row in out:
        twins = [
            other
            for other in by_page[normalised_url(row["source"])]
            if other.split("-")[0] != row["fact_id"].split("-")[0]
        ]
        if twins:
            row["note"] = join_notes(
                row["note"], f"repeats {', '.join(twins)} (same page, separate reading)"
            )
    out.sort(key=lambda r: r["fact_id"])
    check_unique(out, ("fact_id",), "oda_facts.csv")
    return out


# --------------------------------------------------------------------------------------------
# GDP and population
# --------------------------------------------------------------------------------------------

WB_HEADER = ("Country Name", "Country Code", "Year", "Value")
WB_GDP = RawFile("wb_gdp.csv", WB_HEADER)
WB_POPULATION = RawFile("wb_population.csv", WB_HEADER)


def build_wb_series(
    source_dir: Path, raw: RawFile, locator: str, indicator: str, unit: str
) -> list[Row]:
    """One WDI series for the five and Korea, sorted by ISO3 code and year."""
    name = raw.name
    out = []
    for row in read_source(source_dir, raw):
        where = f"{name} {row['Country Code']} {row['Year']}"
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
    check_unique(out, ("iso3", "year"), name)
    return out


# --------------------------------------------------------------------------------------------
# The outputs, their columns and the cross-checks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """One file of ``data/external/``: its columns and the function that builds its rows."""

    columns: tuple[str, ...]
    build: Callable[[Path], list[Row]]


def _wb_gdp(source_dir: Path) -> list[Row]:
    return build_wb_series(source_dir, WB_GDP, WB_GDP_CSV, "NY.GDP.MKTP.CD", "USD")


def _wb_population(source_dir: Path) -> list[Row]:
    return build_wb_series(source_dir, WB_POPULATION, WB_POP_CSV, "SP.POP.TOTL", "persons")


OUTPUTS: dict[str, Output] = {
    "cow_trade_1992_2014.csv": Output(
        cow_trade.TIDY.columns,
        cow_trade.build,
    ),
    "imf_dots_trade_2010_2020.csv": Output(
        imf_dots_trade.TIDY.columns,
        imf_dots_trade.build,
    ),
    "press_trade_2015_2023.csv": Output(
        press_trade.TIDY.columns,
        press_trade.build,
    ),
    "trade_unit_evidence.csv": Output(
        trade_unit_evidence.TIDY.columns,
        trade_unit_evidence.build,
    ),
    "wdi_korea_totals_1992_2023.csv": Output(
        wdi_korea_totals.TIDY.columns,
        wdi_korea_totals.build,
    ),
    "forum_meetings.csv": Output(
        forum_meetings.TIDY.columns,
        forum_meetings.build,
    ),
    "diplomatic_events.csv": Output(
        diplomatic_events.TIDY.columns,
        diplomatic_events.build,
    ),
    "bilateral_summit_counts.csv": Output(
        bilateral_summit_counts.TIDY.columns,
        bilateral_summit_counts.build,
    ),
    "ethnic_korean_population.csv": Output(
        ethnic_korean_population.TIDY.columns,
        ethnic_korean_population.build,
    ),
    "oda_dac2a_2002_2019.csv": Output(
        columns("year recipient donor value unit source confidence note"),
        build_oda_dac2a,
    ),
    "oda_wdi_kazakhstan_1992_2023.csv": Output(
        columns("year indicator_code indicator donor value unit source confidence"),
        build_oda_wdi_kazakhstan,
    ),
    "oda_korea_recipients_2009_2010.csv": Output(
        columns("year recipient_iso3 value unit rank source confidence"),
        build_oda_recipients,
    ),
    "oda_facts.csv": Output(
        columns(
            "fact_id topic recipient period value unit value_as_published "
            "unit_as_published original_source source confidence note"
        ),
        build_oda_facts,
    ),
    "gdp_wdi.csv": Output(
        columns("iso3 country year value unit source confidence"),
        _wb_gdp,
    ),
    "population_wdi.csv": Output(
        columns("iso3 country year value unit source confidence"),
        _wb_population,
    ),
}

CROSS_CHECKS: tuple[Callable[[Path], None], ...] = (
    *cow_trade.CROSS_CHECKS,
    check_dac2a_korea,
    check_wdi_kaz_vs_dac2a,
    check_recipients_vs_dac2a,
)


def build_all(source_dir: Path) -> dict[str, bytes]:
    """Run the cross-checks, then build every file of ``data/external/``.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    dict
        File name -> the exact bytes to write.

    Raises
    ------
    CurationError
        If a cross-check fails or a source does not have the expected shape.
    """
    source_dir = Path(source_dir)
    for check in CROSS_CHECKS:
        check(source_dir)
    files = {}
    for name, output in OUTPUTS.items():
        rows = output.build(source_dir)
        validate_rows(name, output.columns, rows)
        files[name] = render_csv(output.columns, rows)
    return files


def differences(files: dict[str, bytes], output_dir: Path) -> list[str]:
    """List how ``output_dir`` differs from ``files`` (missing, differing, unexpected CSVs)."""
    found = []
    for name, data in files.items():
        path = output_dir / name
        if not path.is_file():
            found.append(f"{name}: missing")
        elif path.read_bytes() != data:
            found.append(f"{name}: differs from what would be written")
    for path in sorted(output_dir.glob("*.csv")):
        if path.name not in files:
            found.append(f"{path.name}: unexpected (not produced by curate)")
    return found


# --------------------------------------------------------------------------------------------
# sources.yml checksums
# --------------------------------------------------------------------------------------------

_ENTRY = re.compile(r"^  (?P<key>[^\s#][^:]*):\s*(?:#.*)?$")
_SHA = re.compile(r"^(?P<head>    sha256:[ \t]*)(?P<value>[^\s#]+)(?P<tail>.*)$")


def rehash_sources(sources_file: Path = SOURCES_FILE, root: Path = PROJECT_ROOT) -> list[str]:
    """Rewrite the ``sha256:`` value of each entry of ``sources.yml`` whose file exists.

    The edit is text-level so that comments, order and layout are preserved; only the
    entry-level ``sha256:`` line (four spaces of indent) is touched, never the hashes of
    ``derived_from`` (those describe the shared source files, checked separately).

    Parameters
    ----------
    sources_file
        The ``sources.yml`` to update in place (atomically, and only if something changed).
    root
        The folder the entry keys (``data/...``) are relative to.

    Returns
    -------
    list of str
        The keys whose hash changed.
    """
    lines = Path(sources_file).read_text(encoding="utf-8").splitlines(keepends=True)
    changed, key = [], None
    for i, line in enumerate(lines):
        entry = _ENTRY.match(line)
        if entry:
            key = entry.group("key").strip().strip("'\"")
            continue
        sha = _SHA.match(line)
        if sha and key and (Path(root) / key).is_file():
            digest = sha256_file(Path(root) / key)
            if sha.group("value") != digest:
                lines[i] = f"{sha.group('head')}{digest}{sha.group('tail')}"
                if not lines[i].endswith("\n") and line.endswith("\n"):
                    lines[i] += "\n"
                changed.append(key)
    if changed:
        atomic_write_bytes(Path(sources_file), "".join(lines).encode("utf-8"))
    return changed


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m kca_analysis.curate``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m kca_analysis.curate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("source_dir", nargs="?", type=Path, default=SHARED_DATA_SOURCES)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on any diff")
    parser.add_argument("--rehash", action="store_true", help="update sha256 in sources.yml")
    parser.add_argument("--output-dir", type=Path, default=EXTERNAL_DATA_DIR)
    args = parser.parse_args(argv)

    if args.rehash:
        changed = rehash_sources()
        print(
            f"sources.yml: {len(changed)} hash(es) updated" + "".join(f"\n  {k}" for k in changed)
        )
        return 0
    try:
        files = build_all(args.source_dir)
    except CurationError as error:
        print(f"curate: {error}", file=sys.stderr)
        return 2
    if args.check:
        found = differences(files, args.output_dir)
        for line in found:
            print(line)
        return 1 if found else 0
    for name, data in files.items():
        path = args.output_dir / name
        if not path.is_file() or path.read_bytes() != data:
            atomic_write_bytes(path, data)
            print(f"wrote {path}")
    for line in differences(files, args.output_dir):
        print(f"warning: {line}", file=sys.stderr)
    return 0
