"""Where COW and IMF DOTS overlap (2010-2014): how far they agree, and whose figure COW repeats.

COW says it takes each flow from the importer's report (IMF DOTS). Compared country-year by
country-year with both DOTS sides, its figures for Korea's imports repeat Korea's own report;
its figures for Korea's exports are mostly *not* the partner's report but Korea's own figure x
1.10 (a CIF/FOB margin), which the data mark ``basis = derived``. The DOTS partner side holds
the IMF's estimates for Turkmenistan and suspect Tajik rows (``basis = estimate``). Both are
carried into the comparison so that a table or figure can say whose figure each point is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .trade_basis import DERIVED, ESTIMATE
from .trade_history import SERIES_COW, SERIES_DOTS_KOREA, SERIES_DOTS_PARTNER

__all__ = ["PERCENT_FLOOR_MUSD", "ROUNDING_MUSD", "overlap_summary", "source_overlap"]

#: COW rounds every flow to whole USD millions: a difference up to this is rounding (USD million).
ROUNDING_MUSD = 0.5
#: Percentage differences are taken only where DOTS is at least this (USD million): below it,
#: COW's rounding dominates any ratio.
PERCENT_FLOOR_MUSD = 1.0


def source_overlap(history: pd.DataFrame) -> pd.DataFrame:
    """Compare COW with IMF DOTS (both sides) in the years both cover.

    COW rounds to whole million USD, so a difference of up to :data:`ROUNDING_MUSD` is rounding,
    not disagreement; ``within_rounding`` marks those.

    Parameters
    ----------
    history
        :func:`~.trade_history.trade_history` with COW and DOTS.

    Returns
    -------
    DataFrame
        One row per (country, year, flow, DOTS side): ``iso3, country, year, flow, dots_side,
        cow_musd, dots_musd, difference_musd (COW - DOTS), ratio (COW / DOTS),
        within_rounding``, and whose figures they are: ``cow_basis`` (``reported`` or
        ``derived``) and ``dots_basis`` (``reported`` or ``estimate``).
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
            "dots_side": np.where(merged["series_dots"] == SERIES_DOTS_KOREA, "Korea", "partner"),
            "cow_musd": merged["value_musd_cow"],
            "dots_musd": merged["value_musd_dots"],
        }
    )
    out["difference_musd"] = out["cow_musd"] - out["dots_musd"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = np.where(out["dots_musd"] > 0, out["cow_musd"] / out["dots_musd"], np.nan)
    within = (out["difference_musd"].abs() <= ROUNDING_MUSD).astype("boolean")
    within[out["difference_musd"].isna()] = pd.NA
    out["within_rounding"] = within
    out["cow_basis"] = merged["basis_cow"].to_numpy()
    out["dots_basis"] = merged["basis_dots"].to_numpy()
    return out.sort_values(["iso3", "flow", "dots_side", "year"]).reset_index(drop=True)


def overlap_summary(overlap: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`source_overlap` per flow and DOTS side.

    Parameters
    ----------
    overlap
        :func:`source_overlap`.

    Returns
    -------
    DataFrame
        ``flow, dots_side, pairs, within_rounding, within_rounding_pct, median_abs_pct_diff,
        max_abs_difference_musd, median_ratio`` (COW / DOTS), ``cow_derived`` (COW values
        derived from Korea's figure) and ``dots_estimates`` (DOTS values that are IMF
        estimates); the percentage difference and the ratio are taken where DOTS is at least
        :data:`PERCENT_FLOOR_MUSD`, because below that COW's rounding dominates any ratio.
    """
    rows = []
    for (flow, side), group in overlap.groupby(["flow", "dots_side"], sort=True):
        valid = group.dropna(subset=["cow_musd", "dots_musd"])
        sizable = valid[valid["dots_musd"] >= PERCENT_FLOOR_MUSD]
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
                "median_ratio": float(sizable["ratio"].median()) if len(sizable) else np.nan,
                "cow_derived": int((valid["cow_basis"] == DERIVED).sum()),
                "dots_estimates": int((valid["dots_basis"] == ESTIMATE).sum()),
            }
        )
    return pd.DataFrame(rows)
