"""The paper's checkable claims, each tested against the data with a computed verdict.

``data/paper/claims.csv`` quotes each claim exactly; :data:`CHECKS` (in ``registry``) maps its
id to a check in the topic module (``history``, ``forums``, ``trade``, ``oda``), a pure function
of the loaded data and a minimum confidence that returns a :class:`Verdict` (``evidence``):
one of :data:`VERDICTS` (what each requires: :data:`VERDICT_MEANINGS`), an evidence sentence
with the computed numbers, the data files used, and for many checks the numbers themselves as
named ``facts``. :func:`run_group` runs the checks of one group of :data:`GROUPS` as the
notebook shows them. ``outlook`` sets the paper's suggestions against what happened since.
"""

from .evidence import (
    DATASETS,
    INPUT_FILES,
    VERDICT_MEANINGS,
    VERDICTS,
    Verdict,
    at_confidence,
    evidence_rows,
    load_data,
    rows_at,
    with_data,
)
from .forums import PAPER_THEME_16
from .history import korea_turnover
from .outlook import OUTLOOK, c5_summits_held, outlook, summit_plans
from .registry import (
    CHECKS,
    GROUP_COLUMNS,
    GROUPS,
    LEDGER_COLUMNS,
    build_ledger,
    check_name,
    confidence_effect,
    run_check,
    run_group,
    verdict_counts,
    verdict_results,
    verdict_vocabulary,
)
from .trade import significance_ratios, trade_views, unit_comparisons

__all__ = [
    "CHECKS",
    "DATASETS",
    "GROUPS",
    "GROUP_COLUMNS",
    "INPUT_FILES",
    "LEDGER_COLUMNS",
    "OUTLOOK",
    "PAPER_THEME_16",
    "VERDICTS",
    "VERDICT_MEANINGS",
    "Verdict",
    "at_confidence",
    "build_ledger",
    "c5_summits_held",
    "check_name",
    "confidence_effect",
    "evidence_rows",
    "korea_turnover",
    "load_data",
    "outlook",
    "rows_at",
    "run_check",
    "run_group",
    "significance_ratios",
    "summit_plans",
    "trade_views",
    "unit_comparisons",
    "verdict_counts",
    "verdict_results",
    "verdict_vocabulary",
    "with_data",
]
