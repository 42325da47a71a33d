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
    "SameYearMatch",
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
class SameYearMatch:
    """A printed Table 1 cell and a Korea-side press figure for the same country, flow and
    period: ``ratio`` is the press figure over the printed number (1000 when the cell is in
    thousands of USD)."""

    country: str
    column: str
    flow: str
    period: str
    printed: int
    press_usd: float
    ratio: float
    publisher: str


def _same_year(matches: pd.DataFrame | None) -> tuple[SameYearMatch, ...]:
    if matches is None:
        return ()
    return tuple(
        SameYearMatch(
            country=str(m.country),
            column=str(m.column),
            flow=str(m.flow),
            period=str(m.period),
            printed=int(m.printed),
            press_usd=float(m.press_usd),
            ratio=float(m.ratio),
            publisher=str(m.publisher),
        )
        for m in matches.itertuples()
    )


@dataclass(frozen=True)
class UnitFinding:
    """The unit correction's evidence: one printed cell and the figures set against the table.

    ``printed`` is the guard's cell (``country``, ``column``) as an integer; ``guard_figures``
    and ``press_figures`` count the independent figures of :func:`unit_comparisons` (the
    guard's references, the press figures for a printed cell); ``min_ratio`` and
    ``max_ratio`` span the ratios of the guard's references to the printed number;
    ``same_year`` holds the press figures for exactly a printed cell (the strongest
    evidence), ``factor`` the ratio thousands imply and ``holds`` the guard's verdict;
    ``guard_other_years`` says that no reference of the guard is for its cell's own year.
    """

    country: str
    column: str
    printed: int
    guard_figures: int
    press_figures: int
    min_ratio: float
    max_ratio: float
    holds: bool
    same_year: tuple[SameYearMatch, ...]
    factor: float
    guard_other_years: bool

    @property
    def figures(self) -> int:
        """How many independent figures there are in all."""
        return self.guard_figures + self.press_figures


def unit_finding(
    correction: Correction,
    comparisons: pd.DataFrame,
    holds: bool,
    same_year: pd.DataFrame | None = None,
) -> UnitFinding:
    """Return the facts of the unit correction for the reader.

    Parameters
    ----------
    correction
        The unit correction of Table 1 (its guard names the printed cell and the factor).
    comparisons
        :func:`unit_comparisons` of that correction.
    holds
        Whether its guard holds (:func:`kca_analysis.data.guards.evaluate_guard`).
    same_year
        :func:`~kca_analysis.analysis.table1.same_year_matches`: the press figures for exactly
        a printed cell (none when ``None``).

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
    guard_rows = comparisons[~press] if (~press).any() else comparisons
    return UnitFinding(
        country=str(cell["country"]),
        column=str(cell["column"]),
        printed=int(guard_rows["printed"].iloc[0]),
        guard_figures=int((~press).sum()),
        press_figures=int(press.sum()),
        min_ratio=float(guard_rows["ratio"].min()),
        max_ratio=float(guard_rows["ratio"].max()),
        holds=bool(holds),
        same_year=_same_year(same_year),
        factor=float(correction.guard["expected_factor"]),
        guard_other_years=not bool(guard_rows["same_cell"].any()),
    )


@dataclass(frozen=True)
class PeriodFinding:
    """The period correction's evidence: a cell above a shorter year-to-date figure and a cell
    below a full-year figure, and the months the columns cover.

    ``lower_bound`` is ``lower`` when the shorter figure is only known from below ("more
    than ..."); ``lower_status`` and ``upper_status`` are the guard's statuses (``proven``,
    ``consistent``: not contradicted by a lower bound, which cannot prove it, or
    ``contradicted``). ``full_year`` is the lower cell's country and flow in the table's full
    year with the press figure for that cell, when there is one: a year-to-date column as large
    as a whole year cannot be a single month.
    """

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
    lower_bound: str | None
    lower_status: str
    upper_status: str
    unit_factor: float
    full_year: SameYearMatch | None = None

    @property
    def to_full_year(self) -> float | None:
        """The lower cell over the same country's and flow's full-year cell, both in USD."""
        if self.full_year is None:
            return None
        return self.lower_usd / (self.full_year.printed * self.unit_factor)


def _full_year_of(
    cell: Mapping[str, str], matches: tuple[SameYearMatch, ...]
) -> SameYearMatch | None:
    """The match for the cell's country and flow in a full year (a period without months)."""
    flow, _ = TABLE1_VALUE_COLUMNS[cell["column"]]
    found = [
        m
        for m in matches
        if m.country == cell["country"] and m.flow == flow and "-" not in m.period
    ]
    return found[0] if found else None


def period_finding(
    correction: Correction, result: GuardResult, same_year: pd.DataFrame | None = None
) -> PeriodFinding:
    """Return the facts of the period correction (a ``cumulative_between`` guard) for the reader.

    Parameters
    ----------
    correction
        The period correction of Table 1 (``action``: ``period``, ``months``,
        ``printed_label``; ``guard``: ``unit_factor``).
    result
        Its guard's result (:func:`kca_analysis.data.guards.evaluate_guard`), each comparison
        with its ``side``, ``bound`` and ``status``.
    same_year
        :func:`~kca_analysis.analysis.table1.same_year_matches`, to set the year-to-date cell
        against the same country's full year (left out when ``None``).

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
        lower_bound=lower.get("bound"),
        lower_status=str(lower["status"]),
        upper_status=str(upper["status"]),
        unit_factor=float(correction.guard["unit_factor"]),
        full_year=_full_year_of(lower["table_cell"], _same_year(same_year)),
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
