"""Claims about the Korea-Central Asia Cooperation Forum and its Secretariat (C07-C12)."""

from __future__ import annotations

import re

import pandas as pd

from .evidence import (
    Data,
    Verdict,
    dropped_note,
    held_forums,
    mark,
    rows_at,
    source_ref,
    verdict_by_parts,
    verdict_by_share,
)

#: "annual": at most this share of the years may lack a forum for "partly supported".
FORUM_GAP_SHARE = 0.25


def forum_years(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Each year from the first to the last forum found: the forum numbers held, and whether
    a number that is not in the data could fill the year (``status``: ``held``, ``implied``
    (an unfound number fits between its neighbours) or ``none``)."""
    frame, _ = rows_at(data, "forum_meetings", min_confidence)
    held = held_forums(frame)
    if held.empty:
        return pd.DataFrame(columns=["year", "forums", "status"])
    known = [(int(n), int(y)) for n, y in zip(held["forum_no"], held["year"], strict=True)]
    by_year: dict[int, list[int]] = {}
    for number, year in known:
        by_year.setdefault(year, []).append(number)
    implied: set[int] = set()
    for (n_a, y_a), (n_b, y_b) in zip(known, known[1:], strict=False):
        missing_numbers = n_b - n_a - 1
        empty_years = [y for y in range(y_a + 1, y_b) if y not in by_year]
        implied.update(empty_years[:missing_numbers])
    rows = []
    for year in range(known[0][1], max(y for _, y in known) + 1):
        if year in by_year:
            status = "held"
        elif year in implied:
            status = "implied"
        else:
            status = "none"
        rows.append((year, ", ".join(str(n) for n in by_year.get(year, [])), status))
    return pd.DataFrame(rows, columns=["year", "forums", "status"])


def check_forum_annual(data: Data, min_confidence: str) -> Verdict:
    """C07: an annual forum, initiated in 2007."""
    frame, dropped = rows_at(data, "forum_meetings", min_confidence)
    held = held_forums(frame)
    sources = (source_ref("forum_meetings", "all rows", frame),)
    if held.empty:
        return Verdict(
            "not testable",
            f"No forum meeting in the data at min_confidence={min_confidence}; the dated list "
            "of forum meetings would settle it.",
            sources,
        )
    years = forum_years(data, min_confidence)
    numbers = set(held["forum_no"].astype(int))
    top = max(numbers)
    unfound = [n for n in range(1, top + 1) if n not in numbers]
    first = held[held["forum_no"] == 1]
    first_year = int(first["year"].iloc[0]) if not first.empty else None
    started_2007 = None if first_year is None else first_year == 2007
    none_years = years.loc[years["status"] == "none", "year"].tolist()
    implied_years = years.loc[years["status"] == "implied", "year"].tolist()
    doubles = years.loc[years["forums"].str.contains(","), "year"].tolist()
    span = len(years)
    annual = not none_years and not doubles
    gap_share = len(none_years) / span
    if started_2007 is False or gap_share > FORUM_GAP_SHARE:
        verdict = "contradicted"
    elif annual and started_2007:
        verdict = "supported"
    else:
        verdict = "partly supported"
    evidence = (
        f"Forums found: {len(held)} of numbers 1-{top}; first forum "
        f"{first_year if first_year else 'not in the data'} (2007: {mark(started_2007)}). "
        f"Years {years['year'].min()}-{years['year'].max()} ({span} years): a numbered forum "
        f"found in {int((years['status'] == 'held').sum())}; "
        f"{len(implied_years)} year(s) ({', '.join(map(str, implied_years)) or 'none'}) fit the "
        f"unfound numbers {', '.join(map(str, unfound)) or 'none'} (dates unknown); "
        f"{len(none_years)} year(s) without any numbered forum "
        f"({', '.join(map(str, none_years)) or 'none'})"
        + (f"; two forums in {', '.join(map(str, doubles))}" if doubles else "")
        + f". Annual in {span - len(none_years)} of {span} years."
        f"{dropped_note(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    return Verdict(verdict, evidence, sources)


def check_secretariat_2017(data: Data, min_confidence: str) -> Verdict:
    """C08: the forum secretariat established in 2017."""
    rows, dropped = rows_at(
        data, "diplomatic_events", min_confidence, lambda f: f["event_type"] == "secretariat"
    )
    forums, _ = rows_at(data, "forum_meetings", min_confidence)
    text = forums["theme"].fillna("") + " " + forums["notes"].fillna("")
    plans = forums[text.str.contains("secretariat", case=False)]
    plan_text = "; ".join(
        f"forum {int(r['forum_no'])} ({int(r['year'])}): "
        + "; ".join(
            part.strip()
            for part in re.split(r"[;,]", f"{r['theme'] or ''};{r['notes'] or ''}")
            if "secretariat" in part.lower()
        )
        for _, r in plans.iterrows()
    )
    sources = [source_ref("diplomatic_events", "event_type=secretariat", rows)]
    if not plans.empty:
        sources.append(source_ref("forum_meetings", "rows mentioning the secretariat", plans))
    plan_note = f" Forum records: {plan_text}." if plan_text else ""
    years = sorted({int(y) for y in rows["year"].dropna()})
    if not years:
        return Verdict(
            "not testable",
            f"No record of the secretariat's founding at min_confidence={min_confidence}"
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
    return Verdict(verdict, evidence, tuple(sources))


def _forum(frame: pd.DataFrame, number: int) -> pd.Series | None:
    rows = held_forums(frame)
    rows = rows[rows["forum_no"] == number]
    return rows.iloc[0] if not rows.empty else None


def check_forum_15(data: Data, min_confidence: str) -> Verdict:
    """C09: the 15th forum in Busan in 2022; 30th anniversary of relations, 15th of the forum."""
    forums, _ = rows_at(data, "forum_meetings", min_confidence)
    _, dropped = rows_at(
        data, "forum_meetings", min_confidence, lambda f: f["forum_no"].isin([1, 15])
    )
    events, _ = rows_at(data, "diplomatic_events", min_confidence)
    row = _forum(forums, 15)
    first = _forum(forums, 1)
    rel = events[events["event_type"] == "diplomatic_relations"]
    year = int(row["year"]) if row is not None else None
    in_busan = None if row is None else str(row["host_city"]).strip().lower() == "busan"
    in_2022 = None if row is None else year == 2022
    ref_year = year if year is not None else 2022
    rel_years = sorted({int(y) for y in rel["year"].dropna()})
    thirtieth = None if not rel_years else all(ref_year - y == 30 for y in rel_years)
    fifteenth = None if first is None else ref_year - int(first["year"]) == 15
    verdict = verdict_by_parts([in_busan, in_2022, thirtieth, fifteenth])
    calendar = forum_years(data, min_confidence)
    gap_years = calendar.loc[
        (calendar["status"] == "none") & (calendar["year"] <= ref_year), "year"
    ].tolist()
    where = (
        f"forum 15: {row['host_city']}, {row['date']}"
        if row is not None
        else "forum 15 not in the data"
    )
    as_stated = "" if year is not None else " (the year the paper states)"
    evidence = (
        f"{where} (Busan: {mark(in_busan)}; 2022: {mark(in_2022)}). Relations established in "
        f"{', '.join(map(str, rel_years)) or 'no year in the data'}: {ref_year}{as_stated} "
        "is the 30th "
        f"anniversary: {mark(thirtieth)}. Forum 1 held in "
        f"{int(first['year']) if first is not None else 'no year in the data'}: {ref_year} is "
        f"the 15th anniversary: {mark(fifteenth)}"
        + (
            f" (meeting every year from {int(first['year'])}, forum 15 would have met in "
            f"{int(first['year']) + 14}; no numbered forum in "
            f"{', '.join(map(str, gap_years))})"
            if first is not None
            and year is not None
            and year != int(first["year"]) + 14
            and gap_years
            else ""
        )
        + f".{dropped_note(dropped, min_confidence)} "
        "Data: forum_meetings.csv, diplomatic_events.csv."
    )
    sources = [
        source_ref("forum_meetings", "forum_no=1, 15", forums[forums["forum_no"].isin([1, 15])]),
        source_ref("diplomatic_events", "event_type=diplomatic_relations", rel),
    ]
    return Verdict(verdict, evidence, tuple(sources))


def check_forum_15_level(data: Data, min_confidence: str) -> Verdict:
    """C10: foreign ministers at the 15th forum."""
    forums, _ = rows_at(data, "forum_meetings", min_confidence)
    _, dropped = rows_at(data, "forum_meetings", min_confidence, lambda f: f["forum_no"] == 15)
    row = _forum(forums, 15)
    sources = (source_ref("forum_meetings", "forum_no=15", forums[forums["forum_no"] == 15]),)
    if row is None or not isinstance(row["level"], str):
        return Verdict(
            "not testable",
            f"The level of forum 15 is not in the data at min_confidence={min_confidence}"
            f"{dropped_note(dropped, min_confidence)}; the list of heads of delegation would "
            "settle it. Data: forum_meetings.csv.",
            sources,
        )
    verdict = "supported" if row["level"] == "minister" else "contradicted"
    held = held_forums(forums)
    ministerial = held[held["level"] == "minister"]["forum_no"].astype(int).tolist()
    evidence = (
        f"Forum 15 ({int(row['year'])}): level '{row['level']}' (as reported: "
        f"'{row['level_as_reported']}'). Forums at minister level in the data: "
        f"{', '.join(map(str, ministerial))}.{dropped_note(dropped, min_confidence)} "
        "Data: forum_meetings.csv."
    )
    return Verdict(verdict, evidence, sources)


def _normalise_text(text: str) -> str:
    text = str(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


PAPER_THEME_16 = (
    "pursuing cooperation through the realization of youth's potentials for a sustainable "
    "future of Korea and Central Asia"
)


def check_forum_16(data: Data, min_confidence: str) -> Verdict:
    """C11: the 16th forum in Turkmenistan in 2023 and its theme."""
    forums, _ = rows_at(data, "forum_meetings", min_confidence)
    _, dropped = rows_at(data, "forum_meetings", min_confidence, lambda f: f["forum_no"] == 16)
    row = _forum(forums, 16)
    sources = (source_ref("forum_meetings", "forum_no=16", forums[forums["forum_no"] == 16]),)
    if row is None:
        return Verdict(
            "not testable",
            f"Forum 16 is not in the data at min_confidence={min_confidence}"
            f"{dropped_note(dropped, min_confidence)}; a report of the meeting would settle it. "
            "Data: forum_meetings.csv.",
            sources,
        )
    in_tkm = str(row["host_country"]) == "Turkmenistan"
    in_2023 = int(row["year"]) == 2023
    theme = row["theme"] if isinstance(row["theme"], str) else ""
    same_theme = None if not theme else _normalise_text(PAPER_THEME_16) in _normalise_text(theme)
    verdict = verdict_by_parts([in_tkm, in_2023, same_theme])
    evidence = (
        f"Forum 16: {row['host_city']}, {row['host_country']}, {row['date']} (Turkmenistan: "
        f"{mark(in_tkm)}; 2023: {mark(in_2023)}); the recorded theme contains the paper's "
        f"theme word for word (ignoring case and punctuation): {mark(same_theme)}."
        f"{dropped_note(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    return Verdict(verdict, evidence, sources)


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
    """C12: the six areas of cooperation identified at the 16th forum."""
    forums, _ = rows_at(data, "forum_meetings", min_confidence)
    _, dropped = rows_at(data, "forum_meetings", min_confidence, lambda f: f["forum_no"] == 16)
    row = _forum(forums, 16)
    sources = (source_ref("forum_meetings", "forum_no=16", forums[forums["forum_no"] == 16]),)
    theme = row["theme"] if row is not None and isinstance(row["theme"], str) else ""
    if not theme:
        return Verdict(
            "not testable",
            f"No record of the topics of forum 16 at min_confidence={min_confidence}"
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
    return Verdict(verdict, evidence, sources)
