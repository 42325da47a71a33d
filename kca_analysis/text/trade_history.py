"""Sentences of Korea's trade with the five over time (01_history): sources, gaps, overlap, decade.

Each function turns a fact record of :mod:`kca_analysis.analysis.trade_history_facts` into
Markdown; ``TRADE_SOURCE`` and ``OVERLAP_SOURCE`` are the figures' source lines.
"""

from __future__ import annotations

from calendar import month_name

from kca_analysis.analysis.trade_history_facts import (
    CoverageFacts,
    DecadeFinding,
    FlowAgreement,
    OverlapFinding,
    PartialYear,
    SeriesSpan,
)

from .format import format_names, format_years
from .history import year_span

__all__ = [
    "OVERLAP_SOURCE",
    "TRADE_SOURCE",
    "TRADE_TITLE",
    "coverage_finding",
    "first_decade",
    "gaps",
    "overlap_finding",
    "source_agreement",
    "sources",
]

TRADE_TITLE = "Korea's trade (exports + imports) with each state, source by source"
TRADE_SOURCE = (
    "Source: Correlates of War Trade v4.0 (Barbieri & Keshk 2016, via peacesciencer); "
    "IMF Direction of Trade Statistics 2010-2020; the paper's Table 1 (KITA; 2023 = "
    "January-October). Hollow: not the reporter's own full-year figure (COW values derived "
    "from Korea's own figure, estimates in the partner's name, a partial year). "
    "Zero (under USD 0.5 million in COW) is not drawn on the log scale. Bands: periods from "
    "data/paper/events.csv."
)
OVERLAP_SOURCE = (
    "Source: Correlates of War Trade v4.0; IMF DOTS (Korea's report and the partner side, "
    "where estimates stand in for some partners' reports). Each point is one flow (Korea's "
    "exports or imports) in one year; on the grey line the two sources agree, on the dashed "
    "one COW is Korea's figure times the median ratio of COW's derived values (legend)."
)


# --------------------------------------------------------------------------------------------
# Trade by source


def _partial(year: PartialYear) -> str:
    months = f"{month_name[year.first_month]}-{month_name[year.last_month]}"
    return f"{year.year}: {months}, {year.months} months, drawn hollow"


def _derived(span: SeriesSpan) -> str:
    """``not the reporter's own figure, drawn hollow: Uzbekistan 2010-2014, <from what>``."""
    if not span.not_reported:
        return ""
    by_reason: dict[str, list[str]] = {}
    for n in span.not_reported:
        by_reason.setdefault(n.derived_from, []).append(
            f"{format_names(n.countries)} {format_years(n.years)}"
        )
    groups = "; ".join(f"{', '.join(where)}: {why}" for why, where in by_reason.items())
    return f"not the reporter's own figure, drawn hollow: {groups}"


def _outside(first: int, last: int, start: int, end: int) -> list[str]:
    """The parts of ``first``-``last`` before ``start`` and after ``end``."""
    parts = []
    if first < start:
        parts.append(year_span(first, min(last, start - 1)))
    if last > end:
        parts.append(year_span(max(first, end + 1), last))
    return parts


def sources(coverage: CoverageFacts) -> str:
    """State the years each source covers for the selected countries, and which the window hides.

    Parameters
    ----------
    coverage
        :func:`kca_analysis.analysis.trade_history_facts.coverage_facts`.

    Returns
    -------
    str
        Markdown.
    """
    spans = []
    hidden = []
    for span in coverage.spans:
        partial = "; ".join(part for part in (*map(_partial, span.partial), _derived(span)) if part)
        spans.append(
            f"{span.series} {year_span(span.first_year, span.last_year)}"
            + (f" ({partial})" if partial else "")
        )
        outside = _outside(span.first_year, span.last_year, coverage.start_year, coverage.end_year)
        if outside:
            hidden.append(f"{span.series} {' and '.join(outside)}")
    out = "Years with a figure for the selected countries: " + "; ".join(spans) + "."
    if hidden:
        window = year_span(coverage.start_year, coverage.end_year)
        out += f" Outside the years shown ({window}) and not drawn: {'; '.join(hidden)}."
    return out


def gaps(coverage: CoverageFacts) -> str:
    """List, per country, the years shown that no source covers.

    Parameters
    ----------
    coverage
        :func:`kca_analysis.analysis.trade_history_facts.coverage_facts`.

    Returns
    -------
    str
        Markdown.
    """
    lines = [
        f"- {country}: no source gives a turnover for {format_years(years)}"
        if years
        else f"- {country}: every year is covered by at least one source"
        for country, years in coverage.gaps
    ]
    return "**Gaps stay gaps.** Years without any trade figure:\n\n" + "\n".join(lines)


def coverage_finding(coverage: CoverageFacts) -> str:
    """The finding of the trade section: in how many years every selected country has a figure.

    Parameters
    ----------
    coverage
        :func:`kca_analysis.analysis.trade_history_facts.coverage_facts`.

    Returns
    -------
    str
        Markdown.
    """
    shown = coverage.end_year - coverage.start_year + 1
    missing = sorted({y for _, years in coverage.gaps for y in years})
    if not missing:
        return (
            f"**Finding:** every year shown ({year_span(coverage.start_year, coverage.end_year)}) "
            "has a trade figure for each selected country from at least one source; the sources "
            "are drawn side by side, never spliced."
        )
    return (
        f"**Finding:** at least one source gives Korea's trade with each selected country in "
        f"{shown - len(missing)} of the {shown} years shown; for {format_years(missing)} at "
        "least one of them has no figure from any source, and the gap is left open."
    )


def _median(value: float, finding: OverlapFinding) -> str:
    """A median difference in percent, or why there is none."""
    if value == value:
        return f"{value:.1f}%"
    return f"not computed: no DOTS figure reaches USD {finding.percent_floor_musd:g} million"


def _side(side: str) -> str:
    """``Korea-reported`` or ``partner``: the DOTS partner side holds the IMF's estimates too."""
    return "Korea-reported" if side == "Korea" else "partner"


def _whose(flow: FlowAgreement) -> str:
    """Whose figures the comparison holds: COW's derived values, the IMF's estimates."""
    out = ""
    if flow.cow_derived:
        out += (
            f" {flow.cow_derived} of COW's {flow.pairs} figures for Korea's {flow.flow}s are not "
            f"the importer's report but Korea's own DOTS figure times "
            f"{flow.derived_ratio:.2f} (median; a CIF/FOB margin: `basis = derived` in the "
            "data)."
        )
    if flow.dots_estimates:
        out += (
            f" {flow.dots_estimates} of the partner-side figures are IMF estimates, not the "
            "partner's report."
        )
    return out


def source_agreement(finding: OverlapFinding) -> str:
    """Say, per flow, which DOTS side COW is closest to and how close.

    Parameters
    ----------
    finding
        :func:`kca_analysis.analysis.trade_history_facts.overlap_finding`.

    Returns
    -------
    str
        Markdown.
    """
    sentences = [
        f"For Korea's **{f.flow}s**, COW is closest to the **{_side(f.closest)}** "
        f"DOTS figures: {f.within_rounding} of {f.pairs} country-years agree within "
        f"rounding and the median difference is {_median(f.median_pct, finding)} "
        f"(against {_median(f.other_median_pct, finding)} for the {_side(f.other)} side)."
        + _whose(f)
        for f in finding.flows
    ]
    return (
        f"Overlap years: {format_years(finding.years)}; a difference up to "
        f"USD {finding.rounding_musd:g} million is COW's rounding. " + " ".join(sentences)
    )


def overlap_finding(finding: OverlapFinding) -> str:
    """The finding of the overlap: which DOTS report COW repeats for each flow.

    Parameters
    ----------
    finding
        :func:`kca_analysis.analysis.trade_history_facts.overlap_finding`.

    Returns
    -------
    str
        Markdown.
    """
    flows = sorted(finding.flows, key=lambda f: -f.within_rounding / f.pairs if f.pairs else 0)
    parts = [
        f"the {_side(f.closest)} ones in {f.within_rounding} of {f.pairs} for Korea's "
        f"{f.flow}s (median difference {_median(f.median_pct, finding)})"
        for f in flows
    ]
    derived = [
        f"{f.cow_derived} of {f.pairs} of its figures for Korea's {f.flow}s are Korea's own "
        f"figure x {f.derived_ratio:.2f}"
        for f in finding.flows
        if f.cow_derived
    ]
    return (
        "**Finding:** where the two sources overlap, COW's figures equal the DOTS figures of "
        f"one side within rounding: {', and '.join(parts)}"
        + (
            f"; but {' and '.join(derived)}, so that those are Korea's figures, not the "
            "importer's, whatever COW's description says"
            if derived
            else ""
        )
        + "."
    )


# --------------------------------------------------------------------------------------------
# The first decade


def first_decade(finding: DecadeFinding | None) -> str:
    """The finding on "the most stable partner": the decade's leader and steadiest country.

    Parameters
    ----------
    finding
        :func:`kca_analysis.analysis.trade_history_facts.decade_finding`.

    Returns
    -------
    str
        Markdown.
    """
    if finding is None:
        return "**Finding:** no selected country has a trade figure in the first decade."
    decade = f"{finding.first_year}-{finding.last_year}"
    years = finding.last_year - finding.first_year + 1
    if finding.countries == 1:
        return (
            f"**Finding:** only {finding.leader} is selected, so there is no partner to compare "
            f"it with; in {decade} its trade varied with a coefficient of variation of "
            f"{finding.leader_cv:.2f}."
        )
    if finding.steadiest == finding.leader:
        steadiness = f"it was also the steadiest (coefficient of variation {finding.leader_cv:.2f})"
    else:
        steadiness = (
            f"the steadiest trade (lowest variation) was with **{finding.steadiest}** "
            f"(coefficient {finding.steadiest_cv:.2f}, against {finding.leader_cv:.2f} for "
            f"{finding.leader})"
        )
    return (
        f"**Finding:** in {decade}, **{finding.leader}** had the largest turnover in "
        f"{finding.years_largest} of the {years} years and {finding.leader_share_pct:.0f}% of the "
        f"selected countries' average turnover; {steadiness}."
    )
