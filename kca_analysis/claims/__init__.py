"""The paper's checkable claims, each tested against the data with a computed verdict.

``data/paper/claims.csv`` quotes each claim exactly; :data:`CHECKS` (in ``registry``) maps its
id to a check in the topic module (``history``, ``forums``, ``trade``, ``oda``), a pure function
of the loaded data and a minimum confidence that returns a :class:`Verdict` (``evidence``):
``supported``, ``partly supported``, ``contradicted`` or ``not testable``, an evidence sentence
with the computed numbers, and the data files used. ``outlook`` sets the paper's suggestions
against what happened since.
"""

from .evidence import (
    DATASETS,
    INPUT_FILES,
    VERDICTS,
    Verdict,
    at_confidence,
    load_data,
    with_data,
)
from .forums import PAPER_THEME_16
from .outlook import OUTLOOK, c5_summits_held, outlook, summit_plans
from .registry import (
    CHECKS,
    GROUPS,
    LEDGER_COLUMNS,
    build_ledger,
    confidence_effect,
    run_check,
    verdict_counts,
)
from .trade import significance_ratios, trade_views, unit_comparisons

__all__ = [
    "CHECKS",
    "DATASETS",
    "GROUPS",
    "INPUT_FILES",
    "LEDGER_COLUMNS",
    "OUTLOOK",
    "PAPER_THEME_16",
    "VERDICTS",
    "Verdict",
    "at_confidence",
    "build_ledger",
    "c5_summits_held",
    "confidence_effect",
    "load_data",
    "outlook",
    "run_check",
    "significance_ratios",
    "summit_plans",
    "trade_views",
    "unit_comparisons",
    "verdict_counts",
    "with_data",
]
