"""The Korea-Central Asia Cooperation Forum: meetings, gaps, hosts, levels and themes.

Two kinds of text describe what the forum talks about: the topic lists the paper prints
(:func:`kca_analysis.data.load_forum_topics`) and the theme text of each meeting gathered from
the press and ministries (:func:`kca_analysis.data.load_forum_meetings`). Both are mapped onto one
harmonised :data:`THEMES` taxonomy by keyword patterns, so that the paper's lists and the
meetings can be read on the same rows of a theme-by-forum matrix. Every text item that matches
no theme is kept with the theme :data:`UNCLASSIFIED`: nothing is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .countries import CENTRAL_ASIA_ISO3
from .vocab import THEMES, check_themes

__all__ = [
    "UNCLASSIFIED",
    "classify_meetings",
    "classify_paper_topics",
    "classify_topics",
    "first_forum_in_central_asia",
    "forum_label",
    "level_since",
    "match_themes",
    "meeting_timeline",
    "meetings_mentioning",
    "missing_forums",
    "paper_list_forum",
    "paper_theme_matrix",
    "paper_vs_meetings",
    "plot_forum_timeline",
    "plot_theme_heatmap",
    "split_items",
    "theme_emergence",
    "theme_matrix",
    "years_without_forum",
]

#: The label of a text item that matches no theme of the taxonomy.
UNCLASSIFIED = "unclassified"

#: The ``status`` of a forum number the sources do not cover; every other status is a meeting.
NOT_FOUND = "not found"

_COMPILED: dict[str, tuple[re.Pattern[str], ...]] = {
    theme: tuple(re.compile(r"(?<![\w-])" + p, re.IGNORECASE) for p in patterns)
    for theme, patterns in THEMES.items()
}


# --------------------------------------------------------------------------------------------
# Classifying text


def split_items(text: str) -> list[str]:
    """Split a meeting's theme text into items at commas and semicolons.

    Separators inside parentheses are kept, so that a bracketed translation or aside stays with
    its item. Empty items are dropped and surrounding space and quotes are stripped.

    Examples
    --------
    >>> split_items("health, digital; tourism (a, b)")
    ['health', 'digital', 'tourism (a, b)']
    """
    items, depth, current = [], 0, []
    for char in str(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char in ",;" and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    cleaned = [item.strip().strip("'\"\u2018\u2019\u201c\u201d").strip() for item in items]
    return [item for item in cleaned if item]


def match_themes(text: str) -> list[tuple[str, str]]:
    """Return ``(theme, matched keyword)`` for every theme whose patterns match ``text``.

    Themes come in taxonomy order, each once (with its first match); an empty list means the
    text is unclassified.
    """
    found = []
    for theme, patterns in _COMPILED.items():
        for pattern in patterns:
            match = pattern.search(str(text))
            if match:
                found.append((theme, match.group(0)))
                break
    return found


def classify_topics(texts: Iterable[str], ids: Iterable[object] | None = None) -> pd.DataFrame:
    """Assign each text to the themes of the taxonomy.

    Parameters
    ----------
    texts
        Topic texts, one per item (a list, or a Series whose index is used as ids).
    ids
        Optional identifiers, one per text (default: the Series index or 0, 1, 2, ...).

    Returns
    -------
    DataFrame
        Columns ``id, text, theme, matched``: one row per (text, theme); a text matching no
        theme gets one row with ``theme`` :data:`UNCLASSIFIED` and an empty ``matched``, so every
        input text appears at least once.
    """
    if isinstance(texts, pd.Series) and ids is None:
        ids, texts = list(texts.index), list(texts)
    texts = [str(t) for t in texts]
    ids = list(range(len(texts))) if ids is None else list(ids)
    if len(ids) != len(texts):
        raise ValueError(f"got {len(ids)} ids for {len(texts)} texts")
    rows = []
    for text_id, text in zip(ids, texts, strict=True):
        matches = match_themes(text) or [(UNCLASSIFIED, None)]
        rows.extend((text_id, text, theme, matched) for theme, matched in matches)
    return pd.DataFrame(rows, columns=["id", "text", "theme", "matched"])


def classify_paper_topics(topics: pd.DataFrame) -> pd.DataFrame:
    """Classify the paper's topic lists (:func:`~kca_analysis.data.load_forum_topics`).

    Returns
    -------
    DataFrame
        Columns ``list_id, list_name, position, topic, ref, theme, matched``.
    """
    keyed = topics.reset_index(drop=True)
    classified = classify_topics(keyed["topic"], ids=keyed.index)
    merged = keyed[["list_id", "list_name", "position", "topic", "ref"]].join(
        classified.set_index("id")[["theme", "matched"]]
    )
    return merged.reset_index(drop=True)


def classify_meetings(meetings: pd.DataFrame) -> pd.DataFrame:
    """Classify the theme text of every meeting that has one, item by item.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.

    Returns
    -------
    DataFrame
        Columns ``forum_no, year, item_no, item, theme, matched``: one row per (item, theme),
        unclassified items included. Meetings without a theme text have no rows here (see
        :func:`missing_forums` and :func:`theme_matrix`, which keep them visible).
    """
    rows = []
    with_text = meetings[meetings["theme"].notna() & (meetings["theme"].astype(str) != "")]
    for meeting in with_text.itertuples(index=False):
        for item_no, item in enumerate(split_items(meeting.theme), start=1):
            for theme, matched in match_themes(item) or [(UNCLASSIFIED, None)]:
                rows.append((meeting.forum_no, meeting.year, item_no, item, theme, matched))
    frame = pd.DataFrame(rows, columns=["forum_no", "year", "item_no", "item", "theme", "matched"])
    frame["forum_no"] = frame["forum_no"].astype("int64")
    frame["year"] = frame["year"].astype("Int64")
    return frame


# --------------------------------------------------------------------------------------------
# Meetings


def forum_label(forum_no: int, year: object = None) -> str:
    """Return a column label such as ``"7 (2013)"`` (or ``"2 (?)"`` when the year is unknown)."""
    year_text = "?" if year is None or pd.isna(year) else str(int(year))
    return f"{int(forum_no)} ({year_text})"


def meeting_timeline(meetings: pd.DataFrame) -> pd.DataFrame:
    """Return the meetings found in the sources, in order, with host and level.

    Returns
    -------
    DataFrame
        Columns ``forum_no, date, year, host_city, host_country, host_iso3, in_central_asia,
        level, level_as_reported, confidence``.
    """
    found = meetings[meetings["status"] != NOT_FOUND].sort_values("forum_no")
    timeline = found[
        [
            "forum_no",
            "date",
            "year",
            "host_city",
            "host_country",
            "host_iso3",
            "level",
            "level_as_reported",
            "confidence",
        ]
    ].copy()
    timeline.insert(6, "in_central_asia", timeline["host_iso3"].isin(CENTRAL_ASIA_ISO3))
    return timeline.reset_index(drop=True)


def missing_forums(meetings: pd.DataFrame) -> pd.DataFrame:
    """Return the forum numbers the sources do not cover (``status`` "not found").

    Also lists numbers absent from the file altogether between 1 and the highest number, so
    that a gap in the file itself cannot hide.
    """
    listed = set(meetings["forum_no"].astype(int))
    absent = sorted(set(range(1, max(listed) + 1)) - listed)
    not_found = meetings.loc[meetings["status"] == NOT_FOUND, ["forum_no", "notes"]].copy()
    not_found["why"] = "listed, not found in the sources read"
    extra = pd.DataFrame(
        {"forum_no": absent, "notes": None, "why": "not listed in the data file"},
    )
    frames = [f for f in (not_found, extra) if len(f)]
    if not frames:
        return pd.DataFrame(columns=["forum_no", "notes", "why"])
    result = pd.concat(frames, ignore_index=True)
    result["forum_no"] = result["forum_no"].astype("int64")
    return result.sort_values("forum_no").reset_index(drop=True)


def years_without_forum(meetings: pd.DataFrame) -> list[int]:
    """Return the years between the first and last found meeting with no meeting found."""
    years = set(meetings.loc[meetings["status"] != NOT_FOUND, "year"].dropna().astype(int))
    if not years:
        return []
    return sorted(set(range(min(years), max(years) + 1)) - years)


def first_forum_in_central_asia(meetings: pd.DataFrame, level: str | None = None) -> pd.Series:
    """Return the first found meeting hosted by one of the five (optionally at one ``level``).

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.
    level
        ``"minister"`` or ``"vice-minister"`` to restrict the search; ``None`` for any level.

    Raises
    ------
    LookupError
        When no such meeting is in the data.
    """
    timeline = meeting_timeline(meetings)
    hosted = timeline[timeline["in_central_asia"]]
    if level is not None:
        hosted = hosted[hosted["level"] == level]
    if hosted.empty:
        raise LookupError(f"no forum hosted in Central Asia (level={level!r}) in the data")
    return hosted.iloc[0]


def level_since(meetings: pd.DataFrame, level: str = "minister") -> pd.Series | None:
    """Return the meeting from which every later found meeting was held at ``level``.

    ``None`` when the latest meeting was not at that level. Meetings whose level is unknown break
    the run, since they cannot be counted as either.
    """
    timeline = meeting_timeline(meetings)
    if timeline.empty or timeline["level"].iloc[-1] != level:
        return None
    other = timeline.index[timeline["level"] != level]
    start = 0 if len(other) == 0 else int(other.max()) + 1
    return timeline.iloc[start]


def meetings_mentioning(meetings: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """Return the meetings whose theme or notes match ``pattern`` (a case-insensitive regex).

    Returns
    -------
    DataFrame
        ``forum_no, year, field, text``: one row per matching field, the text as recorded.
    """
    regex = re.compile(pattern, re.IGNORECASE)
    rows = []
    for meeting in meetings.sort_values("forum_no").itertuples(index=False):
        for field in ("theme", "notes"):
            text = getattr(meeting, field)
            if isinstance(text, str) and regex.search(text):
                rows.append((int(meeting.forum_no), meeting.year, field, text))
    frame = pd.DataFrame(rows, columns=["forum_no", "year", "field", "text"])
    frame["year"] = frame["year"].astype("Int64")
    return frame


# --------------------------------------------------------------------------------------------
# Themes over time


def theme_matrix(
    classified: pd.DataFrame,
    meetings: pd.DataFrame,
    *,
    themes: Sequence[str] | None = None,
    since_year: int | None = None,
) -> pd.DataFrame:
    """Return a theme-by-forum matrix: 1 where a meeting's text names the theme, else 0.

    Parameters
    ----------
    classified
        :func:`classify_meetings`.
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`; every forum number becomes a column,
        so meetings that were not found, or have no theme text, stay visible as all-missing
        columns (``NaN``) rather than disappearing.
    themes
        Rows to keep, in taxonomy order (default: all themes); see :func:`check_themes`.
    since_year
        Keep forums held in or after this year. A forum of unknown year is kept when it may
        fall in that range: forums are numbered in order, so it was held no later than the
        next numbered forum of known year; it is kept if that forum is in range.

    Returns
    -------
    DataFrame
        Index: theme; columns: forum labels such as ``"7 (2013)"`` in forum order.
    """
    rows = check_themes(themes)
    forums = meetings.sort_values("forum_no").reset_index(drop=True)
    if since_year is not None:
        forums = forums[_possibly_since(forums, since_year)]
    present = classified[classified["theme"] != UNCLASSIFIED]
    has_text = set(classified["forum_no"])
    columns = {}
    for forum in forums.itertuples(index=False):
        label = forum_label(forum.forum_no, forum.year)
        if forum.forum_no not in has_text:
            columns[label] = pd.Series(np.nan, index=rows)
            continue
        named = set(present.loc[present["forum_no"] == forum.forum_no, "theme"])
        columns[label] = pd.Series([1.0 if t in named else 0.0 for t in rows], index=rows)
    matrix = pd.DataFrame(columns, index=rows)
    matrix.index.name = "theme"
    matrix.columns.name = "forum (year)"
    return matrix


def _possibly_since(forums: pd.DataFrame, since_year: int) -> pd.Series:
    """Mask of forums (sorted by number) held, or possibly held, in or after ``since_year``."""
    years = forums["year"].astype("Float64")
    # Numbering is chronological: an unknown year is at most the next known year (bfill).
    upper = years.fillna(years.bfill())
    return (upper >= since_year).fillna(True).astype(bool)


def paper_theme_matrix(
    classified_topics: pd.DataFrame, *, themes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return a theme-by-list matrix for the paper's topic lists (1 named, 0 not)."""
    rows = check_themes(themes)
    present = classified_topics[classified_topics["theme"] != UNCLASSIFIED]
    columns = {}
    for list_id, group in classified_topics.groupby("list_id", sort=False):
        named = set(present.loc[present["list_id"] == list_id, "theme"])
        # The list names are sentences; the id and the paper's reference make a short label.
        ref = group["ref"].iloc[0] if isinstance(group["ref"].iloc[0], str) else ""
        label = f"{list_id} {ref}".strip()
        columns[label] = pd.Series([1.0 if t in named else 0.0 for t in rows], index=rows)
    matrix = pd.DataFrame(columns, index=rows)
    matrix.index.name = "theme"
    matrix.columns.name = "paper's list"
    return matrix


def theme_emergence(
    classified: pd.DataFrame,
    split_year: int,
    *,
    themes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Say for each theme when it first appears in the meetings' texts and whether it stays.

    A theme *stays* when meetings name it both before ``split_year`` and from ``split_year`` on,
    *emerges* when it is named only from ``split_year`` on, *fades* when only before, and is
    *never named* otherwise. The notebook takes ``split_year`` from the data (the year the
    secretariat was founded), so the rule is stated, not tuned. The shares say how often: a theme
    named at one early forum and at most later ones "stays" but clearly grows.

    Parameters
    ----------
    classified
        :func:`classify_meetings` (only meetings with a theme text count).

    Returns
    -------
    DataFrame
        Columns ``theme, first_forum, first_year, last_year, forums_before, share_before_pct,
        forums_from, share_from_pct, pattern``, one row per theme in taxonomy order; the shares
        are of the meetings with a theme text in each stretch.
    """
    present = classified[classified["theme"] != UNCLASSIFIED]
    forum_years = classified.drop_duplicates("forum_no").set_index("forum_no")["year"]
    n_before = int((forum_years < split_year).sum())
    n_from = int((forum_years >= split_year).sum())
    rows = []
    for theme in check_themes(themes):
        hits = present[present["theme"] == theme].drop_duplicates("forum_no")
        before = int((hits["year"] < split_year).sum())
        after = int((hits["year"] >= split_year).sum())
        if hits.empty:
            first_no, first_year, last_year = pd.NA, pd.NA, pd.NA
        else:
            first = hits.sort_values("forum_no").iloc[0]
            first_no, first_year = int(first["forum_no"]), int(first["year"])
            last_year = int(hits["year"].max())
        pattern = {
            (True, True): "stays",
            (False, True): "emerges",
            (True, False): "fades",
            (False, False): "never named",
        }[(before > 0, after > 0)]
        rows.append(
            (
                theme,
                first_no,
                first_year,
                last_year,
                before,
                before / n_before * 100 if n_before else np.nan,
                after,
                after / n_from * 100 if n_from else np.nan,
                pattern,
            )
        )
    result = pd.DataFrame(
        rows,
        columns=[
            "theme",
            "first_forum",
            "first_year",
            "last_year",
            "forums_before",
            "share_before_pct",
            "forums_from",
            "share_from_pct",
            "pattern",
        ],
    )
    for column in ("first_forum", "first_year", "last_year"):
        result[column] = result[column].astype("Int64")
    result.attrs["meetings_before"] = n_before
    result.attrs["meetings_from"] = n_from
    return result


_ORDINAL_FORUM = re.compile(r"\b(\d+)(?:st|nd|rd|th) forum\b", re.IGNORECASE)


def paper_list_forum(list_name: str) -> int | None:
    """Return the forum number a paper list is about ("... the 15th forum ..." -> 15), if any."""
    match = _ORDINAL_FORUM.search(str(list_name))
    return int(match.group(1)) if match else None


def paper_vs_meetings(
    classified_topics: pd.DataFrame, classified_meetings: pd.DataFrame
) -> pd.DataFrame:
    """Compare, forum by forum, the themes of the paper's lists with the meetings' own texts.

    Only paper lists that name a forum ("the 15th forum") are compared, with that forum's
    meeting text; the paper and the press or ministry pages can disagree, and this shows where.

    Returns
    -------
    DataFrame
        ``forum_no, theme, in_paper, in_meeting_sources, agreement`` (``both``, ``paper only``,
        ``meeting sources only``) for every theme named by either side.
    """
    rows = []
    topics = classified_topics.assign(forum_no=classified_topics["list_name"].map(paper_list_forum))
    topics = topics[topics["forum_no"].notna() & (topics["theme"] != UNCLASSIFIED)]
    for forum_no, group in topics.groupby("forum_no", sort=True):
        in_paper = set(group["theme"])
        meeting = classified_meetings[
            (classified_meetings["forum_no"] == forum_no)
            & (classified_meetings["theme"] != UNCLASSIFIED)
        ]
        in_meeting = set(meeting["theme"])
        for theme in [t for t in THEMES if t in in_paper | in_meeting]:
            both = theme in in_paper and theme in in_meeting
            rows.append(
                (
                    int(forum_no),
                    theme,
                    theme in in_paper,
                    theme in in_meeting,
                    "both"
                    if both
                    else ("paper only" if theme in in_paper else "meeting sources only"),
                )
            )
    return pd.DataFrame(
        rows, columns=["forum_no", "theme", "in_paper", "in_meeting_sources", "agreement"]
    )


# --------------------------------------------------------------------------------------------
# Plots

_LEVEL_MARKERS = {"minister": "o", "vice-minister": "s"}


def plot_forum_timeline(
    meetings: pd.DataFrame,
    *,
    secretariat_year: int | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw each found meeting at its year, coloured by host, shaped by level.

    Forums the sources do not cover are written under the axis at no position (their year is
    unknown), so the gap is visible rather than interpolated.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.
    secretariat_year
        Draws a vertical line labelled "secretariat" in that year.
    """
    from .figures.style import OTHER_COLOR, country_color, marker_handle

    if ax is None:
        _, ax = plt.subplots(figsize=(9.0, 3.6))
    timeline = meeting_timeline(meetings)
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
    if secretariat_year is not None:
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
    missing = missing_forums(meetings)["forum_no"].tolist()
    if missing:
        ax.set_title(
            "Korea-Central Asia Cooperation Forum meetings "
            f"(no record found for no. {', '.join(map(str, missing))})"
        )
    else:
        ax.set_title("Korea-Central Asia Cooperation Forum meetings")
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
        :func:`theme_matrix` or :func:`paper_theme_matrix` (values 1, 0 or missing).
    legend
        Draw the legend (turn off on all but one panel of a multi-panel figure).
    missing_key
        Show the "no record" key in the legend; by default when ``matrix`` has such a column
        (pass ``True`` when the legend sits on another panel than the gaps).
    """
    from matplotlib.colors import ListedColormap

    from .figures.style import PALETTE

    if ax is None:
        _, ax = plt.subplots(
            figsize=(max(6.0, 0.55 * matrix.shape[1] + 3.0), 0.4 * matrix.shape[0] + 1.6)
        )
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
