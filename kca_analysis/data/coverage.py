"""Coverage gaps in COW trade: a zero before a pair's first reported year is missing, not zero.

Correlates of War records trade between some of the five and some partners as 0 in the first
years after independence and then in hundreds or thousands of millions (Russia with Kazakhstan,
Uzbekistan and Turkmenistan: 0 in 1992-1993, USD 3,289 / 1,768 / 183 million in 1994), and
leaves some dyad-years out altogether (Turkey and four of the five in 1992). Summed as zeros
they make a partner's share look small when it was simply not recorded. The rule, its
reasoning and its guard are the correction ``cow_coverage_gaps`` of ``data/corrections.yml``;
:func:`apply_coverage_rule` applies it in :func:`kca_analysis.data.load_cow_trade` (the curated
file keeps the zeros as COW prints them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .corrections import Correction, CorrectionError, GuardResult, corrections_for

#: The file the rule applies to, relative to the project root.
COW_KEY = "data/curated/cow_trade_1992_2014.csv"
#: Values of the ``coverage`` column added by the rule.
COVERAGE = ("reported", "gap")
#: Values of ``gap_reason``: a zero before the pair's first non-zero year, a dyad-year absent
#: from COW, a cell COW leaves missing (NA).
GAP_REASONS = ("leading_zero", "absent", "missing")


def gap_reasons(frame: pd.DataFrame, pair: tuple[str, ...] = ("country", "partner")) -> pd.Series:
    """Return why each row of a COW table is a coverage gap (``None`` when it is reported).

    Parameters
    ----------
    frame
        COW rows with ``year``, the ``pair`` columns, ``value`` and ``in_source``.
    pair
        The columns that identify a pair; its first year with a non-zero flow (either
        direction) starts its coverage.

    Returns
    -------
    Series
        ``leading_zero``, ``absent``, ``missing`` or ``None``, aligned with ``frame``.
    """
    value = frame["value"].astype("float64")
    reported = frame[value > 0]
    first = reported.groupby(list(pair))["year"].min()
    keys = pd.MultiIndex.from_frame(frame[list(pair)])
    first_year = pd.Series(first.reindex(keys).to_numpy(), index=frame.index, dtype="float64")
    absent = frame["in_source"] == "no"
    missing = value.isna() & ~absent
    leading = (value == 0) & (frame["year"].astype("float64") < first_year)
    reasons = np.select([absent, missing, leading], ["absent", "missing", "leading_zero"], "")
    return pd.Series([r or None for r in reasons], index=frame.index, dtype="object")


def first_complete_year(frame: pd.DataFrame) -> int | None:
    """Return the first year from which every row of a table is reported (no gap after it).

    This is the earliest baseline a comparison of partner shares can take: before it, some
    (country, partner) pairs are not yet recorded.

    Parameters
    ----------
    frame
        :func:`kca_analysis.data.load_cow_trade` (with ``coverage``), or any part of it.

    Returns
    -------
    int or None
        The year, or ``None`` when the last year itself has a gap.
    """
    gap_years = frame.loc[frame["coverage"] == "gap", "year"]
    if gap_years.empty:
        return int(frame["year"].min())
    later = frame.loc[frame["year"] > gap_years.max(), "year"]
    return int(later.min()) if not later.empty else None


def leading_zeros_guard(correction: Correction, frame: pd.DataFrame) -> GuardResult:
    """The guard of the coverage rule: COW still holds the leading zeros and absences it names.

    For each ``pairs`` entry, both flows must be 0 in every ``zero_years`` year and sum to
    ``first_total`` (USD million) in ``first_year``; for each ``absent`` entry, the dyad-years
    of ``partner`` with ``countries`` in ``year`` must be absent from COW. When a new release
    fills those years, the rule must be looked at again, and the guard fails.

    Parameters
    ----------
    correction
        ``cow_coverage_gaps`` of ``data/corrections.yml``.
    frame
        The COW table as read (before the rule).

    Returns
    -------
    GuardResult
        One comparison per pair-year and per absent dyad-year.
    """
    guard = correction.guard
    comparisons: list[dict[str, Any]] = []
    for spec in guard.get("pairs", ()):
        rows = frame[(frame["country"] == spec["country"]) & (frame["partner"] == spec["partner"])]
        for year in [*spec["zero_years"], spec["first_year"]]:
            values = rows.loc[rows["year"] == year, "value"].astype("float64")
            expected = 0.0 if year != spec["first_year"] else float(spec["first_total"])
            found = float(values.sum()) if len(values) == 2 and values.notna().all() else None
            comparisons.append(
                {
                    "check": f"{spec['country']}-{spec['partner']} {year}: both flows sum to",
                    "expected": expected,
                    "found": found,
                    "holds": found == expected,
                }
            )
    for spec in guard.get("absent", ()):
        for country in spec["countries"]:
            rows = frame[
                (frame["country"] == country)
                & (frame["partner"] == spec["partner"])
                & (frame["year"] == spec["year"])
            ]
            absent = len(rows) > 0 and (rows["in_source"] == "no").all()
            comparisons.append(
                {
                    "check": f"{country}-{spec['partner']} {spec['year']}: absent from COW",
                    "expected": "absent",
                    "found": "absent" if absent else "present",
                    "holds": absent,
                }
            )
    failed = [c for c in comparisons if not c["holds"]]
    if failed or not comparisons:
        shown = "; ".join(f"{c['check']} {c['expected']}, found {c['found']}" for c in failed)
        return GuardResult(
            correction.id,
            False,
            f"correction {correction.id!r} no longer applies as recorded: "
            + (shown or "the guard names no pair"),
            tuple(comparisons),
        )
    return GuardResult(
        correction.id,
        True,
        f"COW still records the {len(guard.get('pairs', ()))} named pairs as 0 before their "
        "first reported year, and the named dyad-years as absent",
        tuple(comparisons),
    )


def coverage_correction() -> Correction:
    """Return the one coverage correction of ``data/corrections.yml`` for the COW file.

    Returns
    -------
    Correction

    Raises
    ------
    CorrectionError
        When the file holds none, or more than one.
    """
    found = [c for c in corrections_for(COW_KEY) if c.action.get("type") == "coverage_gap"]
    if len(found) != 1:
        raise CorrectionError(
            f"expected exactly one coverage_gap correction for {COW_KEY}, found {len(found)}"
        )
    return found[0]


def apply_coverage_rule(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn COW's coverage gaps into missing values, after the rule's guard holds.

    Parameters
    ----------
    frame
        COW rows as read (``value``, ``value_usd``, ``in_source``...).

    Returns
    -------
    DataFrame
        A copy with ``value`` and ``value_usd`` missing for leading zeros, and the columns
        ``coverage`` (``reported`` or ``gap``) and ``gap_reason``; ``attrs["corrections"]``
        names the correction.

    Raises
    ------
    CorrectionError
        When the guard fails (the message says which pair-year no longer fits).
    """
    correction = coverage_correction()
    result = leading_zeros_guard(correction, frame)
    if not result.holds:
        raise CorrectionError(result.message)
    reasons = gap_reasons(frame, tuple(correction.action["pair"]))
    out = frame.copy()
    leading = reasons == "leading_zero"
    out.loc[leading, "value"] = np.nan
    if "value_usd" in out.columns:
        out.loc[leading, "value_usd"] = np.nan
    out["coverage"] = np.where(reasons.isna(), "reported", "gap")
    out["gap_reason"] = reasons
    out.attrs["corrections"] = [correction.id]
    return out
