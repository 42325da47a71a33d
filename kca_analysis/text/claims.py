"""The claims ledger as a reader sees it: an HTML table coloured by verdict, Markdown per group."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from kca_analysis.claims.registry import GROUPS

#: Paleversions of the same colours, for table backgrounds.
VERDICT_BACKGROUNDS: dict[str, str] = {
    "supported": "#d9f2ea",
    "partly supported": "#fbecc8",
    "contradicted": "#f7d9c7",
    "not testable": "#ececec",
}


def ledger_html(
    ledger: pd.DataFrame,
    columns: Sequence[str] = ("claim_id", "section", "quote", "verdict", "evidence"),
) -> str:
    """The ledger as a deterministic HTML table, each row coloured by its verdict."""
    head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
    body = []
    for _, row in ledger.iterrows():
        colour = VERDICT_BACKGROUNDS.get(row["verdict"], "#ffffff")
        cells = "".join(
            f"<td style='text-align:left;vertical-align:top'>{html.escape(str(row[c]))}</td>"
            for c in columns
        )
        body.append(f"<tr style='background-color:{colour}'>{cells}</tr>")
    return (
        "<table class='kca-claims'><thead><tr>"
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def group_evidence_markdown(ledger: pd.DataFrame, group: str) -> str:
    """Markdown for one group of the ledger: each claim's quote, verdict and evidence.

    Parameters
    ----------
    ledger
        The frame from :func:`build_ledger`.
    group
        A key of :data:`GROUPS` (``history``, ``forums``, ``trade``, ``oda``).
    """
    rows = ledger[ledger["claim_id"].isin(GROUPS[group])]
    return "\n\n".join(
        f'**{r.claim_id}** ({r.section}): *"{r.quote}"* → **{r.verdict}**. {r.evidence}'
        for r in rows.itertuples()
    )
