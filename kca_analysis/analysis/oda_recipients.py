"""Where a country stands among all of Korea's ODA recipients: the official ranks and the stated.

* :func:`recipient_rank` and :func:`top_recipients` read the World Bank's ranking of Korea's
  recipients with a positive net figure, 2009-2010 (:func:`kca_analysis.data.load_oda_recipients`);
* :func:`rank_facts` reads every rank that a public page states, with its confidence
  (:func:`kca_analysis.data.load_oda_facts`), so that a reader sees how well each is supported;
* :func:`priority_partner_lists` reads what the ODA facts record of Korea's lists of priority
  partner countries: the lists that define a "core" partner (their size, not their members).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["priority_partner_lists", "rank_facts", "recipient_rank", "top_recipients"]


def recipient_rank(recipients: pd.DataFrame, recipient_iso3: str) -> pd.DataFrame:
    """Return one recipient's rank among Korea's recipients per year (2009-2010 file).

    Parameters
    ----------
    recipients
        :func:`~kca_analysis.data.load_oda_recipients` (or some of its rows).
    recipient_iso3
        The recipient.

    Returns
    -------
    DataFrame
        One row per year of ``recipients``: ``year, recipient_iso3, value_usd, rank,
        recipients`` (how many recipients have a positive net value that year: the file lists
        only those) and ``confidence``. A year in which the recipient is absent (net value zero
        or negative) gives a row with a missing rank and value.
    """
    rows = []
    for year, group in recipients.groupby(recipients["year"].astype("int64"), sort=True):
        hit = group[group["recipient_iso3"] == recipient_iso3]
        rows.append(
            {
                "year": int(year),
                "recipient_iso3": recipient_iso3,
                "value_usd": float(hit["value_usd"].iloc[0]) if len(hit) else np.nan,
                "rank": int(hit["rank"].iloc[0]) if len(hit) else pd.NA,
                "recipients": len(group),
                "confidence": hit["confidence"].iloc[0] if len(hit) else None,
            }
        )
    columns = ["year", "recipient_iso3", "value_usd", "rank", "recipients", "confidence"]
    out = pd.DataFrame(rows, columns=columns)
    out["rank"] = out["rank"].astype("Int64")
    return out


def top_recipients(recipients: pd.DataFrame, year: int, n: int = 15) -> pd.DataFrame:
    """Return Korea's ``n`` largest recipients in one year.

    Parameters
    ----------
    recipients
        :func:`~kca_analysis.data.load_oda_recipients`.
    year
        A year of the file (2009 or 2010).
    n
        How many recipients.

    Returns
    -------
    DataFrame
        Columns ``rank, recipient_iso3, value_usd``, in rank order (empty for a year not in
        the file).
    """
    rows = recipients[recipients["year"] == year].sort_values("rank")
    return rows[["rank", "recipient_iso3", "value_usd"]].head(n).reset_index(drop=True)


_RANK_TEXT = re.compile(r"ranked\s+(\d+)(?:st|nd|rd|th)[^;]*", re.IGNORECASE)


def _rank_row(fact: pd.Series, measure: str, rank: object, statement: str) -> dict[str, object]:
    """One row of :func:`rank_facts`: a rank stated by ``fact``, with the fact's provenance."""
    return {
        "fact_id": fact["fact_id"],
        "period": fact["period"],
        "measure": measure,
        "rank": int(rank),
        "statement": statement,
        "original_source": fact["original_source"],
        "confidence": fact["confidence"],
        "source": fact["source"],
    }


def rank_facts(facts: pd.DataFrame, recipient: str = "Uzbekistan") -> pd.DataFrame:
    """Return every statement of a recipient's rank among Korea's recipients in the ODA facts.

    Reads rows whose unit is ``rank`` and rows whose note says "ranked Nth"; keeps each row's
    period, the statement as published, its confidence and its source, so that a reader sees how
    well each rank is supported.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.data.load_oda_facts`.
    recipient
        The recipient's English name, as in the facts' ``recipient`` column.

    Returns
    -------
    DataFrame
        Columns ``fact_id, period, measure, rank, statement, original_source, confidence,
        source``, in the facts' order.
    """
    rows = []
    mine = facts[facts["recipient"] == recipient]
    for _, fact in mine.iterrows():
        if fact.get("unit") == "rank" and pd.notna(fact["value"]):
            rows.append(_rank_row(fact, fact["topic"], fact["value"], fact["value_as_published"]))
        note = fact.get("note")
        if isinstance(note, str):
            for match in _RANK_TEXT.finditer(note):
                measure = f"{fact['topic']} (rank stated in the same source)"
                rows.append(_rank_row(fact, measure, match.group(1), match.group(0).strip()))
    columns = [
        "fact_id",
        "period",
        "measure",
        "rank",
        "statement",
        "original_source",
        "confidence",
        "source",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["rank"] = out["rank"].astype("Int64")
    return out


#: The ``topic`` of the ODA facts that record one of Korea's lists of priority partner countries.
PRIORITY_PARTNERS_TOPIC = "Korea priority partner countries"


def priority_partner_lists(facts: pd.DataFrame) -> pd.DataFrame:
    """Return what the ODA facts record of Korea's lists of priority partner countries.

    The paper's "core ODA partner" is a country on such a list. The facts give a list's size
    (how many countries, for which period) where a page states it; the members of a list are
    not in the data, so these rows say that a list exists, never who is on it.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.data.load_oda_facts` (or some of its rows).

    Returns
    -------
    DataFrame
        Columns ``fact_id, period, countries, original_source, confidence``, in the facts'
        order; no rows when the facts record no list.
    """
    rows = facts[facts["topic"] == PRIORITY_PARTNERS_TOPIC]
    out = rows.rename(columns={"value": "countries"})[
        ["fact_id", "period", "countries", "original_source", "confidence"]
    ].reset_index(drop=True)
    out["countries"] = out["countries"].astype("Int64")
    return out
