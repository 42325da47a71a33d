"""Loaders of the context files: forum meetings, diplomatic events and relations, summit counts,
the diaspora, GDP and population. Each file's schema is its resource in
``data/datapackage.json``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..countries import iso3, lookup_country
from .common import with_iso3, with_usd
from .validation import DataError, read_resource

FORUM_LEVELS = ("minister", "vice-minister")
DIPLOMATIC_EVENT_TYPES = (
    "diplomatic_relations",
    "state_visit",
    "partnership",
    "summit_plan",
    "secretariat",
    "summit_count_statement",
)
#: How a diaspora figure was produced (column ``production`` of the diaspora file); how we read
#: it is the separate ``confidence`` label.
POPULATION_PRODUCTION = (
    "census",
    "official estimate",
    "embassy estimate",
    "statement",
    "not stated",
)


def load_forum_meetings(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the Korea-Central Asia Cooperation Forum meetings 1-17.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``forum_meetings``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        One row per forum number, gaps kept as rows with ``status`` "not found" and empty
        fields; ``host_iso3`` added.
    """
    frame = read_resource("forum_meetings", path, verify=verify).copy()
    frame["host_iso3"] = [
        iso3(v, central_asia_only=False) if v else None for v in frame["host_country"]
    ]
    return frame


def load_diplomatic_events(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return summits, visits, partnerships, summit plans and the secretariat's founding.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``diplomatic_events``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        One row per dated event.

    Raises
    ------
    DataError
        For a country in ``countries`` that the strict lookup does not know.
    """
    frame = read_resource("diplomatic_events", path, verify=verify)
    for line, countries in zip(frame.attrs["lines"], frame["countries"], strict=True):
        for name in countries.split(";"):
            try:
                lookup_country(name.strip(), central_asia_only=False)
            except ValueError as error:
                raise DataError(
                    str(error), file=frame.attrs["file"], line=line, column="countries"
                ) from None
    return frame


def load_diplomatic_relations(
    path: Path | str | None = None, *, verify: bool = True
) -> pd.DataFrame:
    """Return the date on which Korea established diplomatic relations with each of the five.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's
        ``diplomatic_relations``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        One row per country: ``country``, ``iso3``, ``date_established`` (ISO date),
        ``year``, ``source_title``, ``source`` (the page(s)), ``confidence`` and ``note``.
    """
    frame = read_resource("diplomatic_relations", path, verify=verify)
    return with_iso3(frame)


def load_summit_counts(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the number of bilateral summits between Korea and each of the five.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's
        ``bilateral_summit_counts``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        One row per country, with ``iso3``.
    """
    return with_iso3(read_resource("bilateral_summit_counts", path, verify=verify))


def load_ethnic_koreans(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return ethnic Korean (Koryo-saram) population figures by country and date.

    ``production`` says how a figure was produced (census, official estimate, embassy
    estimate, statement, not stated); ``confidence`` says how we read it (official: on the
    publisher's page; press; secondary: a mirror, blog or repost).

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's
        ``ethnic_korean_population``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``iso3`` (missing for "Central Asia").
    """
    frame = read_resource("ethnic_korean_population", path, verify=verify).copy()
    frame.insert(
        1,
        "iso3",
        [
            iso3(v, central_asia_only=False) if v != "Central Asia" else None
            for v in frame["country"]
        ],
    )
    return frame


def load_gdp(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return GDP in current USD (WDI NY.GDP.MKTP.CD), 1992-2023, the five and Korea.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``gdp_wdi``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``value_usd``.
    """
    return with_usd(read_resource("gdp_wdi", path, verify=verify))


def load_population(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return total population (WDI SP.POP.TOTL), 1992-2024, the five and Korea.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``population_wdi``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns.
    """
    return read_resource("population_wdi", path, verify=verify)
