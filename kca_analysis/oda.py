"""Official development assistance to the five: Korea's, the other donors', and the rankings.

Pure functions on the tidy frames of :mod:`kca_analysis.data`:

* ``load_oda_dac2a``: OECD DAC Table 2a net ODA disbursements 2002-2019, USD million, to each
  of the five, "Central Asia, regional" and (Korea and the DAC total) "All Recipients";
* ``load_oda_wdi_kazakhstan``: WDI net bilateral aid to Kazakhstan 1992-2023;
* ``load_oda_recipients``: Korea's recipients with a positive net figure, 2009-2010, ranked;
* ``load_korea_totals``: Korea's total net ODA provided (WDI ``DC.ODA.TOTL.CD``);
* ``load_oda_facts``: aggregates and KOICA/EDCF figures read from public pages.

**Net ODA can be negative** (:data:`NEGATIVE_NET_ODA`): negative values are kept, flagged in a
``negative`` column, and never dropped or floored at zero. Blank DAC cells (no flow reported)
stay missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .countries import CENTRAL_ASIA, CENTRAL_ASIA_ISO3
from .vocab import resolve_donors

__all__ = [
    "NEGATIVE_NET_ODA",
    "INDIVIDUAL_DONORS",
    "bilateral_ranking",
    "ca_share_of_korea_total",
    "korea_share_by_recipient",
    "compare_with_dac2a",
    "cumulative",
    "donor_comparison",
    "donor_cumulative",
    "donor_totals_by_recipient",
    "korea_net_oda",
    "korea_to",
    "korea_shares",
    "korea_total_oda",
    "period_sum",
    "rank_facts",
    "recipient_rank",
    "top_recipients",
    "uzbekistan_figures",
    "wdi_vs_dac2a",
]

#: Why a net figure can be below zero; notebooks print it beside every negative value.
NEGATIVE_NET_ODA = (
    "Net ODA is gross disbursements minus repayments of principal on earlier ODA loans (and "
    "other amounts received back). When a recipient repays more of a donor's old concessional "
    "loans in a year than the donor disburses to it, the donor's net ODA to it is negative: "
    "money flowed back to the donor. A negative value is a real observation, not an error, and "
    "is kept as published."
)

DONOR_COLORS = {
    "Korea": "#000000",
    "Japan": "#CC6677",
    "United States": "#332288",
    "Germany": "#117733",
    "Turkey": "#DDCC77",
    "DAC Countries, Total": "#88CCEE",
    "Multilateral Agencies, Total": "#999999",
    "Non-DAC Countries, Total": "#44AA99",
    "Official Donors, Total": "#882255",
}
_MILLION = 1e6
KOREA_COLOR = "#000000"


# --------------------------------------------------------------------------------------------
# Parameters


# --------------------------------------------------------------------------------------------
# Korea's net ODA to the five


def korea_net_oda(dac2a: pd.DataFrame, recipients: Iterable[str] = CENTRAL_ASIA_ISO3):
    """Return Korea's net ODA to each of ``recipients`` (ISO3), one row per year and recipient.

    Columns ``year, recipient, recipient_iso3, value_usd, negative, missing, note``. Negative
    values are kept (see :data:`NEGATIVE_NET_ODA`); blank cells stay missing.
    """
    codes = list(recipients)
    rows = dac2a[(dac2a["donor"] == "Korea") & dac2a["recipient_iso3"].isin(codes)]
    return _flag(rows, codes)


def _flag(rows: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    out = rows.copy()
    out["year"] = out["year"].astype("int64")
    out["value_usd"] = out["value_usd"].astype("float64")
    out["negative"] = out["value_usd"] < 0
    out["missing"] = out["value_usd"].isna()
    if codes is not None:
        order = {c: i for i, c in enumerate(codes)}
        out = out.assign(_o=out["recipient_iso3"].map(order)).sort_values(["_o", "year"])
        out = out.drop(columns="_o")
    columns = ["year", "recipient", "recipient_iso3", "donor", "value_usd", "negative", "missing"]
    if "note" in out.columns:
        columns.append("note")
    return out[columns].reset_index(drop=True)


def korea_shares(dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return each of the five's share of Korea's net ODA to the five, per year.

    Columns ``year, recipient_iso3, value_usd, five_usd`` (the sum of the five's net values,
    negatives included, blanks skipped), ``share_of_five_pct``, ``all_recipients_usd`` (Korea's
    net ODA to all recipients, DAC2a) and ``share_of_all_pct``. A negative net value gives a
    negative share: that country paid back more than it received that year.
    """
    korea = korea_net_oda(dac2a)
    five = korea.groupby("year")["value_usd"].sum(min_count=1).rename("five_usd")
    total = dac2a[(dac2a["donor"] == "Korea") & (dac2a["recipient"] == "All Recipients")]
    total = total.set_index(total["year"].astype("int64"))["value_usd"].rename("all_recipients_usd")
    out = korea.join(five, on="year").join(total, on="year")
    out["share_of_five_pct"] = out["value_usd"] / out["five_usd"] * 100
    out["share_of_all_pct"] = out["value_usd"] / out["all_recipients_usd"] * 100
    return out[
        [
            "year",
            "recipient_iso3",
            "value_usd",
            "negative",
            "five_usd",
            "share_of_five_pct",
            "all_recipients_usd",
            "share_of_all_pct",
        ]
    ]


def cumulative(korea: pd.DataFrame) -> pd.DataFrame:
    """Sum :func:`korea_net_oda` over its years per recipient, with the counts a reader needs.

    Columns ``recipient_iso3, recipient, first_year, last_year, years_reported, years_blank,
    years_negative, net_usd, share_of_five_pct``, largest first.
    """
    rows = []
    for iso, group in korea.groupby("recipient_iso3", sort=False):
        rows.append(
            {
                "recipient_iso3": iso,
                "recipient": group["recipient"].iloc[0],
                "first_year": int(group["year"].min()),
                "last_year": int(group["year"].max()),
                "years_reported": int(group["value_usd"].notna().sum()),
                "years_blank": int(group["value_usd"].isna().sum()),
                "years_negative": int((group["value_usd"] < 0).sum()),
                "net_usd": float(group["value_usd"].sum(min_count=1)),
            }
        )
    out = pd.DataFrame(rows)
    out["share_of_five_pct"] = out["net_usd"] / out["net_usd"].sum() * 100
    return out.sort_values("net_usd", ascending=False, kind="stable").reset_index(drop=True)


def period_sum(dac2a: pd.DataFrame, recipient_iso3: str, first: int, last: int, donor="Korea"):
    """Return (net USD summed over ``first``-``last``, years with a value) for one donor."""
    rows = dac2a[
        (dac2a["donor"] == donor)
        & (dac2a["recipient_iso3"] == recipient_iso3)
        & dac2a["year"].between(first, last)
    ]
    return float(rows["value_usd"].sum(min_count=1)), int(rows["value_usd"].notna().sum())


def ca_share_of_korea_total(dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return the five's (and the regional line's) share of Korea's net ODA to all recipients.

    Columns ``year, five_usd, regional_usd, all_recipients_usd, five_share_pct,
    five_and_regional_share_pct``.
    """
    korea = dac2a[dac2a["donor"] == "Korea"]
    five = korea[korea["recipient_iso3"].isin(CENTRAL_ASIA_ISO3)]
    five = five.groupby(five["year"].astype("int64"))["value_usd"].sum(min_count=1)
    by_name = korea.set_index([korea["year"].astype("int64"), "recipient"])["value_usd"]
    years = sorted(five.index)
    out = pd.DataFrame(
        {
            "year": [int(y) for y in years],
            "five_usd": [five[y] for y in years],
            "regional_usd": [by_name.get((y, "Central Asia, regional"), np.nan) for y in years],
            "all_recipients_usd": [by_name.get((y, "All Recipients"), np.nan) for y in years],
        }
    )
    out["five_share_pct"] = out["five_usd"] / out["all_recipients_usd"] * 100
    out["five_and_regional_share_pct"] = (
        (out["five_usd"] + out["regional_usd"].fillna(0.0)) / out["all_recipients_usd"] * 100
    )
    return out


def korea_total_oda(korea_totals: pd.DataFrame, dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return Korea's total net ODA from both sources, side by side, per year.

    ``wdi_total_usd``: WDI ``DC.ODA.TOTL.CD`` (net ODA provided, total; 1992-2022);
    ``dac2a_all_recipients_usd``: DAC Table 2a, donor Korea, "All Recipients" (2002-2019);
    ``difference_usd`` where both exist. Years missing from one source stay missing.
    """
    wdi = korea_totals[korea_totals["indicator_code"] == "DC.ODA.TOTL.CD"]
    wdi = wdi.set_index(wdi["year"].astype("int64"))["value_usd"].rename("wdi_total_usd")
    dac = dac2a[(dac2a["donor"] == "Korea") & (dac2a["recipient"] == "All Recipients")]
    dac = dac.set_index(dac["year"].astype("int64"))["value_usd"].rename("dac2a_all_recipients_usd")
    out = pd.concat([wdi, dac], axis=1).sort_index()
    out.index.name = "year"
    out = out.reset_index()
    out["difference_usd"] = out["wdi_total_usd"] - out["dac2a_all_recipients_usd"]
    return out


def wdi_vs_dac2a(wdi_kaz: pd.DataFrame, dac2a: pd.DataFrame, donor: str = "Korea"):
    """Return Korea's (or Japan's) net ODA to Kazakhstan from WDI 1992-2023 beside DAC2a.

    Columns ``year, wdi_usd, dac2a_usd, difference_usd, negative`` (of the WDI figure).
    DAC2a is published to two decimals of USD million, so differences below USD 5 000 are
    rounding.
    """
    code = {"Korea": "DC.DAC.KORL.CD", "Japan": "DC.DAC.JPNL.CD"}[donor]
    wdi = wdi_kaz[wdi_kaz["indicator_code"] == code]
    wdi = wdi.set_index(wdi["year"].astype("int64"))["value_usd"].rename("wdi_usd")
    dac = dac2a[(dac2a["donor"] == donor) & (dac2a["recipient_iso3"] == "KAZ")]
    dac = dac.set_index(dac["year"].astype("int64"))["value_usd"].rename("dac2a_usd")
    out = pd.concat([wdi, dac], axis=1).sort_index()
    out.index.name = "year"
    out = out.reset_index()
    out["difference_usd"] = out["wdi_usd"] - out["dac2a_usd"]
    out["negative"] = out["wdi_usd"] < 0
    return out


def korea_to(recipient_iso3: str, dac2a: pd.DataFrame, wdi_kaz: pd.DataFrame | None = None):
    """Return the longest series of Korea's net ODA to one recipient in the data.

    Kazakhstan has a WDI series 1992-2023 (pass ``wdi_kaz``); the others have DAC2a 2002-2019.
    Columns ``year, value_usd, negative, source``.
    """
    if recipient_iso3 == "KAZ" and wdi_kaz is not None:
        rows = wdi_kaz[wdi_kaz["indicator_code"] == "DC.DAC.KORL.CD"]
        source = "World Bank WDI DC.DAC.KORL.CD"
    else:
        rows = dac2a[(dac2a["donor"] == "Korea") & (dac2a["recipient_iso3"] == recipient_iso3)]
        source = "OECD DAC Table 2a"
    out = pd.DataFrame(
        {
            "year": rows["year"].astype("int64").to_numpy(),
            "value_usd": rows["value_usd"].astype("float64").to_numpy(),
        }
    ).sort_values("year")
    out["negative"] = out["value_usd"] < 0
    out["source"] = source
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Rankings


def recipient_rank(recipients: pd.DataFrame, recipient_iso3: str) -> pd.DataFrame:
    """Return one recipient's rank among Korea's recipients per year (2009-2010 file).

    Columns ``year, recipient_iso3, value_usd, rank, recipients`` (how many recipients have a
    positive net value that year: the file lists only those) and ``confidence``. A year in which
    the recipient is absent (net value zero or negative) gives a row with a missing rank.
    """
    rows = []
    for year, group in recipients.groupby(recipients["year"].astype("int64"), sort=True):
        hit = group[group["recipient_iso3"] == recipient_iso3]
        rows.append(
            {
                "year": int(year),
                "recipient_iso3": recipient_iso3,
                "value_usd": float(hit["value_usd"].iloc[0]) if len(hit) else np.nan,
                "rank": int(hit["rank"].iloc[0]) if len(hit) else pd.NA,
                "recipients": len(group),
                "confidence": hit["confidence"].iloc[0] if len(hit) else None,
            }
        )
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    return out


def top_recipients(recipients: pd.DataFrame, year: int, n: int = 15) -> pd.DataFrame:
    """Return Korea's ``n`` largest recipients in ``year`` (rank, ISO3, USD), rank order."""
    rows = recipients[recipients["year"] == year].sort_values("rank")
    return rows[["rank", "recipient_iso3", "value_usd"]].head(n).reset_index(drop=True)


_RANK_TEXT = re.compile(r"ranked\s+(\d+)(?:st|nd|rd|th)[^;]*", re.IGNORECASE)


def rank_facts(facts: pd.DataFrame, recipient: str = "Uzbekistan") -> pd.DataFrame:
    """Return every statement of a recipient's rank among Korea's recipients in the ODA facts.

    Reads rows whose unit is ``rank`` and rows whose note says "ranked Nth"; keeps each row's
    period, the statement as published, its confidence and its source, so that a reader sees how
    well each rank is supported.
    """
    rows = []
    mine = facts[facts["recipient"] == recipient]
    for _, fact in mine.iterrows():
        if fact.get("unit") == "rank" and pd.notna(fact["value"]):
            rows.append(
                {
                    "fact_id": fact["fact_id"],
                    "period": fact["period"],
                    "measure": fact["topic"],
                    "rank": int(fact["value"]),
                    "statement": fact["value_as_published"],
                    "original_source": fact["original_source"],
                    "confidence": fact["confidence"],
                    "source": fact["source"],
                }
            )
        note = fact.get("note")
        if isinstance(note, str):
            for match in _RANK_TEXT.finditer(note):
                rows.append(
                    {
                        "fact_id": fact["fact_id"],
                        "period": fact["period"],
                        "measure": f"{fact['topic']} (rank stated in the same source)",
                        "rank": int(match.group(1)),
                        "statement": match.group(0).strip(),
                        "original_source": fact["original_source"],
                        "confidence": fact["confidence"],
                        "source": fact["source"],
                    }
                )
    columns = [
        "fact_id",
        "period",
        "measure",
        "rank",
        "statement",
        "original_source",
        "confidence",
        "source",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["rank"] = out["rank"].astype("Int64")
    return out


# --------------------------------------------------------------------------------------------
# Donors compared


def donor_comparison(dac2a: pd.DataFrame, recipient_iso3: str, donors: Iterable[str]):
    """Return net ODA to one recipient from each donor, per year (long format).

    Columns ``year, donor, value_usd, negative, missing, korea_share_of_official_pct`` (Korea's
    net ODA over "Official Donors, Total" that year, repeated on each row for convenience).
    """
    donors = resolve_donors(donors)
    rows = dac2a[(dac2a["recipient_iso3"] == recipient_iso3) & dac2a["donor"].isin(donors)]
    out = _flag(rows)
    out["donor"] = pd.Categorical(out["donor"], categories=donors, ordered=True)
    out = out.sort_values(["donor", "year"]).reset_index(drop=True)
    out["donor"] = out["donor"].astype(str)
    everyone = dac2a[
        (dac2a["recipient_iso3"] == recipient_iso3) & (dac2a["donor"] == "Official Donors, Total")
    ]
    korea = dac2a[(dac2a["recipient_iso3"] == recipient_iso3) & (dac2a["donor"] == "Korea")]
    share = (
        korea.set_index(korea["year"].astype("int64"))["value_usd"]
        / everyone.set_index(everyone["year"].astype("int64"))["value_usd"]
        * 100
    )
    out["korea_share_of_official_pct"] = out["year"].map(share)
    return out[["year", "donor", "value_usd", "negative", "missing", "korea_share_of_official_pct"]]


def donor_cumulative(comparison: pd.DataFrame) -> pd.DataFrame:
    """Sum :func:`donor_comparison` per donor: ``donor, net_usd, years_reported, years_blank,
    years_negative``, in the donors' order."""
    rows = []
    for donor, group in comparison.groupby("donor", sort=False):
        rows.append(
            {
                "donor": donor,
                "net_usd": float(group["value_usd"].sum(min_count=1)),
                "years_reported": int(group["value_usd"].notna().sum()),
                "years_blank": int(group["value_usd"].isna().sum()),
                "years_negative": int((group["value_usd"] < 0).sum()),
            }
        )
    return pd.DataFrame(rows)


#: The individual (bilateral) donors of the DAC2a file; the other columns are totals.
INDIVIDUAL_DONORS = ("Korea", "Japan", "United States", "Germany", "Turkey")


def bilateral_ranking(dac2a: pd.DataFrame, recipient_iso3: str, first: int, last: int):
    """Rank the individual donors of the file by net ODA to one recipient over ``first``-``last``.

    Only the donors of :data:`INDIVIDUAL_DONORS` are in the file, so the rank is among them, not
    among all donors. Columns ``rank, donor, net_usd, years_reported``.
    """
    rows = []
    for donor in INDIVIDUAL_DONORS:
        net, years = period_sum(dac2a, recipient_iso3, first, last, donor=donor)
        rows.append({"donor": donor, "net_usd": net, "years_reported": years})
    out = pd.DataFrame(rows).sort_values("net_usd", ascending=False, kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)


def korea_share_by_recipient(dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return, for each of the five over all years of the file, Korea's net ODA, all official
    donors' net ODA, Korea's share of it and Korea's rank among the individual donors.

    Columns ``recipient_iso3, recipient, korea_net_usd, official_net_usd, korea_share_pct,
    korea_rank_among_bilateral, bilateral_donors``.
    """
    first, last = int(dac2a["year"].min()), int(dac2a["year"].max())
    rows = []
    for country in CENTRAL_ASIA:
        korea, _ = period_sum(dac2a, country.iso3, first, last)
        everyone, _ = period_sum(dac2a, country.iso3, first, last, donor="Official Donors, Total")
        ranking = bilateral_ranking(dac2a, country.iso3, first, last)
        rows.append(
            {
                "recipient_iso3": country.iso3,
                "recipient": country.name,
                "korea_net_usd": korea,
                "official_net_usd": everyone,
                "korea_share_pct": korea / everyone * 100,
                "korea_rank_among_bilateral": int(
                    ranking.loc[ranking["donor"] == "Korea", "rank"].iloc[0]
                ),
                "bilateral_donors": len(ranking),
            }
        )
    return pd.DataFrame(rows)


def donor_totals_by_recipient(dac2a: pd.DataFrame, donors: Iterable[str]) -> pd.DataFrame:
    """Return each donor's net ODA to each of the five summed over the file's years.

    One row per recipient (``recipient_iso3``, ``recipient``), one column per donor in USD;
    a donor with no figure in any year gives a missing cell, not a zero.
    """
    donors = resolve_donors(donors)
    rows = []
    for country in CENTRAL_ASIA:
        totals = donor_cumulative(donor_comparison(dac2a, country.iso3, donors))
        row = {"recipient_iso3": country.iso3, "recipient": country.name}
        row.update(dict(zip(totals["donor"], totals["net_usd"], strict=True)))
        rows.append(row)
    return pd.DataFrame(rows, columns=["recipient_iso3", "recipient", *donors])


# --------------------------------------------------------------------------------------------
# KOICA and other programme figures for Uzbekistan


#: The columns that identify a published programme figure, as printed.
_FIGURE_COLUMNS = [
    "fact_id",
    "topic",
    "period",
    "value_as_published",
    "unit_as_published",
    "value_usd",
]


def uzbekistan_figures(facts: pd.DataFrame, recipient: str = "Uzbekistan") -> pd.DataFrame:
    """Return the programme figures for one recipient from the ODA facts, as published.

    Columns ``fact_id, topic, period, value_as_published, unit_as_published, value_usd,
    original_source, confidence, repeats, note``: ``value_usd`` is missing where the file did not
    read a number (a bound, an approximation, a doubtful figure), and ``repeats`` names another
    row of the same page when the file says so.
    """
    rows = facts[(facts["recipient"] == recipient) & (facts["unit"] != "rank")].copy()
    rows["repeats"] = rows["note"].map(
        lambda n: m.group(1) if isinstance(n, str) and (m := re.search(r"repeats (\S+)", n)) else ""
    )
    columns = [*_FIGURE_COLUMNS, "original_source", "confidence", "repeats", "note"]
    return rows[columns].reset_index(drop=True)


_YEARS = re.compile(r"(\d{4})\s*-\s*(\d{4})")


def compare_with_dac2a(
    figures: pd.DataFrame, dac2a: pd.DataFrame, recipient_iso3: str = "UZB"
) -> pd.DataFrame:
    """Set each programme figure that covers a span of years beside DAC2a over the same years.

    For every row of :func:`uzbekistan_figures` whose period contains a span ``YYYY-YYYY``,
    Korea's DAC2a net ODA to the recipient is summed over the part of the span that DAC2a
    covers (2002-2019). The published figure stays as published; the comparison says which
    years DAC2a covers, so a reader sees when the two cannot match by construction (for example
    a cumulative figure from 1992 when DAC2a starts in 2002).

    Columns ``fact_id, topic, period, value_as_published, unit_as_published, value_usd,
    confidence, dac2a_years`` (``none`` when DAC2a covers none of the years), ``dac2a_net_usd``,
    ``published_to_dac2a``.
    """
    covered = dac2a[(dac2a["donor"] == "Korea") & (dac2a["recipient_iso3"] == recipient_iso3)]
    first_dac, last_dac = int(covered["year"].min()), int(covered["year"].max())
    rows = []
    for _, fact in figures.iterrows():
        match = _YEARS.search(str(fact["period"]))
        if not match:
            continue
        first, last = int(match.group(1)), int(match.group(2))
        lo, hi = max(first, first_dac), min(last, last_dac)
        if lo > hi:
            years, net = "none", float("nan")
        else:
            net, _ = period_sum(dac2a, recipient_iso3, lo, hi)
            years = f"{lo}-{hi}" + ("" if (lo, hi) == (first, last) else f" of {first}-{last}")
        value = fact["value_usd"]
        rows.append(
            {
                "fact_id": fact["fact_id"],
                "topic": fact["topic"],
                "period": fact["period"],
                "value_as_published": fact["value_as_published"],
                "unit_as_published": fact["unit_as_published"],
                "value_usd": value,
                "confidence": fact["confidence"],
                "dac2a_years": years,
                "dac2a_net_usd": net,
                "published_to_dac2a": value / net if pd.notna(value) and net else float("nan"),
            }
        )
    columns = [*_FIGURE_COLUMNS, "confidence", "dac2a_years", "dac2a_net_usd", "published_to_dac2a"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------
# Plots


def _year_axis(ax) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")


def _plain(value: float, _position=None) -> str:
    """Tick label without powers of ten (symmetric-log axes): -10, 0, 1, 100, 1,000."""
    if value == 0:
        return "0"
    if abs(value) >= 1:
        return f"{value:,.0f}"
    return f"{value:g}"


def _axes(ax, figsize=(8.0, 4.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _mark_negatives(ax, x, y, color) -> None:
    x = np.asarray(x)
    y = np.asarray(y, dtype="float64")
    neg = y < 0
    if neg.any():
        ax.scatter(
            x[neg], y[neg], s=60, facecolors="none", edgecolors=color, linewidths=1.5, zorder=5
        )


def plot_korea_oda(korea: pd.DataFrame, *, ax=None, negative_label=True):
    """Lines of Korea's net ODA to each recipient (USD million, linear scale: values can be
    negative); negative years are circled and a zero line drawn."""
    from .figures.style import country_color

    ax = _axes(ax)
    order = [c.iso3 for c in CENTRAL_ASIA if c.iso3 in set(korea["recipient_iso3"])]
    for iso in order:
        r = korea[korea["recipient_iso3"] == iso].sort_values("year")
        y = r["value_usd"] / _MILLION
        ax.plot(r["year"], y, "-o", ms=3, color=country_color(iso), label=iso)
        _mark_negatives(ax, r["year"], y, country_color(iso))
    ax.axhline(0, color="#555555", lw=0.8)
    ax.set_ylabel("net ODA from Korea (USD million)")
    _year_axis(ax)
    handles, labels = ax.get_legend_handles_labels()
    if negative_label and (korea["value_usd"] < 0).any():
        handles.append(plt.Line2D([], [], ls="", marker="o", ms=8, mfc="none", mec="#555555"))
        labels.append("negative net value")
    ax.legend(handles, labels, fontsize=8, ncol=3)
    return ax


def plot_donor_comparison(comparison: pd.DataFrame, *, ax=None, symlog: bool = False):
    """Lines of net ODA per donor to one recipient (USD million); Korea drawn thick in black.

    ``symlog`` uses a symmetric-log axis (linear near zero) so that Korea's small and the DAC
    total's large flows, negative values included, are all visible.
    """
    ax = _axes(ax)
    for donor, r in comparison.groupby("donor", sort=False):
        r = r.sort_values("year")
        y = r["value_usd"] / _MILLION
        color = DONOR_COLORS.get(donor, "#999999")
        ax.plot(r["year"], y, "-", lw=2.5 if donor == "Korea" else 1.3, color=color, label=donor)
        _mark_negatives(ax, r["year"], y, color)
    ax.axhline(0, color="#555555", lw=0.8)
    label = "net ODA (USD million)"
    if symlog:
        from matplotlib.ticker import FuncFormatter

        ax.set_yscale("symlog", linthresh=1.0)
        ax.yaxis.set_major_formatter(FuncFormatter(_plain))
        label += ", symmetric log scale"
    ax.set_ylabel(label)
    _year_axis(ax)
    handles, labels = ax.get_legend_handles_labels()
    if (comparison["value_usd"] < 0).any():
        handles.append(plt.Line2D([], [], ls="", marker="o", ms=8, mfc="none", mec="#555555"))
        labels.append("negative net value")
    ax.legend(handles, labels, fontsize=7, ncol=2)
    return ax


def plot_net_bars(series: pd.DataFrame, *, value: str = "wdi_usd", ax=None, label: str = ""):
    """Bars of one net ODA series per year (USD million); negative years drawn in vermillion."""
    ax = _axes(ax)
    shown = series.dropna(subset=[value])  # a gap stays a gap: no bar, not a zero bar
    y = shown[value] / _MILLION
    colors = np.where(y < 0, "#D55E00", "#0072B2")
    ax.bar(shown["year"], y, color=colors)
    ax.axhline(0, color="#555555", lw=0.8)
    ax.set_ylabel(label or "net ODA (USD million)")
    _year_axis(ax)
    if (y < 0).any():
        handles = [
            plt.Rectangle((0, 0), 1, 1, color="#0072B2"),
            plt.Rectangle((0, 0), 1, 1, color="#D55E00"),
        ]
        labels = ["net inflow", "negative net (repayments exceed disbursements)"]
        ax.legend(handles, labels, fontsize=8)
    return ax


def plot_top_recipients(top: pd.DataFrame, highlight: Iterable[str] = (), *, ax=None):
    """Horizontal bars of Korea's largest recipients (USD million), highlighted ISO3 in colour."""
    from .figures.style import country_color

    ax = _axes(ax, figsize=(8.0, 5.0))
    marked = set(highlight)
    labels = [f"{int(r)}. {iso}" for r, iso in zip(top["rank"], top["recipient_iso3"], strict=True)]
    colors = [country_color(iso) if iso in marked else "#BBBBBB" for iso in top["recipient_iso3"]]
    ax.barh(range(len(top)), top["value_usd"] / _MILLION, color=colors)
    ax.set_yticks(range(len(top)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("net bilateral ODA from Korea (USD million)")
    return ax


def plot_share_of_korea_total(shares: pd.DataFrame, *, ax=None):
    """Line of the five's share of Korea's net ODA to all recipients (per cent)."""
    ax = _axes(ax)
    ax.plot(
        shares["year"], shares["five_share_pct"], "-o", ms=3, color=KOREA_COLOR, label="the five"
    )
    ax.plot(
        shares["year"],
        shares["five_and_regional_share_pct"],
        "--",
        color="#999999",
        label="the five + 'Central Asia, regional'",
    )
    ax.set_ylabel("share of Korea's net ODA (%)")
    _year_axis(ax)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    return ax
