"""Programme figures published for one recipient (KOICA, EDCF, ministries), set beside DAC2a.

The figures come from :func:`kca_analysis.data.load_oda_facts` as published; each keeps its
wording and confidence. Where a figure covers a span of years, :func:`compare_with_dac2a` sums
Korea's DAC2a net ODA over the part of the span DAC2a covers, as a yardstick.
"""

from __future__ import annotations

import re

import pandas as pd

from .oda_korea import period_sum

__all__ = ["compare_with_dac2a", "uzbekistan_figures"]


#: The columns that identify a published programme figure, as printed.
_FIGURE_COLUMNS = [
    "fact_id",
    "topic",
    "period",
    "value_as_published",
    "unit_as_published",
    "value_usd",
]


def uzbekistan_figures(facts: pd.DataFrame, recipient: str = "Uzbekistan") -> pd.DataFrame:
    """Return the programme figures for one recipient from the ODA facts, as published.

    Parameters
    ----------
    facts
        :func:`~kca_analysis.data.load_oda_facts`.
    recipient
        The recipient's English name, as in the facts' ``recipient`` column.

    Returns
    -------
    DataFrame
        Columns ``fact_id, topic, period, value_as_published, unit_as_published, value_usd,
        original_source, confidence, repeats, note`` (rank statements left out, see
        :func:`~kca_analysis.analysis.oda_recipients.rank_facts`): ``value_usd`` is missing
        where the file did not read a number (a bound, an approximation, a doubtful figure),
        and ``repeats`` names another row of the same page when the file says so.
    """
    rows = facts[(facts["recipient"] == recipient) & (facts["unit"] != "rank")].copy()
    rows["repeats"] = rows["note"].map(
        lambda n: m.group(1) if isinstance(n, str) and (m := re.search(r"repeats (\S+)", n)) else ""
    )
    columns = [*_FIGURE_COLUMNS, "original_source", "confidence", "repeats", "note"]
    return rows[columns].reset_index(drop=True)


_YEARS = re.compile(r"(\d{4})\s*-\s*(\d{4})")


def compare_with_dac2a(
    figures: pd.DataFrame, dac2a: pd.DataFrame, recipient_iso3: str = "UZB"
) -> pd.DataFrame:
    """Set each programme figure that covers a span of years beside DAC2a over the same years.

    For every row of :func:`uzbekistan_figures` whose period contains a span ``YYYY-YYYY``,
    Korea's DAC2a net ODA to the recipient is summed over the part of the span that DAC2a
    covers (2002-2019). The published figure stays as published; the comparison says which
    years DAC2a covers, so a reader sees when the two cannot match by construction (for example
    a cumulative figure from 1992 when DAC2a starts in 2002).

    Parameters
    ----------
    figures
        :func:`uzbekistan_figures` (rows whose period names no span are skipped).
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    recipient_iso3
        The recipient the figures are about.

    Returns
    -------
    DataFrame
        Columns ``fact_id, topic, period, value_as_published, unit_as_published, value_usd,
        confidence, dac2a_years`` (``"2016-2019"``, ``"2002-2019 of 1992-2019"``, or ``none``
        when DAC2a covers none of the years), ``dac2a_net_usd``, ``published_to_dac2a``.

    Raises
    ------
    ValueError
        When ``dac2a`` has no row of Korea's net ODA to ``recipient_iso3``.
    """
    covered = dac2a[(dac2a["donor"] == "Korea") & (dac2a["recipient_iso3"] == recipient_iso3)]
    if covered.empty:
        raise ValueError(
            f"the DAC2a frame has no row of Korea's net ODA to recipient_iso3={recipient_iso3!r}"
        )
    first_dac, last_dac = int(covered["year"].min()), int(covered["year"].max())
    rows = []
    for _, fact in figures.iterrows():
        match = _YEARS.search(str(fact["period"]))
        if not match:
            continue
        first, last = int(match.group(1)), int(match.group(2))
        lo, hi = max(first, first_dac), min(last, last_dac)
        if lo > hi:
            years, net = "none", float("nan")
        else:
            net, _ = period_sum(dac2a, recipient_iso3, lo, hi)
            years = f"{lo}-{hi}" + ("" if (lo, hi) == (first, last) else f" of {first}-{last}")
        value = fact["value_usd"]
        rows.append(
            {
                "fact_id": fact["fact_id"],
                "topic": fact["topic"],
                "period": fact["period"],
                "value_as_published": fact["value_as_published"],
                "unit_as_published": fact["unit_as_published"],
                "value_usd": value,
                "confidence": fact["confidence"],
                "dac2a_years": years,
                "dac2a_net_usd": net,
                "published_to_dac2a": value / net if pd.notna(value) and net else float("nan"),
            }
        )
    columns = [*_FIGURE_COLUMNS, "confidence", "dac2a_years", "dac2a_net_usd", "published_to_dac2a"]
    return pd.DataFrame(rows, columns=columns)
