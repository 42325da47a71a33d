"""Sentences of the country profile: the fact records of :mod:`kca_analysis.analysis.profile`
worded as Markdown.

A notebook cell reads ``display(Markdown(text.profile.forums_hosted(name, facts)))``; each
section's closing sentence starts with ``**Finding.**``. A gap in the data is said to be a gap
(a blank, a number the sources do not cover), never written as a zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kca_analysis.analysis.oda import NEGATIVE_NET_ODA
from kca_analysis.analysis.periods import period_label
from kca_analysis.analysis.profile import (
    DiasporaFacts,
    EventFacts,
    ForumHosting,
    OdaFacts,
    Standing,
    TradeHistoryFacts,
)
from kca_analysis.analysis.trade_facts import NotReported, SourceSpan

from .format import FINDING, format_count, format_names, format_years, humanize_usd

__all__ = [
    "diaspora",
    "events",
    "forums_hosted",
    "heading",
    "history_title",
    "oda",
    "standing",
    "trade_coverage",
    "trade_history",
]


def _forums(numbers: Sequence[int]) -> str:
    """``[7]`` -> ``"forum 7"``; ``[2, 4, 5]`` -> ``"forums 2, 4 and 5"``."""
    return f"forum{'s' if len(numbers) > 1 else ''} {format_names(str(n) for n in numbers)}"


def heading(name: str, iso3: str) -> str:
    """The line that names the country of the profile (bold text, not a heading).

    Parameters
    ----------
    name, iso3
        The country's English name and ISO3 code.

    Returns
    -------
    str
        Markdown: ``"**Country profile: Uzbekistan (UZB)**"``.
    """
    return f"**Country profile: {name} ({iso3})**"


def standing(name: str, rows: Sequence[Standing]) -> str:
    """One bullet per Table 1 period, then the country's rank among the five as the finding.

    Parameters
    ----------
    name
        The country's name.
    rows
        :func:`kca_analysis.analysis.profile.table1_standing`.

    Returns
    -------
    str
        Markdown.

    Raises
    ------
    ValueError
        When ``rows`` is empty.
    """
    if not rows:
        raise ValueError("standing needs at least one period")
    bullets = []
    for r in rows:
        rank = f"rank {r.rank} of {r.countries}" if r.rank is not None else "not ranked"
        share = (
            f"{r.share_of_total * 100:.1f}% of Korea's turnover with the five"
            if r.share_of_total == r.share_of_total
            else "no share of the five (a turnover figure of the period is not given)"
        )
        bullets.append(
            f"* **{period_label(r.period, r.months)}**: Korea exported "
            f"{humanize_usd(r.export_usd)} to {name} and imported {humanize_usd(r.import_usd)} "
            f"from it; turnover {humanize_usd(r.turnover_usd)}, {share} ({rank}); Korea's "
            f"balance {humanize_usd(r.balance_usd)}."
        )
    ranked = [(r, period_label(r.period, r.months)) for r in rows if r.rank is not None]
    unranked = [period_label(r.period, r.months) for r in rows if r.rank is None]
    if len({(r.rank, r.countries) for r, _ in ranked}) == 1:
        first = ranked[0][0]
        periods = format_names(f"in {label}" for _, label in ranked)
        finding = (
            f"By turnover with Korea, {name} ranks {first.rank} of {first.countries} {periods}"
        )
    elif ranked:
        each = format_names(f"{r.rank} of {r.countries} in {label}" for r, label in ranked)
        finding = f"By turnover with Korea, {name} ranks {each}"
    else:
        finding = f"{name} has no turnover figure to rank in Table 1"
    if ranked and unranked:
        finding += f"; in {format_names(unranked)} it has no turnover figure to rank"
    finding = f"{FINDING} {finding}."
    return "\n".join(bullets) + f"\n\n{finding}"


def _not_reported(source: str, n: NotReported) -> str:
    return (
        f"  * {source}, {n.reporting_side} side, Korea's {n.flow}s {format_years(n.years)}: "
        f"{n.basis}, not that side's report ({n.what})"
    )


def trade_coverage(spans: Sequence[SourceSpan]) -> str:
    """Say which years each source of the trade history covers, from which side, and which of
    its figures are not that side's own report.

    Parameters
    ----------
    spans
        :func:`kca_analysis.analysis.trade_facts.source_spans`.

    Returns
    -------
    str
        Markdown bullets, one per source, with a sub-bullet per group of derived or estimated
        figures.
    """
    lines = []
    for s in spans:
        covered = [format_years(s.years)] if s.years else []
        covered += list(s.partial)
        sides = format_names(s.reporting_sides)
        word = "side" if len(s.reporting_sides) == 1 else "sides"
        lines.append(f"* {s.source}: {', '.join(covered) or 'no figure'}; reporting {word} {sides}")
        lines += [_not_reported(s.source, n) for n in s.not_reported]
    return "Years with a figure, per source:\n\n" + "\n".join(lines)


#: Why COW gives no figure, by its ``gap_reason`` (``data/corrections.yml``, cow_coverage_gaps).
GAP_REASONS = {
    "leading_zero": "a zero before the pair's first reported year, so not yet covered",
    "absent": "the pair is absent from COW that year",
    "missing": "a cell COW leaves empty",
}


def _gap(source: str, side: str, flow: str, year: int, reason: str | None) -> str:
    why = f" ({GAP_REASONS.get(reason, reason)})" if reason else ""
    return f"{source} {side} {flow} {year}{why}"


def history_title(history: pd.DataFrame, flow: str, name: str) -> str:
    """Title a panel of the profile's trade figure: the flow, the country and the years drawn.

    Parameters
    ----------
    history
        :func:`kca_analysis.analysis.trade.bilateral_history` of the country.
    flow
        ``export`` or ``import`` (from Korea's side).
    name
        The country's name.

    Returns
    -------
    str
    """
    years = history.loc[(history["flow"] == flow) & history["value_usd"].notna(), "year"]
    way = "to" if flow == "export" else "from"
    span = f", {years.min()}-{years.max()}" if len(years) else ""
    return f"Korea's {flow}s {way} {name}{span}\nby source and reporting side"


def trade_history(name: str, facts: TradeHistoryFacts) -> str:
    """Say how the overlapping sources compare (and where they agree by construction) and where
    the gaps are; close with the peak.

    Parameters
    ----------
    name
        The country's name.
    facts
        :func:`kca_analysis.analysis.profile.trade_history_facts`.

    Returns
    -------
    str
        Markdown.
    """
    parts = []
    if facts.overlap is not None and facts.cow_ratio is not None:
        (first, last), (low, high) = facts.overlap, facts.cow_ratio
        text = (
            f"Where Correlates of War and IMF DOTS (Korea-reported) overlap ({first}-{last}), "
            f"COW's turnover is between {low:.3f} and {high:.3f} times the Korea-reported "
            "turnover"
        )
        if facts.cow_derived:
            text += (
                f"; in {format_years(facts.cow_derived)} COW's figure for Korea's exports is "
                "derived from Korea's own, so on that flow the two agree by construction, not "
                "as two reports"
            )
        parts.append(text + ". The two are shown side by side, not spliced.")
    if facts.gaps:
        parts.append(
            "No figure (gaps, not zeros): " + ", ".join(_gap(*gap) for gap in facts.gaps) + "."
        )
    if facts.best is None:
        finding = f"{FINDING} No source here gives a full-year turnover reported by Korea."
    else:
        value, year, source = facts.best
        finding = (
            f"{FINDING} Korea's highest full-year turnover with {name} in these sources, as Korea "
            f"reports it: {humanize_usd(value)} in {year} ({source})."
        )
    return "\n\n".join([*parts, finding])


def forums_hosted(name: str, facts: ForumHosting) -> str:
    """Say which forum meetings the country hosted, and which numbers no source covers.

    Parameters
    ----------
    name
        The country's name.
    facts
        :func:`kca_analysis.analysis.profile.forums_hosted`.

    Returns
    -------
    str
        Markdown: one sentence, the section's finding.
    """
    if facts.hosted:
        text = (
            f"{FINDING} {name} hosted {len(facts.hosted)} of the {facts.held} meetings found in "
            f"the sources ({_forums(facts.hosted)})"
        )
    else:
        text = f"{FINDING} {name} hosted none of the {facts.held} meetings found in the sources"
    if facts.unknown:
        text += (
            f"; the sources do not cover {_forums(facts.unknown)}, so where "
            f"{'those were' if len(facts.unknown) > 1 else 'it was'} held is unknown"
        )
    return text + "."


def oda(name: str, facts: OdaFacts) -> str:
    """Say where Korea's ODA to the country ranks, which years are negative or blank; close
    with the total and Korea's share of all donors' ODA.

    Parameters
    ----------
    name
        The country's name.
    facts
        :func:`kca_analysis.analysis.profile.oda_facts`.

    Returns
    -------
    str
        Markdown.
    """
    ranks = "; ".join(
        f"{year} rank {rank} of {count}"
        if rank is not None
        else f"{year} not ranked (no positive net figure)"
        for year, rank, count in facts.recipient_ranks
    )
    parts = []
    if ranks:
        parts.append(f"Among Korea's recipients (WDI, positive net figures only): {ranks}.")
    if facts.negative:
        years = ", ".join(f"{year} ({humanize_usd(value)})" for year, value in facts.negative)
        parts.append(f"**Negative years:** {years}. {NEGATIVE_NET_ODA}")
    if facts.blank:
        parts.append(
            f"No figure (blank in the source, not zero): {', '.join(map(str, facts.blank))}."
        )
    finding = (
        f"{FINDING} Korea's net ODA to {name} ({facts.source}, {facts.first_year}-"
        f"{facts.last_year}) summed to {humanize_usd(facts.total_usd)}; over the DAC2a years it "
        f"was {facts.korea_share_pct:.2f}% of all official donors' net ODA to {name}, rank "
        f"{facts.korea_rank} of the {facts.bilateral_donors} individual donors in the file."
    )
    return "\n\n".join([*parts, finding])


def diaspora(name: str, facts: DiasporaFacts) -> str:
    """State the country's ethnic Korean population figures in one sentence.

    Parameters
    ----------
    name
        The country's name.
    facts
        :func:`kca_analysis.analysis.profile.diaspora_facts`.

    Returns
    -------
    str
        Markdown: the section's finding.
    """
    if not facts.figures:
        return f"{FINDING} The data file gives no ethnic Korean population figure for {name}."
    text = f"{FINDING} {format_count(facts.figures, 'figure')} for {name}"
    if facts.latest is not None:
        value, date, kind, confidence = facts.latest
        text += f"; the latest dated one: {value:,} ({date}, {kind}, confidence {confidence})"
    if facts.latest_official is not None:
        value, date = facts.latest_official
        text += f"; the latest labelled official: {value:,} ({date})"
    if facts.undated:
        text += f"; {facts.undated} without a date (kept, not placed in time)"
    return text + "."


def events(name: str, facts: EventFacts) -> str:
    """Say which references, relations and summits the records give; close with the count of
    events naming the country.

    Parameters
    ----------
    name
        The country's name.
    facts
        :func:`kca_analysis.analysis.profile.event_facts`.

    Returns
    -------
    str
        Markdown.
    """
    parts = [
        "The paper's references behind its events: "
        f"{', '.join(facts.references) or 'none is given'}."
    ]
    if facts.relations is not None:
        date, confidence = facts.relations
        parts.append(f"Diplomatic relations with Korea: {date} (confidence {confidence}).")
    else:
        parts.append(
            f"The diplomatic-events file gives no date of {name}'s diplomatic relations with Korea."
        )
    if facts.summits is not None:
        count, as_of, confidence, note = facts.summits
        parts.append(
            f"Bilateral summits with Korea: {count} as of {as_of} (confidence {confidence}; "
            f"{note})."
        )
    finding = (
        f"{FINDING} {format_count(facts.paper_events, 'event')} of the paper and "
        f"{format_count(facts.dated_events, 'dated diplomatic event')} involve {name}."
    )
    return " ".join(parts) + f"\n\n{finding}"
