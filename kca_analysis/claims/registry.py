"""The registry of claim checks and the ledger built from it.

``data/paper/claims.csv`` quotes each claim exactly; :data:`CHECKS` maps its id to a check
(see :mod:`kca_analysis.claims.evidence`); :func:`build_ledger` runs them all, :func:`run_group`
the claims of one group of :data:`GROUPS` with their checks' names and facts. Nothing is
hard-coded: every verdict follows from thresholds stated beside its check, so changing the
evidence changes the verdict (``tests/test_claims.py`` checks that each one flips).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from kca_analysis.vocab import CONFIDENCE_LEVELS, confidence_rank

from .evidence import VERDICT_MEANINGS, VERDICTS, Check, Data, Verdict, with_data
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


def _check_of(claim_id: str) -> Check:
    """The check of ``claim_id``; a KeyError naming the known claims when it has none."""
    if claim_id not in CHECKS:
        raise KeyError(f"no check for claim {claim_id!r}; known: {', '.join(CHECKS)}")
    return CHECKS[claim_id]


def run_check(
    claim_id: str, data: Data | None = None, min_confidence: str = "secondary"
) -> Verdict:
    """Run one check on ``data`` (completed from ``data/`` where it lacks a dataset).

    Parameters
    ----------
    claim_id
        A key of :data:`CHECKS` (``"C01"`` ...).
    data
        Dataset name -> frame; missing datasets are loaded.
    min_confidence
        The lowest confidence label of the evidence used.

    Returns
    -------
    Verdict

    Raises
    ------
    KeyError
        For a claim without a check.
    ValueError
        For an unknown confidence level.
    """
    confidence_rank(min_confidence)
    return _check_of(claim_id)(with_data(data), min_confidence)


def check_name(claim_id: str) -> str:
    """The check of a claim as a reader finds it: ``history.check_diaspora``.

    Parameters
    ----------
    claim_id
        A key of :data:`CHECKS`.

    Returns
    -------
    str
        The module under :mod:`kca_analysis.claims` and the function's name.

    Raises
    ------
    KeyError
        For a claim without a check.
    """
    check = _check_of(claim_id)
    return f"{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}"


def _checked_claims(
    data: Data, min_confidence: str, ids: tuple[str, ...] | None = None
) -> list[tuple[pd.Series, Verdict]]:
    """Each claim of claims.csv (or of ``ids``, in that order) with the verdict of its check."""
    confidence_rank(min_confidence)
    claims = data["claims"].set_index("claim_id", drop=False)
    ids_in_file = list(claims.index)
    if set(ids_in_file) != set(CHECKS):
        raise ValueError(
            "data/paper/claims.csv and kca_analysis.claims.CHECKS disagree: "
            f"without a check {sorted(set(ids_in_file) - set(CHECKS))}, "
            f"without a claim {sorted(set(CHECKS) - set(ids_in_file))}"
        )
    chosen = ids_in_file if ids is None else list(ids)
    return [(claims.loc[c], CHECKS[c](data, min_confidence)) for c in chosen]


def build_ledger(min_confidence: str = "secondary", data: Data | None = None) -> pd.DataFrame:
    """Return the ledger: one row per claim of ``data/paper/claims.csv`` with its verdict.

    Columns ``claim_id, section, quote, verdict, evidence, sources`` (sources joined by
    ``"; "``).

    Raises
    ------
    ValueError
        For an unknown ``min_confidence``, or when claims.csv and :data:`CHECKS` disagree.
    """
    rows = [
        (c["claim_id"], c["section"], c["quote"], v.verdict, v.evidence, "; ".join(v.sources))
        for c, v in _checked_claims(with_data(data), min_confidence)
    ]
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


#: The columns of :func:`run_group`.
GROUP_COLUMNS: list[str] = [
    "claim_id",
    "section",
    "quote",
    "check",
    "verdict",
    "facts",
    "evidence",
    "sources",
]


def run_group(
    group: str, data: Data | None = None, min_confidence: str = "secondary"
) -> pd.DataFrame:
    """Run the checks of one group of claims, as the notebook shows them.

    Parameters
    ----------
    group
        A key of :data:`GROUPS` (``history``, ``forums``, ``trade``, ``oda``).
    data
        The datasets (completed from ``data/`` where one is missing).
    min_confidence
        The lowest confidence label of the evidence rows used.

    Returns
    -------
    DataFrame
        One row per claim of the group: ``claim_id, section, quote`` (from claims.csv),
        ``check`` (:func:`check_name`), ``verdict, facts`` (a mapping, see
        :class:`~kca_analysis.claims.evidence.Verdict`), ``evidence`` and ``sources`` (joined by
        ``"; "``); the same verdicts and evidence as :func:`build_ledger`.

    Raises
    ------
    KeyError
        For an unknown group.
    ValueError
        For an unknown ``min_confidence``, or when claims.csv and :data:`CHECKS` disagree.
    """
    if group not in GROUPS:
        raise KeyError(f"no group {group!r}; known: {', '.join(GROUPS)}")
    rows = [
        (
            c["claim_id"],
            c["section"],
            c["quote"],
            check_name(c["claim_id"]),
            v.verdict,
            dict(v.facts),
            v.evidence,
            "; ".join(v.sources),
        )
        for c, v in _checked_claims(with_data(data), min_confidence, GROUPS[group])
    ]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def verdict_counts(ledger: pd.DataFrame) -> pd.Series:
    """Number of claims per verdict, in the order of :data:`VERDICTS` (zeros kept)."""
    return ledger["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def verdict_vocabulary(ledger: pd.DataFrame) -> pd.DataFrame:
    """The verdicts, what each requires of the evidence, and how many claims of ``ledger`` have it.

    Parameters
    ----------
    ledger
        The frame of :func:`build_ledger` (or of :func:`run_group`).

    Returns
    -------
    DataFrame
        ``verdict, requires, claims``, in the order of :data:`VERDICTS`.
    """
    counts = verdict_counts(ledger)
    return pd.DataFrame(
        {
            "verdict": list(VERDICTS),
            "requires": [VERDICT_MEANINGS[v] for v in VERDICTS],
            "claims": [int(counts[v]) for v in VERDICTS],
        }
    )


def verdict_results(ledger: pd.DataFrame) -> dict[str, int]:
    """The number of claims per verdict as named results: ``claims_partly_supported`` and so on.

    Parameters
    ----------
    ledger
        The frame of :func:`build_ledger`.

    Returns
    -------
    dict
        ``claims_total`` and one ``claims_<verdict>`` per verdict of :data:`VERDICTS` (words
        joined by ``_``), for :func:`kca_analysis.files.record_results`.
    """
    counts = verdict_counts(ledger)
    named = {f"claims_{'_'.join(re.findall(r'[a-z]+', v))}": int(counts[v]) for v in VERDICTS}
    return {"claims_total": len(ledger), **named}


def confidence_effect(
    data: Data | None = None, ledgers: Mapping[str, pd.DataFrame] | None = None
) -> pd.DataFrame:
    """The verdict of every claim at each confidence level, and whether it changes.

    Parameters
    ----------
    data
        The datasets (completed from ``data/`` where one is missing).
    ledgers
        Ledgers of :func:`build_ledger` already built from the same ``data``, by level; only the
        other levels are built here. A notebook that shows the ledger at one level passes it, so
        that every check runs once per level instead of twice at that level.

    Returns
    -------
    DataFrame
        ``claim_id``, the verdict at each level of :data:`CONFIDENCE_LEVELS` (one column each, in
        that order) and ``changes`` (whether the verdicts differ).

    Raises
    ------
    ValueError
        For a level of ``ledgers`` that is not a confidence level.
    """
    given = dict(ledgers or {})
    unknown = sorted(set(given) - set(CONFIDENCE_LEVELS))
    if unknown:
        raise ValueError(
            f"ledgers given for unknown confidence level(s) {unknown}; "
            f"expected levels of {list(CONFIDENCE_LEVELS)}"
        )
    if len(given) < len(CONFIDENCE_LEVELS):
        data = with_data(data)
    table = None
    for level in CONFIDENCE_LEVELS:
        ledger = given[level] if level in given else build_ledger(level, data)
        verdicts = ledger.set_index("claim_id")["verdict"].rename(level)
        table = verdicts.to_frame() if table is None else table.join(verdicts)
    table["changes"] = table.nunique(axis=1) > 1
    return table.reset_index()
