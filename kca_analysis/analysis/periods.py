"""Units and periods of tidy trade frames: months travel with the figures.

A tidy trade frame has one observation per row, ``value_usd`` in US dollars, a ``period``
(``"2022"`` or ``"2023-01..10"``) and the number of ``months`` it covers. A January-October
figure is never compared with a full year without its months beside it; :func:`annualize`
(x 12/months) is applied only when asked and labels every row it touches in the ``basis``
column; :func:`compare_periods` gives a verdict only where the months allow one.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kca_analysis.vocab import VALUE_UNITS, check_value_unit

__all__ = [
    "GROUP_COLUMNS",
    "REPORTED",
    "annualize",
    "compare_periods",
    "group_keys",
    "in_unit",
    "period_label",
]

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: The label :func:`annualize` writes into ``basis`` for rows it leaves alone.
REPORTED = "reported"

#: The columns that, when present, split a tidy frame into groups of the same view, source,
#: reporting side and period: summaries and shares are computed within each group.
GROUP_COLUMNS = ("view", "source", "reporting_side", "year", "period", "months", "basis")


def group_keys(frame: pd.DataFrame) -> list[str]:
    """Return the columns of :data:`GROUP_COLUMNS` that ``frame`` has, in that order.

    Parameters
    ----------
    frame
        A tidy trade frame or a summary of one.

    Returns
    -------
    list of str
    """
    return [c for c in GROUP_COLUMNS if c in frame.columns]


def in_unit(
    frame: pd.DataFrame, value_unit: str, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return a copy with each US-dollar column re-expressed in ``value_unit``.

    A column ``turnover_usd`` becomes ``turnover_million_usd`` (for ``million_usd``), in the same
    place; ``value_usd`` becomes ``value_million_usd``. Missing values stay missing.

    Parameters
    ----------
    frame
        Any frame with US-dollar columns.
    value_unit
        One of :data:`kca_analysis.vocab.VALUE_UNITS` (``thousand_usd``, ``million_usd``, ...).
    columns
        The columns to convert; by default every column whose name ends in ``_usd`` and is not
        already in a scaled unit.

    Returns
    -------
    DataFrame

    Raises
    ------
    ValueError
        For an unknown ``value_unit``.
    KeyError
        For a named column the frame does not have.
    """
    check_value_unit(value_unit)
    factor = VALUE_UNITS[value_unit]
    scaled = tuple(f"_{u}" for u in VALUE_UNITS)
    if columns is None:
        columns = [
            c for c in frame.columns if str(c).endswith("_usd") and not str(c).endswith(scaled)
        ]
    out = frame.copy()
    renames = {}
    for column in columns:
        if column not in out.columns:
            raise KeyError(f"in_unit: no column {column!r} in the frame")
        out[column] = out[column].astype("float64") / factor
        renames[column] = f"{str(column)[: -len('_usd')]}_{value_unit}"
    return out.rename(columns=renames)


def period_label(period: str, months: int | None = None, basis: str | None = None) -> str:
    """Return a reader's label of a period that always shows its months.

    ``period_label("2022")`` -> ``"2022 (12 months)"``;
    ``period_label("2023-01..10")`` -> ``"2023 Jan-Oct (10 months)"``.

    Parameters
    ----------
    period
        A year (``"2022"``) or a span of months of one year (``"2023-01..10"``).
    months
        The months the data says the period covers; checked against the period.
    basis
        The row's ``basis`` from :func:`annualize`; appended unless it is ``"reported"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When ``months`` disagrees with the period.
    """
    period = str(period)
    year, _, rest = period.partition("-")
    if rest:
        first, last = (int(m) for m in rest.split(".."))
        count = last - first + 1
        label = f"{year} {_MONTH_NAMES[first - 1]}-{_MONTH_NAMES[last - 1]} ({count} months)"
    else:
        count = 12
        label = f"{year} (12 months)"
    if months is not None and int(months) != count:
        raise ValueError(f"period {period!r} covers {count} months, not {months}")
    if basis and basis != REPORTED:
        label = f"{label}, {basis}"
    return label


def annualize(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Scale partial-year rows to a full year (x 12/months) and label them.

    Only call this when the reader asks for it: an annualised figure is an extrapolation, not a
    published number. Rows covering 12 months are left alone. The ``months`` column keeps the
    months of data behind each row; a ``basis`` column says ``"reported"`` or, for scaled rows,
    ``"annualised (x 12/10)"``.

    Parameters
    ----------
    frame
        A tidy trade frame with a ``months`` column.
    columns
        The money columns to scale; by default every numeric column whose name ends in ``_usd``
        or starts with ``value``.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with the columns scaled and a ``basis`` column.

    Raises
    ------
    ValueError
        When the frame has no ``months`` column, months outside 1-12, or was annualised already.
    """
    if "months" not in frame.columns:
        raise ValueError("annualize needs a 'months' column saying how many months each row covers")
    if "basis" in frame.columns and (frame["basis"] != REPORTED).any():
        raise ValueError("the frame is already annualised (its 'basis' column says so)")
    if columns is None:
        columns = [
            c
            for c in frame.columns
            if (str(c).endswith("_usd") or str(c).startswith("value"))
            and pd.api.types.is_numeric_dtype(frame[c])
        ]
    months = frame["months"].astype("int64")
    if ((months < 1) | (months > 12)).any():
        raise ValueError("months must be between 1 and 12")
    out = frame.copy()
    factor = 12.0 / months
    for column in columns:
        out[column] = out[column].astype("float64") * factor
    out["basis"] = [REPORTED if m == 12 else f"annualised (x 12/{m})" for m in months]
    return out


def _period_verdict(va: float, vb: float, months_a: int, months_b: int) -> tuple[str, str]:
    """Return (verdict, caveat) for a reported value ``vb`` of ``months_b`` months against a
    base ``va`` of ``months_a`` months."""
    if months_a == months_b:
        return ("higher" if vb > va else ("lower" if vb < va else "equal")), ""
    caveat = f"{months_b} months against {months_a}: not a like-for-like change"
    if months_b < months_a:
        if vb > va:
            return f"higher after {months_b} months already", caveat
        return f"open: the {months_a - months_b} months not yet reported decide", caveat
    return "not comparable", caveat


def compare_periods(
    summary: pd.DataFrame, base: str, other: str, measures: Sequence[str] = ("turnover_usd",)
) -> pd.DataFrame:
    """Put two periods side by side per country, with the months of each.

    Flows are never negative, so a partial year that already exceeds a full year is an increase
    whatever the months not yet reported hold; a partial year below a full year decides nothing.
    Annualised rows (see :func:`annualize`) get no verdict.

    Parameters
    ----------
    summary
        Rows per country and period (e.g. :func:`kca_analysis.analysis.trade.trade_summary`)
        with ``iso3, country, period, months`` and the ``measures``.
    base, other
        The two periods; countries present in both are compared.
    measures
        The columns to compare.

    Returns
    -------
    DataFrame
        One row per country and measure: ``iso3, country, measure, base_period, base_months,
        base_basis, base_value_usd, other_period, other_months, other_basis, other_value_usd,
        change_pct, verdict, caveat``.

    Raises
    ------
    ValueError
        When ``period`` or ``months`` is missing, or a period has no rows.
    """
    if "period" not in summary.columns or "months" not in summary.columns:
        raise ValueError("compare_periods needs 'period' and 'months' columns")
    for period in (base, other):
        if not (summary["period"] == period).any():
            found = sorted(set(summary["period"]))
            raise ValueError(f"no rows for period {period!r}; found {found}")
    left = summary[summary["period"] == base].set_index("iso3")
    right = summary[summary["period"] == other].set_index("iso3")
    rows = []
    for iso in left.index:
        if iso not in right.index:
            continue
        a, b = left.loc[iso], right.loc[iso]
        basis_a = a.get("basis", REPORTED)
        basis_b = b.get("basis", REPORTED)
        months_a, months_b = int(a["months"]), int(b["months"])
        for measure in measures:
            va, vb = float(a[measure]), float(b[measure])
            change = (vb - va) / va * 100 if va else float("nan")
            if basis_a != REPORTED or basis_b != REPORTED:
                annualised = basis_b if basis_b != REPORTED else basis_a
                verdict = "no verdict: extrapolated"
                caveat = f"{annualised}: an extrapolation, not a published figure"
            else:
                verdict, caveat = _period_verdict(va, vb, months_a, months_b)
            rows.append(
                {
                    "iso3": iso,
                    "country": a["country"],
                    "measure": measure,
                    "base_period": base,
                    "base_months": months_a,
                    "base_basis": basis_a,
                    "base_value_usd": va,
                    "other_period": other,
                    "other_months": months_b,
                    "other_basis": basis_b,
                    "other_value_usd": vb,
                    "change_pct": change,
                    "verdict": verdict,
                    "caveat": caveat,
                }
            )
    return pd.DataFrame(rows)
