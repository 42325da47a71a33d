"""Fact records of Korea among Central Asia's trade partners (01_history, worded by
:mod:`kca_analysis.text.trade_partners`): Korea's rank in each state, the regional shift of the
partners' shares, and the coverage of the partner trade (the baseline the data allow).

Each function takes what :mod:`.trade_partners` computed and returns a small frozen record; no
prose is assembled here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import KOREA

from .trade_partners import END_YEARS

__all__ = [
    "CoverageBaseline",
    "CoverageGap",
    "KoreaRank",
    "KoreaRanks",
    "RegionalShift",
    "coverage_baseline",
    "korea_ranks",
    "regional_shift",
]


@dataclass(frozen=True)
class KoreaRank:
    """Korea's rank and share among the compared partners of one state, over its complete years.

    Attributes
    ----------
    country
        The state.
    best_rank, worst_rank, compared
        Korea's best and worst rank (1 = largest) among ``compared`` partners, Korea included.
    first_year, share_first_pct, last_year, share_last_pct
        Korea's share in the first and the last complete year, percent.
    """

    country: str
    best_rank: int
    worst_rank: int
    compared: int
    first_year: int
    share_first_pct: float
    last_year: int
    share_last_pct: float


@dataclass(frozen=True)
class KoreaRanks:
    """Korea's rank in each selected state, with what the data and the window allow.

    Attributes
    ----------
    partner_names
        The powers compared with Korea.
    start_year, end_year
        The years shown.
    data_first, data_last
        The years of the partner trade in the data (COW).
    ranks
        One :class:`KoreaRank` per state with a complete year in the window.
    no_share
        ``(state, years)``: the years of the window in which a state has no share, because its
        trade with a compared partner has no figure (a coverage gap, not a zero).
    """

    partner_names: tuple[str, ...]
    start_year: int
    end_year: int
    data_first: int
    data_last: int
    ranks: tuple[KoreaRank, ...]
    no_share: tuple[tuple[str, tuple[int, ...]], ...] = ()


def korea_ranks(
    summary: pd.DataFrame,
    cow: pd.DataFrame,
    partner_names: Sequence[str],
    years: tuple[int, int],
    shares: pd.DataFrame | None = None,
) -> KoreaRanks:
    """Return Korea's rank in each state of :func:`~.trade_partners.share_summary`.

    Parameters
    ----------
    summary
        :func:`~.trade_partners.share_summary` of the years shown.
    cow
        :func:`kca_analysis.data.load_cow_trade` (for the years the data cover).
    partner_names
        The powers compared with Korea.
    years
        The years shown (first, last).
    shares
        :func:`~.trade_partners.korea_partner_share` of the years shown, for the years without
        a share (default: none listed).

    Returns
    -------
    KoreaRanks
    """
    ranks = tuple(
        KoreaRank(
            country=str(r.country),
            best_rank=int(r.best_rank),
            worst_rank=int(r.worst_rank),
            compared=int(r.compared),
            first_year=int(r.first_year),
            share_first_pct=float(r.share_first_pct),
            last_year=int(r.last_year),
            share_last_pct=float(r.share_last_pct),
        )
        for r in summary.itertuples()
    )
    return KoreaRanks(
        partner_names=tuple(partner_names),
        start_year=int(years[0]),
        end_year=int(years[1]),
        data_first=int(cow["year"].min()),
        data_last=int(cow["year"].max()),
        ranks=ranks,
        no_share=_no_share(shares),
    )


def _no_share(shares: pd.DataFrame | None) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """``(state, years)`` of the years without a share, in the order of the states."""
    if shares is None:
        return ()
    missing = shares[~shares["complete"]]
    return tuple(
        (str(country), tuple(sorted(int(y) for y in group["year"])))
        for country, group in missing.groupby("country", sort=False)
    )


@dataclass(frozen=True)
class RegionalShift:
    """Korea's and the largest riser's share of the selected states' trade with the partners.

    Attributes
    ----------
    years_averaged
        How many complete years are averaged at each end.
    left_out
        The years in the window without shares (a figure is missing).
    baseline_year
        The first year from which COW records every pair of the selected states and compared
        partners (:func:`~.trade_partners.first_complete_year`): the earliest baseline the
        data allow (``None`` when not given).
    first_span, last_span
        The first and the last years averaged; ``None`` when there are fewer than
        ``2 * years_averaged`` complete years.
    korea_first_pct, korea_last_pct
        Korea's average share over each span, percent.
    riser, riser_first_pct, riser_last_pct
        The partner whose share gained the most points, and its shares (``None`` when no
        partner's share rose).
    """

    years_averaged: int
    left_out: tuple[int, ...]
    baseline_year: int | None = None
    first_span: tuple[int, int] | None = None
    last_span: tuple[int, int] | None = None
    korea_first_pct: float | None = None
    korea_last_pct: float | None = None
    riser: str | None = None
    riser_first_pct: float | None = None
    riser_last_pct: float | None = None


def regional_shift(
    change: pd.DataFrame,
    left_out: Sequence[int],
    years: int = END_YEARS,
    baseline_year: int | None = None,
) -> RegionalShift:
    """Return Korea's and the largest riser's shares from :func:`~.trade_partners.share_change`.

    Parameters
    ----------
    change
        :func:`~.trade_partners.share_change` (empty when there are too few complete years).
    left_out
        :func:`~.trade_partners.incomplete_years`.
    years
        How many complete years ``change`` averages (default :data:`~.trade_partners.END_YEARS`).
    baseline_year
        :func:`~.trade_partners.first_complete_year` of the same states and partners.

    Returns
    -------
    RegionalShift
    """
    left = tuple(int(y) for y in left_out)
    if change.empty:
        return RegionalShift(int(years), left, baseline_year)
    by_code = change.set_index("partner_iso3")
    korea = by_code.loc[KOREA.iso3]
    gain = (by_code["share_last_pct"] - by_code["share_first_pct"]).drop(KOREA.iso3)
    riser = by_code.loc[gain.idxmax()] if gain.notna().any() and gain.max() > 0 else None
    return RegionalShift(
        years_averaged=int(years),
        left_out=left,
        baseline_year=baseline_year,
        first_span=(int(korea["first_start"]), int(korea["first_end"])),
        last_span=(int(korea["last_start"]), int(korea["last_end"])),
        korea_first_pct=float(korea["share_first_pct"]),
        korea_last_pct=float(korea["share_last_pct"]),
        riser=None if riser is None else str(riser["partner"]),
        riser_first_pct=None if riser is None else float(riser["share_first_pct"]),
        riser_last_pct=None if riser is None else float(riser["share_last_pct"]),
    )


@dataclass(frozen=True)
class CoverageGap:
    """Pairs of states and one compared partner that COW does not cover in the same years.

    Attributes
    ----------
    partner
        The compared partner.
    countries
        The states, in the order of the five.
    years
        The years without a figure.
    reasons
        Why (``gap_reason``): ``leading_zero`` (recorded as 0 before the pair's first reported
        year), ``absent`` (the dyad-year is not in COW), ``missing`` (COW leaves the cell blank).
    """

    partner: str
    countries: tuple[str, ...]
    years: tuple[int, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CoverageBaseline:
    """The coverage of the partner trade: its gaps, and the earliest baseline they allow.

    Attributes
    ----------
    first_year, last_year
        The years of the partner trade in the data.
    first_complete_year
        The first year from which every pair is recorded (``None``: the last year has a gap).
    gaps
        The gaps, grouped by partner, years and reasons.
    """

    first_year: int
    last_year: int
    first_complete_year: int | None
    gaps: tuple[CoverageGap, ...]


def coverage_baseline(
    gaps: pd.DataFrame, cow: pd.DataFrame, first_complete_year: int | None
) -> CoverageBaseline:
    """Return the coverage record of the partner trade.

    Parameters
    ----------
    gaps
        :func:`~.trade_partners.coverage_gaps` of the selected states and partners.
    cow
        :func:`kca_analysis.data.load_cow_trade` (for the years the data cover).
    first_complete_year
        :func:`~.trade_partners.first_complete_year` of the same states and partners.

    Returns
    -------
    CoverageBaseline
    """
    grouped: dict[tuple[str, tuple[int, ...], tuple[str, ...]], list[str]] = {}
    for row in gaps.itertuples():
        name = "Korea" if row.partner_iso3 == KOREA.iso3 else str(row.partner)
        grouped.setdefault((name, row.years, row.reasons), []).append(str(row.country))
    return CoverageBaseline(
        first_year=int(cow["year"].min()),
        last_year=int(cow["year"].max()),
        first_complete_year=first_complete_year,
        gaps=tuple(
            CoverageGap(partner, tuple(countries), years, reasons)
            for (partner, years, reasons), countries in grouped.items()
        ),
    )
