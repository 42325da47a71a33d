"""The claims ledger as a reader sees it: tables coloured by verdict, and its sentences.

Each function turns what :mod:`kca_analysis.claims` returns (the ledger, a group's checks with
their facts, the rows left out at a confidence level, the outlook) into HTML or Markdown, so that
the notebook's cells stay one call each.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd

from kca_analysis.claims.evidence import VERDICTS
from kca_analysis.claims.registry import GROUPS, verdict_counts
from kca_analysis.countries import CENTRAL_ASIA_ISO3
from kca_analysis.vocab import CONFIDENCE_LEVELS, confidence_rank

#: Pale versions of the verdict colours (:data:`kca_analysis.figures.claims.VERDICT_COLORS`),
#: for table backgrounds.
VERDICT_BACKGROUNDS: dict[str, str] = {
    "supported": "#d9f2ea",
    "supported for some, not testable for others": "#ddeffa",
    "partly supported": "#fbecc8",
    "contradicted": "#f7d9c7",
    "not testable": "#ececec",
}

#: Unit suffixes of fact names and how a table heading writes them.
FACT_UNITS: dict[str, str] = {"pct": "%", "musd": "USD million", "usd": "USD"}

#: What the numbers column says for a check that states its numbers only in its sentence.
NO_FACTS = "(in the evidence below)"


def ledger_html(
    ledger: pd.DataFrame,
    columns: Sequence[str] = ("claim_id", "section", "quote", "verdict", "evidence"),
) -> str:
    """The ledger (or any frame with a ``verdict`` column) as a deterministic HTML table.

    Parameters
    ----------
    ledger
        The frame; each row is coloured by its ``verdict``.
    columns
        The columns shown, in order. A line break in a cell is kept.

    Returns
    -------
    str
    """
    head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
    body = []
    for _, row in ledger.iterrows():
        colour = VERDICT_BACKGROUNDS.get(row["verdict"], "#ffffff")
        cells = "".join(
            "<td style='text-align:left;vertical-align:top'>"
            + html.escape(str(row[c])).replace("\n", "<br>")
            + "</td>"
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


def fact_label(name: str) -> str:
    """A fact's name as a reader reads it: ``uzb_net_musd`` -> ``UZB net (USD million)``."""
    words = name.split("_")
    unit = FACT_UNITS.get(words[-1]) if len(words) > 1 else None
    if unit:
        words = words[:-1]
    codes = {c.lower() for c in CENTRAL_ASIA_ISO3}
    text = " ".join(w.upper() if w in codes else w for w in words)
    return f"{text} ({unit})" if unit else text


def fact_value(value: object, *, year: bool = False) -> str:
    """A fact's value for a table: ``295,620``, ``-1.5``, ``0.61``, ``yes``, or a missing value.

    Whole numbers get thousands separators (none for a ``year``) and no decimals; other numbers
    one decimal from 1 on and two significant digits below 1. A missing value is "not in the rows
    used": at a narrow confidence level the rows left out may hold it.
    """
    if value is None or (isinstance(value, float) and value != value):
        return "not in the rows used"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{value:.0f}" if year else f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 1 else f"{value:.2g}"
    return str(value)


def facts_text(facts: Mapping[str, object]) -> str:
    """A check's facts, one ``label: value`` per line (:data:`NO_FACTS` when it has none).

    A fact whose name ends in ``year`` is written as a year (``2002``, not ``2,002``).
    """
    if not facts:
        return NO_FACTS
    return "\n".join(
        f"{fact_label(k)}: {fact_value(v, year=k.endswith('year'))}" for k, v in facts.items()
    )


def evidence_html(results: pd.DataFrame) -> str:
    """A group's evidence table: each claim, its quote, its check, its verdict and its numbers.

    Parameters
    ----------
    results
        The frame of :func:`kca_analysis.claims.run_group`.

    Returns
    -------
    str
        An HTML table coloured by verdict (:func:`ledger_html`).
    """
    table = results.assign(numbers=results["facts"].map(facts_text))
    return ledger_html(table, ("claim_id", "quote", "check", "verdict", "numbers"))


def group_evidence_markdown(ledger: pd.DataFrame, group: str) -> str:
    """Markdown for one group of the ledger: each claim's quote, verdict and evidence.

    Parameters
    ----------
    ledger
        The frame from :func:`~kca_analysis.claims.build_ledger` or
        :func:`~kca_analysis.claims.run_group`.
    group
        A key of :data:`GROUPS` (``history``, ``forums``, ``trade``, ``oda``).
    """
    rows = ledger[ledger["claim_id"].isin(GROUPS[group])]
    return "\n\n".join(
        f'**{r.claim_id}** ({r.section}): *"{r.quote}"* → **{r.verdict}**. {r.evidence}'
        for r in rows.itertuples()
    )


def _verdict_parts(ledger: pd.DataFrame, with_ids: bool) -> list[str]:
    """``"4 are supported (C01, C03)"`` per verdict present, in the order of :data:`VERDICTS`."""
    parts = []
    for verdict in VERDICTS:
        ids = list(ledger.loc[ledger["verdict"] == verdict, "claim_id"])
        if ids:
            listed = f" ({', '.join(ids)})" if with_ids else ""
            parts.append(f"{len(ids)} {'is' if len(ids) == 1 else 'are'} {verdict}{listed}")
    return parts


def ledger_summary(ledger: pd.DataFrame, min_confidence: str) -> str:
    """The evidence level and the verdicts, in two sentences.

    Parameters
    ----------
    ledger
        The frame of :func:`~kca_analysis.claims.build_ledger`.
    min_confidence
        The level it was built at.

    Returns
    -------
    str
        ``Evidence used: min_confidence=press (official, press). The ledger holds **20
        claims**: ...`` (verdicts with no claim are left out; the vocabulary lists them).
    """
    levels = ", ".join(CONFIDENCE_LEVELS[: confidence_rank(min_confidence) + 1])
    counts = verdict_counts(ledger)
    shown = "; ".join(f"{int(n)} {v}" for v, n in counts.items() if n)
    return (
        f"Evidence used: min_confidence={min_confidence} ({levels}). "
        f"The ledger holds **{len(ledger)} claims**: {shown}."
    )


def left_out(rows: pd.DataFrame, min_confidence: str) -> str:
    """What the confidence level leaves out of the evidence files, in one sentence.

    Parameters
    ----------
    rows
        The frame of :func:`kca_analysis.claims.evidence_rows`.
    min_confidence
        The level it was counted at.

    Returns
    -------
    str
    """
    below = rows[rows["below"] > 0]
    if below.empty:
        return (
            f"At min_confidence={min_confidence} every row of the {len(rows)} evidence files "
            "is used."
        )
    files = "; ".join(
        f"{r.below:,} of {r.rows:,} in {r.file.rsplit('/', 1)[-1]}" for r in below.itertuples()
    )
    return (
        f"At min_confidence={min_confidence}, {int(below['below'].sum()):,} of "
        f"{int(rows['rows'].sum()):,} evidence rows fall below the level and are not used: "
        f"{files}. The checks, tables and figures below read only the rows at or above it, so a "
        "part they call 'not in the data' may be in the rows left out."
    )


def group_finding(results: pd.DataFrame, group: str) -> str:
    """A group's finding in one sentence: how many of its claims have each verdict, and which.

    Parameters
    ----------
    results
        The frame of :func:`kca_analysis.claims.run_group`.
    group
        Its name, as the sentence says it.

    Returns
    -------
    str
    """
    parts = _verdict_parts(results, with_ids=True)
    return f"Of the {len(results)} {group} claims, " + "; ".join(parts) + "."


def outlook_markdown(outlook: pd.DataFrame) -> str:
    """Each suggestion of the paper in italics, then what the data record since."""
    return "\n\n".join(f'*"{r.suggestion}"*: {r.since}' for r in outlook.itertuples())


def summit_plans(plans: pd.DataFrame, held: int, min_confidence: str) -> str:
    """The years announced for the first Korea-Central Asia summit, and whether one was held.

    Parameters
    ----------
    plans
        The frame of :func:`kca_analysis.claims.summit_plans`.
    held
        How many meetings of the heads of state of Korea and all five the data record
        (:func:`kca_analysis.claims.c5_summits_held`).
    min_confidence
        The level the records were read at.

    Returns
    -------
    str
    """
    dated = plans[(plans["stated"] != "") & (plans["planned_for"] != "")]
    if dated.empty:
        text = f"No dated statement of a planned summit at min_confidence={min_confidence}."
    else:
        announced = "; ".join(f"{r.stated}: {r.planned_for}" for r in dated.itertuples())
        text = (
            "The year announced for the first Korea-Central Asia summit, by date of statement: "
            f"{announced}. {len(plans) - len(dated)} record(s) give no date or no year. The "
            "heads-of-state level the paper suggests was being prepared."
        )
    if held:
        return f"{text} {held} meeting(s) of the heads of state of Korea and all five are recorded."
    return (
        f"{text} No meeting of the heads of state of Korea and all five is recorded at "
        f"min_confidence={min_confidence}."
    )


def confidence_effect(effect: pd.DataFrame) -> str:
    """Which verdicts change with the confidence level, and how, in one sentence.

    Parameters
    ----------
    effect
        The frame of :func:`kca_analysis.claims.confidence_effect`.

    Returns
    -------
    str
    """
    changed = effect[effect["changes"]]
    if changed.empty:
        return f"None of the {len(effect)} verdicts depends on the confidence level."
    how = "; ".join(
        f"{r.claim_id} is {r.secondary} with secondary sources, {r.press} with press "
        f"sources and above, {r.official} with official sources only"
        for r in changed.itertuples()
    )
    return f"{len(changed)} of {len(effect)} verdicts depend on the confidence level: {how}."
