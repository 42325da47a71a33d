"""Claims about the Korea-Central Asia Cooperation Forum and its Secretariat (C07-C12)."""

from __future__ import annotations

import re

import pandas as pd

from kca_analysis.analysis import forums

from .evidence import (
    Data,
    Verdict,
    absence,
    dropped_note,
    mark,
    rows_at,
    source_ref,
    verdict_by_share,
    verdict_by_tested_parts,
)

#: "annual": at most this share of the years may lack a forum for "partly supported".
FORUM_GAP_SHARE = 0.25


def _year(meeting: pd.Series | None) -> int | None:
    """The year of a held meeting; ``None`` when the meeting or its year is not in the data."""
    if meeting is None or pd.isna(meeting["year"]):
        return None
    return int(meeting["year"])


def _year_text(year: object) -> str:
    return "year unknown" if year is None or pd.isna(year) else str(int(year))


def _listed(years: tuple[int, ...]) -> str:
    return ", ".join(map(str, years)) or "none"


def _below(data: Data, frame: pd.DataFrame, forum_no: int) -> bool:
    """Whether forum ``forum_no`` is a held meeting of the data but not of ``frame`` (the rows
    at the confidence level)."""
    full = data["forum_meetings"]
    return (
        forums.held_forum(full, forum_no) is not None and forums.held_forum(frame, forum_no) is None
    )


def _forum(
    data: Data, min_confidence: str, number: int
) -> tuple[pd.DataFrame, pd.Series | None, int, tuple[str, ...]]:
    """The forum rows at the level, forum ``number``'s held meeting among them (``None`` when
    not there), how many of its rows the level leaves out, and its source entry."""
    meetings, _ = rows_at(data, "forum_meetings", min_confidence)
    _, dropped = rows_at(data, "forum_meetings", min_confidence, lambda f: f["forum_no"] == number)
    used = meetings[meetings["forum_no"] == number]
    sources = (source_ref("forum_meetings", f"forum_no={number}", used),)
    return meetings, forums.held_forum(meetings, number), dropped, sources


def _numbers_text(calendar: forums.ForumCalendar, data: Data, min_confidence: str) -> str:
    """The forum numbers recorded at the level, and why the others are not: not found in any
    source, or below the level."""
    unfound = set(forums.missing_forums(data["forum_meetings"])["forum_no"])
    below = [n for n in calendar.missing if n not in unfound]
    text = f"Forums found: {len(calendar.held)} of numbers 1-{calendar.highest_number}"
    if below:
        text += (
            f" at min_confidence={min_confidence} (below it: {', '.join(map(str, below))}; "
            f"not found in any source: {', '.join(map(str, sorted(unfound))) or 'none'})"
        )
    return text


def _years_text(calendar: forums.ForumCalendar, level: str) -> str:
    """The years of the span: recorded, unknown and without a forum, as 02_forums counts them."""
    unknown, empty = calendar.unknown_years, calendar.empty_years
    text = (
        f"Years {calendar.first_year}-{calendar.last_year} ({calendar.span} years): a numbered "
        f"forum found in {len(calendar.held_years)}; {len(unknown)} year(s) unknown "
        f"({_listed(unknown)}): the numbers without a dated record{level} "
        f"({_listed(calendar.undated_between)}) fall between the dated forums around them, in "
        f"which year the data do not say; {len(empty)} year(s) without any numbered forum "
        f"({_listed(empty)})"
    )
    if calendar.double_years:
        text += f"; two forums in {_listed(calendar.double_years)}"
    at_least = calendar.fewest_empty_unknown
    return text + (
        f". Annual: recorded in {len(calendar.held_years)} of {calendar.span} years, not "
        f"annual in {len(empty)}, unknown in {len(unknown)}"
        + (
            f" (at least {at_least} of them without a forum: more years than numbers)"
            if at_least
            else ""
        )
        + "."
    )


def check_forum_annual(data: Data, min_confidence: str) -> Verdict:
    """C07: an annual forum, initiated in 2007.

    A year whose forum number was not found is unknown, not a forum year: "annual" holds
    where the record shows a forum every year, fails where a year can have had none, and is
    not testable for the unknown years.

    Parameters
    ----------
    data
        The datasets (:data:`~kca_analysis.claims.evidence.DATASETS`); reads ``forum_meetings``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
        From :func:`kca_analysis.analysis.forums.forum_calendar`, as 02_forums counts the years.
    """
    frame, dropped = rows_at(data, "forum_meetings", min_confidence)
    sources = (source_ref("forum_meetings", "all rows", frame),)
    calendar = forums.forum_calendar(frame) if len(frame) else None
    if calendar is None or calendar.first_year is None:
        return Verdict(
            "not testable",
            f"No dated forum meeting {absence(dropped > 0, min_confidence)}; the dated list "
            "of forum meetings would settle it.",
            sources,
        )
    first_year = _year(forums.held_forum(frame, 1))
    started_2007 = None if first_year is None else first_year == 2007
    without = len(calendar.empty_years) + calendar.fewest_empty_unknown
    if started_2007 is False or without / calendar.span > FORUM_GAP_SHARE:
        verdict = "contradicted"
    elif without or calendar.double_years:
        verdict = "partly supported"
    elif calendar.unknown_years or started_2007 is None:
        verdict = "supported for some, not testable for others"
    else:
        verdict = "supported"
    first = (
        f"{first_year} (2007: {mark(started_2007)})"
        if first_year is not None
        else absence(_below(data, frame, 1), min_confidence)
    )
    level = f" at min_confidence={min_confidence}" if dropped else ""
    evidence = (
        f"{_numbers_text(calendar, data, min_confidence)}; first forum {first}. "
        f"{_years_text(calendar, level)}"
        + (
            " The dates of the forums without a dated record would settle the unknown years."
            if calendar.unknown_years
            else ""
        )
        + f"{dropped_note(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    facts = {
        "years_first_to_last_forum": calendar.span,
        "years_with_a_recorded_forum": len(calendar.held_years),
        "years_unknown": len(calendar.unknown_years),
        "years_without_a_forum": len(calendar.empty_years),
        "unknown_years_without_a_forum_at_least": calendar.fewest_empty_unknown,
    }
    return Verdict(verdict, evidence, sources, facts)


def _secretariat_plans(mentions: pd.DataFrame) -> str:
    """The clauses of the forum records that mention the secretariat, forum by forum."""
    clauses: dict[tuple[int, str], list[str]] = {}
    for row in mentions.itertuples(index=False):
        parts = [p.strip() for p in re.split(r"[;,]", row.text) if "secretariat" in p.lower()]
        clauses.setdefault((row.forum_no, _year_text(row.year)), []).extend(parts)
    return "; ".join(
        f"forum {number} ({year}): " + "; ".join(parts) for (number, year), parts in clauses.items()
    )


def check_secretariat_2017(data: Data, min_confidence: str) -> Verdict:
    """C08: the forum secretariat established in 2017.

    Parameters
    ----------
    data
        The datasets; reads ``diplomatic_events`` and ``forum_meetings``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
        The forum records are those of :func:`kca_analysis.analysis.forums.meetings_mentioning`,
        as 02_forums shows them.
    """
    rows, dropped = rows_at(
        data, "diplomatic_events", min_confidence, lambda f: f["event_type"] == "secretariat"
    )
    meetings, _ = rows_at(data, "forum_meetings", min_confidence)
    mentions = forums.meetings_mentioning(meetings, "secretariat")
    plans = meetings[meetings["forum_no"].isin(mentions["forum_no"])]
    plan_text = _secretariat_plans(mentions)
    sources = [source_ref("diplomatic_events", "event_type=secretariat", rows)]
    if not plans.empty:
        sources.append(source_ref("forum_meetings", "rows mentioning the secretariat", plans))
    plan_note = f" Forum records: {plan_text}." if plan_text else ""
    years = sorted({int(y) for y in rows["year"].dropna()})
    if not years:
        return Verdict(
            "not testable",
            f"The secretariat's founding record is {absence(dropped > 0, min_confidence)}"
            f"{dropped_note(dropped, min_confidence)}; the secretariat's or the Korea Foundation's "
            f"founding record would settle it.{plan_note} Data: diplomatic_events.csv.",
            tuple(sources),
        )
    verdict = (
        "supported"
        if years == [2017]
        else ("partly supported" if 2017 in years else "contradicted")
    )
    dated = "; ".join(f"{r['date']} ({r['detail'].split(';')[0]})" for _, r in rows.iterrows())
    differ = (
        " Plan and founding differ: the 2015 forum had planned a 2016 launch."
        if "2016" in plan_text
        else ""
    )
    evidence = (
        f"Founding of the secretariat in the data: {dated}.{plan_note}{differ}"
        f"{dropped_note(dropped, min_confidence)} Data: diplomatic_events.csv, forum_meetings.csv."
    )
    facts = {
        "founding_years": ", ".join(map(str, years)),
        "forums_mentioning": int(mentions["forum_no"].nunique()),
    }
    return Verdict(verdict, evidence, tuple(sources), facts)


def _settle(forum_15: bool, forum_1: bool, relations: bool) -> str:
    """What would settle the parts of C09 the data leave untested (empty when none)."""
    records = [
        name
        for name, lacking in (
            ("forum 15", forum_15),
            ("forum 1", forum_1),
            ("the relations' establishment", relations),
        )
        if lacking
    ]
    if not records:
        return ""
    return f" A dated record of {' and '.join(records)} would settle the rest."


def check_forum_15(data: Data, min_confidence: str) -> Verdict:
    """C09: the 15th forum in Busan in 2022; 30th anniversary of relations, 15th of the forum.

    Parameters
    ----------
    data
        The datasets; reads ``forum_meetings`` and ``diplomatic_events``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
    """
    meetings, _ = rows_at(data, "forum_meetings", min_confidence)
    _, dropped = rows_at(
        data, "forum_meetings", min_confidence, lambda f: f["forum_no"].isin([1, 15])
    )
    events, _ = rows_at(data, "diplomatic_events", min_confidence)
    row = forums.held_forum(meetings, 15)
    year = _year(row)
    first_year = _year(forums.held_forum(meetings, 1))
    rel = events[events["event_type"] == "diplomatic_relations"]
    in_busan = None if row is None else str(row["host_city"]).strip().lower() == "busan"
    in_2022 = None if year is None else year == 2022
    ref_year = year if year is not None else 2022
    rel_years = sorted({int(y) for y in rel["year"].dropna()})
    thirtieth = None if not rel_years else all(ref_year - y == 30 for y in rel_years)
    fifteenth = None if first_year is None else ref_year - first_year == 15
    verdict = verdict_by_tested_parts([in_busan, in_2022, thirtieth, fifteenth])
    absent_15 = absence(_below(data, meetings, 15), min_confidence)
    absent_1 = absence(_below(data, meetings, 1), min_confidence)
    late = ""
    if first_year is not None and year is not None and year != first_year + 14:
        calendar = forums.forum_calendar(meetings)
        gap_years = [y for y in calendar.empty_years if y <= ref_year]
        if gap_years:
            late = (
                f" (meeting every year from {first_year}, forum 15 would have met in "
                f"{first_year + 14}; no numbered forum in {', '.join(map(str, gap_years))})"
            )
    where = f"forum 15: {row['host_city']}, {row['date']}" if row is not None else "forum 15 "
    where += "" if row is not None else absent_15
    as_stated = "" if year is not None else " (the year the paper states)"
    evidence = (
        f"{where} (Busan: {mark(in_busan, absent_15)}; 2022: {mark(in_2022, absent_15)}). "
        f"Relations established in {', '.join(map(str, rel_years)) or 'no year in the data'}: "
        f"{ref_year}{as_stated} is the 30th anniversary: {mark(thirtieth)}. "
        + (
            f"Forum 1 held in {first_year}: {ref_year} is the 15th anniversary: "
            f"{mark(fifteenth)}{late}"
            if first_year is not None
            else f"Forum 1 {absent_1}: whether {ref_year} is the 15th anniversary is not testable"
        )
        + f".{_settle(row is None, first_year is None, not rel_years)}"
        + f"{dropped_note(dropped, min_confidence)} "
        "Data: forum_meetings.csv, diplomatic_events.csv."
    )
    sources = [
        source_ref(
            "forum_meetings", "forum_no=1, 15", meetings[meetings["forum_no"].isin([1, 15])]
        ),
        source_ref("diplomatic_events", "event_type=diplomatic_relations", rel),
    ]
    facts = {
        "forum_15_city": None if row is None else str(row["host_city"]),
        "forum_15_year": year,
        "relations_years": ", ".join(map(str, rel_years)) or None,
        "forum_1_year": first_year,
    }
    return Verdict(verdict, evidence, tuple(sources), facts)


def check_forum_15_level(data: Data, min_confidence: str) -> Verdict:
    """C10: foreign ministers at the 15th forum.

    Parameters
    ----------
    data
        The datasets; reads ``forum_meetings``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
    """
    meetings, row, dropped, sources = _forum(data, min_confidence, 15)
    if row is None or not isinstance(row["level"], str):
        return Verdict(
            "not testable",
            f"The level of forum 15 is {absence(dropped > 0, min_confidence)}"
            f"{dropped_note(dropped, min_confidence)}; the list of heads of delegation would "
            "settle it. Data: forum_meetings.csv.",
            sources,
        )
    verdict = "supported" if row["level"] == "minister" else "contradicted"
    ministerial = forums.forums_at_level(meetings, "minister")["forum_no"]
    evidence = (
        f"Forum 15 ({_year_text(row['year'])}): level '{row['level']}' (as reported: "
        f"'{row['level_as_reported']}'). Forums at minister level in the data: "
        f"{', '.join(str(int(n)) for n in ministerial)}.{dropped_note(dropped, min_confidence)} "
        "Data: forum_meetings.csv."
    )
    facts = {"forum_15_level": row["level"], "forums_at_minister_level": len(ministerial)}
    return Verdict(verdict, evidence, sources, facts)


def _normalise_text(text: str) -> str:
    text = str(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


PAPER_THEME_16 = (
    "pursuing cooperation through the realization of youth's potentials for a sustainable "
    "future of Korea and Central Asia"
)


def check_forum_16(data: Data, min_confidence: str) -> Verdict:
    """C11: the 16th forum in Turkmenistan in 2023 and its theme.

    Parameters
    ----------
    data
        The datasets; reads ``forum_meetings``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
    """
    _, row, dropped, sources = _forum(data, min_confidence, 16)
    if row is None:
        return Verdict(
            "not testable",
            f"Forum 16 is {absence(dropped > 0, min_confidence)}"
            f"{dropped_note(dropped, min_confidence)}; a report of the meeting would settle it. "
            "Data: forum_meetings.csv.",
            sources,
        )
    in_tkm = str(row["host_country"]) == "Turkmenistan"
    year = _year(row)
    in_2023 = None if year is None else year == 2023
    theme = row["theme"] if isinstance(row["theme"], str) else ""
    same_theme = None if not theme else _normalise_text(PAPER_THEME_16) in _normalise_text(theme)
    verdict = verdict_by_tested_parts([in_tkm, in_2023, same_theme])
    evidence = (
        f"Forum 16: {row['host_city']}, {row['host_country']}, {row['date']} (Turkmenistan: "
        f"{mark(in_tkm)}; 2023: {mark(in_2023)}); the recorded theme contains the paper's "
        f"theme word for word (ignoring case and punctuation): {mark(same_theme)}."
        f"{dropped_note(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    facts = {
        "forum_16_country": str(row["host_country"]),
        "forum_16_year": year,
        "theme_matches": same_theme,
    }
    return Verdict(verdict, evidence, sources, facts)


#: The areas the paper lists for forum 16 and the words that identify each in a record.
FORUM_16_AREAS: dict[str, tuple[str, ...]] = {
    "transportation and logistics": ("transport", "logistic"),
    "public healthcare": ("health",),
    "climate change": ("climate",),
    "ICT": ("ict",),
    "education and science": ("education", "science"),
    "tourism": ("tourism",),
}


def check_forum_16_areas(data: Data, min_confidence: str) -> Verdict:
    """C12: the six areas of cooperation identified at the 16th forum.

    Parameters
    ----------
    data
        The datasets; reads ``forum_meetings``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
    """
    _, row, dropped, sources = _forum(data, min_confidence, 16)
    theme = row["theme"] if row is not None and isinstance(row["theme"], str) else ""
    if not theme:
        return Verdict(
            "not testable",
            f"The topics of forum 16 are {absence(dropped > 0, min_confidence)}"
            f"{dropped_note(dropped, min_confidence)}; the forum's joint statement would settle "
            "it. Data: forum_meetings.csv.",
            sources,
        )
    words = set(re.findall(r"[a-z]+", theme.lower()))
    found = {
        area: all(any(w.startswith(k) for w in words) for k in keys)
        for area, keys in FORUM_16_AREAS.items()
    }
    hits = [a for a, ok in found.items() if ok]
    missed = [a for a, ok in found.items() if not ok]
    verdict = verdict_by_share(len(hits), len(found))
    evidence = (
        f"Of the {len(found)} areas the paper lists, {len(hits)} appear in the record of "
        f"forum 16 ('{theme.split(';', 1)[-1].strip()}')"
        + (f"; missing: {', '.join(missed)}" if missed else "")
        + f".{dropped_note(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    return Verdict(
        verdict, evidence, sources, {"areas_listed": len(found), "areas_found": len(hits)}
    )
