"""Sentences of Korea among Central Asia's trade partners (01_history): coverage, ranks, shares.

Each function turns a fact record of :mod:`kca_analysis.analysis.trade_partners_facts` into
Markdown; ``korea_share_title`` and ``korea_share_source`` are the share figure's title and
source line. A year without a figure for some pair is a coverage gap, never a zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from kca_analysis.analysis.trade_partners_facts import (
    CoverageBaseline,
    KoreaRank,
    KoreaRanks,
    RegionalShift,
)

from .format import format_names, format_years
from .history import year_span

__all__ = [
    "GAP_REASONS",
    "coverage",
    "korea_ranks",
    "korea_share_source",
    "korea_share_title",
    "regional_finding",
    "regional_window",
]

#: How each ``gap_reason`` of the COW data reads in a sentence.
GAP_REASONS = {
    "leading_zero": "recorded as 0 before the pair's first reported year",
    "absent": "absent from COW",
    "missing": "left blank by COW",
}


def coverage(baseline: CoverageBaseline) -> str:
    """Say from which year COW records every pair, and which pairs it does not record before.

    Parameters
    ----------
    baseline
        :func:`kca_analysis.analysis.trade_partners_facts.coverage_baseline`.

    Returns
    -------
    str
        Markdown.
    """
    data = year_span(baseline.first_year, baseline.last_year)
    if not baseline.gaps:
        return (
            f"COW records every pair of the selected states and compared partners in {data}: "
            "no coverage gap."
        )
    if baseline.first_complete_year is None:
        head = (
            f"COW leaves some pair of the selected states and compared partners without a "
            f"figure in its last year ({baseline.last_year}): no year is a complete baseline."
        )
    else:
        head = (
            f"COW records every pair of the selected states and compared partners only from "
            f"**{baseline.first_complete_year}**: the earliest baseline the data allow for a "
            "partner's share."
        )
    lines = [
        f"- {gap.partner} with {format_names(gap.countries)}: {format_years(gap.years)} "
        f"({' or '.join(GAP_REASONS.get(r, r) for r in gap.reasons)})"
        for gap in baseline.gaps
    ]
    return (
        f"{head} Before it, these pairs have no figure (coverage gaps: shown as gaps and left "
        "out of every share, never read as zero):\n\n" + "\n".join(lines)
    )


def korea_ranks(ranks: KoreaRanks) -> str:
    """List Korea's rank and share in each selected state, or say why there is none.

    Parameters
    ----------
    ranks
        :func:`kca_analysis.analysis.trade_partners.korea_ranks`.

    Returns
    -------
    str
        Markdown.
    """
    window = year_span(ranks.start_year, ranks.end_year)
    data = year_span(ranks.data_first, ranks.data_last)
    if not ranks.ranks:
        if ranks.end_year < ranks.data_first or ranks.start_year > ranks.data_last:
            return (
                f"COW gives the partner trade for {data}, outside the years shown ({window}): "
                "no share is shown."
            )
        return f"No year of {window} has a figure for every compared partner: no share is shown."
    if ranks.partner_names:
        head = (
            f"Korea's rank among the {len(ranks.partner_names) + 1} compared partners (Korea and "
            f"{', '.join(ranks.partner_names)}), COW turnover:"
        )
    else:
        head = (
            "No partner is compared with Korea (`partners` is empty), so Korea's share is 100% "
            "wherever it trades, by construction; COW turnover:"
        )
    outside = [
        year_span(first, last)
        for first, last in (
            (ranks.data_first, min(ranks.data_last, ranks.start_year - 1)),
            (max(ranks.data_first, ranks.end_year + 1), ranks.data_last),
        )
        if first <= last
    ]
    if outside:
        head = (
            f"COW gives the partner trade for {data}; {' and '.join(outside)} fall outside the "
            f"years shown and are left out. {head}"
        )
    out = head + "\n\n" + "\n".join(_rank_line(r) for r in ranks.ranks)
    if ranks.no_share:
        listed = "; ".join(f"{country} {format_years(years)}" for country, years in ranks.no_share)
        out += (
            "\n\nYears shown without a share (a compared partner's trade has no figure, a "
            f"coverage gap): {listed}."
        )
    return out


def _share(value: float) -> str:
    """A share in percent, or why there is none (the compared partners' trade is zero)."""
    return f"{value:.1f}%" if value == value else "no share (zero trade with all of them)"


def _rank_line(rank: KoreaRank) -> str:
    ranked = (
        str(rank.best_rank)
        if rank.best_rank == rank.worst_rank
        else f"{rank.best_rank}-{rank.worst_rank}"
    )
    return (
        f"- {rank.country}: Korea ranked {ranked} of {rank.compared}; its share moved from "
        f"{_share(rank.share_first_pct)} ({rank.first_year}) to {_share(rank.share_last_pct)} "
        f"({rank.last_year})"
    )


def korea_share_title(partner_names: Sequence[str]) -> str:
    """The share figure's title: whose trade, as a share of what.

    Parameters
    ----------
    partner_names
        The powers compared with Korea.

    Returns
    -------
    str
    """
    if not partner_names:
        return "Each state's trade with Korea, as a % of its trade with Korea alone"
    return (
        "Each state's trade with Korea, as a % of its trade with the "
        f"{len(partner_names) + 1} compared partners (Korea included)"
    )


def korea_share_source(partner_names: Sequence[str]) -> str:
    """The source line of Korea's share among the partners.

    Parameters
    ----------
    partner_names
        The powers compared with Korea.

    Returns
    -------
    str
    """
    compared = ", ".join(["Korea", *partner_names]) if partner_names else "Korea alone"
    return (
        "Source: Correlates of War Trade v4.0 (each state's exports + imports with each "
        f"partner). Compared: {compared}. Not a share of all trade. Grey bands: years in which "
        "a state has no share (a compared partner's trade not yet recorded: a coverage gap)."
    )


def regional_window(shift: RegionalShift) -> str:
    """Say which years the regional shares average and which they leave out.

    Parameters
    ----------
    shift
        :func:`kca_analysis.analysis.trade_partners.regional_shift`.

    Returns
    -------
    str
        Markdown.
    """
    left_out = format_years(shift.left_out) or "no year"
    # A year left out lacks a figure in the data (a state's trade with a compared partner).
    gap = (
        "left out because a state's trade with a compared partner has no figure (a coverage "
        f"gap, not a zero): {left_out}."
    )
    if shift.baseline_year is not None:
        gap += f" The earliest baseline the data allow is {shift.baseline_year}."
    if shift.first_span is None:
        return (
            f"Fewer than {2 * shift.years_averaged} complete years (two spans of "
            f"{shift.years_averaged}) fall within the years shown: no averages"
            + (f"; {gap}" if shift.left_out else ".")
        )
    return f"Averages of the first and of the last {shift.years_averaged} complete years; {gap}"


def regional_finding(shift: RegionalShift) -> str:
    """The finding of the partners section: Korea's share and the largest riser's.

    Parameters
    ----------
    shift
        :func:`kca_analysis.analysis.trade_partners.regional_shift`.

    Returns
    -------
    str
        Markdown.
    """
    if shift.first_span is None:
        return (
            "**Finding:** the years shown hold too few complete years of partner trade to compare "
            "the partners' shares."
        )
    first, last = year_span(*shift.first_span), year_span(*shift.last_span)
    out = (
        "**Finding:** Korea's share of the selected states' trade with the compared partners "
        f"went from {shift.korea_first_pct:.1f}% ({first}) to {shift.korea_last_pct:.1f}% ({last})"
    )
    if shift.riser is not None:
        out += (
            f", while {shift.riser}'s, the largest gain, went from {shift.riser_first_pct:.1f}% "
            f"to {shift.riser_last_pct:.1f}%"
        )
    return out + "."
