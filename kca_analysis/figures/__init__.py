"""Figures: the house style, one module of ``plot_*`` functions per topic, and :func:`finish`.

``from kca_analysis import figures`` then ``figures.set_style()`` once per notebook, and
``figures.finish(fig, name, source, output_dir)`` as the last line of each plotting cell.
"""

from .save import add_source_line, figure_bytes, finish, save_figure, source_line
from .style import (
    COUNTRY_COLORS,
    KOREA_COLOR,
    LEGEND_GREY,
    OTHER_COLOR,
    PALETTE,
    axes,
    country_color,
    country_palette,
    marker_handle,
    plain_number,
    set_style,
    year_axis,
)

__all__ = [
    "COUNTRY_COLORS",
    "KOREA_COLOR",
    "LEGEND_GREY",
    "OTHER_COLOR",
    "PALETTE",
    "add_source_line",
    "axes",
    "country_color",
    "country_palette",
    "figure_bytes",
    "finish",
    "marker_handle",
    "plain_number",
    "save_figure",
    "set_style",
    "source_line",
    "year_axis",
]
