"""The paper's Table 1 against independent figures: the press, the corrections' guards.

Table 1 is compiled by the paper from KITA; its caption says USD, but the figures are thousands
of USD (``data/corrections.yml``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kca_analysis.data.guards import GuardResult

from .periods import period_label

__all__ = [
    "correction_evidence",
    "match_table1",
    "press_figures",
]


def press_figures(press: pd.DataFrame, countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the press-relayed official figures with their period spelled out and months shown.

    Partial years are kept as reported: nothing is annualised.

    Parameters
    ----------
    press
        :func:`kca_analysis.data.load_press_trade`.
    countries
        ISO3 codes to keep (all when ``None``).

    Returns
    -------
    DataFrame
        ``iso3, country, year, period, months, period_label, flow, reporting_side, value_usd,
        bound, publisher, confidence``, in year order; ``bound`` marks "more than" figures.
    """
    rows = press if countries is None else press[press["iso3"].isin(list(countries))]
    out = rows.assign(
        period_label=[
            period_label(p, m) for p, m in zip(rows["period"], rows["months"], strict=True)
        ]
    )
    columns = [
        "iso3",
        "country",
        "year",
        "period",
        "months",
        "period_label",
        "flow",
        "reporting_side",
        "value_usd",
        "bound",
        "publisher",
        "confidence",
    ]
    return out.sort_values(["year", "iso3", "period"], kind="stable")[columns].reset_index(
        drop=True
    )


def match_table1(press: pd.DataFrame, table1: pd.DataFrame) -> pd.DataFrame:
    """Set Table 1 beside the Korea-side press figures for the same country, flow and period.

    Only exact matches of period (and so of months) are kept.

    Parameters
    ----------
    press
        :func:`kca_analysis.data.load_press_trade` (or some of its rows).
    table1
        Table 1 as tidy flows: :func:`kca_analysis.data.load_trade_table1`.

    Returns
    -------
    DataFrame
        ``iso3, country, flow, period, months, table1_usd, press_usd, press_to_table1, bound,
        publisher, confidence``, in the order of ``table1``.
    """
    korea = press[(press["reporting_side"] == "Korea") & press["flow"].isin(["export", "import"])]
    keys = ["iso3", "flow", "period"]
    out = table1[[*keys, "country", "months", "value_usd"]].merge(
        korea[[*keys, "value_usd", "bound", "publisher", "confidence"]],
        on=keys,
        suffixes=("_table1", "_press"),
    )
    out = out.rename(columns={"value_usd_table1": "table1_usd", "value_usd_press": "press_usd"})
    out["table1_usd"] = out["table1_usd"].astype("float64")
    out["press_to_table1"] = out["press_usd"] / out["table1_usd"]
    columns = [
        "iso3",
        "country",
        "flow",
        "period",
        "months",
        "table1_usd",
        "press_usd",
        "press_to_table1",
        "bound",
        "publisher",
        "confidence",
    ]
    return out[columns]


def correction_evidence(result: GuardResult) -> pd.DataFrame:
    """Return what a correction's guard compared, as a table a reader can check.

    Parameters
    ----------
    result
        :func:`kca_analysis.data.guards.evaluate_guard` of one correction.

    Returns
    -------
    DataFrame
        One row per comparison: ``correction, check, table1_printed, table1_read_as_usd,
        reference, reference_usd, result, source`` (what was compared with what, in US
        dollars, the outcome and the reference's source).
    """
    rows = []
    for comparison in result.comparisons:
        reference = comparison["reference"]
        where = ", ".join(f"{k}={v}" for k, v in reference["where"].items())
        if "ratio" in comparison:
            rows.append(
                {
                    "correction": result.correction,
                    "check": "reference / printed figure (expected about 1000)",
                    "table1_printed": comparison["printed"],
                    "table1_read_as_usd": float(comparison["printed"]),
                    "reference": f"{reference['loader']}: {where}",
                    "reference_usd": comparison["reference_usd"],
                    "result": f"{comparison['ratio']:,.0f}",
                    "source": comparison["source"],
                }
            )
        else:
            cell = comparison["table_cell"]
            relation = "at least" if comparison["side"] == "lower" else "below"
            rows.append(
                {
                    "correction": result.correction,
                    "check": f"{cell['country']} {cell['column']} must be {relation} the reference",
                    "table1_printed": None,
                    "table1_read_as_usd": comparison["table_usd"],
                    "reference": f"{reference['loader']}: {where}",
                    "reference_usd": comparison["reference_usd"],
                    "result": "holds" if comparison["holds"] else "FAILS",
                    "source": comparison["source"],
                }
            )
    return pd.DataFrame(rows)
