"""04_oda in sentences: the fact records of :mod:`kca_analysis.analysis.oda` as Markdown.

Each function takes the records the analysis returns and gives one paragraph; none computes.
Money reads as :func:`~kca_analysis.text.format.humanize_usd` writes it; every paragraph that
shows a negative net value explains it (:data:`~kca_analysis.analysis.oda.NEGATIVE_NET_ODA`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kca_analysis.analysis.oda import (
    NEGATIVE_NET_ODA,
    DonorFacts,
    KazakhstanFacts,
    KoreaNetFacts,
    KoreaTotalFacts,
    ProgrammeFacts,
    RecipientRankFacts,
)
from kca_analysis.vocab import DONORS

from .format import format_years
from .format import humanize_usd as usd

__all__ = [
    "donors",
    "kazakhstan",
    "korea_net",
    "korea_total",
    "lost_table",
    "programmes",
    "recipient_rank",
    "settings",
]


def settings(recipient: str, recipient_iso3: str, donors: Sequence[str]) -> str:
    """State the recipient and the donors compared, and what each choice leaves out.

    Parameters
    ----------
    recipient, recipient_iso3
        The recipient chosen (name and ISO3 code).
    donors
        The donors compared, Korea first (:func:`kca_analysis.vocab.resolve_donors`).

    Returns
    -------
    str
    """
    text = (
        f"Recipient: {recipient} ({recipient_iso3}). Donors compared: {', '.join(donors)}. "
        f"The recipient sets the sections on ranks and on donors; the others cover all five, "
        "and the programme figures are Uzbekistan's."
    )
    others = [d for d in DONORS if d not in donors]
    if others:
        text += f" Donors and totals of the file not compared: {'; '.join(others)}."
    return text


def lost_table(caveat: str, ranked_years: Iterable[int]) -> str:
    """Say what became of the paper's Table 2 and what the notebook shows instead.

    Parameters
    ----------
    caveat
        The ``caveats`` of the ODA facts file in the data catalog; its first sentence says
        what was searched for and not found.
    ranked_years
        The years of the World Bank's ranking of Korea's recipients.

    Returns
    -------
    str
    """
    return (
        'In the text of the paper, the line "Table 2 [10]" is followed only by the citation of '
        "its source, OECD *Development Co-operation Profiles 2022* (reference [10], a "
        "compareyourcountry.org page): the table itself did not survive. The data sources say "
        f"what was searched for and not found: *{caveat.split('. ')[0]}.* What follows shows "
        "what the public data support instead: Korea's net ODA to each of the five (OECD DAC "
        f"Table 2a), Korea's recipients ranked (World Bank WDI, {format_years(ranked_years)}), "
        "Korea against the other donors, Korea's total ODA, and the programme figures "
        "published for Uzbekistan."
    )


def _negatives(items: Sequence[str], lead: str) -> str:
    return f"{lead}{', '.join(items)}. {NEGATIVE_NET_ODA}" if items else ""


def korea_net(facts: KoreaNetFacts) -> str:
    """Say how Korea's net ODA to the five divides among them, with its blanks and negatives.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.oda.korea_net_facts`.

    Returns
    -------
    str
    """
    (lead, lead_pct, lead_usd), *rest = facts.shares
    text = (
        f"Over {facts.first_year}-{facts.last_year}, Korea's net ODA to the five summed to "
        f"{usd(facts.total_usd)}; {lead} received {lead_pct:.1f}% of it ({usd(lead_usd)}), then "
        + ", ".join(f"{name} {pct:.1f}%" for name, pct, _ in rest)
        + ". "
    )
    if facts.blanks:
        text += (
            "Blank in the OECD export (no flow reported, not zero): "
            + ", ".join(f"{name} {year}" for name, year in facts.blanks)
            + ". "
        )
    negatives = [f"{name} {year} ({usd(value)})" for name, year, value in facts.negatives]
    return (text + _negatives(negatives, "**Negative net values:** ")).strip()


def korea_total(facts: KoreaTotalFacts) -> str:
    """Say how Korea's total grew, how the two sources agree, and the five's share of it.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.oda.korea_total_facts`.

    Returns
    -------
    str
    """
    (first, first_usd), (last, last_usd) = facts.wdi_first, facts.wdi_last
    (low, low_pct), (high, high_pct) = facts.five_share_low, facts.five_share_high
    if facts.overlap is None:
        agree = "no year is in both sources"
    else:
        agree = (
            f"where both sources cover a year ({facts.overlap[0]}-{facts.overlap[1]}) they "
            f"differ by at most {usd(facts.max_difference_usd)}"
        )
    return (
        f"Korea's total net ODA (WDI) grew from {usd(first_usd)} in {first} to {usd(last_usd)} "
        f"in {last}; {agree}. The five received between {low_pct:.2f}% ({low}) and "
        f"{high_pct:.2f}% ({high}) of Korea's net ODA to all recipients"
        + (
            f" in the years all five have a value (in {format_years(facts.five_incomplete)} one "
            "of the five is blank, so the five have no total there and no point is drawn)"
            if facts.five_incomplete
            else ""
        )
        + "; adding the line "
        '"Central Asia, regional" (dashed) raises the share by at most '
        f"{facts.regional_max_pp:.2f} percentage points"
        + (
            f"; its cell is blank (no flow reported) in {format_years(facts.regional_blank)}, "
            "where the dashed line is not drawn."
            if facts.regional_blank
            else "."
        )
    )


def kazakhstan(facts: KazakhstanFacts) -> str:
    """Say what WDI covers for Kazakhstan, how it agrees with DAC2a, and its negative years.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.oda.kazakhstan_facts`.

    Returns
    -------
    str
    """
    text = f"WDI covers {facts.wdi_first_year}-{facts.wdi_last_year}. "
    if facts.overlap_years:
        text += (
            f"Over the {facts.overlap_years} years both sources cover, they differ by at most "
            f"{usd(facts.max_difference_usd)} (DAC2a is rounded, WDI is not). "
        )
    if not facts.negatives:
        return text + "No year is negative."
    return text + (
        "Negative years: "
        + ", ".join(f"{year} ({usd(value)})" for year, value in facts.negatives)
        + ": in those years Kazakhstan repaid Korea more than Korea disbursed to it."
    )


def recipient_rank(facts: RecipientRankFacts) -> str:
    """Say where the recipient ranks among Korea's recipients, officially and as stated.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.oda.rank_findings`.

    Returns
    -------
    str
    """
    official = "; ".join(
        f"{year}: rank {rank} of {count} recipients with a positive net figure ({usd(value)})"
        if rank is not None
        else f"{year}: not among the recipients with a positive net figure"
        for year, rank, count, value in facts.official
    )
    text = f"{facts.recipient}, WDI (official): {official}. "
    if not facts.later:
        text += f"The ODA facts file holds no later rank statement for {facts.recipient}."
    else:
        text += (
            "Later ranks exist only as statements in the ODA facts file: "
            + "; ".join(
                f"{s.period}, {s.measure}: rank {s.rank} (\u201c{s.statement}\u201d, "
                f"{s.original_source}; confidence **{s.confidence}**)"
                for s in facts.later
            )
            + ". No official ranking of all of Korea's recipients for those years is in the "
            "data, and DAC2a here covers only the five, so these ranks cannot be checked."
        )
    return text + " " + _priority_lists(facts)


def _priority_lists(facts: RecipientRankFacts) -> str:
    """Say that the list defining a *core* partner is not in the data (its size may be)."""
    if not facts.priority_lists:
        return (
            "No list of Korea's priority partner countries is in the data, so whether "
            f"{facts.recipient} is a *core* partner, as the paper says of Uzbekistan, cannot be "
            "read from them; the ranks are the nearest evidence."
        )
    lists = "; ".join(
        f"{count} countries for {period}, per {source}"
        for period, count, source in facts.priority_lists
    )
    return (
        f"A *core* partner, as the paper calls Uzbekistan, is one on Korea's list of priority "
        f"partner countries. The ODA facts record only the size of such a list: {lists}. Its "
        f"members are not in the data, so whether {facts.recipient} is on it cannot be read "
        "from them; the ranks are the nearest evidence."
    )


def donors(facts: DonorFacts) -> str:
    """Say Korea's share and rank among the recipient's donors, beside what pages state.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.oda.donor_findings`.

    Returns
    -------
    str
    """
    text = (
        f"Over {facts.first_year}-{facts.last_year}, Korea's net ODA to {facts.recipient} was "
        f"{facts.korea_share_pct:.1f}% of all official donors' (DAC, non-DAC and multilateral); "
        f"among the {facts.bilateral_donors} individual donors in the file Korea ranks "
        f"{facts.korea_rank}. "
    )
    for s in facts.statements:
        text += (
            f"Fact {s.fact_id} ({s.original_source}, confidence **{s.confidence}**) says for "
            f"{s.period}: \u201c{s.note}\u201d. "
        )
        if s.ranking:
            text += (
                "DAC2a over those years orders the individual donors "
                + ", ".join(f"{rank}. {donor} ({usd(net)})" for rank, donor, net in s.ranking)
                + " (only these donors are in the file). "
            )
    negatives = [f"{donor} {year} ({usd(value)})" for donor, year, value in facts.negatives]
    return (text + _negatives(negatives, "Negative net values in this comparison: ")).strip()


def programmes(facts: ProgrammeFacts) -> str:
    """List the programme figures beside DAC2a, the pages read twice and the doubtful figures.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.analysis.oda.programme_findings`.

    Returns
    -------
    str
    """
    lines = []
    for c in facts.checks:
        line = (
            f"* **{c.fact_id}** {c.topic} ({c.period}), confidence {c.confidence}: as published "
            f"\u201c{c.value_as_published}\u201d ({c.unit_as_published}); "
            + (
                f"DAC2a (to {facts.dac2a_last_year}) does not cover these years"
                if c.dac2a_years == "none"
                else f"DAC2a net ODA over {c.dac2a_years}: {usd(c.dac2a_net_usd)}"
            )
        )
        if c.published_to_dac2a is not None:
            line += f" (published / DAC2a = {c.published_to_dac2a:.2f})"
        lines.append(line + ".")
    lines.append(
        "\nSame page read twice (the file marks the repeats): "
        + ("; ".join(f"{a} and {b}" for a, b in facts.repeats) or "none")
        + ". Cumulative grants, programme envelopes, loan approvals and net disbursements are "
        "different measures: the DAC2a sums above are net totals of grants and loans over the "
        "years DAC2a covers, a yardstick rather than a match. Figures the file itself flags as "
        "doubtful:" + ("" if facts.doubtful else " none.")
    )
    lines += [f"* {fact_id}: {note}" for fact_id, note in facts.doubtful]
    return "\n".join(lines)
