"""Korea's trade with the five as series: Korea's side, every source's history, the five's share
of Korea's total trade, and trade relative to each partner's GDP.

Korea-reported and partner-reported figures are never mixed in one series: every row says its
``source`` and, where sources differ, its ``reporting_side``. Partial years keep their months and
are refused where a full-year denominator would make them look small.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .periods import group_keys

__all__ = [
    "COW_SIDE",
    "DOTS_SOURCE",
    "FIGURE_REPORTED",
    "PROVENANCE_COLUMNS",
    "TABLE1_SOURCE",
    "KOREA_TOTAL_INDICATORS",
    "bilateral_history",
    "derivation",
    "korea_side",
    "korea_total_flows",
    "provenance",
    "share_of_korea_trade",
    "tidy_flows",
    "trade_to_gdp",
]

#: How :func:`bilateral_history` labels the reporting side of Correlates of War figures.
COW_SIDE = "importer (COW)"

#: How the series name their sources (``source`` column).
DOTS_SOURCE = "IMF DOTS"
TABLE1_SOURCE = "Table 1 (KITA)"

#: How a figure came about (the loaders' ``basis``), carried by :func:`bilateral_history` as
#: ``figure_basis`` (``basis`` is taken: :func:`~kca_analysis.analysis.periods.annualize` writes
#: it). ``reported``: the reporting side's own figure; ``derived``: computed by the compiler
#: from another side's figure (COW's 2010-2014 imports from Korea = Korea's exports x 1.10);
#: ``estimate``: an IMF estimate or a row the extract flags suspect, not the side's report.
FIGURE_REPORTED = "reported"

#: The columns :func:`bilateral_history` carries from the loaders, missing when a frame lacks
#: them: ``figure_basis`` (the loader's ``basis``), ``derived_from`` and ``gap_reason`` (COW's
#: coverage gaps: ``leading_zero``, ``absent`` or ``missing``).
PROVENANCE_COLUMNS = {
    "basis": "figure_basis",
    "derived_from": "derived_from",
    "gap_reason": "gap_reason",
}

#: WDI codes of Korea's merchandise exports and imports (current USD).
KOREA_TOTAL_INDICATORS = {"export": "TX.VAL.MRCH.CD.WT", "import": "TM.VAL.MRCH.CD.WT"}


def tidy_flows(frame: pd.DataFrame, source: str, year: pd.Series, **extra) -> pd.DataFrame:
    """Return a loader's flows in the layout every series here shares.

    Parameters
    ----------
    frame
        Rows of a loader with ``period, months, iso3, country, flow, value_usd``.
    source
        The label of the source, written into every row.
    year
        The year of each row (aligned with ``frame``).
    **extra
        Further columns placed after ``source`` (``reporting_side=...``, ``view=...``).

    Returns
    -------
    DataFrame
        ``source, *extra, year, period, months, iso3, country, flow, value_usd``.
    """
    return pd.DataFrame(
        {
            "source": source,
            **extra,
            "year": year,
            "period": frame["period"].astype(str),
            "months": frame["months"].astype("int64"),
            "iso3": frame["iso3"],
            "country": frame["country"],
            "flow": frame["flow"],
            "value_usd": frame["value_usd"].astype("float64"),
        }
    )


def korea_side(
    dots: pd.DataFrame | None = None, table1: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return Korea-reported flows in one tidy frame: IMF DOTS (Korea side) and Table 1.

    Table 1's January-October 2023 keeps its 10 months; nothing is annualised here.

    Parameters
    ----------
    dots
        :func:`kca_analysis.data.load_dots_trade` (its Korea-side rows are used).
    table1
        :func:`kca_analysis.data.load_trade_table1`.

    Returns
    -------
    DataFrame
        ``source, year, period, months, iso3, country, flow, value_usd``.

    Raises
    ------
    ValueError
        When neither frame is given.
    """
    parts = []
    if dots is not None:
        d = dots[dots["reporting_side"] == "Korea"]
        parts.append(tidy_flows(d, "IMF DOTS (Korea-reported)", d["year"].astype("int64")))
    if table1 is not None:
        year = table1["period"].str[:4].astype("int64")
        parts.append(tidy_flows(table1, "Table 1 (KITA, Korea-reported)", year))
    if not parts:
        raise ValueError("korea_side needs dots, table1 or both")
    return pd.concat(parts, ignore_index=True)


def bilateral_history(
    cow: pd.DataFrame | None = None,
    dots: pd.DataFrame | None = None,
    table1: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return Korea's trade with the five from every source, each stretch labelled.

    * Correlates of War v4.0, 1992-2014 (``partner_iso3 == "KOR"``): COW's flows are seen from
      the Central Asian state, so its exports to Korea become Korea's imports. COW takes each
      flow from the importer's report (IMF DOTS), so its series mixes sides:
      ``reporting_side`` is :data:`COW_SIDE`. COW rounds to whole USD million (0 = below 0.5).
    * IMF DOTS 2010-2020, both sides (``reporting_side`` ``Korea`` or the partner's name).
    * Table 1 (KITA, Korea-reported): 2022 and January-October 2023 (10 months).

    Every row says how its figure came about (:data:`PROVENANCE_COLUMNS`): most of COW's
    2010-2014 imports from Korea are Korea's own exports x 1.10 (``derived``), and the IMF's
    Turkmen-side figures and the suspect Tajik rows are ``estimate``; COW's coverage gaps
    (missing values) keep their ``gap_reason``.

    Parameters
    ----------
    cow
        :func:`kca_analysis.data.load_cow_trade`.
    dots
        :func:`kca_analysis.data.load_dots_trade`.
    table1
        :func:`kca_analysis.data.load_trade_table1`.

    Returns
    -------
    DataFrame
        ``source, reporting_side, year, period, months, iso3, country, flow, value_usd,
        figure_basis, derived_from, gap_reason``.

    Raises
    ------
    ValueError
        When no frame is given.
    """
    parts = []
    if cow is not None:
        c = cow[cow["partner_iso3"] == "KOR"]
        parts.append(
            pd.DataFrame(
                {
                    "source": "Correlates of War v4.0",
                    "reporting_side": COW_SIDE,
                    "year": c["year"].astype("int64"),
                    "period": c["year"].astype("int64").astype(str),
                    "months": 12,
                    "iso3": c["iso3"],
                    "country": c["country"],
                    "flow": c["flow"].map({"export": "import", "import": "export"}),
                    "value_usd": c["value_usd"].astype("float64"),
                    **provenance(c),
                }
            )
        )
    if dots is not None:
        side = dots["reporting_side"].astype(str)
        flows = tidy_flows(dots, DOTS_SOURCE, dots["year"].astype("int64"), reporting_side=side)
        parts.append(flows.assign(**provenance(dots)))
    if table1 is not None:
        t = korea_side(table1=table1).drop(columns="source")
        t.insert(0, "reporting_side", "Korea")
        t.insert(0, "source", TABLE1_SOURCE)
        # Table 1 is KITA's own record of Korea's trade, compiled by the paper.
        parts.append(t.assign(figure_basis=FIGURE_REPORTED, derived_from=pd.NA, gap_reason=pd.NA))
    if not parts:
        raise ValueError("bilateral_history needs at least one of cow, dots, table1")
    return pd.concat(parts, ignore_index=True)


def provenance(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Return the loader's provenance columns of ``frame`` under their history names.

    Parameters
    ----------
    frame
        Rows of a loader (IMF DOTS, COW), with ``basis``, ``derived_from`` and (COW)
        ``gap_reason`` when the loader gives them.

    Returns
    -------
    dict
        ``{figure_basis, derived_from, gap_reason}`` -> Series aligned with ``frame``; a column
        the frame lacks stays missing (it is not assumed to be a report).
    """
    return {
        ours: frame[theirs].astype("object") if theirs in frame else pd.Series(pd.NA, frame.index)
        for theirs, ours in PROVENANCE_COLUMNS.items()
    }


def derivation(derived_from: object) -> str:
    """What a figure that is not its side's report is, from the loader's ``derived_from``
    without its worked numbers (the text up to the first ``": "``).

    Parameters
    ----------
    derived_from
        A ``derived_from`` cell (``"IMF estimate from the Korea-reported value x 1.06: 109.5
        x 1.06 = 116.1"``), or missing.

    Returns
    -------
    str
        ``"IMF estimate from the Korea-reported value x 1.06"``; for a missing cell, a sentence
        saying the data file does not say from what.
    """
    text = "" if derived_from is None or pd.isna(derived_from) else str(derived_from)
    return text.split(": ")[0] or "not the side's report (the data file does not say from what)"


def korea_total_flows(korea_totals: pd.DataFrame) -> dict[str, pd.Series]:
    """Return Korea's WDI merchandise exports and imports (USD), each a Series by year.

    Parameters
    ----------
    korea_totals
        :func:`kca_analysis.data.load_korea_totals`.

    Returns
    -------
    dict
        ``{"export": Series, "import": Series}`` indexed by year (int).
    """
    flows = {}
    for flow, code in KOREA_TOTAL_INDICATORS.items():
        rows = korea_totals[korea_totals["indicator_code"] == code]
        flows[flow] = rows.set_index(rows["year"].astype("int64"))["value_usd"]
    return flows


def _refuse_partial_years(bilateral: pd.DataFrame) -> None:
    partial = bilateral[bilateral["months"] != 12]
    if len(partial):
        shown = ", ".join(
            sorted(
                {
                    f"{p} ({m} months)"
                    for p, m in zip(partial["period"], partial["months"], strict=True)
                }
            )
        )
        raise ValueError(
            "share_of_korea_trade compares with full-year totals; drop the partial periods "
            f"first: {shown}"
        )


def share_of_korea_trade(bilateral: pd.DataFrame, korea_totals: pd.DataFrame) -> pd.DataFrame:
    """Return the five's share of Korea's total merchandise trade, per source and year.

    Parameters
    ----------
    bilateral
        Korea-reported full-year flows (:func:`korea_side`, 12-month rows only).
    korea_totals
        :func:`kca_analysis.data.load_korea_totals`: WDI ``TX.VAL.MRCH.CD.WT`` (exports) and
        ``TM.VAL.MRCH.CD.WT`` (imports), full years.

    Returns
    -------
    DataFrame
        ``source, year, flow`` (export, import, turnover), ``countries`` (how many of the five
        have a figure), ``five_usd``, ``korea_total_usd``, ``share_pct``.

    Raises
    ------
    ValueError
        When a row covers fewer than 12 months: a partial year over a full-year total would
        understate the share; pass full years only.
    """
    _refuse_partial_years(bilateral)
    totals = {
        flow: dict(zip(values.index, values, strict=True))
        for flow, values in korea_total_flows(korea_totals).items()
    }
    out = []
    for (source, year), group in bilateral.groupby(["source", "year"], sort=True):
        by_flow = {}
        for flow in ("export", "import"):
            values = group.loc[group["flow"] == flow, "value_usd"]
            by_flow[flow] = (values.sum(min_count=1), int(values.notna().sum()))
        by_flow["turnover"] = (
            by_flow["export"][0] + by_flow["import"][0],
            min(by_flow["export"][1], by_flow["import"][1]),
        )
        for flow, (value, count) in by_flow.items():
            if flow == "turnover":
                total = totals["export"].get(year, np.nan) + totals["import"].get(year, np.nan)
            else:
                total = totals[flow].get(year, np.nan)
            out.append(
                {
                    "source": source,
                    "year": int(year),
                    "flow": flow,
                    "countries": count,
                    "five_usd": float(value),
                    "korea_total_usd": float(total),
                    "share_pct": float(value) / float(total) * 100,
                }
            )
    return pd.DataFrame(out)


def trade_to_gdp(summary: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Return each country's trade with Korea relative to its own GDP (current USD).

    Parameters
    ----------
    summary
        :func:`kca_analysis.analysis.trade.trade_summary` of full-year rows with a ``year``.
    gdp
        :func:`kca_analysis.data.load_gdp` (``iso3, year, value_usd``).

    Returns
    -------
    DataFrame
        The summary's group columns, ``iso3, country, turnover_usd, gdp_usd`` and
        ``turnover_pct_gdp``, ``export_pct_gdp`` (Korea's exports = the partner's imports from
        Korea, as a share of the partner's GDP). Missing GDP stays missing.

    Raises
    ------
    ValueError
        For rows covering fewer than 12 months (GDP is a full-year figure), or no ``year``.
    """
    if "months" in summary.columns and (summary["months"] != 12).any():
        raise ValueError("trade_to_gdp compares with full-year GDP; pass 12-month rows only")
    if "year" not in summary.columns:
        raise ValueError("trade_to_gdp needs a 'year' column")
    g = gdp[["iso3", "year", "value_usd"]].rename(columns={"value_usd": "gdp_usd"})
    g = g.assign(year=g["year"].astype("int64"))
    out = summary.assign(year=summary["year"].astype("int64")).merge(
        g, on=["iso3", "year"], how="left", validate="many_to_one"
    )
    out["turnover_pct_gdp"] = out["turnover_usd"] / out["gdp_usd"] * 100
    out["export_pct_gdp"] = out["export_usd"] / out["gdp_usd"] * 100
    keys = group_keys(summary)
    return out[
        [*keys, "iso3", "country", "turnover_usd", "gdp_usd", "turnover_pct_gdp", "export_pct_gdp"]
    ]
