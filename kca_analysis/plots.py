"""The house style of the collection's figures and the deterministic figure writer.

Every notebook calls :func:`set_style` once, draws with the colours defined here, puts a
"Source: ..." line under each figure with :func:`add_source_line` and writes it with
:func:`save_figure`, which gives byte-identical SVG and PNG files across runs and machines with the
same locked environment (fixed SVG hash salt, text drawn as paths, no dates or versions in the
file metadata).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kca_analysis.countries import CENTRAL_ASIA, PARTNERS
from kca_analysis.files import atomic_write_bytes, check_name

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

SOURCE_LABEL = "kca_source_line"


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

    ``color=None`` leaves the colour to matplotlib's default; ``style`` passes on to
    :class:`~matplotlib.lines.Line2D` (``markerfacecolor=...`` and so on).
    """
    return Line2D([], [], marker=marker, linestyle="", color=color, label=label, **style)


def country_palette(codes: Iterable[str]) -> dict[str, str]:
    """Return ``{code: colour}`` for ``codes``, for seaborn's ``palette=`` argument."""
    return {code: country_color(code) for code in codes}


def add_source_line(fig: Figure, text: str) -> None:
    """Write a small "Source: ..." line under ``fig``.

    The line sits below the figure area and is kept by the tight bounding box used when the
    figure is saved or shown inline, so it never overlaps tick labels. Calling it again replaces
    the line.
    """
    text = str(text).strip()
    if not text:
        raise ValueError("add_source_line needs the source text, e.g. 'Source: IMF DOTS'")
    if not text.lower().startswith("source"):
        text = f"Source: {text}"
    for artist in list(fig.texts):
        if artist.get_label() == SOURCE_LABEL:
            artist.remove()
    fig.text(
        0.01,
        -0.01,
        text,
        ha="left",
        va="top",
        fontsize=8,
        color="#555555",
        wrap=True,
        label=SOURCE_LABEL,
    )


def source_line(fig: Figure) -> str | None:
    """Return the text of the source line of ``fig``, or ``None`` when it has none."""
    for artist in fig.texts:
        if artist.get_label() == SOURCE_LABEL:
            return artist.get_text()
    return None


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """Render ``fig`` to SVG or PNG bytes, reproducibly (see :data:`DETERMINISTIC_RC`)."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"unsupported figure format {fmt!r}: expected 'svg' or 'png'")
    metadata = SVG_METADATA if fmt == "svg" else PNG_METADATA
    buffer = io.BytesIO()
    with mpl.rc_context(DETERMINISTIC_RC):
        fig.savefig(
            buffer, format=fmt, dpi=DPI, metadata=metadata, bbox_inches="tight", pad_inches=0.1
        )
    return buffer.getvalue()


def save_figure(
    fig: Figure,
    name: str,
    output_dir: str | os.PathLike | None,
    *,
    formats: Iterable[str] = ("svg", "png"),
) -> list[Path]:
    """Write ``fig`` to ``<output_dir>/figures/<name>.svg`` and ``.png``, reproducibly.

    Parameters
    ----------
    fig
        The figure; it must carry a source line (:func:`add_source_line`).
    name
        File stem, e.g. ``"trade_turnover"`` or ``"country_profile_uzb_trade"``.
    output_dir
        The notebook's ``output_dir`` parameter. Empty or ``None`` (reading the notebook in
        JupyterLab, nbval) writes nothing and returns ``[]``.

    Returns
    -------
    list of Path
        The files written.
    """
    check_name(name, "figure")
    if source_line(fig) is None:
        raise ValueError(
            f"figure {name!r} has no source line: call plots.add_source_line(fig, 'Source: ...') "
            "before saving it"
        )
    if not output_dir:
        return []
    folder = Path(output_dir) / "figures"
    rendered = {fmt: figure_bytes(fig, fmt) for fmt in formats}
    written = [atomic_write_bytes(folder / f"{name}.{fmt}", data) for fmt, data in rendered.items()]
    if "png" in rendered and SHOW_SAVED_PNG:
        _show_saved_png(fig, rendered["png"])
    return written


#: In a kernel with the inline backend, :func:`save_figure` shows the PNG it wrote and closes the
#: figure, instead of letting the backend render the same figure a third time at the end of the
#: cell. Only when ``output_dir`` is set (``kca run``); reading a notebook is unchanged.
SHOW_SAVED_PNG = True


def _show_saved_png(fig: Figure, png: bytes) -> None:
    if "inline" not in str(mpl.rcParams._get("backend")):  # noqa: SLF001 - no backend switch
        return
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - matplotlib_inline implies IPython
        return
    if get_ipython() is None:
        return
    width = int.from_bytes(png[16:20], "big")  # the PNG header's IHDR width
    # Shown at the size the inline backend would use (figure.dpi 100), from the 150 dpi file.
    display(Image(data=png, format="png", width=round(width * 100 / DPI)))
    plt.close(fig)


def finish(fig: Figure, name: str, source: str, output_dir: str | os.PathLike | None) -> list[Path]:
    """Add the source line and save: the usual last line of a plotting cell."""
    add_source_line(fig, source)
    return save_figure(fig, name, output_dir)


def bar_by_country(
    values: Mapping[str, float],
    *,
    title: str,
    ylabel: str,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bar chart of one number per country, coloured with :data:`COUNTRY_COLORS`.

    ``values`` maps ISO3 codes to numbers; the bars keep its order.
    """
    if ax is None:
        _, ax = plt.subplots()
    codes = list(values)
    ax.bar(codes, [values[c] for c in codes], color=[country_color(c) for c in codes])
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    return ax
