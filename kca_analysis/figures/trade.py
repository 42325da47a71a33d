"""Figures of Korea's trade with the five: flows, shares, both reporting sides, history.

Every ``plot_*`` takes a tidy frame from :mod:`kca_analysis.analysis.trade` (or its
``mirror``/``trade_series`` parts) and returns the Axes it drew on. Value axes carry the unit;
a logarithmic scale is offered because the flows span several orders of magnitude, and so no
figure here draws bars: a bar's length means nothing on a log axis, a dot's position does.
Each series has its own marker; a figure that is not its reporting side's own report (an IMF
estimate, a value derived from the other side's figure) is drawn hollow on a dotted line and
labelled with what it is; a zero that a log axis cannot place is marked at the axis floor.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import LogFormatter

from kca_analysis.analysis.mirror import ESTIMATE
from kca_analysis.analysis.trade import period_label
from kca_analysis.countries import five_in_order
from kca_analysis.vocab import VALUE_UNITS, check_value_unit, unit_label

from .style import (
    LEGEND_GREY,
    axes,
    country_color,
    every_year,
    marker_handle,
    plain_number,
    year_axis,
)

__all__ = [
    "FLOW_COLORS",
    "FLOW_MARKERS",
    "NOT_REPORTED_STYLE",
    "ZERO_LABEL",
    "plot_flows",
    "plot_mirror",
    "plot_share_of_korea_trade",
    "plot_shares",
    "plot_trade_to_gdp",
    "positive",
    "value_axis",
    "zeros_at_floor",
]

#: Korea's exports in blue, its imports in orange, on every trade figure.
FLOW_COLORS = {"export": "#0072B2", "import": "#E69F00"}
#: And each flow its own marker, so that colour is never the only cue.
FLOW_MARKERS = {"export": "o", "import": "s"}
#: How a figure that is not its side's own report is drawn: hollow markers on a dotted line.
NOT_REPORTED_STYLE = {"linestyle": ":", "markerfacecolor": "white"}
#: The legend entry of zeros on a log axis (drawn at the floor, where a log axis cannot go).
ZERO_LABEL = "0 in the source (at the axis floor: no place on a log scale)"


def zeros_at_floor(ax: plt.Axes, x, values, color: str, label: str | None = ZERO_LABEL) -> None:
    """Mark zero ``values`` at the bottom edge of a log-scaled y axis (a line cannot reach
    them), so that a reported zero is neither dropped nor drawn as a gap; the legend entry is
    given once per Axes, by the first series with a zero.

    Parameters
    ----------
    ax
        The Axes (its y axis on a log scale).
    x, values
        Positions and values of one series; only the zeros are drawn.
    color
        The series' colour.
    label
        The legend entry (default :data:`ZERO_LABEL`), left out when the Axes has it already.
    """
    x, values = np.asarray(x, dtype="float64"), np.asarray(values, dtype="float64")
    zero = values == 0
    if not zero.any():
        return
    if any(line.get_label() == label for line in ax.get_lines()):
        label = None
    ax.plot(
        x[zero],
        np.zeros(int(zero.sum())),
        linestyle="",
        marker="v",
        ms=5,
        color=color,
        clip_on=False,
        transform=ax.get_xaxis_transform(),
        label=label,
    )


def positive(values: pd.Series, log_scale: bool) -> pd.Series:
    """Return the values a line can draw: on a log axis zeros become breaks in the line (and
    are marked by :func:`zeros_at_floor`).

    Parameters
    ----------
    values
        One series' values.
    log_scale
        Whether the value axis is logarithmic.

    Returns
    -------
    Series
    """
    return values.where(values != 0) if log_scale else values


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


def value_axis(ax: plt.Axes, value_unit: str, log_scale: bool, axis: str = "y") -> None:
    """Label a value axis with its unit (and "log scale") and set its scale.

    Parameters
    ----------
    ax
        The Axes.
    value_unit
        One of :data:`kca_analysis.vocab.VALUE_UNITS`.
    log_scale
        Put the axis on a logarithmic scale with plain-number tick labels.
    axis
        ``y`` or ``x``.
    """
    label = unit_label(value_unit) + (" (log scale)" if log_scale else "")
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label)
    if log_scale:
        _log_axis(ax, axis)


def plot_flows(
    table: pd.DataFrame,
    *,
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """A dot plot of Korea's exports and imports per country and period.

    One column per country; one marker per series: the flow by colour and shape, the first
    period filled, later periods hollow. Each series' legend label carries its months (and
    "annualised" when it is). Dots, not bars, so that a log axis cannot mislead.

    Parameters
    ----------
    table
        Tidy flows: ``iso3, flow, period, months, value_usd`` and optionally ``basis``.
    value_unit
        The unit of the value axis (:data:`kca_analysis.vocab.VALUE_UNITS`).
    log_scale
        Draw the value axis on a logarithmic scale (zeros are then marked at its floor).
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
    codes = five_in_order(table["iso3"])
    periods = sorted(set(table["period"]))
    series = []
    for flow in ("export", "import"):
        for period in periods:
            rows = table[(table["flow"] == flow) & (table["period"] == period)]
            if rows.empty:
                continue
            basis = rows["basis"].iloc[0] if "basis" in rows else None
            label = f"Korea's {flow}s, {period_label(period, int(rows['months'].iloc[0]), basis)}"
            values = rows.set_index("iso3")["value_usd"].reindex(codes) / factor
            series.append((flow, period, label, values))
    step = 0.6 / max(len(series) - 1, 1)
    x = np.arange(len(codes), dtype="float64")
    for i, (flow, period, label, values) in enumerate(series):
        where = x + (i - (len(series) - 1) / 2) * step
        color = FLOW_COLORS[flow]
        ax.plot(
            where,
            positive(values, log_scale).to_numpy(dtype="float64"),
            linestyle="",
            marker=FLOW_MARKERS[flow],
            ms=8,
            mew=1.6,
            color=color,
            markerfacecolor=color if periods.index(period) == 0 else "white",
            label=label,
        )
        if log_scale:
            zeros_at_floor(ax, where, values, color)
    ax.set_xticks(x, codes)
    ax.set_xlim(-0.6, len(codes) - 0.4)
    ax.grid(False, axis="x")  # a vertical line would run through each country's dots
    value_axis(ax, value_unit, log_scale)
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
    """Lines of one flow per country: Korea-reported (solid, filled dots), partner-reported
    (dashed) and partner-side estimates (dotted, hollow dots: not the partner's report).
    Missing years break the lines.

    Parameters
    ----------
    mirror
        :func:`kca_analysis.analysis.mirror.mirror_comparison` (with ``partner_basis``).
    flow
        ``export`` or ``import`` (from Korea's side).
    value_unit
        The unit of the value axis (:data:`kca_analysis.vocab.VALUE_UNITS`).
    log_scale
        Draw the value axis on a logarithmic scale.
    ax
        The Axes to draw on; a new figure when ``None``.
    legend
        Draw the legend (countries and the three line styles).

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
    for iso in five_in_order(rows["iso3"]):
        r = every_year(rows[rows["iso3"] == iso].set_index("year"))
        color = country_color(iso)
        estimate = r["partner_basis"].isin([ESTIMATE])
        partner = r["partner_reported_usd"] / factor
        ax.plot(r.index, r["korea_reported_usd"] / factor, "-o", color=color, ms=3)
        ax.plot(r.index, partner.where(~estimate), "--", color=color)
        ax.plot(
            r.index, partner.where(estimate), marker="o", ms=4, color=color, **NOT_REPORTED_STYLE
        )
        handles.append(Line2D([], [], color=color, lw=3, label=iso))
    grey = {"color": LEGEND_GREY}
    handles += [
        Line2D([], [], ls="-", marker="o", ms=3, label="Korea-reported", **grey),
        Line2D([], [], ls="--", label="partner-reported", **grey),
        Line2D(
            [],
            [],
            marker="o",
            ms=4,
            label="partner side: estimate, not a report",
            **grey,
            **NOT_REPORTED_STYLE,
        ),
    ]
    value_axis(ax, value_unit, log_scale)
    year_axis(ax)
    if legend:
        ax.legend(handles=handles, fontsize=7, ncol=2, loc="best")
    return ax


#: One marker per series of :func:`plot_share_of_korea_trade`: a set of flow markers per
#: source, in the order the sources appear.
SHARE_MARKERS = (
    {"export": "o", "import": "s", "turnover": "D"},
    {"export": "^", "import": "v", "turnover": "P"},
    {"export": "<", "import": ">", "turnover": "X"},
)
SHARE_COLORS = {**FLOW_COLORS, "turnover": "#000000"}


def plot_share_of_korea_trade(shares: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Lines of the five's share of Korea's total merchandise trade (per cent, linear axis from
    zero), one per source and flow, each with its own marker; each source's latest turnover
    share is labelled.

    Parameters
    ----------
    shares
        :func:`kca_analysis.analysis.trade.share_of_korea_trade`.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For more sources than :data:`SHARE_MARKERS` has marker sets.
    """
    ax = axes(ax)
    sources = list(dict.fromkeys(shares["source"]))
    if len(sources) > len(SHARE_MARKERS):
        raise ValueError(
            f"plot_share_of_korea_trade draws at most {len(SHARE_MARKERS)} sources; "
            f"got {len(sources)}: {sources}"
        )
    for (source, flow), r in shares.groupby(["source", "flow"], sort=False):
        r = r.sort_values("year")
        ax.plot(
            r["year"],
            r["share_pct"],
            "-" if len(r) > 1 else "",
            marker=SHARE_MARKERS[sources.index(source)][flow],
            ms=7,
            color=SHARE_COLORS[flow],
            label=f"{flow}, {source}",
        )
        if flow == "turnover":  # the headline share; labelling all three would overlap
            last = r.iloc[-1]
            ax.annotate(
                f"{last['share_pct']:.2f}%",
                (last["year"], last["share_pct"]),
                textcoords="offset points",
                xytext=(7, -3),
                fontsize=7,
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
    for iso in five_in_order(table["iso3"]):
        for i, source in enumerate(sources):
            r = table[table["iso3"] == iso]
            if source is not None:
                r = r[r["source"] == source]
            if r.empty:
                continue
            r = every_year(r.set_index("year"))
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
        for iso in five_in_order(r["iso3"]):
            share = float(r.loc[r["iso3"] == iso, "share_of_total"].iloc[0]) * 100
            ax.barh(i, share, left=left, color=country_color(iso), label=iso if i == 0 else None)
            left += share
        labels.append(period_label(period, months))
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("share of turnover with the five (%)")
    ax.set_xlim(0, 100)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax
