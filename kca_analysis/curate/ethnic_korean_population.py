"""Ethnic Korean population (Koryo-saram) of each of the five, of the region and of Russia."""

from __future__ import annotations

import re
from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    RawFile,
    Row,
    SourceFormatError,
    TidyFile,
    classify_url,
    columns,
    read_source,
    year_key,
)

POPULATION = RawFile(
    "koryo_saram_population.csv",
    columns("country reference_date ethnic_koreans type original_source read_at_url"),
)
TIDY = TidyFile(
    "ethnic_korean_population.csv",
    columns(
        "country reference_date year ethnic_koreans unit type original_source source confidence"
    ),
    reads=(POPULATION,),
)

#: Country names of the extract -> names of the tidy file.
POPULATION_COUNTRIES = {
    **{name: name for name in CENTRAL_ASIA},
    "Central Asia (total)": "Central Asia",
    "Russia (context)": "Russia",
}
POPULATION_CONFIDENCE = (
    ("oka.go.kr", "official"),  # Overseas Koreans Agency, read on its own site
    ("orda.kz", "press"),
    ("koreatimes.co.kr", "press"),  # op-ed by the Vice Minister
    ("zakovat.uz", "secondary"),  # relays Uzbek statistics; not a news outlet
    ("dzen.ru", "secondary"),  # blog platform
    ("brunch.co.kr", "secondary"),  # blog
    ("tistory.com", "secondary"),  # blog-hosted community paper
    ("blogspot.com", "secondary"),
    ("nina.az", "secondary"),  # Wikipedia mirrors
    ("russianwiki.com", "secondary"),  # Wikipedia mirror
    ("minorityrights.org", "secondary"),  # NGO directory relaying the census
)


def build(source_dir: Path) -> list[Row]:
    """Ethnic Korean population by country, sorted by country, year and reference date.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``ethnic_korean_population.csv``.

    Raises
    ------
    SourceFormatError
        For an unexpected country, a count that is not a whole number, or a page
        without a confidence rule.
    """
    out = []
    for row in read_source(source_dir, POPULATION):
        where = f"{POPULATION.name} {row['country']} {row['reference_date']}"
        country = POPULATION_COUNTRIES.get(row["country"])
        if country is None:
            raise SourceFormatError(f"{where}: unexpected country")
        if not row["ethnic_koreans"].isdigit():
            raise SourceFormatError(f"{where}: count {row['ethnic_koreans']!r} is not a number")
        year = re.match(r"(?:c\.)?(\d{4})", row["reference_date"])
        out.append(
            {
                "country": country,
                # Kept as stated: it carries the qualifications ("c.2025 (...)", "unspecified").
                "reference_date": row["reference_date"],
                "year": year.group(1) if year else "",
                "ethnic_koreans": row["ethnic_koreans"],
                "unit": "persons",
                "type": row["type"],
                "original_source": row["original_source"],
                "source": row["read_at_url"],
                "confidence": classify_url(row["read_at_url"], POPULATION_CONFIDENCE, where),
            }
        )
    out.sort(key=lambda r: (r["country"], year_key(r["year"]), r["reference_date"], r["source"]))
    return out


CROSS_CHECKS = ()
