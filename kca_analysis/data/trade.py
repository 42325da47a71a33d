"""Loaders of the curated trade files: COW, IMF DOTS, the press, the unit evidence, WDI totals.

``flow`` is seen from the Central Asian state in COW and from Korea everywhere else; see
``data/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..countries import CENTRAL_ASIA_NAMES
from .common import (
    CENTRAL_ASIA_COUNTRY,
    CONFIDENCE_COLUMN,
    FLOWS,
    MONEY_UNITS,
    NOTE_COLUMN,
    PARTNER_NAMES,
    SOURCE_COLUMN,
    resolve_path,
    with_iso3,
    with_usd,
)
from .validation import Column, Schema, read_table

COW_TRADE_FILE = paths.EXTERNAL_DATA_DIR / "cow_trade_1992_2014.csv"
COW_TRADE_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=1992),
        Column("country"),
        Column("partner", choices=PARTNER_NAMES),
        Column("flow", choices=FLOWS),
        Column("value", "number", required=False, minimum=0),
        Column("unit", choices=("USD million",)),
        Column("in_source", choices=("yes", "no")),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
        NOTE_COLUMN,
    ),
    key=("year", "country", "partner", "flow"),
    country_columns=CENTRAL_ASIA_COUNTRY,
)


def load_cow_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Correlates of War trade 1992-2014 of each of the five with Korea and the powers.

    ``flow`` is seen from the Central Asian country (``export`` = its exports to the partner).
    Blank source cells stay missing; 0 means "rounded to 0" (whole million USD).
    """
    frame = read_table(resolve_path(path, COW_TRADE_FILE), COW_TRADE_SCHEMA, verify=verify)
    frame = with_iso3(frame)
    frame = with_iso3(frame, "partner", central_asia_only=False)
    return with_usd(frame)


_KOREA_SIDE_TRADE = (
    Column("year", "int", minimum=1992),
    Column("country"),
)

DOTS_TRADE_FILE = paths.EXTERNAL_DATA_DIR / "imf_dots_trade_2010_2020.csv"
DOTS_TRADE_SCHEMA = Schema(
    columns=(
        *_KOREA_SIDE_TRADE,
        Column("flow", choices=FLOWS),
        Column("reporting_side", choices=("Korea", *CENTRAL_ASIA_NAMES)),
        Column("value", "number", required=False, minimum=0),
        Column("unit", choices=MONEY_UNITS),
        Column("period", "period"),
        Column("months", "int", minimum=1),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
        NOTE_COLUMN,
    ),
    key=("year", "country", "flow", "reporting_side"),
    country_columns=CENTRAL_ASIA_COUNTRY,
)


def load_dots_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return IMF DOTS goods trade 2010-2020 between Korea and each of the five, both sides.

    ``flow`` is seen from Korea; ``reporting_side`` says whose statistics the figure is
    (``Korea``, or the partner: its imports from Korea are Korea's exports, a mirror flow).
    """
    frame = read_table(resolve_path(path, DOTS_TRADE_FILE), DOTS_TRADE_SCHEMA, verify=verify)
    return with_usd(with_iso3(frame))


PRESS_TRADE_FILE = paths.EXTERNAL_DATA_DIR / "press_trade_2015_2023.csv"
PRESS_TRADE_SCHEMA = Schema(
    columns=(
        *_KOREA_SIDE_TRADE,
        Column("flow", choices=(*FLOWS, "total")),
        Column("reporting_side", choices=("Korea", *CENTRAL_ASIA_NAMES)),
        Column("value", "number", minimum=0),
        Column("unit", choices=MONEY_UNITS),
        Column("period", "period"),
        Column("months", "int", minimum=1),
        Column("period_as_stated"),
        Column("bound", required=False, choices=("lower",)),
        Column("publisher"),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
        NOTE_COLUMN,
    ),
    country_columns=CENTRAL_ASIA_COUNTRY,
)


def load_press_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return official trade figures relayed by the press, 2015-2023 (full year or year to
    date, as each row's ``period`` and ``months`` say; ``bound`` marks "more than" figures)."""
    frame = read_table(resolve_path(path, PRESS_TRADE_FILE), PRESS_TRADE_SCHEMA, verify=verify)
    return with_usd(with_iso3(frame))


UNIT_EVIDENCE_FILE = paths.EXTERNAL_DATA_DIR / "trade_unit_evidence.csv"
UNIT_EVIDENCE_SCHEMA = Schema(
    columns=(
        Column("country"),
        Column("year", "int"),
        Column("period", "period"),
        Column("months", "int", minimum=1),
        Column("flow", choices=(*FLOWS, "total", "balance")),
        Column("reporting_side"),
        Column("value", "number", required=False),
        Column("unit", required=False, choices=MONEY_UNITS),
        Column("value_as_published"),
        Column("unit_as_published"),
        Column("publisher"),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
        NOTE_COLUMN,
    ),
    country_columns=CENTRAL_ASIA_COUNTRY,
)


def load_trade_unit_evidence(
    path: Path | str | None = None, *, verify: bool = True
) -> pd.DataFrame:
    """Return the point trade figures that settle the unit of the paper's Table 1."""
    frame = read_table(resolve_path(path, UNIT_EVIDENCE_FILE), UNIT_EVIDENCE_SCHEMA, verify=verify)
    return with_usd(with_iso3(frame))


WDI_KOREA_FILE = paths.EXTERNAL_DATA_DIR / "wdi_korea_totals_1992_2023.csv"
WDI_KOREA_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=1992),
        Column("indicator_code"),
        Column("indicator"),
        Column("value", "number"),
        Column("unit", choices=("USD",)),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
    ),
    key=("year", "indicator_code"),
)


def load_korea_totals(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Korea's total trade and net ODA provided (WDI), 1992-2023, in USD."""
    frame = read_table(resolve_path(path, WDI_KOREA_FILE), WDI_KOREA_SCHEMA, verify=verify)
    return with_usd(frame)
