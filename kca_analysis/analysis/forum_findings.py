"""What 02_forums finds, as fact records: small frozen dataclasses that ``text.forums`` words.

Each function reads the frames of :mod:`kca_analysis.data` (or what the functions of
:mod:`~kca_analysis.analysis.forum_meetings` and :mod:`~kca_analysis.analysis.forum_themes`
return) and gives the numbers one paragraph states, so that a sentence never computes.

The notebook's window (``since_year``) narrows the meetings shown, never the record:
:func:`forum_window` says which forums fall before the window (recorded or not) apart from the
numbers no source covers, so that a reader is never told "not found" for what the window left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .forum_meetings import (
    first_forum_in_central_asia,
    forums_at_level,
    latest_years,
    level_since,
    meeting_timeline,
    missing_forums,
)
from .forum_themes import UNCLASSIFIED

__all__ = [
    "CentralAsiaFirsts",
    "ClassificationFacts",
    "ForumAgreement",
    "ForumWindow",
    "MeetingFacts",
    "MeetingRecord",
    "SecretariatFacts",
    "ThemeEmergenceFacts",
    "central_asia_firsts",
    "classification_facts",
    "emergence_facts",
    "forum_window",
    "meeting_facts",
    "paper_agreement",
    "secretariat_facts",
]


# --------------------------------------------------------------------------------------------
# The window of years


@dataclass(frozen=True)
class ForumWindow:
    """Which forums a window of years (``since_year`` on) shows, and which it leaves out.

    Forums are numbered in the order they were held, so a number without a year (not found in
    the sources) falls no later than the next dated forum: when that forum is before the window,
    so is the number. The forums left out are always the first ones, 1 to :attr:`before`.

    Attributes
    ----------
    since_year
        The first year of the window.
    highest_number
        The highest forum number listed (the record covers 1 to this number).
    shown
        The numbers of the recorded meetings held in ``since_year`` or later.
    before
        Forums 1 to ``before`` fall before the window (0 when the window leaves none out).
    unfound_before
        The numbers no source covers among 1 to ``before``.
    unfound
        The numbers no source covers that may fall in the window.
    """

    since_year: int
    highest_number: int
    shown: tuple[int, ...]
    before: int
    unfound_before: tuple[int, ...]
    unfound: tuple[int, ...]

    @property
    def narrowed(self) -> bool:
        """Whether the window leaves out any forum of the record."""
        return self.before > 0


def _since(timeline: pd.DataFrame, since_year: int) -> pd.DataFrame:
    """The rows of a meeting timeline held in ``since_year`` or later (an unknown year is not)."""
    return timeline[(timeline["year"].astype("Float64") >= since_year).fillna(False)]


def forum_window(meetings: pd.DataFrame, since_year: int) -> ForumWindow:
    """Say which forums the window ``since_year`` on shows and which fall before it.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`, or some of its rows (at least one).
    since_year
        The first year of the window.

    Returns
    -------
    ForumWindow

    Raises
    ------
    ValueError
        When ``meetings`` has no row.
    """
    if meetings.empty:
        raise ValueError("forum_window needs at least one row of forum_meetings")
    since_year = int(since_year)
    latest = latest_years(meetings)
    before = max((int(n) for n, y in latest.items() if pd.notna(y) and y < since_year), default=0)
    shown = _since(meeting_timeline(meetings), since_year)["forum_no"]
    missing = [int(n) for n in missing_forums(meetings)["forum_no"]]
    return ForumWindow(
        since_year=since_year,
        highest_number=int(meetings["forum_no"].max()),
        shown=tuple(int(n) for n in shown),
        before=int(before),
        unfound_before=tuple(n for n in missing if n <= before),
        unfound=tuple(n for n in missing if n > before),
    )


# --------------------------------------------------------------------------------------------
# The meetings


@dataclass(frozen=True)
class MeetingFacts:
    """Where and at what level the recorded meetings of a window met.

    Attributes
    ----------
    since_year
        The first year of the window.
    highest_number
        The highest forum number listed.
    recorded
        How many meetings the sources record (whatever the window).
    shown
        How many recorded meetings were held in ``since_year`` or later.
    in_korea
        How many of those met in South Korea.
    elsewhere
        How many of those met neither in Korea nor in Central Asia (or where is unknown).
    in_central_asia
        ``(host_city, host_country, forum_no)`` of each meeting of the window held by one of
        the five, in order.
    first_minister
        ``(forum_no, year)`` of the first meeting of foreign ministers (whole record), or None.
    minister_since
        ``(forum_no, year)`` of the meeting from which every recorded one was ministerial, or
        None when the latest was not.
    """

    since_year: int
    highest_number: int
    recorded: int
    shown: int
    in_korea: int
    elsewhere: int
    in_central_asia: tuple[tuple[str, str, int], ...]
    first_minister: tuple[int, int] | None
    minister_since: tuple[int, int] | None


def _number_and_year(row: pd.Series | None) -> tuple[int, int] | None:
    if row is None or pd.isna(row["year"]):
        return None
    return int(row["forum_no"]), int(row["year"])


def meeting_facts(meetings: pd.DataFrame, since_year: int) -> MeetingFacts:
    """Count where and at what level the recorded meetings held in ``since_year`` or later met.

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.
    since_year
        The first year of the window.

    Returns
    -------
    MeetingFacts
    """
    timeline = meeting_timeline(meetings)
    shown = _since(timeline, since_year)
    in_ca = shown[shown["in_central_asia"]]
    in_korea = int((shown["host_iso3"] == "KOR").sum())
    ministers = forums_at_level(meetings, "minister")
    return MeetingFacts(
        since_year=int(since_year),
        highest_number=int(meetings["forum_no"].max()),
        recorded=len(timeline),
        shown=len(shown),
        in_korea=in_korea,
        elsewhere=len(shown) - in_korea - len(in_ca),
        in_central_asia=tuple(
            (r.host_city, r.host_country, int(r.forum_no)) for r in in_ca.itertuples()
        ),
        first_minister=_number_and_year(ministers.iloc[0] if len(ministers) else None),
        minister_since=_number_and_year(level_since(meetings, "minister")),
    )


@dataclass(frozen=True)
class MeetingRecord:
    """One recorded meeting as a sentence names it."""

    forum_no: int
    year: int | None
    date: str
    host_city: str
    host_country: str
    level: str
    notes: str


@dataclass(frozen=True)
class CentralAsiaFirsts:
    """The first recorded meetings hosted in Central Asia, at any level and at minister level.

    Either is None when no such meeting is in the record.
    """

    any_level: MeetingRecord | None
    ministerial: MeetingRecord | None


def _record(meetings: pd.DataFrame, level: str | None) -> MeetingRecord | None:
    try:
        row = first_forum_in_central_asia(meetings, level=level)
    except LookupError:
        return None
    notes = meetings.set_index("forum_no")["notes"].get(row["forum_no"])
    return MeetingRecord(
        forum_no=int(row["forum_no"]),
        year=None if pd.isna(row["year"]) else int(row["year"]),
        date=str(row["date"]),
        host_city=str(row["host_city"]),
        host_country=str(row["host_country"]),
        level=str(row["level"]),
        notes="" if not isinstance(notes, str) else notes,
    )


def central_asia_firsts(meetings: pd.DataFrame) -> CentralAsiaFirsts:
    """Return the first recorded meetings hosted by one of the five (whole record).

    Parameters
    ----------
    meetings
        :func:`~kca_analysis.data.load_forum_meetings`.

    Returns
    -------
    CentralAsiaFirsts
    """
    return CentralAsiaFirsts(_record(meetings, None), _record(meetings, "minister"))


@dataclass(frozen=True)
class SecretariatFacts:
    """The secretariat's date in the paper and in the diplomatic record, and its mentions.

    Attributes
    ----------
    paper_event, paper_year
        The paper's event and year.
    record_detail, record_date, record_year, record_confidence
        The diplomatic record of its founding.
    mentions
        ``(forum_no, year)`` of each recorded meeting whose texts mention it, in order.
    """

    paper_event: str
    paper_year: int
    record_detail: str
    record_date: str
    record_year: int
    record_confidence: str
    mentions: tuple[tuple[int, int | None], ...]


def secretariat_facts(
    paper_event: pd.Series, record: pd.Series, mentions: pd.DataFrame
) -> SecretariatFacts:
    """Set the paper's date of the secretariat beside the diplomatic record and the meetings.

    Parameters
    ----------
    paper_event
        The paper's row of :func:`~kca_analysis.data.load_events` (``event``, ``year``).
    record
        The secretariat's row of :func:`~kca_analysis.data.load_diplomatic_events`.
    mentions
        :func:`~kca_analysis.analysis.forum_meetings.meetings_mentioning` (one row per field).

    Returns
    -------
    SecretariatFacts
    """
    meetings = mentions.drop_duplicates("forum_no")
    return SecretariatFacts(
        paper_event=str(paper_event["event"]),
        paper_year=int(paper_event["year"]),
        record_detail=str(record["detail"]),
        record_date=str(record["date"]),
        record_year=int(record["year"]),
        record_confidence=str(record["confidence"]),
        mentions=tuple(
            (int(r.forum_no), None if pd.isna(r.year) else int(r.year))
            for r in meetings.itertuples()
        ),
    )


# --------------------------------------------------------------------------------------------
# The themes


@dataclass(frozen=True)
class ClassificationFacts:
    """How many text items the taxonomy classifies, in the meetings of a window and the paper.

    Attributes
    ----------
    since_year
        The first year of the window.
    items, unclassified
        The meetings' items, and those matching no theme.
    paper_topics
        The paper's listed topics.
    paper_unclassified
        The paper's topics matching no theme, as printed.
    """

    since_year: int
    items: int
    unclassified: int
    paper_topics: int
    paper_unclassified: tuple[str, ...]


def classification_facts(
    classified: pd.DataFrame, paper_classified: pd.DataFrame, since_year: int
) -> ClassificationFacts:
    """Count the classified and unclassified items of the meetings of a window and the paper.

    Parameters
    ----------
    classified
        :func:`~kca_analysis.analysis.forum_themes.classify_meetings`, the window's rows.
    paper_classified
        :func:`~kca_analysis.analysis.forum_themes.classify_paper_topics`.
    since_year
        The first year of the window.

    Returns
    -------
    ClassificationFacts
    """
    items = classified.drop_duplicates(["forum_no", "item_no"])
    paper_unclassified = paper_classified[paper_classified["theme"] == UNCLASSIFIED]
    return ClassificationFacts(
        since_year=int(since_year),
        items=len(items),
        unclassified=int((classified["theme"] == UNCLASSIFIED).sum()),
        paper_topics=len(paper_classified.drop_duplicates(["list_id", "position"])),
        paper_unclassified=tuple(str(t) for t in paper_unclassified["topic"]),
    )


@dataclass(frozen=True)
class ThemeEmergenceFacts:
    """Which themes stay, emerge and fade around a split year (see ``theme_emergence``).

    Attributes
    ----------
    split_year
        The first year of the later stretch.
    meetings_before, meetings_from
        The meetings with a theme text in each stretch.
    stays, grew
        The themes named in both stretches, and those of them named more often later.
    emerges
        ``(theme, first_forum, first_year)`` of each theme first named from ``split_year`` on.
    fades
        The themes named only before ``split_year``.
    named
        The themes named when one stretch has no meeting (nothing to compare with).
    never
        The themes no meeting names.
    """

    split_year: int
    meetings_before: int
    meetings_from: int
    stays: tuple[str, ...]
    grew: tuple[str, ...]
    emerges: tuple[tuple[str, int, int], ...]
    fades: tuple[str, ...]
    named: tuple[str, ...]
    never: tuple[str, ...]

    @property
    def comparable(self) -> bool:
        """Whether both stretches have a meeting, so that stays and emerges can be told apart."""
        return self.meetings_before > 0 and self.meetings_from > 0


def emergence_facts(emergence: pd.DataFrame, split_year: int) -> ThemeEmergenceFacts:
    """Group the themes of :func:`~kca_analysis.analysis.forum_themes.theme_emergence` by pattern.

    Parameters
    ----------
    emergence
        :func:`~kca_analysis.analysis.forum_themes.theme_emergence`.
    split_year
        The split year it was computed with.

    Returns
    -------
    ThemeEmergenceFacts
    """

    def themes(pattern: str) -> tuple[str, ...]:
        return tuple(emergence.loc[emergence["pattern"] == pattern, "theme"])

    stays = emergence[emergence["pattern"] == "stays"]
    grew = stays[stays["share_from_pct"] > stays["share_before_pct"]]
    emerges = emergence[emergence["pattern"] == "emerges"]
    return ThemeEmergenceFacts(
        split_year=int(split_year),
        meetings_before=int(emergence.attrs["meetings_before"]),
        meetings_from=int(emergence.attrs["meetings_from"]),
        stays=themes("stays"),
        grew=tuple(grew["theme"]),
        emerges=tuple(
            (r.theme, int(r.first_forum), int(r.first_year)) for r in emerges.itertuples()
        ),
        fades=themes("fades"),
        named=themes("named"),
        never=themes("never named"),
    )


@dataclass(frozen=True)
class ForumAgreement:
    """For one forum: the themes the paper and the meeting sources both name, or only one names."""

    forum_no: int
    both: tuple[str, ...]
    paper_only: tuple[str, ...]
    meetings_only: tuple[str, ...]


def paper_agreement(comparison: pd.DataFrame) -> tuple[ForumAgreement, ...]:
    """Group :func:`~kca_analysis.analysis.forum_themes.paper_vs_meetings` by forum.

    Parameters
    ----------
    comparison
        :func:`~kca_analysis.analysis.forum_themes.paper_vs_meetings` (or some of its rows).

    Returns
    -------
    tuple of ForumAgreement
        One per forum, in forum order.
    """

    def themes(group: pd.DataFrame, agreement: str) -> tuple[str, ...]:
        return tuple(group.loc[group["agreement"] == agreement, "theme"])

    return tuple(
        ForumAgreement(
            forum_no=int(forum_no),
            both=themes(group, "both"),
            paper_only=themes(group, "paper only"),
            meetings_only=themes(group, "meeting sources only"),
        )
        for forum_no, group in comparison.groupby("forum_no", sort=True)
    )
