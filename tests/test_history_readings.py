"""01_history's readings of the data (issue 12): whose figure each value is, coverage gaps as
gaps, the one reading of the decline after 1997, and the figures that show them.

Each test names the item of issue 12 it proves; each fails on the code before it (the series
said "importer-reported", gaps were no concern of the analysis, the decline's second measure and
the baseline were not computed, the figures shared markers across kinds of figure).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kca_analysis import data
from kca_analysis.analysis import crisis, history, source_overlap, trade_history, trade_partners
from kca_analysis.analysis.trade_history import (
    SERIES_COW,
    SERIES_DOTS_KOREA,
    SERIES_DOTS_PARTNER,
    SERIES_ORDER,
)
from kca_analysis.figures import history as history_figures
from kca_analysis.figures import trade_history as trade_figures
from tests.conftest import title_of

from .test_history import BASE, ETHNIC, TABLE1, _cow, _dots, _series

FLOWS = ("import", "export")
EIGHT = ["CHN", "RUS", "JPN", "USA", "TUR", "DEU", "IND", "IRN"]


@pytest.fixture(autouse=True)
def _headless_figures():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


# --------------------------------------------------------------------------------------------
# Item 2: say whose figure it is


def _sources_2010():
    """COW with Korea's 2010 export derived; DOTS with the partner side an IMF estimate."""
    cow = _cow(
        {
            (2010, "UZB", "KOR", "import"): 110.0,  # Korea's export: Korea's figure x 1.10
            (2010, "UZB", "KOR", "export"): 5.0,
        },
        derived={(2010, "UZB", "KOR", "import")},
    )
    dots = _dots(
        {
            (2010, "UZB", "export", "Korea"): 100.0,
            (2010, "UZB", "import", "Korea"): 5.0,
            (2010, "UZB", "export", "partner"): 106.0,
            (2010, "UZB", "import", "partner"): 4.7,
        },
        estimates={(2010, "UZB", "export", "partner"), (2010, "UZB", "import", "partner")},
    )
    return trade_history.trade_history(cow, dots, None)


def test_each_value_and_turnover_says_whose_figure_it_is():
    history = _sources_2010()
    cow = history[history["series"] == SERIES_COW].set_index("flow")
    assert (cow.at["export", "basis"], cow.at["export", "reporting"]) == (
        "derived",
        "Korea (derived)",
    )
    assert (cow.at["import", "basis"], cow.at["import", "reporting"]) == ("reported", "importer")
    partner = history[history["series"] == SERIES_DOTS_PARTNER]
    assert set(partner["basis"]) == {"estimate"} and set(partner["reporting"]) == {"IMF estimate"}
    turnover = trade_history.turnover_history(history)
    by_series = turnover.set_index("series")
    assert by_series.at[SERIES_COW, "basis"] == "derived"  # the weaker flow decides
    assert by_series.at[SERIES_COW, "derived_from"] == "export: Korea's figure x 1.10: test"
    assert by_series.at[SERIES_DOTS_KOREA, "basis"] == "reported"
    assert pd.isna(by_series.at[SERIES_DOTS_KOREA, "derived_from"])
    assert trade_history.derived_years(turnover, SERIES_COW, ["UZB"]) == [2010]
    coverage = trade_history.series_coverage(turnover).set_index("series")
    assert coverage.at[SERIES_COW, "derived_or_estimated_years"] == "2010"
    assert coverage.at[SERIES_COW, "derived_from"] == "Korea's figure x 1.10"
    assert coverage.at[SERIES_DOTS_KOREA, "derived_or_estimated_years"] == ""


def test_a_frame_without_its_basis_is_refused():
    cow = _cow({(2010, "UZB", "KOR", f): 1.0 for f in FLOWS}).drop(columns="basis")
    with pytest.raises(ValueError, match="cow_trade lacks the column.*basis.*load_cow_trade"):
        trade_history.trade_history(cow, None, None)


def test_the_overlap_counts_derived_and_estimated_figures():
    overlap = source_overlap.source_overlap(_sources_2010())
    row = overlap.set_index(["flow", "dots_side"])
    assert row.at[("export", "Korea"), "cow_basis"] == "derived"
    assert row.at[("export", "partner"), "dots_basis"] == "estimate"
    summary = source_overlap.overlap_summary(overlap).set_index(["flow", "dots_side"])
    assert summary.at[("export", "Korea"), "cow_derived"] == 1
    assert summary.at[("export", "Korea"), "median_ratio"] == pytest.approx(1.10)
    assert summary.at[("export", "partner"), "dots_estimates"] == 1
    assert summary.at[("import", "Korea"), "cow_derived"] == 0


def test_the_real_series_no_longer_call_cow_importer_reported():
    history = trade_history.trade_history(data.load_cow_trade(), data.load_dots_trade(), None)
    assert not any("importer-reported" in name for name in SERIES_ORDER)
    derived = history[(history["series"] == SERIES_COW) & (history["basis"] == "derived")]
    assert len(derived) == 21 and set(derived["flow"]) == {"export"}  # Korea's exports
    assert set(derived["year"]) == set(range(2010, 2015))
    estimates = history[history["basis"] == "estimate"]
    assert set(estimates["series"]) == {SERIES_DOTS_PARTNER} and len(estimates) == 30
    assert set(estimates["country"]) == {"Turkmenistan", "Tajikistan"}


# --------------------------------------------------------------------------------------------
# Item 1: coverage gaps are gaps, and the baseline the data allow


def _gappy_partners():
    """Uzbekistan with Korea, China and Russia, 1992-1999; Russia not recorded in 1992-1993."""
    cow = _cow(
        {
            (year, "UZB", partner, flow): value
            for year in range(1992, 2000)
            for (partner, value) in (("KOR", 1.0 + year - 1992), ("CHN", 5.0), ("RUS", 10.0))
            for flow in FLOWS
        }
    )
    rus = (cow["partner_iso3"] == "RUS") & cow["year"].isin([1992, 1993])
    cow.loc[rus, ["value", "value_usd"]] = np.nan
    cow.loc[rus, "coverage"] = "gap"
    cow.loc[rus, "gap_reason"] = "leading_zero"
    return cow


def test_coverage_gaps_and_the_first_complete_year():
    cow = _gappy_partners()
    gaps = trade_partners.coverage_gaps(cow, ["CHN", "RUS"])
    assert list(gaps["partner_iso3"]) == ["RUS"]
    assert list(gaps["years"]) == [(1992, 1993)] and list(gaps["reasons"]) == [("leading_zero",)]
    assert trade_partners.first_complete_year(cow, ["CHN", "RUS"]) == 1994
    assert trade_partners.first_complete_year(cow, ["CHN"]) == 1992  # China is recorded from 1992
    assert trade_partners.coverage_gaps(cow, ["CHN"]).empty
    shares = trade_partners.korea_partner_share(cow, ["CHN", "RUS"]).set_index("year")
    assert not shares.loc[[1992, 1993], "complete"].any()  # no share over a gap
    change = trade_partners.share_change(trade_partners.partner_shares(cow, ["CHN", "RUS"]))
    assert change["first_start"].iloc[0] == 1994


def test_the_real_baseline_is_1994_and_the_shares_are_recomputed():
    cow = data.load_cow_trade()
    assert trade_partners.first_complete_year(cow, EIGHT) == data.first_complete_year(cow) == 1994
    change = trade_partners.share_change(trade_partners.partner_shares(cow, EIGHT))
    change = change.set_index("partner_iso3")
    assert (change["first_start"].iloc[0], change["first_end"].iloc[0]) == (1994, 1996)
    # Russia's share of the five's trade with the nine halved; China's rose about eightfold.
    assert change.at["RUS", "share_first_pct"] == pytest.approx(61.4, abs=0.05)
    assert change.at["RUS", "share_last_pct"] == pytest.approx(30.0, abs=0.05)
    assert change.at["CHN", "share_first_pct"] == pytest.approx(5.4, abs=0.05)
    assert change.at["CHN", "share_last_pct"] == pytest.approx(43.0, abs=0.05)
    # Korea's 1993 shares, inflated by Russia's zeros, are no shares at all.
    korea = trade_partners.korea_partner_share(cow, EIGHT).set_index(["year", "iso3"])
    for code in ("UZB", "KAZ", "TKM"):
        assert not korea.at[(1993, code), "complete"]
        assert np.isnan(korea.at[(1993, code), "korea_share_pct"])
    gaps = trade_partners.coverage_gaps(cow, EIGHT).set_index(["partner_iso3", "iso3"])
    assert gaps.at[("RUS", "KAZ"), "years"] == (1992, 1993)
    assert gaps.at[("TUR", "UZB"), "reasons"] == ("absent",)


def test_the_share_figure_shades_the_years_without_a_share():
    shares = trade_partners.korea_partner_share(_gappy_partners(), ["CHN", "RUS"])
    ax = trade_figures.plot_korea_share(shares)
    assert len(ax.patches) == 2  # 1992 and 1993
    line = ax.lines[0]
    drawn = dict(zip(line.get_xdata(), line.get_ydata(), strict=True))
    assert np.isnan(drawn[1992]) and np.isnan(drawn[1993]) and drawn[1994] > 0
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("coverage gap, not zero" in label for label in labels)
    assert "% of the state's trade with the 3 partners" == ax.get_ylabel()


# --------------------------------------------------------------------------------------------
# Item 3: the decline after 1997, one reading (C04 and 01_history)


def _crisis_turnover():
    values = {}
    for year, value in BASE.items():
        for flow in FLOWS:
            values[(year, "UZB", "KOR", flow)] = value / 2
            values[(year, "KAZ", "KOR", flow)] = 10.0 + year - 1996  # no fall
    return trade_history.turnover_history(trade_history.trade_history(_cow(values), None, None))


def test_the_decline_reading_gives_both_measures_of_the_fall():
    reading = crisis.decline_reading(_crisis_turnover(), ["UZB", "KAZ"])
    assert reading.low.year == 1999  # 50 + 26 = 76, the lowest total of 1998-2008
    # Between the window averages: Uzbekistan falls 51.25 a year, Kazakhstan rises 6.
    assert reading.share_of_fall_pct("UZB") == pytest.approx(100 * 51.25 / 45.25)
    # From the last pre-crisis year to the low point: 142 -> 76; Uzbekistan 120 -> 50.
    to_low = reading.year_to_low
    assert (to_low.from_year, to_low.to_year, to_low.fall_musd) == (1997, 1999, 66.0)
    assert to_low.share_pct("UZB") == pytest.approx(100 * 70 / 66)
    assert [code for code, _ in to_low.shares] == ["UZB", "KAZ"]
    pd.testing.assert_frame_equal(
        reading.test, crisis.crisis_test(_crisis_turnover(), ["UZB", "KAZ"])
    )


def test_the_real_decline_is_mostly_uzbekistan_and_bottoms_in_2002():
    cow = data.load_cow_trade()
    turnover = trade_history.turnover_history(trade_history.trade_history(cow, None, None))
    reading = crisis.decline_reading(turnover, ["UZB", "KAZ", "KGZ", "TJK", "TKM"])
    assert reading.low.year == 2002
    assert round(reading.share_of_fall_pct("UZB")) == 84  # the shared definition
    assert round(reading.year_to_low.share_pct("UZB")) == 96  # 1997 to 2002, named as such


# --------------------------------------------------------------------------------------------
# Item 2 and item 6 in the figures: one marker per kind of figure, estimates hollow


def test_trade_panels_give_each_kind_of_figure_its_own_legend_marker():
    history = _sources_2010()
    cow = _cow({(2011, "KAZ", "KOR", f): 3.0 for f in FLOWS})
    more = trade_history.trade_history(cow, None, TABLE1)
    turnover = trade_history.turnover_history(pd.concat([history, more], ignore_index=True))
    panels = trade_figures.plot_trade_panels(
        turnover, ["UZB", "KAZ"], years=(2010, 2023), title="what is drawn"
    )
    (legend,) = panels[0].figure.legends
    keys = [(h.get_marker(), h.get_color(), h.get_markerfacecolor()) for h in legend.legend_handles]
    assert len(set(keys)) == len(keys)  # no two entries share a marker
    labels = [t.get_text() for t in legend.get_texts()]
    assert "COW v4.0: derived from Korea's own figure (hollow)" in labels
    assert any(label.startswith(SERIES_DOTS_PARTNER + ": estimate") for label in labels)
    assert any("partial year" in label for label in labels)
    assert "IMF DOTS, Korea-reported" in labels  # Korea's DOTS, drawn only in Uzbekistan's panel
    hollow = [line for p in panels for line in p.lines if line.get_label().endswith("(hollow)")]
    assert hollow and all(line.get_markerfacecolor() == "white" for line in hollow)
    assert panels[0].figure.get_suptitle() == "what is drawn"


def test_the_overlap_figure_draws_estimates_and_derived_values_hollow():
    ax = trade_figures.plot_source_overlap(source_overlap.source_overlap(_sources_2010()))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "DOTS partner side: estimate (hollow)" in labels
    assert "COW = 1.10 x Korea's DOTS" in labels  # the derived values' ratio, computed
    hollow = [c for c in ax.collections if len(c.get_facecolor()) == 0]
    # COW's derived export against both sides, and both estimated partner figures
    assert len(hollow) == 3
    assert title_of(ax).startswith("COW against IMF DOTS, 2010-2010")


def test_the_crisis_figure_draws_derived_years_hollow():
    ax = history_figures.plot_crisis_test(_series(BASE), derived_years=[2007, 2008])
    (hollow,) = [line for line in ax.lines if "(hollow)" in line.get_label()]
    assert list(hollow.get_xdata()) == [2007, 2008]
    assert hollow.get_markerfacecolor() == "white"


# --------------------------------------------------------------------------------------------
# Item 4: how a diaspora figure was produced, and separately how we read it


def test_the_diaspora_figure_shows_production_and_reading_apart():
    series = history.ethnic_korean_series(ETHNIC, ["UZB", "KAZ"])
    assert {"production", "confidence"} <= set(series.columns)
    ax = history_figures.plot_ethnic_koreans(series)
    legend = ax.get_legend()
    keys = [(h.get_marker(), h.get_fillstyle()) for h in legend.legend_handles]
    assert len(set(keys)) == len(keys)
    labels = [t.get_text() for t in legend.get_texts()]
    assert "shape: embassy estimate" in labels and "shape: census" in labels
    assert "fill: official (on the publisher's page)" in labels
    drawn = {(line.get_marker(), line.get_fillstyle()) for line in ax.lines}
    assert ("D", "full") in drawn  # an embassy estimate read on the agency's page
    assert ("o", "none") in drawn  # a census read through a mirror


def test_relations_come_one_dated_row_per_state():
    relations = data.load_diplomatic_relations()
    table = history.relations_by_country(relations)
    assert list(table["iso3"]) == ["UZB", "KAZ", "KGZ", "TJK", "TKM"]
    assert set(table["year"]) == {1992}
    fewer = history.relations_by_country(relations[relations["iso3"] != "TJK"])
    assert pd.isna(fewer.set_index("iso3").at["TJK", "year"])
    twice = pd.concat([relations, relations[relations["iso3"] == "KAZ"]])
    with pytest.raises(ValueError, match="more than one row for KAZ"):
        history.relations_by_country(twice)
