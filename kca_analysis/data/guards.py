"""Guards of the corrections in ``data/corrections.yml``.

A guard compares a printed cell of the paper's Table 1 with reference figures from other data
files and fails when the correction no longer fits the data. Guard parameters live in the YAML
file; the logic of each guard type lives here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import context, oda, trade
from .corrections import Correction, CorrectionError
from .table1_printed import TABLE1_COUNTRY_COLUMN, parse_printed_integer

#: The loaders a guard may name as a reference (never Table 1 itself, which it guards).
REFERENCE_LOADERS = {
    name: getattr(module, name)
    for module in (trade, context, oda)
    for name in dir(module)
    if name.startswith("load_")
}


@dataclass(frozen=True)
class GuardResult:
    """What a guard compared, for the evidence shown in notebooks."""

    correction: str
    holds: bool
    message: str
    comparisons: tuple[dict[str, Any], ...]


def table_cell(printed: pd.DataFrame, cell: dict[str, str]) -> int:
    """Return a printed Table 1 cell as an integer, found by country and column header."""
    rows = printed[printed[TABLE1_COUNTRY_COLUMN] == cell["country"]]
    if len(rows) != 1 or cell["column"] not in printed.columns:
        raise CorrectionError(
            f"the guard refers to Table 1 cell {cell!r}, which the table does not hold once"
        )
    return parse_printed_integer(rows.iloc[0][cell["column"]])


def reference_value(reference: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    """Return (value in USD, the matching row) for a reference ``{loader, where}``.

    The ``where`` mapping must select exactly one row of the loader's table.
    """
    loader = REFERENCE_LOADERS.get(reference["loader"])
    if loader is None:
        raise CorrectionError(f"the guard names an unknown loader {reference['loader']!r}")
    table = loader()
    selected = table
    for column, value in reference["where"].items():
        selected = selected[selected[column].astype(str) == str(value)]
    if len(selected) != 1:
        raise CorrectionError(
            f"the guard reference {reference!r} selects {len(selected)} rows; expected exactly one"
        )
    row = selected.iloc[0].to_dict()
    if pd.isna(row.get("value_usd")):
        raise CorrectionError(f"the guard reference {reference!r} has no value")
    return float(row["value_usd"]), row


def magnitude_ratio(correction: Correction, printed: pd.DataFrame) -> GuardResult:
    """The printed figure, read in the printed unit, must sit near reference / factor.

    Holds when every reference divided by the printed figure is within a factor of ten of the
    expected factor (1000 for thousands). If the ratio is near 1, the table is already in the
    printed unit and the correction no longer applies.
    """
    guard = correction.guard
    printed_value = table_cell(printed, guard["table_cell"])
    expected = float(guard["expected_factor"])
    comparisons = []
    for reference in guard["references"]:
        value_usd, row = reference_value(reference)
        ratio = value_usd / printed_value
        comparisons.append(
            {
                "reference": reference,
                "reference_usd": value_usd,
                "printed": printed_value,
                "ratio": ratio,
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            }
        )
    bad = [c for c in comparisons if not expected / 10 <= c["ratio"] <= expected * 10]
    if bad:
        shown = "; ".join(
            f"{c['reference']['where']} gives USD {c['reference_usd']:,.0f}, ratio "
            f"{c['ratio']:,.3g}"
            for c in bad
        )
        return GuardResult(
            correction.id,
            False,
            f"correction {correction.id!r} no longer applies: the printed value "
            f"{printed_value:,} is not about 1/{expected:g} of the reference figures ({shown})",
            tuple(comparisons),
        )
    return GuardResult(
        correction.id,
        True,
        f"every reference is {expected:g} x the printed value within a factor of ten",
        tuple(comparisons),
    )


def cumulative_between(correction: Correction, printed: pd.DataFrame) -> GuardResult:
    """A year-to-date column must exceed a shorter year-to-date figure and stay below a
    full-year figure.

    ``lower``: the printed cell (converted with ``unit_factor``) must be at least a reference
    covering fewer months from January; so it is not a single month. ``upper``: the printed
    cell must be below a full-year reference; so it is not the full year.
    """
    guard = correction.guard
    factor = float(guard["unit_factor"])
    comparisons = []
    problems = []
    for side in ("lower", "upper"):
        spec = guard[side]
        cell_usd = table_cell(printed, spec["table_cell"]) * factor
        value_usd, row = reference_value(spec["reference"])
        ok = cell_usd >= value_usd if side == "lower" else cell_usd < value_usd
        comparisons.append(
            {
                "side": side,
                "table_cell": spec["table_cell"],
                "table_usd": cell_usd,
                "reference": spec["reference"],
                "reference_usd": value_usd,
                "holds": ok,
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            }
        )
        if not ok:
            relation = "at least" if side == "lower" else "below"
            problems.append(
                f"Table 1 {spec['table_cell']} = USD {cell_usd:,.0f} should be {relation} "
                f"USD {value_usd:,.0f} ({spec['reference']['where']})"
            )
    if problems:
        return GuardResult(
            correction.id,
            False,
            f"correction {correction.id!r} no longer applies: " + "; ".join(problems),
            tuple(comparisons),
        )
    return GuardResult(
        correction.id,
        True,
        "the column exceeds the shorter year-to-date figure and stays below the full year",
        tuple(comparisons),
    )


GUARDS = {"magnitude_ratio": magnitude_ratio, "cumulative_between": cumulative_between}


def evaluate_guard(correction: Correction, printed: pd.DataFrame) -> GuardResult:
    """Evaluate a correction's guard against the printed table and return the result."""
    kind = correction.guard.get("type")
    if kind not in GUARDS:
        raise CorrectionError(
            f"correction {correction.id!r} has guard type {kind!r}; expected one of "
            + ", ".join(sorted(GUARDS))
        )
    return GUARDS[kind](correction, printed)


def run_guard(correction: Correction, printed: pd.DataFrame) -> GuardResult:
    """Evaluate a guard and raise :class:`CorrectionError` when it fails."""
    result = evaluate_guard(correction, printed)
    if not result.holds:
        raise CorrectionError(result.message)
    return result
