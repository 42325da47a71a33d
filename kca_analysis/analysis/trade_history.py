"""Korea's trade with each of the five over time, source by source, and where sources overlap.

Trade history joins three sources, each stretch labelled with its source and reporting side and
never blended into one line: Correlates of War 1992-2014, IMF DOTS 2010-2020 (both sides), and
the paper's Table 1 for 2022 and January-October 2023 (a partial year, flagged). Each value
says whose figure it is (``basis``: the reporter's own, derived, or an IMF estimate; see
:mod:`.trade_basis`). Where COW and DOTS overlap (2010-2014)
:func:`kca_analysis.analysis.source_overlap.source_overlap` says how far they agree.

:func:`turnover_history` and :func:`total_turnover` are the one answer to "Korea's trade with the
five by year": the history notebook, the claims (C04-C06) and the claims' figure all read it
from here. A gap is never read as zero. Values are in million US dollars (``*_musd``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from kca_analysis.analysis import trade_series
from kca_analysis.countries import lookup_country

from .trade_basis import REPORTED, basis_reason, flow_basis, turnover_basis

__all__ = [
    "MILLION",
    "SERIES_COW",
    "SERIES_DOTS_KOREA",
    "SERIES_DOTS_PARTNER",
    "SERIES_ORDER",
    "SERIES_TABLE1",
    "derived_years",
    "early_decade_profile",
    "korea_trade_by_year",
    "series_coverage",
    "total_turnover",
    "trade_history",
    "turnover_history",
    "uncovered_years",
    "yearly_leaders",
]

MILLION = 1e6

#: Short names of the series drawn in the history figure, from (source, reporting side). COW's
#: values are mostly the importer's report, but not all (``basis``), so its name claims no side;
#: the partner side of IMF DOTS holds the IMF's estimates for Turkmenistan (``basis``).
SERIES_COW = "COW v4.0"
SERIES_DOTS_KOREA = "IMF DOTS, Korea-reported"
SERIES_DOTS_PARTNER = "IMF DOTS, partner side"
SERIES_TABLE1 = "Table 1 (KITA, Korea-reported)"
SERIES_ORDER = (SERIES_COW, SERIES_DOTS_KOREA, SERIES_DOTS_PARTNER, SERIES_TABLE1)


def _series_of(history: pd.DataFrame, basis: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return the series name and the ``reporting`` label of each bilateral-history row."""
    source, side = history["source"], history["reporting_side"]
    cow = side == trade_series.COW_SIDE
    korea = side == "Korea"
    series = np.select(
        [cow, source == trade_series.TABLE1_SOURCE, korea],
        [SERIES_COW, SERIES_TABLE1, SERIES_DOTS_KOREA],
        SERIES_DOTS_PARTNER,
    )
    # COW takes a flow from the importer's report (the Central Asian state's for Korea's
    # exports, Korea's for Korea's imports) unless it is derived from Korea's own figure; the
    # partner side of DOTS is the IMF's estimate where the partner reported nothing.
    reporting = np.select(
        [cow & (basis == "derived"), cow, korea, basis == "estimate"],
        ["Korea (derived)", "importer", "Korea", "IMF estimate"],
        "partner",
    )
    return series, reporting


def trade_history(
    cow: pd.DataFrame | None,
    dots: pd.DataFrame | None,
    table1: pd.DataFrame | None,
    countries: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return Korea's trade with each country from every source, flows from Korea's side.

    COW's rows for Korea are seen from the Central Asian state, so a Central Asian ``import``
    from South Korea is Korea's export. Table 1's January-October 2023 keeps ``months == 10``
    and ``partial == True``; nothing is annualised.

    Parameters
    ----------
    cow, dots, table1
        The loaders' frames (:func:`~kca_analysis.data.load_cow_trade`,
        :func:`~kca_analysis.data.load_dots_trade`, :func:`~kca_analysis.data.load_trade_table1`);
        ``None`` leaves a source out.
    countries
        ISO3 codes to keep (default: all five).

    Returns
    -------
    DataFrame
        Columns ``series, source, reporting, iso3, country, year, period, months, partial, flow,
        value_musd, basis, derived_from``; ``reporting`` says whose figure a value is
        (``Korea``, ``partner``, ``importer`` for COW, ``Korea (derived)`` for a COW value
        computed from Korea's figure, ``IMF estimate``), ``basis`` and ``derived_from`` as in
        :func:`~.trade_basis.flow_basis`.

    Raises
    ------
    ValueError
        When all three sources are ``None``, or COW or DOTS lacks its ``basis`` columns.
    """
    if cow is None and dots is None and table1 is None:
        raise ValueError("trade_history needs at least one of cow, dots, table1")
    # One reading of the sources (COW flows turned to Korea's side, Table 1's year from its
    # period) serves both this history and the trade notebook's.
    both = trade_series.bilateral_history(cow, dots, table1)
    basis = flow_basis(both, cow, dots)
    series, reporting = _series_of(both, basis["basis"])
    out = pd.DataFrame(
        {
            "series": series,
            "source": both["source"],
            "reporting": reporting,
            "iso3": both["iso3"],
            "country": both["country"],
            "year": both["year"],
            "period": both["period"],
            "months": both["months"],
            "flow": both["flow"],
            "value_musd": both["value_usd"] / MILLION,
            "basis": basis["basis"],
            "derived_from": basis["derived_from"],
        }
    )
    if countries is not None:
        out = out[out["iso3"].isin(list(countries))]
    out.insert(8, "partial", out["months"] < 12)
    return out.sort_values(["iso3", "series", "year", "flow"]).reset_index(drop=True)


def turnover_history(history: pd.DataFrame) -> pd.DataFrame:
    """Return exports, imports and turnover per series, country and period (USD million).

    Turnover is missing when either flow is missing: a gap is never read as zero. Its ``basis``
    is that of the weaker flow (:func:`~.trade_basis.turnover_basis`).

    Parameters
    ----------
    history
        :func:`trade_history`.

    Returns
    -------
    DataFrame
        ``series, iso3, country, year, period, months, partial, export_musd, import_musd,
        turnover_musd, basis, derived_from``.
    """
    keys = ["series", "iso3", "country", "year", "period", "months", "partial"]
    wide = history.set_index([*keys, "flow"])["value_musd"].unstack("flow")
    wide = wide.reindex(columns=["export", "import"]).reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"export": "export_musd", "import": "import_musd"})
    wide["turnover_musd"] = wide["export_musd"] + wide["import_musd"]
    wide = wide.merge(turnover_basis(history, keys), on=keys, how="left", validate="one_to_one")
    wide.loc[wide["turnover_musd"].isna(), ["basis", "derived_from"]] = None
    return wide.sort_values(["iso3", "series", "year"]).reset_index(drop=True)


def total_turnover(turnover: pd.DataFrame, series: str, countries: Sequence[str]) -> pd.Series:
    """Return the turnover of one series summed over ``countries``, by year (USD million).

    A year in which any of the countries lacks a figure is missing, not a partial sum. Partial
    years (fewer than 12 months) are left out.

    Parameters
    ----------
    turnover
        :func:`turnover_history`.
    series
        One of :data:`SERIES_ORDER`.
    countries
        ISO3 codes.

    Returns
    -------
    Series
        ``turnover_musd`` by year.
    """
    rows = turnover[(turnover["series"] == series) & turnover["iso3"].isin(countries)]
    full = rows[~rows["partial"]]
    wide = full.pivot_table(index="year", columns="iso3", values="turnover_musd", dropna=False)
    wide = wide.reindex(columns=list(countries))
    total = wide.sum(axis=1, min_count=len(countries))
    total[wide.isna().any(axis=1)] = np.nan
    total.name = "turnover_musd"
    return total


def korea_trade_by_year(
    turnover: pd.DataFrame, countries: Sequence[str], series: str = SERIES_COW
) -> pd.DataFrame:
    """Return Korea's turnover with each country and with all of them, by year (USD million).

    Parameters
    ----------
    turnover
        :func:`turnover_history`.
    countries
        ISO3 codes, in the order of the columns.
    series
        Which source's series (default COW, the only one covering the 1990s).

    Returns
    -------
    DataFrame
        Rows are years, columns the ISO3 codes and ``total`` (:func:`total_turnover` of all
        ``countries``: missing in a year in which any of them lacks a figure).
    """
    columns = {code: total_turnover(turnover, series, [code]) for code in countries}
    columns["total"] = total_turnover(turnover, series, countries)
    table = pd.DataFrame(columns)
    table.index = table.index.astype("int64")
    table.index.name = "year"
    return table


def series_coverage(turnover: pd.DataFrame) -> pd.DataFrame:
    """Return, per series and country, the years with a turnover and whose figures they are.

    Parameters
    ----------
    turnover
        :func:`turnover_history`.

    Returns
    -------
    DataFrame
        ``series, iso3, first_year, last_year, years_with_turnover, missing_years`` (years
        inside the span without a turnover, comma-separated; empty when none),
        ``derived_or_estimated_years`` (years whose turnover is not the reporter's own figure:
        ``basis`` derived or estimate) and ``derived_from`` (from what, without the arithmetic;
        both empty when every figure is reported).
    """
    rows = []
    for (name, code), group in turnover.groupby(["series", "iso3"], sort=False):
        known = group[group["turnover_musd"].notna()]
        years = sorted(known["year"].astype(int))
        if not years:
            continue
        span = set(range(years[0], years[-1] + 1))
        missing = sorted(span - set(years))
        derived = known[known["basis"] != REPORTED]
        reasons = dict.fromkeys(
            r for note in derived["derived_from"] for r in (basis_reason(note) or "").split("; ")
        )
        rows.append(
            (
                name,
                code,
                years[0],
                years[-1],
                len(years),
                ", ".join(map(str, missing)),
                ", ".join(map(str, sorted(set(derived["year"].astype(int))))),
                "; ".join(r for r in reasons if r),
            )
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "series",
            "iso3",
            "first_year",
            "last_year",
            "years_with_turnover",
            "missing_years",
            "derived_or_estimated_years",
            "derived_from",
        ],
    )
    order = {name: i for i, name in enumerate(SERIES_ORDER)}
    frame = frame.sort_values(
        ["iso3", "series"], key=lambda c: c.map(order) if c.name == "series" else c
    )
    return frame.reset_index(drop=True)


def derived_years(turnover: pd.DataFrame, series: str, countries: Sequence[str]) -> list[int]:
    """Return the years in which a country's turnover in ``series`` is derived or estimated.

    Parameters
    ----------
    turnover
        :func:`turnover_history`.
    series
        One of :data:`SERIES_ORDER`.
    countries
        ISO3 codes; a year counts when the figure of any of them is not reported.

    Returns
    -------
    list of int
        Sorted years (of :func:`total_turnover` of the same countries, the years summing a
        derived or estimated figure).
    """
    rows = turnover[(turnover["series"] == series) & turnover["iso3"].isin(countries)]
    rows = rows[rows["turnover_musd"].notna() & (rows["basis"] != REPORTED)]
    return sorted({int(y) for y in rows["year"]})


def uncovered_years(turnover: pd.DataFrame, iso3: str, start_year: int, end_year: int) -> list[int]:
    """Return the years in ``[start_year, end_year]`` for which no source gives a turnover.

    Parameters
    ----------
    turnover
        :func:`turnover_history`.
    iso3
        The country.
    start_year, end_year
        The years asked about (inclusive).

    Returns
    -------
    list of int
    """
    rows = turnover[(turnover["iso3"] == iso3) & turnover["turnover_musd"].notna()]
    return sorted(set(range(start_year, end_year + 1)) - set(rows["year"].astype(int)))


# --------------------------------------------------------------------------------------------
# The first decade: which country led, and how steady each was


def _annual_turnover(
    turnover: pd.DataFrame, countries: Sequence[str], years: tuple[int, int], series: str
) -> pd.DataFrame:
    """Each country's turnover (columns) by year (rows) over ``years`` (inclusive)."""
    return pd.DataFrame({code: total_turnover(turnover, series, [code]) for code in countries}).loc[
        years[0] : years[1]
    ]


def yearly_leaders(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int],
    series: str = SERIES_COW,
) -> pd.Series:
    """Return, for each year of ``years`` (inclusive), the country with the largest turnover.

    Parameters
    ----------
    turnover
        :func:`turnover_history`.
    countries
        ISO3 codes compared.
    years
        First and last year.
    series
        Which source's series (default COW).

    Returns
    -------
    Series
        ISO3 code by year; years in which every country lacks a figure are left out.
    """
    annual = _annual_turnover(turnover, countries, years, series)
    leaders = annual.dropna(how="all").idxmax(axis=1)
    leaders.name = "leader"
    return leaders


def early_decade_profile(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int],
    series: str = SERIES_COW,
) -> pd.DataFrame:
    """Describe each country's trade with Korea over ``years`` (inclusive).

    Parameters
    ----------
    turnover
        :func:`turnover_history`.
    countries
        ISO3 codes compared.
    years
        First and last year.
    series
        Which source's series (default COW).

    Returns
    -------
    DataFrame
        ``iso3, country, years_with_data, mean_turnover_musd, share_of_selected_pct`` (of the
        selected countries' summed mean turnover), ``cv`` (coefficient of variation of the
        annual turnover: standard deviation / mean; lower is steadier) and ``years_largest``
        (in how many years the country had the largest turnover of the selected countries,
        :func:`yearly_leaders`).
    """
    annual = _annual_turnover(turnover, countries, years, series)
    leaders = yearly_leaders(turnover, countries, years, series)
    rows = []
    for code in countries:
        present = annual[code].dropna()
        mean = float(present.mean()) if len(present) else np.nan
        cv = float(present.std(ddof=0) / mean) if len(present) and mean else np.nan
        largest = int((leaders == code).sum())
        rows.append((code, lookup_country(code).name, len(present), mean, cv, largest))
    frame = pd.DataFrame(
        rows,
        columns=["iso3", "country", "years_with_data", "mean_turnover_musd", "cv", "years_largest"],
    )
    frame.insert(
        4,
        "share_of_selected_pct",
        frame["mean_turnover_musd"] / frame["mean_turnover_musd"].sum(min_count=1) * 100,
    )
    return frame
