"""Loaders of the curated ODA files: OECD DAC 2a, WDI for Kazakhstan, Korea's recipients 2009-2010
and the ODA facts read from public pages. Net values can be negative."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..countries import iso3
from .common import (
    CONFIDENCE_COLUMN,
    NOTE_COLUMN,
    SOURCE_COLUMN,
    UNIT_FACTORS,
    resolve_path,
    with_usd,
)
from .validation import Column, Schema, read_table

ODA_DAC2A_FILE = paths.EXTERNAL_DATA_DIR / "oda_dac2a_2002_2019.csv"
ODA_RECIPIENT_AGGREGATES = ("Central Asia, regional", "All Recipients")
ODA_DAC2A_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=2002),
        Column("recipient"),
        Column("donor"),
        Column("value", "number", required=False),
        Column("unit", choices=("USD million",)),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
        NOTE_COLUMN,
    ),
    key=("year", "recipient", "donor"),
    country_columns={"recipient": True},
    country_extras=ODA_RECIPIENT_AGGREGATES,
)


def load_oda_dac2a(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return net ODA disbursements 2002-2019 (OECD DAC Table 2a) to each of the five, the
    region and (for Korea and the DAC total) all recipients. Net values can be negative."""
    frame = read_table(resolve_path(path, ODA_DAC2A_FILE), ODA_DAC2A_SCHEMA, verify=verify)
    frame = frame.copy()
    frame.insert(
        2,
        "recipient_iso3",
        [None if v in ODA_RECIPIENT_AGGREGATES else iso3(v) for v in frame["recipient"]],
    )
    return with_usd(frame)


ODA_WDI_KAZ_FILE = paths.EXTERNAL_DATA_DIR / "oda_wdi_kazakhstan_1992_2023.csv"
ODA_WDI_KAZ_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=1992),
        Column("indicator_code"),
        Column("indicator"),
        Column("donor"),
        Column("value", "number", required=False),
        Column("unit", choices=("USD",)),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
    ),
    key=("year", "indicator_code"),
)


def load_oda_wdi_kazakhstan(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return WDI net ODA to Kazakhstan 1992-2023: from Korea, Japan, all DAC, all donors."""
    frame = read_table(resolve_path(path, ODA_WDI_KAZ_FILE), ODA_WDI_KAZ_SCHEMA, verify=verify)
    return with_usd(frame)


ODA_RECIPIENTS_FILE = paths.EXTERNAL_DATA_DIR / "oda_korea_recipients_2009_2010.csv"
ODA_RECIPIENTS_SCHEMA = Schema(
    columns=(
        Column("year", "int"),
        Column("recipient_iso3"),
        Column("value", "number", minimum=0),
        Column("unit", choices=("USD",)),
        Column("rank", "int", minimum=1),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
    ),
    key=("year", "recipient_iso3"),
)


def load_oda_recipients(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Korea's net bilateral ODA to every recipient with a positive value, 2009-2010."""
    frame = read_table(
        resolve_path(path, ODA_RECIPIENTS_FILE), ODA_RECIPIENTS_SCHEMA, verify=verify
    )
    return with_usd(frame)


ODA_FACTS_FILE = paths.EXTERNAL_DATA_DIR / "oda_facts.csv"
ODA_FACTS_SCHEMA = Schema(
    columns=(
        Column("fact_id"),
        Column("topic"),
        Column("recipient", required=False),
        Column("period"),
        Column("value", "number", required=False),
        Column("unit", required=False),
        Column("value_as_published"),
        Column("unit_as_published"),
        Column("original_source"),
        SOURCE_COLUMN,
        CONFIDENCE_COLUMN,
        NOTE_COLUMN,
    ),
    key=("fact_id",),
)


def load_oda_facts(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return ODA aggregates and KOICA/EDCF programme figures read from public pages."""
    frame = read_table(resolve_path(path, ODA_FACTS_FILE), ODA_FACTS_SCHEMA, verify=verify)
    frame = frame.copy()
    factors = frame["unit"].map(lambda u: UNIT_FACTORS.get(u) if isinstance(u, str) else None)
    frame["value_usd"] = [
        v * f if f is not None and pd.notna(v) else float("nan")
        for v, f in zip(frame["value"], factors, strict=True)
    ]
    return frame
