"""Guards of the corrections in ``data/corrections.yml``.

A guard compares the data a correction applies to with reference figures from other data files
(or with the facts the correction rests on) and fails when the correction no longer fits the
data. Guard parameters live in the YAML file; the logic of each guard type lives here, once
(the coverage rule's guard in :mod:`.coverage`).

A reference may be a lower bound (a page saying "more than USD 1.5 bn": column ``bound`` =
``lower``). A guard then makes only the comparisons the bound can decide: it can prove that a
cell lies below the true figure (the cell is below the bound), or disprove that the cell is at
least the true figure (again, the cell is below the bound); it never proves that a cell exceeds
a figure known only from below. Such a comparison is reported ``consistent``, not ``proven``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import context, oda, trade
from .catalog import load_catalog
from .corrections import Correction, CorrectionError, GuardResult
from .coverage import leading_zeros_guard
from .table1_printed import (
    TABLE1_COUNTRY_COLUMN,
    TABLE1_KEY,
    load_paper_trade_table,
    parse_printed_integer,
)
from .validation import read_resource

__all__ = [
    "GUARDS",
    "REFERENCE_LOADERS",
    "GuardResult",
    "compare_with_reference",
    "cumulative_between",
    "evaluate_guard",
    "guarded_table",
    "magnitude_ratio",
    "reference_value",
    "run_guard",
    "table_cell",
]

#: The loaders a guard may name as a reference (never Table 1 itself, which it guards).
REFERENCE_LOADERS = {
    name: getattr(module, name)
    for module in (trade, context, oda)
    for name in dir(module)
    if name.startswith("load_")
}


def table_cell(printed: pd.DataFrame, cell: dict[str, str]) -> int:
    """Return a printed Table 1 cell as an integer, found by country and column header.

    Parameters
    ----------
    printed
        Table 1 as printed (:func:`~kca_analysis.data.load_paper_trade_table`).
    cell
        ``{country, column}``.

    Returns
    -------
    int

    Raises
    ------
    CorrectionError
        When the table does not hold that cell exactly once.
    """
    rows = printed[printed[TABLE1_COUNTRY_COLUMN] == cell["country"]]
    if len(rows) != 1 or cell["column"] not in printed.columns:
        raise CorrectionError(
            f"the guard refers to Table 1 cell {cell!r}, which the table does not hold once"
        )
    return parse_printed_integer(rows.iloc[0][cell["column"]])


def reference_value(reference: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    """Return (value in USD, the matching row) for a reference ``{loader, where}``.

    Parameters
    ----------
    reference
        ``loader`` (a loader of the trade, context or ODA files) and ``where`` (column ->
        value), which must select exactly one row.

    Returns
    -------
    tuple
        The row's ``value_usd`` and the row as a dict (its ``bound``, ``source``...).

    Raises
    ------
    CorrectionError
        For an unknown loader, a selection of other than one row, or a row without a value.
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

    Parameters
    ----------
    correction
        A correction with a ``magnitude_ratio`` guard.
    printed
        Table 1 as printed.

    Returns
    -------
    GuardResult
        One comparison per reference (``ratio`` = reference / printed figure).
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


def compare_with_reference(side: str, cell: float, reference: float, bound: str | None) -> str:
    """Decide one comparison of a cell with a reference that may be a lower bound.

    Parameters
    ----------
    side
        ``lower``: the cell must be at least the reference's true figure; ``upper``: the cell
        must be below it.
    cell
        The cell, in USD.
    reference
        The reference figure, in USD.
    bound
        ``None`` for an exact figure, ``lower`` when the true figure is more than ``reference``.

    Returns
    -------
    str
        ``proven``, ``consistent`` (a lower bound cannot decide it, and does not contradict it)
        or ``contradicted``.

    Raises
    ------
    CorrectionError
        For another kind of bound or side.
    """
    if bound not in (None, "lower") or side not in ("lower", "upper"):
        raise CorrectionError(f"cannot compare side {side!r} with a reference bound {bound!r}")
    if side == "upper":
        if cell < reference:
            return "proven"  # below the figure, or below a bound under the true figure
        return "contradicted" if bound is None else "consistent"
    if cell < reference:
        return "contradicted"  # below the figure, or below a bound under the true figure
    return "proven" if bound is None else "consistent"


def cumulative_between(correction: Correction, printed: pd.DataFrame) -> GuardResult:
    """A year-to-date column must exceed a shorter year-to-date figure and stay below a
    full-year figure.

    ``lower``: the printed cell (converted with ``unit_factor``) must be at least a reference
    covering fewer months from January; so it is not a single month. ``upper``: the printed
    cell must be below a full-year reference; so it is not the full year. A lower-bound
    reference decides only what it can (:func:`compare_with_reference`): on the ``lower`` side
    it can contradict the correction but not prove it.

    Parameters
    ----------
    correction
        A correction with a ``cumulative_between`` guard.
    printed
        Table 1 as printed.

    Returns
    -------
    GuardResult
        ``holds`` unless a comparison is contradicted; each comparison has ``status``.
    """
    guard = correction.guard
    factor = float(guard["unit_factor"])
    comparisons = []
    for side in ("lower", "upper"):
        spec = guard[side]
        cell_usd = table_cell(printed, spec["table_cell"]) * factor
        value_usd, row = reference_value(spec["reference"])
        bound = row.get("bound") if isinstance(row.get("bound"), str) else None
        status = compare_with_reference(side, cell_usd, value_usd, bound)
        comparisons.append(
            {
                "side": side,
                "table_cell": spec["table_cell"],
                "table_usd": cell_usd,
                "reference": spec["reference"],
                "reference_usd": value_usd,
                "bound": bound,
                "status": status,
                "holds": status != "contradicted",
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            }
        )
    problems = [
        f"Table 1 {c['table_cell']} = USD {c['table_usd']:,.0f} should be "
        f"{'at least' if c['side'] == 'lower' else 'below'} USD {c['reference_usd']:,.0f} "
        f"({c['reference']['where']})"
        for c in comparisons
        if c["status"] == "contradicted"
    ]
    if problems:
        return GuardResult(
            correction.id,
            False,
            f"correction {correction.id!r} no longer applies: " + "; ".join(problems),
            tuple(comparisons),
        )
    unproven = [c for c in comparisons if c["status"] == "consistent"]
    message = "the column exceeds the shorter year-to-date figure and stays below the full year"
    if unproven:
        sides = " and ".join(f"the {c['side']} comparison" for c in unproven)
        message = (
            f"nothing contradicts the correction; {sides} is only consistent, not proven: its "
            "reference is a lower bound (a 'more than' figure), which can disprove the "
            "correction but not prove it"
        )
    return GuardResult(correction.id, True, message, tuple(comparisons))


GUARDS = {
    "magnitude_ratio": magnitude_ratio,
    "cumulative_between": cumulative_between,
    "leading_zeros": leading_zeros_guard,
}


def guarded_table(correction: Correction) -> pd.DataFrame:
    """Return the table a correction applies to, as read before any correction.

    Parameters
    ----------
    correction
        An entry of ``data/corrections.yml``.

    Returns
    -------
    DataFrame
        Table 1 as printed for its corrections; else the file of ``applies_to`` read with its
        catalog schema.

    Raises
    ------
    CorrectionError
        When ``applies_to`` is not a resource of the catalog.
    """
    if correction.applies_to == TABLE1_KEY:
        return load_paper_trade_table()
    entry = load_catalog().by_path(correction.applies_to)
    if entry is None:
        raise CorrectionError(
            f"correction {correction.id!r} applies to {correction.applies_to!r}, which is not a "
            "resource of data/datapackage.json"
        )
    return read_resource(entry.name)


def evaluate_guard(correction: Correction, table: pd.DataFrame) -> GuardResult:
    """Evaluate a correction's guard against the table it applies to and return the result.

    Parameters
    ----------
    correction
        An entry of ``data/corrections.yml``.
    table
        :func:`guarded_table` of the correction (Table 1 as printed for Table 1's).

    Returns
    -------
    GuardResult

    Raises
    ------
    CorrectionError
        For an unknown guard type.
    """
    kind = correction.guard.get("type")
    if kind not in GUARDS:
        raise CorrectionError(
            f"correction {correction.id!r} has guard type {kind!r}; expected one of "
            + ", ".join(sorted(GUARDS))
        )
    return GUARDS[kind](correction, table)


def run_guard(correction: Correction, table: pd.DataFrame) -> GuardResult:
    """Evaluate a guard and raise :class:`CorrectionError` when it fails.

    Parameters
    ----------
    correction
        An entry of ``data/corrections.yml``.
    table
        The table it applies to (see :func:`guarded_table`).

    Returns
    -------
    GuardResult
        When the guard holds.

    Raises
    ------
    CorrectionError
        With the guard's message, when it fails.
    """
    result = evaluate_guard(correction, table)
    if not result.holds:
        raise CorrectionError(result.message)
    return result
