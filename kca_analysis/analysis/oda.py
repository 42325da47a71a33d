"""Official development assistance to the five: Korea's, the other donors', and the rankings.

``from kca_analysis.analysis import oda`` gives every public name of the four modules below, so
that notebooks, claims and figures ask each question of one function:

* :mod:`~kca_analysis.analysis.oda_korea`: Korea's net ODA to the five by year
  (:func:`korea_net_oda`, :func:`korea_to`), summed (:func:`cumulative`), shared
  (:func:`korea_shares`, :func:`ca_share_of_korea_total`), compared among the five
  (:func:`standing_among_five`), Korea's total (:func:`korea_total_oda`), WDI against DAC2a
  (:func:`wdi_vs_dac2a`);
* :mod:`~kca_analysis.analysis.oda_donors`: Korea against the other donors
  (:func:`donor_comparison`, :func:`korea_share_by_recipient`, :func:`bilateral_ranking`);
* :mod:`~kca_analysis.analysis.oda_recipients`: the ranks among all of Korea's recipients,
  official (:func:`recipient_rank`, :func:`top_recipients`) and stated (:func:`rank_facts`),
  and what is recorded of Korea's priority partner lists (:func:`priority_partner_lists`);
* :mod:`~kca_analysis.analysis.oda_programmes`: the programme figures published for Uzbekistan
  beside DAC2a (:func:`uzbekistan_figures`, :func:`compare_with_dac2a`);
* :mod:`~kca_analysis.analysis.oda_findings`: what 04_oda states, as fact records (Korea's net
  ODA and total, Kazakhstan's series, a recipient's ranks and donors, the programme figures),
  for :mod:`kca_analysis.text.oda` to word.

**Net ODA can be negative** (:data:`NEGATIVE_NET_ODA`): negative values are kept and flagged,
never dropped or floored at zero; blank DAC cells stay missing.
"""

from __future__ import annotations

from .oda_donors import (
    INDIVIDUAL_DONORS,
    bilateral_ranking,
    donor_comparison,
    donor_cumulative,
    donor_totals_by_recipient,
    korea_share_by_recipient,
)
from .oda_findings import (
    DonorFacts,
    DonorStatement,
    KazakhstanFacts,
    KoreaNetFacts,
    KoreaTotalFacts,
    ProgrammeCheck,
    ProgrammeFacts,
    RankStatement,
    RecipientRankFacts,
    donor_findings,
    kazakhstan_facts,
    korea_net_facts,
    korea_total_facts,
    programme_findings,
    rank_findings,
)
from .oda_korea import (
    NEGATIVE_NET_ODA,
    ca_share_of_korea_total,
    cumulative,
    five_total,
    flag_net,
    korea_all_recipients,
    korea_net_oda,
    korea_shares,
    korea_to,
    korea_total_oda,
    period_sum,
    standing_among_five,
    wdi_vs_dac2a,
)
from .oda_programmes import compare_with_dac2a, uzbekistan_figures
from .oda_recipients import priority_partner_lists, rank_facts, recipient_rank, top_recipients

__all__ = [
    "INDIVIDUAL_DONORS",
    "NEGATIVE_NET_ODA",
    "DonorFacts",
    "DonorStatement",
    "KazakhstanFacts",
    "KoreaNetFacts",
    "KoreaTotalFacts",
    "ProgrammeCheck",
    "ProgrammeFacts",
    "RankStatement",
    "RecipientRankFacts",
    "bilateral_ranking",
    "ca_share_of_korea_total",
    "compare_with_dac2a",
    "cumulative",
    "donor_comparison",
    "donor_cumulative",
    "donor_findings",
    "donor_totals_by_recipient",
    "five_total",
    "flag_net",
    "kazakhstan_facts",
    "korea_all_recipients",
    "korea_net_facts",
    "korea_net_oda",
    "korea_share_by_recipient",
    "korea_shares",
    "korea_to",
    "korea_total_facts",
    "korea_total_oda",
    "period_sum",
    "priority_partner_lists",
    "programme_findings",
    "rank_facts",
    "rank_findings",
    "recipient_rank",
    "standing_among_five",
    "top_recipients",
    "uzbekistan_figures",
    "wdi_vs_dac2a",
]
