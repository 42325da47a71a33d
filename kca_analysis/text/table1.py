"""Sentences of 03_trade about the paper's Table 1: what it prints, its two corrections and the
press figures beside it, worded from the records of :mod:`kca_analysis.analysis.table1_facts`.

A notebook cell reads ``display(Markdown(text.table1.caption(facts)))``; a section's closing
sentence starts with :data:`~kca_analysis.text.format.FINDING`.
"""

from __future__ import annotations

from collections.abc import Sequence

from kca_analysis.analysis.periods import period_label
from kca_analysis.analysis.table1_facts import (
    Caption,
    PeriodFinding,
    PressFacts,
    SameYearMatch,
    UnitFinding,
)
from kca_analysis.data.corrections import Correction
from kca_analysis.data.guards import GuardResult

from .format import FINDING, format_count, format_names, humanize_usd

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


def _printed(number: int) -> str:
    """A printed Table 1 number with its digit groups as the paper prints them."""
    return f"{number:,}".replace(",", " ")


def _same_year(m: SameYearMatch, factor: float) -> str:
    return (
        f"{m.country}'s {m.column}, printed {_printed(m.printed)}, against "
        f"{humanize_usd(m.press_usd)} from {m.publisher} for the same flow and year: "
        f"{m.ratio:,.0f} times the printed number, a ratio of {m.ratio / factor:.3f} read as "
        "thousands"
    )


def unit_evidence(unit: UnitFinding) -> str:
    """Say what the printed numbers would mean as US dollars, and what the evidence says, the
    strongest first: the same cell in the same year.

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
        f"{humanize_usd(unit.printed)}. "
    )
    if unit.same_year:
        text += (
            "The strongest evidence is the same cell in the same year: "
            + "; ".join(_same_year(m, unit.factor) for m in unit.same_year)
            + ". "
        )
    scope = " (other years, so the magnitude only)" if unit.guard_other_years else ""
    text += (
        f"The guard's {format_count(unit.guard_figures, 'reference')}{scope} "
        f"{'is' if unit.guard_figures == 1 else 'are'} "
        + (
            f"{unit.min_ratio:,.0f}"
            if unit.min_ratio == unit.max_ratio
            else f"{unit.min_ratio:,.0f} to {unit.max_ratio:,.0f}"
        )
        + " times the printed number, "
    )
    if unit.holds:
        thousands = humanize_usd(unit.printed * unit.factor)
        return text + f"so the table is in thousands of US dollars: {thousands}."
    return text + "which does not fit thousands of US dollars: the unit correction's guard fails."


#: How each status of a guard's comparison reads (see ``cumulative_between`` in
#: :mod:`kca_analysis.data.guards`).
STATUS_WORDS = {
    "proven": "proven",
    "consistent": "consistent, not proven",
    "contradicted": "contradicted",
}


def _lower(period: PeriodFinding) -> str:
    reference = humanize_usd(period.lower_reference_usd)
    figure = f"{period.lower_country}'s figure ({humanize_usd(period.lower_usd)})"
    if period.lower_bound == "lower":
        return (
            f"{figure} is above the shorter year-to-date reference, which is only a lower bound "
            f"(more than {reference}, period {period.lower_reference_period}): what a cumulative "
            "figure would show, but a lower bound can disprove this reading, never prove it "
            f"(*{STATUS_WORDS[period.lower_status]}*)"
        )
    return (
        f"{figure} already exceeds the shorter year-to-date reference ({reference}, period "
        f"{period.lower_reference_period}), so it is more than one month "
        f"(*{STATUS_WORDS[period.lower_status]}*)"
    )


def _upper(period: PeriodFinding) -> str:
    return (
        f"{period.upper_country}'s ({humanize_usd(period.upper_usd)}) stays below the full-year "
        f"reference ({humanize_usd(period.upper_reference_usd)}), so it is not the whole year "
        f"(*{STATUS_WORDS[period.upper_status]}*)"
    )


def _full_year(period: PeriodFinding) -> str:
    full, ratio = period.full_year, period.to_full_year
    if full is None or ratio is None:
        return ""
    return (
        f" Stronger against the single-month reading: {period.lower_country}'s column is "
        f"{ratio:.3f} times the same table's figure for the whole of {full.period} "
        f"({humanize_usd(full.printed * period.unit_factor)}, which {full.publisher} matches "
        f"at a ratio of {full.ratio / period.unit_factor:.3f}); one month would have to hold a "
        "whole year's trade."
    )


def period_evidence(period: PeriodFinding) -> str:
    """Say why the year-to-date columns run from January, with each comparison's status: a
    lower-bound reference is consistent with the reading, never proof of it.

    Parameters
    ----------
    period
        :func:`kca_analysis.analysis.table1_facts.period_finding`.

    Returns
    -------
    str
        Markdown.
    """
    if not period.holds:
        return (
            "The period correction's guard fails: "
            f"{period.lower_country}'s figure ({humanize_usd(period.lower_usd)}) against the "
            f"shorter year-to-date reference ({humanize_usd(period.lower_reference_usd)}, "
            f"period {period.lower_reference_period}) is "
            f"*{STATUS_WORDS[period.lower_status]}*; {period.upper_country}'s "
            f"({humanize_usd(period.upper_usd)}) against the full-year reference "
            f"({humanize_usd(period.upper_reference_usd)}) is "
            f"*{STATUS_WORDS[period.upper_status]}*."
        )
    return (
        f'The "{period.printed_label}" columns are cumulative from January: {_upper(period)}; '
        f"{_lower(period)}.{_full_year(period)} They cover {period.months} months "
        f"({period.period})."
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
