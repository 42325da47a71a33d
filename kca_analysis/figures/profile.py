"""Figures of the country profile: one country's trade with Korea from every source.

:func:`plot_history` draws each source and reporting side as its own line, in the conventions of
:mod:`kca_analysis.figures.trade`: no bars, a marker per source, figures that are not their
side's report hollow on a dotted line and labelled with what they are, zeros at the floor of a
log axis, missing years as breaks in the line.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from kca_analysis.analysis.trade import COW_SIDE
from kca_analysis.analysis.trade_series import FIGURE_REPORTED, derivation
from kca_analysis.vocab import VALUE_UNITS, check_value_unit

from .style import axes, every_year, year_axis
from .trade import NOT_REPORTED_STYLE, positive, value_axis, zeros_at_floor

__all__ = ["plot_history"]

#: Characters per legend line: long labels wrap so that the legend stays as narrow as a panel.
LEGEND_WIDTH = 70

_SOURCE_MARKERS = {"Correlates of War v4.0": "s", "IMF DOTS": "o", "Table 1 (KITA)": "D"}


def _history_label(source: str, side: str) -> str:
    return f"{source}, {side if side == COW_SIDE else side + '-reported'}"


def _full_years(rows: pd.DataFrame) -> pd.DataFrame:
    """The 12-month rows of one series, one row per year from its first to its last year (a
    year without a row is a gap in the line)."""
    full = rows[rows["months"] == 12].set_index("year")
    return (every_year(full) if len(full) else full).reset_index()


def _not_reported_label(source: str, side: str, rows: pd.DataFrame) -> str:
    """``IMF DOTS, Turkmenistan side, estimate: IMF estimate from ... x 1.06``."""
    kinds = ", ".join(dict.fromkeys(rows["figure_basis"].astype(str)))
    what = "; ".join(dict.fromkeys(rows["derived_from"].map(derivation)))
    label = f"{source}, {side} side, {kinds}: {what}"
    return textwrap.fill(label, LEGEND_WIDTH, break_on_hyphens=False)


def plot_history(
    history: pd.DataFrame,
    *,
    flow: str = "export",
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Lines of one of Korea's flows with one country from every source of
    :func:`bilateral_history`, one line per source and reporting side.

    Figures that are not their side's report (``figure_basis`` ``derived`` or ``estimate``)
    are drawn hollow on a dotted line of their own, labelled with what they are; partial-year
    points are hollow and labelled with their months; missing years break the lines; on a log
    axis a reported zero is marked at the axis floor.

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
    basis = rows.get("figure_basis", pd.Series(pd.NA, index=rows.index))
    other = basis.notna() & ~basis.isin([FIGURE_REPORTED])
    styles = {"Korea": "-", COW_SIDE: ":"}
    for (source, side), r in rows.groupby(["source", "reporting_side"], sort=False):
        marker = _SOURCE_MARKERS.get(source, "o")
        color = "#000000" if side == "Korea" else ("#999999" if side == COW_SIDE else "#D55E00")
        line = {"marker": marker, "ms": 4, "color": color}
        own = _full_years(r[~other[r.index]])
        values = own["value_usd"] / factor
        if len(own):
            ax.plot(
                own["year"],
                positive(values, log_scale),
                styles.get(side, "--"),
                label=_history_label(source, side),
                **line,
            )
        if log_scale:
            zeros_at_floor(ax, own["year"], values, color)
        derived = r[other[r.index]]
        if len(derived):
            shown = _full_years(derived)
            label = _not_reported_label(source, side, derived)
            ax.plot(
                shown["year"], shown["value_usd"] / factor, label=label, **line | NOT_REPORTED_STYLE
            )
        for _, p in r[r["months"] != 12].iterrows():
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
    value_axis(ax, value_unit, log_scale)
    year_axis(ax)
    # Below the axes: the labels say what each line is, and are too long to sit on the data.
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.0, -0.16))
    return ax
