"""The paper's Table 1 against independent figures: the press, the corrections' guards.

Table 1 is compiled by the paper from KITA; its caption says USD, but the figures are thousands
of USD (``data/corrections.yml``). :func:`unit_comparisons` sets each printed cell, read as the
caption says, against the independent figures for it: the guard's references and the Korea-side
press figures for the same country, flow and year. It answers "what unit is Table 1 in?" for
the notebook and for the claims ledger alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from kca_analysis.countries import lookup_country
from kca_analysis.data import TABLE1_COUNTRY_COLUMN, TABLE1_VALUE_COLUMNS, parse_printed_integer
from kca_analysis.data.corrections import Correction
from kca_analysis.data.guards import GuardResult, evaluate_guard

from .periods import period_label

__all__ = [
    "correction_evidence",
    "match_table1",
    "press_figures",
    "table1_as_printed",
    "unit_comparisons",
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
        Table 1 as tidy flows: :func:`kca_analysis.data.load_trade_table1` (corrected) or
        :func:`table1_as_printed` (read as the caption says).

    Returns
    -------
    DataFrame
        ``iso3, country, flow, period, months, table1_usd, press_usd, press_to_table1, bound,
        publisher, confidence, source``, in the order of ``table1``.
    """
    korea = press[(press["reporting_side"] == "Korea") & press["flow"].isin(["export", "import"])]
    keys = ["iso3", "flow", "period"]
    out = table1[[*keys, "country", "months", "value_usd"]].merge(
        korea[[*keys, "value_usd", "bound", "publisher", "confidence", "source"]],
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
        "source",
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


def table1_as_printed(printed: pd.DataFrame) -> pd.DataFrame:
    """Return Table 1 read as its caption says: each printed cell as US dollars.

    Parameters
    ----------
    printed
        :func:`kca_analysis.data.load_paper_trade_table` (strings as printed).

    Returns
    -------
    DataFrame
        ``iso3, country, column`` (the printed header), ``flow``, ``period`` (the header's
        period label as printed: ``2022`` or ``2023, OCT``), ``months`` (12 for a plain year,
        missing where the header does not say) and ``value_usd`` (the printed integer).

    Raises
    ------
    ValueError
        For a cell that is not a printed integer or a country that is not one of the five.
    """
    rows = []
    for _, row in printed.iterrows():
        country = lookup_country(row[TABLE1_COUNTRY_COLUMN])
        for column, (flow, label) in TABLE1_VALUE_COLUMNS.items():
            rows.append(
                {
                    "iso3": country.iso3,
                    "country": country.name,
                    "column": column,
                    "flow": flow,
                    "period": label,
                    "months": 12 if re.fullmatch(r"\d{4}", label) else pd.NA,
                    "value_usd": parse_printed_integer(row[column]),
                }
            )
    out = pd.DataFrame(rows)
    return out.astype({"months": "Int64", "value_usd": "int64"})


#: Where a :func:`unit_comparisons` row's independent figure comes from (a data loader's name).
PRESS_LOADER = "load_press_trade"


def unit_comparisons(
    correction: Correction, printed: pd.DataFrame, press: pd.DataFrame
) -> pd.DataFrame:
    """Set independent figures against the printed Table 1 cells, read as the caption says.

    Two kinds of comparison: the references of the unit correction's guard
    (:func:`kca_analysis.data.guards.evaluate_guard`, the same comparisons the guard checks), and
    the Korea-side press figures (not bounds) for exactly a printed cell's country, flow and
    year. A ratio near 1 means the caption's USD is right; near 1,000, the figures are thousands.

    Parameters
    ----------
    correction
        The unit correction of Table 1 (``data/corrections.yml``), with a ``magnitude_ratio``
        guard.
    printed
        :func:`kca_analysis.data.load_paper_trade_table`.
    press
        :func:`kca_analysis.data.load_press_trade` (or some of its rows).

    Returns
    -------
    DataFrame
        ``reference`` (which cell against which figure), ``loader`` (the data loader of the
        figure), ``source``, ``confidence``, ``reference_usd``, ``printed`` (the cell as an
        integer) and ``ratio`` (reference / printed), guard rows first.

    Raises
    ------
    ValueError
        When the correction's guard is not a ``magnitude_ratio`` guard.
    """
    if correction.guard.get("type") != "magnitude_ratio":
        raise ValueError(
            f"unit_comparisons needs a correction with a magnitude_ratio guard; "
            f"{correction.id!r} has {correction.guard.get('type')!r}"
        )
    result = evaluate_guard(correction, printed)
    cell = correction.guard["table_cell"]
    rows = [
        {
            "reference": f"{cell['country']} {cell['column']} vs "
            + ", ".join(f"{k}={v}" for k, v in comparison["reference"]["where"].items()),
            "loader": comparison["reference"]["loader"],
            "source": comparison["source"],
            "confidence": comparison["confidence"],
            "reference_usd": float(comparison["reference_usd"]),
            "printed": int(comparison["printed"]),
            "ratio": float(comparison["ratio"]),
        }
        for comparison in result.comparisons
    ]
    figures = press[press["bound"].isna()]
    headers = {(flow, label): column for column, (flow, label) in TABLE1_VALUE_COLUMNS.items()}
    for match in match_table1(figures, table1_as_printed(printed)).itertuples():
        rows.append(
            {
                "reference": f"{match.country} {headers[(match.flow, match.period)]} vs press "
                f"{match.flow} {match.period}",
                "loader": PRESS_LOADER,
                "source": match.source,
                "confidence": match.confidence,
                "reference_usd": float(match.press_usd),
                "printed": int(match.table1_usd),
                "ratio": float(match.press_to_table1),
            }
        )
    columns = ["reference", "loader", "source", "confidence", "reference_usd", "printed", "ratio"]
    return pd.DataFrame(rows, columns=columns)
