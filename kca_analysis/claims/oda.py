"""Claims about official development assistance (C18-C19)."""

from __future__ import annotations

import re

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3, country_name

from .evidence import (
    Data,
    Verdict,
    dropped_note,
    mark,
    pct,
    rows_at,
    source_ref,
    usd,
    verdict_by_parts,
    verdict_by_share,
)

#: "core ODA partner": within Korea's top N recipients in at least one ranked year.
CORE_ODA_TOP_N = 10


def korea_oda_by_recipient(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Korea's net ODA (USD million, DAC Table 2a) to each of the five, by year (missing kept)."""
    frame, _ = rows_at(data, "oda_dac2a", min_confidence)
    korea = frame[(frame["donor"] == "Korea") & frame["recipient_iso3"].isin(CENTRAL_ASIA_ISO3)]
    table = korea.pivot_table(
        index="year",
        columns="recipient_iso3",
        values="value",
        aggfunc=lambda s: s.sum(min_count=1),
        dropna=False,
    )
    table = table.reindex(columns=[c for c in CENTRAL_ASIA_ISO3 if c in table.columns])
    table.index = table.index.astype(int)
    return table


def _oda_sources(data: Data, min_confidence: str) -> list[str]:
    frame, _ = rows_at(data, "oda_dac2a", min_confidence)
    used = frame[(frame["donor"] == "Korea") & frame["recipient_iso3"].isin(CENTRAL_ASIA_ISO3)]
    return [source_ref("oda_dac2a", "donor=Korea, recipients = the five, 2002-2019", used)]


def check_core_oda_partner(data: Data, min_confidence: str) -> Verdict:
    """C18: Uzbekistan one of Korea's core ODA partners."""
    table = korea_oda_by_recipient(data, min_confidence)
    sources = _oda_sources(data, min_confidence)
    dac, _ = rows_at(data, "oda_dac2a", min_confidence)
    all_korea = dac[(dac["donor"] == "Korea") & (dac["recipient"] == "All Recipients")]
    first_among_five = None
    text = []
    if not table.empty and "UZB" in table.columns:
        cumulative = table.sum(min_count=1).sort_values(ascending=False)
        first_among_five = cumulative.index[0] == "UZB"
        share = cumulative["UZB"] / cumulative.sum()
        years_first = int((table.idxmax(axis=1) == "UZB").sum())
        world = all_korea["value"].sum()
        world_share = cumulative["UZB"] / world if world else float("nan")
        text.append(
            f"DAC2a {table.index.min()}-{table.index.max()}: Uzbekistan received USD "
            f"{cumulative['UZB']:,.1f} m net from Korea, {pct(share)} of Korea's ODA to the five "
            f"(rank {list(cumulative.index).index('UZB') + 1} of {len(cumulative)}; the largest "
            f"of the five in {years_first} of {len(table)} years; {pct(world_share, 1)} of "
            "Korea's ODA to all recipients)"
        )
    ranks, dropped = rows_at(data, "oda_recipients", min_confidence)
    uzb_ranks = ranks[ranks["recipient_iso3"] == "UZB"]
    in_top = None
    if not uzb_ranks.empty:
        counts = ranks.groupby("year").size()
        in_top = bool((uzb_ranks["rank"] <= CORE_ODA_TOP_N).any())
        text.append(
            "WDI ranks among all of Korea's recipients: "
            + ", ".join(
                f"{int(r['year'])} {int(r['rank'])} of {int(counts[r['year']])} "
                f"({usd(r['value_usd'])})"
                for _, r in uzb_ranks.iterrows()
            )
        )
        sources.append(source_ref("oda_recipients", "recipient_iso3=UZB (ranks)", uzb_ranks))
    facts, _ = rows_at(data, "oda_facts", min_confidence)
    other = facts[
        (facts["recipient"] == "Uzbekistan") & facts["topic"].str.contains("Korea total ODA")
    ]
    disagree = ""
    for _, fact in other.iterrows():
        match = re.fullmatch(r"(\d{4})-(\d{4})", str(fact["period"]))
        if match and not table.empty and "UZB" in table.columns:
            first, last = int(match[1]), int(match[2])
            dac_sum = table.loc[first:last, "UZB"].sum()
            disagree = (
                f" Sources disagree: {fact['original_source']} ({fact['confidence']}) gives "
                f"USD {fact['value']:,.0f} m for {first}-{last}, DAC2a sums to "
                f"USD {dac_sum:,.1f} m."
            )
            sources.append(source_ref("oda_facts", f"fact_id={fact['fact_id']}", other))
    verdict = verdict_by_parts([first_among_five, in_top])
    evidence = (
        "; ".join(text)
        + f". Criteria: first among the five (DAC2a): {mark(first_among_five)}; within Korea's "
        f"top {CORE_ODA_TOP_N} recipients in a ranked year (WDI): {mark(in_top)}.{disagree} "
        "Korea's list of priority partner countries, which would settle 'core', is not in the "
        f"data.{dropped_note(dropped, min_confidence)} Data: oda_dac2a_2002_2019.csv, "
        "oda_korea_recipients_2009_2010.csv, oda_facts.csv."
    )
    return Verdict(verdict, evidence, tuple(sources))


def check_smaller_oda(data: Data, min_confidence: str) -> Verdict:
    """C19: ODA to the other four countries, on a smaller scale than to Uzbekistan."""
    table = korea_oda_by_recipient(data, min_confidence)
    sources = _oda_sources(data, min_confidence)
    four = ["KGZ", "TKM", "TJK", "KAZ"]
    if table.empty or "UZB" not in table.columns or not set(four) <= set(table.columns):
        return Verdict(
            "not testable",
            f"Korea's ODA to each of the five is not in the data at min_confidence="
            f"{min_confidence}; OECD DAC/CRS flows by recipient would settle it.",
            tuple(sources),
        )
    cumulative = table.sum(min_count=1)
    provided = {c: bool(cumulative[c] > 0) for c in four}
    smaller = {c: bool(cumulative[c] < cumulative["UZB"]) for c in four}
    years_above = {c: int((table[c] > table["UZB"]).sum()) for c in four}
    negative = {c: int((table[c] < 0).sum()) for c in four}
    hits = sum(provided[c] and smaller[c] for c in four)
    verdict = verdict_by_share(hits, len(four))
    shown = ", ".join(
        f"{country_name(c)} USD {cumulative[c]:,.1f} m "
        f"({cumulative[c] / cumulative['UZB']:.2f}x of "
        f"Uzbekistan's; above Uzbekistan in {years_above[c]} of {len(table)} years"
        + (f"; net negative in {negative[c]} years" if negative[c] else "")
        + ")"
        for c in four
    )
    evidence = (
        f"Korea's net ODA {table.index.min()}-{table.index.max()} (DAC2a): Uzbekistan USD "
        f"{cumulative['UZB']:,.1f} m; {shown}. {hits} of 4 received a positive total smaller "
        "than Uzbekistan's. Data: oda_dac2a_2002_2019.csv."
    )
    return Verdict(verdict, evidence, tuple(sources))


#: The powers the paper names and that the COW extract covers (the Gulf monarchies are not).
