"""Figures of Korea's trade in the history notebook: trade by source, where COW and IMF DOTS
overlap, and Korea's share among the partners.

Every series has its own marker; a value that is not the reporter's own full-year figure
(``basis`` derived or estimate, or a partial year) is drawn hollow with the same marker and
gets its own legend entry, so that no two kinds of figure share a legend marker. Gaps stay
gaps: lines break at missing years and years without a share are shaded and labelled.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kca_analysis.analysis.trade_basis import DERIVED, ESTIMATE, REPORTED
from kca_analysis.analysis.trade_history import (
    SERIES_COW,
    SERIES_DOTS_KOREA,
    SERIES_DOTS_PARTNER,
    SERIES_ORDER,
    SERIES_TABLE1,
)
from kca_analysis.countries import five_in_order, lookup_country

from .history import say, shade_periods
from .style import axes, country_color, every_year, marker_handle

__all__ = [
    "GAP_COLOR",
    "PARTIAL",
    "SERIES_STYLES",
    "plot_korea_share",
    "plot_source_overlap",
    "plot_trade_history",
    "plot_trade_panels",
    "point_label",
]

#: One marker, colour and line per series.
SERIES_STYLES = {
    SERIES_COW: {"color": "#000000", "linestyle": "-", "marker": "^"},
    SERIES_DOTS_KOREA: {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    SERIES_DOTS_PARTNER: {"color": "#E69F00", "linestyle": "--", "marker": "s"},
    SERIES_TABLE1: {"color": "#CC79A7", "linestyle": "", "marker": "D"},
}
#: The kind of a point that is a partial year (Table 1's January-October 2023).
PARTIAL = "partial"
#: The order of the kinds of point within a series in the legend.
_KINDS = (REPORTED, DERIVED, ESTIMATE, PARTIAL)
#: What a hollow point of each kind is, in the legend.
_KIND_WORDS = {
    DERIVED: "derived from Korea's own figure",
    ESTIMATE: "estimate, not the partner's report",
    PARTIAL: "partial year",
}
#: The shade of the years in which a state has no share (a coverage gap).
GAP_COLOR = "#E6E6E6"


def point_label(series: str, kind: str) -> str:
    """Return the legend label of one kind of point of a series.

    Parameters
    ----------
    series
        One of :data:`~kca_analysis.analysis.trade_history.SERIES_ORDER`.
    kind
        ``reported``, ``derived``, ``estimate`` or :data:`PARTIAL`.

    Returns
    -------
    str
        The series name, or for a hollow kind the name, what the point is and "(hollow)".
    """
    if kind == REPORTED:
        return "IMF DOTS, partner-reported" if series == SERIES_DOTS_PARTNER else series
    return f"{series}: {_KIND_WORDS[kind]} (hollow)"


def _handle(series: str, kind: str) -> Line2D:
    """The legend entry of one kind of point: the line and a filled marker, or a hollow marker."""
    style = SERIES_STYLES[series]
    filled = kind == REPORTED
    return Line2D(
        [],
        [],
        color=style["color"],
        linestyle=(style["linestyle"] or "none") if filled else "none",
        marker=style["marker"],
        markersize=5,
        markerfacecolor=style["color"] if filled else "white",
        label=point_label(series, kind),
    )


def _draw_series(ax: plt.Axes, rows: pd.DataFrame, name: str) -> None:
    """One series of one country: its line, then its points by kind (hollow unless reported)."""
    style = SERIES_STYLES[name]
    full = rows[~rows["partial"]].set_index("year")
    values = every_year(full["turnover_musd"], rows["year"])
    values = values.where(values > 0)
    kinds = every_year(full["basis"], rows["year"])
    if style["linestyle"]:
        ax.plot(values.index, values.to_numpy(), color=style["color"], ls=style["linestyle"])
    points = [(kind, values[kinds == kind]) for kind in (REPORTED, DERIVED, ESTIMATE)]
    partial = rows[rows["partial"] & (rows["turnover_musd"] > 0)]
    points.append((PARTIAL, partial.set_index("year")["turnover_musd"]))
    for kind, shown in points:
        shown = shown.dropna()
        if shown.empty:
            continue
        ax.plot(
            shown.index,
            shown.to_numpy(),
            linestyle="none",
            marker=style["marker"],
            markersize=4 if kind == REPORTED else 4.5,
            color=style["color"],
            markerfacecolor=style["color"] if kind == REPORTED else "white",
            # hollow points on top: they must stay visible where sources overlap
            zorder=2 if kind == REPORTED else 3,
            label=point_label(name, kind),
        )
    for row in partial.itertuples(index=False):
        ax.annotate(
            f"{row.months} months",
            (row.year, row.turnover_musd),
            xytext=(0, -11),
            textcoords="offset points",
            ha="right",
            fontsize=7,
        )


def plot_trade_history(
    turnover: pd.DataFrame,
    iso3: str,
    periods: pd.DataFrame | None = None,
    *,
    years: tuple[int, int] | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw one country's turnover with Korea, one line and marker per source and side (log).

    Lines break at missing years (a gap stays a gap). Zero turnover (COW rounds flows under
    USD 0.5 million to 0) cannot sit on a log axis and is not drawn. A value that is not the
    reporter's own figure (``basis`` derived or estimate) and a partial year (Table 1's
    January-October 2023, labelled with its months) are drawn hollow, each under its own
    legend label (:func:`point_label`).

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
        shade_periods(ax, periods, label=True)
    ax.set_title(lookup_country(iso3).name)
    ax.set_xlabel("year")
    ax.set_ylabel("turnover, USD million (log)")
    if rows["turnover_musd"].gt(0).sum() == 0:
        say(ax, "no trade figure in these years")
        if years is not None:
            ax.set_xlim(years[0] - 0.5, years[1] + 0.5)
        return ax
    lo = int(rows["year"].min()) if years is None else years[0]
    hi = int(rows["year"].max()) if years is None else years[1]
    for name in SERIES_ORDER:
        if (rows["series"] == name).any():
            _draw_series(ax, rows[rows["series"] == name], name)
    ax.set_yscale("log")
    ax.set_xlim(lo - 0.5, hi + 0.5)
    return ax


def _legend_handles(panels: Sequence[plt.Axes]) -> list[Line2D]:
    """One entry per kind of point drawn in any panel, in the order of the series and kinds."""
    drawn = {label for ax in panels for label in ax.get_legend_handles_labels()[1]}
    return [
        _handle(name, kind)
        for name in SERIES_ORDER
        for kind in _KINDS
        if (name, kind) != (SERIES_COW, ESTIMATE) and point_label(name, kind) in drawn
    ]


def plot_trade_panels(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    periods: pd.DataFrame | None = None,
    *,
    years: tuple[int, int] | None = None,
    title: str | None = None,
) -> list[plt.Axes]:
    """Draw :func:`plot_trade_history` for each country, one panel under the other.

    The panels share the x axis; one legend above them lists every kind of point drawn in any
    panel once, and the title (if given) sits above the legend.

    Parameters
    ----------
    turnover
        :func:`~kca_analysis.analysis.trade_history.turnover_history` (the years shown).
    countries
        ISO3 codes, one panel each, in this order.
    periods, years
        As for :func:`plot_trade_history`.
    title
        The figure's title (default: none).

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
    legend = fig.legend(
        handles=_legend_handles(panels), loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2
    )
    if title:
        fig.canvas.draw()
        top = legend.get_window_extent().transformed(fig.transFigure.inverted()).y1
        fig.suptitle(title, x=0.01, y=top + 0.005, ha="left", va="bottom", fontweight="bold")
    return panels


def _overlap_kind(row) -> tuple[str, bool]:
    """The marker of an overlap point (DOTS side and basis) and whether it is filled."""
    if row.dots_basis == ESTIMATE:
        return "^", False
    marker = "o" if row.dots_side == "Korea" else "s"
    return marker, row.cow_basis != DERIVED


def plot_source_overlap(overlap: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Scatter COW against IMF DOTS (each side) for the overlap years, log-log, with y = x.

    Marker shape: the DOTS side (circle Korea's report, square the partner's report, triangle
    an estimate in the partner's name: the IMF's, or a row the extract flags suspect); hollow:
    one of the two figures is not its reporter's own (a COW value derived from Korea's figure,
    or an estimate). A dashed line marks COW = the median ratio of its derived values x DOTS.

    Parameters
    ----------
    overlap
        :func:`~kca_analysis.analysis.source_overlap.source_overlap`.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (6.5, 5.5), layout=None)
    valid = overlap[(overlap["cow_musd"] > 0) & (overlap["dots_musd"] > 0)]
    for row in valid.itertuples(index=False):
        marker, filled = _overlap_kind(row)
        color = country_color(row.iso3)
        ax.scatter(
            row.dots_musd,
            row.cow_musd,
            marker=marker,
            edgecolor=color,
            facecolor=color if filled else "none",
            s=28,
        )
    lims = [
        valid[["cow_musd", "dots_musd"]].min().min() * 0.7,
        valid[["cow_musd", "dots_musd"]].max().max() * 1.4,
    ]
    ax.plot(lims, lims, color="#999999", linewidth=0.8, zorder=0)
    handles = [
        marker_handle("o", "DOTS Korea-reported"),
        marker_handle("s", "DOTS partner-reported"),
        marker_handle("^", "DOTS partner side: estimate (hollow)", markerfacecolor="none"),
        marker_handle("o", "hollow circle or square: COW derived", markerfacecolor="none"),
    ]
    derived = valid[(valid["cow_basis"] == DERIVED) & (valid["dots_side"] == "Korea")]
    if len(derived):
        ratio = float(derived["ratio"].median())
        ax.plot(lims, [v * ratio for v in lims], color="#999999", linewidth=0.8, ls="--")
        handles.append(
            Line2D([], [], color="#999999", ls="--", label=f"COW = {ratio:.2f} x Korea's DOTS")
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lims)
    ax.set_ylim(lims)
    ax.set_xlabel("IMF DOTS, USD million (log)")
    ax.set_ylabel("COW, USD million (log)")
    handles += [
        marker_handle("o", lookup_country(c).name, color=country_color(c))
        for c in five_in_order(valid["iso3"])
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1, 1))
    first, last = int(valid["year"].min()), int(valid["year"].max())
    ax.set_title(f"COW against IMF DOTS, {first}-{last}: each flow of Korea's, each year")
    return ax


def plot_korea_share(shares: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw Korea's share of the compared partners' trade with each state, by year.

    Years in which a state has no share (a compared partner's trade has no figure: a coverage
    gap) break its line and are shaded.

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
        say(ax, "no share to draw in the years shown")
        return ax
    gaps = sorted({int(y) for y in shares.loc[~shares["complete"], "year"]})
    for year in gaps:
        ax.axvspan(year - 0.5, year + 0.5, color=GAP_COLOR, zorder=0, linewidth=0)
    for code in five_in_order(shares["iso3"]):
        s = every_year(shares[shares["iso3"] == code].set_index("year")["korea_share_pct"])
        ax.plot(
            s.index,
            s.to_numpy(),
            color=country_color(code),
            marker="o",
            markersize=3,
            label=lookup_country(code).name,
        )
    compared = int(shares["compared"].iloc[0]) if len(shares) else 0
    ax.set_ylabel(f"% of the state's trade with the {compared} partners")
    ax.set_xlabel("year")
    ax.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0]
    if gaps:
        handles.append(
            Patch(color=GAP_COLOR, label="a state without a share:\ncoverage gap, not zero")
        )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1, 1))
    return ax
