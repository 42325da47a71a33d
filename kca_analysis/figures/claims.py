"""Figures of the claims ledger: the verdicts, and the evidence behind some of them.

Every figure is drawn with a layout engine (:func:`~kca_analysis.figures.style.axes`), so that
its axis labels and legend stay inside the figure and the source line that
:func:`~kca_analysis.figures.save.finish` writes under it never overlaps them.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from kca_analysis.claims.evidence import CORE
from kca_analysis.claims.registry import verdict_counts
from kca_analysis.claims.trade import SIGNIFICANT_RATIO
from kca_analysis.countries import country_name

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


def plot_korea_trade(by_year: pd.DataFrame, ax=None):
    """Korea's trade with the five by year (COW): all five, and the two largest partners.

    Parameters
    ----------
    by_year
        :func:`~kca_analysis.analysis.trade_history.korea_trade_by_year` of
        :func:`kca_analysis.claims.korea_turnover` (indexed by year; a column per country and
        ``total``, USD million).
    ax
        The Axes to draw on (a new figure when ``None``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (8.0, 4.0))
    ax.plot(by_year.index, by_year["total"], color=KOREA_COLOR, lw=2.2, label="all five")
    for code in CORE:
        if code in by_year.columns:
            ax.plot(
                by_year.index,
                by_year[code],
                color=country_color(code),
                lw=1.6,
                label=country_name(code),
            )
    ax.axvline(1997, color="#777777", ls="--", lw=1)
    ax.text(1997.2, ax.get_ylim()[1] * 0.95, "1997 crisis", va="top", fontsize=9)
    ax.set_xlabel("year")
    ax.set_ylabel("exports + imports (USD million, current)")
    first, last = int(by_year.index.min()), int(by_year.index.max())
    ax.set_title(f"Korea's trade with Central Asia, {first}-{last}")
    ax.legend(loc="upper left")
    return ax


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


def plot_forum_years(
    years: pd.DataFrame, *, left_out: int = 0, min_confidence: str = "secondary", ax=None
):
    """One square per year from the first to the last forum found, by status.

    Parameters
    ----------
    years
        :func:`kca_analysis.analysis.forums.forum_years` of the forum rows at the confidence
        level (as claim C07 reads them).
    left_out
        How many forum records the level left out; when some were, the legend says "at this
        level" and the axis label how many.
    min_confidence
        The level, named in the axis label when records were left out.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (8.0, 3.0))
    labels = FORUM_STATUS_LABELS_AT_LEVEL if left_out else FORUM_STATUS_LABELS
    for status, colour in FORUM_STATUS_COLORS.items():
        part = years[years["status"] == status]
        ax.bar(part["year"], 1, color=colour, width=0.85, label=labels[status])
    for _, row in years.iterrows():
        if row["forums"]:
            ax.text(row["year"], 0.5, row["forums"], ha="center", va="center", color="white")
    ax.set_yticks([])
    ax.set_xticks(list(years["year"]))
    ax.tick_params(axis="x", labelrotation=90)
    note = (
        f"; {left_out} forum record(s) below min_confidence={min_confidence} not shown"
        if left_out
        else ""
    )
    ax.set_xlabel(f"year (label: forum number){note}")
    ax.set_title("Korea-Central Asia Cooperation Forum: one meeting a year?")
    # The legend sits above the squares, inside the axes: a legend below them would leave the
    # figure (and meet the source line) once the tick labels are rotated.
    ax.set_ylim(0, 1.4)
    ax.legend(loc="upper center", ncol=3, fontsize=9)
    return ax


def plot_significance(ratios: pd.DataFrame, ax=None):
    """Turnover of Uzbekistan + Kazakhstan over that of the other three, per view.

    Parameters
    ----------
    ratios
        :func:`kca_analysis.claims.significance_ratios` (``view, ratio``, ...).
    ax
        The Axes to draw on (a new figure when ``None``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, (8.0, 3.2))
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
    return ax


def plot_oda(totals: pd.DataFrame, ax=None):
    """Korea's cumulative net ODA to each of the five (DAC Table 2a), largest first.

    Parameters
    ----------
    totals
        :func:`kca_analysis.analysis.oda.cumulative` of Korea's net ODA at the confidence level
        (as claims C18 and C19 read it).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    millions = totals["net_usd"] / 1e6
    ax = axes(ax, (8.0, 3.5), layout=None)
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
    return ax
