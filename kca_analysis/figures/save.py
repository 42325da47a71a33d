"""The last step of every figure: a source line under it, then byte-identical SVG and PNG files.

:func:`finish` is the usual last line of a plotting cell. :func:`save_figure` gives
byte-identical files across runs and machines with the same locked environment (fixed SVG hash
salt, text drawn as paths, no dates or versions in the file metadata), drawing each format once,
or copying it when ``kca run`` says the same bytes are on disk already (:mod:`.reuse`).
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from kca_analysis.files import atomic_write_bytes, check_name

from . import reuse
from .style import DETERMINISTIC_RC, DPI, PNG_METADATA, SVG_METADATA

SOURCE_LABEL = "kca_source_line"


def add_source_line(fig: Figure, text: str) -> None:
    """Write a small "Source: ..." line under ``fig``.

    The line sits below the figure area and is kept by the tight bounding box used when the
    figure is saved or shown inline, so it never overlaps tick labels. Calling it again replaces
    the line.

    Raises
    ------
    ValueError
        When ``text`` is empty.
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
    """Render ``fig`` to SVG or PNG bytes, reproducibly (see :data:`DETERMINISTIC_RC`).

    Raises
    ------
    ValueError
        For a format other than ``"svg"`` and ``"png"``.
    """
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
    formats
        The formats, each saved once, in this order.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValueError
        For an unsafe ``name`` or a figure without a source line.

    Notes
    -----
    Under ``kca run``, a figure this machine drew before from the same code, data and parameters
    is copied from the file it wrote then instead of being drawn again (:mod:`.reuse`; the
    bytes are those a drawing gives, checked by their sha256).
    """
    check_name(name, "figure")
    if source_line(fig) is None:
        raise ValueError(
            f"figure {name!r} has no source line: call figures.add_source_line(fig, 'Source: ...') "
            "before saving it"
        )
    if not output_dir:
        return []
    folder = Path(output_dir) / "figures"
    formats = tuple(formats)
    clock = time.perf_counter()
    files = reuse.copies(output_dir, name, formats)
    copied = bool(files)
    seconds = dict.fromkeys(formats, (time.perf_counter() - clock) / max(1, len(formats)))
    if not copied:  # every format drawn before any file is written
        for fmt in formats:
            clock = time.perf_counter()
            files[fmt] = figure_bytes(fig, fmt)
            seconds[fmt] = time.perf_counter() - clock
    written = []
    for fmt, data in files.items():
        clock = time.perf_counter()
        written.append(atomic_write_bytes(folder / f"{name}.{fmt}", data))
        reuse.log_saved(written[-1], fmt, seconds[fmt] + time.perf_counter() - clock, copied, data)
    if "png" in files and SHOW_SAVED_PNG:
        _show_saved_png(fig, files["png"])
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
    """Add the source line and save: the usual last line of a plotting cell.

    Parameters
    ----------
    fig
        The finished figure (title and labels set).
    name
        File stem, e.g. ``"03_trade_shares"``.
    source
        The source line (``"Source: ..."`` is added when the text does not start with it).
    output_dir
        The notebook's ``output_dir``; empty writes nothing.

    Returns
    -------
    list of Path
        The SVG and PNG files written (empty when ``output_dir`` is empty).
    """
    add_source_line(fig, source)
    return save_figure(fig, name, output_dir)
