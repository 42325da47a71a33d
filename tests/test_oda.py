"""kca_analysis.analysis.oda and its figures: net ODA kept as published (negatives included),
shares, standing among the five, ranks, donors."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

from kca_analysis import data, vocab
from kca_analysis.analysis import oda
from kca_analysis.countries import CENTRAL_ASIA_ISO3, CENTRAL_ASIA_NAMES, country_name
from kca_analysis.figures import oda as oda_figures

matplotlib.use("Agg")


def _dac(rows):
    """A DAC2a-shaped frame from (year, recipient_iso3 or aggregate name, donor, USD million)."""
    records = []
    for year, recipient, donor, musd in rows:
        iso = recipient if recipient in CENTRAL_ASIA_ISO3 else None
        records.append(
            {
                "year": year,
                "recipient": country_name(iso) if iso else recipient,
                "recipient_iso3": iso,
                "donor": donor,
                "value": musd,
                "unit": "USD million",
                "value_usd": musd * 1e6 if musd == musd else float("nan"),
                "note": None,
            }
        )
    frame = pd.DataFrame(records)
    frame["year"] = frame["year"].astype("Int64")
    return frame


@pytest.fixture
def dac():
    nan = float("nan")
    rows = []
    for year, uzb, kaz, kgz in [(2014, 6.0, 1.0, 1.0), (2015, 8.0, -2.0, 2.0)]:
        rows += [
            (year, "UZB", "Korea", uzb),
            (year, "KAZ", "Korea", kaz),
            (year, "KGZ", "Korea", kgz),
            (year, "TJK", "Korea", 0.0),
            (year, "TKM", "Korea", nan),
            (year, "All Recipients", "Korea", 100.0),
            (year, "Central Asia, regional", "Korea", 1.0),
        ]
        for iso in CENTRAL_ASIA_ISO3:
            rows += [
                (year, iso, "Japan", 10.0 if iso != "KAZ" else -30.0),
                (year, iso, "Official Donors, Total", 50.0),
            ]
    return _dac(rows)


def test_negative_net_values_are_kept_and_flagged(dac):
    korea = oda.korea_net_oda(dac)
    kaz = korea[(korea["recipient_iso3"] == "KAZ") & (korea["year"] == 2015)].iloc[0]
    assert kaz["value_usd"] == -2e6, "a negative net figure is kept as published"
    assert kaz["negative"]
    assert korea["negative"].sum() == 1
    assert "repay" in oda.NEGATIVE_NET_ODA


def test_blank_cells_stay_missing_not_zero(dac):
    korea = oda.korea_net_oda(dac)
    tkm = korea[korea["recipient_iso3"] == "TKM"]
    assert tkm["missing"].all() and tkm["value_usd"].isna().all()
    tjk = korea[korea["recipient_iso3"] == "TJK"]
    assert not tjk["missing"].any(), "zero is a value, not a gap"


def _all_five_reported(dac):
    """The fixture with Turkmenistan's blank Korean cells reported as zero."""
    full = dac.copy()
    tkm = (full["donor"] == "Korea") & (full["recipient_iso3"] == "TKM")
    full.loc[tkm, ["value", "value_usd"]] = 0.0
    return full


def test_a_year_with_a_blank_member_has_no_total_of_the_five(dac):
    total = oda.five_total(oda.korea_net_oda(dac)).set_index("year")
    assert list(total["five_reported"]) == [4, 4]
    assert total["five_usd"].isna().all(), "four reported values are not the five's total"
    shares = oda.korea_shares(dac)
    assert shares["share_of_five_pct"].isna().all() and (shares["five_reported"] == 4).all()
    in_total = oda.ca_share_of_korea_total(dac)
    assert in_total["five_share_pct"].isna().all()
    assert in_total["five_and_regional_share_pct"].isna().all()
    real = oda.ca_share_of_korea_total(data.load_oda_dac2a())
    assert list(real.loc[real["five_usd"].isna(), "year"]) == [2003, 2005, 2007]
    assert (real.loc[real["five_usd"].isna(), "five_reported"] == 4).all()
    assert real.loc[real["five_usd"].isna(), "five_share_pct"].isna().all()


def test_shares_of_the_five_include_negatives(dac):
    dac = _all_five_reported(dac)
    shares = oda.korea_shares(dac).set_index(["year", "recipient_iso3"])
    # 2015: 8 - 2 + 2 + 0 + 0 = 8 -> UZB 100 %, KAZ -25 %, KGZ 25 %
    assert shares.loc[(2015, "UZB"), "share_of_five_pct"] == pytest.approx(100.0)
    assert shares.loc[(2015, "KAZ"), "share_of_five_pct"] == pytest.approx(-25.0)
    assert shares.loc[(2015, "UZB"), "share_of_all_pct"] == pytest.approx(8.0)
    total = oda.ca_share_of_korea_total(dac).set_index("year")
    assert total.loc[2014, "five_share_pct"] == pytest.approx(8.0)
    assert total.loc[2014, "five_and_regional_share_pct"] == pytest.approx(9.0)


def test_cumulative_counts_blank_and_negative_years(dac):
    totals = oda.cumulative(oda.korea_net_oda(dac)).set_index("recipient_iso3")
    assert totals.loc["UZB", "net_usd"] == pytest.approx(14e6)
    assert totals.loc["KAZ", "net_usd"] == pytest.approx(-1e6)
    assert totals.loc["KAZ", "years_negative"] == 1
    assert totals.loc["TKM", "years_blank"] == 2
    assert math.isnan(totals.loc["TKM", "net_usd"]), "all blank: no sum, not zero"
    assert list(totals.index[:1]) == ["UZB"]


def test_standing_among_five_sums_ranks_and_compares_with_the_reference(dac):
    standing = oda.standing_among_five(dac, "UZB").set_index("recipient_iso3")
    assert list(standing.index) == ["UZB", "KGZ", "TJK", "KAZ", "TKM"]
    assert list(standing["rank"]) == [1, 2, 3, 4, 5]
    uzb = standing.loc["UZB"]
    assert uzb["net_usd"] == pytest.approx(14e6)
    assert uzb["share_of_five_pct"] == pytest.approx(87.5)  # 14 of 6 + 8 + 1 - 2 + 1 + 2
    assert uzb["share_of_all_pct"] == pytest.approx(7.0)  # 14 of 100 + 100
    assert (uzb["years_largest"], uzb["years_compared"], uzb["years"]) == (0, 0, 2), (
        "Turkmenistan is blank in both years: a blank could hide the largest"
    )
    full = oda.standing_among_five(_all_five_reported(dac)).set_index("recipient_iso3")
    assert (full.at["UZB", "years_largest"], full.at["UZB", "years_compared"]) == (2, 2)
    assert (uzb["first_year"], uzb["last_year"]) == (2014, 2015)
    assert standing.loc["KGZ", "to_reference"] == pytest.approx(3 / 14)
    assert standing.loc["KGZ", "years_above_reference"] == 0
    assert standing.loc["KAZ", "years_negative"] == 1
    assert math.isnan(standing.loc["TKM", "net_usd"]), "all blank: no sum, not zero"
    totals = oda.cumulative(oda.korea_net_oda(dac)).set_index("recipient_iso3")
    assert standing["net_usd"].equals(totals["net_usd"])
    assert standing["share_of_five_pct"].equals(totals["share_of_five_pct"])


def test_standing_counts_the_years_another_recipient_leads(dac):
    mask = (dac["donor"] == "Korea") & (dac["recipient_iso3"] == "KGZ") & (dac["year"] == 2015)
    full = _all_five_reported(dac)
    kyrgyz_ahead = full.assign(value_usd=full["value_usd"].mask(mask, 9e6))
    standing = oda.standing_among_five(kyrgyz_ahead).set_index("recipient_iso3")
    assert standing.loc["KGZ", "years_above_reference"] == 1
    assert standing.loc["KGZ", "years_largest"] == 1
    assert standing.loc["UZB", "years_largest"] == 1
    with pytest.raises(ValueError, match="reference='MNG'"):
        oda.standing_among_five(dac, "MNG")


def test_korea_all_recipients_by_year(dac):
    total = oda.korea_all_recipients(dac)
    assert total.to_dict() == {2014: 100e6, 2015: 100e6}
    no_wdi = pd.DataFrame({"year": [], "indicator_code": [], "value_usd": []})
    korea_total = oda.korea_total_oda(no_wdi, dac)
    assert list(korea_total["dac2a_all_recipients_usd"]) == [100e6, 100e6]
    assert korea_total["wdi_total_usd"].isna().all(), "a missing source stays missing"


def test_donor_comparison_and_korea_share(dac):
    comparison = oda.donor_comparison(dac, "KAZ", ["Japan"])
    assert list(comparison["donor"].unique()) == ["Japan"]
    assert comparison["negative"].all()
    with_korea = oda.donor_comparison(dac, "UZB", ["Korea", "Japan"])
    row = with_korea[(with_korea["year"] == 2014) & (with_korea["donor"] == "Korea")].iloc[0]
    assert row["korea_share_of_official_pct"] == pytest.approx(12.0)
    ranking = oda.bilateral_ranking(dac, "UZB", 2014, 2015)
    assert list(ranking["donor"][:2]) == ["Japan", "Korea"]


@pytest.mark.parametrize(
    "bad, match",
    [
        (["Narnia"], "unknown donor 'Narnia'"),
        ([], "empty"),
        (["Japan", "JPN"], "more than once"),
        ("Japan", "list"),
    ],
)
def test_bad_donor_parameters_are_refused(bad, match):
    with pytest.raises(ValueError, match=match) as error:
        vocab.resolve_donors(bad)
    if bad == ["Narnia"]:
        for donor in vocab.DONORS:
            assert donor in str(error.value)


def test_donor_aliases_resolve():
    assert vocab.resolve_donors(["USA", "Türkiye", "all DAC donors", "multilaterals"]) == [
        "United States",
        "Turkey",
        "DAC Countries, Total",
        "Multilateral Agencies, Total",
    ]


def test_bad_recipient_names_the_parameter_and_the_five():
    with pytest.raises(ValueError) as error:
        vocab.resolve_recipient("Mongolia")
    assert "recipient='Mongolia'" in str(error.value)
    for name in CENTRAL_ASIA_NAMES:
        assert name in str(error.value)


def test_recipient_rank_keeps_absent_years_missing():
    recipients = pd.DataFrame(
        {
            "year": [2009, 2009, 2010, 2010],
            "recipient_iso3": ["VNM", "UZB", "VNM", "MNG"],
            "value_usd": [5.0, 3.0, 9.0, 4.0],
            "rank": [1, 2, 1, 2],
            "confidence": ["official"] * 4,
        }
    )
    ranks = oda.recipient_rank(recipients, "UZB").set_index("year")
    assert ranks.loc[2009, "rank"] == 2 and ranks.loc[2009, "recipients"] == 2
    assert pd.isna(ranks.loc[2010, "rank"]) and math.isnan(ranks.loc[2010, "value_usd"])


def test_rank_facts_keep_their_confidence():
    facts = pd.DataFrame(
        {
            "fact_id": ["a", "b"],
            "topic": ["total ODA", "grant rank"],
            "recipient": ["Uzbekistan", "Uzbekistan"],
            "period": ["2016-2019", "2016-2019"],
            "value": [196.0, 8.0],
            "unit": ["USD million", "rank"],
            "value_as_published": ["1.96", "8th"],
            "original_source": ["repost", "repost"],
            "source": ["u", "u"],
            "confidence": ["secondary", "secondary"],
            "note": ["UZB ranked 11th among Korea's recipients; more", None],
        }
    )
    ranks = oda.rank_facts(facts).set_index("fact_id")
    assert ranks.loc["a", "rank"] == 11 and ranks.loc["b", "rank"] == 8
    assert set(ranks["confidence"]) == {"secondary"}


def test_compare_with_dac2a_uses_only_the_years_dac2a_covers(dac):
    figures = pd.DataFrame(
        {
            "fact_id": ["x", "y", "z"],
            "topic": ["cumulative", "span", "programme"],
            "period": ["1992-2015", "2014-2015", "2022-2024"],
            "value_as_published": ["?", "16", "88"],
            "unit_as_published": ["USD", "USD million", "USD million"],
            "value_usd": [float("nan"), 16e6, 88e6],
            "confidence": ["secondary", "press", "press"],
        }
    )
    out = oda.compare_with_dac2a(figures, dac, "UZB").set_index("fact_id")
    assert out.loc["x", "dac2a_years"] == "2014-2015 of 1992-2015"
    assert out.loc["y", "dac2a_net_usd"] == pytest.approx(14e6)
    assert out.loc["y", "published_to_dac2a"] == pytest.approx(16 / 14)
    assert out.loc["z", "dac2a_years"] == "none"


# --------------------------------------------------------------------------------------------
# The real files


def test_real_dac2a_keeps_koreas_negative_years_for_kazakhstan():
    korea = oda.korea_net_oda(data.load_oda_dac2a())
    negative = korea[korea["negative"]]
    assert set(negative["recipient_iso3"]) == {"KAZ"}
    assert sorted(negative["year"]) == [2013, 2015]


def test_real_wdi_and_dac2a_agree_for_kazakhstan():
    series = oda.wdi_vs_dac2a(data.load_oda_wdi_kazakhstan(), data.load_oda_dac2a())
    both = series.dropna(subset=["wdi_usd", "dac2a_usd"])
    assert len(both) == 18
    assert both["difference_usd"].abs().max() < 5_000, "DAC2a is rounded to USD 10 thousand"
    assert series["negative"].sum() == 2


def test_real_uzbekistan_leads_koreas_oda_to_the_five():
    totals = oda.cumulative(oda.korea_net_oda(data.load_oda_dac2a()))
    assert totals.iloc[0]["recipient_iso3"] == "UZB"
    rank = oda.recipient_rank(data.load_oda_recipients(), "UZB").set_index("year")
    assert rank.loc[2010, "rank"] == 7


def test_plots_return_axes_with_units(dac):
    import matplotlib.pyplot as plt

    ax = oda_figures.plot_korea_oda(oda.korea_net_oda(dac))
    assert "USD million" in ax.get_ylabel()
    ax = oda_figures.plot_donor_comparison(
        oda.donor_comparison(dac, "KAZ", ["Korea", "Japan"]), symlog=True
    )
    assert ax.get_yscale() == "symlog" and "USD million" in ax.get_ylabel()
    series = oda.korea_to("TKM", dac)
    ax = oda_figures.plot_net_bars(series, value="value_usd")
    assert len(ax.patches) == 0, "blank years draw no bar (a gap is not a zero)"
    plt.close("all")


def test_donor_totals_by_recipient_one_row_per_country(dac):
    totals = oda.donor_totals_by_recipient(dac, ["Korea", "Japan"]).set_index("recipient_iso3")
    assert list(totals.index) == list(CENTRAL_ASIA_ISO3)
    assert totals.loc["KAZ", "Japan"] == pytest.approx(-60e6)
    assert math.isnan(totals.loc["TKM", "Korea"]), "no figure in any year: missing, not zero"


def test_a_value_between_two_blank_years_is_drawn_not_lost():
    """Korea's aid to Turkmenistan in 2002, 2004 and 2006 sits between blank years: each donor
    draws a marker of its own on every value, so the three show; the blank years stay gaps."""
    import matplotlib.pyplot as plt

    dac2a = data.load_oda_dac2a()
    donors = ["Korea", "Japan", "United States", "Germany", "Turkey", "DAC Countries, Total"]
    comparison = oda.donor_comparison(dac2a, "TKM", donors)
    ax = oda_figures.plot_donor_comparison(comparison, symlog=True)
    lines = {line.get_label(): line for line in ax.get_lines() if line.get_label() in donors}
    markers = [lines[d].get_marker() for d in donors]
    assert "None" not in markers and len(set(markers)) == len(donors)
    korea = lines["Korea"]
    x, y = korea.get_xdata(), korea.get_ydata()
    isolated = [int(year) for year, value in zip(x, y, strict=True) if value == value]
    assert {2002, 2004, 2006} <= set(isolated)
    gaps = [int(year) for year, value in zip(x, y, strict=True) if value != value]
    assert gaps == [2003, 2005, 2007], "a blank year is a gap, not a zero"
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert set(donors) <= legend
    plt.close("all")


def test_a_blank_regional_cell_is_not_drawn_as_zero(dac):
    blank = _all_five_reported(dac)
    regional = (blank["recipient"] == "Central Asia, regional") & (blank["year"] == 2015)
    blank.loc[regional, ["value", "value_usd"]] = float("nan")
    total = oda.ca_share_of_korea_total(blank).set_index("year")
    assert total.loc[2014, "five_and_regional_share_pct"] == pytest.approx(9.0)
    assert math.isnan(total.loc[2015, "five_and_regional_share_pct"])
    assert total.loc[2015, "five_share_pct"] == pytest.approx(8.0)
    real = oda.ca_share_of_korea_total(data.load_oda_dac2a())
    assert list(real.loc[real["regional_usd"].isna(), "year"]) == [2002, 2003, 2004, 2005, 2006]
    assert real.loc[real["regional_usd"].isna(), "five_and_regional_share_pct"].isna().all()


def test_the_source_line_never_overlaps_a_label_of_the_oda_figures():
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from kca_analysis import figures
    from tests.test_forums import source_line_overlaps

    dac2a = data.load_oda_dac2a()
    drawn = {
        "korea": lambda ax: oda_figures.plot_korea_oda(oda.korea_net_oda(dac2a), ax=ax),
        "share": lambda ax: oda_figures.plot_share_of_korea_total(
            oda.ca_share_of_korea_total(dac2a), ax=ax
        ),
        "kazakhstan": lambda ax: oda_figures.plot_net_bars(
            oda.wdi_vs_dac2a(data.load_oda_wdi_kazakhstan(), dac2a), value="wdi_usd", ax=ax
        ),
        "donors": lambda ax: oda_figures.plot_donor_comparison(
            oda.donor_comparison(dac2a, "UZB", list(vocab.DONORS[:7])), ax=ax, symlog=True
        ),
        "top": lambda ax: oda_figures.plot_top_recipients(
            oda.top_recipients(data.load_oda_recipients(), 2010, n=20), ax=ax
        ),
    }
    with mpl.rc_context():
        figures.set_style()
        for name, draw in drawn.items():
            fig, ax = plt.subplots(layout="constrained")  # as 04_oda draws them
            draw(ax)
            assert source_line_overlaps(fig) == [], name
            plt.close(fig)
