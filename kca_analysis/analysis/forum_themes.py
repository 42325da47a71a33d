"""What the Korea-Central Asia Cooperation Forum talks about: one theme taxonomy for two texts.

Two kinds of text describe the forum's topics: the lists the paper prints
(:func:`kca_analysis.data.load_forum_topics`) and the theme text of each meeting gathered from
the press and ministries (:func:`kca_analysis.data.load_forum_meetings`). Both are mapped onto the
one harmonised taxonomy :data:`kca_analysis.vocab.THEMES` by keyword patterns, so that the
paper's lists and the meetings can be read on the same rows of a theme-by-forum matrix. Every
text item that matches no theme is kept with the theme :data:`UNCLASSIFIED`: nothing is silently
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from kca_analysis.vocab import THEMES, check_themes

from .forum_meetings import forum_label, latest_years

__all__ = [
    "THEMES",
    "UNCLASSIFIED",
    "classify_meetings",
    "classify_paper_topics",
    "classify_topics",
    "match_themes",
    "paper_list_forum",
    "paper_theme_matrix",
    "paper_vs_meetings",
    "split_items",
    "theme_emergence",
    "theme_matrix",
]

#: The label of a text item that matches no theme of the taxonomy.
UNCLASSIFIED = "unclassified"

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

    Parameters
    ----------
    text
        A meeting's theme text (anything else is read as its ``str``).

    Returns
    -------
    list of str
        The items, in order.

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

    Parameters
    ----------
    text
        One item of text (a topic of the paper's lists, an item of a meeting's theme text).

    Returns
    -------
    list of (str, str)
        Themes in taxonomy order, each once (with its first match); an empty list means the
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

    Raises
    ------
    ValueError
        When ``ids`` and ``texts`` differ in length.
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
    """Classify the paper's topic lists, topic by topic.

    Parameters
    ----------
    topics
        :func:`~kca_analysis.data.load_forum_topics`.

    Returns
    -------
    DataFrame
        Columns ``list_id, list_name, position, topic, ref, theme, matched``: one row per
        (topic, theme), unclassified topics included.
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
        :func:`~kca_analysis.analysis.forum_meetings.missing_forums` and
        :func:`theme_matrix`, which keep them visible).
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
        Rows to keep, in taxonomy order (default: all themes); see
        :func:`kca_analysis.vocab.check_themes`.
    since_year
        Keep forums held in or after this year. A forum of unknown year is kept when it may
        fall in that range: forums are numbered in order, so it was held no later than the
        next numbered forum of known year; it is kept if that forum is in range.

    Returns
    -------
    DataFrame
        Index: theme; columns: forum labels such as ``"7 (2013)"`` in forum order.

    Raises
    ------
    ValueError
        For a theme not in the taxonomy.
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
    possible = (latest_years(forums) >= since_year).fillna(True).astype(bool)
    return pd.Series(possible.to_numpy(), index=forums.index)


def paper_theme_matrix(
    classified_topics: pd.DataFrame, *, themes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return a theme-by-list matrix for the paper's topic lists (1 named, 0 not).

    Parameters
    ----------
    classified_topics
        :func:`classify_paper_topics`.
    themes
        Rows to keep, in taxonomy order (default: all themes).

    Returns
    -------
    DataFrame
        Index: theme; columns: one per list, labelled by its id and the paper's reference
        (``"f15 [6]"``), in the lists' order.

    Raises
    ------
    ValueError
        For a theme not in the taxonomy.
    """
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
    *never named* otherwise. When one stretch has no meeting with a theme text (a window that
    starts after ``split_year``), nothing can stay, emerge or fade: a theme named is *named*.
    The notebook takes ``split_year`` from the data (the year the
    secretariat was founded), so the rule is stated, not tuned. The shares say how often: a theme
    named at one early forum and at most later ones "stays" but clearly grows.

    Parameters
    ----------
    classified
        :func:`classify_meetings` (only meetings with a theme text count).
    split_year
        The first year of the later stretch.
    themes
        Rows to keep, in taxonomy order (default: all themes).

    Returns
    -------
    DataFrame
        Columns ``theme, first_forum, first_year, last_year, forums_before, share_before_pct,
        forums_from, share_from_pct, pattern``, one row per theme in taxonomy order; the shares
        are of the meetings with a theme text in each stretch. ``attrs["meetings_before"]``
        and ``attrs["meetings_from"]`` hold how many meetings with a text each stretch has.

    Raises
    ------
    ValueError
        For a theme not in the taxonomy.
    """
    present = classified[classified["theme"] != UNCLASSIFIED]
    year_of_forum = classified.drop_duplicates("forum_no").set_index("forum_no")["year"]
    n_before = int((year_of_forum < split_year).sum())
    n_from = int((year_of_forum >= split_year).sum())
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
        if not hits.empty and not (n_before and n_from):
            pattern = "named"  # one stretch has no meeting: nothing to stay or emerge from
        else:
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
    """Return the forum number a paper list is about ("... the 15th forum ..." -> 15).

    Parameters
    ----------
    list_name
        The name of one of the paper's topic lists.

    Returns
    -------
    int or None
        The forum's number; ``None`` when the name mentions no numbered forum.
    """
    match = _ORDINAL_FORUM.search(str(list_name))
    return int(match.group(1)) if match else None


def paper_vs_meetings(
    classified_topics: pd.DataFrame, classified_meetings: pd.DataFrame
) -> pd.DataFrame:
    """Compare, forum by forum, the themes of the paper's lists with the meetings' own texts.

    Only paper lists that name a forum ("the 15th forum") are compared, with that forum's
    meeting text; the paper and the press or ministry pages can disagree, and this shows where.

    Parameters
    ----------
    classified_topics
        :func:`classify_paper_topics`.
    classified_meetings
        :func:`classify_meetings`.

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
