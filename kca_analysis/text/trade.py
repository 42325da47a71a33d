"""Sentences of 03_trade about Korea's trade with the five: the records of
:mod:`kca_analysis.analysis.trade_facts` and :mod:`kca_analysis.analysis.mirror` worded as
Markdown (Table 1 itself and its corrections: :mod:`kca_analysis.text.table1`).

A notebook cell reads ``display(Markdown(text.trade.concentration(facts)))``; a section's
closing sentence starts with :data:`~kca_analysis.text.format.FINDING`. Money is written by
:func:`~kca_analysis.text.format.humanize_usd`, lists by
:func:`~kca_analysis.text.format.format_names`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kca_analysis.analysis.mirror import MirrorFacts
from kca_analysis.analysis.periods import REPORTED, period_label
from kca_analysis.analysis.trade_facts import (
    Coverage,
    GdpFacts,
    KoreaShareFacts,
    PeriodChanges,
    PeriodConcentration,
)
from kca_analysis.countries import CENTRAL_ASIA, country_name
from kca_analysis.vocab import unit_label

from .format import FINDING, format_count, format_names, format_years, humanize_usd

__all__ = [
    "concentration",
    "concentration_finding",
    "coverage",
    "flows_title",
    "korea_share",
    "korea_share_title",
    "mirror",
    "mirror_title",
    "parameters",
    "period_changes",
    "trade_to_gdp",
]


def _pct(share: float) -> str:
    """A share (0-1) as a percentage with one decimal: ``0.948`` -> ``"94.8%"``."""
    return f"{share * 100:.1f}%"


def parameters(codes: Sequence[str], value_unit: str, log_scale: bool, annualize_ytd: bool) -> str:
    """Say what the parameters show, and what the ``countries`` parameter leaves out.

    Parameters
    ----------
    codes
        The ISO3 codes shown (resolved ``countries``), in the reader's order.
    value_unit, log_scale, annualize_ytd
        The notebook's parameters.

    Returns
    -------
    str
        Markdown.
    """
    shown = ", ".join(f"{country_name(c)} ({c})" for c in codes)
    text = f"Countries shown: {shown}."
    hidden = [c.name for c in CENTRAL_ASIA if c.iso3 not in set(codes)]
    if hidden:
        text += (
            f" Not shown (the `countries` parameter): {format_names(hidden)}; the shares, ranks "
            "and concentration are still computed over all five states."
        )
    text += (
        f" Values are shown in {unit_label(value_unit)} (`value_unit = {value_unit!r}`)."
        f" Value axes: {'logarithmic' if log_scale else 'linear'} scale."
    )
    if annualize_ytd:
        return text + " Partial years: annualised on request, and labelled wherever they appear."
    return text + " Partial years: as reported, with their months."


def coverage(facts: Coverage, shown: int | None = None) -> str:
    """State the shape of the tidy table, and how many of its rows are shown.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.trade_facts.coverage`.
    shown
        The rows shown (those of the countries shown), when fewer than all.

    Returns
    -------
    str
        Markdown: the section's finding.
    """
    text = (
        f"{FINDING} The tidy table holds {facts.observations} observations: {facts.countries} "
        f"countries x {facts.flows} flows x {format_count(len(facts.periods), 'period')} "
        f"({'; '.join(facts.periods)})."
    )
    if shown is not None and shown < facts.observations:
        text += f" The table above lists the {shown} rows of the countries shown."
    return text


def _concentration_line(f: PeriodConcentration) -> str:
    top = " and ".join(country for country, _ in f.top)
    shares = ", ".join(f"{country} {_pct(share)}" for country, share in f.top)
    line = (
        f"* **{f.label}**: {top} hold {_pct(f.top_share)} of Korea's turnover with the five "
        f"({shares}), {f.top_to_rest:.1f} times Korea's turnover with the other {f.others}. "
        f"Korea runs a surplus with {f.surplus} of the "
        f"{'five' if f.countries == len(CENTRAL_ASIA) else f.countries}"
    )
    if f.deficits:
        names = ", ".join(country for country, _ in f.deficits)
        ratios = ", ".join(f"{ratio:.2f}" for _, ratio in f.deficits)
        line += f" and a deficit with {names} (export/import ratio {ratios})"
    balanced, one_sided = f.most_balanced, f.most_one_sided
    return line + (
        f"; one-sidedness (|balance| / turnover) runs from {balanced[1]:.2f} ({balanced[0]}) to "
        f"{one_sided[1]:.2f} ({one_sided[0]}). HHI {f.hhi:.2f}: as concentrated as "
        f"{f.equivalent_partners:.1f} equal-sized partners."
    )


def concentration(facts: Sequence[PeriodConcentration]) -> str:
    """One bullet per period: the largest partners' share, the balance, the HHI.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.trade_facts.period_concentration`.

    Returns
    -------
    str
        Markdown bullets, each starting with the period and its months in bold.
    """
    return "\n".join(_concentration_line(f) for f in facts)


def concentration_finding(facts: Sequence[PeriodConcentration]) -> str:
    """Close the concentration section in one sentence.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.trade_facts.period_concentration` (at least one period).

    Returns
    -------
    str
        Markdown.

    Raises
    ------
    ValueError
        When ``facts`` is empty.
    """
    if not facts:
        raise ValueError("concentration_finding needs at least one period")
    pairs = {tuple(country for country, _ in f.top) for f in facts}
    equivalent = format_names(f"{f.equivalent_partners:.1f}" for f in facts)
    whole = "of Korea's turnover with the five"
    if len(pairs) == 1:
        first, *rest = facts
        spans = [f"{_pct(first.top_share)} {whole} in {first.label}"]
        spans += [f"{_pct(f.top_share)} in {f.label}" for f in rest]
        held = f"{' and '.join(pairs.pop())} hold {format_names(spans)}"
    else:
        held = "; ".join(
            f"in {f.label}, {' and '.join(c for c, _ in f.top)} hold {_pct(f.top_share)} {whole}"
            for f in facts
        )
        held = held[0].upper() + held[1:]
    return (
        f"{FINDING} {held}; its concentration (HHI) equals that of {equivalent} equal-sized "
        "partners."
    )


def period_changes(facts: PeriodChanges) -> str:
    """Say which comparisons a partial year already decides, and close the section.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.trade_facts.period_changes`.

    Returns
    -------
    str
        Markdown: the months of each period, the increases already certain, then the finding.
    """
    months = facts.other_months
    text = (
        f"The {facts.other_period} figures cover {months} months, the {facts.base_period} "
        f"figures {facts.base_months}."
    )
    if facts.higher:
        text += f" Already higher after {months} months, as reported: " + "; ".join(
            f"{country} {measure} ({change:+.1f}%)" for country, measure, change in facts.higher
        )
        text += "."
    if facts.basis != REPORTED:
        text += (
            f" The table above is {facts.basis}: its changes are extrapolations, not reported "
            "figures."
        )
    higher = len(facts.higher)
    finding = (
        f"{FINDING} As reported, {higher} of the {facts.comparisons} country-flow comparisons "
        f"{'is' if higher == 1 else 'are'} already higher after {months} months"
    )
    if facts.open:
        stay = "stays" if facts.open == 1 else "stay"
        finding += f"; the other {facts.open} {stay} open until the full year is known."
    else:
        finding += "; none stays open."
    return f"{text}\n\n{finding}"


def mirror(facts: MirrorFacts) -> str:
    """Say where the two reporting sides part, which partner figures are not independent, and
    which are absent; close with the spread of the two sides.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.mirror.mirror_facts` of the countries shown.

    Returns
    -------
    str
        Markdown.
    """
    parts = []
    if facts.widest is not None:
        w = facts.widest
        parts.append(
            f"The widest gap between the two sides: in {w.year}, {w.korea_figure}: "
            f"{humanize_usd(w.korea_usd)}; {w.partner_figure}: {humanize_usd(w.partner_usd)} "
            f"({w.ratio:.2f} times as much)."
        )
    if facts.estimates:
        groups = "\n".join(
            f"* {g.partner_figure}, {format_years(g.years)}: {g.what}."
            for g in facts.estimate_groups
        )
        parts.append(
            f"{format_count(facts.estimates, 'partner-side figure')} "
            f"{'is' if facts.estimates == 1 else 'are'} not the partner's report but an estimate "
            "(the data file's `basis`): drawn hollow and dotted in the figure, in columns of "
            "their own marked *estimate* in the table, and left out of every comparison of the "
            f"two sides:\n\n{groups}"
        )
    if facts.no_partner_figure:
        gaps = ", ".join(f"{c} {flow} {year}" for c, flow, year in facts.no_partner_figure)
        parts.append(f"No partner-side figure (a gap, not a zero): {gaps}.")
    years = f"{facts.first_year}-{facts.last_year}"
    if facts.lowest_median is None or facts.highest_median is None:
        finding = (
            f"{FINDING} No partner-side figure of the countries shown in {years} is the "
            "partner's own report, so the two sides cannot be set against each other here."
        )
    elif facts.lowest_median == facts.highest_median:
        country, flow, ratio = facts.lowest_median
        finding = (
            f"{FINDING} Over the partner's own reports of {years}, {country}'s {flow} figure "
            f"is {ratio:.3g} times Korea's in the median year."
        )
    else:
        (lc, lf, lr), (hc, hf, hr) = facts.lowest_median, facts.highest_median
        finding = (
            f"{FINDING} Over the partners' own reports of "
            f"{years}, the partner's figure runs from {lr:.3g} times Korea's ({lc}, {lf}) to "
            f"{hr:.3g} times ({hc}, {hf}) in the median year."
        )
    return "\n\n".join([*parts, finding])


def _countries(codes) -> str:
    """``each of the five`` when all five are shown, else their names."""
    shown = [c for c in CENTRAL_ASIA if c.iso3 in set(codes)]
    if len(shown) == len(CENTRAL_ASIA):
        return "each of the five"
    return format_names(c.name for c in shown)


def flows_title(flows: pd.DataFrame) -> str:
    """Title the Table 1 flows figure with what it draws: the countries and periods shown.

    Parameters
    ----------
    flows
        The tidy Table 1 rows drawn (``iso3, period, months`` and optionally ``basis``).

    Returns
    -------
    str
        Two lines: what is drawn, then the periods and the source.
    """
    keys = ["period", "months", *(["basis"] if "basis" in flows else [])]
    spans = flows[keys].drop_duplicates().sort_values("period")
    periods = format_names(period_label(*row) for row in spans.itertuples(index=False))
    return (
        f"Korea's exports to and imports from {_countries(flows['iso3'])}\n{periods}, "
        "the paper's Table 1 (corrected)"
    )


def mirror_title(mirror: pd.DataFrame, flow: str) -> str:
    """Title a panel of the two-sides figure: the flow, the years and who records it.

    Parameters
    ----------
    mirror
        :func:`kca_analysis.analysis.mirror.mirror_comparison` of the countries drawn.
    flow
        ``export`` or ``import`` (from Korea's side).

    Returns
    -------
    str
    """
    years = mirror.loc[mirror["flow"] == flow, "year"]
    way = "to" if flow == "export" else "from"
    return (
        f"Korea's {flow}s {way} {_countries(mirror['iso3'])}, {years.min()}-{years.max()}\n"
        "as Korea records them and as the partner side does"
    )


def korea_share_title(shares: pd.DataFrame) -> str:
    """Title the figure of the five's share of Korea's total merchandise trade.

    Parameters
    ----------
    shares
        :func:`kca_analysis.analysis.trade.share_of_korea_trade`.

    Returns
    -------
    str
    """
    return (
        "Korea's trade with the five Central Asian states, as a share of Korea's total\n"
        f"merchandise trade, {shares['year'].min()}-{shares['year'].max()} (full years, "
        "Korea-reported)"
    )


def korea_share(facts: KoreaShareFacts) -> str:
    """Say what the shares leave out, and close with the lowest, highest and latest share.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.trade_facts.korea_share_facts`.

    Returns
    -------
    str
        Markdown.
    """
    text = ""
    if facts.left_out:
        text = f"Left out as partial years: {', '.join(facts.left_out)}. "
    text += (
        "Table 1's numerator (KITA) and the denominator (WTO via WDI) come from different "
        "compilers."
    )
    years = "; ".join(
        f"{word} {s.share_pct:.2f}% in {s.year} ({s.source})"
        for word, s in (
            ("lowest", facts.lowest),
            ("highest", facts.highest),
            ("latest", facts.latest),
        )
    )
    return f"{text}\n\n{FINDING} The five's share of Korea's merchandise turnover: {years}."


def trade_to_gdp(facts: GdpFacts) -> str:
    """Close the GDP section: trade with Korea as a share of each partner's GDP.

    Parameters
    ----------
    facts
        :func:`kca_analysis.analysis.trade_facts.gdp_facts`.

    Returns
    -------
    str
        Markdown: one sentence.
    """
    if not facts.shares:
        return f"{FINDING} No GDP figure is given for the countries shown in {facts.year}."
    shares = format_names(f"{pct:.2f}% of {country}'s GDP" for country, pct in facts.shares)
    return f"{FINDING} In {facts.year} ({facts.source}), trade with Korea equalled {shares}."
