"""Claims about official development assistance (C18-C19).

Every number comes from :mod:`kca_analysis.analysis.oda`, as 04_oda computes it: the sums,
shares and ranks among the five from :func:`~kca_analysis.analysis.oda.standing_among_five`
(built on :func:`~kca_analysis.analysis.oda.cumulative`), the ranks among all of Korea's
recipients from :func:`~kca_analysis.analysis.oda.recipient_rank`, and the published programme
totals against DAC2a from :func:`~kca_analysis.analysis.oda.compare_with_dac2a`.
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.analysis import oda
from kca_analysis.countries import CENTRAL_ASIA_ISO3, country_name

from .evidence import (
    Data,
    Verdict,
    absence,
    dropped_note,
    mark,
    rows_at,
    source_ref,
    usd,
    verdict_by_share,
    verdict_by_tested_parts,
)

#: "core ODA partner": within Korea's top N recipients in at least one ranked year.
CORE_ODA_TOP_N = 10
#: The recipient the paper singles out, against which the other four are compared.
REFERENCE = "UZB"
_MILLION = 1e6


def _oda_sources(dac: pd.DataFrame) -> list[str]:
    used = dac[(dac["donor"] == "Korea") & dac["recipient_iso3"].isin(CENTRAL_ASIA_ISO3)]
    return [source_ref("oda_dac2a", "donor=Korea, recipients = the five, 2002-2019", used)]


def _standing(dac: pd.DataFrame) -> pd.DataFrame | None:
    """The five's standing by ISO3 code; ``None`` when Korea's ODA to Uzbekistan is not in it."""
    if REFERENCE not in set(oda.korea_net_oda(dac)["recipient_iso3"]):
        return None
    return oda.standing_among_five(dac, REFERENCE).set_index("recipient_iso3")


def _blank_cells(dac: pd.DataFrame) -> str:
    """Name the cells the sums over the five leave out: a blank is not a zero."""
    blanks = oda.korea_net_facts(oda.korea_net_oda(dac)).blanks
    if not blanks:
        return ""
    cells = ", ".join(f"{name} {year}" for name, year in blanks)
    return f"; the sums leave out the blank cells (no flow reported, not zero): {cells}"


def _ranks_text(ranks: pd.DataFrame) -> tuple[list[bool], str, str]:
    """Whether Uzbekistan is within Korea's top recipients in each ranked year, and the ranks.

    Returns one part per year of the ranking (a year in which Uzbekistan is not ranked, its net
    figure not positive, is not a top year), the ranks as the evidence states them, and the
    criterion year by year.
    """
    ranked = oda.recipient_rank(ranks, REFERENCE) if len(ranks) else None
    if ranked is None or ranked["rank"].isna().all():
        return [], "", ""
    parts = [bool(pd.notna(r.rank) and r.rank <= CORE_ODA_TOP_N) for r in ranked.itertuples()]
    listed = ranked[ranked["rank"].notna()]
    text = "WDI ranks among all of Korea's recipients: " + ", ".join(
        f"{r.year} {r.rank} of {r.recipients} ({usd(r.value_usd)})" for r in listed.itertuples()
    )
    by_year = ", ".join(
        f"{r.year} {mark(part)}" + (f" (rank {r.rank})" if pd.notna(r.rank) else " (not ranked)")
        for r, part in zip(ranked.itertuples(), parts, strict=True)
    )
    return parts, text, by_year


def _priority_text(facts: pd.DataFrame) -> str:
    """Say that the list defining "core" is not in the data, and what of it is."""
    lists = oda.priority_partner_lists(facts)
    recorded = "; ".join(
        f"{r.countries} countries for {r.period}, {r.original_source}, fact {r.fact_id}"
        for r in lists.itertuples()
    )
    known = f" (the data hold only its size: {recorded})" if recorded else ""
    return (
        f" Korea's list of priority partner countries, which defines 'core', is not in the "
        f"data{known}; the list's members for the years in question would settle the claim."
    )


def _published_totals(facts: pd.DataFrame, dac: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The published totals of Korea's ODA to Uzbekistan over a span of years, beside DAC2a."""
    figures = oda.uzbekistan_figures(facts, country_name(REFERENCE))
    checked = oda.compare_with_dac2a(figures, dac, REFERENCE)
    spans = checked["period"].astype(str).str.fullmatch(r"\d{4}-\d{4}")
    totals = checked[checked["topic"].str.contains("Korea total ODA") & spans]
    text = ""
    for row in totals.itertuples():
        source = figures.loc[figures["fact_id"] == row.fact_id, "original_source"].iloc[0]
        part = "" if row.dac2a_years == row.period else f" over {row.dac2a_years}"
        text = (
            f" Sources disagree: {source} ({row.confidence}) gives "
            f"USD {row.value_usd / _MILLION:,.0f} m for {row.period}, DAC2a sums to "
            f"USD {row.dac2a_net_usd / _MILLION:,.1f} m{part}."
        )
    return text, facts[facts["fact_id"].isin(totals["fact_id"])]


def check_core_oda_partner(data: Data, min_confidence: str) -> Verdict:
    """C18: Uzbekistan one of Korea's core ODA partners.

    Parameters
    ----------
    data
        The datasets; reads ``oda_dac2a``, ``oda_recipients`` and ``oda_facts``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
        "Core" means on Korea's list of priority partner countries, which is not in the data:
        that part is not testable. The nearest evidence is tested instead: first among the
        five (DAC2a), and within Korea's top :data:`CORE_ODA_TOP_N` recipients in each year of
        the WDI ranking. All of it in favour gives "supported for some, not testable for
        others"; some in favour, "partly supported".
    """
    dac, dac_dropped = rows_at(data, "oda_dac2a", min_confidence)
    sources = _oda_sources(dac)
    standing = _standing(dac)
    first_among_five = None
    text = []
    if standing is not None:
        uzb = standing.loc[REFERENCE]
        first_among_five = bool(uzb["rank"] == 1)
        text.append(
            f"DAC2a {uzb['first_year']}-{uzb['last_year']}: Uzbekistan received USD "
            f"{uzb['net_usd'] / _MILLION:,.1f} m net from Korea, "
            f"{uzb['share_of_five_pct']:.0f}% of Korea's ODA to the five "
            f"(rank {uzb['rank']} of {len(standing)}; the largest of the five in "
            f"{uzb['years_largest']} of the {uzb['years_compared']} years all five have a value; "
            f"{uzb['share_of_all_pct']:.1f}% of "
            "Korea's ODA to all recipients)" + _blank_cells(dac)
        )
    ranks, dropped = rows_at(data, "oda_recipients", min_confidence)
    in_top, ranks_text, by_year = _ranks_text(ranks)
    if ranks_text:
        text.append(ranks_text)
        used = ranks[ranks["recipient_iso3"] == REFERENCE]
        sources.append(source_ref("oda_recipients", "recipient_iso3=UZB (ranks)", used))
    facts, _ = rows_at(data, "oda_facts", min_confidence)
    disagree = ""
    if standing is not None:
        disagree, published = _published_totals(facts, dac)
        for fact_id in published["fact_id"]:
            sources.append(source_ref("oda_facts", f"fact_id={fact_id}", published))
    lists = oda.priority_partner_lists(facts)
    if len(lists):
        used = facts[facts["fact_id"].isin(lists["fact_id"])]
        sources.append(source_ref("oda_facts", "Korea priority partner countries", used))
    # the list that defines "core" is never in the data: that part stays untested
    verdict = verdict_by_tested_parts([first_among_five, *in_top, None])
    top = (
        f"within Korea's top {CORE_ODA_TOP_N} recipients (WDI): {by_year}"
        if by_year
        else f"within Korea's top {CORE_ODA_TOP_N} recipients (WDI): "
        f"{absence(dropped > 0, min_confidence)}"
    )
    evidence = (
        "; ".join(text) + ". Nearest evidence: first among the five (DAC2a): "
        f"{mark(first_among_five, absence(dac_dropped > 0, min_confidence))}; "
        f"{top}.{disagree}{_priority_text(facts)}"
        f"{dropped_note(dropped, min_confidence)} Data: oda_dac2a_2002_2019.csv, "
        "oda_korea_recipients_2009_2010.csv, oda_facts.csv."
    )
    verdict_facts = {
        "first_among_five": first_among_five,
        "top_ranks": CORE_ODA_TOP_N,
        "years_ranked": len(in_top),
        "years_in_the_top_ranks": sum(in_top),
        "priority_list_in_data": False,
    }
    return Verdict(verdict, evidence, tuple(sources), verdict_facts)


def check_smaller_oda(data: Data, min_confidence: str) -> Verdict:
    """C19: ODA to the other four countries, on a smaller scale than to Uzbekistan.

    Parameters
    ----------
    data
        The datasets; reads ``oda_dac2a``.
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    Verdict
        From the cumulative net ODA of :func:`kca_analysis.analysis.oda.standing_among_five`.
    """
    dac, dropped = rows_at(data, "oda_dac2a", min_confidence)
    sources = _oda_sources(dac)
    four = ["KGZ", "TKM", "TJK", "KAZ"]
    standing = _standing(dac)
    if standing is None or not set(four) <= set(standing.index):
        return Verdict(
            "not testable",
            f"Korea's ODA to each of the five is {absence(dropped > 0, min_confidence)}"
            f"{dropped_note(dropped, min_confidence)}; OECD DAC/CRS flows by recipient would "
            "settle it. Data: oda_dac2a_2002_2019.csv.",
            tuple(sources),
        )
    uzb = standing.loc[REFERENCE]
    net = standing["net_usd"]
    provided = {c: bool(net[c] > 0) for c in four}
    smaller = {c: bool(net[c] < uzb["net_usd"]) for c in four}
    hits = sum(provided[c] and smaller[c] for c in four)
    verdict = verdict_by_share(hits, len(four))
    shown = ", ".join(
        f"{country_name(c)} USD {net[c] / _MILLION:,.1f} m "
        f"({standing.loc[c, 'to_reference']:.2f}x of "
        f"Uzbekistan's; above Uzbekistan in {standing.loc[c, 'years_above_reference']} of "
        f"{uzb['years']} years"
        + (
            f"; net negative in {standing.loc[c, 'years_negative']} years"
            if standing.loc[c, "years_negative"]
            else ""
        )
        + ")"
        for c in four
    )
    evidence = (
        f"Korea's net ODA {uzb['first_year']}-{uzb['last_year']} (DAC2a): Uzbekistan USD "
        f"{uzb['net_usd'] / _MILLION:,.1f} m; {shown}. {hits} of 4 received a positive total "
        "smaller than Uzbekistan's. Data: oda_dac2a_2002_2019.csv."
    )
    facts = {
        "uzb_net_musd": uzb["net_usd"] / _MILLION,
        "others": len(four),
        "others_smaller": hits,
        "largest_other_to_uzb": float(standing.loc[four, "to_reference"].max()),
    }
    return Verdict(verdict, evidence, tuple(sources), facts)
