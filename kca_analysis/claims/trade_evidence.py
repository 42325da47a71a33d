"""The evidence sentences of the trade claims (C13-C16): notes on the views of the data, on the
two reporting sides and on Table 1's unit, computed through :mod:`kca_analysis.analysis`.

Each note says what the data hold below the chosen confidence level ("not at
min_confidence=X", never "not in the data") and which figures are not their side's report.
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.analysis import mirror, table1, trade
from kca_analysis.countries import country_name
from kca_analysis.vocab import confidence_rank

from .evidence import TABLE1_CONFIDENCE, Data, rows_at, usd

__all__ = [
    "AS_THOUSANDS",
    "AS_USD",
    "mirror_note",
    "no_views",
    "ratio_range",
    "table1_note",
    "unit_evidence",
    "unit_verdict",
    "view_flows",
    "views_note",
]


def view_flows(data: Data, min_confidence: str) -> pd.DataFrame:
    """Return the flows of :func:`kca_analysis.analysis.trade.trade_views` at the confidence
    level, with each figure's provenance.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used (Table 1 counts as
        :data:`~kca_analysis.claims.evidence.TABLE1_CONFIDENCE`).

    Returns
    -------
    DataFrame
        ``trade_views`` with ``figure_basis`` and ``derived_from``.
    """
    table1, _ = rows_at(data, "table1", min_confidence)
    dots, _ = rows_at(data, "dots_trade", min_confidence)
    return trade.trade_views(table1, dots)


def no_views(claim: str, min_confidence: str) -> str:
    """Return the evidence of a trade claim when no view covers all five at the level.

    Parameters
    ----------
    claim
        What would be settled ("the ranking").
    min_confidence
        The confidence level.

    Returns
    -------
    str
    """
    return (
        f"No complete view of Korea's trade with all five at min_confidence={min_confidence} "
        f"(Table 1 counts as {TABLE1_CONFIDENCE}); {claim} would be settled by Korean customs "
        "(KITA / K-stat) figures for each of the five."
    )


def table1_note(min_confidence: str) -> str:
    """Return the note that Table 1 is left out at a level above its own (or ``""``).

    Parameters
    ----------
    min_confidence
        The confidence level.

    Returns
    -------
    str
    """
    if confidence_rank(min_confidence) < confidence_rank(TABLE1_CONFIDENCE):
        return f" Table 1 ({TABLE1_CONFIDENCE}) not used at min_confidence={min_confidence}."
    return ""


def views_note(data: Data, min_confidence: str, views: pd.DataFrame) -> str:
    """Return the notes on the views: the figures in them that are not their side's report,
    and the IMF DOTS views the confidence level leaves incomplete (their rows are in the data,
    below the level: never "missing from the data").

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The confidence level.
    views
        The views used at that level (:func:`kca_analysis.claims.trade_views`).

    Returns
    -------
    str
        ``" Note: ..."`` sentences, or ``""``.
    """
    notes = []
    flows = view_flows(data, min_confidence)
    estimated = flows[flows["figure_basis"].isin(["estimate"])]
    for (view, country), rows in estimated.groupby(["view", "country"], sort=False):
        what = "; ".join(dict.fromkeys(rows["derived_from"].map(trade.derivation)))
        notes.append(f"in {view}, {country}'s figures are estimates, not its report ({what})")
    every = view_flows(data, "secondary")
    left = every[~every["view"].isin(views["view"]) & (every["source"] == trade.DOTS_SOURCE)]
    for view, rows in left.groupby("view", sort=False):
        year = int(rows["year"].iloc[0])
        _, below = rows_at(data, "dots_trade", min_confidence, lambda f, y=year: f["year"] == y)
        notes.append(
            f"{view} is incomplete at min_confidence={min_confidence}: {below} IMF DOTS row(s) "
            f"of {year} are below the chosen confidence level (they are in the data)"
        )
    return "".join(f" Note: {n}." for n in notes)


def mirror_note(data: Data, min_confidence: str, views: pd.DataFrame) -> str:
    """Return where Korea and a partner, each reporting, disagree most on Korea's exports
    (partner-side estimates left out: they agree by construction).

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The confidence level.
    views
        The views used at that level (:func:`kca_analysis.claims.trade_views`).

    Returns
    -------
    str
        A sentence, or ``""`` when the views do not hold both reporting sides.
    """
    names = list(dict.fromkeys(views["view"]))
    if not (
        any(v.endswith("Korea-reported") for v in names)
        and any(v.endswith("partner-reported") for v in names)
    ):
        return ""
    year = int(views.loc[views["source"] == trade.DOTS_SOURCE, "year"].iloc[0])
    dots, _ = rows_at(data, "dots_trade", min_confidence, lambda f: f["year"] == year)
    pairs = mirror.mirror_comparison(dots)
    reported = ~pairs["partner_basis"].isin([mirror.ESTIMATE])  # an estimate is not a report
    pairs = pairs[reported & (pairs["flow"] == "export")].dropna(subset=["partner_to_korea"])
    widest = pairs.loc[(pairs["partner_to_korea"] - 1).abs().idxmax()]
    return (
        f" The two reporting sides differ in size, most for {country_name(widest['iso3'])}: it "
        f"reports {usd(widest['partner_reported_usd'])} of imports from Korea, Korea reports "
        f"{usd(widest['korea_reported_usd'])} of exports ({widest['partner_to_korea']:.2f}x)."
    )


#: The ratio of an independent figure to a printed cell if the cells are US dollars as the
#: caption says, and if they are thousands (the correction of data/corrections.yml).
AS_USD, AS_THOUSANDS = 1.0, 1000.0


def unit_verdict(comparisons: pd.DataFrame) -> tuple[str, list[bool], list[bool]]:
    """Return C16's verdict on the unit the caption prints, and which ratios fit each unit.

    Parameters
    ----------
    comparisons
        :func:`kca_analysis.claims.unit_comparisons` (not empty).

    Returns
    -------
    tuple
        The verdict (``supported`` when every ratio fits USD, ``contradicted`` when every one
        fits thousands, ``partly supported`` when some fit USD, else ``not testable``), and per
        ratio whether it fits USD and whether it fits thousands
        (:func:`kca_analysis.analysis.table1.within_magnitude`).
    """
    as_usd = [table1.within_magnitude(r, AS_USD) for r in comparisons["ratio"]]
    as_thousand = [table1.within_magnitude(r, AS_THOUSANDS) for r in comparisons["ratio"]]
    if all(as_usd):
        return "supported", as_usd, as_thousand
    if all(as_thousand):
        return "contradicted", as_usd, as_thousand
    return ("partly supported" if any(as_usd) else "not testable"), as_usd, as_thousand


def unit_evidence(comparisons: pd.DataFrame, every: int, min_confidence: str) -> str:
    """Return C16's comparisons, the strongest first: the same cell and year fix the unit, the
    other years only its magnitude.

    Parameters
    ----------
    comparisons
        :func:`kca_analysis.claims.unit_comparisons` at the level.
    every
        How many comparisons there are at any level (those below it are counted, not used).
    min_confidence
        The confidence level.

    Returns
    -------
    str
    """

    def shown(rows: pd.DataFrame) -> str:
        return "; ".join(
            f"{r.reference}: {usd(r.reference_usd)} / {r.printed:,} = {r.ratio:,.0f}"
            for r in rows.itertuples()
        )

    same = comparisons[comparisons["same_cell"].astype(bool)]
    other = comparisons[~comparisons["same_cell"].astype(bool)]
    parts = []
    if len(same):
        parts.append(
            "Strongest, the same cell and year: "
            f"{shown(same)}, i.e. ratios of "
            + ", ".join(f"{r / AS_THOUSANDS:.3f}" for r in same["ratio"])
            + " with the cells read as thousands."
        )
    if len(other):
        parts.append(
            "Other years or cells, the magnitude only (the references of the guard in "
            f"data/corrections.yml): {shown(other)}."
        )
    below = every - len(comparisons)
    if below:
        parts.append(
            f"{below} further comparison(s) are below min_confidence={min_confidence} (in the "
            "data, not used)."
        )
    return " ".join(parts)


def ratio_range(factor: float) -> str:
    """Return the ratios that fit ``factor`` (``"100-10,000"`` for thousands).

    Parameters
    ----------
    factor
        :data:`AS_USD` or :data:`AS_THOUSANDS`.

    Returns
    -------
    str
    """
    low, high = factor / table1.MAGNITUDE_TOLERANCE, factor * table1.MAGNITUDE_TOLERANCE
    return f"{low:,.{0 if low >= 1 else 1}f}-{high:,.0f}"
