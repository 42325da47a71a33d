"""IMF Direction of Trade Statistics: goods trade of Korea with each of the five, 2010-2020.

Both reporting sides are kept (Korea's and the partner's); the extract has the header of the
press figures (see :mod:`.press_trade`).
"""

from __future__ import annotations

from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    CONFIDENCE_LABELS,
    RawFile,
    Row,
    SourceFormatError,
    TidyFile,
    check_unique,
    columns,
    read_source,
    to_decimal,
)
from .press_trade import KOREA_FLOWS, TRADE_FIGURES_HEADER

DOTS = RawFile("imf_dots_korea_centralasia_2010_2020.csv", TRADE_FIGURES_HEADER)
TIDY = TidyFile(
    "imf_dots_trade_2010_2020.csv",
    columns("year country flow reporting_side value unit period months source confidence note"),
    reads=(DOTS,),
)


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
    out = []
    for row in read_source(source_dir, DOTS):
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
                "source": f"{row['publisher']}: {row['locator']}",
                "confidence": row["confidence"],
                "note": row["note"],
            }
        )
    out.sort(key=lambda r: (r["country"], int(r["year"]), r["reporting_side"], r["flow"]))
    check_unique(out, ("country", "year", "reporting_side", "flow"), TIDY.name)
    return out


CROSS_CHECKS = ()
