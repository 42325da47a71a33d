"""The house style of the collection's figures: palette, country colours, sizes, axes helpers.

Every notebook calls :func:`set_style` once and draws with the colours defined here; every
plotting function gets its Axes from :func:`axes` (the package's one axes helper).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from kca_analysis.countries import CENTRAL_ASIA, PARTNERS

FrameOrSeries = TypeVar("FrameOrSeries", pd.DataFrame, pd.Series)

#: Okabe & Ito's colour-blind-safe palette (black last, grey added for "other").
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
    "#999999",  # grey
]

#: Paul Tol's "muted" scheme, also colour-blind safe, for the partners so that they never take a
#: colour of the five Central Asian states when both are on one figure.
PARTNER_PALETTE: list[str] = [
    "#CC6677",  # rose
    "#332288",  # indigo
    "#DDCC77",  # sand
    "#117733",  # green
    "#88CCEE",  # cyan
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
]

#: Korea is drawn in black throughout: it is the subject of the paper.
KOREA_COLOR = "#000000"
OTHER_COLOR = "#999999"
#: The grey of legend entries that stand for a marker or line style, not a country.
LEGEND_GREY = "#555555"


def _country_colors() -> dict[str, str]:
    colors = {c.iso3: PALETTE[i] for i, c in enumerate(CENTRAL_ASIA)}
    others = [c for c in PARTNERS if c.iso3 != "KOR"]
    colors["KOR"] = KOREA_COLOR
    colors.update({c.iso3: PARTNER_PALETTE[i] for i, c in enumerate(others)})
    return colors


#: ISO3 -> colour: the five (in the paper's Table 1 order), Korea, then the partners.
COUNTRY_COLORS: dict[str, str] = _country_colors()

#: Fixed resolution of PNG files (and of the inline figures in the notebooks).
DPI = 150

#: Salt for the ids matplotlib writes into SVG files; fixed so that the files are reproducible.
SVG_HASHSALT = "kca-notebooks"

#: rcParams that make saved files reproducible; applied by :func:`set_style` and again, whatever
#: the notebook did since, by :func:`save_figure`.
DETERMINISTIC_RC: dict[str, object] = {
    "svg.hashsalt": SVG_HASHSALT,
    # Text as paths: the SVG then looks the same everywhere and does not depend on which fonts
    # the reader has; the glyphs come from the font bundled with matplotlib.
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "savefig.dpi": DPI,
    "path.simplify": True,
}

#: Metadata written into the files: nothing that changes between runs or versions.
SVG_METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}
PNG_METADATA: dict[str, str | None] = {"Software": None}


def set_style() -> None:
    """Apply the house style: seaborn's white grid, readable sizes, the palette, reproducibility.

    Call it once at the top of a notebook, after the imports.
    """
    import seaborn as sns  # imported here: the writer below does not need seaborn

    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALETTE,
        font="DejaVu Sans",  # bundled with matplotlib: same glyphs on every machine
        rc={
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            **DETERMINISTIC_RC,
        },
    )


def country_color(iso3: str) -> str:
    """Return the colour of a country by ISO3 code (grey for a country the style does not know)."""
    return COUNTRY_COLORS.get(str(iso3).upper(), OTHER_COLOR)


def marker_handle(marker: str, label: str, color: str | None = LEGEND_GREY, **style) -> Line2D:
    """Return a legend entry that shows a marker alone (no line), for a legend built by hand.

    Parameters
    ----------
    marker
        A matplotlib marker (``"o"``, ``"s"``, ...).
    label
        The legend text.
    color
        The marker's colour; ``None`` leaves it to matplotlib's default.
    **style
        Passed on to :class:`~matplotlib.lines.Line2D` (``markerfacecolor=...`` and so on).

    Returns
    -------
    matplotlib.lines.Line2D
    """
    return Line2D([], [], marker=marker, linestyle="", color=color, label=label, **style)


def axes(
    ax: plt.Axes | None = None,
    figsize: tuple[float, float] = (8.0, 4.5),
    *,
    layout: str | None = "constrained",
) -> plt.Axes:
    """Return ``ax``, or the Axes of a new figure of ``figsize`` when ``ax`` is ``None``.

    Parameters
    ----------
    ax
        The Axes to draw on, when the caller has one (a panel of a larger figure).
    figsize
        Size of the new figure in inches.
    layout
        Matplotlib's layout engine of the new figure (``None`` for none).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout=layout)
    return ax


def every_year(values: FrameOrSeries, span: Iterable[int] | None = None) -> FrameOrSeries:
    """Return ``values`` (indexed by year) with a row for every year of its span, so that a
    year without a figure is missing and breaks a drawn line instead of being bridged.

    Parameters
    ----------
    values
        A frame or series indexed by year (int).
    span
        The years whose first and last bound the span (default: the index of ``values``).

    Returns
    -------
    DataFrame or Series
        ``values`` reindexed to every year from the first to the last, in order.
    """
    years = [int(y) for y in (values.index if span is None else span)]
    return values.reindex(range(min(years), max(years) + 1))


def year_axis(ax: plt.Axes) -> None:
    """Label the x axis "year" with whole-number ticks only."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")


def plain_number(value: float, _position: object = None) -> str:
    """Tick label without powers of ten: ``1,000`` and ``0.01`` rather than 10^3 and 10^-2.

    Parameters
    ----------
    value
        The tick value (negative values keep their sign: symmetric-log axes).
    _position
        The tick position, passed by matplotlib's ``FuncFormatter`` and ignored.

    Returns
    -------
    str
    """
    if value == 0:
        return "0"
    if abs(value) >= 1:
        return f"{value:,.0f}"
    return f"{value:g}"


def country_palette(codes: Iterable[str]) -> dict[str, str]:
    """Return ``{code: colour}`` for ``codes``, for seaborn's ``palette=`` argument."""
    return {code: country_color(code) for code in codes}


def bar_by_country(
    values: Mapping[str, float],
    *,
    title: str,
    ylabel: str,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bar chart of one number per country, coloured with :data:`COUNTRY_COLORS`.

    Parameters
    ----------
    values
        ISO3 code -> number; the bars keep its order.
    title, ylabel
        The chart's title and value-axis label.
    ax
        The Axes to draw on (a new figure when ``None``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes(ax, layout=None)
    codes = list(values)
    ax.bar(codes, [values[c] for c in codes], color=[country_color(c) for c in codes])
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    return ax
