"""Loaders of the curated ODA files: OECD DAC 2a, WDI for Kazakhstan, Korea's recipients 2009-2010
and the ODA facts read from public pages. Net values can be negative. Each file's schema is its
resource in ``data/datapackage.json``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..countries import iso3
from .common import UNIT_FACTORS, with_usd
from .validation import read_resource

ODA_RECIPIENT_AGGREGATES = ("Central Asia, regional", "All Recipients")


def load_oda_dac2a(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return net ODA disbursements 2002-2019 (OECD DAC Table 2a).

    To each of the five, the region and (for Korea and the DAC total) all recipients.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``oda_dac2a_2002_2019``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``recipient_iso3`` (missing for aggregates) and ``value_usd``.
    """
    frame = read_resource("oda_dac2a_2002_2019", path, verify=verify).copy()
    frame.insert(
        2,
        "recipient_iso3",
        [None if v in ODA_RECIPIENT_AGGREGATES else iso3(v) for v in frame["recipient"]],
    )
    return with_usd(frame)


def load_oda_wdi_kazakhstan(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return WDI net ODA to Kazakhstan 1992-2023: from Korea, Japan, all DAC, all donors.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's
        ``oda_wdi_kazakhstan_1992_2023``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``value_usd``.
    """
    return with_usd(read_resource("oda_wdi_kazakhstan_1992_2023", path, verify=verify))


def load_oda_recipients(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Korea's net bilateral ODA to every recipient with a positive value, 2009-2010.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's
        ``oda_korea_recipients_2009_2010``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``value_usd``.
    """
    return with_usd(read_resource("oda_korea_recipients_2009_2010", path, verify=verify))


def load_oda_facts(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return ODA aggregates and KOICA/EDCF programme figures read from public pages.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``oda_facts``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``value_usd`` (missing where the unit is not money).
    """
    frame = read_resource("oda_facts", path, verify=verify).copy()
    factors = frame["unit"].map(lambda u: UNIT_FACTORS.get(u) if isinstance(u, str) else None)
    frame["value_usd"] = [
        v * f if f is not None and pd.notna(v) else float("nan")
        for v, f in zip(frame["value"], factors, strict=True)
    ]
    return frame
