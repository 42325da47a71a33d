"""History: periods, trade history across sources, source agreement, the crisis test, partners,
the diaspora, and their figures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kca_analysis import data, text, vocab
from kca_analysis.analysis import crisis, history, source_overlap, trade_history, trade_partners
from kca_analysis.figures import history as history_figures
from kca_analysis.figures import trade_history as trade_figures
from tests.conftest import title_of


@pytest.fixture(autouse=True)
def _headless_figures():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


# --------------------------------------------------------------------------------------------
# Fixtures in the loaders' shapes


def _events(rows):
    frame = pd.DataFrame(
        rows, columns=["event_id", "date", "year", "event", "actors", "category", "section", "ref"]
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame


EVENTS = _events(
    [
        ("start", None, 1990, "independence, 'in the 1990s'", "", "independence", "s", "[1]"),
        ("crash", "1997", 1997, "crisis", "", "crisis", "s", None),
        ("plan", "2007", 2007, "strategy", "", "policy", "s", "[4]"),
        ("undated", None, None, "undated event", "", "economic", "s", None),
    ]
)
ANCHORS = (("start", "First"), ("crash", "Crisis"), ("plan", "Plan"))


def _cow(values, derived=()):
    """COW rows (Central Asian side) from {(year, iso3, partner_iso3, flow): USD million}.

    Keys in ``derived`` are marked ``basis = derived`` (Korea's figure x 1.10), the others
    ``reported``; a missing value is a coverage gap, as the loader marks it.
    """
    names = {"UZB": "Uzbekistan", "KAZ": "Kazakhstan"}
    partners = {"KOR": "South Korea", "CHN": "China", "RUS": "Russia"}
    rows = [
        {
            "year": year,
            "country": names[code],
            "iso3": code,
            "partner": partners[partner],
            "partner_iso3": partner,
            "flow": flow,
            "value": value,
            "unit": "USD million",
            "value_usd": np.nan if value is None else value * 1e6,
            "basis": None
            if value is None
            else ("derived" if (year, code, partner, flow) in derived else "reported"),
            "derived_from": "Korea's figure x 1.10: test"
            if (year, code, partner, flow) in derived
            else None,
            "coverage": "gap" if value is None else "reported",
            "gap_reason": "missing" if value is None else None,
        }
        for (year, code, partner, flow), value in values.items()
    ]
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _dots(values, estimates=()):
    """DOTS rows from {(year, iso3, flow, side): USD million}, side 'Korea' or 'partner'.

    Keys in ``estimates`` are marked ``basis = estimate`` (the IMF's), the others ``reported``.
    """
    names = {"UZB": "Uzbekistan", "KAZ": "Kazakhstan"}
    rows = [
        {
            "year": year,
            "country": names[code],
            "iso3": code,
            "flow": flow,
            "reporting_side": "Korea" if side == "Korea" else names[code],
            "value": value,
            "unit": "USD million",
            "period": str(year),
            "months": 12,
            "value_usd": value * 1e6,
            "basis": "estimate" if (year, code, flow, side) in estimates else "reported",
            "derived_from": "IMF estimate: test" if (year, code, flow, side) in estimates else None,
        }
        for (year, code, flow, side), value in values.items()
    ]
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    frame["months"] = frame["months"].astype("Int64")
    return frame


TABLE1 = pd.DataFrame(
    {
        "iso3": ["UZB"] * 4,
        "country": ["Uzbekistan"] * 4,
        "flow": ["export", "import", "export", "import"],
        "period": ["2022", "2022", "2023-01..10", "2023-01..10"],
        "months": [12, 12, 10, 10],
        "value_thousand_usd": [2_000_000, 30_000, 1_900_000, 80_000],
        "value_usd": [2_000_000_000, 30_000_000, 1_900_000_000, 80_000_000],
    }
)


# --------------------------------------------------------------------------------------------
# Periods


def test_periods_start_at_their_events_and_tile_the_years():
    periods = history.policy_periods(EVENTS, end_year=2010, anchors=ANCHORS)
    assert list(periods["start_year"]) == [1990, 1997, 2007]
    assert list(periods["end_year"]) == [1996, 2006, 2010]
    assert list(periods["exact_date"]) == [False, True, True]  # decade-only start flagged


def test_moving_an_event_moves_its_period():
    moved = EVENTS.copy()
    moved.loc[moved["event_id"] == "crash", "year"] = 1998
    periods = history.policy_periods(moved, anchors=ANCHORS)
    assert list(periods["start_year"]) == [1990, 1998, 2007]
    assert periods["end_year"].iloc[0] == 1997


def test_periods_refuse_a_missing_or_undated_anchor_and_disorder():
    with pytest.raises(LookupError, match="'nothing'"):
        history.policy_periods(EVENTS, anchors=(("nothing", "X"),))
    with pytest.raises(LookupError, match="'undated'"):
        history.policy_periods(EVENTS, anchors=(("undated", "X"),))
    with pytest.raises(ValueError, match="chronological"):
        history.policy_periods(EVENTS, anchors=(("plan", "P"), ("start", "S")))


def test_the_papers_periods_from_the_real_events():
    events = data.load_events().set_index("event_id")
    periods = history.policy_periods(events.reset_index())
    assert len(periods) == len(history.PERIOD_ANCHORS)
    for row in periods.itertuples():
        assert row.start_year == events.at[row.event_id, "year"]
    assert (periods["start_year"].iloc[1:].to_numpy() == periods["end_year"].iloc[:-1] + 1).all()


def test_clip_periods_and_events():
    periods = history.policy_periods(EVENTS, end_year=2010, anchors=ANCHORS)
    clipped = history.clip_periods(periods, 2000, 2008)
    assert list(clipped["label"]) == ["Crisis", "Plan"]
    assert (clipped["start_year"].min(), clipped["end_year"].max()) == (2000, 2008)
    assert list(history.undated_events(EVENTS)["event_id"]) == ["undated"]
    assert list(history.dated_events(EVENTS, 1995, 2000)["event_id"]) == ["crash"]


def test_format_names():
    assert text.format_names([]) == ""
    assert text.format_names(["A"]) == "A"
    assert text.format_names(["A", "B", "C"]) == "A, B and C"


@given(st.sets(st.integers(1900, 2100), max_size=30))
def test_format_years_round_trips(years):
    written = text.format_years(years)
    back = set()
    for part in filter(None, written.split(", ")):
        first, _, last = part.partition("-")
        back |= set(range(int(first), int(last or first) + 1))
    assert back == years


# --------------------------------------------------------------------------------------------
# Trade history


def test_cow_flows_are_flipped_to_koreas_side_and_other_partners_ignored():
    cow = _cow(
        {
            (2000, "UZB", "KOR", "import"): 100.0,  # Uzbekistan imports from Korea
            (2000, "UZB", "KOR", "export"): 5.0,
            (2000, "UZB", "CHN", "import"): 999.0,
        }
    )
    history = trade_history.trade_history(cow, None, None)
    flows = history.set_index("flow")["value_musd"]
    assert flows["export"] == 100.0  # = Korea's export
    assert flows["import"] == 5.0
    assert set(history["series"]) == {trade_history.SERIES_COW}


def test_table1_partial_year_is_flagged_never_annualised():
    history = trade_history.trade_history(None, None, TABLE1)
    partial = history[history["partial"]]
    assert set(partial["period"]) == {"2023-01..10"}
    assert set(partial["months"]) == {10}
    assert partial.loc[partial["flow"] == "export", "value_musd"].item() == 1900.0


def test_trade_history_needs_a_source_and_filters_countries():
    with pytest.raises(ValueError, match="at least one"):
        trade_history.trade_history(None, None, None)
    dots = _dots({(2010, "UZB", "export", "Korea"): 1.0, (2010, "KAZ", "export", "Korea"): 2.0})
    assert set(trade_history.trade_history(None, dots, None, countries=["KAZ"])["iso3"]) == {"KAZ"}


def test_turnover_is_missing_when_a_flow_is_missing():
    cow = _cow(
        {
            (2000, "UZB", "KOR", "import"): 100.0,
            (2000, "UZB", "KOR", "export"): None,  # a gap in the source
            (2001, "UZB", "KOR", "import"): 10.0,
            (2001, "UZB", "KOR", "export"): 0.0,  # rounded to zero: a real value
        }
    )
    turnover = trade_history.turnover_history(trade_history.trade_history(cow, None, None))
    values = turnover.set_index("year")["turnover_musd"]
    assert np.isnan(values[2000])
    assert values[2001] == 10.0


def test_total_turnover_refuses_partial_sums():
    cow = _cow(
        {
            (2000, "UZB", "KOR", "import"): 1.0,
            (2000, "UZB", "KOR", "export"): 1.0,
            (2000, "KAZ", "KOR", "import"): 2.0,
            (2000, "KAZ", "KOR", "export"): 2.0,
            (2001, "UZB", "KOR", "import"): 1.0,
            (2001, "UZB", "KOR", "export"): 1.0,
        }
    )
    turnover = trade_history.turnover_history(trade_history.trade_history(cow, None, None))
    total = trade_history.total_turnover(turnover, trade_history.SERIES_COW, ["UZB", "KAZ"])
    assert total[2000] == 6.0
    assert np.isnan(total[2001])  # Kazakhstan missing: no sum of the others


def test_uncovered_years_and_coverage():
    cow = _cow(
        {(y, "UZB", "KOR", f): 1.0 for y in (1992, 1993, 1995) for f in ("import", "export")}
    )
    turnover = trade_history.turnover_history(trade_history.trade_history(cow, None, TABLE1))
    assert trade_history.uncovered_years(turnover, "UZB", 1990, 2023) == [
        1990,
        1991,
        1994,
        *range(1996, 2022),
    ]
    coverage = trade_history.series_coverage(turnover).set_index("series")
    assert coverage.loc[trade_history.SERIES_COW, "missing_years"] == "1994"


# --------------------------------------------------------------------------------------------
# Overlap of COW and DOTS


def test_source_overlap_ratio_difference_and_rounding():
    cow = _cow(
        {
            (2010, "UZB", "KOR", "import"): 100.0,  # Korea's export
            (2010, "UZB", "KOR", "export"): 20.0,  # Korea's import
        }
    )
    dots = _dots(
        {
            (2010, "UZB", "export", "Korea"): 80.0,
            (2010, "UZB", "export", "partner"): 100.4,
            (2010, "UZB", "import", "Korea"): 20.5,
            (2010, "UZB", "import", "partner"): 40.0,
            (2011, "UZB", "import", "Korea"): 7.0,  # no COW year: not compared
        }
    )
    overlap = source_overlap.source_overlap(trade_history.trade_history(cow, dots, None))
    assert len(overlap) == 4
    row = overlap.set_index(["flow", "dots_side"])
    assert row.loc[("export", "Korea"), "ratio"] == pytest.approx(1.25)
    assert row.loc[("export", "Korea"), "difference_musd"] == pytest.approx(20.0)
    assert bool(row.loc[("export", "partner"), "within_rounding"])
    assert bool(row.loc[("import", "Korea"), "within_rounding"])  # 0.5 is still rounding
    assert not bool(row.loc[("import", "partner"), "within_rounding"])
    summary = source_overlap.overlap_summary(overlap).set_index(["flow", "dots_side"])
    assert summary.loc[("export", "partner"), "within_rounding"] == 1
    assert summary.loc[("import", "partner"), "median_abs_pct_diff"] == pytest.approx(50.0)


def test_real_overlap_cow_imports_match_koreas_dots_report():
    history = trade_history.trade_history(data.load_cow_trade(), data.load_dots_trade(), None)
    overlap = source_overlap.source_overlap(history)
    assert set(overlap["year"]) == set(range(2010, 2015))
    imports = overlap[(overlap["flow"] == "import") & (overlap["dots_side"] == "Korea")]
    assert imports["within_rounding"].all()  # COW takes Korea's imports from Korea's report


# --------------------------------------------------------------------------------------------
# Decline after 1997, resurgence in the 2000s


def _series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype="float64")


BASE = {1996: 100, 1997: 120, 1998: 60, 1999: 50, 2000: 55, 2001: 70, 2002: 90, 2003: 100}
BASE |= {2004: 105, 2005: 130, 2006: 140, 2007: 150, 2008: 160}


def test_crisis_test_finds_decline_and_resurgence():
    result = crisis.crisis_test_series(_series(BASE))
    assert result["declined"] is True and result["resurged"] is True
    assert result["pre_mean_musd"] == 110.0
    assert result["post_mean_musd"] == pytest.approx(58.75)
    assert result["change_after_pct"] == pytest.approx((58.75 / 110 - 1) * 100)
    assert result["first_year_above_pre"] == 2005


def test_crisis_verdict_flips_when_the_trade_is_altered():
    no_decline = BASE | {1998: 130, 1999: 140, 2000: 150, 2001: 160}
    result = crisis.crisis_test_series(_series(no_decline))
    assert result["declined"] is False
    no_revival = BASE | {2005: 40, 2006: 40, 2007: 40, 2008: 40}
    assert crisis.crisis_test_series(_series(no_revival))["resurged"] is False


def test_crisis_test_with_a_missing_year_is_not_testable():
    gappy = BASE | {1999: np.nan}
    result = crisis.crisis_test_series(_series(gappy))
    assert result["declined"] is pd.NA
    frame_values = {
        (y, "UZB", "KOR", f): (v / 2 if y != 1999 else None)
        for y, v in BASE.items()
        for f in ("import", "export")
    }
    turnover = trade_history.turnover_history(
        trade_history.trade_history(_cow(frame_values), None, None)
    )
    table = crisis.crisis_test(turnover, ["UZB"])
    assert pd.isna(table["declined"].iloc[0]) and pd.isna(table["resurged"].iloc[0])
    assert "verdict" not in table  # the label is worded by text.crisis


@given(st.floats(min_value=1e-3, max_value=1e6))
def test_crisis_test_does_not_depend_on_the_unit(scale):
    plain = crisis.crisis_test_series(_series(BASE))
    scaled = crisis.crisis_test_series(_series({y: v * scale for y, v in BASE.items()}))
    assert scaled["declined"] == plain["declined"] and scaled["resurged"] == plain["resurged"]
    assert scaled["change_after_pct"] == pytest.approx(plain["change_after_pct"])


def test_crisis_test_per_country_and_together():
    values = {}
    for year, value in BASE.items():
        for flow in ("import", "export"):
            values[(year, "UZB", "KOR", flow)] = value / 2
            values[(year, "KAZ", "KOR", flow)] = 10.0 + year - 1996  # steady growth
    turnover = trade_history.turnover_history(trade_history.trade_history(_cow(values), None, None))
    table = crisis.crisis_test(turnover, ["UZB", "KAZ"]).set_index("scope")
    assert bool(table.loc["UZB", "declined"]) and not bool(table.loc["KAZ", "declined"])
    assert not table.loc["KAZ", "declined"] and table.loc["KAZ", "resurged"]
    assert table.loc["all selected", "pre_mean_musd"] == pytest.approx(110 + 2 * 10.5)


def test_crisis_windows_are_named_in_order():
    assert crisis.CRISIS_WINDOWS.named() == (
        ("before", (1996, 1997)),
        ("after", (1998, 2001)),
        ("resurgence", (2005, 2008)),
    )


def test_early_decade_profile_counts_leading_years():
    values = {}
    for year in range(1992, 1996):
        for flow in ("import", "export"):
            values[(year, "UZB", "KOR", flow)] = 10.0 if year < 1995 else 1.0
            values[(year, "KAZ", "KOR", flow)] = 5.0
    turnover = trade_history.turnover_history(trade_history.trade_history(_cow(values), None, None))
    profile = trade_history.early_decade_profile(turnover, ["UZB", "KAZ"], (1992, 1995))
    profile = profile.set_index("iso3")
    assert profile.loc["UZB", "years_largest"] == 3
    assert profile.loc["KAZ", "years_largest"] == 1
    assert profile.loc["KAZ", "cv"] == 0.0
    assert profile["share_of_selected_pct"].sum() == pytest.approx(100.0)


def test_korea_total_trade_adds_exports_and_imports():
    totals = pd.DataFrame(
        {
            "year": [2000, 2000, 2000],
            "indicator_code": ["TX.VAL.MRCH.CD.WT", "TM.VAL.MRCH.CD.WT", "NE.EXP.GNFS.CD"],
            "value_usd": [3e6, 2e6, 99e6],
        }
    )
    assert crisis.korea_total_trade(totals)[2000] == 5.0


# --------------------------------------------------------------------------------------------
# Korea among the partners


def test_resolve_partners():
    assert vocab.resolve_partners(["China", "Russian Federation", "South Korea"]) == [
        "CHN",
        "RUS",
    ]
    with pytest.raises(ValueError, match="unknown partner 'Mongolia'.*China"):
        vocab.resolve_partners(["Mongolia"])
    with pytest.raises(ValueError, match="more than once"):
        vocab.resolve_partners(["China", "CHN"])
    with pytest.raises(ValueError, match="must be a list"):
        vocab.resolve_partners("China")


def test_korea_share_is_of_the_compared_partners_only():
    cow = _cow(
        {
            (2000, "UZB", "KOR", "import"): 20.0,
            (2000, "UZB", "KOR", "export"): 5.0,
            (2000, "UZB", "CHN", "import"): 50.0,
            (2000, "UZB", "CHN", "export"): 25.0,
            (2000, "UZB", "RUS", "import"): 100.0,
            (2000, "UZB", "RUS", "export"): None,  # a gap: no share that year
            (2001, "UZB", "KOR", "import"): 10.0,
            (2001, "UZB", "KOR", "export"): 0.0,
            (2001, "UZB", "CHN", "import"): 30.0,
            (2001, "UZB", "CHN", "export"): 0.0,
            (2001, "UZB", "RUS", "import"): 60.0,
            (2001, "UZB", "RUS", "export"): 0.0,
        }
    )
    with_china = trade_partners.korea_partner_share(cow, ["CHN"]).set_index("year")
    assert with_china.loc[2000, "korea_share_pct"] == pytest.approx(25.0)
    assert with_china.loc[2000, "korea_rank"] == 2
    assert with_china.loc[2000, "compared"] == 2
    both = trade_partners.korea_partner_share(cow, ["CHN", "RUS"]).set_index("year")
    assert not both.loc[2000, "complete"] and np.isnan(both.loc[2000, "korea_share_pct"])
    assert both.loc[2001, "korea_share_pct"] == pytest.approx(10.0)
    assert both.loc[2001, "korea_rank"] == 3
    summary = trade_partners.share_summary(both.reset_index())
    assert summary.loc[0, "years"] == 1 and summary.loc[0, "worst_rank"] == 3


# --------------------------------------------------------------------------------------------
# Ethnic Koreans


ETHNIC = pd.DataFrame(
    {
        "country": ["Uzbekistan", "Uzbekistan", "Kazakhstan", "Kazakhstan", "Tajikistan"],
        "iso3": ["UZB", "UZB", "KAZ", "KAZ", "TJK"],
        "reference_date": ["2021-01-01", "2022-12-31", "2022-12-31", "2009", "unspecified"],
        "year": pd.array([2021, 2022, 2022, 2009, None], dtype="Int64"),
        "ethnic_koreans": [174200, 174490, 121130, 100385, 634],
        "unit": "persons",
        "type": "t",
        "production": [
            "official estimate",
            "embassy estimate",
            "embassy estimate",
            "census",
            "not stated",
        ],
        "original_source": ["stat", "agency (long name)", "agency", "census", "wiki"],
        "source": ["u1", "u2", "u2", "u3", "u4"],
        "confidence": ["secondary", "official", "official", "secondary", "secondary"],
    }
)


def test_diaspora_common_estimate_uses_one_source_and_date():
    pair = history.diaspora_common_estimate(ETHNIC, ["UZB", "KAZ"])
    assert pair["ethnic_koreans"].sum() == 174490 + 121130
    assert set(pair["reference_date"]) == {"2022-12-31"}
    assert history.diaspora_common_estimate(ETHNIC, ["UZB", "TJK"]).empty


def test_ethnic_series_leaves_undated_figures_out():
    series = history.ethnic_korean_series(ETHNIC, ["UZB", "KAZ", "TJK"])
    assert "TJK" not in set(series["iso3"])
    assert list(series["year"]) == [2009, 2022, 2021, 2022]


# --------------------------------------------------------------------------------------------
# Plots


def test_plots_return_axes_with_units():
    periods = history.policy_periods(EVENTS, end_year=2010, anchors=ANCHORS)
    ax = history_figures.plot_policy_timeline(periods, history.dated_events(EVENTS))
    assert ax.get_xlabel() == "year"
    cow = _cow({(y, "UZB", "KOR", f): 3.0 for y in (1992, 1993) for f in ("import", "export")})
    turnover = trade_history.turnover_history(trade_history.trade_history(cow, None, TABLE1))
    ax = trade_figures.plot_trade_history(turnover, "UZB", periods)
    assert "USD million" in ax.get_ylabel() and ax.get_yscale() == "log"
    labels = ax.get_legend_handles_labels()[1]
    assert any("partial year" in label for label in labels)
    ax = history_figures.plot_ethnic_koreans(history.ethnic_korean_series(ETHNIC, ["UZB", "KAZ"]))
    assert "thousand persons" in ax.get_ylabel()
    ax = history_figures.plot_crisis_test(_series(BASE))
    assert "= 100" in ax.get_ylabel()
    assert [t.get_text() for t in ax.texts] == ["before", "after", "resurgence"]


def test_trade_panels_draw_one_country_each_under_one_legend():
    cow = _cow(
        {
            (y, c, "KOR", f): 3.0
            for y in (1992, 1993)
            for c in ("UZB", "KAZ")
            for f in ("import", "export")
        }
    )
    turnover = trade_history.turnover_history(trade_history.trade_history(cow, None, TABLE1))
    panels = trade_figures.plot_trade_panels(turnover, ["UZB", "KAZ"], years=(1992, 2023))
    assert [title_of(ax) for ax in panels] == ["Uzbekistan", "Kazakhstan"]
    assert panels[0].get_xlabel() == "" and panels[-1].get_xlabel() == "year"
    assert len(panels[0].figure.legends) == 1


def test_empty_panels_say_so_without_claiming_a_gap_in_the_data():
    cow = _cow({(2000, "UZB", p, f): 1.0 for p in ("KOR", "CHN") for f in ("import", "export")})
    empty_shares = trade_partners.korea_partner_share(cow, ["CHN"]).iloc[0:0]
    ax = trade_figures.plot_korea_share(empty_shares)
    assert [t.get_text() for t in ax.texts] == ["no share to draw in the years shown"]
    assert ax.get_legend() is None
    ax = history_figures.plot_ethnic_koreans(history.ethnic_korean_series(ETHNIC, ["TKM"]))
    assert [t.get_text() for t in ax.texts] == ["no dated figure for the selected countries"]
