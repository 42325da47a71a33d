"""Trade between Korea and the five Central Asian states: pure functions on tidy frames.

Every function takes a tidy DataFrame (one observation per row, ``value_usd`` in US dollars, a
``flow`` seen from Korea's side, a ``period`` and the number of ``months`` it covers) and returns
a new DataFrame; nothing is read from disk here. Three rules hold throughout:

* **Months travel with the figures.** A January-October figure is never compared with a full
  year without its months beside it; :func:`annualize` (x 12/months) is applied only when asked
  and labels every row it touches in the ``basis`` column.
* **Both sides of the pair.** Korea-reported and partner-reported figures are never mixed in one
  series; :func:`mirror_comparison` puts them side by side and says which side each figure is.
* **Gaps stay gaps.** A missing flow gives a missing turnover, never a zero.

Plot functions ``plot_*`` take a tidy frame and return the Axes they drew on; their value axes
carry the unit, and a logarithmic scale is offered because the flows span several orders of
magnitude (USD 3 thousand to USD 4.9 billion in Table 1 alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .countries import CENTRAL_ASIA, CENTRAL_ASIA_ISO3
from .vocab import VALUE_UNITS, check_value_unit, unit_label

__all__ = [
    "annualize",
    "bilateral_history",
    "correction_evidence",
    "compare_periods",
    "concentration",
    "hhi",
    "in_unit",
    "korea_side",
    "match_table1",
    "mirror_comparison",
    "mirror_summary",
    "period_label",
    "press_figures",
    "share_of_korea_trade",
    "trade_summary",
    "trade_to_gdp",
]

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: The label :func:`annualize` writes into ``basis`` for rows it leaves alone.
REPORTED = "reported"

FLOW_COLORS = {"export": "#0072B2", "import": "#E69F00"}


# --------------------------------------------------------------------------------------------
# Parameters


# --------------------------------------------------------------------------------------------
# Units and periods


def in_unit(frame: pd.DataFrame, value_unit: str, columns: Sequence[str] | None = None):
    """Return a copy with each US-dollar column re-expressed in ``value_unit``.

    A column ``turnover_usd`` becomes ``turnover_million_usd`` (for ``million_usd``), in the same
    place; ``value_usd`` becomes ``value_million_usd``. Missing values stay missing.

    Parameters
    ----------
    columns
        The columns to convert; by default every column whose name ends in ``_usd`` and is not
        already in a scaled unit.
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
    ``period_label("2023-01..10")`` -> ``"2023 Jan-Oct (10 months)"``; with a ``basis`` from
    :func:`annualize` that is not ``"reported"``, the basis is appended.
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
    columns
        The money columns to scale; by default every numeric column whose name ends in ``_usd``
        or starts with ``value``.

    Raises
    ------
    ValueError
        When the frame has no ``months`` column, or was annualised already.
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


# --------------------------------------------------------------------------------------------
# Turnover, balance, ratio, shares, concentration

_GROUP_CANDIDATES = ("source", "reporting_side", "year", "period", "months", "basis")


def _group_keys(frame: pd.DataFrame) -> list[str]:
    return [c for c in _GROUP_CANDIDATES if c in frame.columns]


def trade_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Return exports, imports, turnover, balance, export/import ratio and share per country.

    Parameters
    ----------
    frame
        Tidy flows with ``iso3``, ``country``, ``flow`` (``export``/``import``, from Korea's side),
        ``value_usd`` and any of ``source, reporting_side, year, period, months, basis`` (the
        grouping: one summary row per country and group).

    Returns
    -------
    DataFrame
        The group columns, ``iso3, country, export_usd, import_usd, turnover_usd, balance_usd``
        (Korea's exports minus its imports: positive is a Korean surplus),
        ``export_import_ratio`` (missing when imports are zero or missing) and ``share_of_total``
        (the country's share of the turnover of all countries in the group; pass all five to get
        each country's share of the five). A missing flow leaves turnover, balance and share
        missing.
    """
    missing = {"iso3", "country", "flow", "value_usd"} - set(frame.columns)
    if missing:
        raise ValueError(f"trade_summary needs the columns {sorted(missing)}")
    unknown = set(frame["flow"]) - {"export", "import"}
    if unknown:
        raise ValueError(f"flows must be 'export' or 'import'; found {sorted(unknown)}")
    keys = _group_keys(frame)
    index = [*keys, "iso3", "country"]
    if frame.duplicated([*index, "flow"]).any():
        raise ValueError(
            "more than one value per country, flow and group; select one source and "
            "reporting side first (group columns found: " + ", ".join(keys) + ")"
        )
    wide = (
        frame.set_index([*index, "flow"])["value_usd"]
        .unstack("flow")
        .reindex(pd.MultiIndex.from_frame(frame[index].drop_duplicates()))
        .reset_index()
    )
    wide.columns.name = None
    for flow in ("export", "import"):
        if flow not in wide.columns:
            wide[flow] = np.nan
    wide = wide.rename(columns={"export": "export_usd", "import": "import_usd"})
    wide["export_usd"] = wide["export_usd"].astype("float64")
    wide["import_usd"] = wide["import_usd"].astype("float64")
    wide["turnover_usd"] = wide["export_usd"] + wide["import_usd"]
    wide["balance_usd"] = wide["export_usd"] - wide["import_usd"]
    wide["export_import_ratio"] = wide["export_usd"] / wide["import_usd"].where(
        wide["import_usd"] > 0
    )
    if keys:
        totals = wide.groupby(keys, sort=False, dropna=False)["turnover_usd"].transform(
            lambda s: s.sum(min_count=len(s))
        )
    else:
        totals = pd.Series(wide["turnover_usd"].sum(min_count=len(wide)), index=wide.index)
    wide["share_of_total"] = wide["turnover_usd"] / totals
    return wide[
        [
            *index,
            "export_usd",
            "import_usd",
            "turnover_usd",
            "balance_usd",
            "export_import_ratio",
            "share_of_total",
        ]
    ]


def hhi(values: Iterable[float]) -> float:
    """Return the Herfindahl-Hirschman index of ``values``: the sum of squared shares (0-1].

    ``hhi([1, 1, 1, 1])`` is 0.25 (four equal partners); ``hhi([5, 0])`` is 1.0 (one partner).
    The reciprocal is the "equivalent number" of equal-sized partners. A missing value makes
    the index missing (a gap is not a zero).

    Raises
    ------
    ValueError
        For a negative value, or when every value is zero.
    """
    series = pd.Series(list(values), dtype="float64")
    if series.empty:
        raise ValueError("hhi needs at least one value")
    if series.isna().any():
        return float("nan")
    if (series < 0).any():
        raise ValueError("hhi needs non-negative values (trade flows, not balances)")
    total = series.sum()
    if total == 0:
        raise ValueError("hhi is undefined when every value is zero")
    return float(((series / total) ** 2).sum())


def concentration(summary: pd.DataFrame, column: str = "turnover_usd") -> pd.DataFrame:
    """Return the concentration of ``column`` across the countries of each group.

    Returns
    -------
    DataFrame
        The group columns, ``countries`` (how many), ``hhi`` (0-1), ``hhi_points`` (x 10 000,
        the competition-policy scale), ``equivalent_partners`` (1/HHI), ``largest`` (ISO3) and
        ``largest_share``.
    """
    keys = _group_keys(summary)
    rows = []
    groups = summary.groupby(keys, sort=False, dropna=False) if keys else [((), summary)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        index = hhi(group[column])
        top = group.loc[group[column].idxmax()] if group[column].notna().all() else None
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "countries": len(group),
                "hhi": index,
                "hhi_points": index * 10_000,
                "equivalent_partners": 1 / index if index == index else float("nan"),
                "largest": top["iso3"] if top is not None else None,
                "largest_share": float(top[column] / group[column].sum())
                if top is not None
                else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def compare_periods(
    summary: pd.DataFrame, base: str, other: str, measures: Sequence[str] = ("turnover_usd",)
) -> pd.DataFrame:
    """Put two periods side by side per country, with the months of each.

    Returns one row per country and measure with ``base_period, base_months, base_basis,
    base_value_usd, other_period, other_months, other_basis, other_value_usd, change_pct``, a
    ``verdict`` and a ``caveat``. Flows are never negative, so a partial year that already
    exceeds a full year is an increase whatever the missing months hold; a partial year below a
    full year decides nothing. Annualised rows (see :func:`annualize`) get no verdict.
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
            elif months_a == months_b:
                verdict = "higher" if vb > va else ("lower" if vb < va else "equal")
                caveat = ""
            elif months_b < months_a:
                verdict = (
                    f"higher after {months_b} months already"
                    if vb > va
                    else f"open: the missing {months_a - months_b} months decide"
                )
                caveat = f"{months_b} months against {months_a}: not a like-for-like change"
            else:
                verdict = "not comparable"
                caveat = f"{months_b} months against {months_a}: not a like-for-like change"
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


# --------------------------------------------------------------------------------------------
# Both sides of the pair


def mirror_comparison(dots: pd.DataFrame) -> pd.DataFrame:
    """Put Korea-reported and partner-reported figures of the same flow side by side.

    Parameters
    ----------
    dots
        IMF DOTS rows (:func:`kca_analysis.data.load_dots_trade`): ``year, country, iso3, flow``
        (from Korea's side), ``reporting_side`` (``Korea`` or the partner), ``value_usd``,
        ``confidence``, ``note``.

    Returns
    -------
    DataFrame
        One row per year, country and flow: ``korea_reported_usd`` (Korea's customs: its exports
        FOB or imports CIF), ``partner_reported_usd`` (the partner's statistics of the same flow:
        its imports from Korea CIF or exports to Korea FOB), the ``korea_figure`` and
        ``partner_figure`` descriptions that say which side each is, ``partner_to_korea`` (ratio),
        ``gap_usd`` (partner minus Korea), ``gap_pct`` (of the Korea-reported figure) and the
        partner side's ``partner_confidence`` and ``partner_note``. Missing figures stay missing.
    """
    needed = {"year", "country", "iso3", "flow", "reporting_side", "value_usd"}
    missing = needed - set(dots.columns)
    if missing:
        raise ValueError(f"mirror_comparison needs the columns {sorted(missing)}")
    keys = ["year", "iso3", "country", "flow"]
    korea = dots[dots["reporting_side"] == "Korea"]
    partner = dots[dots["reporting_side"] == dots["country"]]
    extra = ["confidence", "note"]
    korea = korea[[*keys, "value_usd", *[c for c in extra if c in dots]]].rename(
        columns={"value_usd": "korea_reported_usd", "confidence": "korea_confidence"}
    )
    korea = korea.drop(columns=["note"], errors="ignore")
    partner = partner[[*keys, "value_usd", *[c for c in extra if c in dots]]].rename(
        columns={
            "value_usd": "partner_reported_usd",
            "confidence": "partner_confidence",
            "note": "partner_note",
        }
    )
    out = korea.merge(partner, on=keys, how="outer", validate="one_to_one")
    out["year"] = out["year"].astype("int64")
    out["korea_figure"] = [
        f"Korea's {'exports to' if f == 'export' else 'imports from'} {c} (Korea-reported)"
        for f, c in zip(out["flow"], out["country"], strict=True)
    ]
    out["partner_figure"] = [
        f"{c}'s {'imports from' if f == 'export' else 'exports to'} Korea ({c}-reported)"
        for f, c in zip(out["flow"], out["country"], strict=True)
    ]
    k = out["korea_reported_usd"].astype("float64")
    p = out["partner_reported_usd"].astype("float64")
    out["partner_to_korea"] = p / k.where(k > 0)
    out["gap_usd"] = p - k
    out["gap_pct"] = (p - k) / k.where(k > 0) * 100
    order = {c: i for i, c in enumerate(CENTRAL_ASIA_ISO3)}
    out = out.sort_values(
        ["iso3", "flow", "year"], key=lambda s: s.map(order) if s.name == "iso3" else s
    ).reset_index(drop=True)
    columns = [
        *keys,
        "korea_figure",
        "korea_reported_usd",
        "partner_figure",
        "partner_reported_usd",
        "partner_to_korea",
        "gap_usd",
        "gap_pct",
    ]
    columns += [c for c in ("korea_confidence", "partner_confidence", "partner_note") if c in out]
    return out[columns]


def mirror_summary(mirror: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`mirror_comparison` per country and flow.

    The ratios are taken over the years in which the partner-side figure is labelled
    ``official``: a ``secondary`` partner figure (e.g. an IMF estimate derived from Korea's own
    figure) is not an independent report and would make the two sides agree by construction.

    Returns ``iso3, country, flow, years_both`` (years with both sides), ``years_official``,
    ``years_secondary`` (partner side), and over the official years ``median_ratio``,
    ``min_ratio``, ``max_ratio`` (partner / Korea; missing when there is no official year).
    """
    both = mirror.dropna(subset=["partner_to_korea"])
    rows = []
    for (iso, country, flow), group in both.groupby(["iso3", "country", "flow"], sort=False):
        confidence = group.get("partner_confidence", pd.Series("official", index=group.index))
        official = group.loc[confidence == "official", "partner_to_korea"]
        rows.append(
            {
                "iso3": iso,
                "country": country,
                "flow": flow,
                "years_both": len(group),
                "years_official": len(official),
                "years_secondary": int((confidence == "secondary").sum()),
                "median_ratio": float(official.median()) if len(official) else float("nan"),
                "min_ratio": float(official.min()) if len(official) else float("nan"),
                "max_ratio": float(official.max()) if len(official) else float("nan"),
            }
        )
    columns = [
        "iso3",
        "country",
        "flow",
        "years_both",
        "years_official",
        "years_secondary",
        "median_ratio",
        "min_ratio",
        "max_ratio",
    ]
    return pd.DataFrame(rows, columns=columns)


def press_figures(press: pd.DataFrame, countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the press-relayed official figures with their period spelled out and months shown.

    Columns ``iso3, country, year, period, months, period_label, flow, reporting_side,
    value_usd, bound, publisher, confidence``; rows in year order. ``bound`` marks "more than"
    figures. Partial years are kept as reported: nothing is annualised.
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

    Columns ``iso3, country, flow, period, months, table1_usd, press_usd, press_to_table1,
    bound, publisher, confidence``. Only exact matches of period (and so of months) are kept.
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


# --------------------------------------------------------------------------------------------
# Series from Korea's side, history, shares of Korea's total, relative to GDP


def _tidy_flows(frame: pd.DataFrame, source: str, year: pd.Series, **extra) -> pd.DataFrame:
    """Return a loader's flows as ``source, *extra, year, period, months, iso3, country, flow,
    value_usd`` (the layout of :func:`korea_side` and :func:`bilateral_history`)."""
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

    Columns ``source, year, period, months, iso3, country, flow, value_usd``. Table 1's
    January-October 2023 keeps its 10 months; nothing is annualised here.
    """
    parts = []
    if dots is not None:
        d = dots[dots["reporting_side"] == "Korea"]
        parts.append(_tidy_flows(d, "IMF DOTS (Korea-reported)", d["year"].astype("int64")))
    if table1 is not None:
        year = table1["period"].str[:4].astype("int64")
        parts.append(_tidy_flows(table1, "Table 1 (KITA, Korea-reported)", year))
    if not parts:
        raise ValueError("korea_side needs dots, table1 or both")
    return pd.concat(parts, ignore_index=True)


#: How :func:`bilateral_history` labels the reporting side of Correlates of War figures.
COW_SIDE = "importer (COW)"


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

    Columns ``source, reporting_side, year, period, months, iso3, country, flow, value_usd``.
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
                }
            )
        )
    if dots is not None:
        side = dots["reporting_side"].astype(str)
        parts.append(
            _tidy_flows(dots, "IMF DOTS", dots["year"].astype("int64"), reporting_side=side)
        )
    if table1 is not None:
        t = korea_side(table1=table1).drop(columns="source")
        t.insert(0, "reporting_side", "Korea")
        t.insert(0, "source", "Table 1 (KITA)")
        parts.append(t)
    if not parts:
        raise ValueError("bilateral_history needs at least one of cow, dots, table1")
    return pd.concat(parts, ignore_index=True)


#: WDI codes of Korea's merchandise exports and imports (current USD).
KOREA_TOTAL_INDICATORS = {"export": "TX.VAL.MRCH.CD.WT", "import": "TM.VAL.MRCH.CD.WT"}


def korea_total_flows(korea_totals: pd.DataFrame) -> dict[str, pd.Series]:
    """Return Korea's WDI merchandise exports and imports (USD), each a Series by year."""
    flows = {}
    for flow, code in KOREA_TOTAL_INDICATORS.items():
        rows = korea_totals[korea_totals["indicator_code"] == code]
        flows[flow] = rows.set_index(rows["year"].astype("int64"))["value_usd"]
    return flows


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
        :func:`trade_summary` of full-year rows with a ``year`` column.
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
        For rows covering fewer than 12 months (GDP is a full-year figure).
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
    keys = [c for c in _group_keys(summary)]
    return out[
        [*keys, "iso3", "country", "turnover_usd", "gdp_usd", "turnover_pct_gdp", "export_pct_gdp"]
    ]


# --------------------------------------------------------------------------------------------
# Display helpers


def correction_evidence(result) -> pd.DataFrame:
    """Return the comparisons of a correction's guard (:func:`kca_analysis.guards.evaluate_guard`)
    as a table a reader can check: what was compared with what, in US dollars, and the source.

    Columns ``correction, check, table1_cell, table1_printed, table1_read_usd, reference,
    reference_usd, ratio_or_holds, source``.
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


# --------------------------------------------------------------------------------------------
# Plots


def _axes(ax: plt.Axes | None, figsize=(8.0, 4.5)) -> plt.Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _year_axis(ax: plt.Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")


def _plain(value: float, _position=None) -> str:
    """Tick label without powers of ten: 1,000,000 and 0.01 rather than 10^6 and 10^-2."""
    if value >= 1:
        return f"{value:,.0f}"
    return f"{value:g}"


def _log_axis(ax: plt.Axes, axis: str = "y") -> None:
    """Put ``axis`` on a log scale labelled with plain numbers (1,000 and 0.1, not 10^3 and
    10^-1); minor ticks are labelled too when the axis spans few decades."""
    from matplotlib.ticker import LogFormatter

    class _PlainLogFormatter(LogFormatter):
        def _num_to_string(self, x, vmin, vmax):
            return _plain(x)

    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(_PlainLogFormatter(labelOnlyBase=True))
    target.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.4)))


def _value_axis(ax: plt.Axes, value_unit: str, log_scale: bool, axis: str = "y") -> None:
    label = unit_label(value_unit) + (" (log scale)" if log_scale else "")
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label)
    if log_scale:
        _log_axis(ax, axis)


def _country_order(codes: Iterable[str]) -> list[str]:
    present = set(codes)
    return [c.iso3 for c in CENTRAL_ASIA if c.iso3 in present]


def plot_flows(
    table: pd.DataFrame,
    *,
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Grouped bars of Korea's exports and imports per country and period.

    ``table`` is tidy (``iso3, flow, period, months, value_usd`` and optionally ``basis``); each
    bar's legend label carries its months (and "annualised" when it is).
    """
    ax = _axes(ax)
    factor = VALUE_UNITS[check_value_unit(value_unit)]
    codes = _country_order(table["iso3"])
    series = []
    for flow in ("export", "import"):
        for period in sorted(set(table["period"])):
            rows = table[(table["flow"] == flow) & (table["period"] == period)]
            if rows.empty:
                continue
            basis = rows["basis"].iloc[0] if "basis" in rows else None
            label = f"Korea's {flow}s, {period_label(period, int(rows['months'].iloc[0]), basis)}"
            values = rows.set_index("iso3")["value_usd"].reindex(codes) / factor
            series.append((flow, period, label, values))
    width = 0.8 / max(len(series), 1)
    x = np.arange(len(codes))
    periods = sorted(set(table["period"]))
    for i, (flow, period, label, values) in enumerate(series):
        partial = periods.index(period) > 0
        ax.bar(
            x + (i - (len(series) - 1) / 2) * width,
            values.to_numpy(dtype="float64"),
            width,
            label=label,
            color=FLOW_COLORS[flow],
            alpha=0.55 if partial else 1.0,
            hatch="//" if partial else None,
            edgecolor="white" if not partial else FLOW_COLORS[flow],
        )
    ax.set_xticks(x, codes)
    _value_axis(ax, value_unit, log_scale)
    ax.set_xlabel("")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_mirror(
    mirror: pd.DataFrame,
    *,
    flow: str = "export",
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
    legend: bool = True,
) -> plt.Axes:
    """Lines of one flow per country: Korea-reported (solid, dots) and partner-reported
    (dashed). Missing years break the lines."""
    from matplotlib.lines import Line2D

    from .figures.style import country_color

    ax = _axes(ax)
    factor = VALUE_UNITS[check_value_unit(value_unit)]
    rows = mirror[mirror["flow"] == flow]
    handles = []
    for iso in _country_order(rows["iso3"]):
        r = rows[rows["iso3"] == iso].set_index("year").sort_index()
        r = r.reindex(range(int(r.index.min()), int(r.index.max()) + 1))
        color = country_color(iso)
        ax.plot(r.index, r["korea_reported_usd"] / factor, "-o", color=color, ms=3)
        ax.plot(r.index, r["partner_reported_usd"] / factor, "--", color=color)
        handles.append(Line2D([], [], color=color, lw=3, label=iso))
    handles.append(
        Line2D([], [], color="#555555", ls="-", marker="o", ms=3, label="Korea-reported")
    )
    handles.append(Line2D([], [], color="#555555", ls="--", label="partner-reported"))
    _value_axis(ax, value_unit, log_scale)
    _year_axis(ax)
    if legend:
        ax.legend(handles=handles, fontsize=7, ncol=2, loc="best")
    return ax


def plot_share_of_korea_trade(shares: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Lines of the five's share of Korea's total merchandise trade (per cent), per source."""
    ax = _axes(ax)
    markers = {"export": "o", "import": "s", "turnover": "D"}
    colors = {
        "export": FLOW_COLORS["export"],
        "import": FLOW_COLORS["import"],
        "turnover": "#000000",
    }
    for (source, flow), r in shares.groupby(["source", "flow"], sort=False):
        r = r.sort_values("year")
        style = "-" if len(r) > 1 else ""
        ax.plot(
            r["year"],
            r["share_pct"],
            style,
            marker=markers[flow],
            color=colors[flow],
            label=f"{flow}, {source}",
        )
    ax.set_ylabel("share of Korea's merchandise trade (%)")
    _year_axis(ax)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    return ax


def plot_trade_to_gdp(
    table: pd.DataFrame, *, log_scale: bool = True, ax: plt.Axes | None = None
) -> plt.Axes:
    """Lines of trade with Korea as a share of each partner's GDP (per cent), one line per
    country and source (so that a line never bridges two sources or a missing year)."""
    from .figures.style import country_color

    ax = _axes(ax)
    sources = list(dict.fromkeys(table["source"])) if "source" in table else [None]
    markers = dict(zip(sources, ("o", "D", "s", "^"), strict=False))
    for iso in _country_order(table["iso3"]):
        for i, source in enumerate(sources):
            r = table[table["iso3"] == iso]
            if source is not None:
                r = r[r["source"] == source]
            if r.empty:
                continue
            r = r.set_index("year").sort_index()
            r = r.reindex(range(int(r.index.min()), int(r.index.max()) + 1))
            ax.plot(
                r.index,
                r["turnover_pct_gdp"],
                "-",
                marker=markers[source],
                ms=4,
                color=country_color(iso),
                label=iso if i == 0 else None,
            )
    ax.set_ylabel("trade with Korea, % of partner GDP" + (" (log scale)" if log_scale else ""))
    if log_scale:
        _log_axis(ax)
    _year_axis(ax)
    if len(sources) > 1:
        from .figures.style import marker_handle

        extra = [marker_handle(markers[s], str(s)) for s in sources]
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles=handles + extra, fontsize=7, ncol=2)
    else:
        ax.legend(fontsize=8)
    return ax


def plot_shares(summary: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Horizontal bars per period of each country's ``share_of_total`` (per cent), stacked.

    Compute the summary on all five so that the shares are shares of the five; a subset of
    countries then shows its part of the whole."""
    from .figures.style import country_color

    ax = _axes(ax, figsize=(8.0, 3.0))
    labels = []
    for i, ((period, months), r) in enumerate(summary.groupby(["period", "months"], sort=True)):
        left = 0.0
        for iso in _country_order(r["iso3"]):
            share = float(r.loc[r["iso3"] == iso, "share_of_total"].iloc[0]) * 100
            ax.barh(i, share, left=left, color=country_color(iso), label=iso if i == 0 else None)
            left += share
        labels.append(period_label(period, months))
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("share of turnover with the five (%)")
    ax.set_xlim(0, 100)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax


_SOURCE_MARKERS = {"Correlates of War v4.0": "s", "IMF DOTS": "o", "Table 1 (KITA)": "D"}


def plot_history(
    history: pd.DataFrame,
    *,
    flow: str = "export",
    value_unit: str = "million_usd",
    log_scale: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Lines of one of Korea's flows with one country from every source of
    :func:`bilateral_history`, one line per source and reporting side; partial-year points are
    drawn hollow and labelled with their months."""
    ax = _axes(ax)
    factor = VALUE_UNITS[check_value_unit(value_unit)]
    rows = history[history["flow"] == flow]
    styles = {"Korea": "-", COW_SIDE: ":"}
    for (source, side), r in rows.groupby(["source", "reporting_side"], sort=False):
        r = r.sort_values(["year", "months"])
        marker = _SOURCE_MARKERS.get(source, "o")
        color = "#000000" if side == "Korea" else ("#999999" if side == COW_SIDE else "#D55E00")
        full = r[r["months"] == 12].set_index("year")
        full = full.reindex(range(int(full.index.min()), int(full.index.max()) + 1)).reset_index()
        label = f"{source}, {side if side == COW_SIDE else side + '-reported'}"
        ax.plot(
            full["year"],
            full["value_usd"] / factor,
            styles.get(side, "--"),
            marker=marker,
            ms=4,
            color=color,
            label=label,
        )
        partial = r[r["months"] != 12]
        for _, p in partial.iterrows():
            ax.plot(
                p["year"], p["value_usd"] / factor, marker=marker, ms=7, mfc="none", color=color
            )
            ax.annotate(
                f"{int(p['months'])} months",
                (p["year"], p["value_usd"] / factor),
                textcoords="offset points",
                xytext=(4, -10),
                fontsize=7,
            )
    _value_axis(ax, value_unit, log_scale)
    _year_axis(ax)
    ax.legend(fontsize=7)
    return ax
