"""Diplomatic events: summit plans, state visits, partnerships, relations, the secretariat.

Each item of the summits-and-visits extract is read by a parser of :mod:`.event_rows`; the
forum extract contributes its secretariat row.
"""

from __future__ import annotations

from pathlib import Path

from .common import (
    C5_PLUS_KOREA,
    Row,
    SourceFormatError,
    check_unique,
    raw_file,
    read_source,
    tidy_file,
    year_key,
)
from .event_rows import (
    event,
    kazakhstan_visit_events,
    must_search,
    relations_events,
    summit_plan_events,
    uzbekistan_partnership_events,
    uzbekistan_visit_events,
)
from .forum_meetings import FORUMS, normalise_date

SUMMITS = raw_file("kca_summits_and_visits.csv")
TIDY = tidy_file("diplomatic_events.csv", reads=(SUMMITS, FORUMS))


def build(source_dir: Path) -> list[Row]:
    """Summit plans, visits, partnerships, relations and the secretariat, one row per event.

    Rows are sorted by year (undated last), date and event id.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``diplomatic_events.csv``.

    Raises
    ------
    SourceFormatError
        For an unknown item, or wording an item's parser does not find.
    """
    out: list[Row] = []
    plans = 0
    for row in read_source(source_dir, SUMMITS):
        item = row["item"]
        if item in ("Korea-Central Asia summit planned", "Korea-Central Asia summit date"):
            plans += 1
            out += summit_plan_events(row, plans)
        elif item == "Bilateral summit counts":
            out.append(
                event(
                    "summit-counts-2023",
                    "2023",
                    "summit_count_statement",
                    C5_PLUS_KOREA,
                    f"as stated ({row['year_or_date']}): {row['detail']}",
                    row["source_url"],
                )
            )
        elif item == "Yoon state visits":
            countries = must_search(r"visited ((?:\w+, )*\w+)", row["detail"], item).group(1)
            for country in countries.split(", "):
                out.append(
                    event(
                        f"visit-yoon-to-{country.lower()}-2024",
                        row["year_or_date"][:7],
                        "state_visit",
                        f"South Korea;{country}",
                        f"South Korean President Yoon Suk-yeol's state visit to {country} "
                        f"(direction: South Korea -> {country}), part of the tour of "
                        f"{row['year_or_date']}: {row['detail']}; day per country not stated",
                        row["source_url"],
                    )
                )
        elif item == "Moon visits":
            out.append(
                event(
                    "visits-moon-2019",
                    row["year_or_date"],
                    "state_visit",
                    "South Korea",
                    f"{row['detail']}; the countries visited are not named in this source",
                    row["source_url"],
                )
            )
        elif item == "Uzbekistan-Korea visits":
            out += uzbekistan_visit_events(row)
        elif item == "Uzbekistan-Korea partnership":
            out += uzbekistan_partnership_events(row)
        elif item == "Kazakhstan-Korea visits":
            out += kazakhstan_visit_events(row)
        elif item == "Diplomatic relations":
            out += relations_events(row)
        else:
            raise SourceFormatError(f"{SUMMITS.name}: unknown item {item!r}")
    for row in read_source(source_dir, FORUMS):
        if row["forum_no"] == "(secretariat)":
            date, _ = normalise_date(row["date"], "secretariat")
            out.append(
                event(
                    "secretariat-2017",
                    date,
                    "secretariat",
                    C5_PLUS_KOREA,
                    f"{row['theme_or_topics']} ({row['host_city']}); {row['notes']}",
                    row["source_urls"],
                )
            )
    out.sort(key=lambda r: (year_key(r["year"]), r["date"], r["event_id"]))
    check_unique(out, ("event_id",), TIDY.name)
    return out


CROSS_CHECKS = ()
