"""Figures of official development assistance: Korea's net ODA, the donors, the recipients.

Net ODA can be negative (:data:`kca_analysis.analysis.oda.NEGATIVE_NET_ODA`): the axes are
linear (or symmetric-log) so that negative values show, negative years are circled or drawn in
vermillion, and a blank year draws nothing rather than a zero.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from kca_analysis.countries import five_in_order

from .style import KOREA_COLOR, axes, country_color, plain_number, year_axis

__all__ = [
    "DONOR_COLORS",
    "DONOR_MARKERS",
    "plot_donor_comparison",
    "plot_korea_oda",
    "plot_net_bars",
    "plot_share_of_korea_total",
    "plot_top_recipients",
]

#: The colour of each donor of the DAC2a file (Korea black, as everywhere).
DONOR_COLORS = {
    "Korea": KOREA_COLOR,
    "Japan": "#CC6677",
    "United States": "#332288",
    "Germany": "#117733",
    "Turkey": "#DDCC77",
    "DAC Countries, Total": "#88CCEE",
    "Multilateral Agencies, Total": "#999999",
    "Non-DAC Countries, Total": "#44AA99",
    "Official Donors, Total": "#882255",
}
#: The marker of each donor: every value is drawn as a marker, so that a year between two blank
#: years (no flow reported) still shows, and no two donors share one in the legend.
DONOR_MARKERS = {
    "Korea": "o",
    "Japan": "s",
    "United States": "^",
    "Germany": "D",
    "Turkey": "v",
    "DAC Countries, Total": "P",
    "Multilateral Agencies, Total": "X",
    "Non-DAC Countries, Total": "<",
    "Official Donors, Total": ">",
}
_MILLION = 1e6


def _mark_negatives(ax, x, y, color) -> None:
    x = np.asarray(x)
    y = np.asarray(y, dtype="float64")
    neg = y < 0
    if neg.any():
        ax.scatter(
            x[neg], y[neg], s=60, facecolors="none", edgecolors=color, linewidths=1.5, zorder=5
        )


def plot_korea_oda(
    korea: pd.DataFrame, *, ax: plt.Axes | None = None, negative_label: bool = True
) -> plt.Axes:
    """Draw lines of Korea's net ODA to each recipient; negative years circled, a zero line.

    Parameters
    ----------
    korea
        :func:`kca_analysis.analysis.oda.korea_net_oda` (USD; drawn in USD million on a linear
        scale, since values can be negative).
    ax
        The Axes to draw on (default: a new figure).
    negative_label
        Add a legend entry for the circles when a value is negative.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax)
    order = five_in_order(korea["recipient_iso3"])
    for iso in order:
        r = korea[korea["recipient_iso3"] == iso].sort_values("year")
        y = r["value_usd"] / _MILLION
        ax.plot(r["year"], y, "-o", ms=3, color=country_color(iso), label=iso)
        _mark_negatives(ax, r["year"], y, country_color(iso))
    ax.axhline(0, color="#555555", lw=0.8)
    ax.set_ylabel("net ODA from Korea (USD million)")
    year_axis(ax)
    handles, labels = ax.get_legend_handles_labels()
    if negative_label and (korea["value_usd"] < 0).any():
        handles.append(plt.Line2D([], [], ls="", marker="o", ms=8, mfc="none", mec="#555555"))
        labels.append("negative net value")
    ax.legend(handles, labels, fontsize=8, ncol=3)
    return ax


def plot_donor_comparison(
    comparison: pd.DataFrame, *, ax: plt.Axes | None = None, symlog: bool = False
) -> plt.Axes:
    """Draw net ODA per donor to one recipient (USD million); Korea thick in black.

    Each donor has its own marker on every value and a line between consecutive years; a blank
    year (no flow reported) breaks the line and draws nothing, so a value between two blank
    years shows as a marker alone, never vanishes, and a gap is never drawn as a zero.

    Parameters
    ----------
    comparison
        :func:`kca_analysis.analysis.oda.donor_comparison`.
    ax
        The Axes to draw on (default: a new figure).
    symlog
        Use a symmetric-log axis (linear near zero) so that Korea's small and the DAC total's
        large flows, negative values included, are all visible.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax)
    for donor, r in comparison.groupby("donor", sort=False):
        r = r.sort_values("year")
        y = r["value_usd"] / _MILLION
        color = DONOR_COLORS.get(donor, "#999999")
        ax.plot(
            r["year"],
            y,
            "-",
            marker=DONOR_MARKERS.get(donor, "."),
            ms=5 if donor == "Korea" else 4,
            lw=2.5 if donor == "Korea" else 1.3,
            color=color,
            label=donor,
        )
        _mark_negatives(ax, r["year"], y, color)
    ax.axhline(0, color="#555555", lw=0.8)
    label = "net ODA (USD million)"
    if symlog:
        ax.set_yscale("symlog", linthresh=1.0)
        ax.yaxis.set_major_formatter(FuncFormatter(plain_number))
        label += ", symmetric log scale"
    ax.set_ylabel(label)
    year_axis(ax)
    handles, labels = ax.get_legend_handles_labels()
    if (comparison["value_usd"] < 0).any():
        handles.append(plt.Line2D([], [], ls="", marker="o", ms=8, mfc="none", mec="#555555"))
        labels.append("negative net value")
    ax.legend(handles, labels, fontsize=7, ncol=2)
    return ax


def plot_net_bars(
    series: pd.DataFrame, *, value: str = "wdi_usd", ax: plt.Axes | None = None, label: str = ""
) -> plt.Axes:
    """Draw bars of one net ODA series per year (USD million); negative years in vermillion.

    Parameters
    ----------
    series
        One row per year with a ``year`` column and the ``value`` column in USD
        (:func:`~kca_analysis.analysis.oda.wdi_vs_dac2a`,
        :func:`~kca_analysis.analysis.oda.korea_to`). A missing value draws no bar: a gap is
        not a zero.
    value
        The column drawn.
    ax
        The Axes to draw on (default: a new figure).
    label
        The y-axis label (default "net ODA (USD million)").

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax)
    shown = series.dropna(subset=[value])  # a gap stays a gap: no bar, not a zero bar
    y = shown[value] / _MILLION
    colors = np.where(y < 0, "#D55E00", "#0072B2")
    ax.bar(shown["year"], y, color=colors)
    ax.axhline(0, color="#555555", lw=0.8)
    ax.set_ylabel(label or "net ODA (USD million)")
    year_axis(ax)
    if (y < 0).any():
        handles = [
            plt.Rectangle((0, 0), 1, 1, color="#0072B2"),
            plt.Rectangle((0, 0), 1, 1, color="#D55E00"),
        ]
        labels = ["net inflow", "negative net (repayments exceed disbursements)"]
        ax.legend(handles, labels, fontsize=8)
    return ax


def plot_top_recipients(
    top: pd.DataFrame, highlight: Iterable[str] = (), *, ax: plt.Axes | None = None
) -> plt.Axes:
    """Draw horizontal bars of Korea's largest recipients (USD million), some in colour.

    Parameters
    ----------
    top
        :func:`kca_analysis.analysis.oda.top_recipients`.
    highlight
        ISO3 codes drawn in their country colour; the others grey.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (8.0, 5.0))
    marked = set(highlight)
    labels = [f"{int(r)}. {iso}" for r, iso in zip(top["rank"], top["recipient_iso3"], strict=True)]
    colors = [country_color(iso) if iso in marked else "#BBBBBB" for iso in top["recipient_iso3"]]
    ax.barh(range(len(top)), top["value_usd"] / _MILLION, color=colors)
    ax.set_yticks(range(len(top)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("net bilateral ODA from Korea (USD million)")
    return ax


def plot_share_of_korea_total(shares: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw the five's share of Korea's net ODA to all recipients (per cent), with and without
    the "Central Asia, regional" line; a year with a blank cell in either sum is not drawn.

    Parameters
    ----------
    shares
        :func:`kca_analysis.analysis.oda.ca_share_of_korea_total`.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax)
    ax.plot(
        shares["year"],
        shares["five_share_pct"],
        "-o",
        ms=3,
        color=KOREA_COLOR,
        label="the five (years with a blank member not drawn)",
    )
    ax.plot(
        shares["year"],
        shares["five_and_regional_share_pct"],
        "--s",
        ms=3,
        color="#999999",
        label="the five + 'Central Asia, regional' (blank years not drawn)",
    )
    ax.set_ylabel("share of Korea's net ODA (%)")
    year_axis(ax)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    return ax
