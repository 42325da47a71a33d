"""Figures of the claims ledger: the verdicts, and the evidence behind some of them.

Every figure is drawn with a layout engine (:func:`~kca_analysis.figures.style.axes`), so that
its axis labels and legend stay inside the figure and the source line that
:func:`~kca_analysis.figures.save.finish` writes under it never overlaps them.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from kca_analysis.analysis import forums, oda
from kca_analysis.analysis.trade_history import korea_trade_by_year
from kca_analysis.claims.evidence import CORE, Data, rows_at
from kca_analysis.claims.history import korea_turnover
from kca_analysis.claims.registry import verdict_counts
from kca_analysis.claims.trade import SIGNIFICANT_RATIO, significance_ratios
from kca_analysis.countries import CENTRAL_ASIA_ISO3, country_name

from .style import KOREA_COLOR, axes, country_color

#: Colours of the verdicts (Okabe & Ito: green, sky blue, orange, vermillion, grey).
VERDICT_COLORS: dict[str, str] = {
    "supported": "#009E73",
    "supported for some, not testable for others": "#56B4E9",
    "partly supported": "#E69F00",
    "contradicted": "#D55E00",
    "not testable": "#999999",
}


def plot_verdict_counts(ledger: pd.DataFrame, ax=None):
    """Horizontal bar chart of the number of claims per verdict, every verdict shown.

    Parameters
    ----------
    ledger
        The frame of :func:`~kca_analysis.claims.build_ledger`.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    counts = verdict_counts(ledger)
    ax = axes(ax, (7, 3.4))
    labels = list(counts.index)[::-1]
    values = [int(counts[v]) for v in labels]
    wrapped = [textwrap.fill(v, 24) for v in labels]
    ax.barh(wrapped, values, color=[VERDICT_COLORS[v] for v in labels])
    for y, value in enumerate(values):
        ax.text(value + 0.1, y, str(value), va="center")
    ax.set_xlabel("claims (count)")
    ax.set_xlim(0, max(values + [1]) + 1.5)
    ax.set_title(f"Verdicts on the paper's {int(counts.sum())} checkable claims")
    return ax


def plot_korea_trade(data: Data, min_confidence: str = "secondary", ax=None):
    """Korea's trade with the five, 1992-2014 (COW), total and the two largest partners.

    Parameters
    ----------
    data
        Dataset name -> frame (see :data:`kca_analysis.claims.DATASETS`).
    min_confidence
        The lowest confidence label of the rows drawn.
    ax
        The Axes to draw on (a new figure when ``None``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = korea_trade_by_year(korea_turnover(data, min_confidence), CENTRAL_ASIA_ISO3)
    ax = axes(ax, (8.0, 4.0))
    fig = ax.figure
    ax.plot(table.index, table["total"], color=KOREA_COLOR, lw=2.2, label="all five")
    for code in CORE:
        if code in table.columns:
            ax.plot(
                table.index,
                table[code],
                color=country_color(code),
                lw=1.6,
                label=country_name(code),
            )
    ax.axvline(1997, color="#777777", ls="--", lw=1)
    ax.text(1997.2, ax.get_ylim()[1] * 0.95, "1997 crisis", va="top", fontsize=9)
    ax.set_xlabel("year")
    ax.set_ylabel("exports + imports (USD million, current)")
    ax.set_title("Korea's trade with Central Asia, 1992-2014")
    ax.legend(loc="upper left")
    return fig


FORUM_STATUS_COLORS = {"held": "#009E73", "unknown": "#56B4E9", "none": "#D55E00"}
#: The legend of :func:`plot_forum_years`, and its wording when the confidence level has left
#: forum records out (then a year may lack a forum only at that level).
FORUM_STATUS_LABELS = {
    "held": "numbered forum found",
    "unknown": "number not found, fits the year",
    "none": "no numbered forum",
}
FORUM_STATUS_LABELS_AT_LEVEL = {
    "held": "numbered forum at this level",
    "unknown": "number not at this level, fits the year",
    "none": "no numbered forum at this level",
}


def plot_forum_years(data: Data, min_confidence: str = "secondary", ax=None):
    """One square per year from the first to the last forum found, by status.

    Parameters
    ----------
    data
        The claims' datasets (:data:`~kca_analysis.claims.evidence.DATASETS`).
    min_confidence
        Forum rows below this confidence level are left out, as in claim C07.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, for the notebook's ``figures.finish``. When ``min_confidence`` leaves
        forum records out, the legend says "at this level" and the axis label how many.
    """
    meetings, dropped = rows_at(data, "forum_meetings", min_confidence)
    years = forums.forum_years(meetings)
    ax = axes(ax, (8.0, 3.0))
    fig = ax.figure
    labels = FORUM_STATUS_LABELS_AT_LEVEL if dropped else FORUM_STATUS_LABELS
    for status, colour in FORUM_STATUS_COLORS.items():
        part = years[years["status"] == status]
        ax.bar(part["year"], 1, color=colour, width=0.85, label=labels[status])
    for _, row in years.iterrows():
        if row["forums"]:
            ax.text(row["year"], 0.5, row["forums"], ha="center", va="center", color="white")
    ax.set_yticks([])
    ax.set_xticks(list(years["year"]))
    ax.tick_params(axis="x", labelrotation=90)
    left_out = (
        f"; {dropped} forum record(s) below min_confidence={min_confidence} not shown"
        if dropped
        else ""
    )
    ax.set_xlabel(f"year (label: forum number){left_out}")
    ax.set_title("Korea-Central Asia Cooperation Forum: one meeting a year?")
    # The legend sits above the squares, inside the axes: a legend below them would leave the
    # figure (and meet the source line) once the tick labels are rotated.
    ax.set_ylim(0, 1.4)
    ax.legend(loc="upper center", ncol=3, fontsize=9)
    return fig


def plot_significance(data: Data, min_confidence: str = "secondary", ax=None):
    """Turnover of Uzbekistan + Kazakhstan over that of the other three, per view.

    Parameters
    ----------
    data
        Dataset name -> frame (see :data:`kca_analysis.claims.DATASETS`).
    min_confidence
        The lowest confidence label of the rows used.
    ax
        The Axes to draw on (a new figure when ``None``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    ratios = significance_ratios(data, min_confidence)
    ax = axes(ax, (8.0, 3.2))
    fig = ax.figure
    ax.barh(ratios["view"][::-1], ratios["ratio"][::-1], color="#0072B2")
    ax.axvline(SIGNIFICANT_RATIO, color="#D55E00", ls="--", lw=1.2)
    for y, value in enumerate(ratios["ratio"][::-1]):
        ax.text(value, y, f" {value:.1f}x", va="center")
    # The threshold is named in the axis label: a note beside the line would drift with the
    # number of views the confidence level leaves.
    ax.set_xlabel(
        "turnover ratio (UZB + KAZ) / (KGZ + TJK + TKM), times; "
        f"dashed line: threshold {SIGNIFICANT_RATIO:g}x"
    )
    ax.set_title("How much larger is trade with Uzbekistan and Kazakhstan?")
    ax.set_xlim(0, float(ratios["ratio"].max()) * 1.2 if len(ratios) else 1)
    return fig


def plot_oda(data: Data, min_confidence: str = "secondary", ax=None):
    """Korea's cumulative net ODA to each of the five (DAC Table 2a), largest first.

    Parameters
    ----------
    data
        The claims' datasets (:data:`~kca_analysis.claims.evidence.DATASETS`).
    min_confidence
        DAC2a rows below this confidence level are left out, as in claims C18 and C19.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, for the notebook's ``figures.finish``.
    """
    dac, _ = rows_at(data, "oda_dac2a", min_confidence)
    totals = oda.cumulative(oda.korea_net_oda(dac))
    millions = totals["net_usd"] / 1e6
    ax = axes(ax, (8.0, 3.5), layout=None)
    fig = ax.figure
    ax.bar(
        [country_name(c) for c in totals["recipient_iso3"]],
        millions.to_numpy(),
        color=[country_color(c) for c in totals["recipient_iso3"]],
    )
    for x, value in enumerate(millions):
        ax.text(x, value, f"{value:,.1f}", ha="center", va="bottom")
    ax.set_ylabel("net ODA from Korea (USD million, current)")
    first, last = totals["first_year"].min(), totals["last_year"].max()
    ax.set_title(f"Korea's net ODA, {first}-{last}, cumulative")
    return fig
