"""Fact records of the paper's Table 1: what 03_trade says about the table, its two corrections
and the press figures beside it, as small frozen records.

Each function here reads the frames and guard results of :mod:`~kca_analysis.analysis.table1`
and :mod:`kca_analysis.data.guards` and returns a record; :mod:`kca_analysis.text.trade` words
the records as Markdown. Nothing here formats a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kca_analysis.data import TABLE1_KEY, TABLE1_VALUE_COLUMNS
from kca_analysis.data.corrections import Correction
from kca_analysis.data.guards import GuardResult

from .table1 import PRESS_LOADER

__all__ = [
    "Caption",
    "PeriodFinding",
    "PressFacts",
    "PressMatch",
    "UnitFinding",
    "caption",
    "period_finding",
    "press_facts",
    "unit_finding",
]


@dataclass(frozen=True)
class Caption:
    """What Table 1 says about itself: the caption's unit and the headers' periods, as printed."""

    unit: str
    periods: tuple[str, ...]


def caption(sources: Mapping[str, Mapping[str, Any]]) -> Caption:
    """Return the unit Table 1's caption prints and the periods its column headers print.

    Parameters
    ----------
    sources
        :func:`kca_analysis.data.validation.load_sources` (the catalog records the caption's
        unit as ``unit_label_as_printed``).

    Returns
    -------
    Caption

    Raises
    ------
    KeyError
        When the catalog has no entry for Table 1 or no printed unit in it.
    """
    entry = sources.get(TABLE1_KEY)
    if not entry or "unit_label_as_printed" not in entry:
        raise KeyError(f"the data catalog has no unit_label_as_printed for {TABLE1_KEY}")
    periods = tuple(sorted({label for _, label in TABLE1_VALUE_COLUMNS.values()}))
    return Caption(unit=str(entry["unit_label_as_printed"]), periods=periods)


@dataclass(frozen=True)
class UnitFinding:
    """The unit correction's evidence: one printed cell and the figures set against the table.

    ``printed`` is the guard's cell (``country``, ``column``) as an integer; ``guard_figures``
    and ``press_figures`` count the independent figures of :func:`unit_comparisons` (the
    guard's references, the press figures for a printed cell); ``min_ratio`` and
    ``max_ratio`` span their ratios to the printed numbers; ``holds`` is the guard's verdict.
    """

    country: str
    column: str
    printed: int
    guard_figures: int
    press_figures: int
    min_ratio: float
    max_ratio: float
    holds: bool

    @property
    def figures(self) -> int:
        """How many independent figures there are in all."""
        return self.guard_figures + self.press_figures


def unit_finding(correction: Correction, comparisons: pd.DataFrame, holds: bool) -> UnitFinding:
    """Return the facts of the unit correction for the reader.

    Parameters
    ----------
    correction
        The unit correction of Table 1 (its guard names the printed cell).
    comparisons
        :func:`unit_comparisons` of that correction.
    holds
        Whether its guard holds (:func:`kca_analysis.data.guards.evaluate_guard`).

    Returns
    -------
    UnitFinding

    Raises
    ------
    ValueError
        When there is no comparison.
    """
    if comparisons.empty:
        raise ValueError("unit_finding needs at least one comparison")
    cell = correction.guard["table_cell"]
    press = comparisons["loader"] == PRESS_LOADER
    guard_rows = comparisons[~press]
    printed = guard_rows["printed"] if len(guard_rows) else comparisons["printed"]
    return UnitFinding(
        country=str(cell["country"]),
        column=str(cell["column"]),
        printed=int(printed.iloc[0]),
        guard_figures=int((~press).sum()),
        press_figures=int(press.sum()),
        min_ratio=float(comparisons["ratio"].min()),
        max_ratio=float(comparisons["ratio"].max()),
        holds=bool(holds),
    )


@dataclass(frozen=True)
class PeriodFinding:
    """The period correction's evidence: a cell above a shorter year-to-date figure and a cell
    below a full-year figure, and the months the columns cover."""

    lower_country: str
    lower_usd: float
    lower_reference_usd: float
    lower_reference_period: str
    upper_country: str
    upper_usd: float
    upper_reference_usd: float
    period: str
    months: int
    printed_label: str
    holds: bool


def period_finding(correction: Correction, result: GuardResult) -> PeriodFinding:
    """Return the facts of the period correction (a ``cumulative_between`` guard) for the reader.

    Parameters
    ----------
    correction
        The period correction of Table 1 (``action``: ``period``, ``months``,
        ``printed_label``).
    result
        Its guard's result (:func:`kca_analysis.data.guards.evaluate_guard`).

    Returns
    -------
    PeriodFinding

    Raises
    ------
    ValueError
        When the result lacks the lower or the upper comparison.
    """
    sides = {c.get("side"): c for c in result.comparisons}
    if not {"lower", "upper"} <= set(sides):
        raise ValueError(
            f"period_finding needs a lower and an upper comparison; {result.correction!r} has "
            f"{sorted(str(s) for s in sides)}"
        )
    lower, upper = sides["lower"], sides["upper"]
    return PeriodFinding(
        lower_country=str(lower["table_cell"]["country"]),
        lower_usd=float(lower["table_usd"]),
        lower_reference_usd=float(lower["reference_usd"]),
        lower_reference_period=str(lower["reference"]["where"].get("period", "")),
        upper_country=str(upper["table_cell"]["country"]),
        upper_usd=float(upper["table_usd"]),
        upper_reference_usd=float(upper["reference_usd"]),
        period=str(correction.action["period"]),
        months=int(correction.action["months"]),
        printed_label=str(correction.action.get("printed_label", "")),
        holds=bool(result.holds),
    )


@dataclass(frozen=True)
class PressMatch:
    """Table 1 beside a Korea-side press figure for the same country, flow and period."""

    country: str
    flow: str
    period: str
    months: int
    table1_usd: float
    publisher: str
    press_usd: float
    ratio: float


@dataclass(frozen=True)
class PressFacts:
    """The press figures shown: how many, which cover fewer than 12 months, what matches Table 1.

    ``first_year`` and ``last_year`` are missing (``None``) when no figure is shown.
    """

    figures: int
    partial: int
    partial_periods: tuple[str, ...]
    matches: tuple[PressMatch, ...]
    first_year: int | None
    last_year: int | None


def press_facts(figures: pd.DataFrame, matches: pd.DataFrame) -> PressFacts:
    """Return the facts of the press figures for the reader.

    Parameters
    ----------
    figures
        :func:`press_figures` (for the countries shown).
    matches
        :func:`match_table1` (for the countries shown).

    Returns
    -------
    PressFacts
        ``partial_periods`` are the period labels of the partial years, sorted.
    """
    partial = figures[figures["months"] < 12]
    years = figures["year"].dropna().astype("int64")
    return PressFacts(
        figures=len(figures),
        partial=len(partial),
        partial_periods=tuple(sorted(set(partial["period_label"]))),
        matches=tuple(
            PressMatch(
                country=str(r.country),
                flow=str(r.flow),
                period=str(r.period),
                months=int(r.months),
                table1_usd=float(r.table1_usd),
                publisher=str(r.publisher),
                press_usd=float(r.press_usd),
                ratio=float(r.press_to_table1),
            )
            for r in matches.itertuples()
        ),
        first_year=int(years.min()) if len(years) else None,
        last_year=int(years.max()) if len(years) else None,
    )
