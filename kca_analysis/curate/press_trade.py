"""Official trade figures relayed by the press, Korea and each of the five, 2015-2023.

The extract shares its header (:data:`TRADE_FIGURES_HEADER`) and its flow words
(:data:`KOREA_FLOWS`) with the IMF DOTS extract; :func:`normalise_period` also reads the
partial years of the trade-unit evidence.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    CONFIDENCE_LABELS,
    MONTHS,
    UNITS,
    Row,
    SourceFormatError,
    check_unique,
    columns,
    join_notes,
    raw_file,
    read_source,
    split_qualifier,
    tidy_file,
    to_decimal,
)

#: The header of the compiler's Korea-side trade figure files (the press and IMF DOTS).
TRADE_FIGURES_HEADER = columns(
    "partner year flow value unit reporting_side period publisher locator confidence note"
)
PRESS = raw_file("press_trade_figures_2015_2023.csv")
TIDY = tidy_file("press_trade_2015_2023.csv", reads=(PRESS,))

#: Flow words of the trade figure files -> flows seen from Korea.
KOREA_FLOWS = {"korea_exports": "export", "korea_imports": "import", "total": "total"}
#: Wording that makes a figure a lower bound: "more than", "over", ">", 상회 (exceeds) and
#: the Korean suffix 여 ("-odd", as in 46억 3천여 달러 = "some 4.63 billion and more").
LOWER_BOUND = re.compile(r"lower bound|more than|\bover\b|상회|여 ?달러|(?<!-)>\s*\$?\d")
#: Pages whose confidence in the source file contradicts the rules of this collection
#: (a repost or blog is secondary, however official the figure it repeats).
PRESS_CONFIDENCE_FIXES = {
    "ndaum.tistory.com": "secondary (source file: press) because the page is a blog repost of "
    "a KOTRA report, and the unit word is dropped",
    "southkoreannetwork.com": "secondary (source file: press) because the page is a blog "
    "repost of Yonhap; KIEP prints a conflicting figure",
}


def normalise_period(year: str, stated: str, where: str) -> tuple[str, int]:
    """Turn a stated period into a period label and its number of months.

    Parameters
    ----------
    year
        The four-digit year of the figure.
    stated
        The period text of the source: ``full year ...``, ``Jan-Sep ...`` or ``Q3 ...``.
    where
        Used in the error message.

    Returns
    -------
    tuple of (str, int)
        ``('2019', 12)``, ``('2023-01..09', 9)`` or ``('2022-07..09', 3)``.

    Raises
    ------
    SourceFormatError
        For any other wording of the period.
    """
    if stated.startswith("full year"):
        return year, 12
    match = re.match(r"Jan-([A-Z][a-z]{2})\b", stated)
    if match and match.group(1) in MONTHS:
        end = MONTHS[match.group(1)]
        return f"{year}-01..{end:02d}", end
    match = re.match(r"Q([1-4])\b", stated)
    if match:
        quarter = int(match.group(1))
        return f"{year}-{3 * quarter - 2:02d}..{3 * quarter:02d}", 3
    raise SourceFormatError(f"{where}: cannot read period {stated!r}")


def build(source_dir: Path) -> list[Row]:
    """Official trade figures relayed by the press, 2015-2023, full year or year to date.

    ``flow`` is seen from Korea; ``bound`` is ``lower`` where the quoted wording says more than
    / over / > / 상회. Rows are sorted by country, year, period, reporting side, flow, source.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``press_trade_2015_2023.csv``.

    Raises
    ------
    SourceFormatError
        For an unexpected partner, unit, flow, confidence, period, reporting side or value.
    """
    out = []
    for row in read_source(source_dir, PRESS):
        where = f"{PRESS.name} {row['partner']} {row['year']} {row['flow']}"
        if row["partner"] not in CENTRAL_ASIA or row["unit"] not in UNITS:
            raise SourceFormatError(f"{where}: unexpected partner or unit")
        if row["flow"] not in KOREA_FLOWS or row["confidence"] not in CONFIDENCE_LABELS:
            raise SourceFormatError(f"{where}: unexpected flow or confidence")
        to_decimal(row["value"], where)
        period, months = normalise_period(row["year"], row["period"], where)
        side, qualifier = split_qualifier(row["reporting_side"])
        if side not in ("Korea", row["partner"]):
            raise SourceFormatError(f"{where}: unexpected reporting side {side!r}")
        confidence, fix = row["confidence"], ""
        for page, reason in PRESS_CONFIDENCE_FIXES.items():
            if page in row["locator"] and confidence != "secondary":
                confidence, fix = "secondary", f"confidence {reason}"
        out.append(
            {
                "year": row["year"],
                "country": row["partner"],
                "flow": KOREA_FLOWS[row["flow"]],
                "reporting_side": side,
                "value": row["value"],
                "unit": row["unit"],
                "period": period,
                "months": str(months),
                "period_as_stated": row["period"],
                "bound": "lower" if LOWER_BOUND.search(row["note"]) else "",
                "publisher": row["publisher"],
                "source": row["locator"],
                "confidence": confidence,
                "note": join_notes(
                    f"reporting side as stated: {row['reporting_side']}" if qualifier else "",
                    row["note"],
                    fix,
                ),
            }
        )
    out.sort(
        key=lambda r: (
            r["country"],
            int(r["year"]),
            r["period"],
            r["reporting_side"],
            r["flow"],
            r["source"],
        )
    )
    check_unique(out, ("country", "year", "period", "reporting_side", "flow", "source"), TIDY.name)
    return out


CROSS_CHECKS = ()
