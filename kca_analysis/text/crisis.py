"""Sentences of the crisis test (01_history): the windows, the verdicts, the decline and the trough.

Each function turns a fact record of :mod:`kca_analysis.analysis.trade_history_facts` (or of
:mod:`kca_analysis.analysis.crisis`) into Markdown; ``CRISIS_SOURCE`` is the figure's source
line. The verdict labels of :func:`crisis_verdicts` are the ``verdict`` column of the saved
crisis table.
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.analysis.crisis import CrisisWindows, Growth, LowPoint, YearToLow
from kca_analysis.analysis.trade_history_facts import CrisisFinding, Fall

from .format import format_names
from .history import year_span

__all__ = [
    "CRISIS_SOURCE",
    "crisis_finding",
    "crisis_title",
    "crisis_verdict",
    "crisis_verdicts",
    "crisis_windows",
    "decline",
    "trough",
]

CRISIS_SOURCE = (
    "Source: Correlates of War Trade v4.0 (Korea with the selected countries, summed); "
    "World Bank WDI TX.VAL.MRCH.CD.WT + TM.VAL.MRCH.CD.WT (Korea's total). Grey bands: "
    "the test's windows. Hollow: years summing COW values derived from Korea's own figure."
)


def crisis_title(windows: CrisisWindows) -> str:
    """The crisis figure's title: what is drawn, on which scale.

    Parameters
    ----------
    windows
        :class:`kca_analysis.analysis.crisis.CrisisWindows`.

    Returns
    -------
    str
    """
    return (
        "Korea's trade with the selected states, and its total trade:\n"
        f"each indexed to its {year_span(*windows.pre)} average = 100"
    )


def _musd(value: float, digits: int = 0) -> str:
    """``USD 1,122 million``: the notebook writes window averages in millions throughout."""
    return f"USD {value:,.{digits}f} million"


def crisis_windows(windows: CrisisWindows) -> str:
    """``before 1996-1997, after 1998-2001, resurgence 2005-2008``.

    Parameters
    ----------
    windows
        :class:`kca_analysis.analysis.crisis.CrisisWindows`.

    Returns
    -------
    str
    """
    return ", ".join(f"{name} {first}-{last}" for name, (first, last) in windows.named())


def crisis_verdict(declined: bool | None, resurged: bool | None) -> str:
    """The verdict label of the crisis test (``None``: a window has a missing year).

    Parameters
    ----------
    declined, resurged
        :func:`kca_analysis.analysis.crisis.crisis_test_series`'s verdicts.

    Returns
    -------
    str
    """
    if declined is None or resurged is None:
        return "not testable (a window has a missing year)"
    first = "decline after 1997" if declined else "no decline after 1997"
    second = "resurgence in the 2000s" if resurged else "no resurgence in the 2000s"
    return f"{first}; {second}"


def crisis_verdicts(crisis: pd.DataFrame) -> list[str]:
    """The verdict label of each row of :func:`kca_analysis.analysis.crisis.crisis_test`.

    Parameters
    ----------
    crisis
        :func:`kca_analysis.analysis.crisis.crisis_test`.

    Returns
    -------
    list of str
    """

    def known(value) -> bool | None:
        return None if pd.isna(value) else bool(value)

    return [
        crisis_verdict(known(d), known(r))
        for d, r in zip(crisis["declined"], crisis["resurged"], strict=True)
    ]


def _whom(finding: CrisisFinding) -> str:
    """ "the selected countries", or the one country tested."""
    return finding.countries[0] if len(finding.countries) == 1 else "the selected countries"


def _no_decline(finding: CrisisFinding) -> str:
    if finding.no_decline:
        names = [name for name, _ in finding.no_decline]
        means = [_musd(mean, 1) for _, mean in finding.no_decline]
        return (
            f" Not every country fell: {format_names(names)} had no decline by this measure "
            f"(pre-crisis averages of {format_names(means)} a year; COW rounds every flow to "
            "whole USD millions)."
        )
    return " Every selected country declined by this measure." if len(finding.countries) > 1 else ""


def decline(finding: CrisisFinding) -> str:
    """State the window averages, the verdict and Korea's total trade over the same windows.

    Parameters
    ----------
    finding
        :func:`kca_analysis.analysis.trade_history_facts.crisis_finding`.

    Returns
    -------
    str
        Markdown.
    """
    w = finding.windows
    verdict = crisis_verdict(finding.declined, finding.resurged)
    if finding.declined is None or finding.resurged is None:
        return (
            f"Windows: {crisis_windows(w)}. A window has a year without a figure for "
            f"{_whom(finding)}, so the windows cannot be compared. **Verdict: {verdict}.**"
        )
    back = (
        f"it first passed the pre-crisis average in {finding.first_year_above_pre}"
        if finding.first_year_above_pre is not None
        else f"it had not passed the pre-crisis average by {finding.last_year}"
    )
    out = (
        f"Windows: {crisis_windows(w)}. Korea's trade with {_whom(finding)} averaged "
        f"**{_musd(finding.pre_mean_musd)}** a year in {year_span(*w.pre)} and "
        f"**{_musd(finding.post_mean_musd)}** in {year_span(*w.post)} "
        f"({finding.change_after_pct:+.1f}%); in {year_span(*w.revival)} it averaged "
        f"{_musd(finding.revival_mean_musd)} ({finding.change_revival_pct:+.1f}% on the "
        f"post-crisis average) and {back}. **Verdict: {verdict}.**"
    )
    korea = finding.korea_change_after_pct
    if korea is not None:
        out += (
            f" Korea's total merchandise trade changed by {korea:+.1f}% between the same two "
            "windows"
        )
        if finding.declined:
            deeper = "deeper than" if finding.change_after_pct < korea else "not deeper than"
            out += f", so the fall in Central Asia was {deeper} Korea's overall."
        else:
            out += "."
    return out + _no_decline(finding)


def _growth(growth: Growth) -> str:
    """ "grew 8.5x (19.5% a year)", or the two values when the first is zero (no multiple)."""
    if growth.multiple == growth.multiple and growth.annual_growth_pct == growth.annual_growth_pct:
        return f"grew {growth.multiple:.1f}x ({growth.annual_growth_pct:.1f}% a year)"
    return (
        f"went from {_musd(growth.start_musd)} in {growth.start_year} to "
        f"{_musd(growth.last_musd)} in {growth.last_year}"
    )


def trough(
    low: LowPoint | None,
    growth: Growth | None,
    fall: Fall | None,
    windows: CrisisWindows,
    to_low: YearToLow | None = None,
) -> str:
    """State the lowest year after the crisis, the growth since, and who carried the fall.

    Parameters
    ----------
    low
        :func:`kca_analysis.analysis.crisis.low_point` (``None``: no figure in those years).
    growth
        :func:`kca_analysis.analysis.crisis.growth_since` from the low year.
    fall
        :func:`kca_analysis.analysis.trade_history_facts.largest_fall`.
    windows
        The windows of the test.
    to_low
        :attr:`kca_analysis.analysis.crisis.DeclineReading.year_to_low`: a second measure,
        named as such (default: not stated).

    Returns
    -------
    str
        Markdown.
    """
    if low is None:
        out = (
            f"No year of {windows.post[0]}-{windows.revival[1]} has a figure for every selected "
            "country, so there is no low point to find."
        )
    else:
        out = (
            f"The lowest year from {low.first_year} to {low.last_year} was **{low.year}** "
            f"({_musd(low.value_musd)})"
        )
        if growth is not None:
            out += (
                f"; from {low.year} to {growth.last_year} trade rose in {growth.rises} of "
                f"{growth.changes} years and " + _growth(growth)
            )
        out += "."
    if fall is not None:
        out += (
            f" {fall.country} accounts for {fall.share_of_fall_pct:.0f}% of the fall between "
            "the two window averages."
        )
        second = to_low.share_pct(fall.iso3) if to_low is not None else None
        if second is not None:
            out += (
                f" Measured instead from the last pre-crisis year to the low point "
                f"({to_low.from_year} to {to_low.to_year}, a fall of {_musd(to_low.fall_musd)}), "
                f"its part is {second:.0f}%; the test above uses the window averages."
            )
    return out


def crisis_finding(finding: CrisisFinding, low: LowPoint | None) -> str:
    """The finding of the crisis section in one sentence.

    Parameters
    ----------
    finding
        :func:`kca_analysis.analysis.trade_history_facts.crisis_finding`.
    low
        :func:`kca_analysis.analysis.crisis.low_point`.

    Returns
    -------
    str
        Markdown.
    """
    w = finding.windows
    verdict = crisis_verdict(finding.declined, finding.resurged)
    if finding.declined is None or finding.resurged is None:
        return (
            "**Finding:** the trade data cannot test the paper's reading for the selected "
            f"countries: {verdict}."
        )
    korea = finding.korea_change_after_pct
    beside = f" (Korea's total trade: {korea:+.1f}%)" if korea is not None else ""
    lowest = f", its lowest year was {low.year}" if low is not None else ""
    back = (
        f"back above the pre-crisis average in {finding.first_year_above_pre}"
        if finding.first_year_above_pre is not None
        else f"not back above the pre-crisis average by {finding.last_year}"
    )
    fell = "a decline" if finding.declined else "no decline"
    rose = "a resurgence" if finding.resurged else "no resurgence"
    pre, post, revival = (year_span(*span) for span in (w.pre, w.post, w.revival))
    return (
        f"**Finding:** with trade as the measure, Korea's trade with {_whom(finding)} shows {fell} "
        f"after 1997 and {rose} in the 2000s: its yearly average changed by "
        f"{finding.change_after_pct:+.1f}% from {pre} to {post}{beside} and by "
        f"{finding.change_revival_pct:+.1f}% from {post} to {revival}{lowest}, and it was {back}."
    )
