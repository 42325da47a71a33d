"""03_trade's sentences: the fact records of analysis/trade_facts, table1_facts and mirror, and
their wording in text/trade and text/table1, on hand-checkable fixtures and at the edges of the
notebook's parameters (one country, no official partner figure, no press figure)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kca_analysis import data, text
from kca_analysis.analysis import mirror, table1, table1_facts, trade, trade_facts
from kca_analysis.analysis.mirror import MirrorGap
from kca_analysis.analysis.table1_facts import PeriodFinding, PressFacts, PressMatch, UnitFinding
from kca_analysis.data.corrections import corrections_for
from kca_analysis.data.guards import evaluate_guard

#: Words a sentence may use only for what the data lacks, never for what a parameter removed.
FILTER_WORDS = re.compile(r"missing|no record|not found", re.IGNORECASE)

FIVE = [
    ("UZB", "Uzbekistan"),
    ("KAZ", "Kazakhstan"),
    ("KGZ", "Kyrgyzstan"),
    ("TJK", "Tajikistan"),
    ("TKM", "Turkmenistan"),
]


def _flows(values: dict[str, tuple[float, float]], period: str, months: int) -> pd.DataFrame:
    rows = []
    for iso, name in FIVE:
        export, import_ = values[iso]
        rows.append((iso, name, "export", period, months, export))
        rows.append((iso, name, "import", period, months, import_))
    return pd.DataFrame(rows, columns=["iso3", "country", "flow", "period", "months", "value_usd"])


@pytest.fixture
def tidy():
    """The five, a full year and a 10-month partial year; turnover 2022: 400/300/200/80/20."""
    full = {
        "UZB": (390.0, 10.0),
        "KAZ": (100.0, 200.0),
        "KGZ": (150.0, 50.0),
        "TJK": (80.0, 0.0),
        "TKM": (20.0, 0.0),
    }
    partial = {
        "UZB": (300.0, 20.0),
        "KAZ": (90.0, 210.0),
        "KGZ": (100.0, 100.0),
        "TJK": (90.0, 0.0),
        "TKM": (10.0, 0.0),
    }
    return pd.concat(
        [_flows(full, "2022", 12), _flows(partial, "2023-01..10", 10)], ignore_index=True
    )


@pytest.fixture
def summary(tidy):
    return trade.trade_summary(tidy)


# --------------------------------------------------------------------------------------------
# Concentration


def test_period_concentration_on_a_hand_checkable_fixture(summary):
    full, partial = trade_facts.period_concentration(summary)
    assert (full.period, full.months, full.countries) == ("2022", 12, 5)
    assert full.top == (("Uzbekistan", 0.4), ("Kazakhstan", 0.3))
    assert full.top_share == pytest.approx(0.7)
    assert full.top_to_rest == pytest.approx(700 / 300)
    assert full.others == 3
    assert full.surplus == 4 and full.deficits == (("Kazakhstan", 0.5),)
    assert full.most_balanced == ("Kazakhstan", pytest.approx(1 / 3))
    assert full.most_one_sided == ("Tajikistan", pytest.approx(1.0))
    assert full.hhi == pytest.approx(0.4**2 + 0.3**2 + 0.2**2 + 0.08**2 + 0.02**2)
    assert full.equivalent_partners == pytest.approx(1 / full.hhi)
    assert partial.label == "2023 Jan-Oct (10 months)"
    assert partial.top[0][0] == "Uzbekistan" and partial.surplus == 3


def test_period_concentration_needs_more_countries_than_the_top(summary):
    two = summary[summary["iso3"].isin(["UZB", "KAZ"])]
    with pytest.raises(ValueError, match="cannot be set against the rest"):
        trade_facts.period_concentration(two)


def test_concentration_bullets_and_finding(summary):
    facts = trade_facts.period_concentration(summary)
    bullets = text.trade.concentration(facts).splitlines()
    assert bullets[0].startswith("* **2022 (12 months)**: Uzbekistan and Kazakhstan hold 70.0%")
    assert "2.3 times Korea's turnover with the other 3" in bullets[0]
    assert (
        "surplus with 4 of the five and a deficit with Kazakhstan (export/import ratio 0.50)"
        in (bullets[0])
    )
    assert "runs from 0.33 (Kazakhstan) to 1.00 (Tajikistan)" in bullets[0]
    finding = text.trade.concentration_finding(facts)
    assert finding.startswith("**Finding.** Uzbekistan and Kazakhstan hold 70.0% of Korea's")
    assert "in 2022 (12 months) and " in finding and finding.count("\n") == 0


def test_concentration_finding_names_each_periods_pair_when_they_differ(summary):
    (full, partial) = trade_facts.period_concentration(summary)
    swapped = trade_facts.PeriodConcentration(
        **{**partial.__dict__, "top": (("Kyrgyzstan", 0.3), ("Kazakhstan", 0.3))}
    )
    finding = text.trade.concentration_finding([full, swapped])
    assert "In 2022 (12 months), Uzbekistan and Kazakhstan hold 70.0%" in finding
    assert "in 2023 Jan-Oct (10 months), Kyrgyzstan and Kazakhstan hold" in finding
    with pytest.raises(ValueError):
        text.trade.concentration_finding([])


# --------------------------------------------------------------------------------------------
# A full year against a partial year


def _changes(summary, codes):
    shown = summary[summary["iso3"].isin(codes)]
    measures = ("export_usd", "import_usd", "turnover_usd")
    return trade.compare_periods(shown, "2022", "2023-01..10", measures)


def test_period_changes_count_what_is_already_higher(summary):
    facts = trade_facts.period_changes(_changes(summary, [c for c, _ in FIVE]))
    assert facts.comparisons == 15
    assert ("Uzbekistan", "import", pytest.approx(100.0)) in facts.higher
    assert ("Kyrgyzstan", "import", pytest.approx(100.0)) in facts.higher
    assert facts.open == 15 - len(facts.higher)
    assert facts.basis == "reported"
    words = text.trade.period_changes(facts)
    assert "The 2023-01..10 figures cover 10 months, the 2022 figures 12." in words
    assert "Uzbekistan import (+100.0%)" in words
    assert words.endswith("stay open until the full year is known.")


def test_one_country_window_reads_in_the_singular(summary):
    facts = trade_facts.period_changes(_changes(summary, ["TJK"]))
    words = text.trade.period_changes(facts)
    assert facts.comparisons == 3
    assert "2 of the 3 country-flow comparisons" in words
    assert "the other 1 stays open" in words
    assert not FILTER_WORDS.search(words)


def test_period_changes_label_an_annualised_table_and_refuse_it_as_reported(tidy, summary):
    reported = _changes(summary, ["UZB"])
    annualised = _changes(trade.trade_summary(trade.annualize(tidy)), ["UZB"])
    words = text.trade.period_changes(trade_facts.period_changes(reported, shown=annualised))
    assert "The table above is annualised (x 12/10): its changes are extrapolations" in words
    with pytest.raises(ValueError, match="reported figures"):
        trade_facts.period_changes(annualised)
    with pytest.raises(ValueError, match="at least one"):
        trade_facts.period_changes(reported.iloc[0:0])


def test_period_changes_when_nothing_stays_open(summary):
    facts = trade_facts.period_changes(_changes(summary, ["UZB"]))
    closed = trade_facts.PeriodChanges(**{**facts.__dict__, "open": 0})
    assert text.trade.period_changes(closed).endswith("; none stays open.")
    one = trade_facts.PeriodChanges(**{**facts.__dict__, "higher": facts.higher[:1]})
    assert "1 of the 3 country-flow comparisons is already higher" in text.trade.period_changes(one)


# --------------------------------------------------------------------------------------------
# Coverage, parameters


def test_coverage_and_the_rows_shown(tidy):
    facts = trade_facts.coverage(tidy)
    assert facts == trade_facts.Coverage(20, 5, 2, ("2022 (12 months)", "2023 Jan-Oct (10 months)"))
    words = text.trade.coverage(facts, shown=4)
    assert "20 observations: 5 countries x 2 flows x 2 periods" in words
    assert "lists the 4 rows of the countries shown" in words
    assert "lists" not in text.trade.coverage(facts, shown=20)


def test_parameters_say_what_the_countries_parameter_leaves_out():
    all_five = text.trade.parameters([c for c, _ in FIVE], "thousand_usd", True, False)
    assert all_five.startswith("Countries shown: Uzbekistan (UZB), Kazakhstan (KAZ),")
    assert "Not shown" not in all_five
    assert "Value axes: logarithmic scale" in all_five
    one = text.trade.parameters(["KGZ"], "million_usd", False, True)
    assert "Countries shown: Kyrgyzstan (KGZ)." in one
    assert "Not shown (the `countries` parameter): Uzbekistan, Kazakhstan, Tajikistan and" in one
    assert "Values are shown in USD million" in one and "Value axes: linear scale" in one
    assert "annualised on request" in one
    assert not FILTER_WORDS.search(one)


def test_source_spans_count_only_years_with_a_figure():
    history = pd.DataFrame(
        {
            "source": ["COW", "COW", "COW", "T1", "T1"],
            "reporting_side": ["importer", "importer", "importer", "Korea", "Korea"],
            "year": [1992, 1993, 1994, 2022, 2023],
            "period": ["1992", "1993", "1994", "2022", "2023-01..10"],
            "months": [12, 12, 12, 12, 10],
            "value_usd": [float("nan"), 1.0, 2.0, 3.0, 4.0],
        }
    )
    cow, t1 = trade_facts.source_spans(history)
    assert cow == trade_facts.SourceSpan("COW", ("importer",), (1993, 1994), (), ())
    assert t1 == trade_facts.SourceSpan(
        "T1", ("Korea",), (2022,), ("2023 Jan-Oct (10 months)",), ()
    )


def test_source_spans_name_the_figures_that_are_not_their_sides_report():
    history = pd.DataFrame(
        {
            "source": ["COW"] * 3,
            "reporting_side": ["importer"] * 3,
            "year": [2009, 2010, 2011],
            "period": ["2009", "2010", "2011"],
            "months": [12, 12, 12],
            "flow": ["export"] * 3,
            "value_usd": [1.0, 2.0, 3.0],
            "figure_basis": ["reported", "derived", "derived"],
            "derived_from": [None, "Korea x 1.10: 1.8 x 1.10 = 2.0", "Korea x 1.10: 2.7 x 1.1 = 3"],
        }
    )
    (span,) = trade_facts.source_spans(history)
    assert span.not_reported == (
        trade_facts.NotReported("importer", "export", "derived", (2010, 2011), "Korea x 1.10"),
    )
    words = text.profile.trade_coverage([span])
    assert "  * COW, importer side, Korea's exports 2010-2011: derived, not that side's report" in (
        words
    )


# --------------------------------------------------------------------------------------------
# Share of Korea's total; trade over GDP


def test_korea_share_facts_and_the_partial_years_left_out():
    shares = pd.DataFrame(
        {
            "source": ["A", "A", "A", "B", "A"],
            "year": [2010, 2011, 2012, 2022, 2012],
            "flow": ["turnover", "turnover", "turnover", "turnover", "export"],
            "share_pct": [0.3, 0.2, 0.5, 0.4, 9.0],
        }
    )
    korea = pd.DataFrame(
        {"source": ["B", "B", "B"], "period": ["2022", "2023-01..10", "2023-01..10"]}
    ).assign(months=[12, 10, 10])
    facts = trade_facts.korea_share_facts(shares, korea)
    assert facts.lowest == trade_facts.ShareYear(2011, "A", 0.2)
    assert facts.highest == trade_facts.ShareYear(2012, "A", 0.5)
    assert facts.latest == trade_facts.ShareYear(2022, "B", 0.4)
    assert facts.left_out == ("B 2023 Jan-Oct (10 months)",)
    words = text.trade.korea_share(facts)
    assert "Left out as partial years: B 2023 Jan-Oct (10 months)." in words
    assert "lowest 0.20% in 2011 (A); highest 0.50% in 2012 (A); latest 0.40% in 2022 (B)" in words
    with pytest.raises(ValueError):
        trade_facts.korea_share_facts(shares[shares["flow"] == "export"], korea)


def test_gdp_facts_rank_the_latest_year_and_leave_out_missing_gdp():
    relative = pd.DataFrame(
        {
            "source": ["S"] * 4,
            "year": [2020, 2022, 2022, 2022],
            "country": ["Kazakhstan", "Kazakhstan", "Kyrgyzstan", "Tajikistan"],
            "turnover_pct_gdp": [9.0, 1.5, 3.0, float("nan")],
        }
    )
    facts = trade_facts.gdp_facts(relative)
    assert facts == trade_facts.GdpFacts(2022, "S", (("Kyrgyzstan", 3.0), ("Kazakhstan", 1.5)))
    assert trade_facts.gdp_facts(relative, 2020).shares == (("Kazakhstan", 9.0),)
    words = text.trade.trade_to_gdp(facts)
    assert words == (
        "**Finding.** In 2022 (S), trade with Korea equalled 3.00% of Kyrgyzstan's GDP and "
        "1.50% of Kazakhstan's GDP."
    )
    with pytest.raises(ValueError, match="no row"):
        trade_facts.gdp_facts(relative, 1999)


# --------------------------------------------------------------------------------------------
# Both reporting sides


def _mirror(rows):
    columns = ["year", "country", "iso3", "flow", "reporting_side", "value_usd", "basis"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["derived_from"] = [
        "why it is estimated: 10 x 1.06" if b == "estimate" else None for b in frame["basis"]
    ]
    return mirror.mirror_comparison(frame)


def test_mirror_facts_compare_the_partners_own_reports_only():
    pairs = _mirror(
        [
            (2019, "Kazakhstan", "KAZ", "export", "Korea", 100.0, "reported"),
            (2019, "Kazakhstan", "KAZ", "export", "Kazakhstan", 150.0, "reported"),
            (2020, "Kazakhstan", "KAZ", "export", "Korea", 200.0, "reported"),
            (2020, "Kazakhstan", "KAZ", "export", "Kazakhstan", 500.0, "reported"),
            (2020, "Kazakhstan", "KAZ", "import", "Korea", 50.0, "reported"),
            (2020, "Turkmenistan", "TKM", "export", "Korea", 10.0, "reported"),
            (2020, "Turkmenistan", "TKM", "export", "Turkmenistan", 1000.0, "estimate"),
        ]
    )
    facts = mirror.mirror_facts(pairs)
    assert facts.widest == MirrorGap(
        2020,
        "Korea's exports to Kazakhstan (Korea-reported)",
        200.0,
        "Kazakhstan's imports from Korea (Kazakhstan-reported)",
        500.0,
        2.5,
    ), "the estimate's 100x gap is not a gap between two reports"
    assert facts.lowest_median == facts.highest_median == ("Kazakhstan", "export", 2.0)
    assert facts.estimates == 1
    assert facts.estimate_groups == (
        mirror.MirrorEstimate(
            "Turkmenistan",
            "Turkmenistan's imports from Korea (estimate, not Turkmenistan's report)",
            (2020,),
            "why it is estimated",
        ),
    )
    assert facts.no_partner_figure == (("Kazakhstan", "import", 2020),)
    assert (facts.first_year, facts.last_year) == (2019, 2020)
    words = text.trade.mirror(facts)
    assert "(2.50 times as much)" in words
    assert "1 partner-side figure is not the partner's report but an estimate" in words
    assert (
        "* Turkmenistan's imports from Korea (estimate, not Turkmenistan's report), 2020: "
        "why it is estimated." in words
    )
    assert "No partner-side figure (a gap, not a zero): Kazakhstan import 2020." in words
    assert words.endswith("Kazakhstan's export figure is 2 times Korea's in the median year.")


def test_mirror_text_when_no_partner_figure_shown_is_a_report():
    pairs = _mirror(
        [
            (2020, "Turkmenistan", "TKM", "export", "Korea", 10.0, "reported"),
            (2020, "Turkmenistan", "TKM", "export", "Turkmenistan", 10.6, "estimate"),
        ]
    )
    facts = mirror.mirror_facts(pairs)
    assert facts.widest is None and facts.lowest_median is None
    words = text.trade.mirror(facts)
    assert "No partner-side figure of the countries shown in 2020-2020 is the partner's own" in (
        words
    )
    assert not FILTER_WORDS.search(words)
    with pytest.raises(ValueError):
        mirror.mirror_facts(pairs.iloc[0:0])


def test_titles_say_what_is_drawn():
    tidy = data.load_trade_table1()
    assert text.trade.flows_title(tidy) == (
        "Korea's exports to and imports from each of the five\n2022 (12 months) and 2023 "
        "Jan-Oct (10 months), the paper's Table 1 (corrected)"
    )
    one = tidy[tidy["iso3"] == "KGZ"]
    assert text.trade.flows_title(trade.annualize(one)).startswith(
        "Korea's exports to and imports from Kyrgyzstan\n2022 (12 months) and 2023 Jan-Oct "
        "(10 months), annualised (x 12/10)"
    )
    pairs = mirror.mirror_comparison(data.load_dots_trade())
    assert text.trade.mirror_title(pairs, "import") == (
        "Korea's imports from each of the five, 2010-2020\nas Korea records them and as the "
        "partner side does"
    )
    shares = pd.DataFrame({"year": [2010, 2022]})
    assert "merchandise trade, 2010-2022 (full years, Korea-reported)" in (
        text.trade.korea_share_title(shares)
    )


# --------------------------------------------------------------------------------------------
# Table 1: caption, corrections, press


def test_caption_reads_the_catalog_and_the_headers():
    facts = table1_facts.caption({data.TABLE1_KEY: {"unit_label_as_printed": "USD"}})
    assert facts.unit == "USD"
    assert set(facts.periods) == {label for _, label in data.TABLE1_VALUE_COLUMNS.values()}
    words = text.table1.caption(facts)
    assert words.startswith("**Finding.** As printed, Table 1's caption gives the unit as **USD**")
    with pytest.raises(KeyError, match="unit_label_as_printed"):
        table1_facts.caption({data.TABLE1_KEY: {}})


@pytest.fixture(scope="module")
def real_corrections():
    printed = data.load_paper_trade_table()
    fixes = {f.action["type"]: f for f in corrections_for(data.TABLE1_KEY)}
    results = {kind: evaluate_guard(fix, printed) for kind, fix in fixes.items()}
    comparisons = table1.unit_comparisons(fixes["unit"], printed, data.load_press_trade())
    return fixes, results, comparisons


def test_unit_and_period_findings_on_the_real_corrections(real_corrections):
    fixes, results, comparisons = real_corrections
    same_year = table1.same_year_matches(data.load_paper_trade_table(), data.load_press_trade())
    unit = table1_facts.unit_finding(fixes["unit"], comparisons, results["unit"].holds, same_year)
    guard = comparisons[comparisons["loader"] != table1.PRESS_LOADER]
    assert unit.figures == len(comparisons) and unit.guard_figures == len(guard)
    assert unit.printed == int(guard["printed"].iloc[0])
    assert unit.min_ratio == guard["ratio"].min() and unit.holds and unit.guard_other_years
    assert [(m.country, round(m.ratio / unit.factor, 3)) for m in unit.same_year] == [
        ("Kazakhstan", 1.003),
        ("Kyrgyzstan", 1.0),
    ]
    period = table1_facts.period_finding(fixes["period"], results["period"], same_year)
    assert period.months == fixes["period"].action["months"]
    assert period.lower_usd >= period.lower_reference_usd
    assert period.upper_usd < period.upper_reference_usd
    assert (period.lower_bound, period.lower_status, period.upper_status) == (
        "lower",
        "consistent",
        "proven",
    )
    assert period.full_year is not None and period.full_year.country == "Kazakhstan"
    assert round(period.to_full_year, 3) == 1.005
    words = text.table1.unit_evidence(unit)
    assert "The strongest evidence is the same cell in the same year" in words
    assert "a ratio of 1.003 read as thousands" in words and "a ratio of 1.000" in words
    assert "so the table is in thousands of US dollars" in words
    words = text.table1.period_evidence(period)
    assert "which is only a lower bound (more than USD 1.50 billion" in words
    assert "(*consistent, not proven*)" in words and "(*proven*)" in words
    assert "1.005 times the same table's figure for the whole of 2022" in words
    assert "matches at a ratio of 1.003" in words
    assert "already exceeds" not in words, "a lower bound is never said to be exceeded as proof"
    assert text.table1.corrections_finding(unit, period).startswith(
        "**Finding.** Both corrections hold"
    )
    words = text.table1.corrections(list(fixes.values()), list(results.values()))
    assert words.count("*Guard (") == 2 and "FAILS" not in words


def test_an_exact_shorter_reference_proves_the_lower_comparison(real_corrections):
    fixes, results, _ = real_corrections
    period = table1_facts.period_finding(fixes["period"], results["period"])
    exact = PeriodFinding(**{**period.__dict__, "lower_bound": None, "lower_status": "proven"})
    words = text.table1.period_evidence(exact)
    assert "already exceeds the shorter year-to-date reference" in words
    assert "consistent" not in words and "whole of 2022" not in words


def test_failing_guards_are_said_to_fail():
    unit = UnitFinding(
        "Uzbekistan", "Export Value (2022)", 2, 4, 0, 0.9, 1.1, False, (), 1000.0, True
    )
    period = PeriodFinding(
        "A", 1.0, 2.0, "2023-01..09", "B", 3.0, 2.0, "2023-01..10", 10, "X", False,
        None, "contradicted", "contradicted", 1000.0,
    )  # fmt: skip
    assert "guard fails" in text.table1.unit_evidence(unit)
    words = text.table1.period_evidence(period)
    assert words.startswith("The period correction's guard fails")
    assert words.count("*contradicted*") == 2
    assert "unit and period correction fails" in text.table1.corrections_finding(unit, period)
    with pytest.raises(ValueError, match="at least one"):
        table1_facts.unit_finding(corrections_for(data.TABLE1_KEY)[0], pd.DataFrame(), True)


def test_press_facts_count_partial_years_and_matches():
    figures = pd.DataFrame(
        {
            "year": [2021, 2022, 2023],
            "months": [12, 6, 12],
            "period_label": ["2021 (12 months)", "2022 Jan-Jun (6 months)", "2023 (12 months)"],
        }
    )
    matches = pd.DataFrame(
        [("Kazakhstan", "export", "2022", 12, 100.0, "KT", 101.0, 1.01)],
        columns=[
            "country",
            "flow",
            "period",
            "months",
            "table1_usd",
            "publisher",
            "press_usd",
            "press_to_table1",
        ],
    )
    facts = table1_facts.press_facts(figures, matches)
    assert (facts.figures, facts.partial, facts.first_year, facts.last_year) == (3, 1, 2021, 2023)
    assert facts.partial_periods == ("2022 Jan-Jun (6 months)",)
    assert facts.matches == (
        PressMatch("Kazakhstan", "export", "2022", 12, 100.0, "KT", 101.0, 1.01),
    )
    words = text.table1.press(facts)
    assert "Press figures for the countries shown: 3, from 2021 to 2023; 1 of them covers" in words
    assert "(ratio 1.010)" in words and "agree within 1.0%" in words


def test_press_text_at_the_edges_of_the_countries_parameter():
    nothing = PressFacts(0, 0, (), (), None, None)
    assert "None of the press figures in the data file is of the countries shown" in (
        text.table1.press(nothing)
    )
    one = PressFacts(1, 0, (), (), 2021, 2021)
    words = text.table1.press(one)
    assert "Press figures for the countries shown: 1, of 2021; each covers a full year." in words
    assert "the press relays no Korea-side figure for the same country, flow and period" in words
    for sentence in (text.table1.press(nothing), words):
        assert not FILTER_WORDS.search(sentence)


# --------------------------------------------------------------------------------------------
# The real data, one country at a time: every sentence is written and none blames a filter


@pytest.mark.parametrize("code", [c for c, _ in FIVE])
def test_every_sentence_for_one_country_on_the_real_data(code):
    tidy = data.load_trade_table1()
    dots = data.load_dots_trade()
    pairs = mirror.mirror_comparison(dots)
    pairs = pairs[pairs["iso3"] == code]
    press = data.load_press_trade()
    matches = table1.match_table1(press, tidy)
    full_years = trade.korea_side(dots=dots, table1=tidy).query("months == 12")
    relative = trade.trade_to_gdp(trade.trade_summary(full_years), data.load_gdp())
    summary = trade.trade_summary(tidy)
    changes = trade.compare_periods(
        summary[summary["iso3"] == code], "2022", "2023-01..10", ("export_usd", "turnover_usd")
    )
    sentences = [
        text.trade.parameters([code], "billion_usd", False, False),
        text.trade.mirror(mirror.mirror_facts(pairs)),
        text.table1.press(
            table1_facts.press_facts(
                table1.press_figures(press, [code]), matches[matches["iso3"] == code]
            )
        ),
        text.trade.trade_to_gdp(trade_facts.gdp_facts(relative[relative["iso3"] == code])),
        text.trade.period_changes(trade_facts.period_changes(changes)),
    ]
    for words in sentences:
        assert words and not FILTER_WORDS.search(words), words
