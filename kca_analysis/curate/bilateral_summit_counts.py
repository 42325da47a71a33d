"""Korea's bilateral summits with each of the five, as a 2023 conference paper gives them."""

from __future__ import annotations

import re
from pathlib import Path

from .common import CENTRAL_ASIA, Row, SourceFormatError, read_source, tidy_file
from .diplomatic_events import SUMMITS

TIDY = tidy_file("bilateral_summit_counts.csv", reads=(SUMMITS,))


def build(source_dir: Path) -> list[Row]:
    """The bilateral summit counts of a 2023 conference paper, sorted by country.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``bilateral_summit_counts.csv``.

    Raises
    ------
    SourceFormatError
        Unless there is exactly one counts row and it covers the five.
    """
    rows = [r for r in read_source(source_dir, SUMMITS) if r["item"] == "Bilateral summit counts"]
    if len(rows) != 1:
        raise SourceFormatError(f"{SUMMITS.name}: expected one 'Bilateral summit counts' row")
    row = rows[0]
    counts = re.findall(r"(\d+)(?: summits)? ROK-(\w+)", row["detail"])
    if sorted(country for _, country in counts) != sorted(CENTRAL_ASIA):
        raise SourceFormatError(f"{SUMMITS.name}: summit counts {counts} do not cover the five")
    out = [
        {
            "country": country,
            "summits": summits,
            "as_of": row["year_or_date"].removeprefix("as of ").removesuffix(" paper"),
            "source": row["source_url"],
            "confidence": "secondary",
            "note": "a 2023 conference paper citing Korean MOFA; the date of the count is not "
            "stated",
        }
        for summits, country in counts
    ]
    return sorted(out, key=lambda r: r["country"])


CROSS_CHECKS = ()
