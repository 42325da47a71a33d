"""The registry of claim checks and the ledger built from it.

``data/paper/claims.csv`` quotes each claim exactly; :data:`CHECKS` maps its id to a check
(see :mod:`kca_analysis.claims.evidence`); :func:`build_ledger` runs them all. Nothing is
hard-coded: every verdict follows from thresholds stated beside its check, so changing the
evidence changes the verdict (``tests/test_claims.py`` checks that each one flips).
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.vocab import CONFIDENCE_LEVELS, confidence_rank

from .evidence import VERDICTS, Check, Data, Verdict, with_data
from .forums import (
    check_forum_15,
    check_forum_15_level,
    check_forum_16,
    check_forum_16_areas,
    check_forum_annual,
    check_secretariat_2017,
)
from .history import (
    check_1997_decline,
    check_2000s_resurgence,
    check_diaspora,
    check_relations_1992,
    check_stable_partner,
    check_summits,
)
from .oda import check_core_oda_partner, check_smaller_oda
from .powers import check_powers_influence
from .trade import (
    check_asymmetry,
    check_fertilizer_plants,
    check_prominent_partners,
    check_significantly_exceeds,
    check_table1_unit,
)

LEDGER_COLUMNS: list[str] = ["claim_id", "section", "quote", "verdict", "evidence", "sources"]

CHECKS: dict[str, Check] = {
    "C01": check_diaspora,
    "C02": check_relations_1992,
    "C03": check_summits,
    "C04": check_1997_decline,
    "C05": check_2000s_resurgence,
    "C06": check_stable_partner,
    "C07": check_forum_annual,
    "C08": check_secretariat_2017,
    "C09": check_forum_15,
    "C10": check_forum_15_level,
    "C11": check_forum_16,
    "C12": check_forum_16_areas,
    "C13": check_asymmetry,
    "C14": check_prominent_partners,
    "C15": check_significantly_exceeds,
    "C16": check_table1_unit,
    "C17": check_fertilizer_plants,
    "C18": check_core_oda_partner,
    "C19": check_smaller_oda,
    "C20": check_powers_influence,
}

#: The notebook's groups of claims.
GROUPS: dict[str, tuple[str, ...]] = {
    "history": ("C01", "C02", "C03", "C04", "C05", "C06"),
    "forums": ("C07", "C08", "C09", "C10", "C11", "C12"),
    "trade": ("C13", "C14", "C15", "C16", "C17"),
    "oda": ("C18", "C19", "C20"),
}


def run_check(
    claim_id: str, data: Data | None = None, min_confidence: str = "secondary"
) -> Verdict:
    """Run one check on ``data`` (completed from ``data/`` where it lacks a dataset)."""
    confidence_rank(min_confidence)
    if claim_id not in CHECKS:
        raise KeyError(f"no check for claim {claim_id!r}; known: {', '.join(CHECKS)}")
    return CHECKS[claim_id](with_data(data), min_confidence)


def build_ledger(min_confidence: str = "secondary", data: Data | None = None) -> pd.DataFrame:
    """Return the ledger: one row per claim of ``data/paper/claims.csv`` with its verdict.

    Columns ``claim_id, section, quote, verdict, evidence, sources`` (sources joined by
    ``"; "``).

    Raises
    ------
    ValueError
        For an unknown ``min_confidence``, or when claims.csv and :data:`CHECKS` disagree.
    """
    confidence_rank(min_confidence)
    data = with_data(data)
    claims = data["claims"]
    ids = list(claims["claim_id"])
    if set(ids) != set(CHECKS):
        raise ValueError(
            "data/paper/claims.csv and kca_analysis.claims.CHECKS disagree: "
            f"without a check {sorted(set(ids) - set(CHECKS))}, "
            f"without a claim {sorted(set(CHECKS) - set(ids))}"
        )
    rows = []
    for _, claim in claims.iterrows():
        result = CHECKS[claim["claim_id"]](data, min_confidence)
        rows.append(
            (
                claim["claim_id"],
                claim["section"],
                claim["quote"],
                result.verdict,
                result.evidence,
                "; ".join(result.sources),
            )
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def verdict_counts(ledger: pd.DataFrame) -> pd.Series:
    """Number of claims per verdict, in the order of :data:`VERDICTS` (zeros kept)."""
    return ledger["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def confidence_effect(data: Data | None = None) -> pd.DataFrame:
    """The verdict of every claim at each confidence level, and whether it changes."""
    data = with_data(data)
    table = None
    for level in CONFIDENCE_LEVELS:
        ledger = build_ledger(level, data).set_index("claim_id")["verdict"].rename(level)
        table = ledger.to_frame() if table is None else table.join(ledger)
    table["changes"] = table.nunique(axis=1) > 1
    return table.reset_index()
