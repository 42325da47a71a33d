"""Sentences of 03_trade about the paper's Table 1: what it prints, its two corrections and the
press figures beside it, worded from the records of :mod:`kca_analysis.analysis.table1_facts`.

A notebook cell reads ``display(Markdown(text.table1.caption(facts)))``; a section's closing
sentence starts with :data:`~kca_analysis.text.format.FINDING`.
"""

from __future__ import annotations

from collections.abc import Sequence

from kca_analysis.analysis.periods import period_label
from kca_analysis.analysis.table1_facts import Caption, PeriodFinding, PressFacts, UnitFinding
from kca_analysis.data.corrections import Correction
from kca_analysis.data.guards import GuardResult

from .format import FINDING, format_names, humanize_usd

__all__ = [
    "caption",
    "corrections",
    "corrections_finding",
    "period_evidence",
    "press",
    "unit_evidence",
]


def caption(facts: Caption) -> str:
    """State the unit and the periods Table 1 prints.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.table1_facts.caption`.

    Returns
    -------
    str
        Markdown: one sentence, the section's finding.
    """
    periods = format_names(repr(p) for p in facts.periods)
    return (
        f"{FINDING} As printed, Table 1's caption gives the unit as **{facts.unit}** and its "
        f"column headers give the periods {periods}; the next section tests both."
    )


def corrections(fixes: Sequence[Correction], results: Sequence[GuardResult]) -> str:
    """State each correction of Table 1: what it changes, why, and whether its guard holds.

    Parameters
    ----------
    fixes
        :func:`kca_analysis.data.corrections.corrections_for` Table 1.
    results
        Their guards' results, in the same order.

    Returns
    -------
    str
        Markdown, one paragraph group per correction.

    Raises
    ------
    ValueError
        When ``fixes`` and ``results`` differ in length.
    """
    if len(fixes) != len(results):
        raise ValueError(f"{len(fixes)} corrections but {len(results)} guard results")
    return "\n\n".join(
        f"**{fix.id}.** {fix.what}\n\n*Why.* {fix.why}\n\n"
        f"*Guard ({fix.guard['type']}):* {'holds' if result.holds else 'FAILS'}: "
        f"{result.message}."
        for fix, result in zip(fixes, results, strict=True)
    )


def unit_evidence(unit: UnitFinding) -> str:
    """Say what the printed numbers would mean as US dollars, and what the evidence says.

    Parameters
    ----------
    unit
        :func:`kca_analysis.analysis.table1_facts.unit_finding`.

    Returns
    -------
    str
        Markdown.
    """
    text = (
        f"Read as US dollars, the cell {unit.column} for {unit.country} would be "
        f"{humanize_usd(unit.printed)}. The {unit.figures} independent Korea-side figures set "
        f"against printed cells ({unit.guard_figures} references of the guard, "
        f"{unit.press_figures} press figures for the same country, flow and year) are "
        f"{unit.min_ratio:,.0f} to {unit.max_ratio:,.0f} times the printed numbers, "
    )
    if unit.holds:
        thousands = humanize_usd(unit.printed * 1000)
        return text + f"so the table is in thousands of US dollars: {thousands}."
    return text + "which does not fit thousands of US dollars: the unit correction's guard fails."


def period_evidence(period: PeriodFinding) -> str:
    """Say why the year-to-date columns run from January, with the two comparisons.

    Parameters
    ----------
    period
        :func:`kca_analysis.analysis.table1_facts.period_finding`.

    Returns
    -------
    str
        Markdown.
    """

    def lower(verb: str) -> str:
        return (
            f"{period.lower_country}'s figure ({humanize_usd(period.lower_usd)}) {verb} the "
            f"shorter year-to-date reference ({humanize_usd(period.lower_reference_usd)}, period "
            f"{period.lower_reference_period})"
        )

    def upper(verb: str) -> str:
        return (
            f"{period.upper_country}'s ({humanize_usd(period.upper_usd)}) {verb} the full-year "
            f"reference ({humanize_usd(period.upper_reference_usd)})"
        )

    if not period.holds:
        return f"The period correction's guard fails: {lower('against')}; {upper('against')}."
    return (
        f'The "{period.printed_label}" columns are cumulative from January: '
        f"{lower('already exceeds')}, and {upper('stays below')}. They cover {period.months} "
        f"months ({period.period})."
    )


def corrections_finding(unit: UnitFinding, period: PeriodFinding) -> str:
    """Close the corrections section in one sentence.

    Parameters
    ----------
    unit, period
        The records of the two corrections.

    Returns
    -------
    str
        Markdown.
    """
    if not (unit.holds and period.holds):
        failing = [name for name, ok in (("unit", unit.holds), ("period", period.holds)) if not ok]
        return (
            f"{FINDING} The guard of the {format_names(failing)} correction fails: the "
            "correction no longer fits the independent figures, and Table 1 must be read again."
        )
    return (
        f"{FINDING} Both corrections hold: Table 1 is in thousands of US dollars, and its "
        f'"{period.printed_label}" columns cover {period_label(period.period, period.months)}.'
    )


def press(facts: PressFacts) -> str:
    """Say which press figures are partial years and where the press matches Table 1.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.table1_facts.press_facts` of the countries shown.

    Returns
    -------
    str
        Markdown, ending with the subsection's finding.
    """
    if not facts.figures:
        return f"{FINDING} None of the press figures in the data file is of the countries shown."
    years = (
        f"of {facts.first_year}"
        if facts.first_year == facts.last_year
        else f"from {facts.first_year} to {facts.last_year}"
    )
    text = f"Press figures for the countries shown: {facts.figures}, {years}; "
    if facts.partial:
        text += (
            f"{facts.partial} of them {'covers' if facts.partial == 1 else 'cover'} fewer than "
            "12 months "
            f"({', '.join(facts.partial_periods)}): read as full years, they would understate "
            "the trade."
        )
    else:
        text += "each covers a full year."
    if not facts.matches:
        return text + (
            f"\n\n{FINDING} For the countries shown, the press relays no Korea-side figure for "
            "the same country, flow and period as Table 1."
        )
    text += " Where the press relays a Korea-side figure for the same country, flow and period "
    text += "as Table 1: " + "; ".join(
        f"{m.country} {m.flow} {period_label(m.period, m.months)}: Table 1 "
        f"{humanize_usd(m.table1_usd)}, {m.publisher} {humanize_usd(m.press_usd)} "
        f"(ratio {m.ratio:.3f})"
        for m in facts.matches
    )
    spread = max(abs(m.ratio - 1) for m in facts.matches)
    return text + (
        f".\n\n{FINDING} Table 1 and the press figures for the same flow and period agree "
        f"within {spread:.1%}: further evidence that Table 1 is in thousands of US dollars."
    )
