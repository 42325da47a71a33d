"""Fact records of Korea's trade with the five over time: coverage, overlap, crisis, first decade.

Each function takes what the history notebook has computed (the turnover, the overlap of COW and
IMF DOTS, the crisis test, the first-decade profile) and returns a small frozen record that
:mod:`kca_analysis.text.trade_history` and :mod:`kca_analysis.text.crisis` word; no prose is
assembled here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import lookup_country

from .crisis import CRISIS_WINDOWS, CrisisWindows, crisis_test_series, decline_shares
from .source_overlap import PERCENT_FLOOR_MUSD, ROUNDING_MUSD
from .trade_basis import DERIVED, ESTIMATE, NotReported, not_reported
from .trade_history import SERIES_ORDER, uncovered_years

__all__ = [
    "CoverageFacts",
    "CrisisFinding",
    "DecadeFinding",
    "Fall",
    "FlowAgreement",
    "OverlapFinding",
    "PartialYear",
    "SeriesSpan",
    "coverage_facts",
    "crisis_finding",
    "decade_finding",
    "largest_fall",
    "overlap_finding",
]


# --------------------------------------------------------------------------------------------
# Trade by source


@dataclass(frozen=True)
class PartialYear:
    """A year a source covers in part (Table 1's January-October 2023).

    Attributes
    ----------
    year, first_month, last_month, months
        The year, its first and last month covered (1-12), and how many months.
    """

    year: int
    first_month: int
    last_month: int
    months: int


@dataclass(frozen=True)
class SeriesSpan:
    """The years one series covers for the selected countries, in all the data.

    Attributes
    ----------
    series
        The series name (:data:`~.trade_history.SERIES_ORDER`).
    first_year, last_year
        Its first and last year with a turnover.
    partial
        Its partial years.
    not_reported
        The turnovers that are not the reporter's own figure (``basis`` derived or estimate),
        grouped by country, years and what they were computed from.
    """

    series: str
    first_year: int
    last_year: int
    partial: tuple[PartialYear, ...]
    not_reported: tuple[NotReported, ...] = ()


@dataclass(frozen=True)
class CoverageFacts:
    """What the trade sources cover, and the years in the window that no source covers.

    Attributes
    ----------
    start_year, end_year
        The years shown.
    spans
        Each series' years in all the data (not only those shown), in the order of the series.
    gaps
        ``(country name, years)``: the years shown without any trade figure, per country.
    """

    start_year: int
    end_year: int
    spans: tuple[SeriesSpan, ...]
    gaps: tuple[tuple[str, tuple[int, ...]], ...]


_MONTHS = re.compile(r"^\d{4}-(\d{2})\.\.(\d{2})$")


def _partial_year(year: int, period: str, months: int) -> PartialYear:
    """A partial year from its period label (``2023-01..10``), or the months from January."""
    match = _MONTHS.match(str(period))
    first, last = (int(match[1]), int(match[2])) if match else (1, int(months))
    return PartialYear(year=int(year), first_month=first, last_month=last, months=int(months))


def coverage_facts(
    turnover: pd.DataFrame, countries: Sequence[str], start_year: int, end_year: int
) -> CoverageFacts:
    """Describe the sources' coverage for the selected countries.

    Parameters
    ----------
    turnover
        :func:`~.trade_history.turnover_history` (all years, not clipped).
    countries
        ISO3 codes, in the order of the sentences.
    start_year, end_year
        The years shown.

    Returns
    -------
    CoverageFacts
    """
    rows = turnover[turnover["iso3"].isin(countries) & turnover["turnover_musd"].notna()]
    spans = []
    for name, group in rows.groupby("series", sort=False):
        partial = group[group["partial"]].drop_duplicates("year")
        spans.append(
            SeriesSpan(
                series=str(name),
                first_year=int(group["year"].min()),
                last_year=int(group["year"].max()),
                partial=tuple(
                    _partial_year(r.year, r.period, r.months) for r in partial.itertuples()
                ),
                not_reported=not_reported(group, countries),
            )
        )
    spans.sort(key=lambda s: SERIES_ORDER.index(s.series))
    gaps = tuple(
        (lookup_country(c).name, tuple(uncovered_years(turnover, c, start_year, end_year)))
        for c in countries
    )
    return CoverageFacts(int(start_year), int(end_year), tuple(spans), gaps)


@dataclass(frozen=True)
class FlowAgreement:
    """How COW agrees with IMF DOTS for one flow of Korea's.

    Attributes
    ----------
    flow
        ``export`` or ``import`` (Korea's).
    closest, other
        The DOTS side (``Korea`` or ``partner``) with the smaller and the larger median
        difference.
    within_rounding, pairs
        On the closest side: country-years within COW's rounding, of those compared.
    median_pct, other_median_pct
        The median absolute difference on each side, percent.
    cow_derived, derived_ratio
        How many of COW's figures for this flow are derived from Korea's own DOTS figure
        (``basis = derived``), and the median of COW / Korea's figure over them (missing when
        none is).
    dots_estimates
        How many DOTS partner-side figures of this flow are IMF estimates (``basis =
        estimate``), not the partner's report.
    """

    flow: str
    closest: str
    other: str
    within_rounding: int
    pairs: int
    median_pct: float
    other_median_pct: float
    cow_derived: int = 0
    derived_ratio: float = float("nan")
    dots_estimates: int = 0


@dataclass(frozen=True)
class OverlapFinding:
    """COW against IMF DOTS in the years both cover.

    Attributes
    ----------
    years
        The overlap years.
    rounding_musd
        COW's rounding: a difference up to this is not disagreement (USD million).
    percent_floor_musd
        Percentage differences count only where DOTS is at least this (USD million); a median
        is missing when no figure reaches it.
    flows
        One :class:`FlowAgreement` per flow.
    """

    years: tuple[int, ...]
    rounding_musd: float
    percent_floor_musd: float
    flows: tuple[FlowAgreement, ...]


def overlap_finding(overlap: pd.DataFrame, agreement: pd.DataFrame) -> OverlapFinding:
    """Return, per flow, the DOTS side COW is closest to.

    The closest side has the smaller median difference; where neither has one (every DOTS
    figure under :data:`~.source_overlap.PERCENT_FLOOR_MUSD`), the side with more country-years
    within rounding.

    Parameters
    ----------
    overlap
        :func:`~.source_overlap.source_overlap`.
    agreement
        :func:`~.source_overlap.overlap_summary`.

    Returns
    -------
    OverlapFinding
    """
    flows = []
    for flow, group in agreement.groupby("flow"):
        ordered = group.sort_values(
            ["median_abs_pct_diff", "within_rounding"], ascending=[True, False], kind="stable"
        )
        best, other = ordered.iloc[0], ordered.iloc[-1]
        korea = overlap[(overlap["flow"] == flow) & (overlap["dots_side"] == "Korea")]
        derived = korea[korea["cow_basis"] == DERIVED]
        partner = overlap[(overlap["flow"] == flow) & (overlap["dots_side"] == "partner")]
        flows.append(
            FlowAgreement(
                flow=str(flow),
                closest=str(best["dots_side"]),
                other=str(other["dots_side"]),
                within_rounding=int(best["within_rounding"]),
                pairs=int(best["pairs"]),
                median_pct=float(best["median_abs_pct_diff"]),
                other_median_pct=float(other["median_abs_pct_diff"]),
                cow_derived=len(derived),
                derived_ratio=float(derived["ratio"].median()) if len(derived) else float("nan"),
                dots_estimates=int((partner["dots_basis"] == ESTIMATE).sum()),
            )
        )
    years = tuple(sorted(int(y) for y in set(overlap["year"])))
    return OverlapFinding(years, ROUNDING_MUSD, PERCENT_FLOOR_MUSD, tuple(flows))


# --------------------------------------------------------------------------------------------
# The first decade


@dataclass(frozen=True)
class DecadeFinding:
    """Which selected country led Korea's trade in the first decade, and which was steadiest.

    Attributes
    ----------
    first_year, last_year
        The decade.
    countries
        How many countries were compared.
    leader, years_largest, leader_share_pct, leader_cv
        The country with the largest turnover in the most years, in how many years, its share
        of the selected countries' average turnover (percent) and its coefficient of variation.
    steadiest, steadiest_cv
        The country with the lowest coefficient of variation, and that coefficient.
    """

    first_year: int
    last_year: int
    countries: int
    leader: str
    years_largest: int
    leader_share_pct: float
    leader_cv: float
    steadiest: str
    steadiest_cv: float


def decade_finding(profile: pd.DataFrame, years: tuple[int, int]) -> DecadeFinding | None:
    """Return the leader and the steadiest country of :func:`~.trade_history.early_decade_profile`.

    Parameters
    ----------
    profile
        :func:`~.trade_history.early_decade_profile`.
    years
        Its first and last year.

    Returns
    -------
    DecadeFinding or None
        ``None`` when no selected country has a figure in the decade.
    """
    known = profile.dropna(subset=["cv"])
    if known.empty:
        return None
    leader = profile.sort_values("years_largest", ascending=False, kind="stable").iloc[0]
    steadiest = known.sort_values("cv", kind="stable").iloc[0]
    return DecadeFinding(
        first_year=int(years[0]),
        last_year=int(years[1]),
        countries=len(profile),
        leader=str(leader["country"]),
        years_largest=int(leader["years_largest"]),
        leader_share_pct=float(leader["share_of_selected_pct"]),
        leader_cv=float(leader["cv"]),
        steadiest=str(steadiest["country"]),
        steadiest_cv=float(steadiest["cv"]),
    )


# --------------------------------------------------------------------------------------------
# The crisis test


def _flag(value: object) -> bool | None:
    """A verdict as a plain bool, ``None`` when missing (``pd.NA``)."""
    return None if pd.isna(value) else bool(value)


@dataclass(frozen=True)
class CrisisFinding:
    """The crisis test of the selected countries together, beside Korea's total trade.

    Attributes
    ----------
    windows
        The windows compared.
    countries
        The names of the countries tested together.
    pre_mean_musd, post_mean_musd, revival_mean_musd
        The window averages of the selected countries' turnover (USD million a year).
    change_after_pct, change_revival_pct
        ``post`` against ``pre`` and ``revival`` against ``post``, percent.
    declined, resurged
        The two verdicts; ``None`` when a window has a missing year.
    first_year_above_pre
        The first year after the ``post`` window above the pre-crisis average (``None``: none).
    last_year
        The last year of the series tested (``None`` when it has no value).
    korea_change_after_pct
        Korea's total trade, ``post`` against ``pre`` (``None`` when not compared).
    no_decline
        ``(country name, pre-crisis average)`` of each selected country whose trade did not
        fall, when more than one country is tested.
    """

    windows: CrisisWindows
    countries: tuple[str, ...]
    pre_mean_musd: float
    post_mean_musd: float
    revival_mean_musd: float
    change_after_pct: float
    change_revival_pct: float
    declined: bool | None
    resurged: bool | None
    first_year_above_pre: int | None
    last_year: int | None
    korea_change_after_pct: float | None
    no_decline: tuple[tuple[str, float], ...]


def crisis_finding(
    crisis: pd.DataFrame,
    total: pd.Series,
    korea_total: pd.Series | None = None,
    windows: CrisisWindows = CRISIS_WINDOWS,
) -> CrisisFinding:
    """Return the fact record of :func:`crisis_test`'s first row, with Korea's total beside it.

    Parameters
    ----------
    crisis
        :func:`crisis_test` (its :data:`ALL_SELECTED` row first, then one row per country).
    total
        The series tested (:func:`~.trade_history.total_turnover` of the selected countries).
    korea_total
        Korea's total trade by year (:func:`korea_total_trade`), tested over the same windows;
        ``None`` leaves the comparison out.
    windows
        The windows of ``crisis`` (default :data:`CRISIS_WINDOWS`).

    Returns
    -------
    CrisisFinding
    """
    whole = crisis.iloc[0]
    per_country = crisis.iloc[1:]
    fell_not = per_country[per_country["declined"].eq(False).fillna(False)]
    overall = crisis_test_series(korea_total, windows) if korea_total is not None else None
    known = total.dropna()
    above = None if pd.isna(whole["first_year_above_pre"]) else whole["first_year_above_pre"]
    return CrisisFinding(
        windows=windows,
        countries=tuple(lookup_country(code).name for code in per_country["scope"]),
        pre_mean_musd=float(whole["pre_mean_musd"]),
        post_mean_musd=float(whole["post_mean_musd"]),
        revival_mean_musd=float(whole["revival_mean_musd"]),
        change_after_pct=float(whole["change_after_pct"]),
        change_revival_pct=float(whole["change_revival_pct"]),
        declined=_flag(whole["declined"]),
        resurged=_flag(whole["resurged"]),
        first_year_above_pre=None if above is None else int(above),
        last_year=int(known.index.max()) if len(known) else None,
        korea_change_after_pct=None if overall is None else float(overall["change_after_pct"]),
        no_decline=tuple(
            (lookup_country(r.scope).name, float(r.pre_mean_musd)) for r in fell_not.itertuples()
        )
        if len(per_country) > 1
        else (),
    )


@dataclass(frozen=True)
class Fall:
    """The country that carries the largest part of the selected countries' fall.

    Attributes
    ----------
    iso3, country
        The country.
    fall_musd
        Its pre-crisis minus its post-crisis average, USD million a year.
    share_of_fall_pct
        Its part of the selected countries' fall, percent.
    """

    iso3: str
    country: str
    fall_musd: float
    share_of_fall_pct: float


def largest_fall(crisis: pd.DataFrame) -> Fall | None:
    """Return the country with the largest part of the fall (:func:`decline_shares`).

    Parameters
    ----------
    crisis
        :func:`crisis_test`.

    Returns
    -------
    Fall or None
        ``None`` when the selected countries' trade did not fall (no share to give) or when one
        country alone is tested (its part is the whole).
    """
    falls = decline_shares(crisis).sort_values("fall_musd", ascending=False, kind="stable")
    if len(falls) < 2 or pd.isna(falls["share_of_fall_pct"].iloc[0]):
        return None
    top = falls.iloc[0]
    return Fall(
        iso3=str(top["scope"]),
        country=lookup_country(str(top["scope"])).name,
        fall_musd=float(top["fall_musd"]),
        share_of_fall_pct=float(top["share_of_fall_pct"]),
    )
