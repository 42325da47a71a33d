"""Loaders of the curated trade files: COW, IMF DOTS, the press, the unit evidence, WDI totals.

``flow`` is seen from the Central Asian state in COW and from Korea everywhere else; see
``data/README.md``. Each file's schema is its resource in ``data/datapackage.json``. COW's
coverage gaps (zeros before a pair's first reported year, absent dyad-years) are applied here,
from ``data/corrections.yml`` (:mod:`.coverage`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import with_iso3, with_usd
from .coverage import apply_coverage_rule
from .validation import read_resource


def load_cow_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Correlates of War trade 1992-2014 of each of the five with Korea and the powers.

    ``flow`` is seen from the Central Asian country (``export`` = its exports to the partner).
    The coverage rule of ``data/corrections.yml`` (correction ``cow_coverage_gaps``) is
    applied after its guard holds: a zero before the (country, partner) pair's first non-zero
    year, and a dyad-year absent from COW, are gaps (``value`` and ``value_usd`` missing),
    never zeros. Other zeros mean "rounded to 0" (under half a million USD).

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``cow_trade_1992_2014``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns (``basis``: ``reported`` or ``derived``; ``derived_from``: what a
        derived value was computed from) with ``iso3``, ``partner_iso3``, ``value_usd``, and
        ``coverage`` (``reported`` or ``gap``) and ``gap_reason`` (``leading_zero``,
        ``absent``, ``missing``; empty for reported rows).

    Raises
    ------
    DataError
        For a cell that breaks the schema, or when the coverage rule's guard fails.
    """
    frame = read_resource("cow_trade_1992_2014", path, verify=verify)
    frame = with_iso3(frame)
    frame = with_iso3(frame, "partner", central_asia_only=False)
    return apply_coverage_rule(with_usd(frame))


def load_dots_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return IMF DOTS goods trade 2010-2020 between Korea and each of the five, both sides.

    ``flow`` is seen from Korea; ``reporting_side`` says whose statistics the figure is
    (``Korea``, or the partner: its imports from Korea are Korea's exports, a mirror flow).
    ``basis`` says whether the reporting side's figure is its own (``reported``) or an
    estimate published in its name (``estimate``: the Turkmen side, Korea's figure x or / 1.06,
    and the Tajik exports flagged suspect); ``derived_from`` says from what.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's
        ``imf_dots_trade_2010_2020``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``iso3`` and ``value_usd``.
    """
    frame = read_resource("imf_dots_trade_2010_2020", path, verify=verify)
    return with_usd(with_iso3(frame))


def load_press_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return official trade figures relayed by the press, 2015-2023.

    Each row covers a full year or a year to date, as its ``period`` and ``months`` say;
    ``bound`` marks "more than" figures (lower bounds).

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``press_trade_2015_2023``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``iso3`` and ``value_usd``.
    """
    frame = read_resource("press_trade_2015_2023", path, verify=verify)
    return with_usd(with_iso3(frame))


def load_trade_unit_evidence(
    path: Path | str | None = None, *, verify: bool = True
) -> pd.DataFrame:
    """Return the point trade figures that settle the unit of the paper's Table 1.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``trade_unit_evidence``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``iso3`` and ``value_usd``.
    """
    frame = read_resource("trade_unit_evidence", path, verify=verify)
    return with_usd(with_iso3(frame))


def load_korea_totals(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Korea's total trade and net ODA provided (WDI), 1992-2023, in USD.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's
        ``wdi_korea_totals_1992_2023``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        The file's columns with ``value_usd``.
    """
    frame = read_resource("wdi_korea_totals_1992_2023", path, verify=verify)
    return with_usd(frame)
