"""Figures of the history notebook: periods and events, the crisis test and the ethnic Korean
figures; trade by source, the overlap of COW and DOTS and Korea's share among the partners are
in :mod:`.trade_history`.

Every function takes the tidy frame the analysis returns (:mod:`kca_analysis.analysis.history`,
``crisis``), draws on an Axes (a new one from :func:`~kca_analysis.figures.style.axes` when
none is given) and returns it; axis labels carry units.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from kca_analysis.analysis.crisis import CRISIS_WINDOWS, CrisisWindows, window_mean
from kca_analysis.countries import five_in_order, lookup_country

from .style import PALETTE, axes, country_color, marker_handle

__all__ = [
    "PRODUCTION_MARKERS",
    "plot_crisis_test",
    "plot_ethnic_koreans",
    "plot_policy_timeline",
    "say",
    "shade_periods",
]

_PERIOD_SHADES = ("#F2F2F2", "#E0E0E0")


def say(ax: plt.Axes, message: str) -> None:
    """Write ``message`` in the middle of an Axes that has nothing to draw.

    Parameters
    ----------
    ax
        The Axes.
    message
        What there is not to draw, and why.
    """
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center")


def shade_periods(ax: plt.Axes, periods: pd.DataFrame, *, label: bool = False) -> None:
    """Shade alternate periods and, with ``label``, mark each period's number at its start.

    Parameters
    ----------
    ax
        The Axes.
    periods
        :func:`~kca_analysis.analysis.history.policy_periods`.
    label
        Write each period's number at the top of the Axes.
    """
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


def plot_crisis_test(
    total: pd.Series,
    windows: CrisisWindows = CRISIS_WINDOWS,
    *,
    comparison: pd.Series | None = None,
    comparison_label: str = "",
    derived_years: Sequence[int] = (),
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw an annual series with the three windows of the crisis test and their means.

    Both series are indexed to their pre-crisis mean = 100, so that both declines read on one
    scale. Years that sum a derived figure (``derived_years``) are drawn hollow.

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
    derived_years
        :func:`~kca_analysis.analysis.trade_history.derived_years` of the series drawn.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, layout=None)
    base = window_mean(total, windows.pre)
    index = total / base * 100
    derived = index.index.isin(list(derived_years))
    ax.plot(
        index.index,
        index.to_numpy(),
        color="#000000",
        marker="o",
        markersize=3,
        markevery=[i for i, d in enumerate(derived) if not d],
        label="Korea-Central Asia turnover (COW)",
    )
    if derived.any():
        ax.plot(
            index.index[derived],
            index.to_numpy()[derived],
            color="#000000",
            linestyle="none",
            marker="o",
            markersize=4,
            markerfacecolor="white",
            label="COW, with Korea's exports derived from Korea's own figure (hollow)",
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
        ax.hlines(
            mean / base * 100,
            lo - 0.5,
            hi + 0.5,
            color="#D55E00",
            linewidth=2,
            label="window average (the test)" if name == windows.named()[0][0] else None,
        )
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
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return ax


#: Marker shape of an ethnic Korean figure by how it was produced (``production``).
PRODUCTION_MARKERS = {
    "census": "o",
    "official estimate": "s",
    "embassy estimate": "D",
    "statement": "^",
    "not stated": "X",
}
#: Marker fill by how we read a figure (``confidence``): on the publisher's page, in the
#: press, through a mirror.
_CONFIDENCE_FILL = {"official": "full", "press": "bottom", "secondary": "none"}
_CONFIDENCE_WORDS = {
    "official": "on the publisher's page",
    "press": "in the press",
    "secondary": "via a mirror",
}
#: The legend's marker for the fill entries: a shape no production has.
_FILL_KEY = "H"


def plot_ethnic_koreans(series: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw dated ethnic Korean population figures per country.

    Marker shape: how a figure was produced (census, official or embassy estimate...); fill:
    how we read it (full: on the publisher's own page; half: in the press; hollow: through a
    mirror). When ``series`` is empty the Axes says that the selected countries have no dated
    figure.

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
        say(ax, "no dated figure for the selected countries")
        return ax
    for code in five_in_order(series["iso3"]):
        s = series[series["iso3"] == code].sort_values("year")
        color = country_color(code)
        ax.plot(s["year"], s["ethnic_koreans"] / 1000, color=color, linewidth=0.8, ls=":")
        for (production, confidence), group in s.groupby(["production", "confidence"]):
            ax.plot(
                group["year"],
                group["ethnic_koreans"] / 1000,
                linestyle="none",
                color=color,
                marker=PRODUCTION_MARKERS.get(production, "P"),
                fillstyle=_CONFIDENCE_FILL.get(confidence, "none"),
                markerfacecoloralt="white",
                markersize=7,
                zorder=3,
            )
        last = s.iloc[-1]
        ax.annotate(
            lookup_country(code).name,
            (last["year"], last["ethnic_koreans"] / 1000),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=8,
            va="center",
        )
    produced = [p for p in PRODUCTION_MARKERS if p in set(series["production"])]
    read = [c for c in _CONFIDENCE_FILL if c in set(series["confidence"])]
    handles = [marker_handle(PRODUCTION_MARKERS[p], f"shape: {p}") for p in produced]
    # The fill entries use a shape no figure has, so that no two entries share a marker.
    handles += [
        marker_handle(
            _FILL_KEY, f"fill: {c} ({_CONFIDENCE_WORDS[c]})", fillstyle=_CONFIDENCE_FILL[c]
        )
        for c in read
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1, 1), fontsize=9)
    ax.set_ylabel("ethnic Koreans, thousand persons")
    ax.set_xlabel("reference year")
    ax.set_ylim(bottom=0)
    # room for the country labels after the last figure
    ax.set_xlim(right=float(series["year"].max()) + 12)
    return ax
