"""Trade between Korea and the five Central Asian states: turnover, balance, shares, ranking,
concentration and asymmetry per country, from tidy frames.

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

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3

from .periods import REPORTED, annualize, compare_periods, group_keys, in_unit, period_label
from .trade_series import (
    COW_SIDE,
    DOTS_SOURCE,
    FIGURE_REPORTED,
    KOREA_TOTAL_INDICATORS,
    PROVENANCE_COLUMNS,
    TABLE1_SOURCE,
    bilateral_history,
    derivation,
    korea_side,
    korea_total_flows,
    provenance,
    share_of_korea_trade,
    tidy_flows,
    trade_to_gdp,
)

__all__ = [
    "COW_SIDE",
    "DOTS_SOURCE",
    "KOREA_TOTAL_INDICATORS",
    "REPORTED",
    "TABLE1_SOURCE",
    "TABLE1_VIEWS",
    "annualize",
    "asymmetry",
    "bilateral_history",
    "compare_periods",
    "concentration",
    "derivation",
    "hhi",
    "in_unit",
    "korea_side",
    "korea_total_flows",
    "one_sidedness",
    "period_label",
    "rank_within",
    "ranking",
    "share_of_korea_trade",
    "trade_summary",
    "trade_to_gdp",
    "trade_views",
    "versus_rest",
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


def ranking(summary: pd.DataFrame, column: str = "turnover_usd") -> pd.DataFrame:
    """Return the summary ranked by ``column`` within each group, largest first.

    Parameters
    ----------
    summary
        :func:`trade_summary`.
    column
        The amount to rank by.

    Returns
    -------
    DataFrame
        The rows of ``summary`` with a ``rank`` column (1 = largest; ties keep the rows' order),
        sorted by rank within each group; the groups keep their order.
    """
    keys = group_keys(summary)
    if keys:
        groups = summary.groupby(keys, sort=False, dropna=False)
        rank = groups[column].rank(ascending=False, method="first")
        order = groups.ngroup()
    else:
        rank = summary[column].rank(ascending=False, method="first")
        order = pd.Series(0, index=summary.index)
    out = summary.assign(rank=rank.astype("int64"), _group=order)
    return out.sort_values(["_group", "rank"], kind="stable").drop(columns="_group")


def rank_within(
    summary: pd.DataFrame, column: str = "turnover_usd", name: str = "rank"
) -> pd.DataFrame:
    """Return the summary with each country's rank by ``column`` within its group, rows in place.

    Parameters
    ----------
    summary
        :func:`trade_summary` of all the countries to rank among (e.g. all five).
    column
        The amount to rank by.
    name
        The name of the new column.

    Returns
    -------
    DataFrame
        A copy with ``name`` added: 1 = largest, ties share the best rank; missing where the
        amount is missing (a gap is not ranked last).
    """
    keys = group_keys(summary)
    values = summary.groupby(keys, sort=False, dropna=False)[column] if keys else summary[column]
    rank = values.rank(ascending=False, method="min")
    return summary.assign(**{name: rank.astype("Int64")})


def versus_rest(
    summary: pd.DataFrame, codes: Sequence[str], column: str = "turnover_usd"
) -> pd.DataFrame:
    """Set the countries ``codes`` together against all the others, per group.

    Parameters
    ----------
    summary
        :func:`trade_summary`.
    codes
        ISO3 codes of the countries taken together (e.g. ``("UZB", "KAZ")``).
    column
        The amount compared.

    Returns
    -------
    DataFrame
        The group columns, ``selected`` (the codes joined by "+"), ``selected_usd`` and
        ``rest_usd`` (sums; missing when a country's figure is missing), ``ratio``
        (selected / rest; infinite when the rest is zero) and ``selected_share`` (of the sum).

    Raises
    ------
    ValueError
        When a group lacks one of ``codes``.
    """
    codes = list(codes)
    rows = []
    for key, group in _groups(summary):
        absent = set(codes) - set(group["iso3"])
        if absent:
            raise ValueError(f"versus_rest: no row for {sorted(absent)} in the group {key}")
        chosen = group["iso3"].isin(codes)
        selected = group.loc[chosen, column].sum(min_count=int(chosen.sum()))
        rest = group.loc[~chosen, column].sum(min_count=int((~chosen).sum()))
        rows.append(
            {
                **key,
                "selected": "+".join(codes),
                "selected_usd": float(selected),
                "rest_usd": float(rest),
                "ratio": float(selected / rest) if rest else float("inf"),
                "selected_share": float(selected / (selected + rest)),
            }
        )
    return pd.DataFrame(rows)


def one_sidedness(summary: pd.DataFrame) -> pd.DataFrame:
    """Return how one-sided Korea's trade with each country is.

    Parameters
    ----------
    summary
        :func:`trade_summary`.

    Returns
    -------
    DataFrame
        The group columns, ``iso3, country, balance_usd, turnover_usd``, ``one_sidedness``
        (abs(exports - imports) / turnover: 0 = balanced, 1 = one-way) and ``korea_surplus``
        (True when Korea exports more than it imports).
    """
    columns = [*group_keys(summary), "iso3", "country", "balance_usd", "turnover_usd"]
    out = summary[columns].copy()
    out["one_sidedness"] = out["balance_usd"].abs() / out["turnover_usd"]
    out["korea_surplus"] = out["balance_usd"] > 0
    return out


def asymmetry(summary: pd.DataFrame) -> pd.DataFrame:
    """Return, per group, how much the one-sidedness of trade varies across the countries.

    Parameters
    ----------
    summary
        :func:`trade_summary`.

    Returns
    -------
    DataFrame
        The group columns, ``countries``, ``most_balanced`` and ``most_balanced_index``,
        ``most_one_sided`` and ``most_one_sided_index`` (ISO3 and :func:`one_sidedness`),
        ``spread`` (the difference of the two), ``korea_surplus`` and ``korea_deficit``
        (how many countries Korea exports more to, or less to, than it imports from).
    """
    rows = []
    for key, group in _groups(one_sidedness(summary)):
        low = group.loc[group["one_sidedness"].idxmin()]
        high = group.loc[group["one_sidedness"].idxmax()]
        rows.append(
            {
                **key,
                "countries": len(group),
                "most_balanced": low["iso3"],
                "most_balanced_index": float(low["one_sidedness"]),
                "most_one_sided": high["iso3"],
                "most_one_sided_index": float(high["one_sidedness"]),
                "spread": float(high["one_sidedness"] - low["one_sidedness"]),
                "korea_surplus": int(group["korea_surplus"].sum()),
                "korea_deficit": int((group["balance_usd"] < 0).sum()),
            }
        )
    return pd.DataFrame(rows)


#: The periods of Table 1 and the names of their views in :func:`trade_views`.
TABLE1_VIEWS = {"2022": "Table 1, 2022", "2023-01..10": "Table 1, Jan-Oct 2023"}


def _complete(views: pd.DataFrame, view: str) -> bool:
    rows = views[(views["view"] == view) & views["value_usd"].notna()]
    have = set(zip(rows["iso3"], rows["flow"], strict=True))
    return all((code, flow) in have for code in CENTRAL_ASIA_ISO3 for flow in ("export", "import"))


def trade_views(
    table1: pd.DataFrame | None = None, dots: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return Korea's exports to and imports from the five in every view that covers all five.

    The views: Table 1 for each of its periods (:data:`TABLE1_VIEWS`), and IMF DOTS for its
    latest year as reported by Korea and as reported by each partner (mirror flows). A view is
    kept only when each of the five has both flows; pass :func:`trade_summary` the result to
    compare the countries within each view.

    Parameters
    ----------
    table1
        :func:`kca_analysis.data.load_trade_table1` (or some of its rows).
    dots
        :func:`kca_analysis.data.load_dots_trade` (or some of its rows).

    Returns
    -------
    DataFrame
        ``source, view, year, period, months, iso3, country, flow, value_usd`` and the
        provenance of each figure (``figure_basis``, ``derived_from``, ``gap_reason``: the
        partner side of IMF DOTS holds IMF estimates for Turkmenistan), views in the order
        above.
    """
    parts = []
    if table1 is not None:
        for period, view in TABLE1_VIEWS.items():
            part = table1[table1["period"] == period]
            year = part["period"].astype(str).str[:4].astype("int64")
            flows = tidy_flows(part, TABLE1_SOURCE, year, view=view)
            parts.append(
                flows.assign(figure_basis=FIGURE_REPORTED, derived_from=pd.NA, gap_reason=pd.NA)
            )
    if dots is not None and len(dots):
        year = int(dots["year"].max())
        latest = dots[dots["year"] == year]
        korea = latest["reporting_side"] == "Korea"
        for view, rows in (
            (f"IMF DOTS {year}, Korea-reported", latest[korea]),
            (f"IMF DOTS {year}, partner-reported", latest[~korea]),
        ):
            part = tidy_flows(rows, DOTS_SOURCE, rows["year"].astype("int64"), view=view)
            parts.append(part.assign(**provenance(rows)))
    columns = ["source", "view", "year", "period", "months", "iso3", "country", "flow", "value_usd"]
    columns += list(PROVENANCE_COLUMNS.values())
    views = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    kept = [v for v in dict.fromkeys(views["view"]) if _complete(views, v)]
    return views[views["view"].isin(kept)].reset_index(drop=True)
