"""02_forums in sentences: the fact records of :mod:`kca_analysis.analysis.forums` as Markdown.

Each function takes the records the analysis returns and gives one paragraph; none computes.
When the notebook's window (``since_year``) leaves forums out, the sentences say so, and say
"not found" only of the numbers no source covers, never of what the window left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kca_analysis.analysis.forums import (
    CentralAsiaFirsts,
    ClassificationFacts,
    ForumAgreement,
    ForumCalendar,
    ForumWindow,
    MeetingFacts,
    SecretariatFacts,
    ThemeEmergenceFacts,
)
from kca_analysis.vocab import THEMES

__all__ = [
    "central_asia_firsts",
    "classification",
    "emergence",
    "gaps",
    "meetings",
    "paper_agreement",
    "secretariat",
    "secretariat_finding",
    "settings",
    "window_left_out",
]


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _names(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def window_left_out(window: ForumWindow) -> str:
    """Say which forums fall before the window, or nothing when it leaves none out.

    Parameters
    ----------
    window
        :func:`~kca_analysis.analysis.forums.forum_window`.

    Returns
    -------
    str
        ``"Forums 1-11 fall before 2019 and are not shown (no. 2, 4, 5 among them were not
        found in the sources read)."``, or ``""``.
    """
    if not window.narrowed:
        return ""
    if window.before == 1:
        text = f"Forum 1 falls before {window.since_year} and is not shown"
    else:
        text = f"Forums 1-{window.before} fall before {window.since_year} and are not shown"
    if window.unfound_before:
        text += (
            f" (no. {_numbers(window.unfound_before)} among them "
            f"{'was' if len(window.unfound_before) == 1 else 'were'} not found in the sources read)"
        )
    return text + "."


def settings(window: ForumWindow, themes: Sequence[str]) -> str:
    """State the window and the themes shown, and what each leaves out.

    Parameters
    ----------
    window
        :func:`~kca_analysis.analysis.forums.forum_window`.
    themes
        The themes shown (:func:`kca_analysis.vocab.check_themes` of the parameter).

    Returns
    -------
    str
    """
    parts = [f"Meetings shown: held in {window.since_year} or later.", window_left_out(window)]
    others = len(THEMES) - len(themes)
    if not others:
        parts.append(f"Themes shown: all {len(THEMES)} themes of the taxonomy.")
    else:
        parts.append(f"Themes shown: {', '.join(themes)}.")
        parts.append(f"The other {others} of the taxonomy's {len(THEMES)} themes are not shown.")
    return " ".join(p for p in parts if p)


def meetings(facts: MeetingFacts) -> str:
    """Say how many meetings are recorded, where those of the window met, and at what level.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.forums.meeting_facts`.

    Returns
    -------
    str
    """
    text = (
        f"The data file lists forums no. 1 to {facts.highest_number}; the sources read record "
        f"**{facts.recorded}** of them. "
    )
    hosts = ", ".join(f"{c} ({country}, no. {n})" for c, country, n in facts.in_central_asia)
    if not facts.shown:
        text += f"None of the recorded meetings was held in {facts.since_year} or later."
    elif facts.shown == 1:
        where = f"in Central Asia: {hosts}." if hosts else "in Korea."
        if facts.elsewhere:
            where = "neither in Korea nor in Central Asia, or where the sources do not say."
        text += f"The one recorded meeting held in {facts.since_year} or later met {where}"
    else:
        text += (
            f"Of the {facts.shown} recorded meetings held in {facts.since_year} or later, "
            f"{facts.in_korea} met in Korea and {len(facts.in_central_asia)} in Central Asia"
            + (f": {hosts}." if hosts else ".")
        )
        if facts.elsewhere:
            text += f" {facts.elsewhere} met elsewhere or where the sources do not say."
    if facts.first_minister is not None:
        number, year = facts.first_minister
        text += f" The first meeting of foreign ministers was no. {number} ({year})"
        if facts.minister_since is not None:
            number, year = facts.minister_since
            text += f"; every recorded meeting from no. {number} ({year}) on was ministerial"
        text += "."
    return text


def gaps(calendar: ForumCalendar, window: ForumWindow) -> str:
    """Say which forum numbers no source covers and which years have no recorded meeting.

    Parameters
    ----------
    calendar
        :func:`~kca_analysis.analysis.forums.forum_calendar` (the whole record).
    window
        :func:`~kca_analysis.analysis.forums.forum_window`: when it leaves forums out, the
        paragraph says which unfound numbers fall before it.

    Returns
    -------
    str
    """
    if calendar.missing:
        text = f"**Not found in the sources read: forum no. {_numbers(calendar.missing)}.** "
    else:
        text = "**Every listed forum number is found in the sources read.** "
    if calendar.first_year is None:
        return text + "No recorded meeting has a year."
    text += (
        f"Between {calendar.first_year} and {calendar.last_year} ({calendar.span} years), "
        f"{len(calendar.held_years)} years have a recorded meeting"
    )
    if not calendar.years_without_forum:
        text += "; every year has one. "
    else:
        text += f"; no meeting is recorded for {_numbers(calendar.years_without_forum)}. "
    if calendar.unknown_years:
        text += (
            f"Of these, {_numbers(calendar.unknown_years)} "
            f"{'is' if len(calendar.unknown_years) == 1 else 'are'} *unknown*: forum no. "
            f"{_numbers(calendar.undated_between)} fall between the dated forums around them, "
            "but the data do not say in which year"
            + (
                f" (at least {calendar.fewest_empty_unknown} of those years had no forum: they "
                "outnumber the forums)"
                if calendar.fewest_empty_unknown
                else ""
            )
            + ". "
        )
    if calendar.empty_years:
        text += (
            f"In {_numbers(calendar.empty_years)} no numbered forum met: no number lies between "
            "the dated forums around "
            f"{'it' if len(calendar.empty_years) == 1 else 'them'}. "
        )
    if calendar.years_without_forum:
        unknown, at_least = len(calendar.unknown_years), calendar.fewest_empty_unknown
        text += (
            "So the paper's description of the forum as *annual* holds for "
            f"{len(calendar.held_years)} of the {calendar.span} years, fails for "
            f"{len(calendar.empty_years)} "
            + (
                f"and for at least {at_least} of the {unknown} unknown years, and cannot be "
                "checked for the rest."
                if at_least
                else f"and cannot be checked for {unknown}."
            )
        )
    if window.unfound_before:
        verb = "falls" if len(window.unfound_before) == 1 else "fall"
        text += (
            f" No. {_numbers(window.unfound_before)} {verb} before {window.since_year}, "
            "outside the window shown"
            + (f"; no. {_numbers(window.unfound)} may fall within it." if window.unfound else ".")
        )
    return text.strip()


def _whole_record(window: ForumWindow) -> str:
    if not window.narrowed:
        return ""
    return (
        f" This reads every recorded meeting, not only those held in {window.since_year} or later."
    )


def central_asia_firsts(firsts: CentralAsiaFirsts, window: ForumWindow) -> str:
    """Say which recorded forum was first hosted in Central Asia, at any and at minister level.

    Parameters
    ----------
    firsts
        :func:`~kca_analysis.analysis.forums.central_asia_firsts`.
    window
        :func:`~kca_analysis.analysis.forums.forum_window` (the firsts read the whole record).

    Returns
    -------
    str
    """
    any_level, ministerial = firsts.any_level, firsts.ministerial
    if any_level is None:
        return "No recorded forum was hosted in Central Asia." + _whole_record(window)
    lines = [
        f"- Any level: the first recorded forum hosted in Central Asia is **no. "
        f"{any_level.forum_no}**, {any_level.host_city} ({any_level.host_country}), "
        f'{any_level.date}, at {any_level.level} level. Its record notes: "{any_level.notes}".'
    ]
    if ministerial is None:
        lines.append("- Ministerial level: no recorded ministerial forum was hosted there.")
        return "\n".join(lines) + "\n\n" + _whole_record(window).strip()
    lines.append(
        f"- Ministerial level: the first is **no. {ministerial.forum_no}**, "
        f"{ministerial.host_city} ({ministerial.host_country}), {ministerial.date}. Its record "
        f'notes: "{ministerial.notes}".'
    )
    text = "\n".join(lines) + "\n\n"
    if ministerial.forum_no == any_level.forum_no:
        text += "The first forum hosted in Central Asia was also the first at ministerial level."
    else:
        text += (
            "The compiler of the meeting list records that a press page cited for "
            f"no. {ministerial.forum_no} calls it *the first forum held in Central Asia*. "
            "The records show that holds only for ministerial meetings: "
            f"no. {any_level.forum_no} met in {any_level.host_city} "
            f"{ministerial.year - any_level.year} years earlier, at {any_level.level} level."
        )
    return text + _whole_record(window)


def secretariat(facts: SecretariatFacts) -> str:
    """Introduce the secretariat's dates in the paper and the diplomatic record.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.forums.secretariat_facts`.

    Returns
    -------
    str
        Ends by introducing the table of the meetings that mention it.
    """
    return (
        f'The paper: "{facts.paper_event}" ({facts.paper_year}). The diplomatic record: '
        f"{facts.record_detail} (dated {facts.record_date}, {facts.record_confidence}). "
        "Meeting records that mention the secretariat:"
    )


def secretariat_finding(facts: SecretariatFacts, window: ForumWindow) -> str:
    """State in one sentence whether the paper's date agrees and when the meetings mention it.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.forums.secretariat_facts`.
    window
        :func:`~kca_analysis.analysis.forums.forum_window` (the mentions read the whole record).

    Returns
    -------
    str
    """
    agree = "agrees with" if facts.paper_year == facts.record_year else "differs from"
    text = (
        f"The paper's year ({facts.paper_year}) {agree} the diplomatic record ({facts.record_year})"
    )
    if facts.mentions:
        number, year = facts.mentions[0]
        text += (
            f"; the meeting records mention a secretariat at {len(facts.mentions)} meetings, "
            f"the first no. {number} ({year if year is not None else 'year unknown'})."
        )
    else:
        text += "; no meeting record mentions a secretariat."
    return text + _whole_record(window)


def classification(facts: ClassificationFacts) -> str:
    """Say how many items of the meetings' texts and of the paper's lists match no theme.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.forums.classification_facts`.

    Returns
    -------
    str
        Ends by introducing the table of the unclassified meeting items.
    """
    quoted = ", ".join(f'"{t}"' for t in facts.paper_unclassified) or "none"
    return (
        f"The meetings' texts from {facts.since_year} on split into **{facts.items} items**; "
        f"{facts.items - facts.unclassified} match at least one theme and "
        f"**{facts.unclassified} {'matches' if facts.unclassified == 1 else 'match'} none** "
        "(listed below). Of the paper's "
        f"{facts.paper_topics} listed topics, those matching no theme: "
        f"{len(facts.paper_unclassified)} ({quoted}). The unclassified meeting items:"
    )


def emergence(facts: ThemeEmergenceFacts, window: ForumWindow) -> str:
    """List the themes that stay, emerge and fade around the split year.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.forums.emergence_facts`.
    window
        :func:`~kca_analysis.analysis.forums.forum_window`: a window that starts after the
        split year leaves no meeting before it, and the paragraph says so.

    Returns
    -------
    str
    """
    split = facts.split_year
    head = (
        f"Meetings with a theme text: {facts.meetings_before} before {split}, "
        f"{facts.meetings_from} from {split} on.\n\n"
    )
    if not facts.comparable:
        return head + (
            f"With meetings from {window.since_year} on only, one stretch is empty, so no "
            "theme can be said to stay, emerge or fade here (a window starting before "
            f"{split} can). Named in the meetings shown: {_names(facts.named)}. Not named in "
            f"them: {_names(facts.never)}."
        )
    emerges = ", ".join(f"{t} (first no. {n}, {y})" for t, n, y in facts.emerges) or "none"
    text = head + (
        f"- **Stay** (named before and after): {_names(facts.stays)}; of these, named more "
        f"often after {split}: {_names(facts.grew)}.\n"
        f"- **Emerge** (first named from {split} on): {emerges}.\n"
        f"- **Fade** (named only before {split}): {_names(facts.fades)}.\n"
        f"- **Never named** in the meetings' texts: {_names(facts.never)}."
    )
    if window.narrowed:
        text += (
            f"\n\nRead within the window: meetings before {window.since_year} are not counted, "
            "so a theme only they named shows here as emerging, or not at all."
        )
    return text


def paper_agreement(agreements: Sequence[ForumAgreement], window: ForumWindow) -> str:
    """Say, forum by forum, which themes the paper and the meeting sources share.

    Parameters
    ----------
    agreements
        :func:`~kca_analysis.analysis.forums.paper_agreement`.
    window
        :func:`~kca_analysis.analysis.forums.forum_window` (the comparison reads every forum a
        paper list names, whatever the window).

    Returns
    -------
    str
        One bullet per forum; a sentence when no paper list names a forum.
    """
    lines = [
        f"- Forum no. {a.forum_no}: themes in both: {len(a.both)}; only in the paper: "
        f"{len(a.paper_only)} ({_names(a.paper_only)}); only in the meeting sources: "
        f"{len(a.meetings_only)} ({_names(a.meetings_only)})."
        for a in agreements
    ]
    if not lines:
        return "No paper list names a forum with a theme among the themes shown."
    return "\n".join(lines) + ("\n\n" + _whole_record(window).strip() if window.narrowed else "")
