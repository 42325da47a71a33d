"""Trade between Korea and the five Central Asian states: turnover, balance, shares,
concentration per country, from tidy frames.

This module is the topic's entry point: ``from kca_analysis.analysis import trade`` gives the
summary functions defined here and, re-exported, the units and periods
(:mod:`~kca_analysis.analysis.periods`) and the series from Korea's side
(:mod:`~kca_analysis.analysis.trade_series`). Both reporting sides of the pair are in
:mod:`~kca_analysis.analysis.mirror`; Table 1 against independent figures in
:mod:`~kca_analysis.analysis.table1`.

Every function takes a tidy DataFrame (one observation per row, ``value_usd`` in US dollars, a
``flow`` seen from Korea's side, a ``period`` and the ``months`` it covers) and returns a new
DataFrame; nothing is read from disk here. A missing flow gives a missing turnover, never a zero.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .periods import REPORTED, annualize, compare_periods, group_keys, in_unit, period_label
from .trade_series import (
    COW_SIDE,
    DOTS_SOURCE,
    KOREA_TOTAL_INDICATORS,
    TABLE1_SOURCE,
    bilateral_history,
    korea_side,
    korea_total_flows,
    share_of_korea_trade,
    trade_to_gdp,
)

__all__ = [
    "COW_SIDE",
    "DOTS_SOURCE",
    "KOREA_TOTAL_INDICATORS",
    "REPORTED",
    "TABLE1_SOURCE",
    "annualize",
    "bilateral_history",
    "compare_periods",
    "concentration",
    "hhi",
    "in_unit",
    "korea_side",
    "korea_total_flows",
    "period_label",
    "share_of_korea_trade",
    "trade_summary",
    "trade_to_gdp",
]


def _groups(frame: pd.DataFrame):
    """Yield (key dict, rows) per group of :func:`group_keys`, in order of appearance."""
    keys = group_keys(frame)
    if not keys:
        yield {}, frame
        return
    for key, rows in frame.groupby(keys, sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        yield dict(zip(keys, key, strict=True)), rows


def trade_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Return exports, imports, turnover, balance, export/import ratio and share per country.

    Parameters
    ----------
    frame
        Tidy flows with ``iso3``, ``country``, ``flow`` (``export``/``import``, from Korea's side),
        ``value_usd`` and any of :data:`~kca_analysis.analysis.periods.GROUP_COLUMNS` (the
        grouping: one summary row per country and group).

    Returns
    -------
    DataFrame
        The group columns, ``iso3, country, export_usd, import_usd, turnover_usd, balance_usd``
        (Korea's exports minus its imports: positive is a Korean surplus),
        ``export_import_ratio`` (missing when imports are zero or missing) and ``share_of_total``
        (the country's share of the turnover of all countries in the group; pass all five to get
        each country's share of the five). A missing flow leaves turnover, balance and share
        missing.

    Raises
    ------
    ValueError
        For missing columns, a flow other than export/import, or two values for one country,
        flow and group.
    """
    missing = {"iso3", "country", "flow", "value_usd"} - set(frame.columns)
    if missing:
        raise ValueError(f"trade_summary needs the columns {sorted(missing)}")
    unknown = set(frame["flow"]) - {"export", "import"}
    if unknown:
        raise ValueError(f"flows must be 'export' or 'import'; found {sorted(unknown)}")
    keys = group_keys(frame)
    index = [*keys, "iso3", "country"]
    if frame.duplicated([*index, "flow"]).any():
        raise ValueError(
            "more than one value per country, flow and group; select one source and "
            "reporting side first (group columns found: " + ", ".join(keys) + ")"
        )
    wide = (
        frame.set_index([*index, "flow"])["value_usd"]
        .unstack("flow")
        .reindex(pd.MultiIndex.from_frame(frame[index].drop_duplicates()))
        .reset_index()
    )
    wide.columns.name = None
    for flow in ("export", "import"):
        if flow not in wide.columns:
            wide[flow] = np.nan
    wide = wide.rename(columns={"export": "export_usd", "import": "import_usd"})
    wide["export_usd"] = wide["export_usd"].astype("float64")
    wide["import_usd"] = wide["import_usd"].astype("float64")
    wide["turnover_usd"] = wide["export_usd"] + wide["import_usd"]
    wide["balance_usd"] = wide["export_usd"] - wide["import_usd"]
    wide["export_import_ratio"] = wide["export_usd"] / wide["import_usd"].where(
        wide["import_usd"] > 0
    )
    if keys:
        totals = wide.groupby(keys, sort=False, dropna=False)["turnover_usd"].transform(
            lambda s: s.sum(min_count=len(s))
        )
    else:
        totals = pd.Series(wide["turnover_usd"].sum(min_count=len(wide)), index=wide.index)
    wide["share_of_total"] = wide["turnover_usd"] / totals
    return wide[
        [
            *index,
            "export_usd",
            "import_usd",
            "turnover_usd",
            "balance_usd",
            "export_import_ratio",
            "share_of_total",
        ]
    ]


def hhi(values: Iterable[float]) -> float:
    """Return the Herfindahl-Hirschman index of ``values``: the sum of squared shares (0-1].

    ``hhi([1, 1, 1, 1])`` is 0.25 (four equal partners); ``hhi([5, 0])`` is 1.0 (one partner).
    The reciprocal is the "equivalent number" of equal-sized partners.

    Parameters
    ----------
    values
        Non-negative amounts (trade flows, not balances).

    Returns
    -------
    float
        The index; missing when any value is missing (a gap is not a zero).

    Raises
    ------
    ValueError
        For no value, a negative value, or when every value is zero.
    """
    series = pd.Series(list(values), dtype="float64")
    if series.empty:
        raise ValueError("hhi needs at least one value")
    if series.isna().any():
        return float("nan")
    if (series < 0).any():
        raise ValueError("hhi needs non-negative values (trade flows, not balances)")
    total = series.sum()
    if total == 0:
        raise ValueError("hhi is undefined when every value is zero")
    return float(((series / total) ** 2).sum())


def concentration(summary: pd.DataFrame, column: str = "turnover_usd") -> pd.DataFrame:
    """Return the concentration of ``column`` across the countries of each group.

    Parameters
    ----------
    summary
        :func:`trade_summary`.
    column
        The amount whose concentration is measured.

    Returns
    -------
    DataFrame
        The group columns, ``countries`` (how many), ``hhi`` (0-1), ``hhi_points`` (x 10 000,
        the competition-policy scale), ``equivalent_partners`` (1/HHI), ``largest`` (ISO3) and
        ``largest_share``.
    """
    rows = []
    for key, group in _groups(summary):
        index = hhi(group[column])
        top = group.loc[group[column].idxmax()] if group[column].notna().all() else None
        rows.append(
            {
                **key,
                "countries": len(group),
                "hhi": index,
                "hhi_points": index * 10_000,
                "equivalent_partners": 1 / index if index == index else float("nan"),
                "largest": top["iso3"] if top is not None else None,
                "largest_share": float(top[column] / group[column].sum())
                if top is not None
                else float("nan"),
            }
        )
    return pd.DataFrame(rows)
