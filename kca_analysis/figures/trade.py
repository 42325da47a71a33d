"""Figures of Korea's trade with the five: flows, shares, both reporting sides, history.

Every ``plot_*`` takes a tidy frame from :mod:`kca_analysis.analysis.trade` (or its
``mirror``/``trade_series`` parts) and returns the Axes it drew on. Value axes carry the unit;
a logarithmic scale is offered because the flows span several orders of magnitude (USD 3
thousand to USD 4.9 billion in Table 1 alone).
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import LogFormatter

from kca_analysis.analysis.trade import COW_SIDE, period_label
from kca_analysis.countries import CENTRAL_ASIA
from kca_analysis.vocab import VALUE_UNITS, check_value_unit, unit_label

from .style import LEGEND_GREY, axes, country_color, marker_handle, plain_number, year_axis

__all__ = [
    "FLOW_COLORS",
    "plot_flows",
    "plot_history",
    "plot_mirror",
    "plot_share_of_korea_trade",
    "plot_shares",
    "plot_trade_to_gdp",
]

#: Korea's exports in blue, its imports in orange, on every trade figure.
FLOW_COLORS = {"export": "#0072B2", "import": "#E69F00"}


def _log_axis(ax: plt.Axes, axis: str = "y") -> None:
    """Put ``axis`` on a log scale labelled with plain numbers (1,000 and 0.1, not 10^3 and
    10^-1); minor ticks are labelled too when the axis spans few decades."""

    class _PlainLogFormatter(LogFormatter):
        def _num_to_string(self, x, vmin, vmax):
            return plain_number(x)

    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(_PlainLogFormatter(labelOnlyBase=True))
    target.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.4)))


def _value_axis(ax: plt.Axes, value_unit: str, log_scale: bool, axis: str = "y") -> None:
    label = unit_label(value_unit) + (" (log scale)" if log_scale else "")
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label)
    if log_scale:
        _log_axis(ax, axis)


def _country_order(codes: Iterable[str]) -> list[str]:
    present = set(codes)
    return [c.iso3 for c in CENTRAL_ASIA if c.iso3 in present]


def plot_flows(
    table: pd.DataFrame,
    *,
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Grouped bars of Korea's exports and imports per country and period.

    Each bar's legend label carries its months (and "annualised" when it is); bars of periods
    after the first are hatched.

    Parameters
    ----------
    table
        Tidy flows: ``iso3, flow, period, months, value_usd`` and optionally ``basis``.
    value_unit
        The unit of the value axis (:data:`kca_analysis.vocab.VALUE_UNITS`).
    log_scale
        Draw the value axis on a logarithmic scale.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For an unknown ``value_unit``.
    """
    ax = axes(ax)
    factor = VALUE_UNITS[check_value_unit(value_unit)]
    codes = _country_order(table["iso3"])
    series = []
    for flow in ("export", "import"):
        for period in sorted(set(table["period"])):
            rows = table[(table["flow"] == flow) & (table["period"] == period)]
            if rows.empty:
                continue
            basis = rows["basis"].iloc[0] if "basis" in rows else None
            label = f"Korea's {flow}s, {period_label(period, int(rows['months'].iloc[0]), basis)}"
            values = rows.set_index("iso3")["value_usd"].reindex(codes) / factor
            series.append((flow, period, label, values))
    width = 0.8 / max(len(series), 1)
    x = np.arange(len(codes))
    periods = sorted(set(table["period"]))
    for i, (flow, period, label, values) in enumerate(series):
        partial = periods.index(period) > 0
        ax.bar(
            x + (i - (len(series) - 1) / 2) * width,
            values.to_numpy(dtype="float64"),
            width,
            label=label,
            color=FLOW_COLORS[flow],
            alpha=0.55 if partial else 1.0,
            hatch="//" if partial else None,
            edgecolor="white" if not partial else FLOW_COLORS[flow],
        )
    ax.set_xticks(x, codes)
    _value_axis(ax, value_unit, log_scale)
    ax.set_xlabel("")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_mirror(
    mirror: pd.DataFrame,
    *,
    flow: str = "export",
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
    legend: bool = True,
) -> plt.Axes:
    """Lines of one flow per country: Korea-reported (solid, dots) and partner-reported
    (dashed). Missing years break the lines.

    Parameters
    ----------
    mirror
        :func:`kca_analysis.analysis.mirror.mirror_comparison`.
    flow
        ``export`` or ``import`` (from Korea's side).
    value_unit
        The unit of the value axis (:data:`kca_analysis.vocab.VALUE_UNITS`).
    log_scale
        Draw the value axis on a logarithmic scale.
    ax
        The Axes to draw on; a new figure when ``None``.
    legend
        Draw the legend (countries and the two line styles).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For an unknown ``value_unit``.
    """
    ax = axes(ax)
    factor = VALUE_UNITS[check_value_unit(value_unit)]
    rows = mirror[mirror["flow"] == flow]
    handles = []
    for iso in _country_order(rows["iso3"]):
        r = rows[rows["iso3"] == iso].set_index("year").sort_index()
        r = r.reindex(range(int(r.index.min()), int(r.index.max()) + 1))
        color = country_color(iso)
        ax.plot(r.index, r["korea_reported_usd"] / factor, "-o", color=color, ms=3)
        ax.plot(r.index, r["partner_reported_usd"] / factor, "--", color=color)
        handles.append(Line2D([], [], color=color, lw=3, label=iso))
    handles.append(
        Line2D([], [], color=LEGEND_GREY, ls="-", marker="o", ms=3, label="Korea-reported")
    )
    handles.append(Line2D([], [], color=LEGEND_GREY, ls="--", label="partner-reported"))
    _value_axis(ax, value_unit, log_scale)
    year_axis(ax)
    if legend:
        ax.legend(handles=handles, fontsize=7, ncol=2, loc="best")
    return ax


def plot_share_of_korea_trade(shares: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Lines of the five's share of Korea's total merchandise trade (per cent), per source.

    Parameters
    ----------
    shares
        :func:`kca_analysis.analysis.trade.share_of_korea_trade`.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax)
    markers = {"export": "o", "import": "s", "turnover": "D"}
    colors = {
        "export": FLOW_COLORS["export"],
        "import": FLOW_COLORS["import"],
        "turnover": "#000000",
    }
    for (source, flow), r in shares.groupby(["source", "flow"], sort=False):
        r = r.sort_values("year")
        style = "-" if len(r) > 1 else ""
        ax.plot(
            r["year"],
            r["share_pct"],
            style,
            marker=markers[flow],
            color=colors[flow],
            label=f"{flow}, {source}",
        )
    ax.set_ylabel("share of Korea's merchandise trade (%)")
    year_axis(ax)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    return ax


def plot_trade_to_gdp(
    table: pd.DataFrame, *, log_scale: bool = True, ax: plt.Axes | None = None
) -> plt.Axes:
    """Lines of trade with Korea as a share of each partner's GDP (per cent), one line per
    country and source (so that a line never bridges two sources or a missing year).

    Parameters
    ----------
    table
        :func:`kca_analysis.analysis.trade.trade_to_gdp`.
    log_scale
        Draw the value axis on a logarithmic scale.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax)
    sources = list(dict.fromkeys(table["source"])) if "source" in table else [None]
    markers = dict(zip(sources, ("o", "D", "s", "^"), strict=False))
    for iso in _country_order(table["iso3"]):
        for i, source in enumerate(sources):
            r = table[table["iso3"] == iso]
            if source is not None:
                r = r[r["source"] == source]
            if r.empty:
                continue
            r = r.set_index("year").sort_index()
            r = r.reindex(range(int(r.index.min()), int(r.index.max()) + 1))
            ax.plot(
                r.index,
                r["turnover_pct_gdp"],
                "-",
                marker=markers[source],
                ms=4,
                color=country_color(iso),
                label=iso if i == 0 else None,
            )
    ax.set_ylabel("trade with Korea, % of partner GDP" + (" (log scale)" if log_scale else ""))
    if log_scale:
        _log_axis(ax)
    year_axis(ax)
    if len(sources) > 1:
        extra = [marker_handle(markers[s], str(s)) for s in sources]
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles=handles + extra, fontsize=7, ncol=2)
    else:
        ax.legend(fontsize=8)
    return ax


def plot_shares(summary: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Horizontal bars per period of each country's ``share_of_total`` (per cent), stacked.

    Compute the summary on all five so that the shares are shares of the five; a subset of
    countries then shows its part of the whole.

    Parameters
    ----------
    summary
        :func:`kca_analysis.analysis.trade.trade_summary` with ``period`` and ``months``.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (8.0, 3.0))
    labels = []
    for i, ((period, months), r) in enumerate(summary.groupby(["period", "months"], sort=True)):
        left = 0.0
        for iso in _country_order(r["iso3"]):
            share = float(r.loc[r["iso3"] == iso, "share_of_total"].iloc[0]) * 100
            ax.barh(i, share, left=left, color=country_color(iso), label=iso if i == 0 else None)
            left += share
        labels.append(period_label(period, months))
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("share of turnover with the five (%)")
    ax.set_xlim(0, 100)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax


_SOURCE_MARKERS = {"Correlates of War v4.0": "s", "IMF DOTS": "o", "Table 1 (KITA)": "D"}


def plot_history(
    history: pd.DataFrame,
    *,
    flow: str = "export",
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Lines of one of Korea's flows with one country from every source of
    :func:`bilateral_history`, one line per source and reporting side; partial-year points are
    drawn hollow and labelled with their months.

    Parameters
    ----------
    history
        :func:`kca_analysis.analysis.trade.bilateral_history` of one country.
    flow
        ``export`` or ``import`` (from Korea's side).
    value_unit
        The unit of the value axis (:data:`kca_analysis.vocab.VALUE_UNITS`).
    log_scale
        Draw the value axis on a logarithmic scale.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For an unknown ``value_unit``.
    """
    ax = axes(ax)
    factor = VALUE_UNITS[check_value_unit(value_unit)]
    rows = history[history["flow"] == flow]
    styles = {"Korea": "-", COW_SIDE: ":"}
    for (source, side), r in rows.groupby(["source", "reporting_side"], sort=False):
        r = r.sort_values(["year", "months"])
        marker = _SOURCE_MARKERS.get(source, "o")
        color = "#000000" if side == "Korea" else ("#999999" if side == COW_SIDE else "#D55E00")
        full = r[r["months"] == 12].set_index("year")
        full = full.reindex(range(int(full.index.min()), int(full.index.max()) + 1)).reset_index()
        label = f"{source}, {side if side == COW_SIDE else side + '-reported'}"
        ax.plot(
            full["year"],
            full["value_usd"] / factor,
            styles.get(side, "--"),
            marker=marker,
            ms=4,
            color=color,
            label=label,
        )
        partial = r[r["months"] != 12]
        for _, p in partial.iterrows():
            ax.plot(
                p["year"], p["value_usd"] / factor, marker=marker, ms=7, mfc="none", color=color
            )
            ax.annotate(
                f"{int(p['months'])} months",
                (p["year"], p["value_usd"] / factor),
                textcoords="offset points",
                xytext=(4, -10),
                fontsize=7,
            )
    _value_axis(ax, value_unit, log_scale)
    year_axis(ax)
    ax.legend(fontsize=7)
    return ax
