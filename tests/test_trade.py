"""kca_analysis.analysis.trade and its parts: turnover, shares, concentration, partial years,
both sides of the pair, Table 1 against the press; and the trade figures."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kca_analysis import text, vocab
from kca_analysis.analysis import investment, mirror, table1, trade
from kca_analysis.countries import CENTRAL_ASIA_NAMES
from kca_analysis.figures import trade as trade_figures

matplotlib.use("Agg")


def _flows(rows):
    """Tidy flows from (iso3, country, flow, period, months, value_usd) tuples."""
    return pd.DataFrame(rows, columns=["iso3", "country", "flow", "period", "months", "value_usd"])


@pytest.fixture
def table():
    """Two countries, a full year and a 10-month partial year (USD)."""
    return _flows(
        [
            ("UZB", "Uzbekistan", "export", "2022", 12, 300.0),
            ("UZB", "Uzbekistan", "import", "2022", 12, 100.0),
            ("KAZ", "Kazakhstan", "export", "2022", 12, 500.0),
            ("KAZ", "Kazakhstan", "import", "2022", 12, 100.0),
            ("UZB", "Uzbekistan", "export", "2023-01..10", 10, 250.0),
            ("UZB", "Uzbekistan", "import", "2023-01..10", 10, 50.0),
            ("KAZ", "Kazakhstan", "export", "2023-01..10", 10, 450.0),
            ("KAZ", "Kazakhstan", "import", "2023-01..10", 10, 0.0),
        ]
    )


# --------------------------------------------------------------------------------------------
# Parameters and units


def test_bad_value_unit_names_the_parameter_and_the_allowed_values():
    with pytest.raises(ValueError) as error:
        vocab.check_value_unit("furlongs")
    message = str(error.value)
    assert "value_unit='furlongs'" in message
    for allowed in ("thousand_usd", "million_usd", "billion_usd"):
        assert allowed in message


@pytest.mark.parametrize("bad", ["USD", "Million_USD", "", None, 1000])
def test_other_bad_value_units_are_refused(bad):
    with pytest.raises(ValueError, match="value_unit"):
        vocab.unit_label(bad)


def test_in_unit_renames_and_scales_every_usd_column(table):
    summary = trade.trade_summary(table)
    shown = trade.in_unit(summary, "thousand_usd")
    assert "turnover_thousand_usd" in shown.columns and "turnover_usd" not in shown.columns
    assert shown["export_thousand_usd"].iloc[0] == pytest.approx(0.3)
    assert trade.in_unit(summary, "billion_usd")["turnover_billion_usd"].iloc[0] == 4e-7
    with pytest.raises(ValueError, match="value_unit"):
        trade.in_unit(summary, "furlongs")


def test_countries_resolve_to_iso3_and_bad_names_list_the_five():
    assert vocab.resolve_countries(["Uzbekistan", "kaz"]) == ["UZB", "KAZ"]
    with pytest.raises(ValueError) as error:
        vocab.resolve_countries(["Narnia"])
    for name in CENTRAL_ASIA_NAMES:
        assert name in str(error.value)
    with pytest.raises(ValueError, match="empty"):
        vocab.resolve_countries([])
    with pytest.raises(ValueError, match="more than once"):
        vocab.resolve_countries(["UZB", "Uzbekistan"])
    with pytest.raises(ValueError, match="list"):
        vocab.resolve_countries("UZB")


def test_period_labels_always_carry_the_months():
    assert trade.period_label("2022") == "2022 (12 months)"
    assert trade.period_label("2023-01..10", 10) == "2023 Jan-Oct (10 months)"
    assert "annualised" in trade.period_label("2023-01..10", 10, "annualised (x 12/10)")
    with pytest.raises(ValueError, match="covers 10 months"):
        trade.period_label("2023-01..10", 12)


# --------------------------------------------------------------------------------------------
# Summary and concentration


def test_summary_computes_turnover_balance_ratio_and_share(table):
    summary = trade.trade_summary(table)
    uzb = summary[(summary["iso3"] == "UZB") & (summary["period"] == "2022")].iloc[0]
    assert uzb["turnover_usd"] == 400
    assert uzb["balance_usd"] == 200
    assert uzb["export_import_ratio"] == 3
    assert uzb["share_of_total"] == pytest.approx(0.4)
    kaz23 = summary[(summary["iso3"] == "KAZ") & (summary["period"] == "2023-01..10")].iloc[0]
    assert math.isnan(kaz23["export_import_ratio"]), "no imports: the ratio is undefined"
    assert kaz23["months"] == 10
    shares = summary.groupby("period")["share_of_total"].sum()
    assert shares.to_dict() == pytest.approx({"2022": 1.0, "2023-01..10": 1.0})


def test_a_missing_flow_leaves_turnover_missing_not_zero(table):
    table.loc[1, "value_usd"] = float("nan")
    summary = trade.trade_summary(table)
    uzb = summary[(summary["iso3"] == "UZB") & (summary["period"] == "2022")].iloc[0]
    assert math.isnan(uzb["turnover_usd"]) and math.isnan(uzb["share_of_total"])
    kaz = summary[(summary["iso3"] == "KAZ") & (summary["period"] == "2022")].iloc[0]
    assert math.isnan(kaz["share_of_total"]), "a share of an incomplete total is not a share"


def test_summary_refuses_mixed_sources_and_unknown_flows(table):
    with pytest.raises(ValueError, match="more than one value"):
        trade.trade_summary(pd.concat([table, table]))
    bad = table.assign(flow="total")
    with pytest.raises(ValueError, match="'export' or 'import'"):
        trade.trade_summary(bad)


def test_hhi_on_a_hand_checkable_fixture():
    # shares 0.5, 0.3, 0.2 -> 0.25 + 0.09 + 0.04 = 0.38
    assert trade.hhi([50, 30, 20]) == pytest.approx(0.38)
    assert trade.hhi([1, 1, 1, 1]) == pytest.approx(0.25)
    assert trade.hhi([7, 0, 0]) == 1.0
    assert math.isnan(trade.hhi([1, float("nan")]))
    with pytest.raises(ValueError, match="non-negative"):
        trade.hhi([5, -1])
    with pytest.raises(ValueError, match="zero"):
        trade.hhi([0, 0])


@given(st.lists(st.floats(min_value=0.001, max_value=1e12), min_size=1, max_size=8))
def test_hhi_lies_between_one_over_n_and_one(values):
    index = trade.hhi(values)
    assert 1 / len(values) - 1e-9 <= index <= 1 + 1e-9


def test_concentration_per_period(table):
    result = trade.concentration(trade.trade_summary(table)).set_index("period")
    # 2022: turnovers 400 and 600 -> 0.16 + 0.36 = 0.52
    assert result.loc["2022", "hhi"] == pytest.approx(0.52)
    assert result.loc["2022", "hhi_points"] == pytest.approx(5200)
    assert result.loc["2022", "equivalent_partners"] == pytest.approx(1 / 0.52)
    assert result.loc["2022", "largest"] == "KAZ"
    assert result.loc["2022", "largest_share"] == pytest.approx(0.6)
    assert result.loc["2023-01..10", "months"] == 10


def test_ranking_orders_countries_within_each_period(table):
    ranked = trade.ranking(trade.trade_summary(table))
    assert list(ranked["period"]) == ["2022", "2022", "2023-01..10", "2023-01..10"]
    assert list(ranked["iso3"]) == ["KAZ", "UZB", "KAZ", "UZB"]
    assert list(ranked["rank"]) == [1, 2, 1, 2]


def test_versus_rest_sets_a_group_against_the_others(table):
    result = trade.versus_rest(trade.trade_summary(table), ["KAZ"]).set_index("period")
    # 2022: Kazakhstan 600 against Uzbekistan 400
    assert result.loc["2022", "selected"] == "KAZ"
    assert result.loc["2022", "selected_usd"] == 600 and result.loc["2022", "rest_usd"] == 400
    assert result.loc["2022", "ratio"] == pytest.approx(1.5)
    assert result.loc["2022", "selected_share"] == pytest.approx(0.6)
    with pytest.raises(ValueError, match="TJK"):
        trade.versus_rest(trade.trade_summary(table), ["TJK"])


def test_versus_rest_keeps_gaps_and_an_empty_rest_apart(table):
    gap = table.copy()
    gap.loc[1, "value_usd"] = float("nan")  # Uzbekistan's imports in 2022
    result = trade.versus_rest(trade.trade_summary(gap), ["KAZ"]).set_index("period")
    assert math.isnan(result.loc["2022", "rest_usd"]) and math.isnan(result.loc["2022", "ratio"])
    alone = trade.versus_rest(trade.trade_summary(table[table["iso3"] == "KAZ"]), ["KAZ"])
    assert (alone["ratio"] == math.inf).all()


def test_one_sidedness_and_its_spread(table):
    index = trade.one_sidedness(trade.trade_summary(table)).set_index(["period", "iso3"])
    # Uzbekistan 2022: |300 - 100| / 400; Kazakhstan 2023: exports only
    assert index.loc[("2022", "UZB"), "one_sidedness"] == pytest.approx(0.5)
    assert index.loc[("2023-01..10", "KAZ"), "one_sidedness"] == 1.0
    assert index["korea_surplus"].all()
    spread = trade.asymmetry(trade.trade_summary(table)).set_index("period")
    row = spread.loc["2022"]
    assert (row["most_balanced"], row["most_one_sided"]) == ("UZB", "KAZ")
    assert row["spread"] == pytest.approx(400 / 600 - 0.5)
    assert (row["korea_surplus"], row["korea_deficit"], row["countries"]) == (2, 0, 2)


def test_trade_views_keep_only_views_that_cover_all_five():
    from kca_analysis import data

    table1, dots = data.load_trade_table1(), data.load_dots_trade()
    views = trade.trade_views(table1, dots)
    assert list(dict.fromkeys(views["view"])) == [
        "Table 1, 2022",
        "Table 1, Jan-Oct 2023",
        "IMF DOTS 2020, Korea-reported",
        "IMF DOTS 2020, partner-reported",
    ]
    assert (views.groupby("view").size() == 10).all(), "five countries, two flows"
    gap = dots.copy()
    gap.loc[
        (gap["year"] == 2020) & (gap["iso3"] == "TJK") & (gap["reporting_side"] != "Korea"),
        "value_usd",
    ] = float("nan")
    assert "IMF DOTS 2020, partner-reported" not in set(trade.trade_views(table1, gap)["view"])
    assert trade.trade_views(table1.iloc[1:])["view"].unique().tolist() == ["Table 1, Jan-Oct 2023"]
    assert trade.trade_views().empty


# --------------------------------------------------------------------------------------------
# Partial years


def test_annualize_scales_partial_years_and_labels_them(table):
    annual = trade.annualize(table)
    partial = annual[annual["period"] == "2023-01..10"]
    full = annual[annual["period"] == "2022"]
    assert (partial["basis"] == "annualised (x 12/10)").all()
    assert (full["basis"] == "reported").all()
    assert partial["value_usd"].tolist() == pytest.approx([300.0, 60.0, 540.0, 0.0])
    assert full["value_usd"].tolist() == table.loc[full.index, "value_usd"].tolist()
    assert (annual["months"] == table["months"]).all(), "months keep the data's real coverage"


def test_annualize_refuses_twice_and_needs_months(table):
    with pytest.raises(ValueError, match="already annualised"):
        trade.annualize(trade.annualize(table))
    with pytest.raises(ValueError, match="months"):
        trade.annualize(table.drop(columns="months"))


def test_annualize_leaves_the_input_alone(table):
    before = table.copy()
    trade.annualize(table)
    pd.testing.assert_frame_equal(table, before)


def test_annualised_labels_reach_the_summary_and_comparison(table):
    summary = trade.trade_summary(trade.annualize(table))
    assert "basis" in summary.columns
    compared = trade.compare_periods(summary, "2022", "2023-01..10")
    assert compared["other_basis"].str.contains("annualised").all()
    assert compared["caveat"].str.contains("extrapolation").all()
    assert (compared["verdict"] == "no verdict: extrapolated").all()


def test_a_partial_year_above_a_full_year_is_an_increase(table):
    table.loc[table["period"] == "2023-01..10", "value_usd"] *= 10
    compared = trade.compare_periods(trade.trade_summary(table), "2022", "2023-01..10")
    assert (compared["verdict"] == "higher after 10 months already").all()


def test_humanize_usd_for_prose():
    assert text.humanize_usd(2_183_539_000) == "USD 2.18 billion"
    assert text.humanize_usd(27_932_000) == "USD 27.9 million"
    assert text.humanize_usd(541_000) == "USD 541 thousand"
    assert text.humanize_usd(-7_150_000) == "USD -7.15 million"
    assert text.humanize_usd(float("nan")) == "no figure"


def test_comparing_periods_carries_the_months(table):
    compared = trade.compare_periods(trade.trade_summary(table), "2022", "2023-01..10")
    row = compared.set_index("iso3").loc["UZB"]
    assert (row["base_months"], row["other_months"]) == (12, 10)
    assert row["change_pct"] == pytest.approx(-25.0)
    assert "10 months against 12" in row["caveat"]
    assert row["verdict"] == "open: the 2 months not yet reported decide"
    kaz = compared.set_index("iso3").loc["KAZ"]  # 450 in 10 months against 600 in 12
    assert kaz["verdict"].startswith("open")
    with pytest.raises(ValueError, match="no rows for period"):
        trade.compare_periods(trade.trade_summary(table), "2022", "2024")


# --------------------------------------------------------------------------------------------
# Both sides of the pair; shares of Korea's total; trade and GDP


@pytest.fixture
def dots():
    rows = []
    for year, k_exp, p_imp in [(2019, 100.0, 150.0), (2020, 200.0, 500.0)]:
        rows.append((year, "Kazakhstan", "KAZ", "export", "Korea", k_exp, "reported", None))
        rows.append((year, "Kazakhstan", "KAZ", "export", "Kazakhstan", p_imp, "reported", None))
        rows.append((year, "Kazakhstan", "KAZ", "import", "Korea", 50.0, "reported", None))
    rows.append((2020, "Turkmenistan", "TKM", "export", "Korea", 10.0, "reported", None))
    estimate = "IMF estimate from the Korea-reported value x 1.06: 10.0 x 1.06 = 10.6"
    rows.append((2020, "Turkmenistan", "TKM", "export", "Turkmenistan", 10.6, "estimate", estimate))
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "country",
            "iso3",
            "flow",
            "reporting_side",
            "value_usd",
            "basis",
            "derived_from",
        ],
    )
    frame["confidence"] = frame["basis"].map({"reported": "official", "estimate": "secondary"})
    frame["period"] = frame["year"].astype(str)
    frame["months"] = 12
    return frame


def test_mirror_comparison_shows_both_sides_and_says_which_is_which(dots):
    pairs = mirror.mirror_comparison(dots)
    row = pairs[(pairs["year"] == 2020) & (pairs["iso3"] == "KAZ") & (pairs["flow"] == "export")]
    row = row.iloc[0]
    assert row["korea_reported_usd"] == 200 and row["partner_reported_usd"] == 500
    assert row["partner_to_korea"] == 2.5 and row["gap_usd"] == 300 and row["gap_pct"] == 150
    assert row["korea_figure"] == "Korea's exports to Kazakhstan (Korea-reported)"
    assert row["partner_figure"] == "Kazakhstan's imports from Korea (Kazakhstan-reported)"
    missing = pairs[(pairs["iso3"] == "KAZ") & (pairs["flow"] == "import")]
    assert missing["partner_reported_usd"].isna().all(), "a missing side stays missing"


def test_an_estimate_on_the_partner_side_is_never_called_its_report(dots):
    # Issue 12, item 2: the IMF's Turkmen "partner-reported" figure is Korea's x 1.06.
    pairs = mirror.mirror_comparison(dots).set_index("iso3")
    tkm = pairs.loc["TKM"]
    assert tkm["partner_basis"] == "estimate"
    assert tkm["partner_figure"] == (
        "Turkmenistan's imports from Korea (estimate, not Turkmenistan's report)"
    )
    assert tkm["partner_derived_from"].startswith("IMF estimate from the Korea-reported value")
    with pytest.raises(ValueError, match="basis"):
        mirror.mirror_comparison(dots.drop(columns="basis"))


def test_mirror_summary_compares_the_partners_own_reports_only(dots):
    summary = mirror.mirror_summary(mirror.mirror_comparison(dots)).set_index(["iso3", "flow"])
    assert summary.loc[("KAZ", "export"), "median_ratio"] == pytest.approx(2.0)
    tkm = summary.loc[("TKM", "export")]
    assert tkm["years_estimate"] == 1 and tkm["years_reported"] == 0
    assert math.isnan(tkm["median_ratio"]), "an estimate agrees by construction: no comparison"


def test_ratio_table_gives_estimates_columns_of_their_own(dots):
    mixed = pd.concat(
        [dots, dots[dots["iso3"] == "TKM"].assign(year=2019, basis="reported", derived_from=None)],
        ignore_index=True,
    )
    table = mirror.ratio_table(mirror.mirror_comparison(mixed))
    assert table.columns.names == ["iso3", "flow", "partner figure"]
    assert table.loc[2020, ("TKM", "export", "estimate")] == pytest.approx(1.06)
    assert math.isnan(table.loc[2020, ("TKM", "export", "reported")])
    assert table.loc[2019, ("TKM", "export", "reported")] == pytest.approx(1.06)
    assert ("KAZ", "export", "reported") in table.columns


def test_share_of_korea_trade_refuses_partial_years_and_computes_shares(table):
    totals = pd.DataFrame(
        {
            "year": [2022, 2022],
            "indicator_code": ["TX.VAL.MRCH.CD.WT", "TM.VAL.MRCH.CD.WT"],
            "value_usd": [8000.0, 2000.0],
        }
    )
    korea = trade.korea_side(table1=table.assign(value_thousand_usd=0))
    with pytest.raises(ValueError, match="10 months"):
        trade.share_of_korea_trade(korea, totals)
    shares = trade.share_of_korea_trade(korea[korea["months"] == 12], totals)
    by_flow = shares.set_index("flow")["share_pct"]
    assert by_flow["export"] == pytest.approx(10.0)
    assert by_flow["import"] == pytest.approx(10.0)
    assert by_flow["turnover"] == pytest.approx(10.0)


def test_trade_to_gdp_divides_by_the_partners_gdp(table):
    full = trade.korea_side(table1=table[table["months"] == 12])
    summary = trade.trade_summary(full)
    gdp = pd.DataFrame({"iso3": ["UZB", "KAZ"], "year": [2022, 2022], "value_usd": [4000.0, 0.0]})
    gdp.loc[1, "value_usd"] = float("nan")
    out = trade.trade_to_gdp(summary, gdp).set_index("iso3")
    assert out.loc["UZB", "turnover_pct_gdp"] == pytest.approx(10.0)
    assert math.isnan(out.loc["KAZ", "turnover_pct_gdp"]), "missing GDP stays missing"
    with pytest.raises(ValueError, match="12-month"):
        trade.trade_to_gdp(trade.trade_summary(trade.korea_side(table1=table)), gdp)


def test_history_says_whose_figure_each_is_on_the_real_data():
    # Issue 12, item 2: COW's 2010-2014 imports from Korea are mostly Korea's exports x 1.10,
    # the IMF's Turkmen side is its own estimate; both are marked, with what they come from.
    from kca_analysis import data

    history = trade.bilateral_history(data.load_cow_trade(), data.load_dots_trade())
    cow = history[history["source"] == "Correlates of War v4.0"]
    derived = cow[cow["figure_basis"] == "derived"]
    assert len(derived) == 21 and set(derived["flow"]) == {"export"}
    assert derived["year"].between(2010, 2014).all()
    assert derived["derived_from"].str.contains("Korea-reported exports x 1.10").all()
    tkm = history[(history["reporting_side"] == "Turkmenistan")]
    assert len(tkm) == 22 and (tkm["figure_basis"] == "estimate").all()
    gaps = cow[cow["value_usd"].isna()]
    assert set(gaps["gap_reason"]) == {"leading_zero", "absent"}
    assert trade.derivation(derived["derived_from"].iloc[0]) == (
        "IMF DOTS Korea-reported exports x 1.10 (CIF/FOB margin)"
    )
    assert "does not say" in trade.derivation(None)


def test_history_turns_cow_flows_to_koreas_view():
    cow = pd.DataFrame(
        {
            "year": [1995, 1995, 1995],
            "country": ["Uzbekistan"] * 3,
            "iso3": ["UZB"] * 3,
            "partner_iso3": ["KOR", "KOR", "CHN"],
            "flow": ["export", "import", "export"],
            "value_usd": [5e6, 300e6, 1e6],
        }
    )
    history = trade.bilateral_history(cow=cow)
    assert len(history) == 2
    flows = history.set_index("flow")["value_usd"]
    assert flows["export"] == 300e6, "Uzbekistan's imports from Korea are Korea's exports"
    assert flows["import"] == 5e6
    assert history["figure_basis"].isna().all(), "a basis the loader does not give stays unknown"


# --------------------------------------------------------------------------------------------
# Plots


def test_plots_return_axes_with_units(table, dots):
    import matplotlib.pyplot as plt

    ax = trade_figures.plot_flows(table, value_unit="million_usd", log_scale=True)
    assert ax.get_yscale() == "log" and "USD million" in ax.get_ylabel()
    ax = trade_figures.plot_flows(table, value_unit="thousand_usd", log_scale=False)
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "USD thousand"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("10 months" in label for label in labels)
    ax = trade_figures.plot_mirror(mirror.mirror_comparison(dots), value_unit="billion_usd")
    assert "USD billion" in ax.get_ylabel()
    with pytest.raises(ValueError, match="value_unit"):
        trade_figures.plot_flows(table, value_unit="furlongs")
    plt.close("all")


def _series_styles(ax):
    """(marker, filled) of each labelled line of an Axes' legend."""
    handles, labels = ax.get_legend_handles_labels()
    return {
        label: (h.get_marker(), h.get_markerfacecolor() not in ("white", "none"))
        for h, label in zip(handles, labels, strict=True)
    }


def test_table1_flows_are_dots_one_marker_per_series_never_bars(table):
    # Issue 12, item 6: bars on a log axis mislead (a bar's length means nothing there).
    import matplotlib.pyplot as plt

    ax = trade_figures.plot_flows(table, value_unit="thousand_usd", log_scale=True)
    assert ax.get_yscale() == "log"
    assert not ax.patches, "no bars"
    styles = _series_styles(ax)
    series = [label for label in styles if label.startswith("Korea's")]
    assert len(series) == 4 and len(set(styles[s] for s in series)) == 4
    assert styles["Korea's exports, 2023 Jan-Oct (10 months)"] == ("o", False)
    # the one zero (Kazakhstan's imports, 2023) cannot sit on a log axis: marked at its floor
    assert trade_figures.ZERO_LABEL in styles
    plt.close("all")


def test_share_of_korea_trade_gives_each_series_its_own_marker(table):
    import matplotlib.pyplot as plt

    shares = pd.DataFrame(
        {
            "source": ["A", "A", "A", "B", "B", "B"],
            "year": [2020, 2020, 2020, 2022, 2022, 2022],
            "flow": ["export", "import", "turnover"] * 2,
            "share_pct": [0.5, 0.2, 0.3, 0.6, 0.7, 0.65],
        }
    )
    ax = trade_figures.plot_share_of_korea_trade(shares)
    styles = _series_styles(ax)
    assert len(styles) == 6 and len({marker for marker, _ in styles.values()}) == 6
    assert ax.get_yscale() == "linear" and ax.get_ylim()[0] == 0
    assert not ax.patches
    with pytest.raises(ValueError, match="at most"):
        trade_figures.plot_share_of_korea_trade(
            pd.concat([shares.assign(source=s) for s in "ABCD"], ignore_index=True)
        )
    plt.close("all")


def test_mirror_figure_draws_partner_estimates_hollow_and_dotted(dots):
    import matplotlib.pyplot as plt

    ax = trade_figures.plot_mirror(mirror.mirror_comparison(dots), value_unit="thousand_usd")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "partner side: estimate, not a report" in labels
    tkm = [
        line
        for line in ax.get_lines()
        if line.get_linestyle() == ":" and line.get_markerfacecolor() == "white"
    ]
    drawn = [y for line in tkm for y in line.get_ydata() if not math.isnan(y)]
    assert drawn == [10.6 / 1000], "the Turkmen estimate, and nothing else, drawn as one"
    plt.close("all")


# --------------------------------------------------------------------------------------------
# Press figures and the real files


def test_press_figures_keep_partial_years_and_spell_out_the_months():
    from kca_analysis import data

    press = table1.press_figures(data.load_press_trade())
    partial = press[press["months"] < 12]
    assert len(partial) > 0
    daryo = press[(press["period"] == "2022-01..06") & (press["iso3"] == "UZB")]
    assert (daryo["period_label"] == "2022 Jan-Jun (6 months)").all()
    only = table1.press_figures(data.load_press_trade(), ["TJK"])
    assert set(only["iso3"]) == {"TJK"}


def test_table1_matches_the_korea_side_press_figures_for_the_same_period():
    from kca_analysis import data
    from kca_analysis.data import standard_tables as tables

    matches = table1.match_table1(data.load_press_trade(), tables.trade_table1_tidy())
    assert len(matches) >= 1
    assert (matches["months"] == 12).all()
    assert matches["press_to_table1"].between(0.99, 1.01).all()


def test_table1_as_printed_reads_the_cells_as_the_caption_says():
    from kca_analysis import data

    cells = table1.table1_as_printed(data.load_paper_trade_table())
    assert len(cells) == 5 * 4
    uzb = cells[(cells["iso3"] == "UZB") & (cells["column"] == "Export Value (2022)")].iloc[0]
    assert (uzb["flow"], uzb["period"], uzb["months"]) == ("export", "2022", 12)
    assert uzb["value_usd"] == 2_183_539
    october = cells[cells["period"] == "2023, OCT"]
    assert october["months"].isna().all(), "the printed header does not say which months"


def _unit_correction():
    from kca_analysis.data import TABLE1_KEY
    from kca_analysis.data.corrections import corrections_for

    return {c.action["type"]: c for c in corrections_for(TABLE1_KEY)}


def test_unit_comparisons_set_the_guard_and_the_press_against_printed_cells():
    from kca_analysis import data
    from kca_analysis.data.guards import evaluate_guard

    fixes = _unit_correction()
    printed, press = data.load_paper_trade_table(), data.load_press_trade()
    comparisons = table1.unit_comparisons(fixes["unit"], printed, press)
    guard = evaluate_guard(fixes["unit"], printed)
    ours = comparisons[comparisons["loader"] != table1.PRESS_LOADER]
    assert list(ours["ratio"]) == pytest.approx([c["ratio"] for c in guard.comparisons])
    assert set(ours["confidence"]) <= {"official", "press", "secondary"}
    from_press = comparisons[comparisons["loader"] == table1.PRESS_LOADER]
    assert list(from_press["reference"]) == [
        "Kazakhstan Export Value (2022) vs press export 2022",
        "Kyrgyzstan Export Value (2022) vs press export 2022",
    ]
    assert from_press["printed"].tolist() == [1_655_098, 372_854]
    assert comparisons["ratio"].between(700, 1200).all()
    with pytest.raises(ValueError, match="magnitude_ratio"):
        table1.unit_comparisons(fixes["period"], printed, press)


def test_unit_comparisons_leave_out_bounds():
    from kca_analysis import data

    printed, press = data.load_paper_trade_table(), data.load_press_trade()
    bounded = press.copy()
    bounded.loc[(bounded["iso3"] == "KGZ") & (bounded["period"] == "2022"), "bound"] = "lower"
    comparisons = table1.unit_comparisons(_unit_correction()["unit"], printed, bounded)
    assert not comparisons["reference"].str.startswith("Kyrgyzstan").any()


def test_investment_projects_count_and_total():
    projects = pd.DataFrame(
        {
            "country": ["Turkmenistan", "Turkmenistan", "Uzbekistan"],
            "sector": ["Fertilizer (ammonia-urea)", "gas chemicals", "fertilizer"],
            "project": ["A", "B", "C"],
            "value_usd": [1.5e9, float("nan"), 1e9],
        }
    )
    found = investment.sector_projects(projects, "Turkmenistan", "fertili")
    assert list(found["project"]) == ["A"]
    assert investment.projects_total(found) == investment.ProjectsTotal(1, 1.5e9)
    none = investment.projects_total(projects[projects["project"] == "B"])
    assert none.count == 1 and math.isnan(none.total_usd), "no value is not a zero"
    with pytest.raises(ValueError, match="sector"):
        investment.sector_projects(projects.drop(columns="sector"), "Turkmenistan", "fertili")


def test_real_mirror_keeps_the_2020_kazakhstan_asymmetry():
    from kca_analysis import data

    pairs = mirror.mirror_comparison(data.load_dots_trade())
    row = pairs[(pairs["iso3"] == "KAZ") & (pairs["year"] == 2020) & (pairs["flow"] == "export")]
    row = row.iloc[0]
    assert row["korea_reported_usd"] == pytest.approx(1.9975e9, rel=1e-3)
    assert row["partner_reported_usd"] == pytest.approx(4.8856e9, rel=1e-3)
    assert len(pairs) == 5 * 11 * 2, "every country, year and flow, gaps included"
