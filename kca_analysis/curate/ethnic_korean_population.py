"""Ethnic Korean population (Koryo-saram) of each of the five, of the region and of Russia."""

from __future__ import annotations

import re
from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    Row,
    SourceFormatError,
    classify_url,
    raw_file,
    read_source,
    tidy_file,
    year_key,
)

POPULATION = raw_file("koryo_saram_population.csv")
TIDY = tidy_file("ethnic_korean_population.csv", reads=(POPULATION,))

#: Country names of the extract -> names of the tidy file.
POPULATION_COUNTRIES = {
    **{name: name for name in CENTRAL_ASIA},
    "Central Asia (total)": "Central Asia",
    "Russia (context)": "Russia",
}
#: How each figure was produced, from the extract's ``type`` (how we read it is ``confidence``).
#: The Overseas Koreans Agency's figures are embassy-compiled estimates
#: (koryo_saram_population.source.txt); a figure whose page does not say how it was made is
#: "not stated". A new wording must be classified here by a person.
POPULATION_PRODUCTION = {
    "Soviet census (Kazakh SSR)": "census",
    "national census": "census",
    "official estimate": "official estimate",
    "official estimate (no census since 1989)": "official estimate",
    "Korean government estimate": "embassy estimate",
    "Korean government estimate (embassy survey)": "embassy estimate",
    "approximate (speech/op-ed)": "statement",
    "census-year figure (rounded; 9th largest group)": "not stated",
    "Wikipedia infobox (reference not seen)": "not stated",
    "Korean government figure (as quoted by a blog)": "not stated",
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
        For an unexpected country, a count that is not a whole number, a type without a
        production rule, or a page without a confidence rule.
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
        if row["type"] not in POPULATION_PRODUCTION:
            raise SourceFormatError(f"{where}: no production rule for type {row['type']!r}")
        out.append(
            {
                "country": country,
                # Kept as stated: it carries the qualifications ("c.2025 (...)", "unspecified").
                "reference_date": row["reference_date"],
                "year": year.group(1) if year else "",
                "ethnic_koreans": row["ethnic_koreans"],
                "unit": "persons",
                "type": row["type"],
                "production": POPULATION_PRODUCTION[row["type"]],
                "original_source": row["original_source"],
                "source": row["read_at_url"],
                "confidence": classify_url(row["read_at_url"], POPULATION_CONFIDENCE, where),
            }
        )
    out.sort(key=lambda r: (r["country"], year_key(r["year"]), r["reference_date"], r["source"]))
    return out


CROSS_CHECKS = ()
