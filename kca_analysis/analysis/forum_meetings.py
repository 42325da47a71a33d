"""The Korea-Central Asia Cooperation Forum's meetings: which were held, when, where, at what level.

Every function reads the frame of :func:`kca_analysis.data.load_forum_meetings` (or a part of it,
such as the rows a claim keeps at a confidence level). A forum number the sources do not cover
has ``status`` :data:`NOT_FOUND`; every other row is a meeting that was held (:func:`held_forums`).
Gaps are listed, never filled: no year, host or level is guessed for a forum not found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3

__all__ = [
    "NOT_FOUND",
    "ForumCalendar",
    "first_forum_in_central_asia",
    "forum_calendar",
    "forum_label",
    "forum_years",
    "forums_at_level",
    "held_forum",
    "held_forums",
    "latest_years",
    "level_since",
    "meeting_timeline",
    "meetings_mentioning",
    "missing_forums",
    "years_without_forum",
]

#: The ``status`` of a forum number the sources do not cover; every other status is a meeting.
NOT_FOUND = "not found"

#: The columns of :func:`meeting_timeline`, in order.
TIMELINE_COLUMNS = [
    "forum_no",
    "date",
    "year",
    "host_city",
    "host_country",
    "host_iso3",
    "in_central_asia",
    "level",
    "level_as_reported",
    "confidence",
]


def held_forums(meetings: pd.DataFrame) -> pd.DataFrame:
    """Return the meetings that were held (``status`` other than :data:`NOT_FOUND`).

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`, or some of its rows.

    Returns
    -------
    DataFrame
        The held meetings, every column kept, in forum-number order. A held meeting whose year
        the sources do not give is kept (its ``year`` is missing).
    """
    return meetings[meetings["status"] != NOT_FOUND].sort_values("forum_no")


def held_forum(meetings: pd.DataFrame, forum_no: int) -> pd.Series | None:
    """Return the held meeting with number ``forum_no``, or ``None`` when it is not in the data.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`, or some of its rows.
    forum_no
        The forum's number (1 for the first forum, held in 2007).

    Returns
    -------
    Series or None
        The meeting's row; ``None`` when the number is absent or not found in the sources.
    """
    held = held_forums(meetings)
    rows = held[held["forum_no"] == forum_no]
    return rows.iloc[0] if not rows.empty else None


def forums_at_level(meetings: pd.DataFrame, level: str) -> pd.DataFrame:
    """Return the held meetings at one level, in forum-number order.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.
    level
        ``"minister"`` or ``"vice-minister"`` (meetings of unknown level are never included).

    Returns
    -------
    DataFrame
        The rows of :func:`held_forums` whose ``level`` is ``level``.
    """
    held = held_forums(meetings)
    return held[held["level"] == level]


def forum_label(forum_no: int, year: object = None) -> str:
    """Return a column label such as ``"7 (2013)"`` (``"2 (?)"`` when the year is unknown).

    Parameters
    ----------
    forum_no
        The forum's number.
    year
        The year it was held; ``None`` or a missing value when unknown.

    Returns
    -------
    str
    """
    year_text = "?" if year is None or pd.isna(year) else str(int(year))
    return f"{int(forum_no)} ({year_text})"


def latest_years(meetings: pd.DataFrame) -> pd.Series:
    """Return the latest year each listed forum can have been held.

    Forums are numbered in the order they were held, so a number without a year (not found in
    the sources, or found without one) was held no later than the next dated forum.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`, or some of its rows.

    Returns
    -------
    Series
        Indexed by forum number (int), in order: the forum's year, or the next dated forum's
        year, or missing when no later forum has a year (Float64).
    """
    listed = meetings.sort_values("forum_no")
    years = listed["year"].astype("Float64").where(listed["status"] != NOT_FOUND)
    years.index = listed["forum_no"].astype("int64").to_numpy()
    return years.bfill().rename("latest_year")


def meeting_timeline(meetings: pd.DataFrame) -> pd.DataFrame:
    """Return the meetings found in the sources, in order, with host and level.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.

    Returns
    -------
    DataFrame
        One row per :func:`held_forums` meeting; columns ``forum_no, date, year, host_city,
        host_country, host_iso3, in_central_asia, level, level_as_reported, confidence``.
    """
    timeline = held_forums(meetings).copy()
    timeline["in_central_asia"] = timeline["host_iso3"].isin(CENTRAL_ASIA_ISO3)
    return timeline[TIMELINE_COLUMNS].reset_index(drop=True)


def missing_forums(meetings: pd.DataFrame) -> pd.DataFrame:
    """Return the forum numbers the sources do not cover.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`, or some of its rows.

    Returns
    -------
    DataFrame
        Columns ``forum_no, notes, why``: the rows of ``status`` :data:`NOT_FOUND` ("listed,
        not found in the sources read") and every number between 1 and the highest listed that
        is absent from the frame altogether ("not listed in the data file"), so that a gap in
        the file itself cannot hide. In forum-number order.
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


#: The ``status`` values of :func:`forum_years`.
YEAR_STATUSES = ("held", "unknown", "none")


def _dated(meetings: pd.DataFrame) -> list[tuple[int, int]]:
    """``(forum number, year)`` of the held meetings with a year, in number order."""
    held = held_forums(meetings)
    held = held[held["year"].notna()]
    return [(int(n), int(y)) for n, y in zip(held["forum_no"], held["year"], strict=True)]


def _gaps(dated: list[tuple[int, int]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Between each two dated forums: the undated numbers and the years without a meeting.

    Forums are numbered in the order they were held, so the numbers between two dated forums
    were held between their years (or in one of them); which year, the data do not say.
    """
    years = {y for _, y in dated}
    return [
        (
            tuple(range(n_a + 1, n_b)),
            tuple(y for y in range(y_a + 1, y_b) if y not in years),
        )
        for (n_a, y_a), (n_b, y_b) in zip(dated, dated[1:], strict=False)
    ]


def forum_years(meetings: pd.DataFrame) -> pd.DataFrame:
    """Return each year from the first to the last dated meeting, with the forums held in it.

    A year without a dated meeting is ``unknown`` when a forum number without a date (not found
    in the sources, or found without its year) lies between the dated forums around it: that
    forum may have met in it, or in another year of the gap, and the data do not say which, so
    no year of the gap is counted as a forum year or as a year without one. A year without a
    dated meeting and with no undated number around it is ``none``: no numbered forum met then.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`, or some of its rows.

    Returns
    -------
    DataFrame
        Columns ``year`` (int), ``forums`` (the numbers held that year, ``"11"`` or ``"3, 4"``;
        empty when none) and ``status`` (``held``, ``unknown`` or ``none``), one row per year;
        no rows when no held meeting has a year.
    """
    dated = _dated(meetings)
    if not dated:
        return pd.DataFrame(columns=["year", "forums", "status"])
    by_year: dict[int, list[int]] = {}
    for number, year in dated:
        by_year.setdefault(year, []).append(number)
    unknown = {y for numbers, empty in _gaps(dated) if numbers for y in empty}
    rows = []
    for year in range(min(by_year), max(by_year) + 1):
        if year in by_year:
            status = "held"
        elif year in unknown:
            status = "unknown"
        else:
            status = "none"
        rows.append((year, ", ".join(str(n) for n in by_year.get(year, [])), status))
    return pd.DataFrame(rows, columns=["year", "forums", "status"])


@dataclass(frozen=True)
class ForumCalendar:
    """The forum's record in numbers: which forums were held, and in which years.

    Every year from the first to the last dated meeting is one of three: recorded (a dated
    meeting), unknown (an undated forum number may fall in it) or without a numbered forum.
    02_forums and claim C07 count the years from this one record.

    Attributes
    ----------
    highest_number
        The highest forum number listed: the record covers forums 1 to this number.
    held
        The numbers of the meetings held (:func:`held_forums`).
    missing
        The numbers the sources do not cover (:func:`missing_forums`).
    first_year, last_year
        The first and last year with a dated meeting (``None`` when no meeting has a year).
    held_years
        The years with a dated meeting: the years with a recorded forum.
    unknown_years
        The years without one in which an undated forum number may fall (:func:`forum_years`).
    empty_years
        The years without one that no forum number can fill: no numbered forum met.
    double_years
        The years with more than one meeting.
    undated_between
        The forum numbers without a date that lie between the first and the last dated
        meeting (and so fall in the unknown years, or in a recorded one).
    fewest_empty_unknown
        How many of the unknown years had no forum at least: where a gap holds more years than
        undated numbers, the extra years cannot all have had one.
    """

    highest_number: int
    held: tuple[int, ...]
    missing: tuple[int, ...]
    first_year: int | None
    last_year: int | None
    held_years: tuple[int, ...]
    unknown_years: tuple[int, ...]
    empty_years: tuple[int, ...]
    double_years: tuple[int, ...]
    undated_between: tuple[int, ...]
    fewest_empty_unknown: int

    @property
    def span(self) -> int:
        """The number of years from the first to the last dated meeting, both included."""
        return 0 if self.first_year is None else self.last_year - self.first_year + 1

    @property
    def years_without_forum(self) -> tuple[int, ...]:
        """The years of the span without a recorded meeting (unknown and empty), in order."""
        return tuple(sorted(self.unknown_years + self.empty_years))


def forum_calendar(meetings: pd.DataFrame) -> ForumCalendar:
    """Return the forum's record in numbers, from :func:`forum_years` and :func:`missing_forums`.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`, or some of its rows (at least one).

    Returns
    -------
    ForumCalendar

    Raises
    ------
    ValueError
        When ``meetings`` has no row at all.
    """
    if meetings.empty:
        raise ValueError("forum_calendar needs at least one row of forum_meetings")
    years = forum_years(meetings)

    def _status(name: str) -> tuple[int, ...]:
        return tuple(int(y) for y in years.loc[years["status"] == name, "year"])

    gaps = [(numbers, empty) for numbers, empty in _gaps(_dated(meetings)) if numbers]
    doubles = years.loc[years["forums"].str.contains(",", regex=False), "year"]
    return ForumCalendar(
        highest_number=int(meetings["forum_no"].max()),
        held=tuple(int(n) for n in held_forums(meetings)["forum_no"]),
        missing=tuple(int(n) for n in missing_forums(meetings)["forum_no"]),
        first_year=int(years["year"].min()) if len(years) else None,
        last_year=int(years["year"].max()) if len(years) else None,
        held_years=_status("held"),
        unknown_years=_status("unknown"),
        empty_years=_status("none"),
        double_years=tuple(int(y) for y in doubles),
        undated_between=tuple(n for numbers, _ in gaps for n in numbers),
        fewest_empty_unknown=sum(max(len(empty) - len(numbers), 0) for numbers, empty in gaps),
    )


def years_without_forum(meetings: pd.DataFrame) -> list[int]:
    """Return the years between the first and last dated meeting in which none is recorded.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.

    Returns
    -------
    list of int
        The years of :func:`forum_years` whose status is not ``held`` (``unknown`` and
        ``none``), in order.
    """
    calendar = forum_years(meetings)
    return [int(y) for y in calendar.loc[calendar["status"] != "held", "year"]]


def first_forum_in_central_asia(meetings: pd.DataFrame, level: str | None = None) -> pd.Series:
    """Return the first found meeting hosted by one of the five (optionally at one ``level``).

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.
    level
        ``"minister"`` or ``"vice-minister"`` to restrict the search; ``None`` for any level.

    Returns
    -------
    Series
        The meeting's row of :func:`meeting_timeline`.

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

    Meetings whose level is unknown break the run, since they cannot be counted as either.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.
    level
        ``"minister"`` or ``"vice-minister"``.

    Returns
    -------
    Series or None
        The first meeting of the run (a row of :func:`meeting_timeline`); ``None`` when the
        latest meeting was not at that level.
    """
    timeline = meeting_timeline(meetings)
    if timeline.empty or timeline["level"].iloc[-1] != level:
        return None
    other = timeline.index[timeline["level"] != level]
    start = 0 if len(other) == 0 else int(other.max()) + 1
    return timeline.iloc[start]


def meetings_mentioning(meetings: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """Return the meetings whose theme or notes match ``pattern``.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.
    pattern
        A regular expression, matched case-insensitively.

    Returns
    -------
    DataFrame
        ``forum_no, year, field, text``: one row per matching field (``theme`` before
        ``notes``), the text as recorded, in forum-number order.
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
