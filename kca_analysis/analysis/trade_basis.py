"""Whose figure each value of Korea's trade history is: the reporter's own, derived, or estimated.

Two sources say, row by row, whether a value is the reporting side's own figure (``basis``):
COW marks most of the Central Asian imports from Korea in 2010-2014 ``derived`` (Korea's own
IMF DOTS export figure x 1.10, a CIF/FOB margin, not the importer's report), and IMF DOTS marks
every Turkmen-side figure and the suspect Tajik-side rows ``estimate`` (the IMF's estimate,
published in the partner's name). ``derived_from`` says from what. The history figures draw
such values hollow and the tables label them; a turnover is only as good as its weaker flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kca_analysis.countries import KOREA, lookup_country

from .trade_series import COW_SIDE, DOTS_SOURCE

__all__ = [
    "BASES",
    "DERIVED",
    "ESTIMATE",
    "REPORTED",
    "NotReported",
    "basis_reason",
    "flow_basis",
    "not_reported",
    "turnover_basis",
]

REPORTED = "reported"
DERIVED = "derived"
ESTIMATE = "estimate"
#: The values of ``basis``, from the reporter's own figure to the IMF's estimate in its name.
BASES = (REPORTED, DERIVED, ESTIMATE)

#: COW's flows are the Central Asian state's; the history reads them from Korea's side.
_KOREA_SIDE = {"export": "import", "import": "export"}


def _require_basis(frame: pd.DataFrame, name: str) -> None:
    missing = [c for c in ("basis", "derived_from") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} lacks the column(s) {', '.join(missing)}: pass the frame of its loader "
            f"(kca_analysis.data.load_{name}), which says whose figure each value is"
        )


def flow_basis(
    rows: pd.DataFrame, cow: pd.DataFrame | None, dots: pd.DataFrame | None
) -> pd.DataFrame:
    """Return the ``basis`` and ``derived_from`` of each row of Korea's bilateral trade history.

    Parameters
    ----------
    rows
        :func:`kca_analysis.analysis.trade_series.bilateral_history` of ``cow``, ``dots`` (and
        Table 1, whose rows are KITA's own report: ``reported``).
    cow
        :func:`kca_analysis.data.load_cow_trade` (``None``: no COW rows in ``rows``).
    dots
        :func:`kca_analysis.data.load_dots_trade` (``None``: no DOTS rows in ``rows``).

    Returns
    -------
    DataFrame
        ``basis`` (one of :data:`BASES`; missing where the value itself is missing) and
        ``derived_from`` (what a derived or estimated value was computed from), aligned with
        ``rows``.

    Raises
    ------
    ValueError
        When ``cow`` or ``dots`` lacks ``basis`` or ``derived_from``.
    """
    keys = ["iso3", "year", "flow"]
    parts = []
    if cow is not None:
        _require_basis(cow, "cow_trade")
        c = cow[cow["partner_iso3"] == KOREA.iso3]
        parts.append(
            pd.DataFrame(
                {
                    "reporting_side": COW_SIDE,
                    "iso3": c["iso3"],
                    "year": c["year"].astype("int64"),
                    "flow": c["flow"].map(_KOREA_SIDE),
                    "basis": c["basis"],
                    "derived_from": c["derived_from"],
                }
            )
        )
    if dots is not None:
        _require_basis(dots, "dots_trade")
        parts.append(
            dots.assign(year=dots["year"].astype("int64"))[
                ["reporting_side", *keys, "basis", "derived_from"]
            ].astype({"reporting_side": str})
        )
    out = pd.DataFrame({"basis": REPORTED, "derived_from": None}, index=rows.index, dtype="object")
    if parts:
        lookup = pd.concat(parts, ignore_index=True)
        sourced = rows["source"].isin([DOTS_SOURCE]) | (rows["reporting_side"] == COW_SIDE)
        found = (
            rows.loc[sourced, ["reporting_side", *keys]]
            .reset_index()
            .merge(lookup, on=["reporting_side", *keys], how="left", validate="many_to_one")
        )
        out.loc[found["index"], "basis"] = found["basis"].to_numpy()
        out.loc[found["index"], "derived_from"] = found["derived_from"].to_numpy()
    out.loc[rows["value_usd"].isna(), ["basis", "derived_from"]] = None
    return out.replace({np.nan: None})


def turnover_basis(history: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Return the basis of each turnover: that of its weaker flow, and what that flow came from.

    Parameters
    ----------
    history
        :func:`kca_analysis.analysis.trade_history.trade_history` (``basis``, ``derived_from``).
    keys
        The columns that identify one turnover (series, country, year, period...).

    Returns
    -------
    DataFrame
        ``keys``, ``basis`` (the weaker of the two flows' bases, in the order of :data:`BASES`;
        missing when a flow is missing) and ``derived_from`` (``"export: ...; import: ..."``
        for the flows that are not reported; missing when both are).
    """
    keys = list(keys)
    rank = history["basis"].map({b: i for i, b in enumerate(BASES)})
    frame = history.assign(_rank=rank)
    weakest = frame.groupby(keys, dropna=False, sort=False)["_rank"].agg(
        lambda r: np.nan if r.isna().any() else r.max()
    )
    # "export: <derived_from>" for each flow of a turnover that is not the reporter's own
    flagged = frame[frame["basis"].notna() & (frame["basis"] != REPORTED)].sort_values("flow")
    notes = (
        (flagged["flow"] + ": " + flagged["derived_from"].astype(str))
        .groupby([flagged[k] for k in keys], dropna=False, sort=False)
        .agg("; ".join)
    )
    out = weakest.to_frame().join(notes.rename("derived_from")).reset_index()
    out["basis"] = [None if pd.isna(r) else BASES[int(r)] for r in out.pop("_rank")]
    return out[[*keys, "basis", "derived_from"]]


def basis_reason(derived_from: str | None) -> str | None:
    """Return what a derived or estimated value was computed from, without its arithmetic.

    ``derived_from`` cells read ``"<what>: <the arithmetic>"`` (``"IMF DOTS Korea-reported
    exports x 1.10 (CIF/FOB margin): 1074.49933 x 1.10 = 1181.95"``); a turnover's note joins
    one such cell per flow (:func:`turnover_basis`).

    Parameters
    ----------
    derived_from
        A ``derived_from`` cell of a flow or a turnover.

    Returns
    -------
    str or None
        The ``<what>`` parts, once each, joined by ``"; "`` (``None`` for ``None``).
    """
    if not derived_from:
        return None
    reasons = []
    for note in str(derived_from).split("; "):
        what = note.split(": ", 1)[1] if note.startswith(("export: ", "import: ")) else note
        reasons.append(what.split(":")[0].strip())
    return "; ".join(dict.fromkeys(reasons))


@dataclass(frozen=True)
class NotReported:
    """Turnovers of one series that are not the reporter's own figure, in the same years.

    Attributes
    ----------
    countries
        The countries (names, in the order of the selection).
    years
        The years.
    derived_from
        What they were computed from (:func:`~.trade_basis.basis_reason`).
    """

    countries: tuple[str, ...]
    years: tuple[int, ...]
    derived_from: str


def not_reported(rows: pd.DataFrame, countries: Sequence[str]) -> tuple[NotReported, ...]:
    """Group the turnovers of one series that are not the reporter's own figure.

    Parameters
    ----------
    rows
        :func:`~.trade_history.turnover_history` rows of one series.
    countries
        ISO3 codes, in the order of the result.

    Returns
    -------
    tuple of NotReported
        One record per (years, what from), with the countries that share them.
    """
    grouped: dict[tuple[tuple[int, ...], str], list[str]] = {}
    for code in countries:
        own = rows[(rows["iso3"] == code) & (rows["basis"] != REPORTED)]
        if own.empty:
            continue
        years = tuple(sorted({int(y) for y in own["year"]}))
        reason = "; ".join(dict.fromkeys(basis_reason(n) for n in own["derived_from"]))
        grouped.setdefault((years, reason), []).append(lookup_country(code).name)
    return tuple(NotReported(tuple(c), y, r) for (y, r), c in grouped.items())
