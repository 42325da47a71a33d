"""Sentences of the history notebook (01_history): parameters, periods, events and the diaspora.

Each function turns a fact record of :mod:`kca_analysis.analysis.history_facts` into Markdown,
so that a notebook cell reads ``display(Markdown(text.history.periods(facts)))``. A sentence
that ends a section starts with "**Finding:**". When a parameter narrows the data, the sentence
says what it leaves out; "no figure" is said only of what the data lack. The other sentences of
01_history are in :mod:`.trade_history`, :mod:`.crisis` and :mod:`.trade_partners`; the
``*_source`` names are the figures' source lines.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kca_analysis.analysis.history import READ_AS
from kca_analysis.analysis.history_facts import (
    DiasporaFacts,
    PeriodFacts,
    PopulationFigure,
    Selection,
)
from kca_analysis.data.catalog import resource

from .format import format_names, format_years

__all__ = [
    "ETHNIC_TITLE",
    "diaspora",
    "ethnic_source",
    "periods",
    "selection",
    "timeline_source",
    "undated_events",
    "year_span",
]

ETHNIC_TITLE = "Ethnic Koreans (Koryo-saram) in each state: every dated figure in the data"


def ethnic_source() -> str:
    """The diaspora figure's source line, naming the file and its producers from the catalog.

    Returns
    -------
    str
    """
    entry = resource("ethnic_korean_population")
    return (
        f"Source: {entry.path} ({entry.get('producer')}). Marker shape: how a figure was "
        "produced; fill: how we read it (full: on the publisher's own page; half: in the press; "
        "hollow: through a mirror, blog or repost). Dotted lines only join a country's figures: "
        "years between them have no data."
    )


# --------------------------------------------------------------------------------------------
# The parameters and the periods


def year_span(first: int, last: int) -> str:
    """Write a span of years: ``1996-1997``, or ``2023`` when it is one year.

    Parameters
    ----------
    first, last
        The first and the last year (inclusive).

    Returns
    -------
    str
    """
    return format_years(range(first, last + 1))


def selection(chosen: Selection) -> str:
    """State the years, countries and partners shown, and what the parameters leave out.

    Parameters
    ----------
    chosen
        :func:`kca_analysis.analysis.history_facts.selection`.

    Returns
    -------
    str
        Markdown.
    """
    partners = ", ".join(chosen.partner_names) or "none (Korea alone)"
    out = (
        f"Years shown: {year_span(chosen.start_year, chosen.end_year)}. "
        f"Countries: {', '.join(chosen.country_names)}. Partners compared with Korea: {partners}."
    )
    left = []
    if chosen.countries_left_out:
        left.append(f"{format_names(chosen.countries_left_out)} (not in `countries`)")
    if chosen.partners_left_out:
        left.append(f"{format_names(chosen.partners_left_out)} (not in `partners`)")
    return out + (f" Left out by the parameters: {'; '.join(left)}." if left else "")


def periods(facts: PeriodFacts) -> str:
    """The finding of the periods: how many, which fall outside the window, which are approximate.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.history_facts.period_facts`.

    Returns
    -------
    str
        Markdown.
    """
    window = year_span(facts.start_year, facts.end_year)
    out = (
        f"**Finding:** the paper's narrative gives **{facts.periods} periods**, of which "
        f"{facts.shown} {'falls' if facts.shown == 1 else 'fall'} within {window}."
    )
    hidden = (
        (facts.before, "ends before", "end before", facts.start_year),
        (facts.after, "starts after", "start after", facts.end_year),
    )
    for numbers, one, several, year in hidden:
        if len(numbers) == 1:
            out += f" Period {numbers[0]} {one} {year} and is not shown."
        elif numbers:
            out += f" Periods {format_years(numbers)} {several} {year} and are not shown."
    if facts.approximate:
        listed = ", ".join(
            f"{label} ({event}, year {year})" for label, event, year in facts.approximate
        )
        out += (
            f" Of all the periods, {len(facts.approximate)} start at an event the paper dates only "
            f"to a decade: {listed}. The data record the decade's first year, so those boundaries "
            "are conventions, not dates."
        )
    return out


def undated_events(facts: PeriodFacts) -> str:
    """Introduce the table of undated events, after saying which dated events the window hides.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.history_facts.period_facts`.

    Returns
    -------
    str
        Markdown.
    """
    out = ""
    if facts.events_outside:
        out = (
            f"{facts.events_shown} of the {facts.events_shown + facts.events_outside} dated "
            f"events fall within {year_span(facts.start_year, facts.end_year)}; the other "
            f"{facts.events_outside} are outside the years shown and not on the timeline. "
        )
    return out + (
        f"{facts.undated} of the paper's {facts.events} events carry no year and are not "
        "placed on the timeline (the paper leaves them undated):"
    )


def timeline_source(events: pd.DataFrame) -> str:
    """The timeline's source line, citing the paper's references of the events drawn.

    Parameters
    ----------
    events
        The events drawn (:func:`kca_analysis.analysis.history.dated_events`).

    Returns
    -------
    str
    """
    refs = sorted(set(events["ref"].dropna()), key=lambda r: int(r.strip("[]")))
    cited = f"; refs {', '.join(refs)}" if refs else ""
    return (
        f"Source: the paper's dated events (data/paper/events.csv{cited}). "
        "Periods start at an event's year; approx. start = the paper gives only a decade."
    )


# --------------------------------------------------------------------------------------------
# The diaspora


def _how(figure: PopulationFigure) -> str:
    """``produced as: census; read through a mirror, blog or repost (secondary)``."""
    read = READ_AS.get(figure.confidence, figure.confidence)
    return f"produced as: {figure.production}; {read} (confidence: {figure.confidence})"


def _figure(figure: PopulationFigure, *, year: bool) -> str:
    when = f" in {figure.year}" if year and figure.year is not None else ""
    return f"{figure.persons:,}{when} ({_how(figure)})"


def _listed(figures: Iterable[PopulationFigure]) -> str:
    return ", ".join(f"{f.country} {f.persons:,} ({_how(f)})" for f in figures)


def diaspora(facts: DiasporaFacts) -> str:
    """The finding on the ethnic Korean community: the same-source sum, the region, the undated.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.history_facts.diaspora_facts`.

    Returns
    -------
    str
        Markdown.
    """
    parts = []
    estimate = facts.estimate
    pair = format_names(facts.pair)
    if estimate is not None:
        each = ", ".join(f"{country} {persons:,}" for country, persons in facts.parts)
        read = READ_AS.get(estimate.confidence, estimate.confidence)
        # An embassy estimate read on the agency's own page is not official statistics.
        census = "" if "census" in estimate.production else ", not a census"
        parts.append(
            f"**Finding:** the latest figures one source gives for both {pair} at one date "
            f"({estimate.reference_date}; {estimate.producer}, produced as: "
            f"{estimate.production}{census}; {read}) add up to **{estimate.total:,}** persons "
            f"({each})."
        )
    else:
        parts.append(f"**Finding:** no source gives figures for both {pair} at one date.")
    parts += [f"For Central Asia as a whole: {_figure(f, year=True)}." for f in facts.region]
    if facts.undated:
        parts.append(f"Undated figures, not plotted: {_listed(facts.undated)}.")
    return " ".join(parts)
