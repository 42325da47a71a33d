"""Loaders of the context files: forum meetings, diplomatic events, summit counts, the diaspora,
GDP and population."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..countries import iso3, lookup_country
from .common import (
    CENTRAL_ASIA_COUNTRY,
    CONFIDENCE_COLUMN,
    NOTE_COLUMN,
    SOURCE_COLUMN,
    resolve_path,
    with_iso3,
    with_usd,
)
from .validation import Column, DataError, Schema, read_table

FORUM_LEVELS = ("minister", "vice-minister")
FORUM_MEETINGS_FILE = paths.EXTERNAL_DATA_DIR / "forum_meetings.csv"
FORUM_MEETINGS_SCHEMA = Schema(
    columns=(
        Column("forum_no", "int", minimum=1),
        Column("status", choices=("found", "not found")),
        Column("date", "date", required=False),
        Column("year", "int", required=False),
        Column("host_city", required=False),
        Column("host_country", required=False),
        Column("level", required=False, choices=FORUM_LEVELS),
        Column("level_as_reported", required=False),
        Column("theme", required=False),
        Column("notes", required=False),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
    ),
    key=("forum_no",),
    country_columns={"host_country": False},
)


def load_forum_meetings(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the Korea-Central Asia Cooperation Forum meetings 1-17 (gaps kept as rows with
    ``status`` "not found" and empty fields)."""
    frame = read_table(
        resolve_path(path, FORUM_MEETINGS_FILE), FORUM_MEETINGS_SCHEMA, verify=verify
    )
    frame = frame.copy()
    frame["host_iso3"] = [
        iso3(v, central_asia_only=False) if v else None for v in frame["host_country"]
    ]
    return frame


DIPLOMATIC_EVENTS_FILE = paths.EXTERNAL_DATA_DIR / "diplomatic_events.csv"
DIPLOMATIC_EVENT_TYPES = (
    "diplomatic_relations",
    "state_visit",
    "partnership",
    "summit_plan",
    "secretariat",
    "summit_count_statement",
)
DIPLOMATIC_EVENTS_SCHEMA = Schema(
    columns=(
        Column("event_id"),
        Column("date", required=False),
        Column("year", "int", required=False),
        Column("event_type", choices=DIPLOMATIC_EVENT_TYPES),
        Column("countries"),
        Column("detail"),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
    ),
    key=("event_id",),
)


def load_diplomatic_events(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return summits, visits, partnerships, summit plans and the secretariat's founding."""
    frame = read_table(
        resolve_path(path, DIPLOMATIC_EVENTS_FILE), DIPLOMATIC_EVENTS_SCHEMA, verify=verify
    )
    for line, countries in zip(frame.attrs["lines"], frame["countries"], strict=True):
        for name in countries.split(";"):
            try:
                lookup_country(name.strip(), central_asia_only=False)
            except ValueError as error:
                raise DataError(
                    str(error), file=DIPLOMATIC_EVENTS_FILE, line=line, column="countries"
                ) from None
    return frame


SUMMIT_COUNTS_FILE = paths.EXTERNAL_DATA_DIR / "bilateral_summit_counts.csv"
SUMMIT_COUNTS_SCHEMA = Schema(
    columns=(
        Column("country"),
        Column("summits", "int", minimum=0),
        Column("as_of"),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
        NOTE_COLUMN,
    ),
    key=("country",),
    country_columns=CENTRAL_ASIA_COUNTRY,
)


def load_summit_counts(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the number of bilateral summits between Korea and each of the five."""
    frame = read_table(resolve_path(path, SUMMIT_COUNTS_FILE), SUMMIT_COUNTS_SCHEMA, verify=verify)
    return with_iso3(frame)


ETHNIC_KOREANS_FILE = paths.EXTERNAL_DATA_DIR / "ethnic_korean_population.csv"
ETHNIC_KOREANS_SCHEMA = Schema(
    columns=(
        Column("country"),
        Column("reference_date"),
        Column("year", "int", required=False),
        Column("ethnic_koreans", "int", minimum=0),
        Column("unit", choices=("persons",)),
        Column("type"),
        Column("original_source"),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
    ),
    country_columns=CENTRAL_ASIA_COUNTRY,
    country_extras=("Central Asia", "Russia"),
)


def load_ethnic_koreans(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return ethnic Korean (Koryo-saram) population figures by country and date."""
    frame = read_table(
        resolve_path(path, ETHNIC_KOREANS_FILE), ETHNIC_KOREANS_SCHEMA, verify=verify
    )
    frame = frame.copy()
    frame.insert(
        1,
        "iso3",
        [
            iso3(v, central_asia_only=False) if v != "Central Asia" else None
            for v in frame["country"]
        ],
    )
    return frame


# --------------------------------------------------------------------------------------------


def wdi_context_schema(unit: str) -> Schema:
    """The schema shared by the WDI context files (GDP in USD, population in persons)."""
    return Schema(
        columns=(
            Column("iso3"),
            Column("country"),
            Column("year", "int", minimum=1992),
            Column("value", "number", required=False, minimum=0),
            Column("unit", choices=(unit,)),
            SOURCE_COLUMN,
            CONFIDENCE_COLUMN,
        ),
        key=("iso3", "year"),
        country_columns={"iso3": False},
    )


GDP_FILE = paths.EXTERNAL_DATA_DIR / "gdp_wdi.csv"
POPULATION_FILE = paths.EXTERNAL_DATA_DIR / "population_wdi.csv"


def load_gdp(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return GDP in current USD (WDI NY.GDP.MKTP.CD), 1992-2023, the five and Korea."""
    frame = read_table(resolve_path(path, GDP_FILE), wdi_context_schema("USD"), verify=verify)
    return with_usd(frame)


def load_population(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return total population (WDI SP.POP.TOTL), 1992-2024, the five and Korea."""
    return read_table(
        resolve_path(path, POPULATION_FILE), wdi_context_schema("persons"), verify=verify
    )
