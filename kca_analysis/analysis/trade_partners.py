"""Korea among Central Asia's trade partners (Correlates of War): turnover and shares.

COW has no world total in this extract, so every share here is of the trade with the *compared
partners* (Korea plus the powers chosen), labelled as such; it is not a share of all trade. A
year in which any compared partner lacks a figure has no share: a gap is never read as zero.

One implementation (:func:`_shares`) answers both readings of "the partner shares": Korea's
share of each state's trade (:func:`korea_partner_share`, the history notebook) and each
partner's share of the five's trade together (:func:`partner_shares`, claim C20 and the
notebook's regional view).

COW's coverage gaps (a zero before a pair's first reported year, a dyad-year absent from COW:
``coverage == "gap"``, applied by :func:`kca_analysis.data.load_cow_trade`) are missing values
here, so no share is computed over them; :func:`coverage_gaps` lists them and
:func:`first_complete_year` gives the earliest baseline the data allow. The fact records the
notebook words are in :mod:`.trade_partners_facts`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kca_analysis import data
from kca_analysis.countries import CENTRAL_ASIA, KOREA, PARTNERS

from .trade_history import MILLION

__all__ = [
    "END_YEARS",
    "compared_partners",
    "coverage_gaps",
    "first_complete_year",
    "incomplete_years",
    "korea_partner_share",
    "partner_shares",
    "partner_turnover",
    "share_change",
    "share_summary",
]


#: How many complete years :func:`share_change` averages at each end of the series.
END_YEARS = 3


def partner_turnover(cow: pd.DataFrame) -> pd.DataFrame:
    """Return each Central Asian state's turnover with each partner (COW; USD million).

    Turnover is the state's exports plus imports; missing when either flow is missing.

    Parameters
    ----------
    cow
        :func:`kca_analysis.data.load_cow_trade`.

    Returns
    -------
    DataFrame
        ``year, iso3, country, partner, partner_iso3, turnover_musd``.
    """
    keys = ["year", "iso3", "country", "partner", "partner_iso3"]
    # set_index/unstack rather than pivot_table(dropna=False), which would cross every key
    # level with every other (Kazakhstan x UZB) and invent rows.
    wide = cow.set_index([*keys, "flow"])["value_usd"].unstack("flow")
    wide = wide.reindex(columns=["export", "import"]).reset_index()
    wide.columns.name = None
    wide["turnover_musd"] = (wide["export"] + wide["import"]) / MILLION
    return wide.drop(columns=["export", "import"]).sort_values(["iso3", "partner_iso3", "year"])


def compared_partners(partners: Sequence[str]) -> list[str]:
    """Return Korea followed by ``partners`` (ISO3 codes; Korea is not repeated).

    Parameters
    ----------
    partners
        ISO3 codes (see :func:`kca_analysis.vocab.resolve_partners`).

    Returns
    -------
    list of str
    """
    return [KOREA.iso3, *[p for p in partners if p != KOREA.iso3]]


def _shares(turnover: pd.DataFrame, compared: list[str], keys: list[str]) -> pd.DataFrame:
    """Each compared partner's share of the trade of each ``keys`` group with them all.

    Within a group, each partner's turnover is summed over the group's states; the group is
    complete when every (state, compared partner) pair has a turnover.
    """
    rows = []
    for key, group in turnover.groupby(keys, sort=True):
        wide = group.pivot(index="iso3", columns="partner_iso3", values="turnover_musd")
        wide = wide.reindex(columns=compared)
        values = wide.sum(axis=0, min_count=len(wide))
        complete = bool(wide.notna().all().all())
        total = float(values.sum()) if complete else np.nan
        vector = values.to_numpy()
        for position, partner in enumerate(compared):
            value = vector[position]
            share = value / total * 100 if complete and total > 0 else np.nan
            rank = int((vector > value).sum() + 1) if complete else pd.NA
            rows.append((*key, partner, value, total, share, rank, len(compared), complete))
    columns = [*keys, "partner_iso3", "turnover_musd", "total_musd", "share_pct", "rank"]
    frame = pd.DataFrame(rows, columns=[*columns, "compared", "complete"])
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def korea_partner_share(cow: pd.DataFrame, partners: Sequence[str]) -> pd.DataFrame:
    """Return Korea's share of each state's trade with Korea and the chosen partners, by year.

    Parameters
    ----------
    cow
        :func:`kca_analysis.data.load_cow_trade`.
    partners
        ISO3 codes (see :func:`kca_analysis.vocab.resolve_partners`); Korea is added.

    Returns
    -------
    DataFrame
        ``year, iso3, country, korea_musd, partners_total_musd, korea_share_pct, korea_rank``
        (1 = largest of the compared partners), ``compared`` (how many, Korea included) and
        ``complete`` (every compared partner has a figure that year).
    """
    compared = compared_partners(partners)
    turnover = partner_turnover(cow)
    turnover = turnover[turnover["partner_iso3"].isin(compared)]
    shares = _shares(turnover, compared, ["year", "iso3", "country"])
    korea = shares[shares["partner_iso3"] == KOREA.iso3].drop(columns="partner_iso3")
    korea = korea.rename(
        columns={
            "turnover_musd": "korea_musd",
            "total_musd": "partners_total_musd",
            "share_pct": "korea_share_pct",
            "rank": "korea_rank",
        }
    )
    korea["year"] = korea["year"].astype("int64")
    return korea.reset_index(drop=True)


def partner_shares(
    cow: pd.DataFrame, partners: Sequence[str], countries: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return each compared partner's share of the states' trade with them all, by year.

    The states are taken together: each partner's turnover is summed over them, and a year is
    complete only when every state's trade with every compared partner is recorded.

    Parameters
    ----------
    cow
        :func:`kca_analysis.data.load_cow_trade`.
    partners
        ISO3 codes; Korea is added (:func:`compared_partners`).
    countries
        ISO3 codes of the states taken together (default: every state in ``cow``).

    Returns
    -------
    DataFrame
        ``year, partner_iso3, partner, turnover_musd, total_musd, share_pct, rank, compared,
        complete``; one row per year and compared partner.
    """
    compared = compared_partners(partners)
    turnover = partner_turnover(cow)
    if countries is not None:
        turnover = turnover[turnover["iso3"].isin(list(countries))]
    turnover = turnover[turnover["partner_iso3"].isin(compared)]
    states = sorted(set(turnover["iso3"]))
    # A state absent from a year's rows is a gap too: give every year every state.
    grid = pd.MultiIndex.from_product(
        [sorted(set(turnover["year"])), states, compared], names=["year", "iso3", "partner_iso3"]
    )
    full = turnover.set_index(["year", "iso3", "partner_iso3"])["turnover_musd"].reindex(grid)
    shares = _shares(full.reset_index(), compared, ["year"])
    names = {c.iso3: c.name for c in PARTNERS}
    shares.insert(2, "partner", shares["partner_iso3"].map(names))
    shares["year"] = shares["year"].astype("int64")
    return shares


def incomplete_years(shares: pd.DataFrame) -> list[int]:
    """Return the years of :func:`partner_shares` left without shares (a figure is missing).

    Parameters
    ----------
    shares
        :func:`partner_shares`.

    Returns
    -------
    list of int
    """
    return sorted(int(y) for y in set(shares.loc[~shares["complete"], "year"]))


def share_change(shares: pd.DataFrame, years: int = END_YEARS) -> pd.DataFrame:
    """Compare each partner's average share over the first and the last complete years.

    Parameters
    ----------
    shares
        :func:`partner_shares`.
    years
        How many complete years to average at each end (default :data:`END_YEARS`).

    Returns
    -------
    DataFrame
        ``partner_iso3, partner, first_start, first_end, last_start, last_end,
        share_first_pct, share_last_pct, change_pct`` (the relative change of the share,
        percent), one row per compared partner; empty when there are fewer than ``2 * years``
        complete years (the two ends would overlap).

    Raises
    ------
    ValueError
        When ``years`` is not positive.
    """
    if years < 1:
        raise ValueError(f"share_change needs years >= 1, got {years}")
    complete = shares[shares["complete"]]
    wide = complete.pivot(index="year", columns="partner_iso3", values="share_pct").sort_index()
    columns = [
        "partner_iso3",
        "partner",
        "first_start",
        "first_end",
        "last_start",
        "last_end",
        "share_first_pct",
        "share_last_pct",
        "change_pct",
    ]
    if len(wide) < 2 * years:
        return pd.DataFrame(columns=columns)
    first, last = wide.iloc[:years], wide.iloc[-years:]
    order = list(dict.fromkeys(complete["partner_iso3"]))
    names = dict(zip(complete["partner_iso3"], complete["partner"], strict=False))
    rows = []
    for code in order:
        before, after = float(first[code].mean()), float(last[code].mean())
        change = (after / before - 1) * 100 if before else np.nan
        span = (int(first.index[0]), int(first.index[-1]), int(last.index[0]), int(last.index[-1]))
        rows.append((code, names[code], *span, before, after, change))
    return pd.DataFrame(rows, columns=columns)


_SUMMARY_COLUMNS = [
    "iso3",
    "country",
    "first_year",
    "last_year",
    "years",
    "share_first_pct",
    "share_last_pct",
    "share_min_pct",
    "share_max_pct",
    "best_rank",
    "worst_rank",
    "compared",
]


def share_summary(shares: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`korea_partner_share` per country over its complete years.

    Parameters
    ----------
    shares
        :func:`korea_partner_share`.

    Returns
    -------
    DataFrame
        ``iso3, country, first_year, last_year, years, share_first_pct, share_last_pct,
        share_min_pct, share_max_pct, best_rank, worst_rank, compared`` (no row, but these
        columns, when no year is complete).
    """
    rows = []
    for (code, country), group in shares[shares["complete"]].groupby(["iso3", "country"]):
        group = group.sort_values("year")
        rows.append(
            {
                "iso3": code,
                "country": country,
                "first_year": int(group["year"].iloc[0]),
                "last_year": int(group["year"].iloc[-1]),
                "years": len(group),
                "share_first_pct": float(group["korea_share_pct"].iloc[0]),
                "share_last_pct": float(group["korea_share_pct"].iloc[-1]),
                "share_min_pct": float(group["korea_share_pct"].min()),
                "share_max_pct": float(group["korea_share_pct"].max()),
                "best_rank": int(group["korea_rank"].min()),
                "worst_rank": int(group["korea_rank"].max()),
                "compared": int(group["compared"].iloc[0]),
            }
        )
    order = [c.iso3 for c in CENTRAL_ASIA]
    frame = pd.DataFrame(rows, columns=_SUMMARY_COLUMNS)
    if frame.empty:
        return frame
    frame = frame.sort_values("iso3", key=lambda c: c.map(order.index))
    return frame.reset_index(drop=True)


def _compared_rows(
    cow: pd.DataFrame, partners: Sequence[str], countries: Sequence[str] | None
) -> pd.DataFrame:
    """COW's rows of the selected states with the compared partners (Korea included)."""
    rows = cow[cow["partner_iso3"].isin(compared_partners(partners))]
    return rows if countries is None else rows[rows["iso3"].isin(list(countries))]


def coverage_gaps(
    cow: pd.DataFrame, partners: Sequence[str], countries: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return the (state, compared partner) pairs COW does not cover in some years, and why.

    Parameters
    ----------
    cow
        :func:`kca_analysis.data.load_cow_trade` (with ``coverage`` and ``gap_reason``).
    partners
        ISO3 codes; Korea is added (:func:`compared_partners`).
    countries
        ISO3 codes of the states (default: every state in ``cow``).

    Returns
    -------
    DataFrame
        ``partner_iso3, partner, iso3, country, years`` (tuple of the gap years) and
        ``reasons`` (tuple of ``gap_reason`` values: ``leading_zero``, ``absent``,
        ``missing``), one row per pair with a gap, in the order of the compared partners and
        of the five.
    """
    rows = _compared_rows(cow, partners, countries)
    gaps = rows[rows["coverage"] == "gap"]
    out = []
    order = compared_partners(partners)
    states = [c.iso3 for c in CENTRAL_ASIA]
    for (partner_iso3, iso3), group in gaps.groupby(["partner_iso3", "iso3"], sort=False):
        out.append(
            {
                "partner_iso3": partner_iso3,
                "partner": str(group["partner"].iloc[0]),
                "iso3": iso3,
                "country": str(group["country"].iloc[0]),
                "years": tuple(sorted({int(y) for y in group["year"]})),
                "reasons": tuple(sorted(set(group["gap_reason"].dropna()))),
            }
        )
    frame = pd.DataFrame(
        out, columns=["partner_iso3", "partner", "iso3", "country", "years", "reasons"]
    )
    if frame.empty:
        return frame
    frame = frame.sort_values(
        ["partner_iso3", "iso3"],
        key=lambda c: c.map(order.index if c.name == "partner_iso3" else states.index),
    )
    return frame.reset_index(drop=True)


def first_complete_year(
    cow: pd.DataFrame, partners: Sequence[str], countries: Sequence[str] | None = None
) -> int | None:
    """Return the earliest baseline the data allow for the partners' shares.

    The first year from which COW records every pair of the selected states and compared
    partners (:func:`kca_analysis.data.first_complete_year` over those rows).

    Parameters
    ----------
    cow
        :func:`kca_analysis.data.load_cow_trade` (with ``coverage``).
    partners
        ISO3 codes; Korea is added (:func:`compared_partners`).
    countries
        ISO3 codes of the states (default: every state in ``cow``).

    Returns
    -------
    int or None
        ``None`` when the last year itself has a gap (or there is no row).
    """
    rows = _compared_rows(cow, partners, countries)
    return data.first_complete_year(rows) if len(rows) else None
