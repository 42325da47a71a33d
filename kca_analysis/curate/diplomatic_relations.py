"""The dates on which Korea established diplomatic relations with each of the five (1992)."""

from __future__ import annotations

from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    CrossCheckError,
    Row,
    SourceFormatError,
    classify_url,
    raw_file,
    read_source,
    tidy_file,
)
from .diplomatic_events import SUMMITS
from .event_rows import relations_events

RELATIONS = raw_file("diplomatic_relations_1992.csv")
TIDY = tidy_file("diplomatic_relations.csv", reads=(RELATIONS,), checked_against=(SUMMITS,))

#: How far each page is trusted (see data/README.md, confidence labels); best of a row's pages.
RELATIONS_CONFIDENCE = (
    ("mofa.go.kr", "official"),  # Korea's Ministry of Foreign Affairs, its own press release
    ("theasian.asia", "press"),  # the Korean ambassador's speech as reported
    ("koreaherald.com", "press"),  # Tajikistan's ambassador's op-ed
    ("kf.or.kr", "secondary"),  # a Korea Foundation newsletter article relaying the dates
)


def build(source_dir: Path) -> list[Row]:
    """One row per country with its date, its pages and their confidence, sorted by date.

    Parameters
    ----------
    source_dir
        Folder holding the extracts.

    Returns
    -------
    list of dict
        The rows of ``diplomatic_relations.csv``.

    Raises
    ------
    SourceFormatError
        Unless the extract gives one ISO date for each of the five and every page has a
        confidence rule.
    """
    out = []
    for row in read_source(source_dir, RELATIONS):
        where = f"{RELATIONS.name} {row['country']}"
        date = row["date_established"]
        if len(date) != 10 or date[4] != "-" or date[7] != "-" or not date[:4].isdigit():
            raise SourceFormatError(f"{where}: date {date!r} is not YYYY-MM-DD")
        out.append(
            {
                "country": row["country"],
                "date_established": date,
                "year": date[:4],
                "source_title": row["source_title"],
                "source": row["source_url"],
                "confidence": classify_url(row["source_url"], RELATIONS_CONFIDENCE, where),
                "note": f"the extract labels its sources: {row['source_kind']}",
            }
        )
    if sorted(r["country"] for r in out) != sorted(CENTRAL_ASIA):
        raise SourceFormatError(f"{RELATIONS.name}: expected one row for each of the five")
    return sorted(out, key=lambda r: (r["date_established"], r["country"]))


def check_relations_vs_events(source_dir: Path) -> None:
    """Cross-check: the dates agree with those the summits-and-visits extract gives.

    Parameters
    ----------
    source_dir
        Folder holding the extracts.

    Raises
    ------
    CrossCheckError
        If a country has another date in the summits-and-visits extract (Uzbek embassy, KOTRA).
    """
    dates = {r["country"]: r["date_established"] for r in read_source(source_dir, RELATIONS)}
    rows = [r for r in read_source(source_dir, SUMMITS) if r["item"] == "Diplomatic relations"]
    if not rows:
        raise CrossCheckError(f"{SUMMITS.name}: no 'Diplomatic relations' row to check against")
    for row in rows:
        for event in relations_events(row):
            country = event["countries"].split(";")[1]
            if dates.get(country) != event["date"]:
                raise CrossCheckError(
                    f"{RELATIONS.name}: {country} established relations on "
                    f"{dates.get(country)!r}, but {SUMMITS.name} says {event['date']!r}"
                )


CROSS_CHECKS = (check_relations_vs_events,)
