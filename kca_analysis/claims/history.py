"""Claims about the history of the relationship (C01-C06); the powers' influence (C20) is in
:mod:`.powers`.

Each check selects its rows at the confidence level and computes through the analysis layer
(:mod:`kca_analysis.analysis.history`, ``trade_history``, ``crisis``): the same functions the
history notebook calls, so that a claim and the notebook give one answer (the decline after
1997, Korea's trade with the five by year, the first decade, the diaspora). Thresholds and
wording stay here.
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.analysis import crisis, history, trade_history
from kca_analysis.countries import CENTRAL_ASIA_ISO3, KOREA, country_name

from .evidence import (
    CORE,
    OTHERS,
    Data,
    Verdict,
    country_names,
    dropped_note,
    mark,
    pct,
    rows_at,
    source_ref,
    verdict_by_parts,
    verdict_by_share,
)

#: "around 300,000": the sum must lie within this relative distance of 300,000.
DIASPORA_TARGET = 300_000
DIASPORA_TOLERANCE = 0.10
#: Population figures count as "current" from this year (five years before the paper).
DIASPORA_SINCE = 2019
#: The year the paper dates relations with the five to.
RELATIONS_YEAR = 1992
#: "the early 2000s", when the resurgence must start (C05).
EARLY_2000S = (2000, 2004)
#: The resurgence check needs the series up to this year at least (C05).
EXPANSION_UNTIL = 2006
#: "the initial decade after independence" (C06), as 01_history reads it from 1992.
FIRST_DECADE = (1992, 2001)
#: "most stable partner": the largest partner in at least this share of the years.
STABLE_LEADER_SHARE = 0.8


# --------------------------------------------------------------------------------------------
# C01-C03: diaspora, relations, summits


def check_diaspora(data: Data, min_confidence: str) -> Verdict:
    """C01: about 300,000 ethnic Koreans in Uzbekistan and Kazakhstan together.

    The sum is the one 01_history shows: the latest figures one source gives for both at one
    date (:func:`kca_analysis.analysis.history.common_estimate`), from ``DIASPORA_SINCE`` on.

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
    frame, _ = rows_at(data, "ethnic_koreans", min_confidence)
    recent, dropped = rows_at(
        data,
        "ethnic_koreans",
        min_confidence,
        lambda f: f["iso3"].isin(CORE) & (f["year"].fillna(0) >= DIASPORA_SINCE),
    )
    estimate = history.common_estimate(recent, CORE)
    if estimate is None:
        return Verdict(
            "not testable",
            f"No figures one source gives for both Uzbekistan and Kazakhstan at one date since "
            f"{DIASPORA_SINCE} at min_confidence={min_confidence}"
            f"{dropped_note(dropped, min_confidence)}; it would take ethnic Korean counts of "
            "both countries for one reference date from one producer (census or official "
            "estimate). Data: ethnic_korean_population.csv.",
            (source_ref("ethnic_koreans", f"UZB and KAZ, year >= {DIASPORA_SINCE}", recent),),
        )
    sources = [
        source_ref(
            "ethnic_koreans",
            f"UZB and KAZ, reference date {estimate.reference_date}",
            estimate.rows,
        )
    ]
    low = DIASPORA_TARGET * (1 - DIASPORA_TOLERANCE)
    high = DIASPORA_TARGET * (1 + DIASPORA_TOLERANCE)
    within = low <= estimate.total <= high
    # "particularly in Uzbekistan and Kazakhstan": the two largest communities of the five.
    largest = history.largest_figures(frame, CENTRAL_ASIA_ISO3)
    particularly = set(largest.index[:2]) == set(CORE) if len(largest) >= 3 else None
    others = ", ".join(
        f"{country_name(c)} {int(largest[c]):,}" for c in largest.index if c in OTHERS
    )
    verdict = verdict_by_share(int(within), 1)
    if verdict == "supported" and particularly is False:
        verdict = "partly supported"
    region = frame[(frame["country"] == "Central Asia") & frame["year"].notna()]
    context = "".join(
        f" Context: {int(r['ethnic_koreans']):,} ethnic Koreans in all of Central Asia in "
        f"{int(r['year'])} ({r['original_source'].split(',')[0]})."
        for _, r in region.iterrows()
    )
    figures = " + ".join(
        f"{r.country} {int(r.ethnic_koreans):,}" for r in estimate.rows.itertuples()
    )
    evidence = (
        f"Uzbekistan + Kazakhstan, the latest figures one source gives for both at one date "
        f"(since {DIASPORA_SINCE}; as 01_history sums them): {estimate.reference_date}, "
        f"{estimate.producer} ({estimate.confidence}): {figures} = {estimate.total:,} "
        f"({(estimate.total / DIASPORA_TARGET - 1) * 100:+.1f}% from {DIASPORA_TARGET:,}; "
        f"within ±{pct(DIASPORA_TOLERANCE)}: {mark(within)}). The two are the largest "
        f"communities of the five: {mark(particularly)} (largest figures of the others: "
        f"{others or 'none'}).{context}{dropped_note(dropped, min_confidence)} "
        "Data: ethnic_korean_population.csv."
    )
    if not region.empty:
        sources.append(source_ref("ethnic_koreans", "country=Central Asia (context)", region))
    facts = {
        "uzb_kaz_ethnic_koreans": estimate.total,
        "target": DIASPORA_TARGET,
        "distance_pct": (estimate.total / DIASPORA_TARGET - 1) * 100,
        "tolerance_pct": DIASPORA_TOLERANCE * 100,
        "uzb_kaz_largest_two": particularly,
    }
    return Verdict(verdict, evidence, tuple(sources), facts)


def check_relations_1992(data: Data, min_confidence: str) -> Verdict:
    """C02: diplomatic relations with the five established in 1992.

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
    rel, dropped = rows_at(
        data,
        "diplomatic_events",
        min_confidence,
        lambda f: f["event_type"] == "diplomatic_relations",
    )
    table = history.relations_by_country(rel)
    recorded = table[table["records"] > 0]
    only_1992 = (recorded["first_year"] == RELATIONS_YEAR) & (
        recorded["last_year"] == RELATIONS_YEAR
    )
    in_1992 = list(recorded.loc[only_1992, "iso3"])
    other = list(recorded.loc[~only_1992, "iso3"])
    absent = list(table.loc[table["records"] == 0, "iso3"])
    parts: list[bool | None] = [True] * len(in_1992) + [False] * len(other) + [None] * len(absent)
    verdict = verdict_by_parts(parts)
    found = "; ".join(f"{r.country} {', '.join(r.dates)}" for r in recorded.itertuples())
    evidence = (
        f"Dates of diplomatic relations in the data: {found or 'none'}. "
        f"{len(in_1992)} of {len(table)} confirmed in {RELATIONS_YEAR}"
        + (f"; another year for {country_names(other)}" if other else "")
        + (
            f"; no record for {country_names(absent)} (would be settled by the foreign ministries' "
            "dates of establishment of relations)"
            if absent
            else ""
        )
        + f".{dropped_note(dropped, min_confidence)} Data: diplomatic_events.csv."
    )
    return Verdict(
        verdict,
        evidence,
        (source_ref("diplomatic_events", "event_type=diplomatic_relations", rel),),
    )


def check_summits(data: Data, min_confidence: str) -> Verdict:
    """C03: more frequent summits with Uzbekistan and Kazakhstan.

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
    counts, dropped = rows_at(data, "summit_counts", min_confidence)
    counts = counts[counts["iso3"].isin(CENTRAL_ASIA_ISO3)]
    events, _ = rows_at(data, "diplomatic_events", min_confidence)
    visits = history.state_visits(events)
    disputed = history.disputed_visits(events)
    visit_text = ", ".join(f"{r.country} {r.visits}" for r in visits.itertuples())
    visit_note = (
        f" Dated state visits in diplomatic_events.csv (compiled for Uzbekistan and Kazakhstan "
        f"plus the 2024 tour, so not a ranking): {visit_text}"
        + (
            f" ({disputed} rows record one visit under two years where sources disagree)"
            if disputed
            else ""
        )
        + "."
    )
    sources = [source_ref("summit_counts", "all rows", counts)]
    visit_rows = events[events["event_type"] == "state_visit"]
    sources.append(source_ref("diplomatic_events", "event_type=state_visit", visit_rows))
    if len(counts) < len(CENTRAL_ASIA_ISO3):
        return Verdict(
            "not testable",
            f"Summit counts for {len(counts)} of the five at min_confidence={min_confidence}"
            f"{dropped_note(dropped, min_confidence)}; a count for each country (e.g. the Korean "
            f"foreign ministry's summit records) would settle it.{visit_note}",
            tuple(sources),
        )
    series = counts.set_index("iso3")["summits"].astype(int)
    order = series.sort_values(ascending=False, kind="stable")
    shown = ", ".join(f"{country_name(c)} {order[c]}" for c in order.index)
    most_of_others = int(series[list(OTHERS)].max())
    core_above = [c for c in CORE if series[c] > most_of_others]
    verdict = verdict_by_share(len(core_above), len(CORE))
    evidence = (
        f"Bilateral summits per country: {shown} (as of {counts['as_of'].iloc[0]}). "
        f"{len(core_above)} of Uzbekistan and Kazakhstan exceed every one of the other three "
        f"(maximum {most_of_others}).{visit_note}"
        f"{dropped_note(dropped, min_confidence)} Data: bilateral_summit_counts.csv."
    )
    facts = {f"summits_{c.lower()}": int(order[c]) for c in order.index}
    facts.update(most_of_other_three=most_of_others, uzb_kaz_above_them=len(core_above))
    return Verdict(verdict, evidence, tuple(sources), facts)


# --------------------------------------------------------------------------------------------
# C04-C06: Korea's trade with the five over time


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


def check_1997_decline(data: Data, min_confidence: str) -> Verdict:
    """C04: a temporary decline after the 1997 crisis (trade as the proxy).

    The decline is 01_history's: :func:`kca_analysis.analysis.crisis.crisis_test` compares the
    average turnover of the windows before and after the crisis; it is temporary when a later
    year is back above the pre-crisis average.

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
    test = crisis.crisis_test(turnover, CENTRAL_ASIA_ISO3, windows=windows)
    whole = test.set_index("scope").loc[crisis.ALL_SELECTED]
    pre, post = windows.pre, windows.post
    if pd.isna(whole["declined"]):
        return Verdict(
            "not testable",
            f"Korea's trade with the five is not in the data for every year of {pre[0]}-{pre[1]} "
            f"and {post[0]}-{post[1]} at min_confidence={min_confidence}; COW or IMF DOTS "
            "annual trade would settle it.",
            sources,
        )
    total = _total(turnover)
    recovered = whole["first_year_above_pre"]
    if not whole["declined"]:
        verdict = "contradicted"
    elif pd.isna(recovered):
        verdict = "partly supported"
    else:
        verdict = "supported"
    recovered_text = (
        f"no year up to {int(total.dropna().index.max())}"
        if pd.isna(recovered)
        else str(int(recovered))
    )
    low = crisis.low_point(total, windows)
    low_text = f"; lowest USD {low.value_musd:,.0f} m in {low.year}" if low else ""
    uzb_text = ""
    shares = crisis.decline_shares(test).set_index("scope")
    if "UZB" in shares.index and pd.notna(shares.at["UZB", "share_of_fall_pct"]):
        uzb = test.set_index("scope").loc["UZB"]
        uzb_text = (
            f" Uzbekistan: USD {uzb['pre_mean_musd']:,.0f} m a year before, USD "
            f"{uzb['post_mean_musd']:,.0f} m after, {shares.at['UZB', 'share_of_fall_pct']:.0f}% "
            "of the fall."
        )
    # Worded as text.history.crisis_windows does in 01_history (claims may not import text/).
    named = ", ".join(f"{name} {first}-{last}" for name, (first, last) in windows.named())
    evidence = (
        f"Korea's trade with the five (COW, exports + imports), window averages as 01_history "
        f"tests them ({named}): USD {whole['pre_mean_musd']:,.0f} m a year in "
        f"{pre[0]}-{pre[1]}, USD {whole['post_mean_musd']:,.0f} m in {post[0]}-{post[1]} "
        f"({whole['change_after_pct']:+.1f}%){low_text}; first back above the {pre[0]}-{pre[1]} "
        f"average in {recovered_text}.{uzb_text} Trade is a proxy for interest, and the data "
        "cannot attribute the fall to the 1997 crisis rather than to other causes. "
        "Data: cow_trade_1992_2014.csv."
    )
    return Verdict(verdict, evidence, sources)


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
        f"two thirds of the years and at least doubles.{revival} Data: cow_trade_1992_2014.csv."
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
