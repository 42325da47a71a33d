"""The paper's "decline after 1997" and "resurgence since the early 2000s", computed.

One definition serves the history notebook and the claims (C04, C05): average annual turnover
over three fixed windows (:class:`CrisisWindows`). A *decline* means the post-crisis average is
below the pre-crisis one, a *resurgence* that the mid-2000s average is above the post-crisis
one. :func:`low_point` and :func:`growth_since` describe the trough and the expansion after it.
:func:`decline_reading` is the one function both call: the test, the trough, each country's
part of the fall between the window averages and, as a second measure named as such, its part
of the fall from the last pre-crisis year to the low point. Trade stands in for interest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kca_analysis.analysis import trade_series

from .trade_history import MILLION, SERIES_COW, total_turnover

__all__ = [
    "ALL_SELECTED",
    "CRISIS_WINDOWS",
    "CrisisWindows",
    "DeclineReading",
    "Growth",
    "LowPoint",
    "YearToLow",
    "crisis_test",
    "crisis_test_series",
    "decline_reading",
    "decline_shares",
    "growth_since",
    "korea_total_trade",
    "low_point",
    "window_mean",
]

#: The ``scope`` of :func:`crisis_test`'s first row: the selected countries together.
ALL_SELECTED = "all selected"


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

    def named(self) -> tuple[tuple[str, tuple[int, int]], ...]:
        """Return the windows in order with their short names (before, after, resurgence).

        The figure marks the windows with these names and
        :func:`kca_analysis.text.history.crisis_windows` states them.

        Returns
        -------
        tuple of (str, (int, int))
        """
        return (("before", self.pre), ("after", self.post), ("resurgence", self.revival))


#: The default windows; the notebook states them next to the verdict
#: (:func:`kca_analysis.text.history.crisis_windows`).
CRISIS_WINDOWS = CrisisWindows()


def window_mean(series: pd.Series, window: tuple[int, int]) -> float:
    """Return the mean over the window's years, missing if any year of the window is missing.

    Parameters
    ----------
    series
        Annual values indexed by year.
    window
        First and last year (inclusive).

    Returns
    -------
    float
    """
    years = range(window[0], window[1] + 1)
    values = series.reindex(years)
    return float("nan") if values.isna().any() else float(values.mean())


def crisis_test_series(
    series: pd.Series, windows: CrisisWindows = CRISIS_WINDOWS
) -> dict[str, object]:
    """Test one annual series (indexed by year) for a post-1997 decline and a 2000s resurgence.

    A window with a missing year gives missing metrics and verdicts, never a partial mean.

    Parameters
    ----------
    series
        Annual values indexed by year (e.g. :func:`~.trade_history.total_turnover`).
    windows
        The windows compared (default :data:`CRISIS_WINDOWS`).

    Returns
    -------
    dict
        ``pre_mean_musd, post_mean_musd, revival_mean_musd`` (window means);
        ``change_after_pct`` (the ``post`` mean against the ``pre`` mean, percent) and
        ``declined`` (it is below zero); ``change_revival_pct`` (``revival`` against ``post``)
        and ``resurged`` (it is above zero); ``revival_vs_pre_pct`` (did it pass the
        pre-crisis level?) and ``first_year_above_pre`` (the first year after the ``post``
        window whose value exceeds the pre-crisis mean; missing if none).
    """
    pre = window_mean(series, windows.pre)
    post = window_mean(series, windows.post)
    revival = window_mean(series, windows.revival)
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
        :func:`~.trade_history.turnover_history`.
    countries
        ISO3 codes; the first row sums them (a year missing for any is missing).
    series
        Which source's series to test (default COW, the only one covering the 1990s).
    windows
        The windows compared (default :data:`CRISIS_WINDOWS`).

    Returns
    -------
    DataFrame
        One row per scope (``scope`` :data:`ALL_SELECTED` then each ISO3) and the metrics of
        :func:`crisis_test_series`; :func:`kca_analysis.text.history.crisis_verdicts` words
        their verdicts.
    """
    scopes = {ALL_SELECTED: total_turnover(turnover, series, countries)}
    for code in countries:
        scopes[code] = total_turnover(turnover, series, [code])
    rows = []
    for scope, values in scopes.items():
        result = crisis_test_series(values, windows)
        rows.append({"scope": scope, **result})
    frame = pd.DataFrame(rows)
    frame["first_year_above_pre"] = frame["first_year_above_pre"].astype("Int64")
    frame["declined"] = frame["declined"].astype("boolean")
    frame["resurged"] = frame["resurged"].astype("boolean")
    return frame


def decline_shares(crisis: pd.DataFrame) -> pd.DataFrame:
    """Return each country's part of the fall of the selected countries' average turnover.

    Parameters
    ----------
    crisis
        :func:`crisis_test` (its :data:`ALL_SELECTED` row and one row per country).

    Returns
    -------
    DataFrame
        ``scope, fall_musd`` (pre-crisis minus post-crisis average; negative for a rise) and
        ``share_of_fall_pct`` (of the selected countries' fall; missing when they did not
        fall), one row per country.
    """
    by_scope = crisis.set_index("scope")
    falls = by_scope["pre_mean_musd"] - by_scope["post_mean_musd"]
    whole = falls[ALL_SELECTED]
    per_country = falls.drop(ALL_SELECTED)
    share = per_country / whole * 100 if whole > 0 else per_country * np.nan
    return pd.DataFrame(
        {
            "scope": per_country.index,
            "fall_musd": per_country.to_numpy(),
            "share_of_fall_pct": share.to_numpy(),
        }
    )


@dataclass(frozen=True)
class LowPoint:
    """The lowest year of a series between the crisis and the end of the resurgence window.

    Attributes
    ----------
    year
        The year of the lowest value.
    value_musd
        The value in that year.
    first_year, last_year
        The years searched (inclusive).
    """

    year: int
    value_musd: float
    first_year: int
    last_year: int


def low_point(series: pd.Series, windows: CrisisWindows = CRISIS_WINDOWS) -> LowPoint | None:
    """Return the lowest year from the first post-crisis year to the end of the resurgence window.

    Parameters
    ----------
    series
        Annual values indexed by year.
    windows
        ``post[0]`` and ``revival[1]`` bound the search (default :data:`CRISIS_WINDOWS`).

    Returns
    -------
    LowPoint or None
        ``None`` when the series has no value in those years.
    """
    first, last = windows.post[0], windows.revival[1]
    inside = series[(series.index >= first) & (series.index <= last)].dropna()
    if inside.empty:
        return None
    year = int(inside.idxmin())
    return LowPoint(year=year, value_musd=float(inside[year]), first_year=first, last_year=last)


@dataclass(frozen=True)
class Growth:
    """How an annual series moved from one year to its last year.

    Attributes
    ----------
    start_year, last_year
        The first and the last year.
    start_musd, last_musd
        The values in those years.
    changes
        Year-on-year changes counted (consecutive years with values).
    rises
        How many of them were rises.
    multiple
        The last value over the first.
    annual_growth_pct
        The compound annual growth rate, percent (missing when it cannot be computed).
    """

    start_year: int
    last_year: int
    start_musd: float
    last_musd: float
    changes: int
    rises: int
    multiple: float
    annual_growth_pct: float


def growth_since(series: pd.Series, start_year: int) -> Growth:
    """Return how ``series`` grew from ``start_year`` to its last year with a value.

    Parameters
    ----------
    series
        Annual values indexed by year; missing years are left out.
    start_year
        The first year (it must have a value).

    Returns
    -------
    Growth

    Raises
    ------
    KeyError
        When ``series`` has no value for ``start_year``.
    """
    after = series[series.index >= start_year].dropna()
    if after.empty or after.index[0] != start_year:
        raise KeyError(f"growth_since: the series has no value for start_year={start_year}")
    changes = after.diff().dropna()
    multiple = float(after.iloc[-1] / after.iloc[0]) if after.iloc[0] else float("nan")
    years = int(after.index[-1]) - start_year
    cagr = (multiple ** (1 / years) - 1) * 100 if years > 0 and multiple > 0 else float("nan")
    return Growth(
        start_year=start_year,
        last_year=int(after.index[-1]),
        start_musd=float(after.iloc[0]),
        last_musd=float(after.iloc[-1]),
        changes=len(changes),
        rises=int((changes > 0).sum()),
        multiple=multiple,
        annual_growth_pct=cagr,
    )


def korea_total_trade(korea_totals: pd.DataFrame) -> pd.Series:
    """Return Korea's total merchandise trade (exports + imports, WDI) by year, USD million.

    Parameters
    ----------
    korea_totals
        :func:`kca_analysis.data.load_korea_totals`.

    Returns
    -------
    Series
        ``korea_total_musd`` by year.
    """
    flows = trade_series.korea_total_flows(korea_totals)
    total = (flows["export"] / MILLION).add(flows["import"] / MILLION)
    total.name = "korea_total_musd"
    return total.sort_index()


# --------------------------------------------------------------------------------------------
# The one reading of the decline (01_history and claim C04)


@dataclass(frozen=True)
class YearToLow:
    """The fall from the last pre-crisis year to the low point: a second measure of the decline.

    Not the test's definition (which compares window averages); shown beside it, named as what
    it is, because a reader may meet it elsewhere (1997 against 2002).

    Attributes
    ----------
    from_year, to_year
        The last year of the pre-crisis window and the low point's year.
    fall_musd
        The selected countries' turnover in ``from_year`` minus that in ``to_year``.
    shares
        ``(iso3, share of the fall, percent)`` per country, largest part first; empty when the
        turnover did not fall.
    """

    from_year: int
    to_year: int
    fall_musd: float
    shares: tuple[tuple[str, float], ...]

    def share_pct(self, iso3: str) -> float | None:
        """Return one country's part of this fall, percent (``None`` when it has none).

        Parameters
        ----------
        iso3
            The country.

        Returns
        -------
        float or None
        """
        return dict(self.shares).get(iso3)


@dataclass(frozen=True)
class DeclineReading:
    """The decline after 1997 as 01_history and claim C04 both read it.

    Attributes
    ----------
    windows
        The windows compared.
    test
        :func:`crisis_test` (the selected countries together, then each).
    total
        The series tested (:func:`~.trade_history.total_turnover` of the selected countries).
    low
        :func:`low_point` of ``total`` (``None``: no figure in those years).
    shares
        :func:`decline_shares`: each country's part of the fall between the window averages.
    year_to_low
        :class:`YearToLow` (``None`` without a low point or a figure for its first year).
    """

    windows: CrisisWindows
    test: pd.DataFrame = field(compare=False, repr=False)
    total: pd.Series = field(compare=False, repr=False)
    low: LowPoint | None
    shares: pd.DataFrame = field(compare=False, repr=False)
    year_to_low: YearToLow | None

    def share_of_fall_pct(self, iso3: str) -> float | None:
        """Return one country's part of the fall between the window averages, percent.

        Parameters
        ----------
        iso3
            The country.

        Returns
        -------
        float or None
            ``None`` when the selected countries did not fall or ``iso3`` is not among them.
        """
        row = self.shares[self.shares["scope"] == iso3]
        if row.empty or pd.isna(row["share_of_fall_pct"].iloc[0]):
            return None
        return float(row["share_of_fall_pct"].iloc[0])


def _year_to_low(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    low: LowPoint | None,
    windows: CrisisWindows,
    series: str,
) -> YearToLow | None:
    """The fall from the last pre-crisis year to ``low``, and each country's part of it."""
    start = windows.pre[1]
    if low is None:
        return None
    values = {c: total_turnover(turnover, series, [c]) for c in countries}
    falls = {c: v.get(start, np.nan) - v.get(low.year, np.nan) for c, v in values.items()}
    whole = sum(falls.values())
    if np.isnan(whole):
        return None
    ordered = sorted(falls.items(), key=lambda kv: -kv[1])
    shares = tuple((c, float(f / whole * 100)) for c, f in ordered) if whole > 0 else ()
    return YearToLow(start, low.year, float(whole), shares)


def decline_reading(
    turnover: pd.DataFrame,
    countries: Sequence[str],
    *,
    series: str = SERIES_COW,
    windows: CrisisWindows = CRISIS_WINDOWS,
) -> DeclineReading:
    """Read the decline after 1997: the test, the trough and who carried the fall.

    Parameters
    ----------
    turnover
        :func:`~.trade_history.turnover_history`.
    countries
        ISO3 codes, tested together and one by one.
    series
        Which source's series (default COW, the only one covering the 1990s).
    windows
        The windows compared (default :data:`CRISIS_WINDOWS`).

    Returns
    -------
    DeclineReading
    """
    test = crisis_test(turnover, countries, series=series, windows=windows)
    total = total_turnover(turnover, series, countries)
    low = low_point(total, windows)
    return DeclineReading(
        windows=windows,
        test=test,
        total=total,
        low=low,
        shares=decline_shares(test),
        year_to_low=_year_to_low(turnover, countries, low, windows, series),
    )
