"""Korea against the other donors of the DAC2a file: per year, summed, shared and ranked.

The file holds five individual donors (:data:`INDIVIDUAL_DONORS`) and four totals (all DAC
donors, the multilaterals, the non-DAC donors, all official donors), so a rank is among those
five, never among all donors. Net values can be negative and are kept.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA
from kca_analysis.vocab import resolve_donors

from .oda_korea import flag_net, period_sum

__all__ = [
    "INDIVIDUAL_DONORS",
    "bilateral_ranking",
    "donor_comparison",
    "donor_cumulative",
    "donor_totals_by_recipient",
    "korea_share_by_recipient",
]

#: The individual (bilateral) donors of the DAC2a file; the other columns are totals.
INDIVIDUAL_DONORS = ("Korea", "Japan", "United States", "Germany", "Turkey")


def donor_comparison(
    dac2a: pd.DataFrame, recipient_iso3: str, donors: Iterable[str]
) -> pd.DataFrame:
    """Return net ODA to one recipient from each donor, per year (long format).

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    recipient_iso3
        One of the five.
    donors
        Donors of the file, by name or alias (see :func:`kca_analysis.vocab.resolve_donors`).

    Returns
    -------
    DataFrame
        Columns ``year, donor, value_usd, negative, missing, korea_share_of_official_pct``
        (Korea's net ODA over "Official Donors, Total" that year, repeated on each row for
        convenience), in the donors' order, then by year.

    Raises
    ------
    ValueError
        For an unknown, repeated or empty list of donors.
    """
    donors = resolve_donors(donors)
    rows = dac2a[(dac2a["recipient_iso3"] == recipient_iso3) & dac2a["donor"].isin(donors)]
    out = flag_net(rows)
    out["donor"] = pd.Categorical(out["donor"], categories=donors, ordered=True)
    out = out.sort_values(["donor", "year"]).reset_index(drop=True)
    out["donor"] = out["donor"].astype(str)
    everyone = dac2a[
        (dac2a["recipient_iso3"] == recipient_iso3) & (dac2a["donor"] == "Official Donors, Total")
    ]
    korea = dac2a[(dac2a["recipient_iso3"] == recipient_iso3) & (dac2a["donor"] == "Korea")]
    share = (
        korea.set_index(korea["year"].astype("int64"))["value_usd"]
        / everyone.set_index(everyone["year"].astype("int64"))["value_usd"]
        * 100
    )
    out["korea_share_of_official_pct"] = out["year"].map(share)
    return out[["year", "donor", "value_usd", "negative", "missing", "korea_share_of_official_pct"]]


def donor_cumulative(comparison: pd.DataFrame) -> pd.DataFrame:
    """Sum :func:`donor_comparison` per donor over its years.

    Parameters
    ----------
    comparison
        :func:`donor_comparison`.

    Returns
    -------
    DataFrame
        Columns ``donor, net_usd, years_reported, years_blank, years_negative``, in the donors'
        order; a donor with no figure in any year has a missing ``net_usd``, not zero.
    """
    rows = []
    for donor, group in comparison.groupby("donor", sort=False):
        rows.append(
            {
                "donor": donor,
                "net_usd": float(group["value_usd"].sum(min_count=1)),
                "years_reported": int(group["value_usd"].notna().sum()),
                "years_blank": int(group["value_usd"].isna().sum()),
                "years_negative": int((group["value_usd"] < 0).sum()),
            }
        )
    return pd.DataFrame(rows)


def bilateral_ranking(
    dac2a: pd.DataFrame, recipient_iso3: str, first: int, last: int
) -> pd.DataFrame:
    """Rank the individual donors of the file by net ODA to one recipient over ``first``-``last``.

    Only the donors of :data:`INDIVIDUAL_DONORS` are in the file, so the rank is among them, not
    among all donors.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    recipient_iso3
        One of the five.
    first, last
        The years summed, both included.

    Returns
    -------
    DataFrame
        Columns ``rank, donor, net_usd, years_reported``, largest net first.
    """
    rows = []
    for donor in INDIVIDUAL_DONORS:
        net, years = period_sum(dac2a, recipient_iso3, first, last, donor=donor)
        rows.append({"donor": donor, "net_usd": net, "years_reported": years})
    out = pd.DataFrame(rows).sort_values("net_usd", ascending=False, kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)


def korea_share_by_recipient(dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return Korea's weight among the donors of each of the five, over all years of the file.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.

    Returns
    -------
    DataFrame
        One row per country of the five: ``recipient_iso3, recipient, korea_net_usd``,
        ``official_net_usd`` (all official donors), ``korea_share_pct``,
        ``korea_rank_among_bilateral`` (see :func:`bilateral_ranking`) and
        ``bilateral_donors`` (how many individual donors were ranked).
    """
    first, last = int(dac2a["year"].min()), int(dac2a["year"].max())
    rows = []
    for country in CENTRAL_ASIA:
        korea, _ = period_sum(dac2a, country.iso3, first, last)
        everyone, _ = period_sum(dac2a, country.iso3, first, last, donor="Official Donors, Total")
        ranking = bilateral_ranking(dac2a, country.iso3, first, last)
        rows.append(
            {
                "recipient_iso3": country.iso3,
                "recipient": country.name,
                "korea_net_usd": korea,
                "official_net_usd": everyone,
                "korea_share_pct": korea / everyone * 100,
                "korea_rank_among_bilateral": int(
                    ranking.loc[ranking["donor"] == "Korea", "rank"].iloc[0]
                ),
                "bilateral_donors": len(ranking),
            }
        )
    return pd.DataFrame(rows)


def donor_totals_by_recipient(dac2a: pd.DataFrame, donors: Iterable[str]) -> pd.DataFrame:
    """Return each donor's net ODA to each of the five summed over the file's years.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    donors
        Donors of the file, by name or alias.

    Returns
    -------
    DataFrame
        One row per recipient (``recipient_iso3``, ``recipient``), one column per donor in USD;
        a donor with no figure in any year gives a missing cell, not a zero.

    Raises
    ------
    ValueError
        For an unknown, repeated or empty list of donors.
    """
    donors = resolve_donors(donors)
    rows = []
    for country in CENTRAL_ASIA:
        totals = donor_cumulative(donor_comparison(dac2a, country.iso3, donors))
        row = {"recipient_iso3": country.iso3, "recipient": country.name}
        row.update(dict(zip(totals["donor"], totals["net_usd"], strict=True)))
        rows.append(row)
    return pd.DataFrame(rows, columns=["recipient_iso3", "recipient", *donors])
