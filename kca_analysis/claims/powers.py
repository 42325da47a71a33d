"""Claim about the powers' influence in Central Asia (C20), read from their share of trade.

The shares are the history notebook's
(:func:`kca_analysis.analysis.trade_partners.partner_shares`), so that the claim and the
notebook give one answer; thresholds and wording stay here.
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.analysis import trade_partners
from kca_analysis.countries import KOREA, PARTNERS

from .evidence import Data, Verdict, dropped_note, pct, rows_at, source_ref, verdict_by_share

#: "growing influence": a partner's share must rise by more than this fraction of its start.
SHARE_CHANGE = 0.10
#: The powers the paper names.
POWERS = ("CHN", "RUS", "USA", "TUR", "IRN", "IND")
POWER_NAMES = {c.iso3: c.name for c in PARTNERS}


def _gap_note(gaps: pd.DataFrame) -> str:
    """``Russia 7 in 1992-1993, Turkey 4 in 1992``: state-years not yet recorded, per partner."""
    parts = []
    for partner, group in gaps.groupby("partner", sort=False):
        years = sorted({y for row in group["years"] for y in row})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        parts.append(f"{partner} {sum(len(row) for row in group['years'])} in {span}")
    return ", ".join(parts)


def check_powers_influence(data: Data, min_confidence: str) -> Verdict:
    """C20: the growing influence of China, Russia, the US, Turkey, Iran and India.

    Shares are :func:`kca_analysis.analysis.trade_partners.partner_shares` (as in 01_history):
    each partner's share of the five's trade with all partners in the COW extract, over the years in
    which every state's trade with every partner is recorded. COW's coverage gaps (pairs not yet
    recorded in 1992-1993) are no figure, never zero: the earliest baseline the data allow is
    :func:`kca_analysis.analysis.trade_partners.first_complete_year`. The Gulf monarchies are
    not in the data, so that part of the claim is not testable.

    Parameters
    ----------
    data
        The datasets (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    Verdict
    """
    frame, dropped = rows_at(data, "cow_trade", min_confidence)
    sources = (source_ref("cow_trade", "all partners, 1992-2014", frame),)
    in_extract = set(frame["partner_iso3"])
    others = [c.iso3 for c in PARTNERS if c.iso3 in in_extract and c.iso3 != KOREA.iso3]
    shares = trade_partners.partner_shares(frame, others) if len(frame) else None
    change = (
        trade_partners.share_change(shares).set_index("partner_iso3")
        if shares is not None
        else pd.DataFrame()
    )
    present = [p for p in POWERS if p in change.index]
    if change.empty or not present:
        level = (
            f"at min_confidence={min_confidence}{dropped_note(dropped, min_confidence)}"
            if dropped
            else "in the data"
        )
        return Verdict(
            "not testable",
            f"No {trade_partners.END_YEARS} complete years of the five's trade with the powers "
            f"{level}; bilateral trade series (COW, IMF DOTS) would settle it.",
            sources,
        )
    first = change.iloc[0]
    grew = {p: bool(change.at[p, "change_pct"] > SHARE_CHANGE * 100) for p in present}
    # The Gulf monarchies are named in the claim and absent from the data: a part not tested.
    verdict = verdict_by_share(sum(grew.values()), len(present))
    shown = ", ".join(
        f"{POWER_NAMES[p]} {change.at[p, 'share_first_pct']:.1f}% -> "
        f"{change.at[p, 'share_last_pct']:.1f}% ({change.at[p, 'change_pct']:+.0f}%)"
        for p in present
    )
    rose = [POWER_NAMES[p] for p in present if grew[p]]
    fell = [POWER_NAMES[p] for p in present if change.at[p, "change_pct"] < -SHARE_CHANGE * 100]
    flat = [
        POWER_NAMES[p] for p in present if abs(change.at[p, "change_pct"]) <= SHARE_CHANGE * 100
    ]
    korea = (
        f"; Korea {change.at[KOREA.iso3, 'share_first_pct']:.1f}% -> "
        f"{change.at[KOREA.iso3, 'share_last_pct']:.1f}%"
        if KOREA.iso3 in change.index
        else ""
    )
    left_out = trade_partners.incomplete_years(shares)
    baseline = trade_partners.first_complete_year(frame, others)
    gaps = trade_partners.coverage_gaps(frame, others)
    baseline_text = (
        f" The data allow no baseline before {baseline}, the first year from which COW "
        "records every (state, partner) pair"
        + (
            "; state-years not yet recorded before it (coverage gaps, not zeros): "
            f"{_gap_note(gaps)}"
            if len(gaps)
            else ""
        )
        + "."
        if baseline is not None
        else " COW leaves a pair without a figure in its last year, so no baseline is complete."
    )
    evidence = (
        f"Share of the five's trade with the {len(change)} partners in the COW extract, "
        f"{first['first_start']}-{first['first_end']} vs {first['last_start']}-"
        f"{first['last_end']} (averages of the first and last {trade_partners.END_YEARS} complete "
        f"years, as 01_history computes them): {shown}{korea}. {sum(grew.values())} of "
        f"{len(present)} named powers gained share (by more than {pct(SHARE_CHANGE)} of their "
        "starting share)"
        + (f": {', '.join(rose)}" if rose else "")
        + (f"; {', '.join(flat)} held steady" if flat else "")
        + (f"; {', '.join(fell)} lost share" if fell else "")
        + "."
        + baseline_text
        + (
            f" Years left out because a state's trade with a partner has no figure: "
            f"{', '.join(map(str, left_out))}."
            if left_out
            else ""
        )
        + " The Gulf monarchies are not in the data (that part is not testable); shares are of "
        "trade with the partners covered, not of world trade. Data: cow_trade_1992_2014.csv."
    )
    facts = {
        "baseline_year": baseline,
        "first_start": int(first["first_start"]),
        "last_end": int(first["last_end"]),
        "powers_named": len(present),
        "powers_gaining": sum(grew.values()),
        "threshold_pct": SHARE_CHANGE * 100,
    }
    for code in [*present, KOREA.iso3]:
        if code in change.index:
            facts[f"{code.lower()}_first_pct"] = float(change.at[code, "share_first_pct"])
            facts[f"{code.lower()}_last_pct"] = float(change.at[code, "share_last_pct"])
    return Verdict(verdict, evidence, sources, facts)
