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
    "MAGNITUDE_TOLERANCE",
    "PRESS_LOADER",
    "correction_evidence",
    "match_table1",
    "press_figures",
    "same_year_matches",
    "table1_as_printed",
    "unit_comparisons",
    "within_magnitude",
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


#: How far a ratio of an independent figure to a printed cell may stray from the factor the
#: unit implies (1000 for thousands) and still fit it: a factor of ten, the tolerance of the
#: unit correction's ``magnitude_ratio`` guard (:mod:`kca_analysis.data.guards`).
MAGNITUDE_TOLERANCE = 10.0


def within_magnitude(ratio: float, factor: float) -> bool:
    """Whether ``ratio`` fits ``factor`` within :data:`MAGNITUDE_TOLERANCE`.

    Parameters
    ----------
    ratio
        An independent figure over a printed cell.
    factor
        The ratio a unit implies: 1000 for thousands, 1 for the unit as printed.

    Returns
    -------
    bool
    """
    return factor / MAGNITUDE_TOLERANCE <= ratio <= factor * MAGNITUDE_TOLERANCE


def _magnitude_status(ratio: float, factor: float) -> str:
    """An exact figure decides a magnitude check: ``proven`` or ``contradicted``."""
    return "proven" if within_magnitude(ratio, factor) else "contradicted"


def _where(reference: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in reference["where"].items())


def _same_cell(cell: dict, reference: dict) -> bool:
    """Whether a guard reference is for the printed cell's own country, flow and period."""
    flow, label = TABLE1_VALUE_COLUMNS[cell["column"]]
    where = reference["where"]
    period = str(where.get("period", where.get("year", "")))
    return (where.get("country"), where.get("flow"), period) == (cell["country"], flow, label)


def _ratio_rows(correction: Correction, result: GuardResult) -> list[dict]:
    factor = float(correction.guard["expected_factor"])
    low, high = factor / MAGNITUDE_TOLERANCE, factor * MAGNITUDE_TOLERANCE
    cell = correction.guard["table_cell"]
    rows = []
    for comparison in result.comparisons:
        reference = comparison["reference"]
        scope = "the same cell and year" if _same_cell(cell, reference) else "another year"
        rows.append(
            {
                "correction": result.correction,
                "check": f"reference / printed figure between {low:,.0f} and {high:,.0f} "
                f"({scope}: the magnitude only)",
                "table1_printed": comparison["printed"],
                "table1_read_as_usd": float(comparison["printed"]),
                "reference": f"{reference['loader']}: {_where(reference)}",
                "reference_usd": comparison["reference_usd"],
                "bound": None,
                "result": f"{comparison['ratio']:,.0f}",
                "status": _magnitude_status(comparison["ratio"], factor),
                "source": comparison["source"],
            }
        )
    return rows


def _same_year_rows(correction: Correction, same_year: pd.DataFrame) -> list[dict]:
    factor = float(correction.guard["expected_factor"])
    return [
        {
            "correction": correction.id,
            "check": f"reference / printed figure: the same cell and year ({m.publisher}); "
            f"{factor:,.0f} if the cell is in thousands",
            "table1_printed": int(m.printed),
            "table1_read_as_usd": float(m.printed),
            "reference": f"{PRESS_LOADER}: country={m.country}, flow={m.flow}, period={m.period}",
            "reference_usd": float(m.press_usd),
            "bound": None,
            "result": f"{m.ratio:,.0f}",
            "status": _magnitude_status(m.ratio, factor),
            "source": m.source,
        }
        for m in same_year.itertuples()
    ]


#: What a ``cumulative_between`` comparison's status means, for an exact reference ...
BETWEEN_RESULTS = {
    "proven": "holds",
    "consistent": "holds",
    "contradicted": "FAILS",
}
#: ... and for a lower bound ("more than USD 1.5 bn"), which can disprove but never prove.
BOUND_RESULTS = {
    "proven": "holds (decided even by the lower bound)",
    "consistent": "not contradicted; a lower bound cannot prove it",
    "contradicted": "FAILS (below the lower bound)",
}


def _between_rows(result: GuardResult) -> list[dict]:
    rows = []
    for comparison in result.comparisons:
        cell, reference = comparison["table_cell"], comparison["reference"]
        relation = "at least" if comparison["side"] == "lower" else "below"
        bound = comparison.get("bound")
        status = comparison["status"]
        rows.append(
            {
                "correction": result.correction,
                "check": f"{cell['country']} {cell['column']} must be {relation} the reference",
                "table1_printed": None,
                "table1_read_as_usd": comparison["table_usd"],
                "reference": f"{reference['loader']}: {_where(reference)}",
                "reference_usd": comparison["reference_usd"],
                "bound": bound,
                "result": BETWEEN_RESULTS[status] if bound is None else BOUND_RESULTS[status],
                "status": status,
                "source": comparison["source"],
            }
        )
    return rows


def correction_evidence(
    correction: Correction, result: GuardResult, same_year: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return what a correction's guard compared, as a table a reader can check.

    Parameters
    ----------
    correction
        A correction of Table 1 (``data/corrections.yml``).
    result
        Its guard's result (:func:`kca_analysis.data.guards.evaluate_guard`).
    same_year
        :func:`same_year_matches`, set against the printed cells beside the guard's references
        of the unit correction (the strongest evidence: the same cell, year and source); not
        used for other corrections.

    Returns
    -------
    DataFrame
        One row per comparison: ``correction, check, table1_printed, table1_read_as_usd,
        reference, reference_usd, bound, result, status, source``. ``bound`` is ``lower`` for
        a "more than" reference; ``status`` is ``proven`` (the reference decides the check),
        ``consistent`` (a lower bound that does not contradict the check but cannot prove it)
        or ``contradicted``.

    Raises
    ------
    ValueError
        When ``result`` is not the result of ``correction``'s guard.
    """
    if result.correction != correction.id:
        raise ValueError(
            f"the guard result is of {result.correction!r}, not of correction {correction.id!r}"
        )
    if correction.guard.get("type") == "magnitude_ratio":
        rows = _ratio_rows(correction, result)
        if same_year is not None:
            rows += _same_year_rows(correction, same_year)
    else:
        rows = _between_rows(result)
    columns = [
        "correction",
        "check",
        "table1_printed",
        "table1_read_as_usd",
        "reference",
        "reference_usd",
        "bound",
        "result",
        "status",
        "source",
    ]
    return pd.DataFrame(rows, columns=columns)


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


def same_year_matches(printed: pd.DataFrame, press: pd.DataFrame) -> pd.DataFrame:
    """Return the Korea-side press figures for exactly a printed cell: the same country, flow
    and period, so in the same year (and, for the KITA figures the press relays, from the same
    source). Bounds ("more than ...") are left out: they cannot match a figure.

    Parameters
    ----------
    printed
        :func:`kca_analysis.data.load_paper_trade_table`.
    press
        :func:`kca_analysis.data.load_press_trade` (or some of its rows).

    Returns
    -------
    DataFrame
        ``iso3, country, column`` (the printed header), ``flow, period, months, printed`` (the
        cell as an integer), ``press_usd, ratio`` (press / printed cell: 1000 when the cell is
        in thousands), ``publisher, confidence, source``; in the order of Table 1.
    """
    figures = press[press["bound"].isna()]
    headers = {(flow, label): column for column, (flow, label) in TABLE1_VALUE_COLUMNS.items()}
    matches = match_table1(figures, table1_as_printed(printed))
    out = matches.assign(
        column=[headers[(f, p)] for f, p in zip(matches["flow"], matches["period"], strict=True)],
        printed=matches["table1_usd"].astype("int64"),
        ratio=matches["press_to_table1"].astype("float64"),
    )
    columns = ["iso3", "country", "column", "flow", "period", "months", "printed", "press_usd"]
    return out[[*columns, "ratio", "publisher", "confidence", "source"]].reset_index(drop=True)


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
        integer), ``ratio`` (reference / printed) and ``same_cell`` (the figure is for the
        printed cell's own country, flow and year), guard rows first.

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
            "same_cell": _same_cell(cell, comparison["reference"]),
        }
        for comparison in result.comparisons
    ]
    for match in same_year_matches(printed, press).itertuples():
        rows.append(
            {
                "reference": f"{match.country} {match.column} vs press {match.flow} {match.period}",
                "loader": PRESS_LOADER,
                "source": match.source,
                "confidence": match.confidence,
                "reference_usd": float(match.press_usd),
                "printed": int(match.printed),
                "ratio": float(match.ratio),
                "same_cell": True,
            }
        )
    columns = ["reference", "loader", "source", "confidence", "reference_usd", "printed", "ratio"]
    columns.append("same_cell")
    return pd.DataFrame(rows, columns=columns)
