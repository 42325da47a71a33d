"""Both sides of the pair: Korea-reported and partner-reported figures of the same flow.

The same flow is recorded twice: Korea's customs record its exports (FOB) and imports (CIF); each
partner records its imports from Korea (CIF) and exports to Korea (FOB). The two are never mixed
in one series: :func:`mirror_comparison` puts them side by side and says which side each is.

Not every partner-side figure is the partner's report: the IMF fills Turkmenistan's side with its
own estimate (Korea's figure x 1.06), and the extract flags Tajikistan's exports to Korea of
2010-2017 as suspect. The loader marks these rows ``basis`` = ``estimate`` with what they are
``derived_from``; here they stay beside the reports, marked, and are left out of every
comparison of the two sides (they would agree by construction).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3

from .trade_series import derivation

__all__ = [
    "ESTIMATE",
    "MirrorEstimate",
    "MirrorFacts",
    "MirrorGap",
    "mirror_comparison",
    "mirror_facts",
    "mirror_summary",
    "ratio_table",
]

#: The ``basis`` of a partner-side figure that is not the partner's report.
ESTIMATE = "estimate"


def mirror_comparison(dots: pd.DataFrame) -> pd.DataFrame:
    """Put Korea-reported and partner-reported figures of the same flow side by side.

    Parameters
    ----------
    dots
        IMF DOTS rows (:func:`kca_analysis.data.load_dots_trade`): ``year, country, iso3, flow``
        (from Korea's side), ``reporting_side`` (``Korea`` or the partner), ``value_usd``,
        ``basis`` (``reported`` or ``estimate``), and optionally ``derived_from``,
        ``confidence``, ``note``.

    Returns
    -------
    DataFrame
        One row per year, country and flow: ``korea_reported_usd`` (Korea's customs: its exports
        FOB or imports CIF), ``partner_reported_usd`` (the partner's statistics of the same flow:
        its imports from Korea CIF or exports to Korea FOB), the ``korea_figure`` and
        ``partner_figure`` descriptions that say which side each is, ``partner_to_korea`` (ratio),
        ``gap_usd`` (partner minus Korea), ``gap_pct`` (of the Korea-reported figure), the
        partner side's ``partner_basis`` (``estimate``: not the partner's report) and
        ``partner_derived_from``, and its ``partner_confidence`` and ``partner_note``. Missing
        figures stay missing.

    Raises
    ------
    ValueError
        When a needed column is missing.
    """
    needed = {"year", "country", "iso3", "flow", "reporting_side", "value_usd", "basis"}
    missing = needed - set(dots.columns)
    if missing:
        raise ValueError(f"mirror_comparison needs the columns {sorted(missing)}")
    keys = ["year", "iso3", "country", "flow"]
    korea = dots[dots["reporting_side"] == "Korea"]
    partner = dots[dots["reporting_side"] == dots["country"]]
    extra = ["basis", "derived_from", "confidence", "note"]
    korea = korea[[*keys, "value_usd", *[c for c in extra if c in dots]]].rename(
        columns={"value_usd": "korea_reported_usd", "confidence": "korea_confidence"}
    )
    korea = korea.drop(columns=["note", "basis", "derived_from"], errors="ignore")
    partner = partner[[*keys, "value_usd", *[c for c in extra if c in dots]]].rename(
        columns={
            "value_usd": "partner_reported_usd",
            "basis": "partner_basis",
            "derived_from": "partner_derived_from",
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
        f"{c}'s {'imports from' if f == 'export' else 'exports to'} Korea "
        + (f"(estimate, not {c}'s report)" if b == ESTIMATE else f"({c}-reported)")
        for f, c, b in zip(out["flow"], out["country"], out["partner_basis"], strict=True)
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
        "partner_basis",
    ]
    optional = ("partner_derived_from", "korea_confidence", "partner_confidence", "partner_note")
    columns += [c for c in optional if c in out]
    return out[columns]


def _estimated(mirror: pd.DataFrame) -> pd.Series:
    """Whether each row's partner-side figure is an estimate, not the partner's report."""
    return mirror["partner_basis"].isin([ESTIMATE])


def ratio_table(mirror: pd.DataFrame) -> pd.DataFrame:
    """Partner-side / Korea-reported ratio per year, one column per country, flow and basis.

    An estimate never shares a column with a report: a country whose partner side is partly
    estimated (Tajikistan's imports from 2010 to 2017) gets a ``reported`` and an ``estimate``
    column, so that a ratio of exactly 1.06 reads as the IMF's assumption, not as agreement.

    Parameters
    ----------
    mirror
        :func:`mirror_comparison` (or some of its rows).

    Returns
    -------
    DataFrame
        Indexed by ``year``; columns ``(iso3, flow, partner figure)`` with ``partner figure``
        ``reported`` or ``estimate``; missing where a side gives no figure.
    """
    labelled = mirror.assign(
        partner_figure=mirror["partner_basis"].where(_estimated(mirror), "reported")
    )
    return labelled.pivot_table(
        index="year",
        columns=["iso3", "flow", "partner_figure"],
        values="partner_to_korea",
        sort=False,
    ).rename_axis(columns=["iso3", "flow", "partner figure"])


def mirror_summary(mirror: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`mirror_comparison` per country and flow.

    The ratios are taken over the years in which the partner-side figure is the partner's report:
    an estimate (an IMF figure derived from Korea's own, or a row flagged suspect) is not an
    independent report and would make the two sides agree by construction.

    Parameters
    ----------
    mirror
        :func:`mirror_comparison` (or some of its rows).

    Returns
    -------
    DataFrame
        ``iso3, country, flow, years_both`` (years with both sides), ``years_reported`` (the
        partner's own report), ``years_estimate`` (an estimate on the partner side), and over
        the reported years ``median_ratio``, ``min_ratio``, ``max_ratio`` (partner / Korea;
        missing when the partner reports no year).
    """
    both = mirror.dropna(subset=["partner_to_korea"])
    rows = []
    for (iso, country, flow), group in both.groupby(["iso3", "country", "flow"], sort=False):
        estimated = _estimated(group)
        reported = group.loc[~estimated, "partner_to_korea"]
        rows.append(
            {
                "iso3": iso,
                "country": country,
                "flow": flow,
                "years_both": len(group),
                "years_reported": len(reported),
                "years_estimate": int(estimated.sum()),
                "median_ratio": float(reported.median()) if len(reported) else float("nan"),
                "min_ratio": float(reported.min()) if len(reported) else float("nan"),
                "max_ratio": float(reported.max()) if len(reported) else float("nan"),
            }
        )
    columns = [
        "iso3",
        "country",
        "flow",
        "years_both",
        "years_reported",
        "years_estimate",
        "median_ratio",
        "min_ratio",
        "max_ratio",
    ]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class MirrorGap:
    """One flow in one year as both sides report it, and the partner's figure over Korea's."""

    year: int
    korea_figure: str
    korea_usd: float
    partner_figure: str
    partner_usd: float
    ratio: float


@dataclass(frozen=True)
class MirrorEstimate:
    """Partner-side figures of one country and flow that are not the partner's report: the
    years, and what the data file says they are (``derived_from`` up to its worked numbers)."""

    country: str
    partner_figure: str
    years: tuple[int, ...]
    what: str


@dataclass(frozen=True)
class MirrorFacts:
    """What the two reporting sides say for the countries shown.

    ``widest``: the largest absolute gap where the partner side is the partner's report
    (``None`` when there is none). ``lowest_median`` and ``highest_median``: (country, flow,
    median partner / Korea ratio) over the partner's reported years, ``None`` when the partner
    side is never a report. ``estimates``: how many partner-side figures are estimates, each
    country's and flow's in ``estimate_groups``. ``no_partner_figure``: (country, flow, year)
    where the partner side gives no figure. ``first_year`` and ``last_year`` span the rows.
    """

    first_year: int
    last_year: int
    widest: MirrorGap | None
    lowest_median: tuple[str, str, float] | None
    highest_median: tuple[str, str, float] | None
    estimates: int
    estimate_groups: tuple[MirrorEstimate, ...]
    no_partner_figure: tuple[tuple[str, str, int], ...]


def _estimate_groups(mirror: pd.DataFrame) -> tuple[MirrorEstimate, ...]:
    rows = mirror[_estimated(mirror)]
    what = rows.get("partner_derived_from", pd.Series(pd.NA, index=rows.index)).map(derivation)
    groups = []
    keys = [rows["country"], rows["flow"], what]
    for (country, _, described), group in rows.groupby(keys, sort=False):
        figure = str(group["partner_figure"].iloc[0])
        groups.append(
            MirrorEstimate(
                country=str(country),
                partner_figure=figure,
                years=tuple(sorted(int(y) for y in group["year"])),
                what=str(described),
            )
        )
    return tuple(groups)


def mirror_facts(mirror: pd.DataFrame) -> MirrorFacts:
    """Return the facts of :func:`mirror_comparison` for the countries shown.

    Parameters
    ----------
    mirror
        :func:`mirror_comparison` (or the rows of the countries shown).

    Returns
    -------
    MirrorFacts

    Raises
    ------
    ValueError
        When ``mirror`` is empty.
    """
    if mirror.empty:
        raise ValueError("mirror_facts needs at least one row")
    reported = mirror[~_estimated(mirror)].dropna(subset=["gap_usd"])
    widest = None
    if len(reported):
        row = reported.loc[reported["gap_usd"].abs().idxmax()]
        widest = MirrorGap(
            year=int(row["year"]),
            korea_figure=str(row["korea_figure"]),
            korea_usd=float(row["korea_reported_usd"]),
            partner_figure=str(row["partner_figure"]),
            partner_usd=float(row["partner_reported_usd"]),
            ratio=float(row["partner_to_korea"]),
        )
    medians = mirror_summary(mirror).dropna(subset=["median_ratio"])
    low = high = None
    if len(medians):
        lo = medians.loc[medians["median_ratio"].idxmin()]
        hi = medians.loc[medians["median_ratio"].idxmax()]
        low = (str(lo["country"]), str(lo["flow"]), float(lo["median_ratio"]))
        high = (str(hi["country"]), str(hi["flow"]), float(hi["median_ratio"]))
    gaps = mirror[mirror["partner_reported_usd"].isna()]
    return MirrorFacts(
        first_year=int(mirror["year"].min()),
        last_year=int(mirror["year"].max()),
        widest=widest,
        lowest_median=low,
        highest_median=high,
        estimates=int(_estimated(mirror).sum()),
        estimate_groups=_estimate_groups(mirror),
        no_partner_figure=tuple(
            (str(r.country), str(r.flow), int(r.year)) for r in gaps.itertuples()
        ),
    )
