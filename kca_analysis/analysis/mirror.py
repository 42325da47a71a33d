"""Both sides of the pair: Korea-reported and partner-reported figures of the same flow.

The same flow is recorded twice: Korea's customs record its exports (FOB) and imports (CIF); each
partner records its imports from Korea (CIF) and exports to Korea (FOB). The two are never mixed
in one series: :func:`mirror_comparison` puts them side by side and says which side each is.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3

__all__ = ["MirrorFacts", "MirrorGap", "mirror_comparison", "mirror_facts", "mirror_summary"]


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

    Raises
    ------
    ValueError
        When a needed column is missing.
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

    Parameters
    ----------
    mirror
        :func:`mirror_comparison` (or some of its rows).

    Returns
    -------
    DataFrame
        ``iso3, country, flow, years_both`` (years with both sides), ``years_official``,
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
class MirrorFacts:
    """What the two reporting sides say for the countries shown.

    ``widest``: the largest absolute gap among partner figures labelled official (``None``
    when there is none). ``lowest_median`` and ``highest_median``: (country, flow, median
    partner / Korea ratio) over official years, ``None`` when no figure is official.
    ``secondary``: how many partner figures are labelled secondary, with each country's reason
    from the data file in ``secondary_reasons``. ``no_partner_figure``: (country, flow, year)
    where the partner side gives no figure. ``first_year`` and ``last_year`` span the rows.
    """

    first_year: int
    last_year: int
    widest: MirrorGap | None
    lowest_median: tuple[str, str, float] | None
    highest_median: tuple[str, str, float] | None
    secondary: int
    secondary_reasons: tuple[tuple[str, str], ...]
    no_partner_figure: tuple[tuple[str, str, int], ...]


#: The leading parts of a DOTS ``note`` (``"; "``-separated) that describe the series (flow and
#: valuation, goods only, extraction date); what follows is the reason a figure is secondary.
NOTE_DESCRIPTION_PARTS = 3


def _reason(note: object) -> str:
    return "; ".join(str(note or "").split("; ")[NOTE_DESCRIPTION_PARTS:])


def mirror_facts(mirror: pd.DataFrame) -> MirrorFacts:
    """Return the facts of :func:`mirror_comparison` for the countries shown.

    Parameters
    ----------
    mirror
        :func:`mirror_comparison` (or the rows of the countries shown), with
        ``partner_confidence`` and ``partner_note``.

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
    official = mirror[mirror["partner_confidence"] == "official"].dropna(subset=["gap_usd"])
    widest = None
    if len(official):
        row = official.loc[official["gap_usd"].abs().idxmax()]
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
    secondary = mirror[mirror["partner_confidence"] == "secondary"]
    reasons = sorted({(str(r.country), _reason(r.partner_note)) for r in secondary.itertuples()})
    gaps = mirror[mirror["partner_reported_usd"].isna()]
    return MirrorFacts(
        first_year=int(mirror["year"].min()),
        last_year=int(mirror["year"].max()),
        widest=widest,
        lowest_median=low,
        highest_median=high,
        secondary=len(secondary),
        secondary_reasons=tuple(reasons),
        no_partner_figure=tuple(
            (str(r.country), str(r.flow), int(r.year)) for r in gaps.itertuples()
        ),
    )
