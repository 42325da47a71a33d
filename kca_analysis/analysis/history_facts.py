"""Fact records of the history notebook: the parameters, the periods and the diaspora.

Each function takes what the notebook has computed and returns a small frozen record that
:mod:`kca_analysis.text.history` words; no prose is assembled here. Every record also carries
what the notebook's parameters leave out (periods and events outside the years shown, countries
and partners not selected), so that the notebook can say what a filter hides rather than let a
gap read as missing data. The trade records are in :mod:`.trade_history_facts`, the partner
records in :mod:`.trade_partners`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA, KOREA, PARTNERS, lookup_country
from kca_analysis.vocab import resolve_countries, resolve_partners

from .history import DiasporaEstimate, common_estimate

__all__ = [
    "DiasporaFacts",
    "PeriodFacts",
    "PopulationFigure",
    "Selection",
    "diaspora_facts",
    "period_facts",
    "selection",
]


# --------------------------------------------------------------------------------------------
# The parameters


@dataclass(frozen=True)
class Selection:
    """The notebook's parameters, resolved, and what they leave out.

    Attributes
    ----------
    start_year, end_year
        The years shown (inclusive).
    countries, country_names
        The selected states (ISO3 codes and names, in the order given).
    partners, partner_names
        The powers compared with Korea (ISO3 codes and names; Korea not included).
    countries_left_out, partners_left_out
        The names of the five and of the extract's partners that the parameters leave out.
    """

    start_year: int
    end_year: int
    countries: tuple[str, ...]
    country_names: tuple[str, ...]
    partners: tuple[str, ...]
    partner_names: tuple[str, ...]
    countries_left_out: tuple[str, ...]
    partners_left_out: tuple[str, ...]


def selection(
    countries: Sequence[str], partners: Sequence[str], start_year: int, end_year: int
) -> Selection:
    """Resolve the notebook's parameters.

    Parameters
    ----------
    countries
        ISO3 codes or English names of the five (:func:`kca_analysis.vocab.resolve_countries`).
    partners
        Names of the partner powers (:func:`kca_analysis.vocab.resolve_partners`).
    start_year, end_year
        The years shown (inclusive).

    Returns
    -------
    Selection

    Raises
    ------
    ValueError
        For an unknown or repeated country or partner, or ``start_year`` after ``end_year``.
    """
    if start_year > end_year:
        raise ValueError(f"start_year={start_year} is after end_year={end_year}")
    codes = tuple(resolve_countries(countries))
    partner_codes = tuple(resolve_partners(partners))
    return Selection(
        start_year=int(start_year),
        end_year=int(end_year),
        countries=codes,
        country_names=tuple(lookup_country(c).name for c in codes),
        partners=partner_codes,
        partner_names=tuple(lookup_country(c, central_asia_only=False).name for c in partner_codes),
        countries_left_out=tuple(c.name for c in CENTRAL_ASIA if c.iso3 not in codes),
        partners_left_out=tuple(
            c.name for c in PARTNERS if c.iso3 != KOREA.iso3 and c.iso3 not in partner_codes
        ),
    )


# --------------------------------------------------------------------------------------------
# Periods and events


@dataclass(frozen=True)
class PeriodFacts:
    """The paper's periods and events, and those the years shown leave out.

    Attributes
    ----------
    start_year, end_year
        The years shown.
    periods, shown
        How many periods the paper's narrative gives, and how many overlap the years shown.
    before, after
        The numbers of the periods that end before ``start_year`` or start after ``end_year``.
    approximate
        ``(label, event_id, year)`` of each period whose event the paper dates only to a decade.
    events, undated
        How many events the data hold, and how many of them carry no year.
    events_shown, events_outside
        How many dated events fall within the years shown, and outside them.
    """

    start_year: int
    end_year: int
    periods: int
    shown: int
    before: tuple[int, ...]
    after: tuple[int, ...]
    approximate: tuple[tuple[str, str, int], ...]
    events: int
    undated: int
    events_shown: int
    events_outside: int


def period_facts(
    periods: pd.DataFrame, events: pd.DataFrame, start_year: int, end_year: int
) -> PeriodFacts:
    """Count the periods and events, shown and left out.

    Parameters
    ----------
    periods
        :func:`~.history.policy_periods` (all of them, not clipped).
    events
        :func:`kca_analysis.data.load_events`.
    start_year, end_year
        The years shown.

    Returns
    -------
    PeriodFacts
    """
    approx = periods[~periods["exact_date"]]
    years = events["year"].dropna().astype("int64")
    inside = years.between(start_year, end_year)
    return PeriodFacts(
        start_year=int(start_year),
        end_year=int(end_year),
        periods=len(periods),
        shown=int(
            ((periods["end_year"] >= start_year) & (periods["start_year"] <= end_year)).sum()
        ),
        before=tuple(int(n) for n in periods.loc[periods["end_year"] < start_year, "period_no"]),
        after=tuple(int(n) for n in periods.loc[periods["start_year"] > end_year, "period_no"]),
        approximate=tuple((r.label, r.event_id, int(r.start_year)) for r in approx.itertuples()),
        events=len(events),
        undated=int(events["year"].isna().sum()),
        events_shown=int(inside.sum()),
        events_outside=int((~inside).sum()),
    )


# --------------------------------------------------------------------------------------------
# The diaspora


@dataclass(frozen=True)
class PopulationFigure:
    """One ethnic Korean population figure.

    Attributes
    ----------
    country, persons
        Where, and how many.
    year
        The year it refers to (``None`` when undated).
    kind
        What the figure is, as the data describe it (``type``).
    production
        How it was produced (``census``, ``official estimate``, ``embassy estimate``,
        ``statement``, ``not stated``).
    confidence
        How we read it (:data:`~.history.READ_AS`).
    """

    country: str
    persons: int
    year: int | None
    kind: str
    production: str
    confidence: str


@dataclass(frozen=True)
class DiasporaFacts:
    """The figures the notebook states about the ethnic Korean community.

    Attributes
    ----------
    pair
        The names of the states whose figures the paper sums.
    estimate
        The latest figures one source gives for all of ``pair`` at one date
        (:func:`~.history.common_estimate`; ``None`` when none).
    parts
        ``(country, persons)`` of that estimate.
    region
        The figures for Central Asia as a whole, by year.
    undated
        The selected countries' figures without a date (not plotted).
    """

    pair: tuple[str, ...]
    estimate: DiasporaEstimate | None
    parts: tuple[tuple[str, int], ...]
    region: tuple[PopulationFigure, ...]
    undated: tuple[PopulationFigure, ...]


def _figures(rows: pd.DataFrame) -> tuple[PopulationFigure, ...]:
    return tuple(
        PopulationFigure(
            country=str(r.country),
            persons=int(r.ethnic_koreans),
            year=None if pd.isna(r.year) else int(r.year),
            kind=str(r.type),
            production=str(r.production),
            confidence=str(r.confidence),
        )
        for r in rows.itertuples()
    )


def diaspora_facts(
    ethnic: pd.DataFrame, countries: Sequence[str], pair: Sequence[str] = ("UZB", "KAZ")
) -> DiasporaFacts:
    """Collect the diaspora figures the notebook states.

    Parameters
    ----------
    ethnic
        :func:`kca_analysis.data.load_ethnic_koreans`.
    countries
        The selected ISO3 codes (their undated figures are listed).
    pair
        The states whose figures the paper sums ("particularly in Uzbekistan and Kazakhstan").

    Returns
    -------
    DiasporaFacts
    """
    estimate = common_estimate(ethnic, list(pair))
    parts = (
        ()
        if estimate is None
        else tuple((str(r.country), int(r.ethnic_koreans)) for r in estimate.rows.itertuples())
    )
    region = ethnic[ethnic["country"] == "Central Asia"].sort_values("year")
    undated = ethnic[ethnic["iso3"].isin(countries) & ethnic["year"].isna()]
    names = tuple(lookup_country(c).name for c in pair)
    return DiasporaFacts(names, estimate, parts, _figures(region), _figures(undated))
