"""What 04_oda finds, as fact records: small frozen dataclasses that ``text.oda`` words.

Each function reads what the other ``oda_*`` modules return (or the frames of
:mod:`kca_analysis.data`) and gives the numbers one paragraph states, so that a sentence never
computes. Money is in USD; net values can be negative and are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import country_name

from .oda_donors import bilateral_ranking, korea_share_by_recipient
from .oda_korea import cumulative
from .oda_recipients import priority_partner_lists, rank_facts, recipient_rank

__all__ = [
    "DonorFacts",
    "DonorStatement",
    "KazakhstanFacts",
    "KoreaNetFacts",
    "KoreaTotalFacts",
    "ProgrammeCheck",
    "ProgrammeFacts",
    "RankStatement",
    "RecipientRankFacts",
    "donor_findings",
    "kazakhstan_facts",
    "korea_net_facts",
    "korea_total_facts",
    "programme_findings",
    "rank_findings",
]

_SPAN = re.compile(r"(\d{4})\s*-\s*(\d{4})")


def _float(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


@dataclass(frozen=True)
class KoreaNetFacts:
    """Korea's net ODA to the five over the file's years: the sum, the shares, the gaps.

    Attributes
    ----------
    first_year, last_year
        The years of the file.
    total_usd
        Korea's net ODA to the five, summed.
    shares
        ``(recipient, share_of_five_pct, net_usd)``, largest first.
    blanks
        ``(recipient, year)`` of each blank cell (no flow reported, not zero).
    negatives
        ``(recipient, year, value_usd)`` of each negative net value.
    """

    first_year: int
    last_year: int
    total_usd: float
    shares: tuple[tuple[str, float, float], ...]
    blanks: tuple[tuple[str, int], ...]
    negatives: tuple[tuple[str, int, float], ...]


def korea_net_facts(korea: pd.DataFrame) -> KoreaNetFacts:
    """Sum and share Korea's net ODA to the five, and list its blank and negative years.

    Parameters
    ----------
    korea
        :func:`~kca_analysis.analysis.oda_korea.korea_net_oda`.

    Returns
    -------
    KoreaNetFacts
    """
    totals = cumulative(korea)
    return KoreaNetFacts(
        first_year=int(korea["year"].min()),
        last_year=int(korea["year"].max()),
        total_usd=float(totals["net_usd"].sum()),
        shares=tuple(
            (r.recipient, float(r.share_of_five_pct), float(r.net_usd)) for r in totals.itertuples()
        ),
        blanks=tuple((r.recipient, int(r.year)) for r in korea[korea["missing"]].itertuples()),
        negatives=tuple(
            (r.recipient, int(r.year), float(r.value_usd))
            for r in korea[korea["negative"]].itertuples()
        ),
    )


@dataclass(frozen=True)
class KoreaTotalFacts:
    """Korea's total net ODA in both sources, and the five's share of it.

    Attributes
    ----------
    wdi_first, wdi_last
        ``(year, usd)`` of the first and last WDI year.
    overlap
        ``(first, last)`` year both sources cover, or None.
    max_difference_usd
        The largest gap between the two sources over those years.
    five_share_low, five_share_high
        ``(year, pct)`` of the lowest and highest share of the five in Korea's total (DAC2a),
        over the years all five have a value.
    regional_max_pp
        The most the "Central Asia, regional" line adds to that share, in percentage points.
    regional_blank
        The years whose "Central Asia, regional" cell is blank (no flow reported).
    five_incomplete
        The years in which one of the five is blank, so the five have no total and no share.
    """

    wdi_first: tuple[int, float]
    wdi_last: tuple[int, float]
    overlap: tuple[int, int] | None
    max_difference_usd: float | None
    five_share_low: tuple[int, float]
    five_share_high: tuple[int, float]
    regional_max_pp: float
    regional_blank: tuple[int, ...] = ()
    five_incomplete: tuple[int, ...] = ()


def korea_total_facts(korea_total: pd.DataFrame, in_total: pd.DataFrame) -> KoreaTotalFacts:
    """Compare the two sources of Korea's total and bound the five's share of it.

    Parameters
    ----------
    korea_total
        :func:`~kca_analysis.analysis.oda_korea.korea_total_oda`.
    in_total
        :func:`~kca_analysis.analysis.oda_korea.ca_share_of_korea_total`.

    Returns
    -------
    KoreaTotalFacts
    """
    wdi = korea_total.dropna(subset=["wdi_total_usd"])
    both = korea_total.dropna(subset=["wdi_total_usd", "dac2a_all_recipients_usd"])
    high = in_total.loc[in_total["five_share_pct"].idxmax()]
    low = in_total.loc[in_total["five_share_pct"].idxmin()]
    regional = in_total["five_and_regional_share_pct"] - in_total["five_share_pct"]
    return KoreaTotalFacts(
        wdi_first=(int(wdi["year"].iloc[0]), float(wdi["wdi_total_usd"].iloc[0])),
        wdi_last=(int(wdi["year"].iloc[-1]), float(wdi["wdi_total_usd"].iloc[-1])),
        overlap=(int(both["year"].min()), int(both["year"].max())) if len(both) else None,
        max_difference_usd=_float(both["difference_usd"].abs().max()),
        five_share_low=(int(low["year"]), float(low["five_share_pct"])),
        five_share_high=(int(high["year"]), float(high["five_share_pct"])),
        regional_max_pp=float(regional.max()),
        regional_blank=tuple(int(y) for y in in_total.loc[in_total["regional_usd"].isna(), "year"]),
        five_incomplete=tuple(int(y) for y in in_total.loc[in_total["five_usd"].isna(), "year"]),
    )


@dataclass(frozen=True)
class KazakhstanFacts:
    """WDI's longer series of Korea's net aid to Kazakhstan, set beside DAC2a.

    Attributes
    ----------
    wdi_first_year, wdi_last_year
        The years WDI covers.
    overlap_years
        How many years both sources cover.
    max_difference_usd
        The largest gap between them over those years (None when none overlap).
    negatives
        ``(year, usd)`` of each negative WDI year.
    """

    wdi_first_year: int
    wdi_last_year: int
    overlap_years: int
    max_difference_usd: float | None
    negatives: tuple[tuple[int, float], ...]


def kazakhstan_facts(kaz: pd.DataFrame) -> KazakhstanFacts:
    """Say what WDI covers for Kazakhstan, how it agrees with DAC2a, and its negative years.

    Parameters
    ----------
    kaz
        :func:`~kca_analysis.analysis.oda_korea.wdi_vs_dac2a`.

    Returns
    -------
    KazakhstanFacts
    """
    wdi = kaz.dropna(subset=["wdi_usd"])
    overlap = kaz.dropna(subset=["wdi_usd", "dac2a_usd"])
    return KazakhstanFacts(
        wdi_first_year=int(wdi["year"].min()),
        wdi_last_year=int(wdi["year"].max()),
        overlap_years=len(overlap),
        max_difference_usd=_float(overlap["difference_usd"].abs().max()),
        negatives=tuple((int(r.year), float(r.wdi_usd)) for r in kaz[kaz["negative"]].itertuples()),
    )


@dataclass(frozen=True)
class RankStatement:
    """A rank among Korea's recipients that a public page states (not an official ranking)."""

    period: str
    measure: str
    rank: int
    statement: str
    original_source: str
    confidence: str


@dataclass(frozen=True)
class RecipientRankFacts:
    """One recipient's place among all of Korea's recipients: official and stated.

    Attributes
    ----------
    recipient
        The recipient's name.
    official
        ``(year, rank, recipients, value_usd)`` per year of the WDI ranking; ``rank`` and
        ``value_usd`` are None when the recipient is not among those with a positive net figure.
    later
        The stated ranks for periods the official ranking does not cover.
    priority_lists
        ``(period, countries, original_source)`` of each of Korea's lists of priority partner
        countries the facts record: their size only, for their members are not in the data.
    """

    recipient: str
    official: tuple[tuple[int, int | None, int, float | None], ...]
    later: tuple[RankStatement, ...]
    priority_lists: tuple[tuple[str, int, str], ...] = ()


def rank_findings(
    recipients: pd.DataFrame, facts: pd.DataFrame, recipient_iso3: str
) -> RecipientRankFacts:
    """Gather one recipient's official ranks and the later ranks public pages state.

    Parameters
    ----------
    recipients
        :func:`~kca_analysis.data.load_oda_recipients`.
    facts
        :func:`~kca_analysis.data.load_oda_facts`.
    recipient_iso3
        One of the five.

    Returns
    -------
    RecipientRankFacts
    """
    name = country_name(recipient_iso3)
    ranks = recipient_rank(recipients, recipient_iso3)
    stated = rank_facts(facts, name)
    later = stated[~stated["period"].isin([str(y) for y in ranks["year"]])]
    return RecipientRankFacts(
        recipient=name,
        official=tuple(
            (
                int(r.year),
                None if pd.isna(r.rank) else int(r.rank),
                int(r.recipients),
                _float(r.value_usd),
            )
            for r in ranks.itertuples()
        ),  # fmt: skip
        later=tuple(
            RankStatement(
                str(r.period),
                str(r.measure),
                int(r.rank),
                str(r.statement),
                str(r.original_source),
                str(r.confidence),
            )
            for r in later.itertuples()
        ),  # fmt: skip
        priority_lists=tuple(
            (str(r.period), int(r.countries), str(r.original_source))
            for r in priority_partner_lists(facts).itertuples()
        ),
    )


@dataclass(frozen=True)
class DonorStatement:
    """A public page's statement about the donors of one recipient, with DAC2a's order.

    ``ranking`` is ``(rank, donor, net_usd)`` of the file's individual donors over the years of
    the statement that DAC2a covers (empty when the statement names no span of years).
    """

    fact_id: str
    original_source: str
    confidence: str
    period: str
    note: str
    ranking: tuple[tuple[int, str, float], ...]


@dataclass(frozen=True)
class DonorFacts:
    """Korea's weight among the donors of one recipient over the file's years.

    Attributes
    ----------
    recipient
        The recipient's name.
    first_year, last_year
        The years of the file.
    korea_net_usd
        Korea's net ODA to the recipient, summed over those years.
    korea_share_pct
        Korea's net ODA over all official donors'.
    bilateral_donors, korea_rank
        How many individual donors the file holds, and Korea's rank among them.
    statements
        What public pages say about the recipient's donors.
    negatives
        ``(donor, year, value_usd)`` of each negative net value among the donors compared.
    """

    recipient: str
    first_year: int
    last_year: int
    korea_net_usd: float
    korea_share_pct: float
    bilateral_donors: int
    korea_rank: int
    statements: tuple[DonorStatement, ...]
    negatives: tuple[tuple[str, int, float], ...]


def donor_findings(
    dac2a: pd.DataFrame, facts: pd.DataFrame, comparison: pd.DataFrame, recipient_iso3: str
) -> DonorFacts:
    """Say where Korea stands among one recipient's donors, beside what public pages state.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    facts
        :func:`~kca_analysis.data.load_oda_facts` (rows whose note speaks of donors).
    comparison
        :func:`~kca_analysis.analysis.oda_donors.donor_comparison` for the recipient.
    recipient_iso3
        One of the five.

    Returns
    -------
    DonorFacts
    """
    name = country_name(recipient_iso3)
    first, last = int(dac2a["year"].min()), int(dac2a["year"].max())
    row = korea_share_by_recipient(dac2a).set_index("recipient_iso3").loc[recipient_iso3]
    said = facts[(facts["recipient"] == name) & facts["note"].fillna("").str.contains("donor")]
    statements = []
    for fact in said.itertuples():
        span = _SPAN.search(str(fact.period))
        ranking = ()
        if span and int(span.group(1)) <= last:
            order = bilateral_ranking(
                dac2a, recipient_iso3, int(span.group(1)), min(int(span.group(2)), last)
            )
            ranking = tuple((int(d.rank), d.donor, float(d.net_usd)) for d in order.itertuples())
        statements.append(
            DonorStatement(
                str(fact.fact_id),
                str(fact.original_source),
                str(fact.confidence),
                str(fact.period),
                str(fact.note),
                ranking,
            )  # fmt: skip
        )
    negative = comparison[comparison["negative"]]
    return DonorFacts(
        recipient=name,
        first_year=first,
        last_year=last,
        korea_net_usd=float(row["korea_net_usd"]),
        korea_share_pct=float(row["korea_share_pct"]),
        bilateral_donors=int(row["bilateral_donors"]),
        korea_rank=int(row["korea_rank_among_bilateral"]),
        statements=tuple(statements),
        negatives=tuple((r.donor, int(r.year), float(r.value_usd)) for r in negative.itertuples()),
    )


@dataclass(frozen=True)
class ProgrammeCheck:
    """One published programme figure set beside DAC2a (a row of ``compare_with_dac2a``)."""

    fact_id: str
    topic: str
    period: str
    value_as_published: str
    unit_as_published: str
    confidence: str
    dac2a_years: str
    dac2a_net_usd: float | None
    published_to_dac2a: float | None


@dataclass(frozen=True)
class ProgrammeFacts:
    """The published programme figures beside DAC2a, the pages read twice, the doubtful figures.

    Attributes
    ----------
    dac2a_last_year
        The last year DAC2a covers.
    checks
        Each figure covering a span of years, beside DAC2a.
    repeats
        Pairs of fact ids read from the same page, in order.
    doubtful
        ``(fact_id, note)`` of each figure the file flags as doubtful.
    """

    dac2a_last_year: int
    checks: tuple[ProgrammeCheck, ...]
    repeats: tuple[tuple[str, str], ...]
    doubtful: tuple[tuple[str, str], ...]


def programme_findings(
    figures: pd.DataFrame, checks: pd.DataFrame, dac2a: pd.DataFrame
) -> ProgrammeFacts:
    """Gather the programme figures beside DAC2a, their repeats and the doubtful ones.

    Parameters
    ----------
    figures
        :func:`~kca_analysis.analysis.oda_programmes.uzbekistan_figures`.
    checks
        :func:`~kca_analysis.analysis.oda_programmes.compare_with_dac2a` of ``figures``.
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.

    Returns
    -------
    ProgrammeFacts
    """
    pairs = figures[figures["repeats"] != ""]
    repeats = sorted({tuple(sorted((r.fact_id, r.repeats))) for r in pairs.itertuples()})
    doubtful = [
        (str(r.fact_id), r.note)
        for r in figures.itertuples()
        if isinstance(r.note, str) and "doubtful" in r.note.lower()
    ]
    korea = dac2a[dac2a["donor"] == "Korea"]
    return ProgrammeFacts(
        dac2a_last_year=int(korea["year"].max()),
        checks=tuple(
            ProgrammeCheck(
                str(r.fact_id),
                str(r.topic),
                str(r.period),
                str(r.value_as_published),
                str(r.unit_as_published),
                str(r.confidence),
                str(r.dac2a_years),
                _float(r.dac2a_net_usd),
                _float(r.published_to_dac2a),
            )
            for r in checks.itertuples()
        ),  # fmt: skip
        repeats=tuple(repeats),
        doubtful=tuple(doubtful),
    )
