"""Figures of the history notebook: periods and events, trade by source, the crisis test,
Korea's share among the partners and the ethnic Korean figures.

Every function takes the tidy frame the analysis returns (:mod:`kca_analysis.analysis.history`,
``trade_history``, ``crisis``, ``trade_partners``), draws on an Axes (a new one from
:func:`~kca_analysis.figures.style.axes` when none is given) and returns it; axis labels carry
units.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from kca_analysis.analysis.crisis import CRISIS_WINDOWS, CrisisWindows, window_mean
from kca_analysis.analysis.trade_history import (
    SERIES_COW,
    SERIES_DOTS_KOREA,
    SERIES_DOTS_PARTNER,
    SERIES_ORDER,
    SERIES_TABLE1,
)
from kca_analysis.countries import CENTRAL_ASIA, lookup_country

from .style import PALETTE, axes, country_color, marker_handle

__all__ = [
    "plot_crisis_test",
    "plot_ethnic_koreans",
    "plot_korea_share",
    "plot_policy_timeline",
    "plot_source_overlap",
    "plot_trade_history",
    "plot_trade_panels",
]

_PERIOD_SHADES = ("#F2F2F2", "#E0E0E0")
_SERIES_STYLES = {
    SERIES_COW: {"color": "#000000", "linestyle": "-", "marker": None},
    SERIES_DOTS_KOREA: {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    SERIES_DOTS_PARTNER: {"color": "#E69F00", "linestyle": "--", "marker": "s"},
    SERIES_TABLE1: {"color": "#CC79A7", "linestyle": "", "marker": "D"},
}


def _say(ax: plt.Axes, message: str) -> None:
    """Write ``message`` in the middle of an Axes that has nothing to draw."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center")


def _shade_periods(ax: plt.Axes, periods: pd.DataFrame, *, label: bool = False) -> None:
    """Shade alternate periods and mark each period's first year."""
    for row in periods.itertuples(index=False):
        ax.axvspan(
            row.start_year - 0.5,
            row.end_year + 0.5,
            color=_PERIOD_SHADES[row.period_no % 2],
            zorder=0,
            linewidth=0,
        )
        if label:
            ax.annotate(
                str(row.period_no),
                (row.start_year - 0.4, 1.0),
                xycoords=("data", "axes fraction"),
                va="top",
                fontsize=8,
                color="#555555",
            )


def plot_policy_timeline(
    periods: pd.DataFrame,
    events: pd.DataFrame,
    *,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw the periods as coloured bands and each dated event of the paper as one row.

    Parameters
    ----------
    periods
        :func:`~kca_analysis.analysis.history.policy_periods` (clipped to the years shown, see
        :func:`~kca_analysis.analysis.history.clip_periods`).
    events
        :func:`~kca_analysis.analysis.history.dated_events`; each event gets a row labelled
        with its id and category.
    ax
        The Axes to draw on (default: a new figure sized to the number of events).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (9.0, 0.32 * len(events) + 1.8), layout=None)
    handles = []
    for row in periods.itertuples(index=False):
        color = PALETTE[(row.period_no - 1) % len(PALETTE)]
        ax.axvspan(row.start_year - 0.5, row.end_year + 0.5, color=color, alpha=0.25, lw=0)
        ax.annotate(
            str(row.period_no),
            (row.start_year - 0.35, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            fontsize=9,
            va="bottom",
        )
        approx = "" if row.exact_date else ", approx. start"
        handles.append(
            Patch(
                facecolor=color,
                alpha=0.5,
                label=f"{row.period_no}. {row.label} ({row.start_year}-{row.end_year}{approx})",
            )
        )
    ordered = events.sort_values(["year", "event_id"]).reset_index(drop=True)
    y = np.arange(len(ordered))[::-1]
    # Hollow markers: the paper gives no date, only a decade or a year read from context.
    exact = ordered["date"].notna().to_numpy()
    ax.scatter(ordered["year"][exact], y[exact], color="#000000", s=22, zorder=3)
    ax.scatter(
        ordered["year"][~exact], y[~exact], facecolor="white", edgecolor="#000000", s=22, zorder=3
    )
    if (~exact).any():
        handles.append(
            marker_handle(
                "o",
                "event without a date in the paper (year approximate)",
                color=None,
                markerfacecolor="white",
                markeredgecolor="#000000",
            )
        )
    ax.set_yticks(y, [f"{r.event_id} ({r.category})" for r in ordered.itertuples()])
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylim(-0.7, len(ordered) - 0.3)
    if len(periods):
        ax.set_xlim(periods["start_year"].min() - 0.5, periods["end_year"].max() + 0.5)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("year")
    ax.legend(
        handles=handles, title="periods", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8
    )
    ax.set_title("Periods of Korea's Central Asia policy and the paper's dated events", pad=16)
    return ax


def plot_trade_history(
    turnover: pd.DataFrame,
    iso3: str,
    periods: pd.DataFrame | None = None,
    *,
    years: tuple[int, int] | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw one country's turnover with Korea, one line per source and side (log scale).

    Lines break at missing years (a gap stays a gap). Zero turnover (COW rounds flows under
    USD 0.5 million to 0) cannot sit on a log axis and is not drawn. A partial year (Table 1's
    January-October 2023) is drawn hollow and labelled with its months.

    Parameters
    ----------
    turnover
        :func:`~kca_analysis.analysis.trade_history.turnover_history`.
    iso3
        The country drawn.
    periods
        :func:`~kca_analysis.analysis.history.policy_periods` to shade (optional).
    years
        First and last year of the x axis (default: the country's years in ``turnover``).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, layout=None)
    rows = turnover[turnover["iso3"] == iso3]
    if periods is not None:
        _shade_periods(ax, periods, label=True)
    ax.set_title(lookup_country(iso3).name)
    ax.set_xlabel("year")
    ax.set_ylabel("turnover, USD million (log)")
    if rows["turnover_musd"].gt(0).sum() == 0:
        _say(ax, "no trade figure in these years")
        if years is not None:
            ax.set_xlim(years[0] - 0.5, years[1] + 0.5)
        return ax
    lo = int(rows["year"].min()) if years is None else years[0]
    hi = int(rows["year"].max()) if years is None else years[1]
    for name in SERIES_ORDER:
        s = rows[rows["series"] == name]
        if s.empty:
            continue
        style = _SERIES_STYLES[name]
        full = s[~s["partial"]].set_index("year")["turnover_musd"]
        full = full.reindex(range(int(s["year"].min()), int(s["year"].max()) + 1))
        full = full.where(full > 0)
        ax.plot(
            full.index,
            full.to_numpy(),
            color=style["color"],
            linestyle=style["linestyle"] or "none",
            marker=style["marker"],
            markersize=4,
            label=name,
        )
        for row in s[s["partial"]].itertuples(index=False):
            if row.turnover_musd > 0:
                ax.plot(
                    row.year,
                    row.turnover_musd,
                    marker=style["marker"] or "o",
                    markerfacecolor="white",
                    color=style["color"],
                    linestyle="none",
                    label=f"{name}, partial year (hollow)",
                )
                ax.annotate(
                    f"{row.months} months",
                    (row.year, row.turnover_musd),
                    xytext=(0, -11),
                    textcoords="offset points",
                    ha="right",
                    fontsize=7,
                )
    ax.set_yscale("log")
    ax.set_xlim(lo - 0.5, hi + 0.5)
    return ax


def plot_trade_panels(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    periods: pd.DataFrame | None = None,
    *,
    years: tuple[int, int] | None = None,
) -> list[plt.Axes]:
    """Draw :func:`plot_trade_history` for each country, one panel under the other.

    The panels share the x axis; one legend above them (the first panel's series) serves all.

    Parameters
    ----------
    turnover
        :func:`~kca_analysis.analysis.trade_history.turnover_history` (the years shown).
    countries
        ISO3 codes, one panel each, in this order.
    periods, years
        As for :func:`plot_trade_history`.

    Returns
    -------
    list of matplotlib.axes.Axes
        One per country; ``[0].figure`` is the figure.
    """
    fig, grid = plt.subplots(
        len(countries), 1, figsize=(9.0, 2.5 * len(countries) + 0.8), sharex=True, squeeze=False
    )
    panels = list(grid[:, 0])
    for ax, code in zip(panels, countries, strict=True):
        plot_trade_history(turnover, code, periods, years=years, ax=ax)
        if ax is not panels[-1]:
            ax.set_xlabel("")
    fig.tight_layout()
    fig.legend(
        *panels[0].get_legend_handles_labels(),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
    )
    return panels


def plot_crisis_test(
    total: pd.Series,
    windows: CrisisWindows = CRISIS_WINDOWS,
    *,
    comparison: pd.Series | None = None,
    comparison_label: str = "",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw an annual series with the three windows of the crisis test and their means.

    Both series are indexed to their pre-crisis mean = 100, so that both declines read on one
    scale.

    Parameters
    ----------
    total
        Annual turnover by year (:func:`~kca_analysis.analysis.trade_history.total_turnover`).
    windows
        The windows of :func:`~kca_analysis.analysis.crisis.crisis_test`.
    comparison
        Another annual series (e.g. Korea's total trade,
        :func:`~kca_analysis.analysis.crisis.korea_total_trade`), drawn dashed.
    comparison_label
        The legend label of ``comparison``.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, layout=None)
    base = window_mean(total, windows.pre)
    ax.plot(
        total.index,
        total / base * 100,
        color="#000000",
        marker="o",
        markersize=3,
        label="Korea-Central Asia turnover (COW)",
    )
    if comparison is not None:
        cbase = window_mean(comparison, windows.pre)
        shown = comparison.loc[total.index.min() : total.index.max()]
        ax.plot(
            shown.index,
            shown / cbase * 100,
            color="#0072B2",
            linestyle="--",
            label=comparison_label,
        )
    for name, (lo, hi) in windows.named():
        mean = window_mean(total, (lo, hi))
        ax.axvspan(lo - 0.5, hi + 0.5, color="#E0E0E0", zorder=0, linewidth=0)
        ax.hlines(mean / base * 100, lo - 0.5, hi + 0.5, color="#D55E00", linewidth=2)
        ax.annotate(
            name,
            (lo - 0.4, 1.0),
            xycoords=("data", "axes fraction"),
            va="top",
            fontsize=8,
            color="#555555",
        )
    ax.axhline(100, color="#999999", linewidth=0.8)
    ax.set_ylabel(f"index, mean {windows.pre[0]}-{windows.pre[1]} = 100")
    ax.set_xlabel("year")
    ax.legend(loc="upper left")
    return ax


def plot_source_overlap(overlap: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Scatter COW against IMF DOTS (each side) for the overlap years, log-log, with y = x.

    Parameters
    ----------
    overlap
        :func:`~kca_analysis.analysis.trade_history.source_overlap`.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (6.5, 5.5), layout=None)
    markers = {"Korea": "o", "partner": "s"}
    valid = overlap[(overlap["cow_musd"] > 0) & (overlap["dots_musd"] > 0)]
    for (code, side), group in valid.groupby(["iso3", "dots_side"], sort=True):
        ax.scatter(
            group["dots_musd"],
            group["cow_musd"],
            marker=markers[side],
            color=country_color(code),
            facecolor=country_color(code) if side == "Korea" else "none",
            s=28,
        )
    lims = [
        valid[["cow_musd", "dots_musd"]].min().min() * 0.7,
        valid[["cow_musd", "dots_musd"]].max().max() * 1.4,
    ]
    ax.plot(lims, lims, color="#999999", linewidth=0.8, zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lims)
    ax.set_ylim(lims)
    ax.set_xlabel("IMF DOTS, USD million (log)")
    ax.set_ylabel("COW, USD million (log)")
    handles = [
        marker_handle("o", "DOTS Korea-reported"),
        marker_handle("s", "DOTS partner-reported", markerfacecolor="none"),
    ]
    handles += [
        marker_handle("o", lookup_country(c).name, color=country_color(c))
        for c in [c.iso3 for c in CENTRAL_ASIA if c.iso3 in set(valid["iso3"])]
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1, 1))
    ax.set_title("Where COW and IMF DOTS overlap: each flow and year")
    return ax


def plot_korea_share(shares: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw Korea's share of the compared partners' trade with each state, by year.

    Parameters
    ----------
    shares
        :func:`~kca_analysis.analysis.trade_partners.korea_partner_share` (empty: the Axes
        says there is no share to draw in the years shown).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, layout=None)
    if shares.empty:
        _say(ax, "no share to draw in the years shown")
        return ax
    for code in [c.iso3 for c in CENTRAL_ASIA if c.iso3 in set(shares["iso3"])]:
        s = shares[shares["iso3"] == code].set_index("year")["korea_share_pct"]
        s = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
        ax.plot(
            s.index,
            s.to_numpy(),
            color=country_color(code),
            marker="o",
            markersize=3,
            label=lookup_country(code).name,
        )
    compared = int(shares["compared"].iloc[0]) if len(shares) else 0
    ax.set_ylabel(f"Korea's share, % of trade with {compared} partners")
    ax.set_xlabel("year")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return ax


def plot_ethnic_koreans(series: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw dated ethnic Korean population figures per country; marker shape = confidence.

    When ``series`` is empty the Axes says that the selected countries have no dated figure.

    Parameters
    ----------
    series
        :func:`~kca_analysis.analysis.history.ethnic_korean_series`.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, layout=None)
    if series.empty:
        _say(ax, "no dated figure for the selected countries")
        return ax
    markers = {"official": "o", "press": "^", "secondary": "s"}
    for code in [c.iso3 for c in CENTRAL_ASIA if c.iso3 in set(series["iso3"])]:
        s = series[series["iso3"] == code].sort_values("year")
        ax.plot(
            s["year"],
            s["ethnic_koreans"] / 1000,
            color=country_color(code),
            linewidth=0.8,
            linestyle=":",
        )
        for conf, group in s.groupby("confidence"):
            ax.scatter(
                group["year"],
                group["ethnic_koreans"] / 1000,
                color=country_color(code),
                marker=markers.get(conf, "D"),
                s=30,
                zorder=3,
            )
        last = s.iloc[-1]
        ax.annotate(
            lookup_country(code).name,
            (last["year"], last["ethnic_koreans"] / 1000),
            xytext=(5, 0),
            textcoords="offset points",
            fontsize=8,
            va="center",
        )
    handles = [
        marker_handle(m, f"{c} source")
        for c, m in markers.items()
        if c in set(series["confidence"])
    ]
    ax.legend(handles=handles, loc="upper left")
    ax.set_ylabel("ethnic Koreans, thousand persons")
    ax.set_xlabel("reference year")
    ax.set_ylim(bottom=0)
    return ax
