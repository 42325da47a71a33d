"""Claims about Korea's trade with the five over time (C04-C06), read from COW.

Each check computes through the analysis layer, with the functions the history notebook calls:
:func:`kca_analysis.analysis.crisis.decline_reading` (the decline after 1997, its trough and
who carried it), :func:`~kca_analysis.analysis.crisis.growth_since` and
:func:`~kca_analysis.analysis.trade_history.early_decade_profile`. Trade stands in for the
paper's "interest" and "partnership"; the evidence says so. Thresholds and wording stay here.
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.analysis import crisis, trade_basis, trade_history
from kca_analysis.countries import CENTRAL_ASIA_ISO3, KOREA, country_name

from .evidence import Data, Verdict, mark, pct, rows_at, source_ref, verdict_by_parts

__all__ = [
    "EARLY_2000S",
    "EXPANSION_UNTIL",
    "FIRST_DECADE",
    "STABLE_LEADER_SHARE",
    "check_1997_decline",
    "check_2000s_resurgence",
    "check_stable_partner",
    "korea_turnover",
]

#: "the early 2000s", when the resurgence must start (C05).
EARLY_2000S = (2000, 2004)
#: The resurgence check needs the series up to this year at least (C05).
EXPANSION_UNTIL = 2006
#: "the initial decade after independence" (C06), as 01_history reads it from 1992.
FIRST_DECADE = (1992, 2001)
#: "most stable partner": the largest partner in at least this share of the years.
STABLE_LEADER_SHARE = 0.8


def korea_turnover(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Return Korea's COW turnover with each of the five, from the rows at the confidence level.

    Parameters
    ----------
    data
        The datasets (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the COW rows used.

    Returns
    -------
    DataFrame
        :func:`kca_analysis.analysis.trade_history.turnover_history` of COW alone; total it
        with :func:`~kca_analysis.analysis.trade_history.total_turnover` or
        :func:`~kca_analysis.analysis.trade_history.korea_trade_by_year`.
    """
    frame, _ = rows_at(data, "cow_trade", min_confidence)
    history_rows = trade_history.trade_history(frame, None, None, countries=CENTRAL_ASIA_ISO3)
    return trade_history.turnover_history(history_rows)


def _cow_sources(data: Data, min_confidence: str, selector: str) -> tuple[str, ...]:
    frame, _ = rows_at(data, "cow_trade", min_confidence)
    used = frame[frame["partner_iso3"] == KOREA.iso3]
    return (source_ref("cow_trade", selector, used),)


def _total(turnover: pd.DataFrame) -> pd.Series:
    """Korea's turnover with all five by year (missing where any lacks a figure)."""
    return trade_history.total_turnover(turnover, trade_history.SERIES_COW, CENTRAL_ASIA_ISO3)


def _reasons(turnover: pd.DataFrame) -> str:
    """What the derived turnovers were computed from, each once, without the arithmetic."""
    notes = turnover.loc[turnover["basis"] == "derived", "derived_from"]
    return "; ".join(dict.fromkeys(trade_basis.basis_reason(n) for n in notes))


def check_1997_decline(data: Data, min_confidence: str) -> Verdict:
    """C04: a temporary decline of interest after the 1997 crisis, with trade standing in.

    Trade tests the decline and its end; the interest and the crisis as its cause are not in
    the data, so a decline followed by a recovery is "supported for some, not testable for
    others", never "supported".

    The decline is 01_history's, from one function
    (:func:`kca_analysis.analysis.crisis.decline_reading`): the average turnover of the windows
    before and after the crisis; it is temporary when a later year is back above the
    pre-crisis average. The evidence gives Uzbekistan's part of that fall, the low point, and a
    second measure named as such (the last pre-crisis year to the low point).

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
    windows = crisis.CRISIS_WINDOWS
    turnover = korea_turnover(data, min_confidence)
    sources = _cow_sources(data, min_confidence, "partner=South Korea, 1992-2014")
    reading = crisis.decline_reading(turnover, CENTRAL_ASIA_ISO3, windows=windows)
    whole = reading.test.set_index("scope").loc[crisis.ALL_SELECTED]
    pre, post = windows.pre, windows.post
    if pd.isna(whole["declined"]):
        return Verdict(
            "not testable",
            f"Korea's trade with the five is not in the data for every year of {pre[0]}-{pre[1]} "
            f"and {post[0]}-{post[1]} at min_confidence={min_confidence}; COW or IMF DOTS "
            "annual trade would settle it.",
            sources,
        )
    recovered = whole["first_year_above_pre"]
    # The claim is about interest and its cause; trade can test only the decline and its end.
    if not whole["declined"]:
        verdict = "contradicted"
    elif pd.isna(recovered):
        verdict = "partly supported"
    else:
        verdict = "supported for some, not testable for others"
    recovered_text = (
        f"no year up to {int(reading.total.dropna().index.max())}"
        if pd.isna(recovered)
        else str(int(recovered))
    )
    low = reading.low
    low_text = f"; lowest USD {low.value_musd:,.0f} m in {low.year}" if low else ""
    uzb_text = ""
    uzb_share = reading.share_of_fall_pct("UZB")
    if uzb_share is not None:
        uzb = reading.test.set_index("scope").loc["UZB"]
        uzb_text = (
            f" Uzbekistan: USD {uzb['pre_mean_musd']:,.0f} m a year before, USD "
            f"{uzb['post_mean_musd']:,.0f} m after, {uzb_share:.0f}% of the fall between the "
            "window averages."
        )
    to_low = reading.year_to_low
    to_low_share = to_low.share_pct("UZB") if to_low else None
    second = (
        f" A second measure, the fall from the last pre-crisis year to the low point "
        f"({to_low.from_year} to {to_low.to_year}, USD {to_low.fall_musd:,.0f} m), gives "
        f"Uzbekistan {to_low_share:.0f}% of it; the test uses the window averages."
        if to_low_share is not None
        else ""
    )
    # Worded as text.crisis.crisis_windows does in 01_history (claims may not import text/).
    named = ", ".join(f"{name} {first}-{last}" for name, (first, last) in windows.named())
    evidence = (
        "Trade stands in for interest (the data hold no measure of interest itself). Korea's "
        f"trade with the five (COW, exports + imports), window averages as 01_history tests "
        f"them ({named}): USD {whole['pre_mean_musd']:,.0f} m a year in {pre[0]}-{pre[1]}, "
        f"USD {whole['post_mean_musd']:,.0f} m in {post[0]}-{post[1]} "
        f"({whole['change_after_pct']:+.1f}%){low_text}; first back above the {pre[0]}-{pre[1]} "
        f"average in {recovered_text}.{uzb_text}{second} The data cannot attribute the fall to "
        "the 1997 crisis rather than to other causes, nor measure interest: Korean investment "
        "commitments, official visits or embassy activity by year would settle those parts. "
        "Data: cow_trade_1992_2014.csv."
    )
    facts = {
        "change_after_pct": float(whole["change_after_pct"]),
        "low_year": low.year if low else None,
        "first_year_above_pre": None if pd.isna(recovered) else int(recovered),
        "uzb_share_of_fall_pct": uzb_share,
        "uzb_share_to_low_pct": to_low_share,
    }
    return Verdict(verdict, evidence, sources, facts)


def check_2000s_resurgence(data: Data, min_confidence: str) -> Verdict:
    """C05: a resurgence from the early 2000s and a gradual expansion.

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
    windows = crisis.CRISIS_WINDOWS
    turnover = korea_turnover(data, min_confidence)
    total = _total(turnover)
    sources = _cow_sources(data, min_confidence, "partner=South Korea, 1992-2014")
    low = crisis.low_point(total, windows)
    known = total.dropna()
    if low is None or known.empty or known.index.max() < EXPANSION_UNTIL:
        return Verdict(
            "not testable",
            f"Korea's trade with the five for {windows.post[0]}-{EXPANSION_UNTIL} is not in the "
            f"data at min_confidence={min_confidence}; annual trade series would settle it.",
            sources,
        )
    growth = crisis.growth_since(total, low.year)
    growing = bool(growth.rises >= 2 * growth.changes / 3 and growth.multiple >= 2)
    # Whose figures the later years are: COW derives some from Korea's own report.
    cow_rows = turnover[
        (turnover["series"] == trade_history.SERIES_COW)
        & turnover["year"].isin(
            trade_history.derived_years(turnover, trade_history.SERIES_COW, CENTRAL_ASIA_ISO3)
        )
        & turnover["year"].between(low.year, growth.last_year)
        & turnover["turnover_musd"].notna()
    ]
    derived = sorted({int(y) for y in cow_rows["year"]})
    early = EARLY_2000S[0] <= low.year <= EARLY_2000S[1]
    if not growing:
        verdict = "contradicted"
    else:
        verdict = "supported" if early else "partly supported"
    whole = crisis.crisis_test(turnover, CENTRAL_ASIA_ISO3, windows=windows).iloc[0]
    revival = (
        f" The {windows.revival[0]}-{windows.revival[1]} average was "
        f"{whole['change_revival_pct']:+.1f}% on the {windows.post[0]}-{windows.post[1]} "
        "average (01_history's resurgence test)."
        if pd.notna(whole["change_revival_pct"])
        else ""
    )
    evidence = (
        f"Lowest year of Korea's trade with the five in {low.first_year}-{low.last_year}: "
        f"{low.year} (USD {low.value_musd:,.0f} m; 'early 2000s' = "
        f"{EARLY_2000S[0]}-{EARLY_2000S[1]}: {mark(early)}). From {low.year} to "
        f"{growth.last_year} trade rose in {growth.rises} of {growth.changes} years and grew "
        f"{growth.multiple:.1f}x (USD {growth.last_musd:,.0f} m in {growth.last_year}; "
        f"{growth.annual_growth_pct:.1f}% a year); expansion counted when it rises in at least "
        f"two thirds of the years and at least doubles.{revival}"
        + (
            f" In {derived[0]}-{derived[-1]}, {int((cow_rows['basis'] == 'derived').sum())} of "
            f"COW's {len(cow_rows)} yearly figures for the five take Korea's exports from "
            f"{_reasons(cow_rows)} (basis = derived), not from the importer's report."
            if derived
            else ""
        )
        + " Data: cow_trade_1992_2014.csv."
    )
    facts = {
        "low_year": low.year,
        "low_musd": low.value_musd,
        "years_rising": growth.rises,
        "years_compared": growth.changes,
        "growth_multiple": growth.multiple,
        "annual_growth_pct": growth.annual_growth_pct,
    }
    return Verdict(verdict, evidence, sources, facts)


def check_stable_partner(data: Data, min_confidence: str) -> Verdict:
    """C06: Uzbekistan the most stable partner in the first decade (1992-2001).

    Both readings are 01_history's
    (:func:`kca_analysis.analysis.trade_history.early_decade_profile`): how often a country was
    Korea's largest Central Asian partner, and how much its annual trade varied (coefficient of
    variation).

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
    turnover = korea_turnover(data, min_confidence)
    first, last = FIRST_DECADE
    sources = _cow_sources(data, min_confidence, f"partner=South Korea, {first}-{last}")
    leaders = trade_history.yearly_leaders(turnover, CENTRAL_ASIA_ISO3, FIRST_DECADE)
    if leaders.empty:
        return Verdict(
            "not testable",
            f"Korea's trade with each of the five in {first}-{last} is not in the data at "
            f"min_confidence={min_confidence}; annual bilateral trade would settle it.",
            sources,
        )
    profile = trade_history.early_decade_profile(turnover, CENTRAL_ASIA_ISO3, FIRST_DECADE)
    profile = profile.set_index("iso3")
    led = int(profile.at["UZB", "years_largest"])
    share = led / len(leaders)
    others_led = ", ".join(
        f"{country_name(c)} in {', '.join(str(y) for y in leaders.index[leaders == c])}"
        for c in CENTRAL_ASIA_ISO3
        if c != "UZB" and (leaders == c).any()
    )
    variation = profile["cv"].dropna().sort_values(kind="stable")
    steadiest = variation.index[0] if len(variation) else None
    leader_ok = share >= STABLE_LEADER_SHARE
    steady_ok = steadiest == "UZB" if steadiest else None
    verdict = verdict_by_parts([leader_ok, steady_ok])
    cv_text = ", ".join(f"{country_name(c)} {variation[c]:.2f}" for c in variation.index)
    disagree = (
        " The largest partner throughout, but its trade varied more than "
        f"{country_name(steadiest)}'s: the two measures disagree."
        if leader_ok and steady_ok is False
        else ""
    )
    evidence = (
        f"{first}-{last} (COW): Uzbekistan was Korea's largest Central Asian trade partner in "
        f"{led} of {len(leaders)} years ({pct(share)}; threshold {pct(STABLE_LEADER_SHARE)})"
        + (f"; {others_led}" if others_led else "")
        + ". Variation of annual trade (coefficient of variation, standard deviation / mean, "
        f"as in 01_history; lower is steadier): {cv_text or 'n/a'}; the steadiest: "
        f"{country_name(steadiest) if steadiest else 'none'}.{disagree}"
        " Data: cow_trade_1992_2014.csv."
    )
    facts = {
        "years_uzb_largest": led,
        "years_ranked": len(leaders),
        "uzb_largest_share_pct": share * 100,
        "threshold_pct": STABLE_LEADER_SHARE * 100,
        "cv_uzb": variation.get("UZB"),
        "steadiest": country_name(steadiest) if steadiest else None,
    }
    return Verdict(verdict, evidence, sources, facts)
