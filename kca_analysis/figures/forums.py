"""Figures of the Korea-Central Asia Cooperation Forum: the meetings over time, the themes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap

from kca_analysis.analysis.forums import ForumWindow, forum_window, meeting_timeline

from .style import OTHER_COLOR, PALETTE, axes, country_color, marker_handle

__all__ = ["plot_forum_timeline", "plot_theme_heatmap", "plot_theme_panels", "timeline_title"]

TIMELINE_TITLE = "Korea-Central Asia Cooperation Forum meetings"
#: The fewest forum columns the meetings' panel of :func:`plot_theme_panels` is sized for.
_MIN_MEETING_COLUMNS = 8

_LEVEL_MARKERS = {"minister": "o", "vice-minister": "s"}


def timeline_title(window: ForumWindow) -> str:
    """Return the title of :func:`plot_forum_timeline`: what is shown, what is not and why.

    "No record found" names only the numbers no source covers and that may fall in the window;
    the forums before the window are said to fall before it, found or not.

    Parameters
    ----------
    window
        :func:`~kca_analysis.analysis.forums.forum_window`.

    Returns
    -------
    str
    """
    notes = []
    if window.unfound:
        notes.append(f"no record found for no. {', '.join(map(str, window.unfound))}")
    if window.narrowed:
        numbers = "no. 1" if window.before == 1 else f"no. 1-{window.before}"
        notes.append(f"{numbers}, before {window.since_year}, not shown")
        title = f"{TIMELINE_TITLE} from {window.since_year}"
    else:
        title = TIMELINE_TITLE
    return f"{title} ({'; '.join(notes)})" if notes else title


def plot_forum_timeline(
    meetings: pd.DataFrame,
    *,
    since_year: int | None = None,
    secretariat_year: int | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw each found meeting at its year, coloured by host, shaped by level.

    Forums the sources do not cover are named in the title and drawn nowhere (their year is
    unknown), so the gap is visible rather than interpolated. With ``since_year``, only the
    meetings held in that year or later are drawn, and the title says which forums fall before
    it (:func:`timeline_title`), never that they were not found.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings` (the whole record: the window is
        ``since_year``).
    since_year
        Draw the meetings held in this year or later (default: all).
    secretariat_year
        Draws a vertical line labelled "secretariat" in that year (when in the window).
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
    """
    # constrained: the x-axis label then stays inside the figure, above the source line
    ax = axes(ax, (9.0, 3.6))
    timeline = meeting_timeline(meetings)
    if since_year is None:
        since_year = int(timeline["year"].min()) if timeline["year"].notna().any() else 0
    window = forum_window(meetings, since_year)
    timeline = timeline[timeline["forum_no"].isin(window.shown)]
    hosts = list(dict.fromkeys(timeline["host_iso3"].fillna("?")))
    y_of = {code: i for i, code in enumerate(hosts)}
    for row in timeline.itertuples(index=False):
        code = row.host_iso3 if isinstance(row.host_iso3, str) else "?"
        level = row.level if isinstance(row.level, str) else None
        ax.scatter(
            row.year,
            y_of[code],
            s=120,
            marker=_LEVEL_MARKERS.get(level, "D"),
            color=country_color(code) if code != "?" else OTHER_COLOR,
            edgecolor="white",
            zorder=3,
        )
        ax.annotate(
            str(row.forum_no),
            (row.year, y_of[code]),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    names = {
        code: (timeline.loc[timeline["host_iso3"] == code, "host_country"].iloc[0])
        for code in hosts
        if code != "?"
    }
    ax.set_yticks(range(len(hosts)), [names.get(c, "unknown host") for c in hosts])
    ax.set_ylim(-0.7, len(hosts) - 0.3)
    if secretariat_year is not None and secretariat_year >= since_year:
        ax.axvline(secretariat_year, color="#555555", linestyle="--", linewidth=1)
        ax.annotate(
            "secretariat",
            (secretariat_year, len(hosts) - 0.45),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=8,
            color="#555555",
        )
    handles = [marker_handle(m, f"{lvl} level") for lvl, m in _LEVEL_MARKERS.items()]
    if timeline["level"].isna().any():
        handles.append(marker_handle("D", "level unclear"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_xlabel("year of the meeting")
    ax.set_ylabel("host country")
    ax.xaxis.set_major_locator(plt.MultipleLocator(2))
    ax.set_title(timeline_title(window))
    return ax


def plot_theme_heatmap(
    matrix: pd.DataFrame,
    *,
    ax: plt.Axes | None = None,
    title: str | None = None,
    legend: bool = True,
    missing_key: bool | None = None,
) -> plt.Axes:
    """Draw a theme-by-forum matrix: dark where a theme is named, hatched grey where no text.

    Parameters
    ----------
    matrix
        :func:`~kca_analysis.analysis.forums.theme_matrix` or
        :func:`~kca_analysis.analysis.forums.paper_theme_matrix` (values 1, 0 or missing).
    ax
        The Axes to draw on (default: a new figure sized to the matrix).
    title
        The panel's title (none by default).
    legend
        Draw the legend (turn off on all but one panel of a multi-panel figure).
    missing_key
        Show the "no record" key in the legend; by default when ``matrix`` has such a column
        (pass ``True`` when the legend sits on another panel than the gaps).

    Returns
    -------
    matplotlib.axes.Axes
    """
    figsize = (max(6.0, 0.55 * matrix.shape[1] + 3.0), 0.4 * matrix.shape[0] + 1.6)
    ax = axes(ax, figsize, layout=None)
    cmap = ListedColormap(["#F2F2F2", PALETTE[0]])
    values = matrix.to_numpy(dtype="float64")
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for j in range(values.shape[1]):
        if np.isnan(values[:, j]).all():
            ax.add_patch(
                plt.Rectangle(
                    (j - 0.5, -0.5),
                    1,
                    values.shape[0],
                    facecolor="white",
                    edgecolor="#BBBBBB",
                    hatch="///",
                    linewidth=0,
                )
            )
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=60, ha="right")
    ax.set_yticks(range(matrix.shape[0]), matrix.index)
    ax.set_xticks(np.arange(-0.5, matrix.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, matrix.shape[0]), minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel(matrix.columns.name or "")
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    handles = [
        plt.Rectangle((0, 0), 1, 1, facecolor=PALETTE[0], label="theme named"),
        plt.Rectangle((0, 0), 1, 1, facecolor="#F2F2F2", label="not named"),
    ]
    if not legend:
        return ax
    if missing_key is None:
        missing_key = bool(np.isnan(values).all(axis=0).any())
    if missing_key:
        handles.append(
            plt.Rectangle(
                (0, 0),
                1,
                1,
                facecolor="white",
                edgecolor="#BBBBBB",
                hatch="///",
                label="no record of the meeting",
            )
        )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_theme_panels(
    matrix: pd.DataFrame, paper_matrix: pd.DataFrame
) -> tuple[plt.Axes, plt.Axes]:
    """Draw the meetings' theme matrix beside the paper's, on one figure sharing the themes.

    Parameters
    ----------
    matrix
        :func:`~kca_analysis.analysis.forums.theme_matrix`.
    paper_matrix
        :func:`~kca_analysis.analysis.forums.paper_theme_matrix`, on the same themes.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The meetings' panel and the paper's.
    """
    # A narrow window (a forum or two) still leaves room for the meetings panel's title.
    width = max(matrix.shape[1], _MIN_MEETING_COLUMNS)
    fig, (ax_meetings, ax_paper) = plt.subplots(
        1,
        2,
        figsize=(0.5 * (width + paper_matrix.shape[1]) + 5.0, 0.42 * matrix.shape[0] + 2.6),
        sharey=True,
        gridspec_kw={"width_ratios": [width, paper_matrix.shape[1]]},
    )
    plot_theme_heatmap(
        matrix, ax=ax_meetings, title="Meetings' theme texts (press, ministries)", legend=False
    )
    plot_theme_heatmap(
        paper_matrix,
        ax=ax_paper,
        title="The paper's lists",
        missing_key=bool(matrix.isna().all().any()),
    )
    ax_paper.set_xlabel("list [reference]")
    fig.tight_layout()
    return ax_meetings, ax_paper
