"""Korea's net official development assistance to the five: by year, summed, shared, ranked.

Pure functions on the tidy frames of :mod:`kca_analysis.data`:

* ``load_oda_dac2a``: OECD DAC Table 2a net ODA disbursements 2002-2019, USD million, to each
  of the five, "Central Asia, regional" and (Korea and the DAC total) "All Recipients";
* ``load_oda_wdi_kazakhstan``: WDI net bilateral aid to Kazakhstan 1992-2023;
* ``load_korea_totals``: Korea's total net ODA provided (WDI ``DC.ODA.TOTL.CD``).

**Net ODA can be negative** (:data:`NEGATIVE_NET_ODA`): negative values are kept, flagged in a
``negative`` column, and never dropped or floored at zero. Blank DAC cells (no flow reported)
stay missing.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3

__all__ = [
    "NEGATIVE_NET_ODA",
    "ca_share_of_korea_total",
    "five_total",
    "cumulative",
    "flag_net",
    "korea_all_recipients",
    "korea_net_oda",
    "korea_shares",
    "korea_to",
    "korea_total_oda",
    "period_sum",
    "standing_among_five",
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


def flag_net(rows: pd.DataFrame, codes: list[str] | None = None) -> pd.DataFrame:
    """Return DAC2a rows with ``negative`` and ``missing`` flags, in a fixed column order.

    Parameters
    ----------
    rows
        Rows of :func:`~kca_analysis.data.load_oda_dac2a`.
    codes
        When given, the rows are ordered by recipient in this order (ISO3), then by year.

    Returns
    -------
    DataFrame
        Columns ``year, recipient, recipient_iso3, donor, value_usd, negative, missing`` and
        ``note`` when the rows have one.
    """
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


def korea_net_oda(
    dac2a: pd.DataFrame, recipients: Iterable[str] = CENTRAL_ASIA_ISO3
) -> pd.DataFrame:
    """Return Korea's net ODA to each of ``recipients``, one row per year and recipient.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    recipients
        ISO3 codes, in the order of the rows (default: the five).

    Returns
    -------
    DataFrame
        Columns of :func:`flag_net`. Negative values are kept (see :data:`NEGATIVE_NET_ODA`);
        blank cells stay missing.
    """
    codes = list(recipients)
    rows = dac2a[(dac2a["donor"] == "Korea") & dac2a["recipient_iso3"].isin(codes)]
    return flag_net(rows, codes)


def korea_all_recipients(dac2a: pd.DataFrame) -> pd.Series:
    """Return Korea's net ODA to all recipients by year (DAC2a "All Recipients").

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.

    Returns
    -------
    Series
        USD, indexed by year (int), named ``all_recipients_usd``.
    """
    total = dac2a[(dac2a["donor"] == "Korea") & (dac2a["recipient"] == "All Recipients")]
    return total.set_index(total["year"].astype("int64"))["value_usd"].rename("all_recipients_usd")


def five_total(korea: pd.DataFrame) -> pd.DataFrame:
    """Return Korea's net ODA to the five summed per year, only where all five have a value.

    A blank cell is not a zero: summing the values reported in a year where one of the five is
    blank would give the total of four under the name of the five. Such a year keeps its count
    of members reported and has no total.

    Parameters
    ----------
    korea
        Korea's rows for the five: ``year, recipient_iso3, value_usd`` (e.g.
        :func:`korea_net_oda`).

    Returns
    -------
    DataFrame
        ``year, five_usd`` (missing unless all five reported), ``five_reported`` (how many of
        the five have a value that year), one row per year in ``korea``.
    """
    five = korea[korea["recipient_iso3"].isin(CENTRAL_ASIA_ISO3)]
    years = five.groupby(five["year"].astype("int64"))["value_usd"]
    out = pd.DataFrame({"five_usd": years.sum(min_count=1), "five_reported": years.count()})
    out.loc[out["five_reported"] < len(CENTRAL_ASIA_ISO3), "five_usd"] = np.nan
    out.index.name = "year"
    return out.reset_index()


def korea_shares(dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return each of the five's share of Korea's net ODA to the five, per year.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.

    Returns
    -------
    DataFrame
        Columns ``year, recipient_iso3, value_usd, negative, five_usd`` (the sum of the five's
        net values, negatives included; see :func:`five_total`), ``five_reported``,
        ``share_of_five_pct``, ``all_recipients_usd`` (Korea's net ODA to all recipients,
        DAC2a) and ``share_of_all_pct``. A negative net value gives a negative share: that
        country paid back more than it received that year. In a year with a blank member the
        five have no total, so no recipient has a share of it.
    """
    korea = korea_net_oda(dac2a)
    five = five_total(korea).set_index("year")
    out = korea.join(five, on="year").join(korea_all_recipients(dac2a), on="year")
    out["share_of_five_pct"] = out["value_usd"] / out["five_usd"] * 100
    out["share_of_all_pct"] = out["value_usd"] / out["all_recipients_usd"] * 100
    return out[
        [
            "year",
            "recipient_iso3",
            "value_usd",
            "negative",
            "five_usd",
            "five_reported",
            "share_of_five_pct",
            "all_recipients_usd",
            "share_of_all_pct",
        ]
    ]


def cumulative(korea: pd.DataFrame) -> pd.DataFrame:
    """Sum :func:`korea_net_oda` over its years per recipient, with the counts a reader needs.

    Parameters
    ----------
    korea
        :func:`korea_net_oda`.

    Returns
    -------
    DataFrame
        Columns ``recipient_iso3, recipient, first_year, last_year, years_reported,
        years_blank, years_negative, net_usd, share_of_five_pct``, largest first; a recipient
        with no figure in any year has a missing ``net_usd`` (not zero) and comes last.
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


def standing_among_five(dac2a: pd.DataFrame, reference: str = "UZB") -> pd.DataFrame:
    """Return where each of the five stands in Korea's net ODA to the five, over the file's years.

    The sums and shares are those of :func:`cumulative`; the yearly comparisons read
    :func:`korea_net_oda`, so a blank year counts for no recipient, and which of the five
    received the most is counted only in the years all five have a value (a blank cell could
    hide the largest).

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    reference
        ISO3 code of the recipient the others are compared with (default Uzbekistan).

    Returns
    -------
    DataFrame
        One row per recipient in the data, largest cumulative net first: ``rank`` (1 is the
        largest), ``recipient_iso3, recipient, net_usd, share_of_five_pct, years_negative``
        (from :func:`cumulative`), ``first_year, last_year, years`` (the years of Korea's rows
        for the five), ``years_compared`` (those in which all five have a value),
        ``years_largest`` (years among those in which it received the most of the five),
        ``years_above_reference``, ``to_reference`` (its net over the reference's) and
        ``share_of_all_pct`` (its net over Korea's net ODA to all recipients, summed over the
        file's years).

    Raises
    ------
    ValueError
        When ``reference`` has no row for Korea in ``dac2a``.
    """
    korea = korea_net_oda(dac2a)
    if reference not in set(korea["recipient_iso3"]):
        raise ValueError(
            f"reference={reference!r} has no Korean net ODA row in the DAC2a frame; "
            f"expected one of {sorted(set(korea['recipient_iso3']))}"
        )
    out = cumulative(korea)
    wide = korea.pivot(index="year", columns="recipient_iso3", values="value_usd")
    complete = wide.reindex(columns=list(CENTRAL_ASIA_ISO3)).dropna(how="any")
    leaders = complete.idxmax(axis=1).value_counts()
    above = {iso: int((wide[iso] > wide[reference]).sum()) for iso in wide.columns}
    reference_net = out.loc[out["recipient_iso3"] == reference, "net_usd"].iloc[0]
    everyone = korea_all_recipients(dac2a).sum(min_count=1)
    out.insert(0, "rank", range(1, len(out) + 1))
    out["first_year"] = int(korea["year"].min())
    out["last_year"] = int(korea["year"].max())
    out["years"] = int(korea["year"].nunique())
    out["years_compared"] = len(complete)
    out["years_largest"] = [int(leaders.get(iso, 0)) for iso in out["recipient_iso3"]]
    out["years_above_reference"] = out["recipient_iso3"].map(above).astype("int64")
    out["to_reference"] = out["net_usd"] / reference_net
    out["share_of_all_pct"] = out["net_usd"] / everyone * 100
    columns = [
        "rank",
        "recipient_iso3",
        "recipient",
        "net_usd",
        "share_of_five_pct",
        "years_negative",
        "first_year",
        "last_year",
        "years",
        "years_compared",
        "years_largest",
        "years_above_reference",
        "to_reference",
        "share_of_all_pct",
    ]
    return out[columns]


def period_sum(
    dac2a: pd.DataFrame, recipient_iso3: str, first: int, last: int, donor: str = "Korea"
) -> tuple[float, int]:
    """Return one donor's net ODA to one recipient summed over ``first``-``last``.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    recipient_iso3
        The recipient (one of the five).
    first, last
        The years, both included.
    donor
        A donor of the file (default Korea).

    Returns
    -------
    tuple of (float, int)
        The net sum in USD (missing when no year has a value) and the number of years with a
        value.
    """
    rows = dac2a[
        (dac2a["donor"] == donor)
        & (dac2a["recipient_iso3"] == recipient_iso3)
        & dac2a["year"].between(first, last)
    ]
    return float(rows["value_usd"].sum(min_count=1)), int(rows["value_usd"].notna().sum())


def ca_share_of_korea_total(dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return the five's (and the regional line's) share of Korea's net ODA to all recipients.

    Parameters
    ----------
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.

    Returns
    -------
    DataFrame
        Columns ``year, five_usd, five_reported, regional_usd, all_recipients_usd,
        five_share_pct, five_and_regional_share_pct``, one row per year. A year with a blank
        member of the five has no ``five_usd`` (:func:`five_total`) and so no shares; a year
        whose "Central Asia, regional" cell is blank (no flow reported) has no
        ``five_and_regional_share_pct``: a blank stays missing, never a zero.
    """
    korea = dac2a[dac2a["donor"] == "Korea"]
    out = five_total(korea)
    by_name = korea.set_index([korea["year"].astype("int64"), "recipient"])["value_usd"]
    years = list(out["year"])
    out["regional_usd"] = [by_name.get((y, "Central Asia, regional"), np.nan) for y in years]
    out["all_recipients_usd"] = [by_name.get((y, "All Recipients"), np.nan) for y in years]
    out["five_share_pct"] = out["five_usd"] / out["all_recipients_usd"] * 100
    out["five_and_regional_share_pct"] = (
        (out["five_usd"] + out["regional_usd"]) / out["all_recipients_usd"] * 100
    )
    return out


def korea_total_oda(korea_totals: pd.DataFrame, dac2a: pd.DataFrame) -> pd.DataFrame:
    """Return Korea's total net ODA from both sources, side by side, per year.

    Parameters
    ----------
    korea_totals
        :func:`~kca_analysis.data.load_korea_totals`.
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.

    Returns
    -------
    DataFrame
        ``year``; ``wdi_total_usd``: WDI ``DC.ODA.TOTL.CD`` (net ODA provided, total;
        1992-2022); ``dac2a_all_recipients_usd``: DAC Table 2a, donor Korea, "All Recipients"
        (2002-2019); ``difference_usd`` where both exist. Years missing from one source stay
        missing.
    """
    wdi = korea_totals[korea_totals["indicator_code"] == "DC.ODA.TOTL.CD"]
    wdi = wdi.set_index(wdi["year"].astype("int64"))["value_usd"].rename("wdi_total_usd")
    dac = korea_all_recipients(dac2a).rename("dac2a_all_recipients_usd")
    out = pd.concat([wdi, dac], axis=1).sort_index()
    out.index.name = "year"
    out = out.reset_index()
    out["difference_usd"] = out["wdi_total_usd"] - out["dac2a_all_recipients_usd"]
    return out


#: The WDI indicator of each donor's net bilateral aid to Kazakhstan.
_WDI_KAZ_CODES = {"Korea": "DC.DAC.KORL.CD", "Japan": "DC.DAC.JPNL.CD"}


def wdi_vs_dac2a(wdi_kaz: pd.DataFrame, dac2a: pd.DataFrame, donor: str = "Korea") -> pd.DataFrame:
    """Return Korea's (or Japan's) net ODA to Kazakhstan from WDI 1992-2023 beside DAC2a.

    DAC2a is published to two decimals of USD million, so differences below USD 5 000 are
    rounding.

    Parameters
    ----------
    wdi_kaz
        :func:`~kca_analysis.data.load_oda_wdi_kazakhstan`.
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a`.
    donor
        ``"Korea"`` or ``"Japan"``.

    Returns
    -------
    DataFrame
        Columns ``year, wdi_usd, dac2a_usd, difference_usd, negative`` (of the WDI figure).

    Raises
    ------
    ValueError
        For a donor without a WDI series in the file.
    """
    if donor not in _WDI_KAZ_CODES:
        raise ValueError(
            f"donor={donor!r} has no WDI series; expected one of {list(_WDI_KAZ_CODES)}"
        )
    wdi = wdi_kaz[wdi_kaz["indicator_code"] == _WDI_KAZ_CODES[donor]]
    wdi = wdi.set_index(wdi["year"].astype("int64"))["value_usd"].rename("wdi_usd")
    dac = dac2a[(dac2a["donor"] == donor) & (dac2a["recipient_iso3"] == "KAZ")]
    dac = dac.set_index(dac["year"].astype("int64"))["value_usd"].rename("dac2a_usd")
    out = pd.concat([wdi, dac], axis=1).sort_index()
    out.index.name = "year"
    out = out.reset_index()
    out["difference_usd"] = out["wdi_usd"] - out["dac2a_usd"]
    out["negative"] = out["wdi_usd"] < 0
    return out


def korea_to(
    recipient_iso3: str, dac2a: pd.DataFrame, wdi_kaz: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the longest series of Korea's net ODA to one recipient in the data.

    Parameters
    ----------
    recipient_iso3
        One of the five.
    dac2a
        :func:`~kca_analysis.data.load_oda_dac2a` (2002-2019).
    wdi_kaz
        :func:`~kca_analysis.data.load_oda_wdi_kazakhstan`: Kazakhstan has a WDI series
        1992-2023, used when given.

    Returns
    -------
    DataFrame
        Columns ``year, value_usd, negative, source``, in year order.
    """
    if recipient_iso3 == "KAZ" and wdi_kaz is not None:
        rows = wdi_kaz[wdi_kaz["indicator_code"] == _WDI_KAZ_CODES["Korea"]]
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
