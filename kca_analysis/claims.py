"""The paper's checkable claims, each tested against the data with a computed verdict.

``data/paper/claims.csv`` quotes each claim exactly; :data:`CHECKS` maps its id to a check, a
pure function of the loaded data and a minimum confidence that returns a :class:`Verdict`:

- ``supported``, ``partly supported``, ``contradicted`` or ``not testable``;
- an evidence sentence carrying the computed numbers and naming the data files used;
- the data files (with the rows used and their row sources).

Nothing is hard-coded: every verdict follows from thresholds stated here and in the evidence, so
changing the evidence changes the verdict (``tests/test_claims.py`` checks that each one flips).
``min_confidence`` drops evidence rows whose ``confidence`` label is below the level
(official > press > secondary); the paper's Table 1 counts as ``secondary`` evidence (official
KITA figures as transcribed by the paper, under a wrong unit label), except in the check of its
own unit label, where it is the object under test.

Pass ``data=`` (a mapping of dataset name to frame, see :data:`DATASETS`) to any function to use
injected frames instead of the files; missing names are loaded from ``data/``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3, PARTNERS, country_name
from kca_analysis.vocab import CONFIDENCE_LEVELS, confidence_rank

VERDICTS: tuple[str, ...] = ("supported", "partly supported", "contradicted", "not testable")
#: Colours of the verdicts (Okabe & Ito: green, orange, vermillion, grey).
VERDICT_COLORS: dict[str, str] = {
    "supported": "#009E73",
    "partly supported": "#E69F00",
    "contradicted": "#D55E00",
    "not testable": "#999999",
}
#: Pale versions of the same colours, for table backgrounds.
VERDICT_BACKGROUNDS: dict[str, str] = {
    "supported": "#d9f2ea",
    "partly supported": "#fbecc8",
    "contradicted": "#f7d9c7",
    "not testable": "#ececec",
}
LEDGER_COLUMNS: list[str] = ["claim_id", "section", "quote", "verdict", "evidence", "sources"]

#: Dataset name -> (file relative to the project root, loader in :mod:`kca_analysis.data`).
DATASETS: dict[str, tuple[str, str]] = {
    "claims": ("data/paper/claims.csv", "load_claims"),
    "table1": ("data/paper/table1_trade.csv", "load_trade_table1"),
    "table1_printed": ("data/paper/table1_trade.csv", "load_paper_trade_table"),
    "cow_trade": ("data/external/cow_trade_1992_2014.csv", "load_cow_trade"),
    "dots_trade": ("data/external/imf_dots_trade_2010_2020.csv", "load_dots_trade"),
    "press_trade": ("data/external/press_trade_2015_2023.csv", "load_press_trade"),
    "unit_evidence": ("data/external/trade_unit_evidence.csv", "load_trade_unit_evidence"),
    "forum_meetings": ("data/external/forum_meetings.csv", "load_forum_meetings"),
    "diplomatic_events": ("data/external/diplomatic_events.csv", "load_diplomatic_events"),
    "summit_counts": ("data/external/bilateral_summit_counts.csv", "load_summit_counts"),
    "ethnic_koreans": ("data/external/ethnic_korean_population.csv", "load_ethnic_koreans"),
    "oda_dac2a": ("data/external/oda_dac2a_2002_2019.csv", "load_oda_dac2a"),
    "oda_recipients": ("data/external/oda_korea_recipients_2009_2010.csv", "load_oda_recipients"),
    "oda_facts": ("data/external/oda_facts.csv", "load_oda_facts"),
}
#: Every file the ledger reads (the notebook declares these as its inputs).
INPUT_FILES: tuple[str, ...] = tuple(
    sorted({f for f, _ in DATASETS.values()} | {"data/corrections.yml", "data/sources.yml"})
)
#: Where the paper's Table 1 is used as evidence, its rows count as this confidence.
TABLE1_CONFIDENCE = "secondary"
TABLE1_FILE = DATASETS["table1"][0]

CORE = ("UZB", "KAZ")
OTHERS = ("KGZ", "TJK", "TKM")

# Thresholds, stated once; the evidence sentences repeat them.
#: "around 300,000": the sum must lie within this relative distance of 300,000.
DIASPORA_TARGET = 300_000
DIASPORA_TOLERANCE = 0.10
#: Population figures count as "current" from this year (five years before the paper).
DIASPORA_SINCE = 2019
#: "significantly exceeds": the two's turnover at least this multiple of the three's.
SIGNIFICANT_RATIO = 2.0
#: "varying levels of asymmetry": the spread of the one-sidedness index across the five.
ASYMMETRY_SPREAD = 0.2
#: "most stable partner": the largest partner in at least this share of the years.
STABLE_LEADER_SHARE = 0.8
#: "annual": at most this share of the years may lack a forum for "partly supported".
FORUM_GAP_SHARE = 0.25
#: "core ODA partner": within Korea's top N recipients in at least one ranked year.
CORE_ODA_TOP_N = 10
#: "growing influence": a partner's share must rise by more than this fraction of its start.
SHARE_CHANGE = 0.10
#: USD 2.5 billion for the two fertilizer plants, within this relative tolerance.
FERTILIZER_USD = 2.5e9
FERTILIZER_TOLERANCE = 0.10


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check."""

    verdict: str
    evidence: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}; expected one of {VERDICTS}")


Data = Mapping[str, Any]
Check = Callable[[Data, str], Verdict]


# --------------------------------------------------------------------------------------------
# Loading and confidence


def load_data(*, verify: bool = True, names: Sequence[str] | None = None) -> dict[str, Any]:
    """Load every dataset of :data:`DATASETS` (or ``names``) and the corrections."""
    from . import data
    from .data.corrections import load_corrections

    selected = list(DATASETS) if names is None else list(names)
    loaded: dict[str, Any] = {}
    for name in selected:
        if name == "corrections":
            continue
        loaded[name] = getattr(data, DATASETS[name][1])(verify=verify)
    loaded["corrections"] = load_corrections()
    return loaded


def with_data(data: Data | None = None, *, verify: bool = True) -> dict[str, Any]:
    """Return ``data`` completed with whatever datasets it lacks, loaded from ``data/``."""
    given = dict(data or {})
    missing = [n for n in (*DATASETS, "corrections") if n not in given]
    if missing:
        loaded = load_data(verify=verify, names=missing)
        given.update({k: v for k, v in loaded.items() if k not in given})
    return given


def at_confidence(frame: pd.DataFrame, min_confidence: str) -> pd.DataFrame:
    """Keep the rows whose ``confidence`` is at least ``min_confidence``."""
    limit = confidence_rank(min_confidence)
    if "confidence" not in frame.columns:
        return frame
    keep = frame["confidence"].map(lambda c: confidence_rank(str(c)) <= limit)
    return frame[keep.astype(bool)]


def _frame(
    data: Data,
    name: str,
    min_confidence: str,
    where: Callable[[pd.DataFrame], pd.Series] | None = None,
) -> tuple[pd.DataFrame, int]:
    """Return (rows of ``name`` at the confidence level, number of rows dropped).

    ``where`` selects the relevant rows first, so that the count of dropped rows is about the
    evidence of the claim, not the whole file.
    """
    frame = data[name]
    if name == "table1" and "confidence" not in frame.columns:
        frame = frame.assign(confidence=TABLE1_CONFIDENCE)
    if where is not None:
        frame = frame[where(frame).astype(bool)]
    kept = at_confidence(frame, min_confidence)
    return kept, len(frame) - len(kept)


def _file(name: str) -> str:
    return DATASETS[name][0]


def _row_sources(frame: pd.DataFrame, limit: int = 3) -> str:
    if "source" not in frame.columns or frame.empty:
        return ""
    values = list(dict.fromkeys(str(s) for s in frame["source"] if isinstance(s, str) and s))
    if len(values) <= limit:
        return " | ".join(values)
    return f"{len(values)} distinct row sources in column 'source'"


def _source(name: str, selector: str, frame: pd.DataFrame | None = None) -> str:
    text = f"{_file(name)} [{selector}]"
    rows = _row_sources(frame) if frame is not None else ""
    return f"{text}: {rows}" if rows else text


def _dropped(count: int, min_confidence: str) -> str:
    if not count:
        return ""
    return f" ({count} row(s) below min_confidence={min_confidence} not used)"


# --------------------------------------------------------------------------------------------
# Formatting


def _usd(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) >= 1e9:
        return f"USD {value / 1e9:,.2f} bn"
    if abs(value) >= 1e6:
        return f"USD {value / 1e6:,.1f} m"
    return f"USD {value:,.0f}"


def _pct(value: float, digits: int = 0) -> str:
    return f"{value * 100:.{digits}f}%"


def _names(codes: Sequence[str]) -> str:
    names = [country_name(c) if c in CENTRAL_ASIA_ISO3 else c for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _by_parts(parts: Sequence[bool | None]) -> str:
    """Verdict from the parts of a compound claim: True, False or None (not in the data)."""
    known = [p for p in parts if p is not None]
    if not known:
        return "not testable"
    if all(known) and len(known) == len(parts):
        return "supported"
    if any(known):
        return "partly supported"
    return "contradicted"


def _by_share(hits: int, total: int) -> str:
    if total == 0:
        return "not testable"
    if hits == total:
        return "supported"
    return "partly supported" if hits else "contradicted"


def _mark(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not in the data"}[value]


# --------------------------------------------------------------------------------------------
# History


def check_diaspora(data: Data, min_confidence: str) -> Verdict:
    """C01: about 300,000 ethnic Koreans in Uzbekistan and Kazakhstan together."""
    frame, _ = _frame(data, "ethnic_koreans", min_confidence)
    _, dropped = _frame(
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
    sources = [_source("ethnic_koreans", f"UZB and KAZ, year >= {DIASPORA_SINCE}", used)]
    if not pairs:
        return Verdict(
            "not testable",
            f"No pair of Uzbek and Kazakh figures for the same year since {DIASPORA_SINCE} at "
            f"min_confidence={min_confidence}{_dropped(dropped, min_confidence)}; it would take "
            "ethnic Korean counts of both countries for one reference year (census or official "
            "estimate). Data: ethnic_korean_population.csv.",
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
    verdict = _by_share(len(within), len(pairs))
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
        f"{len(within)} of {len(pairs)} sums lie within ±{_pct(DIASPORA_TOLERANCE)} of "
        f"{DIASPORA_TARGET:,}. The two are the largest communities of the five: "
        f"{_mark(particularly)} (largest figures of the others: {others or 'none'})."
        f"{context}{_dropped(dropped, min_confidence)} "
        "Data: ethnic_korean_population.csv."
    )
    if not region.empty:
        sources.append(_source("ethnic_koreans", "country=Central Asia (context)", region))
    return Verdict(verdict, evidence, tuple(sources))


def _row_text(frame: pd.DataFrame) -> pd.Series:
    """Every row's cells joined by spaces, for searching a word anywhere in a row."""
    return pd.Series(
        [" ".join(str(v) for v in row) for row in frame.itertuples(index=False)],
        index=frame.index,
        dtype="object",
    )


def _countries_of(cell: str) -> list[str]:
    from .countries import lookup_country

    codes = []
    for name in str(cell).split(";"):
        try:
            codes.append(lookup_country(name.strip()).iso3)
        except ValueError:
            continue  # South Korea and other partners
    return codes


def check_relations_1992(data: Data, min_confidence: str) -> Verdict:
    """C02: diplomatic relations with the five established in 1992."""
    rel, dropped = _frame(
        data,
        "diplomatic_events",
        min_confidence,
        lambda f: f["event_type"] == "diplomatic_relations",
    )
    years: dict[str, list[int]] = {}
    dates: dict[str, list[str]] = {}
    for _, row in rel.iterrows():
        for code in _countries_of(row["countries"]):
            if pd.notna(row["year"]):
                years.setdefault(code, []).append(int(row["year"]))
                dates.setdefault(code, []).append(str(row["date"] or row["year"]))
    in_1992 = [c for c in CENTRAL_ASIA_ISO3 if c in years and all(y == 1992 for y in years[c])]
    other = [c for c in CENTRAL_ASIA_ISO3 if c in years and any(y != 1992 for y in years[c])]
    absent = [c for c in CENTRAL_ASIA_ISO3 if c not in years]
    parts: list[bool | None] = [True] * len(in_1992) + [False] * len(other) + [None] * len(absent)
    verdict = _by_parts(parts)
    found = "; ".join(
        f"{country_name(c)} {', '.join(dates[c])}" for c in CENTRAL_ASIA_ISO3 if c in dates
    )
    evidence = (
        f"Dates of diplomatic relations in the data: {found or 'none'}. "
        f"{len(in_1992)} of 5 confirmed in 1992"
        + (f"; another year for {_names(other)}" if other else "")
        + (
            f"; no record for {_names(absent)} (would be settled by the foreign ministries' "
            "dates of establishment of relations)"
            if absent
            else ""
        )
        + f".{_dropped(dropped, min_confidence)} Data: diplomatic_events.csv."
    )
    return Verdict(
        verdict,
        evidence,
        (_source("diplomatic_events", "event_type=diplomatic_relations", rel),),
    )


def check_summits(data: Data, min_confidence: str) -> Verdict:
    """C03: more frequent summits with Uzbekistan and Kazakhstan."""
    counts, dropped = _frame(data, "summit_counts", min_confidence)
    counts = counts[counts["iso3"].isin(CENTRAL_ASIA_ISO3)]
    events, _ = _frame(data, "diplomatic_events", min_confidence)
    visits = events[events["event_type"] == "state_visit"]
    per_country = {c: 0 for c in CENTRAL_ASIA_ISO3}
    for cell in visits["countries"]:
        for code in _countries_of(cell):
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
    sources = [_source("summit_counts", "all rows", counts)]
    sources.append(_source("diplomatic_events", "event_type=state_visit", visits))
    if len(counts) < len(CENTRAL_ASIA_ISO3):
        return Verdict(
            "not testable",
            f"Summit counts for {len(counts)} of the five at min_confidence={min_confidence}"
            f"{_dropped(dropped, min_confidence)}; a count for each country (e.g. the Korean "
            f"foreign ministry's summit records) would settle it.{visit_note}",
            tuple(sources),
        )
    series = counts.set_index("iso3")["summits"].astype(int)
    order = series.sort_values(ascending=False, kind="stable")
    shown = ", ".join(f"{country_name(c)} {order[c]}" for c in order.index)
    core_above = [c for c in CORE if series[c] > series[list(OTHERS)].max()]
    verdict = _by_share(len(core_above), len(CORE))
    evidence = (
        f"Bilateral summits per country: {shown} (as of {counts['as_of'].iloc[0]}). "
        f"{len(core_above)} of Uzbekistan and Kazakhstan exceed every one of the other three "
        f"(maximum {int(series[list(OTHERS)].max())}).{visit_note}"
        f"{_dropped(dropped, min_confidence)} Data: bilateral_summit_counts.csv."
    )
    return Verdict(verdict, evidence, tuple(sources))


def korea_trade_by_year(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Korea's trade (exports + imports, USD million, COW) with each of the five, by year.

    Rows are years, columns ISO3 codes plus ``total``; a missing value stays missing.
    """
    frame, _ = _frame(data, "cow_trade", min_confidence)
    korea = frame[frame["partner_iso3"] == "KOR"]
    table = korea.pivot_table(
        index="year", columns="iso3", values="value", aggfunc=lambda s: s.sum(min_count=1)
    )
    table = table.reindex(columns=[c for c in CENTRAL_ASIA_ISO3 if c in table.columns])
    table["total"] = table.sum(axis=1, min_count=1)
    table.index = table.index.astype(int)
    return table


def _cow_sources(data: Data, min_confidence: str, selector: str) -> tuple[str, ...]:
    frame, _ = _frame(data, "cow_trade", min_confidence)
    used = frame[frame["partner_iso3"] == "KOR"]
    return (_source("cow_trade", selector, used),)


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
            f"{trough_year}, {_pct((uzb[1997] - uzb[trough_year]) / fall)} of the fall."
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
        f"(USD {window.min():,.0f} m; 'early 2000s' = 2000-2004: {_mark(early)}). From "
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
    verdict = _by_parts([leader_ok, steady_ok])
    vol_text = ", ".join(f"{country_name(c)} {vol[c]:.2f}" for c in sorted(vol, key=vol.get))
    disagree = (
        " The largest partner throughout, but its trade swung more than "
        f"{country_name(steadiest)}'s: the two measures disagree."
        if leader_ok and steady_ok is False
        else ""
    )
    evidence = (
        f"1992-2001 (COW): Uzbekistan was Korea's largest Central Asian trade partner in {led} of "
        f"{len(decade)} years ({_pct(share)}; threshold {_pct(STABLE_LEADER_SHARE)})"
        + (f"; {others_led}" if others_led else "")
        + ". Volatility (standard deviation of year-on-year log changes 1993-2001, countries "
        f"with trade in every year): {vol_text or 'n/a'}; the steadiest: "
        f"{country_name(steadiest) if steadiest else 'none'}.{disagree}"
    )
    evidence += " Data: cow_trade_1992_2014.csv."
    return Verdict(verdict, evidence, sources)


# --------------------------------------------------------------------------------------------
# Forums


def _held(frame: pd.DataFrame) -> pd.DataFrame:
    held = frame[(frame["status"] != "not found") & frame["year"].notna()]
    return held.sort_values("forum_no")


def forum_years(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Each year from the first to the last forum found: the forum numbers held, and whether
    a number that is not in the data could fill the year (``status``: ``held``, ``implied``
    (an unfound number fits between its neighbours) or ``none``)."""
    frame, _ = _frame(data, "forum_meetings", min_confidence)
    held = _held(frame)
    if held.empty:
        return pd.DataFrame(columns=["year", "forums", "status"])
    known = [(int(n), int(y)) for n, y in zip(held["forum_no"], held["year"], strict=True)]
    by_year: dict[int, list[int]] = {}
    for number, year in known:
        by_year.setdefault(year, []).append(number)
    implied: set[int] = set()
    for (n_a, y_a), (n_b, y_b) in zip(known, known[1:], strict=False):
        missing_numbers = n_b - n_a - 1
        empty_years = [y for y in range(y_a + 1, y_b) if y not in by_year]
        implied.update(empty_years[:missing_numbers])
    rows = []
    for year in range(known[0][1], max(y for _, y in known) + 1):
        if year in by_year:
            status = "held"
        elif year in implied:
            status = "implied"
        else:
            status = "none"
        rows.append((year, ", ".join(str(n) for n in by_year.get(year, [])), status))
    return pd.DataFrame(rows, columns=["year", "forums", "status"])


def check_forum_annual(data: Data, min_confidence: str) -> Verdict:
    """C07: an annual forum, initiated in 2007."""
    frame, dropped = _frame(data, "forum_meetings", min_confidence)
    held = _held(frame)
    sources = (_source("forum_meetings", "all rows", frame),)
    if held.empty:
        return Verdict(
            "not testable",
            f"No forum meeting in the data at min_confidence={min_confidence}; the dated list "
            "of forum meetings would settle it.",
            sources,
        )
    years = forum_years(data, min_confidence)
    numbers = set(held["forum_no"].astype(int))
    top = max(numbers)
    unfound = [n for n in range(1, top + 1) if n not in numbers]
    first = held[held["forum_no"] == 1]
    first_year = int(first["year"].iloc[0]) if not first.empty else None
    started_2007 = None if first_year is None else first_year == 2007
    none_years = years.loc[years["status"] == "none", "year"].tolist()
    implied_years = years.loc[years["status"] == "implied", "year"].tolist()
    doubles = years.loc[years["forums"].str.contains(","), "year"].tolist()
    span = len(years)
    annual = not none_years and not doubles
    gap_share = len(none_years) / span
    if started_2007 is False or gap_share > FORUM_GAP_SHARE:
        verdict = "contradicted"
    elif annual and started_2007:
        verdict = "supported"
    else:
        verdict = "partly supported"
    evidence = (
        f"Forums found: {len(held)} of numbers 1-{top}; first forum "
        f"{first_year if first_year else 'not in the data'} (2007: {_mark(started_2007)}). "
        f"Years {years['year'].min()}-{years['year'].max()} ({span} years): a numbered forum "
        f"found in {int((years['status'] == 'held').sum())}; "
        f"{len(implied_years)} year(s) ({', '.join(map(str, implied_years)) or 'none'}) fit the "
        f"unfound numbers {', '.join(map(str, unfound)) or 'none'} (dates unknown); "
        f"{len(none_years)} year(s) without any numbered forum "
        f"({', '.join(map(str, none_years)) or 'none'})"
        + (f"; two forums in {', '.join(map(str, doubles))}" if doubles else "")
        + f". Annual in {span - len(none_years)} of {span} years."
        f"{_dropped(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    return Verdict(verdict, evidence, sources)


def check_secretariat_2017(data: Data, min_confidence: str) -> Verdict:
    """C08: the forum secretariat established in 2017."""
    rows, dropped = _frame(
        data, "diplomatic_events", min_confidence, lambda f: f["event_type"] == "secretariat"
    )
    forums, _ = _frame(data, "forum_meetings", min_confidence)
    text = forums["theme"].fillna("") + " " + forums["notes"].fillna("")
    plans = forums[text.str.contains("secretariat", case=False)]
    plan_text = "; ".join(
        f"forum {int(r['forum_no'])} ({int(r['year'])}): "
        + "; ".join(
            part.strip()
            for part in re.split(r"[;,]", f"{r['theme'] or ''};{r['notes'] or ''}")
            if "secretariat" in part.lower()
        )
        for _, r in plans.iterrows()
    )
    sources = [_source("diplomatic_events", "event_type=secretariat", rows)]
    if not plans.empty:
        sources.append(_source("forum_meetings", "rows mentioning the secretariat", plans))
    plan_note = f" Forum records: {plan_text}." if plan_text else ""
    years = sorted({int(y) for y in rows["year"].dropna()})
    if not years:
        return Verdict(
            "not testable",
            f"No record of the secretariat's founding at min_confidence={min_confidence}"
            f"{_dropped(dropped, min_confidence)}; the secretariat's or the Korea Foundation's "
            f"founding record would settle it.{plan_note} Data: diplomatic_events.csv.",
            tuple(sources),
        )
    verdict = (
        "supported"
        if years == [2017]
        else ("partly supported" if 2017 in years else "contradicted")
    )
    dated = "; ".join(f"{r['date']} ({r['detail'].split(';')[0]})" for _, r in rows.iterrows())
    differ = (
        " Plan and founding differ: the 2015 forum had planned a 2016 launch."
        if "2016" in plan_text
        else ""
    )
    evidence = (
        f"Founding of the secretariat in the data: {dated}.{plan_note}{differ}"
        f"{_dropped(dropped, min_confidence)} Data: diplomatic_events.csv, forum_meetings.csv."
    )
    return Verdict(verdict, evidence, tuple(sources))


def _forum(frame: pd.DataFrame, number: int) -> pd.Series | None:
    rows = _held(frame)
    rows = rows[rows["forum_no"] == number]
    return rows.iloc[0] if not rows.empty else None


def check_forum_15(data: Data, min_confidence: str) -> Verdict:
    """C09: the 15th forum in Busan in 2022; 30th anniversary of relations, 15th of the forum."""
    forums, _ = _frame(data, "forum_meetings", min_confidence)
    _, dropped = _frame(
        data, "forum_meetings", min_confidence, lambda f: f["forum_no"].isin([1, 15])
    )
    events, _ = _frame(data, "diplomatic_events", min_confidence)
    row = _forum(forums, 15)
    first = _forum(forums, 1)
    rel = events[events["event_type"] == "diplomatic_relations"]
    year = int(row["year"]) if row is not None else None
    in_busan = None if row is None else str(row["host_city"]).strip().lower() == "busan"
    in_2022 = None if row is None else year == 2022
    ref_year = year if year is not None else 2022
    rel_years = sorted({int(y) for y in rel["year"].dropna()})
    thirtieth = None if not rel_years else all(ref_year - y == 30 for y in rel_years)
    fifteenth = None if first is None else ref_year - int(first["year"]) == 15
    verdict = _by_parts([in_busan, in_2022, thirtieth, fifteenth])
    calendar = forum_years(data, min_confidence)
    gap_years = calendar.loc[
        (calendar["status"] == "none") & (calendar["year"] <= ref_year), "year"
    ].tolist()
    where = (
        f"forum 15: {row['host_city']}, {row['date']}"
        if row is not None
        else "forum 15 not in the data"
    )
    as_stated = "" if year is not None else " (the year the paper states)"
    evidence = (
        f"{where} (Busan: {_mark(in_busan)}; 2022: {_mark(in_2022)}). Relations established in "
        f"{', '.join(map(str, rel_years)) or 'no year in the data'}: {ref_year}{as_stated} "
        "is the 30th "
        f"anniversary: {_mark(thirtieth)}. Forum 1 held in "
        f"{int(first['year']) if first is not None else 'no year in the data'}: {ref_year} is "
        f"the 15th anniversary: {_mark(fifteenth)}"
        + (
            f" (meeting every year from {int(first['year'])}, forum 15 would have met in "
            f"{int(first['year']) + 14}; no numbered forum in "
            f"{', '.join(map(str, gap_years))})"
            if first is not None
            and year is not None
            and year != int(first["year"]) + 14
            and gap_years
            else ""
        )
        + f".{_dropped(dropped, min_confidence)} Data: forum_meetings.csv, diplomatic_events.csv."
    )
    sources = [
        _source("forum_meetings", "forum_no=1, 15", forums[forums["forum_no"].isin([1, 15])]),
        _source("diplomatic_events", "event_type=diplomatic_relations", rel),
    ]
    return Verdict(verdict, evidence, tuple(sources))


def check_forum_15_level(data: Data, min_confidence: str) -> Verdict:
    """C10: foreign ministers at the 15th forum."""
    forums, _ = _frame(data, "forum_meetings", min_confidence)
    _, dropped = _frame(data, "forum_meetings", min_confidence, lambda f: f["forum_no"] == 15)
    row = _forum(forums, 15)
    sources = (_source("forum_meetings", "forum_no=15", forums[forums["forum_no"] == 15]),)
    if row is None or not isinstance(row["level"], str):
        return Verdict(
            "not testable",
            f"The level of forum 15 is not in the data at min_confidence={min_confidence}"
            f"{_dropped(dropped, min_confidence)}; the list of heads of delegation would settle "
            "it. Data: forum_meetings.csv.",
            sources,
        )
    verdict = "supported" if row["level"] == "minister" else "contradicted"
    held = _held(forums)
    ministerial = held[held["level"] == "minister"]["forum_no"].astype(int).tolist()
    evidence = (
        f"Forum 15 ({int(row['year'])}): level '{row['level']}' (as reported: "
        f"'{row['level_as_reported']}'). Forums at minister level in the data: "
        f"{', '.join(map(str, ministerial))}.{_dropped(dropped, min_confidence)} "
        "Data: forum_meetings.csv."
    )
    return Verdict(verdict, evidence, sources)


def _normalise_text(text: str) -> str:
    text = str(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


PAPER_THEME_16 = (
    "pursuing cooperation through the realization of youth's potentials for a sustainable "
    "future of Korea and Central Asia"
)


def check_forum_16(data: Data, min_confidence: str) -> Verdict:
    """C11: the 16th forum in Turkmenistan in 2023 and its theme."""
    forums, _ = _frame(data, "forum_meetings", min_confidence)
    _, dropped = _frame(data, "forum_meetings", min_confidence, lambda f: f["forum_no"] == 16)
    row = _forum(forums, 16)
    sources = (_source("forum_meetings", "forum_no=16", forums[forums["forum_no"] == 16]),)
    if row is None:
        return Verdict(
            "not testable",
            f"Forum 16 is not in the data at min_confidence={min_confidence}"
            f"{_dropped(dropped, min_confidence)}; a report of the meeting would settle it. "
            "Data: forum_meetings.csv.",
            sources,
        )
    in_tkm = str(row["host_country"]) == "Turkmenistan"
    in_2023 = int(row["year"]) == 2023
    theme = row["theme"] if isinstance(row["theme"], str) else ""
    same_theme = None if not theme else _normalise_text(PAPER_THEME_16) in _normalise_text(theme)
    verdict = _by_parts([in_tkm, in_2023, same_theme])
    evidence = (
        f"Forum 16: {row['host_city']}, {row['host_country']}, {row['date']} (Turkmenistan: "
        f"{_mark(in_tkm)}; 2023: {_mark(in_2023)}); the recorded theme contains the paper's "
        f"theme word for word (ignoring case and punctuation): {_mark(same_theme)}."
        f"{_dropped(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    return Verdict(verdict, evidence, sources)


#: The areas the paper lists for forum 16 and the words that identify each in a record.
FORUM_16_AREAS: dict[str, tuple[str, ...]] = {
    "transportation and logistics": ("transport", "logistic"),
    "public healthcare": ("health",),
    "climate change": ("climate",),
    "ICT": ("ict",),
    "education and science": ("education", "science"),
    "tourism": ("tourism",),
}


def check_forum_16_areas(data: Data, min_confidence: str) -> Verdict:
    """C12: the six areas of cooperation identified at the 16th forum."""
    forums, _ = _frame(data, "forum_meetings", min_confidence)
    _, dropped = _frame(data, "forum_meetings", min_confidence, lambda f: f["forum_no"] == 16)
    row = _forum(forums, 16)
    sources = (_source("forum_meetings", "forum_no=16", forums[forums["forum_no"] == 16]),)
    theme = row["theme"] if row is not None and isinstance(row["theme"], str) else ""
    if not theme:
        return Verdict(
            "not testable",
            f"No record of the topics of forum 16 at min_confidence={min_confidence}"
            f"{_dropped(dropped, min_confidence)}; the forum's joint statement would settle it. "
            "Data: forum_meetings.csv.",
            sources,
        )
    words = set(re.findall(r"[a-z]+", theme.lower()))
    found = {
        area: all(any(w.startswith(k) for w in words) for k in keys)
        for area, keys in FORUM_16_AREAS.items()
    }
    hits = [a for a, ok in found.items() if ok]
    missed = [a for a, ok in found.items() if not ok]
    verdict = _by_share(len(hits), len(found))
    evidence = (
        f"Of the {len(found)} areas the paper lists, {len(hits)} appear in the record of "
        f"forum 16 ('{theme.split(';', 1)[-1].strip()}')"
        + (f"; missing: {', '.join(missed)}" if missed else "")
        + f".{_dropped(dropped, min_confidence)} Data: forum_meetings.csv."
    )
    return Verdict(verdict, evidence, sources)


# --------------------------------------------------------------------------------------------
# Trade


def trade_views(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Korea's exports and imports with each of the five, per view of the data.

    Views: the paper's Table 1 for 2022 and for January-October 2023 (USD, corrected to
    thousands), and IMF DOTS for its latest year as reported by Korea and by each partner
    (mirror flows). A view is kept only when it covers all five countries at the confidence
    level. Columns: ``view, file, iso3, export_usd, import_usd, turnover_usd``.
    """
    records = []
    table1, _ = _frame(data, "table1", min_confidence)
    for period, label in (("2022", "Table 1, 2022"), ("2023-01..10", "Table 1, Jan-Oct 2023")):
        part = table1[table1["period"] == period]
        pivot = part.pivot_table(index="iso3", columns="flow", values="value_usd", aggfunc="sum")
        if set(CENTRAL_ASIA_ISO3) <= set(pivot.index) and {"export", "import"} <= set(
            pivot.columns
        ):
            for code in CENTRAL_ASIA_ISO3:
                records.append(
                    (label, TABLE1_FILE, code, pivot.loc[code, "export"], pivot.loc[code, "import"])
                )
    dots, _ = _frame(data, "dots_trade", min_confidence)
    if not dots.empty:
        year = int(dots["year"].max())
        latest = dots[dots["year"] == year]
        for side, label in (
            ("korea", f"IMF DOTS {year}, Korea-reported"),
            ("partner", f"IMF DOTS {year}, partner-reported"),
        ):
            rows = (
                latest[latest["reporting_side"] == "Korea"]
                if side == "korea"
                else latest[latest["reporting_side"] != "Korea"]
            )
            pivot = rows.pivot_table(
                index="iso3", columns="flow", values="value_usd", aggfunc="sum"
            )
            if set(CENTRAL_ASIA_ISO3) <= set(pivot.index) and {"export", "import"} <= set(
                pivot.columns
            ):
                if pivot.loc[list(CENTRAL_ASIA_ISO3), ["export", "import"]].notna().all().all():
                    for code in CENTRAL_ASIA_ISO3:
                        records.append(
                            (
                                label,
                                _file("dots_trade"),
                                code,
                                pivot.loc[code, "export"],
                                pivot.loc[code, "import"],
                            )
                        )
    frame = pd.DataFrame(
        records, columns=["view", "file", "iso3", "export_usd", "import_usd"]
    ).astype({"export_usd": "float64", "import_usd": "float64"})
    frame["turnover_usd"] = frame["export_usd"] + frame["import_usd"]
    return frame


def _trade_sources(data: Data, min_confidence: str, views: pd.DataFrame) -> tuple[str, ...]:
    sources = []
    if views["file"].eq(TABLE1_FILE).any():
        sources.append(
            f"{TABLE1_FILE} [all rows; read as USD thousand, 2023 = January-October, per "
            "data/corrections.yml]: KITA as compiled by the paper"
        )
    dots_views = views.loc[views["file"] == _file("dots_trade"), "view"].unique()
    if len(dots_views):
        dots, _ = _frame(data, "dots_trade", min_confidence)
        year = int(dots["year"].max())
        sources.append(
            _source("dots_trade", f"year={year}, both reporting sides", dots[dots["year"] == year])
        )
    return tuple(sources)


def _no_views(claim: str, min_confidence: str) -> str:
    return (
        f"No complete view of Korea's trade with all five at min_confidence={min_confidence} "
        f"(Table 1 counts as {TABLE1_CONFIDENCE}); {claim} would be settled by Korean customs "
        "(KITA / K-stat) figures for each of the five."
    )


def _table1_note(min_confidence: str) -> str:
    if confidence_rank(min_confidence) < confidence_rank(TABLE1_CONFIDENCE):
        return f" Table 1 ({TABLE1_CONFIDENCE}) not used at min_confidence={min_confidence}."
    return ""


def check_asymmetry(data: Data, min_confidence: str) -> Verdict:
    """C13: varying levels of asymmetry across the five (one-sidedness of trade)."""
    views = trade_views(data, min_confidence)
    sources = _trade_sources(data, min_confidence, views)
    if views.empty:
        return Verdict("not testable", _no_views("the asymmetry", min_confidence), sources)
    views = views.assign(
        index=(views["export_usd"] - views["import_usd"]).abs() / views["turnover_usd"]
    )
    parts, texts = [], []
    for view, rows in views.groupby("view", sort=False):
        spread = rows["index"].max() - rows["index"].min()
        parts.append(bool(spread >= ASYMMETRY_SPREAD))
        low, high = rows.loc[rows["index"].idxmin()], rows.loc[rows["index"].idxmax()]
        surplus = rows[rows["export_usd"] > rows["import_usd"]]["iso3"].tolist()
        texts.append(
            f"{view}: from {country_name(low['iso3'])} {low['index']:.2f} to "
            f"{country_name(high['iso3'])} "
            f"{high['index']:.2f} (spread {spread:.2f}); Korea in surplus with "
            f"{len(surplus)} of 5"
        )
    verdict = _by_share(sum(parts), len(parts))
    evidence = (
        "One-sidedness abs(exports - imports) / turnover (0 = balanced, 1 = one-way): "
        + "; ".join(texts)
        + f". 'Varying' = a spread of at least {ASYMMETRY_SPREAD} in a view; it holds in "
        f"{sum(parts)} of {len(parts)} views.{_table1_note(min_confidence)} "
        "Data: table1_trade.csv, imf_dots_trade_2010_2020.csv."
    )
    return Verdict(verdict, evidence, sources)


def _mirror_note(views: pd.DataFrame) -> str:
    """Where Korea and a partner report the same flows: the largest disagreement."""
    korea = views[views["view"].str.endswith("Korea-reported")].set_index("iso3")
    partner = views[views["view"].str.endswith("partner-reported")].set_index("iso3")
    if korea.empty or partner.empty:
        return ""
    gap = (partner["export_usd"] / korea["export_usd"]).dropna()
    code = (gap - 1).abs().idxmax()
    return (
        f" The two reporting sides differ in size, most for {country_name(code)}: it reports "
        f"{_usd(partner.loc[code, 'export_usd'])} of imports from Korea, Korea reports "
        f"{_usd(korea.loc[code, 'export_usd'])} of exports ({gap[code]:.2f}x)."
    )


def check_prominent_partners(data: Data, min_confidence: str) -> Verdict:
    """C14: Uzbekistan and Kazakhstan the largest partners by turnover."""
    views = trade_views(data, min_confidence)
    sources = _trade_sources(data, min_confidence, views)
    if views.empty:
        return Verdict("not testable", _no_views("the ranking", min_confidence), sources)
    parts, texts = [], []
    for view, rows in views.groupby("view", sort=False):
        ranked = rows.sort_values("turnover_usd", ascending=False)
        top = ranked["iso3"].tolist()
        parts.append(set(top[:2]) == set(CORE))
        texts.append(
            f"{view}: "
            + ", ".join(
                f"{country_name(r['iso3'])} {_usd(r['turnover_usd'])}" for _, r in ranked.iterrows()
            )
        )
    verdict = _by_share(sum(parts), len(parts))
    evidence = (
        "Turnover ranking: "
        + "; ".join(texts)
        + f". Uzbekistan and Kazakhstan are the top two in {sum(parts)} of {len(parts)} views."
        + _mirror_note(views)
        + f"{_table1_note(min_confidence)} Data: table1_trade.csv, imf_dots_trade_2010_2020.csv."
    )
    return Verdict(verdict, evidence, sources)


def significance_ratios(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Per view: turnover of Uzbekistan + Kazakhstan, of the other three, and their ratio."""
    views = trade_views(data, min_confidence)
    rows = []
    for view, part in views.groupby("view", sort=False):
        two = part[part["iso3"].isin(CORE)]["turnover_usd"].sum()
        three = part[part["iso3"].isin(OTHERS)]["turnover_usd"].sum()
        rows.append((view, two, three, two / three if three else float("inf")))
    return pd.DataFrame(rows, columns=["view", "uzb_kaz_usd", "other_three_usd", "ratio"])


def check_significantly_exceeds(data: Data, min_confidence: str) -> Verdict:
    """C15: trade with the two "significantly exceeds" trade with the other three."""
    ratios = significance_ratios(data, min_confidence)
    views = trade_views(data, min_confidence)
    sources = _trade_sources(data, min_confidence, views)
    if ratios.empty:
        return Verdict("not testable", _no_views("the comparison", min_confidence), sources)
    ok = ratios["ratio"] >= SIGNIFICANT_RATIO
    verdict = _by_share(int(ok.sum()), len(ratios))
    texts = "; ".join(
        f"{r['view']}: {_usd(r['uzb_kaz_usd'])} vs {_usd(r['other_three_usd'])} = {r['ratio']:.1f}x"
        for _, r in ratios.iterrows()
    )
    evidence = (
        f"Turnover of Uzbekistan + Kazakhstan vs Kyrgyzstan + Tajikistan + Turkmenistan: {texts}. "
        f"'Significantly' = at least {SIGNIFICANT_RATIO:g}x; it holds in {int(ok.sum())} of "
        f"{len(ratios)} views (each ratio compares the same months, so the partial year 2023 "
        f"does not bias it).{_table1_note(min_confidence)} "
        "Data: table1_trade.csv, imf_dots_trade_2010_2020.csv."
    )
    return Verdict(verdict, evidence, sources)


#: Which dataset a guard reference's loader reads.
_LOADER_DATASETS = {loader: name for name, (_, loader) in DATASETS.items()}


def unit_comparisons(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Independent figures set against the printed Table 1 cells: the references of the unit
    correction's guard (``data/corrections.yml``) and Korea-side press figures for the same
    country, flow and year as a Table 1 cell. Columns: ``reference, file, source, confidence,
    reference_usd, printed, ratio``."""
    from .data import TABLE1_COUNTRY_COLUMN, TABLE1_KEY, TABLE1_VALUE_COLUMNS
    from .data.guards import table_cell

    printed = data["table1_printed"]
    unit = [
        c
        for c in data["corrections"].values()
        if c.applies_to == TABLE1_KEY and c.action.get("type") == "unit"
    ]
    rows = []
    for correction in unit:
        guard = correction.guard
        cell = table_cell(printed, guard["table_cell"])
        for reference in guard["references"]:
            name = _LOADER_DATASETS[reference["loader"]]
            frame, _ = _frame(data, name, min_confidence)
            for column, value in reference["where"].items():
                frame = frame[frame[column].astype(str) == str(value)]
            if len(frame) != 1 or pd.isna(frame["value_usd"].iloc[0]):
                continue
            row = frame.iloc[0]
            where = ", ".join(f"{k}={v}" for k, v in reference["where"].items())
            rows.append(
                (
                    f"{guard['table_cell']['country']} {guard['table_cell']['column']} vs {where}",
                    _file(name),
                    row.get("source", ""),
                    row["confidence"],
                    float(row["value_usd"]),
                    cell,
                )
            )
    # Korea-side press figures for exactly a Table 1 cell (same country, flow, full year 2022).
    press, _ = _frame(data, "press_trade", min_confidence)
    same = press[
        (press["reporting_side"] == "Korea")
        & (press["period"] == "2022")
        & press["flow"].isin(["export", "import"])
        & press["bound"].isna()
    ]
    columns = {v: k for k, v in TABLE1_VALUE_COLUMNS.items()}
    for _, row in same.iterrows():
        column = columns.get((row["flow"], "2022"))
        match = printed[printed[TABLE1_COUNTRY_COLUMN] == row["country"]]
        if column is None or match.empty:
            continue
        cell = table_cell(printed, {"country": row["country"], "column": column})
        rows.append(
            (
                f"{row['country']} {column} vs press {row['flow']} {row['period']}",
                _file("press_trade"),
                row["source"],
                row["confidence"],
                float(row["value_usd"]),
                cell,
            )
        )
    frame = pd.DataFrame(
        rows, columns=["reference", "file", "source", "confidence", "reference_usd", "printed"]
    )
    frame["ratio"] = frame["reference_usd"] / frame["printed"]
    return frame


def check_table1_unit(data: Data, min_confidence: str) -> Verdict:
    """C16: Table 1's caption says the values are USD."""
    comparisons = unit_comparisons(data, min_confidence)
    files = sorted(set(comparisons["file"])) if not comparisons.empty else []
    sources = tuple(
        [f"{TABLE1_FILE} [printed cells]", "data/corrections.yml [table1_unit_is_thousand_usd]"]
        + [
            f"{f} [{'; '.join(comparisons.loc[comparisons['file'] == f, 'reference'])}]: "
            + " | ".join(dict.fromkeys(comparisons.loc[comparisons["file"] == f, "source"]))
            for f in files
        ]
    )
    if comparisons.empty:
        return Verdict(
            "not testable",
            f"No independent trade figure at min_confidence={min_confidence} to compare with the "
            "printed cells; Korea-side figures for any Table 1 flow would settle it.",
            sources,
        )
    as_usd = comparisons["ratio"].between(0.1, 10)
    as_thousand = comparisons["ratio"].between(100, 10_000)
    if as_usd.all():
        verdict = "supported"
    elif as_thousand.all():
        verdict = "contradicted"
    elif as_usd.any():
        verdict = "partly supported"
    else:
        verdict = "not testable"
    shown = "; ".join(
        f"{r['reference']}: {_usd(r['reference_usd'])} / {r['printed']:,} = {r['ratio']:,.0f}"
        for _, r in comparisons.iterrows()
    )
    evidence = (
        f"Independent figure / printed cell: {shown}. {int(as_thousand.sum())} of "
        f"{len(comparisons)} ratios lie within 100-10,000 (the figures are thousands of USD), "
        f"{int(as_usd.sum())} within 0.1-10 (USD as labelled). Same comparisons as the guard "
        "of the correction in data/corrections.yml, plus Korea-side press figures for the "
        "same 2022 cells. Data: trade_unit_evidence.csv, imf_dots_trade_2010_2020.csv, "
        "press_trade_2015_2023.csv."
    )
    return Verdict(verdict, evidence, sources)


def check_fertilizer_plants(data: Data, min_confidence: str) -> Verdict:
    """C17: two fertilizer plant projects in Turkmenistan worth USD 2.5 billion together.

    No data file records investment projects. An ``investment_projects`` frame (columns
    ``country, sector, project, value_usd, source, confidence``) passed in ``data`` is used
    when present.
    """
    mentions, hit_count = [], 0
    for name in ("diplomatic_events", "forum_meetings", "oda_facts"):
        frame, _ = _frame(data, name, min_confidence)
        hits = frame[_row_text(frame).str.contains("fertili", case=False)]
        hit_count += len(hits)
        mentions.append(_source(name, f"searched for 'fertili': {len(hits)} row(s)", hits))
    projects = data.get("investment_projects")
    if projects is None:
        return Verdict(
            "not testable",
            "No data file records Korean investment projects or their values; "
            f"{hit_count} row(s) of diplomatic_events.csv, forum_meetings.csv and oda_facts.csv "
            "mention fertilizer plants at all. It would take project-level records of the "
            "Korean fertilizer-plant projects in Turkmenistan (e.g. the Yonhap report the paper "
            "cites [7], Hyundai Engineering's memorandum for the Balkan ammonia-urea plant, "
            "contract values from Turkmenhimiya).",
            tuple(mentions),
        )
    projects = at_confidence(projects, min_confidence)
    tkm = projects[
        (projects["country"] == "Turkmenistan")
        & projects["sector"].str.contains("fertili", case=False)
    ]
    total = float(tkm["value_usd"].sum())
    two = len(tkm) == 2
    close = abs(total / FERTILIZER_USD - 1) <= FERTILIZER_TOLERANCE if len(tkm) else False
    verdict = _by_parts([two, close])
    evidence = (
        f"{len(tkm)} fertilizer-plant project(s) in Turkmenistan, together {_usd(total)} "
        f"(two projects: {_mark(two)}; within ±{_pct(FERTILIZER_TOLERANCE)} of USD 2.5 bn: "
        f"{_mark(close)}). Data: investment_projects."
    )
    return Verdict(
        verdict, evidence, (f"investment_projects [{len(tkm)} rows]: {_row_sources(tkm)}",)
    )


# --------------------------------------------------------------------------------------------
# ODA


def korea_oda_by_recipient(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Korea's net ODA (USD million, DAC Table 2a) to each of the five, by year (missing kept)."""
    frame, _ = _frame(data, "oda_dac2a", min_confidence)
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
    frame, _ = _frame(data, "oda_dac2a", min_confidence)
    used = frame[(frame["donor"] == "Korea") & frame["recipient_iso3"].isin(CENTRAL_ASIA_ISO3)]
    return [_source("oda_dac2a", "donor=Korea, recipients = the five, 2002-2019", used)]


def check_core_oda_partner(data: Data, min_confidence: str) -> Verdict:
    """C18: Uzbekistan one of Korea's core ODA partners."""
    table = korea_oda_by_recipient(data, min_confidence)
    sources = _oda_sources(data, min_confidence)
    dac, _ = _frame(data, "oda_dac2a", min_confidence)
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
            f"{cumulative['UZB']:,.1f} m net from Korea, {_pct(share)} of Korea's ODA to the five "
            f"(rank {list(cumulative.index).index('UZB') + 1} of {len(cumulative)}; the largest "
            f"of the five in {years_first} of {len(table)} years; {_pct(world_share, 1)} of "
            "Korea's ODA to all recipients)"
        )
    ranks, dropped = _frame(data, "oda_recipients", min_confidence)
    uzb_ranks = ranks[ranks["recipient_iso3"] == "UZB"]
    in_top = None
    if not uzb_ranks.empty:
        counts = ranks.groupby("year").size()
        in_top = bool((uzb_ranks["rank"] <= CORE_ODA_TOP_N).any())
        text.append(
            "WDI ranks among all of Korea's recipients: "
            + ", ".join(
                f"{int(r['year'])} {int(r['rank'])} of {int(counts[r['year']])} "
                f"({_usd(r['value_usd'])})"
                for _, r in uzb_ranks.iterrows()
            )
        )
        sources.append(_source("oda_recipients", "recipient_iso3=UZB (ranks)", uzb_ranks))
    facts, _ = _frame(data, "oda_facts", min_confidence)
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
            sources.append(_source("oda_facts", f"fact_id={fact['fact_id']}", other))
    verdict = _by_parts([first_among_five, in_top])
    evidence = (
        "; ".join(text)
        + f". Criteria: first among the five (DAC2a): {_mark(first_among_five)}; within Korea's "
        f"top {CORE_ODA_TOP_N} recipients in a ranked year (WDI): {_mark(in_top)}.{disagree} "
        "Korea's list of priority partner countries, which would settle 'core', is not in the "
        f"data.{_dropped(dropped, min_confidence)} Data: oda_dac2a_2002_2019.csv, "
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
    verdict = _by_share(hits, len(four))
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
POWERS = ("CHN", "RUS", "USA", "TUR", "IRN", "IND")
POWER_NAMES = {c.iso3: c.name for c in PARTNERS}


def partner_shares(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Each partner's share of the five's trade with all partners in the COW extract, by year."""
    frame, _ = _frame(data, "cow_trade", min_confidence)
    table = frame.pivot_table(
        index="year", columns="partner_iso3", values="value", aggfunc=lambda s: s.sum(min_count=1)
    )
    table.index = table.index.astype(int)
    return table.div(table.sum(axis=1), axis=0)


def check_powers_influence(data: Data, min_confidence: str) -> Verdict:
    """C20: the growing influence of China, Russia, the US, Turkey, Iran and India."""
    shares = partner_shares(data, min_confidence)
    frame, _ = _frame(data, "cow_trade", min_confidence)
    sources = (_source("cow_trade", "all partners, 1992-2014", frame),)
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
    verdict = _by_share(sum(grew.values()), len(present))
    shown = ", ".join(
        f"{POWER_NAMES[p]} {_pct(first[p], 1)} -> {_pct(last[p], 1)} ({change[p] * 100:+.0f}%)"
        for p in present
    )
    fell = [POWER_NAMES[p] for p in present if change[p] < -SHARE_CHANGE]
    flat = [POWER_NAMES[p] for p in present if abs(change[p]) <= SHARE_CHANGE]
    evidence = (
        f"Share of the five's trade with the {shares.shape[1]} partners in the COW extract, "
        f"{y0[0]}-{y0[-1]} vs {y1[0]}-{y1[-1]} (averages): {shown}; Korea "
        f"{_pct(first.get('KOR', float('nan')), 1)} -> {_pct(last.get('KOR', float('nan')), 1)}. "
        f"{sum(grew.values())} of {len(present)} named powers gained share (by more than "
        f"{_pct(SHARE_CHANGE)} of their starting share)"
        + (f"; {', '.join(flat)} held steady" if flat else "")
        + (f"; {', '.join(fell)} lost share" if fell else "")
        + ". The Gulf monarchies are not in the data; shares are of trade with the partners "
        "covered, not of world trade. Data: cow_trade_1992_2014.csv."
    )
    return Verdict(verdict, evidence, sources)


# --------------------------------------------------------------------------------------------
# The registry and the ledger

CHECKS: dict[str, Check] = {
    "C01": check_diaspora,
    "C02": check_relations_1992,
    "C03": check_summits,
    "C04": check_1997_decline,
    "C05": check_2000s_resurgence,
    "C06": check_stable_partner,
    "C07": check_forum_annual,
    "C08": check_secretariat_2017,
    "C09": check_forum_15,
    "C10": check_forum_15_level,
    "C11": check_forum_16,
    "C12": check_forum_16_areas,
    "C13": check_asymmetry,
    "C14": check_prominent_partners,
    "C15": check_significantly_exceeds,
    "C16": check_table1_unit,
    "C17": check_fertilizer_plants,
    "C18": check_core_oda_partner,
    "C19": check_smaller_oda,
    "C20": check_powers_influence,
}

#: The notebook's groups of claims.
GROUPS: dict[str, tuple[str, ...]] = {
    "history": ("C01", "C02", "C03", "C04", "C05", "C06"),
    "forums": ("C07", "C08", "C09", "C10", "C11", "C12"),
    "trade": ("C13", "C14", "C15", "C16", "C17"),
    "oda": ("C18", "C19", "C20"),
}


def run_check(
    claim_id: str, data: Data | None = None, min_confidence: str = "secondary"
) -> Verdict:
    """Run one check on ``data`` (completed from ``data/`` where it lacks a dataset)."""
    confidence_rank(min_confidence)
    if claim_id not in CHECKS:
        raise KeyError(f"no check for claim {claim_id!r}; known: {', '.join(CHECKS)}")
    return CHECKS[claim_id](with_data(data), min_confidence)


def group_evidence_markdown(ledger: pd.DataFrame, group: str) -> str:
    """Markdown for one group of the ledger: each claim's quote, verdict and evidence.

    Parameters
    ----------
    ledger
        The frame from :func:`build_ledger`.
    group
        A key of :data:`GROUPS` (``history``, ``forums``, ``trade``, ``oda``).
    """
    rows = ledger[ledger["claim_id"].isin(GROUPS[group])]
    return "\n\n".join(
        f'**{r.claim_id}** ({r.section}): *"{r.quote}"* → **{r.verdict}**. {r.evidence}'
        for r in rows.itertuples()
    )


def build_ledger(min_confidence: str = "secondary", data: Data | None = None) -> pd.DataFrame:
    """Return the ledger: one row per claim of ``data/paper/claims.csv`` with its verdict.

    Columns ``claim_id, section, quote, verdict, evidence, sources`` (sources joined by
    ``"; "``).

    Raises
    ------
    ValueError
        For an unknown ``min_confidence``, or when claims.csv and :data:`CHECKS` disagree.
    """
    confidence_rank(min_confidence)
    data = with_data(data)
    claims = data["claims"]
    ids = list(claims["claim_id"])
    if set(ids) != set(CHECKS):
        raise ValueError(
            "data/paper/claims.csv and kca_analysis.claims.CHECKS disagree: "
            f"without a check {sorted(set(ids) - set(CHECKS))}, "
            f"without a claim {sorted(set(CHECKS) - set(ids))}"
        )
    rows = []
    for _, claim in claims.iterrows():
        result = CHECKS[claim["claim_id"]](data, min_confidence)
        rows.append(
            (
                claim["claim_id"],
                claim["section"],
                claim["quote"],
                result.verdict,
                result.evidence,
                "; ".join(result.sources),
            )
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def verdict_counts(ledger: pd.DataFrame) -> pd.Series:
    """Number of claims per verdict, in the order of :data:`VERDICTS` (zeros kept)."""
    return ledger["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def confidence_effect(data: Data | None = None) -> pd.DataFrame:
    """The verdict of every claim at each confidence level, and whether it changes."""
    data = with_data(data)
    table = None
    for level in CONFIDENCE_LEVELS:
        ledger = build_ledger(level, data).set_index("claim_id")["verdict"].rename(level)
        table = ledger.to_frame() if table is None else table.join(ledger)
    table["changes"] = table.nunique(axis=1) > 1
    return table.reset_index()


# --------------------------------------------------------------------------------------------
# The paper's outlook against what has happened since

#: The paper's forward-looking statements (exact quotes) and how the data can follow them up.
OUTLOOK: tuple[tuple[str, str], ...] = (
    (
        "Elevating the C5+1 format meetings to the level of heads of state could contribute to "
        "resolving regional problems",
        "summit",
    ),
    (
        "South Korea is exploring the possibility of establishing a free trade zone (FTA)",
        "fta",
    ),
    (
        "anticipating future prospects for cooperation in key areas such as health, "
        "environment, and digital policy",
        "areas",
    ),
)


_PLANNED_FOR = re.compile(r"(?:planned for|held in \w+ in|summit in) (20\d\d)\b|\b(20\d\d) summit")


def summit_plans(data: Data | None = None, min_confidence: str = "secondary") -> pd.DataFrame:
    """The records of a planned first Korea-Central Asia summit: when stated, for which year
    (read from the wording: "planned for 2025", "a 2026 summit"), and the row's source."""
    data = with_data(data)
    events, _ = _frame(data, "diplomatic_events", min_confidence)
    plans = events[events["event_type"] == "summit_plan"]
    rows = []
    for _, row in plans.iterrows():
        years = sorted({int(a or b) for a, b in _PLANNED_FOR.findall(row["detail"])})
        rows.append(
            (
                row["event_id"],
                row["date"] if isinstance(row["date"], str) else "",
                ", ".join(map(str, years)),
                row["detail"],
                row["confidence"],
                row["source"],
            )
        )
    return pd.DataFrame(
        rows, columns=["event_id", "stated", "planned_for", "detail", "confidence", "source"]
    )


def c5_summits_held(data: Data | None = None, min_confidence: str = "secondary") -> pd.DataFrame:
    """Records of a meeting of the heads of state of Korea and all five (not plans or counts)."""
    data = with_data(data)
    events, _ = _frame(data, "diplomatic_events", min_confidence)
    kinds = ~events["event_type"].isin(["summit_plan", "summit_count_statement", "secretariat"])
    everyone = events["countries"].map(lambda c: set(CENTRAL_ASIA_ISO3) <= set(_countries_of(c)))
    return events[kinds & everyone.astype(bool)]


def outlook(data: Data | None = None, min_confidence: str = "secondary") -> pd.DataFrame:
    """The paper's suggestions set against what the data records since (columns
    ``suggestion, since, sources``)."""
    data = with_data(data)
    events, _ = _frame(data, "diplomatic_events", min_confidence)
    forums, _ = _frame(data, "forum_meetings", min_confidence)
    held = _held(forums)
    rows = []
    for quote, kind in OUTLOOK:
        if kind == "summit":
            plans = events[events["event_type"] == "summit_plan"]
            ministerial = held[held["level"] == "minister"]
            levels = (
                f"Forum level: minister at forums {', '.join(map(str, ministerial['forum_no']))}; "
                "no forum at heads-of-state level in the data. "
                if not ministerial.empty
                else ""
            )
            listed = " | ".join(
                f"[{r['date'] if isinstance(r['date'], str) else 'undated'}] "
                f"{r['detail'].replace('date as stated: ', 'as stated ')}"
                for _, r in plans.iterrows()
            )
            since = levels + (
                f"{len(plans)} record(s) of a planned first Korea-Central Asia summit: {listed}"
                if len(plans)
                else "No summit plan in the data."
            )
            sources = _source("diplomatic_events", "event_type=summit_plan", plans)
        elif kind == "fta":
            text = _row_text(events)
            hits = events[text.str.contains(r"\bFTA\b|free trade", case=False)]
            since = (
                f"{len(hits)} record(s): " + " | ".join(hits["detail"])
                if len(hits)
                else "Nothing in the data records FTA negotiations with Uzbekistan; Korean "
                "trade-ministry records of the negotiations would settle it."
            )
            sources = _source("diplomatic_events", "rows mentioning an FTA", hits)
        else:
            after = held[held["year"] >= 2024]
            areas = {"health": "health", "environment": "environment", "digital": "digital"}
            found = []
            for _, forum in after.iterrows():
                theme = str(forum["theme"]).lower()
                present = [a for a, k in areas.items() if k in theme]
                missing = [a for a in areas if a not in present]
                found.append(
                    f"forum {int(forum['forum_no'])} ({int(forum['year'])}): "
                    f"{', '.join(present) or 'none'} on the agenda"
                    + (f"; {', '.join(missing)} not recorded" if missing else "")
                )
            since = "; ".join(found) or "No forum after the paper in the data."
            sources = _source("forum_meetings", "year >= 2024", after)
        rows.append((quote, since, sources))
    return pd.DataFrame(rows, columns=["suggestion", "since", "sources"])


# --------------------------------------------------------------------------------------------
# Display helpers for the notebook


def ledger_html(
    ledger: pd.DataFrame,
    columns: Sequence[str] = ("claim_id", "section", "quote", "verdict", "evidence"),
) -> str:
    """The ledger as a deterministic HTML table, each row coloured by its verdict."""
    head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
    body = []
    for _, row in ledger.iterrows():
        colour = VERDICT_BACKGROUNDS.get(row["verdict"], "#ffffff")
        cells = "".join(
            f"<td style='text-align:left;vertical-align:top'>{html.escape(str(row[c]))}</td>"
            for c in columns
        )
        body.append(f"<tr style='background-color:{colour}'>{cells}</tr>")
    return (
        "<table class='kca-claims'><thead><tr>"
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def plot_verdict_counts(ledger: pd.DataFrame, ax=None):
    """Horizontal bar chart of the number of claims per verdict; returns the axes."""
    import matplotlib.pyplot as plt

    counts = verdict_counts(ledger)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 2.8))
    labels = list(counts.index)[::-1]
    values = [int(counts[v]) for v in labels]
    ax.barh(labels, values, color=[VERDICT_COLORS[v] for v in labels])
    for y, value in enumerate(values):
        ax.text(value + 0.1, y, str(value), va="center")
    ax.set_xlabel("claims (count)")
    ax.set_xlim(0, max(values + [1]) + 1.5)
    ax.set_title(f"Verdicts on the paper's {int(counts.sum())} checkable claims")
    return ax


def _axes(ax, figsize=(8.0, 4.0)):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    return ax.figure, ax


def plot_korea_trade(data: Data, min_confidence: str = "secondary", ax=None):
    """Korea's trade with the five, 1992-2014 (COW), total and the two largest partners."""
    from .plots import KOREA_COLOR, country_color

    table = korea_trade_by_year(data, min_confidence)
    fig, ax = _axes(ax)
    ax.plot(table.index, table["total"], color=KOREA_COLOR, lw=2.2, label="all five")
    for code in CORE:
        if code in table.columns:
            ax.plot(
                table.index,
                table[code],
                color=country_color(code),
                lw=1.6,
                label=country_name(code),
            )
    ax.axvline(1997, color="#777777", ls="--", lw=1)
    ax.text(1997.2, ax.get_ylim()[1] * 0.95, "1997 crisis", va="top", fontsize=9)
    ax.set_xlabel("year")
    ax.set_ylabel("exports + imports (USD million, current)")
    ax.set_title("Korea's trade with Central Asia, 1992-2014")
    ax.legend(loc="upper left")
    return fig


FORUM_STATUS_COLORS = {"held": "#009E73", "implied": "#56B4E9", "none": "#D55E00"}


def plot_forum_years(data: Data, min_confidence: str = "secondary", ax=None):
    """One square per year from the first to the last forum found, by status."""
    years = forum_years(data, min_confidence)
    fig, ax = _axes(ax, figsize=(8.0, 2.2))
    labels = {
        "held": "numbered forum found",
        "implied": "number not found, fits the year",
        "none": "no numbered forum",
    }
    for status, colour in FORUM_STATUS_COLORS.items():
        part = years[years["status"] == status]
        ax.bar(part["year"], 1, color=colour, width=0.85, label=labels[status])
    for _, row in years.iterrows():
        if row["forums"]:
            ax.text(row["year"], 0.5, row["forums"], ha="center", va="center", color="white")
    ax.set_yticks([])
    ax.set_xticks(list(years["year"]))
    ax.tick_params(axis="x", labelrotation=90)
    ax.set_xlabel("year (label: forum number)")
    ax.set_title("Korea-Central Asia Cooperation Forum: one meeting a year?")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.55), ncol=3, fontsize=9)
    return fig


def plot_significance(data: Data, min_confidence: str = "secondary", ax=None):
    """Turnover of Uzbekistan + Kazakhstan over that of the other three, per view."""
    ratios = significance_ratios(data, min_confidence)
    fig, ax = _axes(ax, figsize=(8.0, 3.2))
    ax.barh(ratios["view"][::-1], ratios["ratio"][::-1], color="#0072B2")
    ax.axvline(SIGNIFICANT_RATIO, color="#D55E00", ls="--", lw=1.2)
    ax.text(SIGNIFICANT_RATIO, -0.7, f" threshold {SIGNIFICANT_RATIO:g}x", color="#D55E00")
    for y, value in enumerate(ratios["ratio"][::-1]):
        ax.text(value, y, f" {value:.1f}x", va="center")
    ax.set_xlabel("turnover ratio (UZB + KAZ) / (KGZ + TJK + TKM), times")
    ax.set_title("How much larger is trade with Uzbekistan and Kazakhstan?")
    ax.set_xlim(0, float(ratios["ratio"].max()) * 1.2 if len(ratios) else 1)
    return fig


def plot_oda(data: Data, min_confidence: str = "secondary", ax=None):
    """Korea's cumulative net ODA to each of the five (DAC Table 2a)."""
    from .plots import country_color

    table = korea_oda_by_recipient(data, min_confidence)
    totals = table.sum(min_count=1).sort_values(ascending=False)
    fig, ax = _axes(ax, figsize=(8.0, 3.5))
    ax.bar(
        [country_name(c) for c in totals.index],
        totals.values,
        color=[country_color(c) for c in totals.index],
    )
    for x, value in enumerate(totals.values):
        ax.text(x, value, f"{value:,.1f}", ha="center", va="bottom")
    ax.set_ylabel("net ODA from Korea (USD million, current)")
    ax.set_title(f"Korea's net ODA, {table.index.min()}-{table.index.max()}, cumulative")
    return fig
