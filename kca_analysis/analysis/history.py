"""Korea's Central Asia policy over time: periods, events, diplomatic records and the diaspora.

The periods are the paper's own: each starts at the year of one of the paper's events
(:data:`PERIOD_ANCHORS` names the event, :func:`kca_analysis.data.load_events` gives its year),
so moving an event in the data moves the period. The dates of diplomatic relations come from
:func:`kca_analysis.data.load_diplomatic_relations` (one dated, sourced row per state), the
state visits from :func:`kca_analysis.data.load_diplomatic_events`; the ethnic Korean figures
(:func:`kca_analysis.data.load_ethnic_koreans`) give the diaspora, each saying how it was
produced (``production``) and, separately, how we read it (``confidence``: :data:`READ_AS`).

Trade over time lives in :mod:`.trade_history`, the decline after 1997 in :mod:`.crisis` and
Korea among the other powers in :mod:`.trade_partners`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA, CENTRAL_ASIA_ISO3, lookup_country
from kca_analysis.vocab import confidence_rank

__all__ = [
    "PERIOD_ANCHORS",
    "READ_AS",
    "DiasporaEstimate",
    "clip_periods",
    "common_estimate",
    "dated_events",
    "diaspora_common_estimate",
    "disputed_visits",
    "ethnic_korean_series",
    "event_countries",
    "largest_figures",
    "policy_periods",
    "relations_by_country",
    "state_visits",
    "undated_events",
]

# --------------------------------------------------------------------------------------------
# Periods and events

#: The paper's periodisation: (event_id in ``data/paper/events.csv``, period label). A period
#: starts in its event's year and ends the year before the next period starts.
PERIOD_ANCHORS: tuple[tuple[str, str], ...] = (
    ("independence-1990s", "Independence and first ties"),
    ("crisis-1997", "1997 crisis and slowdown"),
    ("resurgence-2000s", "Resurgence of the 2000s"),
    ("strategy-2007", "2007 strategy and first forum"),
    ("new-asian-initiative-2009", "New Asian Initiative"),
    ("secretariat-2017", "Forum secretariat"),
    ("forum15-2022", "30th anniversary and after"),
)


def policy_periods(
    events: pd.DataFrame,
    end_year: int | None = None,
    anchors: Sequence[tuple[str, str]] = PERIOD_ANCHORS,
) -> pd.DataFrame:
    """Return the periods of Korea's Central Asia policy with boundaries from the events data.

    Parameters
    ----------
    events
        :func:`kca_analysis.data.load_events`.
    end_year
        The last year of the last period (default: the latest year in ``events``).
    anchors
        ``(event_id, label)`` pairs in chronological order (default :data:`PERIOD_ANCHORS`).

    Returns
    -------
    DataFrame
        Columns ``period_no, label, start_year, end_year, event_id, event, exact_date, ref``;
        ``exact_date`` is false where the paper gives only a decade ("in the 1990s") and the
        data record the decade's first year.

    Raises
    ------
    LookupError
        When an anchor event is missing from the data or has no year.
    ValueError
        When the anchors are not in chronological order.
    """
    by_id = events.set_index("event_id")
    rows = []
    for number, (event_id, label) in enumerate(anchors, start=1):
        if event_id not in by_id.index or pd.isna(by_id.at[event_id, "year"]):
            raise LookupError(
                f"period {label!r} starts at event {event_id!r}, which has no year in the events "
                "data (data/paper/events.csv)"
            )
        event = by_id.loc[event_id]
        rows.append(
            (
                number,
                label,
                int(event["year"]),
                event_id,
                event["event"],
                not pd.isna(event["date"]),
                event["ref"] if isinstance(event["ref"], str) else "",
            )
        )
    starts = [r[2] for r in rows]
    if starts != sorted(starts):
        raise ValueError(f"period anchors are not in chronological order: {starts}")
    last = int(events["year"].max()) if end_year is None else int(end_year)
    ends = [s - 1 for s in starts[1:]] + [max(last, starts[-1])]
    frame = pd.DataFrame(
        rows, columns=["period_no", "label", "start_year", "event_id", "event", "exact_date", "ref"]
    )
    frame.insert(3, "end_year", ends)
    return frame


def clip_periods(periods: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Return the periods that overlap ``[start_year, end_year]``, cut to those years.

    Parameters
    ----------
    periods
        :func:`policy_periods`.
    start_year, end_year
        The years shown (inclusive).

    Returns
    -------
    DataFrame
        The overlapping rows of ``periods``, with ``start_year`` and ``end_year`` clipped.
    """
    inside = periods[(periods["end_year"] >= start_year) & (periods["start_year"] <= end_year)]
    return inside.assign(
        start_year=inside["start_year"].clip(lower=start_year),
        end_year=inside["end_year"].clip(upper=end_year),
    ).reset_index(drop=True)


def dated_events(
    events: pd.DataFrame, start_year: int | None = None, end_year: int | None = None
) -> pd.DataFrame:
    """Return the events that carry a year, in order, optionally within ``[start, end]``.

    Parameters
    ----------
    events
        :func:`kca_analysis.data.load_events`.
    start_year, end_year
        Bounds on the year (inclusive); ``None`` leaves that side open.

    Returns
    -------
    DataFrame
        The dated rows of ``events`` (``year`` as int64), sorted by year and event id.
    """
    dated = events[events["year"].notna()].copy()
    dated["year"] = dated["year"].astype("int64")
    if start_year is not None:
        dated = dated[dated["year"] >= start_year]
    if end_year is not None:
        dated = dated[dated["year"] <= end_year]
    return dated.sort_values(["year", "event_id"]).reset_index(drop=True)


def undated_events(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events the paper leaves undated (no year): they cannot be placed in time.

    Parameters
    ----------
    events
        :func:`kca_analysis.data.load_events`.

    Returns
    -------
    DataFrame
        The rows of ``events`` without a year.
    """
    return events[events["year"].isna()].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Diplomatic records: relations and state visits


def event_countries(cell: str) -> list[str]:
    """Return the ISO3 codes of the five named in a ``countries`` cell, in the cell's order.

    Parameters
    ----------
    cell
        Names separated by ``;`` (``"South Korea;Uzbekistan"``); Korea and any other country
        that is not one of the five are passed over.

    Returns
    -------
    list of str
    """
    codes = []
    for name in str(cell).split(";"):
        try:
            codes.append(lookup_country(name.strip()).iso3)
        except ValueError:
            continue  # South Korea and other partners
    return codes


def _rows_per_country(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (record, Central Asian state it names), with the record's columns."""
    codes = events["countries"].map(event_countries)
    exploded = events.assign(iso3=codes).explode("iso3")
    return exploded[exploded["iso3"].notna()]


def relations_by_country(relations: pd.DataFrame) -> pd.DataFrame:
    """Return, for each of the five, the date Korea established diplomatic relations with it.

    Parameters
    ----------
    relations
        :func:`kca_analysis.data.load_diplomatic_relations` (any subset of its rows, e.g. those
        at a confidence level).

    Returns
    -------
    DataFrame
        One row per state, in the order of the five: ``iso3, country, date_established`` and
        ``year`` (missing when ``relations`` has no row for the state), ``confidence`` and
        ``source_title`` (of the row used).

    Raises
    ------
    ValueError
        When a state has more than one row (the file gives one date per state).
    """
    repeated = sorted(set(relations.loc[relations["iso3"].duplicated(), "iso3"]))
    if repeated:
        raise ValueError(
            f"diplomatic relations: more than one row for {', '.join(repeated)}; expected one "
            "date of establishment per state"
        )
    by_code = relations.set_index("iso3")
    rows = []
    for country in CENTRAL_ASIA:
        row = by_code.loc[country.iso3] if country.iso3 in by_code.index else None
        rows.append(
            {
                "iso3": country.iso3,
                "country": country.name,
                "date_established": None if row is None else str(row["date_established"]),
                "year": pd.NA if row is None else int(row["year"]),
                "confidence": None if row is None else str(row["confidence"]),
                "source_title": None if row is None else str(row["source_title"]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def state_visits(diplomatic_events: pd.DataFrame) -> pd.DataFrame:
    """Return the number of recorded state visits between Korea and each of the five.

    Parameters
    ----------
    diplomatic_events
        :func:`kca_analysis.data.load_diplomatic_events` (rows with ``event_type ==
        "state_visit"`` are counted; a visit naming two of the five counts for both).

    Returns
    -------
    DataFrame
        ``iso3, country, visits``, one row per state in the order of the five (0 when none).
    """
    visits = diplomatic_events[diplomatic_events["event_type"] == "state_visit"]
    counts = _rows_per_country(visits)["iso3"].value_counts()
    return pd.DataFrame(
        {
            "iso3": list(CENTRAL_ASIA_ISO3),
            "country": [c.name for c in CENTRAL_ASIA],
            "visits": [int(counts.get(code, 0)) for code in CENTRAL_ASIA_ISO3],
        }
    )


def disputed_visits(diplomatic_events: pd.DataFrame) -> int:
    """Return how many state-visit rows record one visit under two years ("sources disagree").

    Parameters
    ----------
    diplomatic_events
        :func:`kca_analysis.data.load_diplomatic_events`.

    Returns
    -------
    int
    """
    visits = diplomatic_events[diplomatic_events["event_type"] == "state_visit"]
    return int(visits["detail"].str.contains("sources disagree", case=False).sum())


# --------------------------------------------------------------------------------------------
# Ethnic Koreans

#: How we read a figure, by its ``confidence`` label; how it was *produced* (census, official
#: or embassy estimate, statement) is the separate ``production`` column. An embassy estimate
#: read on the agency's own page is ``official`` here without being official statistics.
READ_AS: dict[str, str] = {
    "official": "read on the publisher's own page",
    "press": "read in the press",
    "secondary": "read through a mirror, blog or repost",
}


#: The columns every table of ethnic Korean population figures shows: each figure with how it
#: was produced (``production``) beside how we read it (``confidence``).
ETHNIC_KOREAN_COLUMNS = [
    "iso3",
    "country",
    "year",
    "reference_date",
    "ethnic_koreans",
    "type",
    "production",
    "confidence",
    "original_source",
]


def ethnic_korean_series(ethnic: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return the dated ethnic Korean population figures for ``countries`` (ISO3), in order.

    Undated figures (``year`` missing) are left out here; list them with
    ``ethnic[ethnic["year"].isna()]`` so that they stay visible.

    Parameters
    ----------
    ethnic
        :func:`kca_analysis.data.load_ethnic_koreans`.
    countries
        ISO3 codes.

    Returns
    -------
    DataFrame
        ``iso3, country, year, reference_date, ethnic_koreans, type, production`` (how the
        figure was produced), ``confidence`` (how we read it, :data:`READ_AS`) and
        ``original_source``, sorted by country code and year.
    """
    rows = ethnic[ethnic["iso3"].isin(countries) & ethnic["year"].notna()].copy()
    rows["year"] = rows["year"].astype("int64")
    return rows[ETHNIC_KOREAN_COLUMNS].sort_values(["iso3", "year"]).reset_index(drop=True)


def diaspora_common_estimate(ethnic: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return the latest figures that one source (page) gives for all ``countries`` at one date.

    Summing figures of different dates and producers would mix censuses with estimates; this
    picks the latest (reference date, source) pair that covers every country.

    Parameters
    ----------
    ethnic
        :func:`kca_analysis.data.load_ethnic_koreans`.
    countries
        ISO3 codes.

    Returns
    -------
    DataFrame
        The rows used (``iso3, country, reference_date, year, ethnic_koreans, production,
        original_source, source, confidence``); empty when no source covers all the countries
        at one date.
    """
    rows = ethnic[ethnic["iso3"].isin(countries)]
    # The page read (``source``), not the wording of ``original_source``, identifies a source:
    # one page can word its producer differently for different countries.
    groups = rows.groupby(["reference_date", "source"], sort=True)
    best = None
    for (date, _source), group in groups:
        if set(group["iso3"]) >= set(countries) and (best is None or str(date) > best[0]):
            best = (str(date), group)
    columns = [
        "iso3",
        "country",
        "reference_date",
        "year",
        "ethnic_koreans",
        "production",
        "original_source",
        "source",
    ]
    if best is None:
        return pd.DataFrame(columns=[*columns, "confidence"])
    return best[1][[*columns, "confidence"]].sort_values("iso3").reset_index(drop=True)


@dataclass(frozen=True)
class DiasporaEstimate:
    """The ethnic Koreans of several states counted by one source at one date.

    Attributes
    ----------
    reference_date, year
        The date the figures refer to, and its year (``None`` for an undated figure).
    producer
        Who produced the figures (the first row's ``original_source`` up to its first
        parenthesis).
    production
        How the figures were produced (``census``, ``official estimate``, ``embassy
        estimate``...; the distinct values joined by ``" and "``).
    confidence
        How we read them (:data:`READ_AS`; the lowest label when they differ).
    total
        The sum of the figures, persons.
    rows
        The figures (:func:`diaspora_common_estimate`).
    """

    reference_date: str
    year: int | None
    producer: str
    production: str
    confidence: str
    total: int
    rows: pd.DataFrame = field(compare=False, repr=False)


def common_estimate(ethnic: pd.DataFrame, countries: Sequence[str]) -> DiasporaEstimate | None:
    """Return :func:`diaspora_common_estimate` as a fact record with its total.

    Parameters
    ----------
    ethnic
        :func:`kca_analysis.data.load_ethnic_koreans`.
    countries
        ISO3 codes.

    Returns
    -------
    DiasporaEstimate or None
        ``None`` when no source covers all the countries at one date.
    """
    rows = diaspora_common_estimate(ethnic, countries)
    if rows.empty:
        return None
    return DiasporaEstimate(
        reference_date=str(rows["reference_date"].iloc[0]),
        year=None if pd.isna(rows["year"].iloc[0]) else int(rows["year"].iloc[0]),
        producer=str(rows["original_source"].iloc[0]).split(" (")[0],
        production=" and ".join(dict.fromkeys(str(p) for p in rows["production"])),
        confidence=max(rows["confidence"], key=confidence_rank),
        total=int(rows["ethnic_koreans"].sum()),
        rows=rows,
    )


def largest_figures(ethnic: pd.DataFrame, countries: Sequence[str]) -> pd.Series:
    """Return each country's largest ethnic Korean figure in the data, largest first.

    Parameters
    ----------
    ethnic
        :func:`kca_analysis.data.load_ethnic_koreans` (dated and undated rows alike).
    countries
        ISO3 codes.

    Returns
    -------
    Series
        Persons by ISO3 code, in descending order; countries without a figure are absent.
    """
    rows = ethnic[ethnic["iso3"].isin(countries)]
    largest = rows.groupby("iso3")["ethnic_koreans"].max()
    return largest.sort_values(ascending=False, kind="stable").astype("int64")
