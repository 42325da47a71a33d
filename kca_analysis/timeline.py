"""Korea's Central Asia policy over time: periods, events, trade history, partners, diaspora.

The periods are the paper's own: each starts at the year of one of the paper's events
(:data:`PERIOD_ANCHORS` names the event, :func:`kca_analysis.data.load_events` gives its year),
so moving an event in the data moves the period. Trade history joins three sources, each stretch
labelled with its source and reporting side and never blended into one line: Correlates of War
1992-2014, IMF DOTS 2010-2020 (both sides), and the paper's Table 1 for 2022 and January-October
2023 (a partial year, flagged). Where COW and DOTS overlap (2010-2014) :func:`source_overlap`
says how far they agree. :func:`crisis_test` computes whether the data show the paper's "decline
after 1997" and "resurgence since the early 2000s" rather than asserting it.

All functions are pure (DataFrame in, DataFrame out); ``plot_*`` functions draw on an Axes and
return it, with axis labels carrying units. Values are in million US dollars (``*_musd``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import trade
from .countries import CENTRAL_ASIA, KOREA, lookup_country

__all__ = [
    "CRISIS_WINDOWS",
    "PERIOD_ANCHORS",
    "CrisisWindows",
    "clip_periods",
    "crisis_test",
    "crisis_test_series",
    "dated_events",
    "diaspora_common_estimate",
    "early_decade_profile",
    "ethnic_korean_series",
    "korea_partner_share",
    "korea_total_trade",
    "overlap_summary",
    "partner_turnover",
    "plot_crisis_test",
    "plot_ethnic_koreans",
    "plot_korea_share",
    "plot_policy_timeline",
    "plot_source_overlap",
    "plot_trade_history",
    "policy_periods",
    "series_coverage",
    "share_summary",
    "source_overlap",
    "total_turnover",
    "trade_history",
    "turnover_history",
    "uncovered_years",
    "undated_events",
]

MILLION = 1e6

#: WDI codes of Korea's merchandise exports and imports (current USD).
KOREA_TOTAL_INDICATORS = trade.KOREA_TOTAL_INDICATORS

# --------------------------------------------------------------------------------------------
# Periods and events

#: The paper's periodisation: (event_id in ``data/paper/events.csv``, period label). A period
#: starts in its event's year and ends the year before the next period starts.
PERIOD_ANCHORS: tuple[tuple[str, str], ...] = (
    ("independence-1990s", "Independence and first ties"),
    ("crisis-1997", "1997 crisis and slowdown"),
    ("resurgence-2000s", "Resurgence of the 2000s"),
    ("strategy-2007", "2007 strategy and first forum"),
    ("new-asian-initiative-2009", "New Asian Initiative"),
    ("secretariat-2017", "Forum secretariat"),
    ("forum15-2022", "30th anniversary and after"),
)


def policy_periods(
    events: pd.DataFrame,
    end_year: int | None = None,
    anchors: Sequence[tuple[str, str]] = PERIOD_ANCHORS,
) -> pd.DataFrame:
    """Return the periods of Korea's Central Asia policy with boundaries from the events data.

    Parameters
    ----------
    events
        :func:`kca_analysis.data.load_events`.
    end_year
        The last year of the last period (default: the latest year in ``events``).
    anchors
        ``(event_id, label)`` pairs in chronological order (default :data:`PERIOD_ANCHORS`).

    Returns
    -------
    DataFrame
        Columns ``period_no, label, start_year, end_year, event_id, event, exact_date, ref``;
        ``exact_date`` is false where the paper gives only a decade ("in the 1990s") and the
        data record the decade's first year.

    Raises
    ------
    LookupError
        When an anchor event is missing from the data or has no year.
    ValueError
        When the anchors are not in chronological order.
    """
    by_id = events.set_index("event_id")
    rows = []
    for number, (event_id, label) in enumerate(anchors, start=1):
        if event_id not in by_id.index or pd.isna(by_id.at[event_id, "year"]):
            raise LookupError(
                f"period {label!r} starts at event {event_id!r}, which has no year in the events "
                "data (data/paper/events.csv)"
            )
        event = by_id.loc[event_id]
        rows.append(
            (
                number,
                label,
                int(event["year"]),
                event_id,
                event["event"],
                not pd.isna(event["date"]),
                event["ref"] if isinstance(event["ref"], str) else "",
            )
        )
    starts = [r[2] for r in rows]
    if starts != sorted(starts):
        raise ValueError(f"period anchors are not in chronological order: {starts}")
    last = int(events["year"].max()) if end_year is None else int(end_year)
    ends = [s - 1 for s in starts[1:]] + [max(last, starts[-1])]
    frame = pd.DataFrame(
        rows, columns=["period_no", "label", "start_year", "event_id", "event", "exact_date", "ref"]
    )
    frame.insert(3, "end_year", ends)
    return frame


def clip_periods(periods: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Return the periods that overlap ``[start_year, end_year]``, cut to those years."""
    inside = periods[(periods["end_year"] >= start_year) & (periods["start_year"] <= end_year)]
    return inside.assign(
        start_year=inside["start_year"].clip(lower=start_year),
        end_year=inside["end_year"].clip(upper=end_year),
    ).reset_index(drop=True)


def dated_events(
    events: pd.DataFrame, start_year: int | None = None, end_year: int | None = None
) -> pd.DataFrame:
    """Return the events that carry a year, in order, optionally within ``[start, end]``."""
    dated = events[events["year"].notna()].copy()
    dated["year"] = dated["year"].astype("int64")
    if start_year is not None:
        dated = dated[dated["year"] >= start_year]
    if end_year is not None:
        dated = dated[dated["year"] <= end_year]
    return dated.sort_values(["year", "event_id"]).reset_index(drop=True)


def undated_events(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events the paper leaves undated (no year): they cannot be placed in time."""
    return events[events["year"].isna()].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Trade history across sources

#: Short names of the series drawn in the history figure, from (source, reporting side).
SERIES_COW = "COW v4.0 (importer-reported)"
SERIES_DOTS_KOREA = "IMF DOTS, Korea-reported"
SERIES_DOTS_PARTNER = "IMF DOTS, partner-reported"
SERIES_TABLE1 = "Table 1 (KITA, Korea-reported)"
SERIES_ORDER = (SERIES_COW, SERIES_DOTS_KOREA, SERIES_DOTS_PARTNER, SERIES_TABLE1)


def _series_of(history: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return the series name and the ``reporting`` label of each :func:`bilateral_history` row."""
    source, side = history["source"], history["reporting_side"]
    cow = side == trade.COW_SIDE
    korea = side == "Korea"
    series = np.select(
        [cow, source == "Table 1 (KITA)", korea],
        [SERIES_COW, SERIES_TABLE1, SERIES_DOTS_KOREA],
        SERIES_DOTS_PARTNER,
    )
    # COW builds each flow from the importer's report: the Central Asian state's for Korea's
    # exports, Korea's for Korea's imports.
    reporting = np.select([cow, korea], ["importer", "Korea"], "partner")
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
        value_musd``; ``reporting`` is ``Korea``, ``partner`` or ``importer`` (COW).
    """
    if cow is None and dots is None and table1 is None:
        raise ValueError("trade_history needs at least one of cow, dots, table1")
    # One reading of the sources (COW flows turned to Korea's side, Table 1's year from its
    # period) serves both this history and the trade notebook's.
    both = trade.bilateral_history(cow, dots, table1)
    series, reporting = _series_of(both)
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
        }
    )
    if countries is not None:
        out = out[out["iso3"].isin(list(countries))]
    out.insert(8, "partial", out["months"] < 12)
    return out.sort_values(["iso3", "series", "year", "flow"]).reset_index(drop=True)


def turnover_history(history: pd.DataFrame) -> pd.DataFrame:
    """Return exports, imports and turnover per series, country and period (USD million).

    Turnover is missing when either flow is missing: a gap is never read as zero.
    """
    keys = ["series", "iso3", "country", "year", "period", "months", "partial"]
    wide = history.set_index([*keys, "flow"])["value_musd"].unstack("flow")
    wide = wide.reindex(columns=["export", "import"]).reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"export": "export_musd", "import": "import_musd"})
    wide["turnover_musd"] = wide["export_musd"] + wide["import_musd"]
    return wide.sort_values(["iso3", "series", "year"]).reset_index(drop=True)


def total_turnover(turnover: pd.DataFrame, series: str, countries: Sequence[str]) -> pd.Series:
    """Return the turnover of one series summed over ``countries``, by year (USD million).

    A year in which any of the countries lacks a figure is missing, not a partial sum.
    """
    rows = turnover[(turnover["series"] == series) & turnover["iso3"].isin(countries)]
    full = rows[~rows["partial"]]
    wide = full.pivot_table(index="year", columns="iso3", values="turnover_musd", dropna=False)
    wide = wide.reindex(columns=list(countries))
    total = wide.sum(axis=1, min_count=len(countries))
    total[wide.isna().any(axis=1)] = np.nan
    total.name = "turnover_musd"
    return total


def series_coverage(turnover: pd.DataFrame) -> pd.DataFrame:
    """Return, per series and country, the first and last year with a turnover and the count.

    Returns
    -------
    DataFrame
        ``series, iso3, first_year, last_year, years_with_turnover, missing_years`` (years
        inside the span without a turnover, comma-separated; empty when none).
    """
    rows = []
    for (name, code), group in turnover.groupby(["series", "iso3"], sort=False):
        years = sorted(group.loc[group["turnover_musd"].notna(), "year"].astype(int))
        if not years:
            continue
        span = set(range(years[0], years[-1] + 1))
        missing = sorted(span - set(years))
        rows.append((name, code, years[0], years[-1], len(years), ", ".join(map(str, missing))))
    frame = pd.DataFrame(
        rows,
        columns=[
            "series",
            "iso3",
            "first_year",
            "last_year",
            "years_with_turnover",
            "missing_years",
        ],
    )
    order = {name: i for i, name in enumerate(SERIES_ORDER)}
    frame = frame.sort_values(
        ["iso3", "series"], key=lambda c: c.map(order) if c.name == "series" else c
    )
    return frame.reset_index(drop=True)


def uncovered_years(turnover: pd.DataFrame, iso3: str, start_year: int, end_year: int) -> list[int]:
    """Return the years in ``[start_year, end_year]`` for which no source gives a turnover."""
    rows = turnover[(turnover["iso3"] == iso3) & turnover["turnover_musd"].notna()]
    return sorted(set(range(start_year, end_year + 1)) - set(rows["year"].astype(int)))


def source_overlap(history: pd.DataFrame) -> pd.DataFrame:
    """Compare COW with IMF DOTS (both sides) in the years both cover.

    COW rounds to whole million USD, so a difference of up to 0.5 million is rounding, not
    disagreement; ``within_rounding`` marks those.

    Returns
    -------
    DataFrame
        One row per (country, year, flow, DOTS side): ``iso3, country, year, flow, dots_side,
        cow_musd, dots_musd, difference_musd (COW - DOTS), ratio (COW / DOTS),
        within_rounding``.
    """
    cow = history[history["series"] == SERIES_COW]
    dots = history[history["series"].isin([SERIES_DOTS_KOREA, SERIES_DOTS_PARTNER])]
    merged = cow.merge(
        dots,
        on=["iso3", "country", "year", "flow"],
        suffixes=("_cow", "_dots"),
        how="inner",
    )
    out = pd.DataFrame(
        {
            "iso3": merged["iso3"],
            "country": merged["country"],
            "year": merged["year"],
            "flow": merged["flow"],
            "dots_side": merged["reporting_dots"].str.replace("-reported", "", regex=False),
            "cow_musd": merged["value_musd_cow"],
            "dots_musd": merged["value_musd_dots"],
        }
    )
    out["dots_side"] = np.where(out["dots_side"] == "Korea", "Korea", "partner")
    out["difference_musd"] = out["cow_musd"] - out["dots_musd"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = np.where(out["dots_musd"] > 0, out["cow_musd"] / out["dots_musd"], np.nan)
    within = (out["difference_musd"].abs() <= 0.5).astype("boolean")
    within[out["difference_musd"].isna()] = pd.NA
    out["within_rounding"] = within
    return out.sort_values(["iso3", "flow", "dots_side", "year"]).reset_index(drop=True)


def overlap_summary(overlap: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`source_overlap` per flow and DOTS side.

    Returns
    -------
    DataFrame
        ``flow, dots_side, pairs, within_rounding, within_rounding_pct, median_abs_pct_diff,
        max_abs_difference_musd``; the percentage difference is taken where DOTS is at least
        USD 1 million, because below that COW's rounding dominates any ratio.
    """
    rows = []
    for (flow, side), group in overlap.groupby(["flow", "dots_side"], sort=True):
        valid = group.dropna(subset=["cow_musd", "dots_musd"])
        sizable = valid[valid["dots_musd"] >= 1.0]
        pct = (sizable["difference_musd"].abs() / sizable["dots_musd"] * 100).median()
        within = int(valid["within_rounding"].sum())
        rows.append(
            {
                "flow": flow,
                "dots_side": side,
                "pairs": len(valid),
                "within_rounding": within,
                "within_rounding_pct": within / len(valid) * 100 if len(valid) else np.nan,
                "median_abs_pct_diff": float(pct) if len(sizable) else np.nan,
                "max_abs_difference_musd": float(valid["difference_musd"].abs().max()),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Decline after 1997, resurgence in the 2000s


@dataclass(frozen=True)
class CrisisWindows:
    """The year windows of :func:`crisis_test` (inclusive).

    Attributes
    ----------
    pre
        Before the crisis: 1996-1997, the last two years before the crisis hit trade (it broke
        in late 1997, so 1997's trade was still mostly pre-crisis).
    post
        After the crisis: 1998-2001, from the first crisis year up to the paper's "early 2000s",
        when it dates the resurgence.
    revival
        The resurgence: 2005-2008, the mid-2000s up to the 2008 global crisis (which would
        otherwise be mixed in).
    """

    pre: tuple[int, int] = (1996, 1997)
    post: tuple[int, int] = (1998, 2001)
    revival: tuple[int, int] = (2005, 2008)

    def describe(self) -> str:
        """A one-line statement of the windows for prose and captions."""
        return (
            f"before {self.pre[0]}-{self.pre[1]}, after {self.post[0]}-{self.post[1]}, "
            f"resurgence {self.revival[0]}-{self.revival[1]}"
        )


#: The default windows; the notebook states them next to the verdict.
CRISIS_WINDOWS = CrisisWindows()


def _window_mean(series: pd.Series, window: tuple[int, int]) -> float:
    """Mean over the window's years, missing if any year of the window is missing."""
    years = range(window[0], window[1] + 1)
    values = series.reindex(years)
    return float("nan") if values.isna().any() else float(values.mean())


def crisis_test_series(
    series: pd.Series, windows: CrisisWindows = CRISIS_WINDOWS
) -> dict[str, object]:
    """Test one annual series (indexed by year) for a post-1997 decline and a 2000s resurgence.

    Metrics
    -------
    * ``change_after_pct``: mean of the ``post`` window against the mean of the ``pre`` window,
      in percent; the series *declined* when it is below zero.
    * ``change_revival_pct``: mean of the ``revival`` window against the ``post`` window; the
      series *resurged* when it is above zero.
    * ``revival_vs_pre_pct``: the ``revival`` window against the ``pre`` window (did it pass the
      pre-crisis level?), and ``first_year_above_pre``: the first year after the ``post`` window
      whose value exceeds the pre-crisis mean (missing if none).

    A window with a missing year gives missing metrics and verdicts, never a partial mean.
    """
    pre = _window_mean(series, windows.pre)
    post = _window_mean(series, windows.post)
    revival = _window_mean(series, windows.revival)
    after = (post / pre - 1) * 100 if pre else float("nan")
    again = (revival / post - 1) * 100 if post else float("nan")
    vs_pre = (revival / pre - 1) * 100 if pre else float("nan")
    later = series[(series.index > windows.post[1]) & (series > pre)]
    return {
        "pre_mean_musd": pre,
        "post_mean_musd": post,
        "revival_mean_musd": revival,
        "change_after_pct": after,
        "declined": bool(after < 0) if not np.isnan(after) else pd.NA,
        "change_revival_pct": again,
        "resurged": bool(again > 0) if not np.isnan(again) else pd.NA,
        "revival_vs_pre_pct": vs_pre,
        "first_year_above_pre": int(later.index.min()) if len(later) and pre == pre else pd.NA,
    }


def crisis_test(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    *,
    series: str = SERIES_COW,
    windows: CrisisWindows = CRISIS_WINDOWS,
) -> pd.DataFrame:
    """Run :func:`crisis_test_series` on the selected countries together and on each one.

    Parameters
    ----------
    turnover
        :func:`turnover_history`.
    countries
        ISO3 codes; the first row sums them (a year missing for any is missing).
    series
        Which source's series to test (default COW, the only one covering the 1990s).

    Returns
    -------
    DataFrame
        One row per scope (``scope`` "all selected" then each ISO3), the metrics of
        :func:`crisis_test_series` and a ``verdict`` sentence.
    """
    scopes = {"all selected": total_turnover(turnover, series, countries)}
    for code in countries:
        scopes[code] = total_turnover(turnover, series, [code])
    rows = []
    for scope, values in scopes.items():
        result = crisis_test_series(values, windows)
        rows.append({"scope": scope, **result, "verdict": _verdict(result)})
    frame = pd.DataFrame(rows)
    frame["first_year_above_pre"] = frame["first_year_above_pre"].astype("Int64")
    frame["declined"] = frame["declined"].astype("boolean")
    frame["resurged"] = frame["resurged"].astype("boolean")
    return frame


def _verdict(result: dict[str, object]) -> str:
    declined, resurged = result["declined"], result["resurged"]
    if declined is pd.NA or resurged is pd.NA:
        return "not testable (a window has a missing year)"
    first = "decline after 1997" if declined else "no decline after 1997"
    second = "resurgence in the 2000s" if resurged else "no resurgence in the 2000s"
    return f"{first}; {second}"


def korea_total_trade(korea_totals: pd.DataFrame) -> pd.Series:
    """Return Korea's total merchandise trade (exports + imports, WDI) by year, USD million."""
    flows = trade.korea_total_flows(korea_totals)
    total = (flows["export"] / MILLION).add(flows["import"] / MILLION)
    total.name = "korea_total_musd"
    return total.sort_index()


def early_decade_profile(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    years: tuple[int, int],
    series: str = SERIES_COW,
) -> pd.DataFrame:
    """Describe each country's trade with Korea over ``years`` (inclusive).

    Returns
    -------
    DataFrame
        ``iso3, country, years_with_data, mean_turnover_musd, share_of_selected_pct`` (of the
        selected countries' summed mean turnover), ``cv`` (coefficient of variation of the
        annual turnover: standard deviation / mean; lower is steadier) and ``years_largest``
        (in how many years the country had the largest turnover of the selected countries).
    """
    annual = pd.DataFrame(
        {code: total_turnover(turnover, series, [code]) for code in countries}
    ).loc[years[0] : years[1]]
    # The country with the largest turnover each year (years where all are missing skipped).
    leaders = annual.dropna(how="all").idxmax(axis=1)
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


# --------------------------------------------------------------------------------------------
# Korea among Central Asia's partners (COW)


def partner_turnover(cow: pd.DataFrame) -> pd.DataFrame:
    """Return each Central Asian state's turnover with each partner (COW; USD million).

    Turnover is the state's exports plus imports; missing when either flow is missing.
    """
    keys = ["year", "iso3", "country", "partner", "partner_iso3"]
    # set_index/unstack rather than pivot_table(dropna=False), which would cross every key
    # level with every other (Kazakhstan x UZB) and invent rows.
    wide = cow.set_index([*keys, "flow"])["value_usd"].unstack("flow")
    wide = wide.reindex(columns=["export", "import"]).reset_index()
    wide.columns.name = None
    wide["turnover_musd"] = (wide["export"] + wide["import"]) / MILLION
    return wide.drop(columns=["export", "import"]).sort_values(["iso3", "partner_iso3", "year"])


def korea_partner_share(cow: pd.DataFrame, partners: Sequence[str]) -> pd.DataFrame:
    """Return Korea's share of each state's trade with Korea and the chosen partners, by year.

    COW has no world total in this extract, so the share is of the *compared partners' total*
    (Korea plus ``partners``), labelled as such; it is not Korea's share of all the state's trade.
    A year in which any compared partner lacks a figure has no share (``complete`` False).

    Parameters
    ----------
    cow
        :func:`kca_analysis.data.load_cow_trade`.
    partners
        ISO3 codes (see :func:`resolve_partners`); Korea is added.

    Returns
    -------
    DataFrame
        ``year, iso3, country, korea_musd, partners_total_musd, korea_share_pct, korea_rank``
        (1 = largest of the compared partners), ``compared`` (how many, Korea included) and
        ``complete``.
    """
    compared = [KOREA.iso3, *[p for p in partners if p != KOREA.iso3]]
    turnover = partner_turnover(cow)
    turnover = turnover[turnover["partner_iso3"].isin(compared)]
    rows = []
    for (year, code, country), group in turnover.groupby(["year", "iso3", "country"], sort=True):
        values = group.set_index("partner_iso3")["turnover_musd"].reindex(compared)
        complete = bool(values.notna().all())
        korea = values[KOREA.iso3]
        total = float(values.sum()) if complete else np.nan
        share = korea / total * 100 if complete and total > 0 else np.nan
        rank = int((values > korea).sum() + 1) if complete else pd.NA
        rows.append((int(year), code, country, korea, total, share, rank, len(compared), complete))
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "iso3",
            "country",
            "korea_musd",
            "partners_total_musd",
            "korea_share_pct",
            "korea_rank",
            "compared",
            "complete",
        ],
    )
    frame["korea_rank"] = frame["korea_rank"].astype("Int64")
    return frame


def share_summary(shares: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`korea_partner_share` per country over its complete years.

    Returns
    -------
    DataFrame
        ``iso3, country, first_year, last_year, years, share_first_pct, share_last_pct,
        share_min_pct, share_max_pct, best_rank, worst_rank, compared``.
    """
    rows = []
    for (code, country), group in shares[shares["complete"]].groupby(["iso3", "country"]):
        group = group.sort_values("year")
        rows.append(
            {
                "iso3": code,
                "country": country,
                "first_year": int(group["year"].iloc[0]),
                "last_year": int(group["year"].iloc[-1]),
                "years": len(group),
                "share_first_pct": float(group["korea_share_pct"].iloc[0]),
                "share_last_pct": float(group["korea_share_pct"].iloc[-1]),
                "share_min_pct": float(group["korea_share_pct"].min()),
                "share_max_pct": float(group["korea_share_pct"].max()),
                "best_rank": int(group["korea_rank"].min()),
                "worst_rank": int(group["korea_rank"].max()),
                "compared": int(group["compared"].iloc[0]),
            }
        )
    order = [c.iso3 for c in CENTRAL_ASIA]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.sort_values("iso3", key=lambda c: c.map(order.index))
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Ethnic Koreans


def ethnic_korean_series(ethnic: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return the dated ethnic Korean population figures for ``countries`` (ISO3), in order.

    Undated figures (``year`` missing) are left out here; list them with
    ``ethnic[ethnic["year"].isna()]`` so that they stay visible.
    """
    rows = ethnic[ethnic["iso3"].isin(countries) & ethnic["year"].notna()].copy()
    rows["year"] = rows["year"].astype("int64")
    columns = [
        "iso3",
        "country",
        "year",
        "reference_date",
        "ethnic_koreans",
        "type",
        "original_source",
        "confidence",
    ]
    return rows[columns].sort_values(["iso3", "year"]).reset_index(drop=True)


def diaspora_common_estimate(ethnic: pd.DataFrame, countries: Sequence[str]) -> pd.DataFrame:
    """Return the latest figures that one source (page) gives for all ``countries`` at one date.

    Summing figures of different dates and producers would mix censuses with estimates; this
    picks the latest (reference date, original source) pair that covers every country.

    Returns
    -------
    DataFrame
        The rows used (``iso3, country, reference_date, ethnic_koreans, original_source, source,
        confidence``); empty when no source covers all the countries at one date.
    """
    rows = ethnic[ethnic["iso3"].isin(countries)]
    # The page read (``source``), not the wording of ``original_source``, identifies a source:
    # one page can word its producer differently for different countries.
    groups = rows.groupby(["reference_date", "source"], sort=True)
    best = None
    for (date, _source), group in groups:
        if set(group["iso3"]) >= set(countries) and (best is None or str(date) > best[0]):
            best = (str(date), group)
    columns = ["iso3", "country", "reference_date", "ethnic_koreans", "original_source", "source"]
    if best is None:
        return pd.DataFrame(columns=[*columns, "confidence"])
    return best[1][[*columns, "confidence"]].sort_values("iso3").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Plots

_PERIOD_SHADES = ("#F2F2F2", "#E0E0E0")
_SERIES_STYLES = {
    SERIES_COW: {"color": "#000000", "linestyle": "-", "marker": None},
    SERIES_DOTS_KOREA: {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    SERIES_DOTS_PARTNER: {"color": "#E69F00", "linestyle": "--", "marker": "s"},
    SERIES_TABLE1: {"color": "#CC79A7", "linestyle": "", "marker": "D"},
}


def _shade_periods(ax: plt.Axes, periods: pd.DataFrame, *, label: bool = False) -> None:
    """Shade alternate periods and mark each period's first year."""
    for row in periods.itertuples(index=False):
        ax.axvspan(
            row.start_year - 0.5,
            row.end_year + 0.5,
            color=_PERIOD_SHADES[row.period_no % 2],
            zorder=0,
            linewidth=0,
        )
        if label:
            ax.annotate(
                str(row.period_no),
                (row.start_year - 0.4, 1.0),
                xycoords=("data", "axes fraction"),
                va="top",
                fontsize=8,
                color="#555555",
            )


def plot_policy_timeline(
    periods: pd.DataFrame,
    events: pd.DataFrame,
    *,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw the periods as coloured bands and each dated event of the paper as one row.

    Parameters
    ----------
    periods
        :func:`policy_periods` (clipped to the years shown, see :func:`clip_periods`).
    events
        :func:`dated_events`; each event gets a row labelled with its id and category.
    """
    from matplotlib.patches import Patch

    from .figures.style import PALETTE, marker_handle

    if ax is None:
        _, ax = plt.subplots(figsize=(9.0, 0.32 * len(events) + 1.8))
    handles = []
    for row in periods.itertuples(index=False):
        color = PALETTE[(row.period_no - 1) % len(PALETTE)]
        ax.axvspan(row.start_year - 0.5, row.end_year + 0.5, color=color, alpha=0.25, lw=0)
        ax.annotate(
            str(row.period_no),
            (row.start_year - 0.35, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            fontsize=9,
            va="bottom",
        )
        approx = "" if row.exact_date else ", approx. start"
        handles.append(
            Patch(
                facecolor=color,
                alpha=0.5,
                label=f"{row.period_no}. {row.label} ({row.start_year}-{row.end_year}{approx})",
            )
        )
    ordered = events.sort_values(["year", "event_id"]).reset_index(drop=True)
    y = np.arange(len(ordered))[::-1]
    # Hollow markers: the paper gives no date, only a decade or a year read from context.
    exact = ordered["date"].notna().to_numpy()
    ax.scatter(ordered["year"][exact], y[exact], color="#000000", s=22, zorder=3)
    ax.scatter(
        ordered["year"][~exact], y[~exact], facecolor="white", edgecolor="#000000", s=22, zorder=3
    )
    if (~exact).any():
        handles.append(
            marker_handle(
                "o",
                "event without a date in the paper (year approximate)",
                color=None,
                markerfacecolor="white",
                markeredgecolor="#000000",
            )
        )
    ax.set_yticks(y, [f"{r.event_id} ({r.category})" for r in ordered.itertuples()])
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylim(-0.7, len(ordered) - 0.3)
    if len(periods):
        ax.set_xlim(periods["start_year"].min() - 0.5, periods["end_year"].max() + 0.5)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("year")
    ax.legend(
        handles=handles, title="periods", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8
    )
    ax.set_title("Periods of Korea's Central Asia policy and the paper's dated events", pad=16)
    return ax


def plot_trade_history(
    turnover: pd.DataFrame,
    iso3: str,
    periods: pd.DataFrame | None = None,
    *,
    years: tuple[int, int] | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw one country's turnover with Korea, one line per source and side (log scale).

    Lines break at missing years (a gap stays a gap). Zero turnover (COW rounds flows under
    USD 0.5 million to 0) cannot sit on a log axis and is not drawn. A partial year (Table 1's
    January-October 2023) is drawn hollow and labelled with its months.
    """
    if ax is None:
        _, ax = plt.subplots()
    rows = turnover[turnover["iso3"] == iso3]
    if periods is not None:
        _shade_periods(ax, periods, label=True)
    ax.set_title(lookup_country(iso3).name)
    ax.set_xlabel("year")
    ax.set_ylabel("turnover, USD million (log)")
    if rows["turnover_musd"].gt(0).sum() == 0:
        ax.text(0.5, 0.5, "no trade figure in these years", transform=ax.transAxes, ha="center")
        if years is not None:
            ax.set_xlim(years[0] - 0.5, years[1] + 0.5)
        return ax
    lo = int(rows["year"].min()) if years is None else years[0]
    hi = int(rows["year"].max()) if years is None else years[1]
    for name in SERIES_ORDER:
        s = rows[rows["series"] == name]
        if s.empty:
            continue
        style = _SERIES_STYLES[name]
        full = s[~s["partial"]].set_index("year")["turnover_musd"]
        full = full.reindex(range(int(s["year"].min()), int(s["year"].max()) + 1))
        full = full.where(full > 0)
        ax.plot(
            full.index,
            full.to_numpy(),
            color=style["color"],
            linestyle=style["linestyle"] or "none",
            marker=style["marker"],
            markersize=4,
            label=name,
        )
        for row in s[s["partial"]].itertuples(index=False):
            if row.turnover_musd > 0:
                ax.plot(
                    row.year,
                    row.turnover_musd,
                    marker=style["marker"] or "o",
                    markerfacecolor="white",
                    color=style["color"],
                    linestyle="none",
                    label=f"{name}, partial year (hollow)",
                )
                ax.annotate(
                    f"{row.months} months",
                    (row.year, row.turnover_musd),
                    xytext=(0, -11),
                    textcoords="offset points",
                    ha="right",
                    fontsize=7,
                )
    ax.set_yscale("log")
    ax.set_xlim(lo - 0.5, hi + 0.5)
    return ax


def plot_crisis_test(
    total: pd.Series,
    windows: CrisisWindows = CRISIS_WINDOWS,
    *,
    comparison: pd.Series | None = None,
    comparison_label: str = "",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw an annual series with the three windows of :func:`crisis_test` and their means.

    ``comparison`` (e.g. Korea's total trade) is drawn on a second axis, indexed to the pre-crisis
    mean = 100 together with ``total``, so that both declines read on one scale.
    """
    if ax is None:
        _, ax = plt.subplots()
    base = _window_mean(total, windows.pre)
    ax.plot(
        total.index,
        total / base * 100,
        color="#000000",
        marker="o",
        markersize=3,
        label="Korea-Central Asia turnover (COW)",
    )
    if comparison is not None:
        cbase = _window_mean(comparison, windows.pre)
        shown = comparison.loc[total.index.min() : total.index.max()]
        ax.plot(
            shown.index,
            shown / cbase * 100,
            color="#0072B2",
            linestyle="--",
            label=comparison_label,
        )
    for (lo, hi), name in zip(
        (windows.pre, windows.post, windows.revival), ("before", "after", "resurgence"), strict=True
    ):
        mean = _window_mean(total, (lo, hi))
        ax.axvspan(lo - 0.5, hi + 0.5, color="#E0E0E0", zorder=0, linewidth=0)
        ax.hlines(mean / base * 100, lo - 0.5, hi + 0.5, color="#D55E00", linewidth=2)
        ax.annotate(
            name,
            (lo - 0.4, 1.0),
            xycoords=("data", "axes fraction"),
            va="top",
            fontsize=8,
            color="#555555",
        )
    ax.axhline(100, color="#999999", linewidth=0.8)
    ax.set_ylabel(f"index, mean {windows.pre[0]}-{windows.pre[1]} = 100")
    ax.set_xlabel("year")
    ax.legend(loc="upper left")
    return ax


def plot_source_overlap(overlap: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Scatter COW against IMF DOTS (each side) for the overlap years, log-log, with y = x."""
    from .figures.style import country_color, marker_handle

    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5.5))
    markers = {"Korea": "o", "partner": "s"}
    valid = overlap[(overlap["cow_musd"] > 0) & (overlap["dots_musd"] > 0)]
    for (code, side), group in valid.groupby(["iso3", "dots_side"], sort=True):
        ax.scatter(
            group["dots_musd"],
            group["cow_musd"],
            marker=markers[side],
            color=country_color(code),
            facecolor=country_color(code) if side == "Korea" else "none",
            s=28,
        )
    lims = [
        valid[["cow_musd", "dots_musd"]].min().min() * 0.7,
        valid[["cow_musd", "dots_musd"]].max().max() * 1.4,
    ]
    ax.plot(lims, lims, color="#999999", linewidth=0.8, zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lims)
    ax.set_ylim(lims)
    ax.set_xlabel("IMF DOTS, USD million (log)")
    ax.set_ylabel("COW, USD million (log)")
    handles = [
        marker_handle("o", "DOTS Korea-reported"),
        marker_handle("s", "DOTS partner-reported", markerfacecolor="none"),
    ]
    handles += [
        marker_handle("o", lookup_country(c).name, color=country_color(c))
        for c in [c.iso3 for c in CENTRAL_ASIA if c.iso3 in set(valid["iso3"])]
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1, 1))
    ax.set_title("Where COW and IMF DOTS overlap: each flow and year")
    return ax


def plot_korea_share(shares: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw Korea's share of the compared partners' trade with each state, by year."""
    from .figures.style import country_color

    if ax is None:
        _, ax = plt.subplots()
    for code in [c.iso3 for c in CENTRAL_ASIA if c.iso3 in set(shares["iso3"])]:
        s = shares[shares["iso3"] == code].set_index("year")["korea_share_pct"]
        s = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
        ax.plot(
            s.index,
            s.to_numpy(),
            color=country_color(code),
            marker="o",
            markersize=3,
            label=lookup_country(code).name,
        )
    compared = int(shares["compared"].iloc[0]) if len(shares) else 0
    ax.set_ylabel(f"Korea's share, % of trade with {compared} partners")
    ax.set_xlabel("year")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return ax


def plot_ethnic_koreans(series: pd.DataFrame, *, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw dated ethnic Korean population figures per country; marker shape = confidence."""
    from .figures.style import country_color, marker_handle

    if ax is None:
        _, ax = plt.subplots()
    markers = {"official": "o", "press": "^", "secondary": "s"}
    for code in [c.iso3 for c in CENTRAL_ASIA if c.iso3 in set(series["iso3"])]:
        s = series[series["iso3"] == code].sort_values("year")
        ax.plot(
            s["year"],
            s["ethnic_koreans"] / 1000,
            color=country_color(code),
            linewidth=0.8,
            linestyle=":",
        )
        for conf, group in s.groupby("confidence"):
            ax.scatter(
                group["year"],
                group["ethnic_koreans"] / 1000,
                color=country_color(code),
                marker=markers.get(conf, "D"),
                s=30,
                zorder=3,
            )
        last = s.iloc[-1]
        ax.annotate(
            lookup_country(code).name,
            (last["year"], last["ethnic_koreans"] / 1000),
            xytext=(5, 0),
            textcoords="offset points",
            fontsize=8,
            va="center",
        )
    handles = [
        marker_handle(m, f"{c} source")
        for c, m in markers.items()
        if c in set(series["confidence"])
    ]
    ax.legend(handles=handles, loc="upper left")
    ax.set_ylabel("ethnic Koreans, thousand persons")
    ax.set_xlabel("reference year")
    ax.set_ylim(bottom=0)
    return ax
