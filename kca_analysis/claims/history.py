"""Claims about the history of the relationship (C01-C06) and the powers' influence (C20)."""

from __future__ import annotations

import math

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3, PARTNERS, country_name

from .evidence import (
    CORE,
    OTHERS,
    Data,
    Verdict,
    countries_of,
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
#: "most stable partner": the largest partner in at least this share of the years.
STABLE_LEADER_SHARE = 0.8
#: "growing influence": a partner's share must rise by more than this fraction of its start.
SHARE_CHANGE = 0.10


def check_diaspora(data: Data, min_confidence: str) -> Verdict:
    """C01: about 300,000 ethnic Koreans in Uzbekistan and Kazakhstan together."""
    frame, _ = rows_at(data, "ethnic_koreans", min_confidence)
    _, dropped = rows_at(
        data,
        "ethnic_koreans",
        min_confidence,
        lambda f: f["iso3"].isin(CORE) & (f["year"].fillna(0) >= DIASPORA_SINCE),
    )
    dated = frame[frame["year"].notna()]
    recent = dated[dated["year"] >= DIASPORA_SINCE]
    uzb = recent[recent["iso3"] == "UZB"]
    kaz = recent[recent["iso3"] == "KAZ"]
    pairs = []
    for _, u in uzb.iterrows():
        for _, k in kaz[kaz["year"] == u["year"]].iterrows():
            total = int(u["ethnic_koreans"]) + int(k["ethnic_koreans"])
            pairs.append((int(u["year"]), u, k, total))
    low, high = (
        DIASPORA_TARGET * (1 - DIASPORA_TOLERANCE),
        DIASPORA_TARGET * (1 + DIASPORA_TOLERANCE),
    )
    within = [p for p in pairs if low <= p[3] <= high]
    used = pd.concat([uzb, kaz]) if pairs else recent.iloc[0:0]
    sources = [source_ref("ethnic_koreans", f"UZB and KAZ, year >= {DIASPORA_SINCE}", used)]
    if not pairs:
        return Verdict(
            "not testable",
            f"No pair of Uzbek and Kazakh figures for the same year since {DIASPORA_SINCE} at "
            f"min_confidence={min_confidence}{dropped_note(dropped, min_confidence)}; it would "
            "take ethnic Korean counts of both countries for one reference year (census or "
            "official estimate). Data: ethnic_korean_population.csv.",
            tuple(sources),
        )
    shown = "; ".join(
        f"{y}: {int(u['ethnic_koreans']):,} ({u['original_source'].split(' (')[0]}) + "
        f"{int(k['ethnic_koreans']):,} ({k['original_source'].split(' (')[0]}) = {t:,} "
        f"({(t / DIASPORA_TARGET - 1) * 100:+.1f}%)"
        for y, u, k, t in pairs
    )
    # "particularly in Uzbekistan and Kazakhstan": the two largest communities of the five.
    latest = frame[frame["iso3"].isin(CENTRAL_ASIA_ISO3)].sort_values("ethnic_koreans")
    largest = latest.groupby("iso3")["ethnic_koreans"].max().sort_values(ascending=False)
    top_two = set(largest.index[:2])
    particularly = top_two == set(CORE) if len(largest) >= 3 else None
    others = ", ".join(
        f"{country_name(c)} {int(largest[c]):,}" for c in largest.index if c in OTHERS
    )
    verdict = verdict_by_share(len(within), len(pairs))
    if verdict == "supported" and particularly is False:
        verdict = "partly supported"
    region = frame[frame["country"] == "Central Asia"]
    context = "".join(
        f" Context: {int(r['ethnic_koreans']):,} ethnic Koreans in all of Central Asia in "
        f"{int(r['year'])} ({r['original_source'].split(',')[0]})."
        for _, r in region.iterrows()
        if pd.notna(r["year"])
    )
    evidence = (
        f"Uzbekistan + Kazakhstan, same reference year, figures since {DIASPORA_SINCE}: {shown}. "
        f"{len(within)} of {len(pairs)} sums lie within ±{pct(DIASPORA_TOLERANCE)} of "
        f"{DIASPORA_TARGET:,}. The two are the largest communities of the five: "
        f"{mark(particularly)} (largest figures of the others: {others or 'none'})."
        f"{context}{dropped_note(dropped, min_confidence)} "
        "Data: ethnic_korean_population.csv."
    )
    if not region.empty:
        sources.append(source_ref("ethnic_koreans", "country=Central Asia (context)", region))
    return Verdict(verdict, evidence, tuple(sources))


def check_relations_1992(data: Data, min_confidence: str) -> Verdict:
    """C02: diplomatic relations with the five established in 1992."""
    rel, dropped = rows_at(
        data,
        "diplomatic_events",
        min_confidence,
        lambda f: f["event_type"] == "diplomatic_relations",
    )
    years: dict[str, list[int]] = {}
    dates: dict[str, list[str]] = {}
    for _, row in rel.iterrows():
        for code in countries_of(row["countries"]):
            if pd.notna(row["year"]):
                years.setdefault(code, []).append(int(row["year"]))
                dates.setdefault(code, []).append(str(row["date"] or row["year"]))
    in_1992 = [c for c in CENTRAL_ASIA_ISO3 if c in years and all(y == 1992 for y in years[c])]
    other = [c for c in CENTRAL_ASIA_ISO3 if c in years and any(y != 1992 for y in years[c])]
    absent = [c for c in CENTRAL_ASIA_ISO3 if c not in years]
    parts: list[bool | None] = [True] * len(in_1992) + [False] * len(other) + [None] * len(absent)
    verdict = verdict_by_parts(parts)
    found = "; ".join(
        f"{country_name(c)} {', '.join(dates[c])}" for c in CENTRAL_ASIA_ISO3 if c in dates
    )
    evidence = (
        f"Dates of diplomatic relations in the data: {found or 'none'}. "
        f"{len(in_1992)} of 5 confirmed in 1992"
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
    """C03: more frequent summits with Uzbekistan and Kazakhstan."""
    counts, dropped = rows_at(data, "summit_counts", min_confidence)
    counts = counts[counts["iso3"].isin(CENTRAL_ASIA_ISO3)]
    events, _ = rows_at(data, "diplomatic_events", min_confidence)
    visits = events[events["event_type"] == "state_visit"]
    per_country = {c: 0 for c in CENTRAL_ASIA_ISO3}
    for cell in visits["countries"]:
        for code in countries_of(cell):
            per_country[code] += 1
    visit_text = ", ".join(f"{country_name(c)} {per_country[c]}" for c in CENTRAL_ASIA_ISO3)
    disputed = int(visits["detail"].str.contains("sources disagree", case=False).sum())
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
    sources.append(source_ref("diplomatic_events", "event_type=state_visit", visits))
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
    core_above = [c for c in CORE if series[c] > series[list(OTHERS)].max()]
    verdict = verdict_by_share(len(core_above), len(CORE))
    evidence = (
        f"Bilateral summits per country: {shown} (as of {counts['as_of'].iloc[0]}). "
        f"{len(core_above)} of Uzbekistan and Kazakhstan exceed every one of the other three "
        f"(maximum {int(series[list(OTHERS)].max())}).{visit_note}"
        f"{dropped_note(dropped, min_confidence)} Data: bilateral_summit_counts.csv."
    )
    return Verdict(verdict, evidence, tuple(sources))


def korea_trade_by_year(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Korea's trade (exports + imports, USD million, COW) with each of the five, by year.

    Rows are years, columns ISO3 codes plus ``total``; a missing value stays missing.
    """
    frame, _ = rows_at(data, "cow_trade", min_confidence)
    korea = frame[frame["partner_iso3"] == "KOR"]
    table = korea.pivot_table(
        index="year", columns="iso3", values="value", aggfunc=lambda s: s.sum(min_count=1)
    )
    table = table.reindex(columns=[c for c in CENTRAL_ASIA_ISO3 if c in table.columns])
    table["total"] = table.sum(axis=1, min_count=1)
    table.index = table.index.astype(int)
    return table


def _cow_sources(data: Data, min_confidence: str, selector: str) -> tuple[str, ...]:
    frame, _ = rows_at(data, "cow_trade", min_confidence)
    used = frame[frame["partner_iso3"] == "KOR"]
    return (source_ref("cow_trade", selector, used),)


def check_1997_decline(data: Data, min_confidence: str) -> Verdict:
    """C04: a temporary decline after the 1997 crisis (trade as the proxy)."""
    table = korea_trade_by_year(data, min_confidence)
    total = table["total"].dropna()
    sources = _cow_sources(data, min_confidence, "partner=South Korea, 1992-2014")
    if 1997 not in total.index or 1998 not in total.index:
        return Verdict(
            "not testable",
            "Korea's trade with the five for 1997 and 1998 is not in the data at "
            f"min_confidence={min_confidence}; COW or IMF DOTS annual trade would settle it.",
            sources,
        )
    base = total[1997]
    after = total[(total.index > 1997) & (total.index <= 2003)]
    trough_year = int(after.idxmin())
    trough = after.min()
    declined = total[1998] < base
    recovered = total[(total.index > 1997) & (total >= base)]
    recovery_year = int(recovered.index[0]) if not recovered.empty else None
    if not declined:
        verdict = "contradicted"
    elif recovery_year is None:
        verdict = "partly supported"
    else:
        verdict = "supported"
    recovered_text = (
        str(recovery_year) if recovery_year else f"no year up to {int(total.index.max())}"
    )
    uzb = table.get("UZB")
    uzb_text = ""
    fall = base - trough
    if uzb is not None and pd.notna(uzb.get(1997)) and pd.notna(uzb.get(trough_year)) and fall > 0:
        uzb_text = (
            f" Uzbekistan: USD {uzb[1997]:,.0f} m in 1997, USD {uzb[trough_year]:,.0f} m in "
            f"{trough_year}, {pct((uzb[1997] - uzb[trough_year]) / fall)} of the fall."
        )
    evidence = (
        f"Korea's trade with the five (COW, exports + imports): USD {base:,.0f} m in 1997, "
        f"USD {total[1998]:,.0f} m in 1998 ({(total[1998] / base - 1) * 100:+.0f}%), lowest "
        f"USD {trough:,.0f} m in {trough_year} ({(trough / base - 1) * 100:+.0f}%); back above "
        f"the 1997 level in {recovered_text}."
        f"{uzb_text} Trade is a proxy for interest, and the data cannot attribute the fall to the "
        "1997 crisis rather than to other causes. Data: cow_trade_1992_2014.csv."
    )
    return Verdict(verdict, evidence, sources)


def check_2000s_resurgence(data: Data, min_confidence: str) -> Verdict:
    """C05: a resurgence from the early 2000s and a gradual expansion."""
    table = korea_trade_by_year(data, min_confidence)
    total = table["total"].dropna()
    sources = _cow_sources(data, min_confidence, "partner=South Korea, 1992-2014")
    window = total[(total.index >= 1998) & (total.index <= 2005)]
    if window.empty or total.index.max() < 2006:
        return Verdict(
            "not testable",
            f"Korea's trade with the five for 1998-2006 is not in the data at "
            f"min_confidence={min_confidence}; annual trade series would settle it.",
            sources,
        )
    trough_year = int(window.idxmin())
    after = total[total.index >= trough_year]
    changes = after.diff().dropna()
    rises = int((changes > 0).sum())
    last_year = int(after.index.max())
    multiple = after.iloc[-1] / after.iloc[0]
    years = last_year - trough_year
    cagr = multiple ** (1 / years) - 1 if years > 0 and multiple > 0 else float("nan")
    growing = bool(rises >= 2 * len(changes) / 3 and multiple >= 2)
    early = 2000 <= trough_year <= 2004
    if not growing:
        verdict = "contradicted"
    else:
        verdict = "supported" if early else "partly supported"
    evidence = (
        f"Lowest post-crisis year of Korea's trade with the five: {trough_year} "
        f"(USD {window.min():,.0f} m; 'early 2000s' = 2000-2004: {mark(early)}). From "
        f"{trough_year} to {last_year} trade rose in {rises} of {len(changes)} years and grew "
        f"{multiple:.1f}x (USD {after.iloc[-1]:,.0f} m in {last_year}; {cagr * 100:.1f}% a year); "
        "expansion counted when it rises in at least two thirds of the years and at least "
        "doubles. Data: cow_trade_1992_2014.csv."
    )
    return Verdict(verdict, evidence, sources)


def check_stable_partner(data: Data, min_confidence: str) -> Verdict:
    """C06: Uzbekistan the most stable partner in the first decade (1992-2001)."""
    table = korea_trade_by_year(data, min_confidence)
    decade = table[(table.index >= 1992) & (table.index <= 2001)][list(CENTRAL_ASIA_ISO3)]
    sources = _cow_sources(data, min_confidence, "partner=South Korea, 1992-2001")
    decade = decade.dropna(how="all")
    if decade.empty or "UZB" not in decade.columns:
        return Verdict(
            "not testable",
            "Korea's trade with each of the five in 1992-2001 is not in the data at "
            f"min_confidence={min_confidence}; annual bilateral trade would settle it.",
            sources,
        )
    leaders = decade.idxmax(axis=1)
    led = int((leaders == "UZB").sum())
    share = led / len(decade)
    others_led = ", ".join(
        f"{country_name(c)} in {', '.join(str(y) for y in leaders.index[leaders == c])}"
        for c in CENTRAL_ASIA_ISO3
        if c != "UZB" and (leaders == c).any()
    )
    # Volatility: standard deviation of year-on-year log changes, 1993-2001, among the
    # countries with positive trade in every one of those years.
    span = decade[decade.index >= 1993]
    positive = [c for c in CENTRAL_ASIA_ISO3 if (span[c] > 0).all() and span[c].notna().all()]
    vol = {c: float(span[c].apply(math.log).diff().dropna().std()) for c in positive}
    steadiest = min(vol, key=vol.get) if vol else None
    leader_ok = share >= STABLE_LEADER_SHARE
    steady_ok = steadiest == "UZB" if steadiest else None
    verdict = verdict_by_parts([leader_ok, steady_ok])
    vol_text = ", ".join(f"{country_name(c)} {vol[c]:.2f}" for c in sorted(vol, key=vol.get))
    disagree = (
        " The largest partner throughout, but its trade swung more than "
        f"{country_name(steadiest)}'s: the two measures disagree."
        if leader_ok and steady_ok is False
        else ""
    )
    evidence = (
        f"1992-2001 (COW): Uzbekistan was Korea's largest Central Asian trade partner in {led} of "
        f"{len(decade)} years ({pct(share)}; threshold {pct(STABLE_LEADER_SHARE)})"
        + (f"; {others_led}" if others_led else "")
        + ". Volatility (standard deviation of year-on-year log changes 1993-2001, countries "
        f"with trade in every year): {vol_text or 'n/a'}; the steadiest: "
        f"{country_name(steadiest) if steadiest else 'none'}.{disagree}"
    )
    evidence += " Data: cow_trade_1992_2014.csv."
    return Verdict(verdict, evidence, sources)


POWERS = ("CHN", "RUS", "USA", "TUR", "IRN", "IND")
POWER_NAMES = {c.iso3: c.name for c in PARTNERS}


def partner_shares(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Each partner's share of the five's trade with all partners in the COW extract, by year."""
    frame, _ = rows_at(data, "cow_trade", min_confidence)
    table = frame.pivot_table(
        index="year", columns="partner_iso3", values="value", aggfunc=lambda s: s.sum(min_count=1)
    )
    table.index = table.index.astype(int)
    return table.div(table.sum(axis=1), axis=0)


def check_powers_influence(data: Data, min_confidence: str) -> Verdict:
    """C20: the growing influence of China, Russia, the US, Turkey, Iran and India."""
    shares = partner_shares(data, min_confidence)
    frame, _ = rows_at(data, "cow_trade", min_confidence)
    sources = (source_ref("cow_trade", "all partners, 1992-2014", frame),)
    present = [p for p in POWERS if p in shares.columns]
    if shares.empty or not present:
        return Verdict(
            "not testable",
            f"No trade of the five with the powers at min_confidence={min_confidence}; "
            "bilateral trade series (COW, IMF DOTS) would settle it.",
            sources,
        )
    first = shares.loc[shares.index[:3]].mean()
    last = shares.loc[shares.index[-3:]].mean()
    y0, y1 = shares.index[:3], shares.index[-3:]
    change = {p: last[p] / first[p] - 1 for p in present}
    grew = {p: bool(change[p] > SHARE_CHANGE) for p in present}
    verdict = verdict_by_share(sum(grew.values()), len(present))
    shown = ", ".join(
        f"{POWER_NAMES[p]} {pct(first[p], 1)} -> {pct(last[p], 1)} ({change[p] * 100:+.0f}%)"
        for p in present
    )
    fell = [POWER_NAMES[p] for p in present if change[p] < -SHARE_CHANGE]
    flat = [POWER_NAMES[p] for p in present if abs(change[p]) <= SHARE_CHANGE]
    evidence = (
        f"Share of the five's trade with the {shares.shape[1]} partners in the COW extract, "
        f"{y0[0]}-{y0[-1]} vs {y1[0]}-{y1[-1]} (averages): {shown}; Korea "
        f"{pct(first.get('KOR', float('nan')), 1)} -> {pct(last.get('KOR', float('nan')), 1)}. "
        f"{sum(grew.values())} of {len(present)} named powers gained share (by more than "
        f"{pct(SHARE_CHANGE)} of their starting share)"
        + (f"; {', '.join(flat)} held steady" if flat else "")
        + (f"; {', '.join(fell)} lost share" if fell else "")
        + ". The Gulf monarchies are not in the data; shares are of trade with the partners "
        "covered, not of world trade. Data: cow_trade_1992_2014.csv."
    )
    return Verdict(verdict, evidence, sources)
