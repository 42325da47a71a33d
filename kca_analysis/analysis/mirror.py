"""Both sides of the pair: Korea-reported and partner-reported figures of the same flow.

The same flow is recorded twice: Korea's customs record its exports (FOB) and imports (CIF); each
partner records its imports from Korea (CIF) and exports to Korea (FOB). The two are never mixed
in one series: :func:`mirror_comparison` puts them side by side and says which side each is.
"""

from __future__ import annotations

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3

__all__ = ["mirror_comparison", "mirror_summary"]


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
