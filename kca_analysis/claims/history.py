"""Claims about the history of the relationship: the diaspora, relations and summits (C01-C03).

Korea's trade over time (C04-C06) is in :mod:`.history_trade` (re-exported here, where the
registry and the claims' figures find them); the powers' influence (C20) in :mod:`.powers`.

Each check selects its rows at the confidence level and computes through the analysis layer
(:mod:`kca_analysis.analysis.history`): the same functions the history notebook calls, so that
a claim and the notebook give one answer. Where the chosen level leaves out rows that the data
hold, the evidence says "not at min_confidence=..." and keeps "not in the data" for what the
data lack. Thresholds and wording stay here.
"""

from __future__ import annotations

from kca_analysis.analysis import history
from kca_analysis.countries import CENTRAL_ASIA_ISO3, country_name

from .evidence import (
    CORE,
    OTHERS,
    Data,
    Verdict,
    absence,
    country_names,
    dropped_note,
    mark,
    pct,
    rows_at,
    source_ref,
    verdict_by_share,
    verdict_by_tested_parts,
)
from .history_trade import (
    EARLY_2000S,
    EXPANSION_UNTIL,
    FIRST_DECADE,
    STABLE_LEADER_SHARE,
    check_1997_decline,
    check_2000s_resurgence,
    check_stable_partner,
    korea_turnover,
)

__all__ = [
    "DIASPORA_SINCE",
    "DIASPORA_TARGET",
    "DIASPORA_TOLERANCE",
    "EARLY_2000S",
    "EXPANSION_UNTIL",
    "FIRST_DECADE",
    "RELATIONS_YEAR",
    "SOME_UNTESTABLE",
    "STABLE_LEADER_SHARE",
    "check_1997_decline",
    "check_2000s_resurgence",
    "check_diaspora",
    "check_relations_1992",
    "check_stable_partner",
    "check_summits",
    "korea_turnover",
]

#: "around 300,000": the sum must lie within this relative distance of 300,000.
DIASPORA_TARGET = 300_000
DIASPORA_TOLERANCE = 0.10
#: Population figures count as "current" from this year (five years before the paper).
DIASPORA_SINCE = 2019
#: The year the paper dates relations with the five to.
RELATIONS_YEAR = 1992
#: The verdict when every part the data test agrees and another part is not testable.
SOME_UNTESTABLE = "supported for some, not testable for others"


# --------------------------------------------------------------------------------------------
# C01-C03: diaspora, relations, summits


def check_diaspora(data: Data, min_confidence: str) -> Verdict:
    """C01: about 300,000 ethnic Koreans in Uzbekistan and Kazakhstan together.

    The sum is the one 01_history shows: the latest figures one source gives for both at one
    date (:func:`kca_analysis.analysis.history.common_estimate`), from ``DIASPORA_SINCE`` on.
    The evidence says how the figures were produced (``production``: an embassy estimate is not
    official statistics) and, separately, how we read them (``confidence``).

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
    held = history.largest_figures(data["ethnic_koreans"], CENTRAL_ASIA_ISO3)
    # The level, not the data, leaves the comparison out when the file holds the others' rows.
    ranking = (
        absence(True, min_confidence)
        if particularly is None and len(held) >= 3
        else mark(particularly)
    )
    if not within:
        verdict = "contradicted"
    else:
        verdict = verdict_by_tested_parts([True, particularly])
    region = frame[(frame["country"] == "Central Asia") & frame["year"].notna()]
    context = "".join(
        f" Context: {int(r['ethnic_koreans']):,} ethnic Koreans in all of Central Asia in "
        f"{int(r['year'])} ({r['original_source'].split(',')[0]}; {r['production']})."
        for _, r in region.iterrows()
    )
    figures = " + ".join(
        f"{r.country} {int(r.ethnic_koreans):,}" for r in estimate.rows.itertuples()
    )
    evidence = (
        f"Uzbekistan + Kazakhstan, the latest figures one source gives for both at one date "
        f"(since {DIASPORA_SINCE}; as 01_history sums them): {estimate.reference_date}, "
        f"{estimate.producer}, produced as: {estimate.production}; "
        f"{history.READ_AS[estimate.confidence]} (confidence {estimate.confidence}): {figures} "
        f"= {estimate.total:,} ({(estimate.total / DIASPORA_TARGET - 1) * 100:+.1f}% from "
        f"{DIASPORA_TARGET:,}; within ±{pct(DIASPORA_TOLERANCE)}: {mark(within)}). The two "
        f"are the largest communities of the five: {ranking} (largest figures of the others"
        + (
            f": {others}"
            if others
            else f" {absence(True, min_confidence)}"
            if len(held) >= 3
            else ""
        )
        + f").{context}{dropped_note(dropped, min_confidence)} "
        "Data: ethnic_korean_population.csv."
    )
    if not region.empty:
        sources.append(source_ref("ethnic_koreans", "country=Central Asia (context)", region))
    facts = {
        "uzb_kaz_ethnic_koreans": estimate.total,
        "production": estimate.production,
        "target": DIASPORA_TARGET,
        "distance_pct": (estimate.total / DIASPORA_TARGET - 1) * 100,
        "tolerance_pct": DIASPORA_TOLERANCE * 100,
        "uzb_kaz_largest_two": particularly,
    }
    return Verdict(verdict, evidence, tuple(sources), facts)


def check_relations_1992(data: Data, min_confidence: str) -> Verdict:
    """C02: diplomatic relations with the five established in 1992.

    The dates are :func:`kca_analysis.data.load_diplomatic_relations` (one dated, sourced row
    per state), read by :func:`kca_analysis.analysis.history.relations_by_country`.

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
    rel, dropped = rows_at(data, "diplomatic_relations", min_confidence)
    table = history.relations_by_country(rel)
    held = set(data["diplomatic_relations"]["iso3"])
    dated = table[table["year"].notna()]
    in_1992 = dated[dated["year"] == RELATIONS_YEAR]
    other = dated[dated["year"] != RELATIONS_YEAR]
    undated = table[table["year"].isna()]
    below = [c for c in undated["iso3"] if c in held]
    absent = [c for c in undated["iso3"] if c not in held]
    parts: list[bool | None] = [True] * len(in_1992) + [False] * len(other) + [None] * len(undated)
    found = "; ".join(
        f"{r.country} {r.date_established} ({r.confidence})" for r in dated.itertuples()
    )
    evidence = (
        f"Dates Korea established diplomatic relations: {found or 'none'}. "
        f"{len(in_1992)} of {len(table)} in {RELATIONS_YEAR}"
        + (f"; another year for {country_names(list(other['iso3']))}" if len(other) else "")
        + (
            f"; {absence(True, min_confidence)} for {country_names(below)} (their dates are read "
            "from sources below it; the foreign ministries' own records would settle them)"
            if below
            else ""
        )
        + (
            f"; no record in the data for {country_names(absent)} (the foreign ministries' "
            "dates of establishment of relations would settle it)"
            if absent
            else ""
        )
        + f".{dropped_note(dropped, min_confidence)} Tested: the year relations were "
        "established (the strength of the partnership is read in C03-C06). "
        "Data: diplomatic_relations.csv."
    )
    facts = {
        "in_1992": len(in_1992),
        "other_year": len(other),
        "below_level": len(below),
        "not_in_data": len(absent),
    }
    return Verdict(
        verdict_by_tested_parts(parts),
        evidence,
        (source_ref("diplomatic_relations", "one row per state", rel),),
        facts,
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
    _, visits_below = rows_at(
        data, "diplomatic_events", min_confidence, lambda f: f["event_type"] == "state_visit"
    )
    visits = history.state_visits(events)
    disputed = history.disputed_visits(events)
    visit_text = ", ".join(f"{r.country} {r.visits}" for r in visits.itertuples())
    visit_note = (
        " Dated state visits in diplomatic_events.csv (compiled for Uzbekistan and Kazakhstan "
        "plus the 2024 tour, so not a ranking)"
        + (f" at min_confidence={min_confidence}" if visits_below else "")
        + f": {visit_text}"
        + (
            f" ({disputed} rows record one visit under two years where sources disagree)"
            if disputed
            else ""
        )
        + f"{dropped_note(visits_below, min_confidence)}."
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
