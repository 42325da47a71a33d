"""IMF Direction of Trade Statistics: goods trade of Korea with each of the five, 2010-2020.

Both reporting sides are kept (Korea's and the partner's); the extract has the header of the
press figures (see :mod:`.press_trade`). A partner-side figure that is not the partner's own
report is marked ``basis`` = ``estimate`` with what it was made from (:func:`partner_basis`).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    CONFIDENCE_LABELS,
    Row,
    SourceFormatError,
    check_unique,
    raw_file,
    read_source,
    tidy_file,
    to_decimal,
    within_rounding,
)
from .press_trade import KOREA_FLOWS

DOTS = raw_file("imf_dots_korea_centralasia_2010_2020.csv")
TIDY = tidy_file("imf_dots_trade_2010_2020.csv", reads=(DOTS,))

#: The factor between Korea's figure and the figure IMF DOTS publishes for Turkmenistan: Korea's
#: exports x 1.06 (Turkmen imports, CIF) and Korea's imports / 1.06 (Turkmen exports, FOB).
IMF_ESTIMATE_FACTOR = Decimal("1.06")
ESTIMATE_FROM_KOREA = "IMF estimate from the Korea-reported value"
SUSPECT = "flagged SUSPECT in the extract"


def build(source_dir: Path) -> list[Row]:
    """IMF DOTS goods trade Korea <-> each of the five, both reporting sides, 2010-2020.

    ``flow`` is seen from Korea. Confidence and notes are kept from the source (the Turkmen
    side is an IMF estimate, the Tajik-side exports 2010-2017 are flagged SUSPECT). Rows are
    sorted by country, year, reporting side and flow.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``imf_dots_trade_2010_2020.csv``.

    Raises
    ------
    SourceFormatError
        For a row that is not a full-year USD-million figure, or an unexpected partner,
        reporting side, flow, confidence or value.
    """
    rows = read_source(source_dir, DOTS)
    korea = {
        (row["partner"], row["year"], row["flow"]): row["value"]
        for row in rows
        if row["reporting_side"] == "Korea"
    }
    out = []
    for row in rows:
        where = f"{DOTS.name} {row['partner']} {row['year']}"
        if row["period"] != "full year" or row["unit"] != "USD million":
            raise SourceFormatError(f"{where}: expected full-year USD million rows")
        if row["partner"] not in CENTRAL_ASIA or row["reporting_side"] not in (
            "Korea",
            row["partner"],
        ):
            raise SourceFormatError(f"{where}: unexpected partner or reporting side")
        if row["flow"] not in ("korea_exports", "korea_imports"):
            raise SourceFormatError(f"{where}: unexpected flow {row['flow']!r}")
        if row["confidence"] not in CONFIDENCE_LABELS:
            raise SourceFormatError(f"{where}: unexpected confidence {row['confidence']!r}")
        to_decimal(row["value"], where)
        basis, derived_from = partner_basis(
            row, korea.get((row["partner"], row["year"], row["flow"]))
        )
        out.append(
            {
                "year": row["year"],
                "country": row["partner"],
                "flow": KOREA_FLOWS[row["flow"]],
                "reporting_side": row["reporting_side"],
                "value": row["value"],
                "unit": row["unit"],
                "period": row["year"],
                "months": "12",
                "basis": basis,
                "derived_from": derived_from,
                "source": f"{row['publisher']}: {row['locator']}",
                "confidence": row["confidence"],
                "note": row["note"],
            }
        )
    out.sort(key=lambda r: (r["country"], int(r["year"]), r["reporting_side"], r["flow"]))
    check_unique(out, ("country", "year", "reporting_side", "flow"), TIDY.name)
    return out


def partner_basis(row: Row, korea_value: str | None) -> tuple[str, str]:
    """Say whether a DOTS figure is its reporting side's own, or an estimate from Korea's.

    IMF DOTS fills missing partner reports with estimates: a partner-side figure equal to
    Korea's figure for the same flow x 1.06 (partner imports, CIF) or / 1.06 (partner exports,
    FOB), within one unit of the last digit of either figure, is Korea's figure, not the
    partner's (the 22 Turkmen-side rows, 2010-2020). The Tajik exports the extract flags
    SUSPECT (a near-constant small fraction of Korea's figure, 2010-2017) are marked too.

    Parameters
    ----------
    row
        A row of the extract.
    korea_value
        Korea's figure for the same partner, year and flow (``None`` if absent).

    Returns
    -------
    tuple of str
        ``basis`` (``reported`` or ``estimate``) and ``derived_from`` (the rule and the
        figures, or empty).
    """
    if row["reporting_side"] == "Korea" or korea_value is None:
        return "reported", ""
    value, factor = row["value"], IMF_ESTIMATE_FACTOR
    if row["flow"] == "korea_exports" and within_rounding(value, korea_value, factor):
        computed = to_decimal(korea_value, "DOTS value") * factor
        return "estimate", f"{ESTIMATE_FROM_KOREA} x 1.06: {korea_value} x 1.06 = {computed}"
    if row["flow"] == "korea_imports" and within_rounding(korea_value, value, factor):
        computed = (to_decimal(korea_value, "DOTS value") / factor).quantize(Decimal("1e-6"))
        return "estimate", f"{ESTIMATE_FROM_KOREA} / 1.06: {korea_value} / 1.06 = {computed}"
    if "SUSPECT" in row["note"]:
        share = to_decimal(korea_value, "DOTS value") / to_decimal(value, "DOTS value")
        return (
            "estimate",
            f"{SUSPECT} (near-constant fraction of the Korea-reported figure): "
            f"{value} is about {korea_value} / {share.quantize(Decimal('0.1'))}",
        )
    return "reported", ""


CROSS_CHECKS = ()
