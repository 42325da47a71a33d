"""Fact records of Korea's trade with the five: what 03_trade and the country profiles state,
as small frozen records computed from the summaries of :mod:`~kca_analysis.analysis.trade`.

Each function reads frames the notebook has already computed and shown (a summary, a period
comparison, the shares of Korea's total, trade over GDP) and returns a record;
:mod:`kca_analysis.text.trade` words the records as Markdown. Nothing here formats a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import country_name

from .periods import REPORTED, period_label
from .trade import asymmetry, concentration, ranking, versus_rest
from .trade_series import FIGURE_REPORTED, derivation

__all__ = [
    "Coverage",
    "GdpFacts",
    "KoreaShareFacts",
    "NotReported",
    "PeriodChanges",
    "PeriodConcentration",
    "ShareYear",
    "SourceSpan",
    "coverage",
    "gdp_facts",
    "korea_share_facts",
    "not_reported",
    "period_changes",
    "period_concentration",
    "source_spans",
]


@dataclass(frozen=True)
class Coverage:
    """The shape of a tidy trade table: observations, countries, flows and period labels."""

    observations: int
    countries: int
    flows: int
    periods: tuple[str, ...]


def coverage(tidy: pd.DataFrame) -> Coverage:
    """Return how many observations, countries, flows and periods a tidy trade table holds.

    Parameters
    ----------
    tidy
        Tidy flows with ``iso3, flow, period, months`` (e.g. the corrected Table 1).

    Returns
    -------
    Coverage
        ``periods`` are :func:`~kca_analysis.analysis.periods.period_label` labels, in period
        order.
    """
    spans = sorted(set(zip(tidy["period"].astype(str), tidy["months"], strict=True)))
    return Coverage(
        observations=len(tidy),
        countries=int(tidy["iso3"].nunique()),
        flows=int(tidy["flow"].nunique()),
        periods=tuple(period_label(p, m) for p, m in spans),
    )


@dataclass(frozen=True)
class NotReported:
    """Figures of one source, reporting side and flow (from Korea's side) that are not that
    side's own report: their ``basis`` (``derived`` or ``estimate``), years and what they are
    (:func:`~kca_analysis.analysis.trade_series.derivation`)."""

    reporting_side: str
    flow: str
    basis: str
    years: tuple[int, ...]
    what: str


@dataclass(frozen=True)
class SourceSpan:
    """The years a source covers in a series: full years, and partial years by their label;
    ``not_reported`` lists the figures that are not their reporting side's own report."""

    source: str
    reporting_sides: tuple[str, ...]
    years: tuple[int, ...]
    partial: tuple[str, ...]
    not_reported: tuple[NotReported, ...]


def not_reported(rows: pd.DataFrame) -> tuple[NotReported, ...]:
    """Group the figures of ``rows`` that are not their side's report (``figure_basis`` other
    than ``reported``; a missing basis is not counted either way).

    Parameters
    ----------
    rows
        Rows of :func:`~kca_analysis.analysis.trade_series.bilateral_history` with a figure.

    Returns
    -------
    tuple of NotReported
        One per reporting side, flow, basis and description, in order of appearance.
    """
    if "figure_basis" not in rows:
        return ()
    basis = rows["figure_basis"]
    other = rows[basis.notna() & ~basis.isin([FIGURE_REPORTED])]
    what = other.get("derived_from", pd.Series(pd.NA, index=other.index)).map(derivation)
    keys = [other["reporting_side"], other["flow"], other["figure_basis"], what]
    return tuple(
        NotReported(
            reporting_side=str(side),
            flow=str(flow),
            basis=str(kind),
            years=tuple(sorted(int(y) for y in group["year"])),
            what=str(described),
        )
        for (side, flow, kind, described), group in other.groupby(keys, sort=False)
    )


def source_spans(history: pd.DataFrame) -> list[SourceSpan]:
    """Return, per source of a series, the reporting sides and the years it covers.

    A year counts when the source gives a figure for it (a missing value is not coverage).

    Parameters
    ----------
    history
        :func:`~kca_analysis.analysis.trade_series.bilateral_history` (or rows of it):
        ``source, reporting_side, year, period, months, value_usd`` and, when known,
        ``figure_basis`` and ``derived_from``.

    Returns
    -------
    list of SourceSpan
        In the order the sources first appear.
    """
    spans = []
    for source, rows in history.groupby("source", sort=False):
        rows = rows[rows["value_usd"].notna()]
        full = rows[rows["months"] == 12]
        part = rows[rows["months"] != 12][["period", "months"]].drop_duplicates()
        spans.append(
            SourceSpan(
                source=str(source),
                reporting_sides=tuple(dict.fromkeys(rows["reporting_side"].astype(str))),
                years=tuple(sorted(set(full["year"].astype("int64").tolist()))),
                partial=tuple(period_label(p, m) for p, m in part.itertuples(index=False)),
                not_reported=not_reported(rows),
            )
        )
    return spans


@dataclass(frozen=True)
class PeriodConcentration:
    """How concentrated and how one-sided Korea's trade with the five is in one period.

    ``top`` holds the largest partners (country name, share of the turnover, largest first),
    ``top_share`` their combined share and ``top_to_rest`` their turnover over the others'
    (``others`` countries). ``surplus`` counts the countries Korea exports more to than it
    imports from; ``deficits`` names the others with their export/import ratio.
    ``most_balanced`` and ``most_one_sided`` give a country and its |balance| / turnover.
    """

    period: str
    months: int
    countries: int
    top: tuple[tuple[str, float], ...]
    top_share: float
    top_to_rest: float
    others: int
    surplus: int
    deficits: tuple[tuple[str, float], ...]
    most_balanced: tuple[str, float]
    most_one_sided: tuple[str, float]
    hhi: float
    equivalent_partners: float

    @property
    def label(self) -> str:
        """The period with its months (``"2023 Jan-Oct (10 months)"``)."""
        return period_label(self.period, self.months)


def period_concentration(summary: pd.DataFrame, top: int = 2) -> list[PeriodConcentration]:
    """Return, per period of a summary, its concentration and one-sidedness facts.

    Parameters
    ----------
    summary
        :func:`~kca_analysis.analysis.trade.trade_summary` of all five (shares are of the rows
        given), with ``period`` and ``months``.
    top
        How many of the largest partners to set against the rest.

    Returns
    -------
    list of PeriodConcentration
        In the order of the summary's periods.

    Raises
    ------
    ValueError
        When the summary has no ``period`` column, or fewer than ``top`` + 1 countries in a
        period.
    """
    if "period" not in summary.columns:
        raise ValueError("period_concentration needs a summary with a 'period' column")
    ranked = ranking(summary)
    spread = asymmetry(summary)
    hhi = concentration(summary)
    facts = []
    for _, one_sided in spread.iterrows():
        period = one_sided["period"]
        rows = ranked[ranked["period"] == period]
        if len(rows) <= top:
            raise ValueError(
                f"period {period!r} has {len(rows)} countries; {top} cannot be set against the rest"
            )
        largest = rows[rows["rank"] <= top]
        pair = versus_rest(rows, largest["iso3"]).iloc[0]
        index = hhi[hhi["period"] == period].iloc[0]
        deficit = rows[rows["balance_usd"] < 0]
        facts.append(
            PeriodConcentration(
                period=str(period),
                months=int(one_sided["months"]),
                countries=len(rows),
                top=tuple(
                    (str(c), float(v))
                    for c, v in zip(largest["country"], largest["share_of_total"], strict=True)
                ),
                top_share=float(pair["selected_share"]),
                top_to_rest=float(pair["ratio"]),
                others=len(rows) - len(largest),
                surplus=int(one_sided["korea_surplus"]),
                deficits=tuple(
                    (str(c), float(v))
                    for c, v in zip(deficit["country"], deficit["export_import_ratio"], strict=True)
                ),
                most_balanced=(
                    country_name(one_sided["most_balanced"]),
                    float(one_sided["most_balanced_index"]),
                ),
                most_one_sided=(
                    country_name(one_sided["most_one_sided"]),
                    float(one_sided["most_one_sided_index"]),
                ),
                hhi=float(index["hhi"]),
                equivalent_partners=float(index["equivalent_partners"]),
            )
        )
    return facts


@dataclass(frozen=True)
class PeriodChanges:
    """Two periods compared per country and flow: which rose already, which stay open.

    ``higher`` lists (country, measure without ``_usd``, change in percent) for the comparisons
    already higher in the shorter period; ``open`` counts those the months not yet reported decide;
    ``basis`` is the basis of the table shown (``"reported"`` or an annualisation).
    """

    base_period: str
    base_months: int
    other_period: str
    other_months: int
    comparisons: int
    higher: tuple[tuple[str, str, float], ...]
    open: int
    basis: str


def period_changes(reported: pd.DataFrame, shown: pd.DataFrame | None = None) -> PeriodChanges:
    """Return the facts of a comparison of two periods, as reported.

    Parameters
    ----------
    reported
        :func:`~kca_analysis.analysis.periods.compare_periods` of reported (not annualised)
        figures.
    shown
        The comparison the reader sees, when it differs (annualised); its ``other_basis`` is
        recorded.

    Returns
    -------
    PeriodChanges

    Raises
    ------
    ValueError
        When ``reported`` is empty or annualised.
    """
    if reported.empty:
        raise ValueError("period_changes needs at least one comparison")
    if (reported["other_basis"] != REPORTED).any() or (reported["base_basis"] != REPORTED).any():
        raise ValueError(
            "period_changes reads reported figures; pass the annualised table as `shown`"
        )
    up = reported[reported["verdict"].str.startswith("higher")]
    first = reported.iloc[0]
    basis = (shown if shown is not None and len(shown) else reported)["other_basis"].iloc[0]
    return PeriodChanges(
        base_period=str(first["base_period"]),
        base_months=int(first["base_months"]),
        other_period=str(first["other_period"]),
        other_months=int(first["other_months"]),
        comparisons=len(reported),
        higher=tuple(
            (str(r.country), str(r.measure).removesuffix("_usd"), float(r.change_pct))
            for r in up.itertuples()
        ),
        open=int(reported["verdict"].str.startswith("open").sum()),
        basis=str(basis),
    )


@dataclass(frozen=True)
class ShareYear:
    """One year's share of the five in Korea's total trade (percent), with its source."""

    year: int
    source: str
    share_pct: float


@dataclass(frozen=True)
class KoreaShareFacts:
    """The five's share of Korea's merchandise turnover: its lowest, highest and latest year,
    and the partial periods left out (labelled ``"source period"``)."""

    lowest: ShareYear
    highest: ShareYear
    latest: ShareYear
    left_out: tuple[str, ...]


def korea_share_facts(shares: pd.DataFrame, korea: pd.DataFrame) -> KoreaShareFacts:
    """Return the facts of the five's share of Korea's merchandise turnover.

    Parameters
    ----------
    shares
        :func:`~kca_analysis.analysis.trade_series.share_of_korea_trade`.
    korea
        :func:`~kca_analysis.analysis.trade_series.korea_side`, every row (its partial
        periods are the ones left out of the shares).

    Returns
    -------
    KoreaShareFacts

    Raises
    ------
    ValueError
        When ``shares`` has no turnover row with a share.
    """
    turnover = shares[(shares["flow"] == "turnover") & shares["share_pct"].notna()]
    if turnover.empty:
        raise ValueError("korea_share_facts needs at least one turnover share")
    turnover = turnover.sort_values("year", kind="stable")

    def one(row: pd.Series) -> ShareYear:
        return ShareYear(int(row["year"]), str(row["source"]), float(row["share_pct"]))

    partial = korea[korea["months"] != 12][["source", "period", "months"]].drop_duplicates()
    return KoreaShareFacts(
        lowest=one(turnover.loc[turnover["share_pct"].idxmin()]),
        highest=one(turnover.loc[turnover["share_pct"].idxmax()]),
        latest=one(turnover.iloc[-1]),
        left_out=tuple(f"{s} {period_label(p, m)}" for s, p, m in partial.itertuples(index=False)),
    )


@dataclass(frozen=True)
class GdpFacts:
    """Trade with Korea over each partner's GDP in one year: (country, percent), largest first."""

    year: int
    source: str
    shares: tuple[tuple[str, float], ...]


def gdp_facts(relative: pd.DataFrame, year: int | None = None) -> GdpFacts:
    """Return turnover with Korea as a share of each partner's GDP in one year.

    Parameters
    ----------
    relative
        :func:`~kca_analysis.analysis.trade_series.trade_to_gdp`.
    year
        The year; the latest in ``relative`` by default.

    Returns
    -------
    GdpFacts
        Countries without a GDP figure are left out of ``shares``.

    Raises
    ------
    ValueError
        When ``relative`` has no row for the year.
    """
    year = int(relative["year"].max()) if year is None and len(relative) else year
    rows = relative[relative["year"] == year]
    if rows.empty:
        raise ValueError(f"gdp_facts: no row for the year {year}")
    rows = rows.dropna(subset=["turnover_pct_gdp"])
    rows = rows.sort_values("turnover_pct_gdp", ascending=False, kind="stable")
    source = relative.loc[relative["year"] == year, "source"].iloc[0]
    return GdpFacts(
        year=int(year),
        source=str(source),
        shares=tuple(
            (str(c), float(v))
            for c, v in zip(rows["country"], rows["turnover_pct_gdp"], strict=True)
        ),
    )
