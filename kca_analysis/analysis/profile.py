"""Fact records of one country's profile: its standing in Table 1, its trade history, the forum
meetings it hosted, the ODA it received, its ethnic Korean population and the events naming it.

Each function reads frames the country profile has loaded (or computed through
:mod:`~kca_analysis.analysis.trade`, :mod:`~kca_analysis.analysis.forums` and
:mod:`~kca_analysis.analysis.oda`) and returns a small frozen record;
:mod:`kca_analysis.text.profile` words the records as Markdown. Nothing here formats a
sentence, and a gap in the data stays a gap (``None`` or an empty tuple), never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .forum_meetings import held_forums, missing_forums
from .history import ETHNIC_KOREAN_COLUMNS
from .trade_series import COW_SIDE, DOTS_SOURCE, FIGURE_REPORTED

__all__ = [
    "DiasporaFacts",
    "EventFacts",
    "ForumHosting",
    "OdaFacts",
    "Standing",
    "TradeHistoryFacts",
    "diaspora_facts",
    "diplomatic_events_of",
    "event_facts",
    "forums_hosted",
    "oda_facts",
    "paper_events_of",
    "table1_standing",
    "trade_history_facts",
    "turnover_figures",
]


@dataclass(frozen=True)
class Standing:
    """One country in one period of Table 1: its flows with Korea and its rank among the five."""

    period: str
    months: int
    export_usd: float
    import_usd: float
    turnover_usd: float
    balance_usd: float
    share_of_total: float
    rank: int | None
    countries: int


def table1_standing(ranked: pd.DataFrame, iso3: str, rank: str = "rank_of_five") -> list[Standing]:
    """Return a country's rows of the Table 1 summary, with its rank among the countries.

    Parameters
    ----------
    ranked
        :func:`~kca_analysis.analysis.trade.trade_summary` of all five with a rank column
        (:func:`~kca_analysis.analysis.trade.rank_within`).
    iso3
        The country.
    rank
        The name of the rank column.

    Returns
    -------
    list of Standing
        One per period, in the summary's order; ``countries`` is how many were ranked.

    Raises
    ------
    ValueError
        When the summary has no row for the country.
    """
    mine = ranked[ranked["iso3"] == iso3]
    if mine.empty:
        raise ValueError(f"table1_standing: no row for {iso3!r} in the summary")
    sizes = ranked.groupby("period", sort=False)["iso3"].nunique()
    return [
        Standing(
            period=str(r["period"]),
            months=int(r["months"]),
            export_usd=float(r["export_usd"]),
            import_usd=float(r["import_usd"]),
            turnover_usd=float(r["turnover_usd"]),
            balance_usd=float(r["balance_usd"]),
            share_of_total=float(r["share_of_total"]),
            rank=None if pd.isna(r[rank]) else int(r[rank]),
            countries=int(sizes[r["period"]]),
        )
        for _, r in mine.iterrows()
    ]


@dataclass(frozen=True)
class TradeHistoryFacts:
    """A country's trade with Korea across sources.

    ``best``: the highest full-year turnover reported by Korea (USD, year, source), ``None``
    when Korea reports none. ``overlap``: the first and last years Correlates of War and IMF
    DOTS (Korea-reported) both cover, with ``cow_ratio`` the lowest and highest ratio of COW's
    turnover to Korea's there, and ``cow_derived`` the overlap years in which a COW figure is
    derived from Korea's own (so that the two agree by construction). ``gaps``: (source,
    reporting side, flow, year, reason) without a figure; ``reason`` is COW's ``gap_reason``
    (``leading_zero``, ``absent``, ``missing``) or ``None``.
    """

    best: tuple[float, int, str] | None
    overlap: tuple[int, int] | None
    cow_ratio: tuple[float, float] | None
    cow_derived: tuple[int, ...]
    gaps: tuple[tuple[str, str, str, int, str | None], ...]


def trade_history_facts(history: pd.DataFrame, turnover: pd.DataFrame) -> TradeHistoryFacts:
    """Return the facts of one country's trade history.

    Parameters
    ----------
    history
        :func:`~kca_analysis.analysis.trade_series.bilateral_history`, the country's rows.
    turnover
        :func:`~kca_analysis.analysis.trade.trade_summary` of ``history``.

    Returns
    -------
    TradeHistoryFacts
    """
    cow = turnover[turnover["reporting_side"] == COW_SIDE].set_index("year")
    korea_dots = turnover[
        (turnover["source"] == DOTS_SOURCE) & (turnover["reporting_side"] == "Korea")
    ].set_index("year")
    overlap = sorted(set(cow.index) & set(korea_dots.index))
    ratio = (cow.loc[overlap, "turnover_usd"] / korea_dots.loc[overlap, "turnover_usd"]).dropna()
    korea = turnover[(turnover["months"] == 12) & (turnover["reporting_side"] == "Korea")]
    korea = korea.dropna(subset=["turnover_usd"])
    best = None
    if len(korea):
        row = korea.loc[korea["turnover_usd"].idxmax()]
        best = (float(row["turnover_usd"]), int(row["year"]), str(row["source"]))
    gaps = history[history["value_usd"].isna()]
    reasons = gaps.get("gap_reason", pd.Series(pd.NA, index=gaps.index))
    cow_rows = history[history["reporting_side"] == COW_SIDE]
    derived = cow_rows.get("figure_basis", pd.Series(pd.NA, index=cow_rows.index)).isin(["derived"])
    derived_years = sorted({int(y) for y in cow_rows.loc[derived, "year"]} & set(overlap))
    return TradeHistoryFacts(
        best=best,
        overlap=(int(min(overlap)), int(max(overlap))) if len(ratio) else None,
        cow_ratio=(float(ratio.min()), float(ratio.max())) if len(ratio) else None,
        cow_derived=tuple(derived_years) if len(ratio) else (),
        gaps=tuple(
            (
                str(r.source),
                str(r.reporting_side),
                str(r.flow),
                int(r.year),
                None if pd.isna(reason) else str(reason),
            )
            for r, reason in zip(gaps.itertuples(), reasons, strict=True)
        ),
    )


def turnover_figures(turnover: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Say of each turnover row whose figures it adds up: ``figures`` is ``reported`` when
    both flows are their side's report, else the basis and flows that are not (``derived
    (export)``: COW's figure for Korea's exports is Korea's own x 1.10).

    Parameters
    ----------
    turnover
        :func:`~kca_analysis.analysis.trade.trade_summary` of ``history``.
    history
        :func:`~kca_analysis.analysis.trade_series.bilateral_history` with ``figure_basis``.

    Returns
    -------
    DataFrame
        ``turnover`` with ``figures`` after ``months``.
    """
    keys = ["source", "reporting_side", "year", "period", "months"]
    known = history[history["figure_basis"].notna() & history["value_usd"].notna()]
    other = known[~known["figure_basis"].isin([FIGURE_REPORTED])]
    labels = {
        key: "; ".join(
            f"{basis} ({', '.join(dict.fromkeys(rows['flow']))})"
            for basis, rows in group.groupby("figure_basis", sort=True)
        )
        for key, group in other.groupby(keys, sort=False)
    }
    figures = [
        labels.get(tuple(row), FIGURE_REPORTED) for row in turnover[keys].itertuples(index=False)
    ]
    out = turnover.copy()
    out.insert(out.columns.get_loc("months") + 1, "figures", figures)
    return out


@dataclass(frozen=True)
class ForumHosting:
    """The forum meetings a country hosted among those held, and the numbers no source covers."""

    hosted: tuple[int, ...]
    held: int
    unknown: tuple[int, ...]


def forums_hosted(meetings: pd.DataFrame, iso3: str) -> ForumHosting:
    """Return the numbers of the forum meetings ``iso3`` hosted.

    Parameters
    ----------
    meetings
        :func:`kca_analysis.data.load_forum_meetings`.
    iso3
        The host.

    Returns
    -------
    ForumHosting
        ``hosted`` among the meetings held (:func:`~kca_analysis.analysis.forums.held_forums`);
        ``unknown``: the numbers the sources do not cover
        (:func:`~kca_analysis.analysis.forums.missing_forums`), whose host is unknown.
    """
    held = held_forums(meetings)
    hosted = held.loc[held["host_iso3"] == iso3, "forum_no"].astype("int64")
    unknown = missing_forums(meetings)["forum_no"].astype("int64")
    return ForumHosting(
        hosted=tuple(hosted.tolist()), held=len(held), unknown=tuple(unknown.tolist())
    )


@dataclass(frozen=True)
class OdaFacts:
    """Korea's net ODA to one country.

    The series (``source``, ``first_year``-``last_year``) sums to ``total_usd``; over the DAC2a
    years Korea gave ``korea_share_pct`` of all official donors' net ODA to the country, rank
    ``korea_rank`` of ``bilateral_donors``. ``recipient_ranks``: (year, rank or ``None`` when
    the country had no positive net figure, recipients ranked). ``negative``: (year, USD) of
    the negative years; ``blank``: years the source leaves blank.
    """

    source: str
    first_year: int
    last_year: int
    total_usd: float
    korea_share_pct: float
    korea_rank: int
    bilateral_donors: int
    recipient_ranks: tuple[tuple[int, int | None, int], ...]
    negative: tuple[tuple[int, float], ...]
    blank: tuple[int, ...]


def oda_facts(series: pd.DataFrame, shares: pd.DataFrame, ranks: pd.DataFrame) -> OdaFacts:
    """Return the facts of Korea's net ODA to one country.

    Parameters
    ----------
    series
        :func:`~kca_analysis.analysis.oda.korea_to` for the country.
    shares
        The country's row of :func:`~kca_analysis.analysis.oda.korea_share_by_recipient`
        (a one-row frame or a Series).
    ranks
        :func:`~kca_analysis.analysis.oda.recipient_rank` for the country.

    Returns
    -------
    OdaFacts

    Raises
    ------
    ValueError
        When the series is empty.
    """
    if series.empty:
        raise ValueError("oda_facts needs a series with at least one year")
    share = shares.iloc[0] if isinstance(shares, pd.DataFrame) else shares
    negative = series[series["negative"]]
    return OdaFacts(
        source=str(series["source"].iloc[0]),
        first_year=int(series["year"].min()),
        last_year=int(series["year"].max()),
        total_usd=float(series["value_usd"].sum()),
        korea_share_pct=float(share["korea_share_pct"]),
        korea_rank=int(share["korea_rank_among_bilateral"]),
        bilateral_donors=int(share["bilateral_donors"]),
        recipient_ranks=tuple(
            (int(r.year), None if pd.isna(r.rank) else int(r.rank), int(r.recipients))
            for r in ranks.itertuples()
        ),
        negative=tuple((int(r.year), float(r.value_usd)) for r in negative.itertuples()),
        blank=tuple(int(y) for y in series.loc[series["value_usd"].isna(), "year"]),
    )


@dataclass(frozen=True)
class DiasporaFacts:
    """A country's ethnic Korean population figures.

    ``latest``: (figure, reference date, type, confidence) of the latest dated figure;
    ``latest_official``: (figure, reference date) of the latest labelled official; either is
    ``None`` when there is none. ``undated`` counts figures without a date.
    """

    figures: int
    latest: tuple[int, str, str, str] | None
    latest_official: tuple[int, str] | None
    undated: int


def diaspora_figures(ethnic: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Return every ethnic Korean population figure for one country, dated ones in year order
    and undated ones last (kept: a figure without a date is still a figure).

    Parameters
    ----------
    ethnic
        :func:`kca_analysis.data.load_ethnic_koreans`.
    iso3
        The country's ISO3 code.

    Returns
    -------
    DataFrame
        The columns of :data:`kca_analysis.analysis.history.ETHNIC_KOREAN_COLUMNS`, which show
        how each figure was produced beside how we read it.
    """
    rows = ethnic[ethnic["iso3"] == iso3].sort_values("year", na_position="last", kind="stable")
    return rows[ETHNIC_KOREAN_COLUMNS].reset_index(drop=True)


def diaspora_facts(figures: pd.DataFrame) -> DiasporaFacts:
    """Return the facts of one country's ethnic Korean population figures.

    Parameters
    ----------
    figures
        The country's rows of :func:`kca_analysis.data.load_ethnic_koreans`, in year order
        (undated rows last).

    Returns
    -------
    DiasporaFacts
    """
    dated = figures.dropna(subset=["year"])
    official = dated[dated["confidence"] == "official"]
    latest = official_latest = None
    if len(dated):
        row = dated.iloc[-1]
        latest = (
            int(row["ethnic_koreans"]),
            str(row["reference_date"]),
            str(row["type"]),
            str(row["confidence"]),
        )
    if len(official):
        row = official.iloc[-1]
        official_latest = (int(row["ethnic_koreans"]), str(row["reference_date"]))
    return DiasporaFacts(
        figures=len(figures),
        latest=latest,
        latest_official=official_latest,
        undated=int(figures["year"].isna().sum()),
    )


def _names(cell: object) -> list[str]:
    return [part.strip() for part in str(cell if pd.notna(cell) else "").split(";")]


def paper_events_of(events: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return the events of the paper's narrative whose ``actors`` name the country.

    Parameters
    ----------
    events
        :func:`kca_analysis.data.load_events`.
    name
        The country's English name, as the file writes it ("Uzbekistan").

    Returns
    -------
    DataFrame
        The matching rows, in the file's order.
    """
    return events[events["actors"].map(lambda cell: name in _names(cell))]


def diplomatic_events_of(diplomatic: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return the dated diplomatic events whose ``countries`` name the country, by date.

    Parameters
    ----------
    diplomatic
        :func:`kca_analysis.data.load_diplomatic_events`.
    name
        The country's English name ("Uzbekistan").

    Returns
    -------
    DataFrame
        The matching rows, sorted by date.
    """
    rows = diplomatic[diplomatic["countries"].map(lambda cell: name in _names(cell))]
    return rows.sort_values("date")


@dataclass(frozen=True)
class EventFacts:
    """The events naming a country: how many, the paper's references behind them, its
    diplomatic relations (date, confidence) and bilateral summits (count, as of, confidence,
    note), each ``None`` when the data has none."""

    paper_events: int
    dated_events: int
    references: tuple[str, ...]
    relations: tuple[str, str] | None
    summits: tuple[int, str, str, str] | None


def event_facts(
    named: pd.DataFrame, involved: pd.DataFrame, summits: pd.DataFrame, iso3: str
) -> EventFacts:
    """Return the facts of the events naming one country.

    Parameters
    ----------
    named
        :func:`paper_events_of` the country.
    involved
        :func:`diplomatic_events_of` the country.
    summits
        :func:`kca_analysis.data.load_summit_counts`.
    iso3
        The country.

    Returns
    -------
    EventFacts
        ``references`` in their numeric order (``[1]``, ``[3]``, ...).
    """
    references = sorted(set(named["ref"].dropna()), key=lambda r: int(str(r).strip("[]")))
    relations = involved[involved["event_type"] == "diplomatic_relations"]
    count = summits[summits["iso3"] == iso3]
    first = relations.iloc[0] if len(relations) else None
    summit = count.iloc[0] if len(count) else None
    return EventFacts(
        paper_events=len(named),
        dated_events=len(involved),
        references=tuple(str(r) for r in references),
        relations=None if first is None else (str(first["date"]), str(first["confidence"])),
        summits=None
        if summit is None
        else (
            int(summit["summits"]),
            str(summit["as_of"]),
            str(summit["confidence"]),
            str(summit["note"]),
        ),
    )
