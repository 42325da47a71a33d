"""01_history's sentences and the fact records they word.

The records come from ``analysis.history_facts`` (parameters, periods, diaspora),
``analysis.trade_history_facts`` (coverage, overlap, crisis, first decade) and
``analysis.trade_partners`` (Korea's ranks, the regional shares); the sentences from
``text.history``, ``text.trade_history``, ``text.crisis`` and ``text.trade_partners``. The last
tests run the notebook's steps on the real data at the edges of its parameters: every sentence
says what a window leaves out, and none calls "missing" what a filter removed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from kca_analysis import data
from kca_analysis.analysis import crisis, history, source_overlap, trade_history, trade_partners
from kca_analysis.analysis import history_facts as facts
from kca_analysis.analysis import trade_history_facts as trade_facts
from kca_analysis.analysis import trade_partners_facts as partner_facts
from kca_analysis.text import crisis as crisis_text
from kca_analysis.text import history as history_text
from kca_analysis.text import trade_history as trade_text
from kca_analysis.text import trade_partners as partners_text

from .test_history import ETHNIC, EVENTS, TABLE1, _cow, _series
from .test_history_readings import _crisis_turnover, _gappy_partners, _sources_2010

#: Words a sentence may use only for what the data lack, never for what a parameter removed.
FILTER_WORDS = re.compile(r"missing|no record|not found|\bnan\b", re.IGNORECASE)
ANCHORS = (("start", "First"), ("crash", "Crisis"), ("plan", "Plan"))
FLOWS = ("import", "export")


# --------------------------------------------------------------------------------------------
# The parameters


def test_selection_resolves_names_and_says_what_it_leaves_out():
    chosen = facts.selection(["Uzbekistan"], ["China", "Russia"], 2000, 2010)
    assert chosen.countries == ("UZB",) and chosen.partners == ("CHN", "RUS")
    assert "Kazakhstan" in chosen.countries_left_out and "Iran" in chosen.partners_left_out
    sentence = history_text.selection(chosen)
    assert sentence.startswith("Years shown: 2000-2010. Countries: Uzbekistan. Partners")
    assert "Kazakhstan, Kyrgyzstan, Tajikistan and Turkmenistan (not in `countries`)" in sentence


def test_selection_of_everything_leaves_nothing_out_and_one_year_reads_as_one():
    five = ["UZB", "KAZ", "KGZ", "TJK", "TKM"]
    every = ["China", "Russia", "Japan", "United States", "Turkey", "Germany", "India", "Iran"]
    assert "Left out" not in history_text.selection(facts.selection(five, every, 1990, 2023))
    sentence = history_text.selection(facts.selection(["TKM"], [], 2014, 2014))
    assert sentence.startswith("Years shown: 2014. ")
    assert "Partners compared with Korea: none (Korea alone)." in sentence


def test_selection_refuses_a_reversed_window_and_unknown_names():
    with pytest.raises(ValueError, match="start_year=2010 is after end_year=2000"):
        facts.selection(["UZB"], [], 2010, 2000)
    with pytest.raises(ValueError, match="Narnia"):
        facts.selection(["UZB"], ["Narnia"], 2000, 2010)


# --------------------------------------------------------------------------------------------
# Periods and events


def _periods():
    return history.policy_periods(EVENTS, end_year=2010, anchors=ANCHORS)


def test_period_facts_count_what_the_window_hides():
    record = facts.period_facts(_periods(), EVENTS, 2000, 2010)
    assert (record.periods, record.shown, record.before, record.after) == (3, 2, (1,), ())
    assert record.approximate == (("First", "start", 1990),)
    assert (record.events, record.undated) == (4, 1)
    assert (record.events_shown, record.events_outside) == (1, 2)


def test_periods_sentence_names_the_periods_outside_the_window():
    narrowed = history_text.periods(facts.period_facts(_periods(), EVENTS, 2000, 2000))
    assert "of which 1 falls within 2000" in narrowed
    assert "Period 1 ends before 2000 and is not shown." in narrowed
    assert "Period 3 starts after 2000 and is not shown." in narrowed
    whole = history_text.periods(facts.period_facts(_periods(), EVENTS, 1990, 2010))
    assert whole.startswith("**Finding:**") and "not shown" not in whole
    assert "First (start, year 1990)" in whole


def test_undated_events_sentence_adds_the_events_outside_the_window():
    whole = history_text.undated_events(facts.period_facts(_periods(), EVENTS, 1990, 2010))
    assert whole == (
        "1 of the paper's 4 events carry no year and are not placed on the timeline (the paper "
        "leaves them undated):"
    )
    narrowed = history_text.undated_events(facts.period_facts(_periods(), EVENTS, 2000, 2010))
    assert narrowed.startswith("1 of the 3 dated events fall within 2000-2010; the other 2 are")


def test_timeline_source_cites_the_references_in_numeric_order():
    events = pd.DataFrame({"ref": ["[10]", "[4]", None, "[4]"]})
    assert "(data/paper/events.csv; refs [4], [10])." in history_text.timeline_source(events)
    none = history_text.timeline_source(events.iloc[2:3])
    assert "(data/paper/events.csv)." in none and "refs" not in none


# --------------------------------------------------------------------------------------------
# Trade by source


def _turnover(values=None, table1=TABLE1):
    values = values or {(y, "UZB", "KOR", f): 2.0 for y in (1992, 1993, 1995) for f in FLOWS}
    flows = trade_history.trade_history(_cow(values), None, table1)
    return trade_history.turnover_history(flows)


def test_coverage_facts_give_spans_partial_years_and_gaps():
    record = trade_facts.coverage_facts(_turnover(), ["UZB"], 1990, 2023)
    cow, table1 = record.spans
    assert (cow.first_year, cow.last_year, cow.partial) == (1992, 1995, ())
    assert (table1.first_year, table1.last_year) == (2022, 2023)
    assert table1.partial == (trade_facts.PartialYear(2023, 1, 10, 10),)
    assert record.gaps == (("Uzbekistan", (1990, 1991, 1994, *range(1996, 2022))),)


def test_sources_sentence_says_which_years_the_window_leaves_out():
    whole = trade_text.sources(trade_facts.coverage_facts(_turnover(), ["UZB"], 1990, 2023))
    assert "Table 1 (KITA, Korea-reported) 2022-2023 (2023: January-October, 10 months" in whole
    assert "Outside the years shown" not in whole
    narrowed = trade_text.sources(trade_facts.coverage_facts(_turnover(), ["UZB"], 1993, 2022))
    assert "Outside the years shown (1993-2022) and not drawn: " in narrowed
    assert "COW v4.0 1992;" in narrowed
    assert narrowed.endswith("Table 1 (KITA, Korea-reported) 2023.")


def test_gaps_and_the_coverage_finding():
    gappy = trade_facts.coverage_facts(_turnover(), ["UZB"], 1992, 1995)
    assert "- Uzbekistan: no source gives a turnover for 1994" in trade_text.gaps(gappy)
    assert "in 3 of the 4 years shown; for 1994 at least one" in trade_text.coverage_finding(gappy)
    full = trade_facts.coverage_facts(_turnover(), ["UZB"], 1992, 1993)
    assert "every year is covered by at least one source" in trade_text.gaps(full)
    assert trade_text.coverage_finding(full).startswith("**Finding:** every year shown (1992-1993)")


def _agreement(rows):
    columns = ["flow", "dots_side", "pairs", "within_rounding", "median_abs_pct_diff"]
    return pd.DataFrame(rows, columns=columns)


def test_overlap_finding_takes_the_side_with_the_smaller_median():
    overlap = pd.DataFrame(
        {
            "year": [2011, 2010, 2011],
            "flow": "export",
            "dots_side": "Korea",
            "cow_basis": "reported",
            "dots_basis": "reported",
            "ratio": 1.0,
        }
    )
    agreement = _agreement(
        [
            ("export", "Korea", 5, 0, 10.0),
            ("export", "partner", 5, 1, 4.0),
            ("import", "Korea", 5, 5, np.nan),  # every DOTS figure under the floor
            ("import", "partner", 5, 2, np.nan),
        ]
    )
    record = trade_facts.overlap_finding(overlap, agreement)
    assert record.years == (2010, 2011) and record.rounding_musd == 0.5
    export, imports = record.flows
    assert (export.closest, export.other, export.within_rounding) == ("partner", "Korea", 1)
    assert (imports.closest, imports.within_rounding) == ("Korea", 5)
    sentence = trade_text.source_agreement(record)
    assert sentence.startswith("Overlap years: 2010-2011; a difference up to USD 0.5 million")
    assert "median difference is 4.0% (against 10.0% for the Korea-reported side)" in sentence
    assert "derived" not in sentence and "estimate" not in sentence  # none in these data
    assert "not computed: no DOTS figure reaches USD 1 million" in sentence
    finding = trade_text.overlap_finding(record)
    # The flow that agrees in more country-years comes first.
    assert finding.index("Korea's imports") < finding.index("Korea's exports")
    assert not FILTER_WORDS.search(sentence + finding)


# --------------------------------------------------------------------------------------------
# The crisis test


@pytest.mark.parametrize(
    ("declined", "resurged", "label"),
    [
        (True, True, "decline after 1997; resurgence in the 2000s"),
        (True, False, "decline after 1997; no resurgence in the 2000s"),
        (False, True, "no decline after 1997; resurgence in the 2000s"),
        (None, True, "not testable (a window has a missing year)"),
    ],
)
def test_crisis_verdict_labels(declined, resurged, label):
    assert crisis_text.crisis_verdict(declined, resurged) == label


def test_crisis_windows_are_worded_in_order():
    assert crisis_text.crisis_windows(crisis.CRISIS_WINDOWS) == (
        "before 1996-1997, after 1998-2001, resurgence 2005-2008"
    )


BASE = {1996: 100, 1997: 120, 1998: 60, 1999: 50, 2000: 55, 2001: 70, 2002: 90, 2003: 100}
BASE |= {2004: 105, 2005: 130, 2006: 140, 2007: 150, 2008: 160}


def _crisis(countries=("UZB", "KAZ"), gap_year=None):
    values = {}
    for year, value in BASE.items():
        for flow in FLOWS:
            values[(year, "UZB", "KOR", flow)] = None if year == gap_year else value / 2
            values[(year, "KAZ", "KOR", flow)] = 10.0 + year - 1996  # no fall
    turnover = trade_history.turnover_history(trade_history.trade_history(_cow(values), None, None))
    table = crisis.crisis_test(turnover, list(countries))
    total = trade_history.total_turnover(turnover, trade_history.SERIES_COW, list(countries))
    return table, total


def test_crisis_verdicts_label_every_row():
    table, _ = _crisis()
    assert crisis_text.crisis_verdicts(table) == [
        "decline after 1997; resurgence in the 2000s",
        "decline after 1997; resurgence in the 2000s",
        "no decline after 1997; resurgence in the 2000s",
    ]
    gappy, _ = _crisis(gap_year=1999)
    assert crisis_text.crisis_verdicts(gappy)[0] == "not testable (a window has a missing year)"


def test_crisis_finding_record_and_the_decline_sentence():
    table, total = _crisis()
    korea = _series({y: 1000.0 for y in BASE})
    record = trade_facts.crisis_finding(table, total, korea)
    assert record.countries == ("Uzbekistan", "Kazakhstan")
    assert record.declined is True and record.resurged is True
    assert record.pre_mean_musd == pytest.approx(110 + 21)
    assert record.korea_change_after_pct == pytest.approx(0.0)
    assert record.no_decline == (("Kazakhstan", pytest.approx(21.0)),)
    assert record.last_year == 2008
    sentence = crisis_text.decline(record)
    assert "Korea's trade with the selected countries averaged **USD 131 million**" in sentence
    assert "so the fall in Central Asia was deeper than Korea's overall" in sentence
    assert "Not every country fell: Kazakhstan had no decline" in sentence
    finding = crisis_text.crisis_finding(record, crisis.low_point(total))
    assert finding.startswith("**Finding:** with trade as the measure, Korea's trade with the ")
    assert "shows a decline after 1997 and a resurgence in the 2000s" in finding


def test_the_decline_of_one_country_and_of_a_window_with_a_gap():
    table, total = _crisis(countries=("KAZ",))
    record = trade_facts.crisis_finding(table, total)
    sentence = crisis_text.decline(record)
    assert "Korea's trade with Kazakhstan averaged" in sentence
    assert "Every selected country" not in sentence and "Not every" not in sentence
    assert "Korea's total" not in sentence  # no comparison given
    assert trade_facts.largest_fall(table) is None  # one country: its part is the whole
    gappy, total = _crisis(gap_year=1999)
    record = trade_facts.crisis_finding(gappy, total)
    assert record.declined is None
    assert "so the windows cannot be compared" in crisis_text.decline(record)
    assert "cannot test" in crisis_text.crisis_finding(record, None)


def test_a_series_not_back_above_its_pre_crisis_average_says_so():
    series = _series(BASE | {y: 90.0 for y in range(2002, 2009)})
    frame = pd.DataFrame([{"scope": crisis.ALL_SELECTED, **crisis.crisis_test_series(series)}])
    frame = pd.concat([frame, frame.assign(scope="UZB")], ignore_index=True)
    record = trade_facts.crisis_finding(frame, series)
    assert record.first_year_above_pre is None
    assert "it had not passed the pre-crisis average by 2008" in crisis_text.decline(record)


def test_largest_fall_and_the_trough_sentences():
    table, total = _crisis()
    fall = trade_facts.largest_fall(table)
    assert (fall.iso3, fall.country) == ("UZB", "Uzbekistan")
    # Uzbekistan falls by 51.25 a year, Kazakhstan rises by 6: more than the whole fall.
    assert fall.share_of_fall_pct == pytest.approx(100 * 51.25 / (51.25 - 6))
    low = crisis.low_point(total)
    sentence = crisis_text.trough(
        low, crisis.growth_since(total, low.year), fall, crisis.CRISIS_WINDOWS
    )
    assert sentence.startswith(f"The lowest year from 1998 to 2008 was **{low.year}**")
    assert "Uzbekistan accounts for" in sentence
    zero = crisis.Growth(1999, 2014, 0.0, 212.0, 15, 8, float("nan"), float("nan"))
    from_zero = crisis_text.trough(
        crisis.LowPoint(1999, 0.0, 1998, 2008), zero, None, crisis.CRISIS_WINDOWS
    )
    assert "went from USD 0 million in 1999 to USD 212 million in 2014" in from_zero
    assert not FILTER_WORDS.search(from_zero)
    nothing = crisis_text.trough(None, None, None, crisis.CRISIS_WINDOWS)
    assert nothing.startswith("No year of 1998-2008 has a figure for every selected country")


# --------------------------------------------------------------------------------------------
# The first decade


def _profile(rows):
    columns = ["iso3", "country", "share_of_selected_pct", "cv", "years_largest"]
    return pd.DataFrame(rows, columns=columns)


def test_decade_finding_names_the_leader_and_the_steadiest():
    profile = _profile([("UZB", "Uzbekistan", 76.0, 0.61, 9), ("KAZ", "Kazakhstan", 21.0, 0.43, 1)])
    record = trade_facts.decade_finding(profile, (1992, 2001))
    assert (record.leader, record.years_largest, record.steadiest) == (
        "Uzbekistan",
        9,
        "Kazakhstan",
    )
    assert trade_text.first_decade(record) == (
        "**Finding:** in 1992-2001, **Uzbekistan** had the largest turnover in 9 of the 10 years "
        "and 76% of the selected countries' average turnover; the steadiest trade (lowest "
        "variation) was with **Kazakhstan** (coefficient 0.43, against 0.61 for Uzbekistan)."
    )
    same = _profile([("UZB", "Uzbekistan", 76.0, 0.3, 9), ("KAZ", "Kazakhstan", 21.0, 0.43, 1)])
    assert "it was also the steadiest" in trade_text.first_decade(
        trade_facts.decade_finding(same, (1992, 2001))
    )


def test_decade_finding_of_one_country_or_of_none():
    one = trade_facts.decade_finding(_profile([("TKM", "Turkmenistan", 100.0, 0.95, 10)]), (1, 2))
    assert "only Turkmenistan is selected" in trade_text.first_decade(one)
    empty = _profile([("TKM", "Turkmenistan", np.nan, np.nan, 0)])
    assert trade_facts.decade_finding(empty, (1992, 2001)) is None
    assert "no selected country has a trade figure" in trade_text.first_decade(None)


# --------------------------------------------------------------------------------------------
# Korea among the partners


PARTNER_COW = _cow(
    {
        (year, "UZB", partner, flow): value
        for year in range(1992, 2000)
        for (partner, value) in (("KOR", 1.0 + year - 1992), ("CHN", 5.0), ("RUS", 10.0))
        for flow in FLOWS
    }
)


def _ranks(partners, years):
    shares = trade_partners.korea_partner_share(PARTNER_COW, partners)
    shares = shares[shares["year"].between(*years)]
    names = {"CHN": "China", "RUS": "Russia"}
    summary = trade_partners.share_summary(shares)
    return partner_facts.korea_ranks(summary, PARTNER_COW, [names[p] for p in partners], years)


def test_korea_ranks_record_and_sentence():
    record = _ranks(["CHN", "RUS"], (1990, 2023))
    (rank,) = record.ranks
    assert (rank.best_rank, rank.worst_rank, rank.compared) == (2, 3, 3)
    assert (record.data_first, record.data_last) == (1992, 1999)
    sentence = partners_text.korea_ranks(record)
    assert sentence.startswith(
        "Korea's rank among the 3 compared partners (Korea and China, Russia)"
    )
    assert "- Uzbekistan: Korea ranked 2-3 of 3;" in sentence


def test_korea_ranks_say_what_the_window_hides():
    outside = partners_text.korea_ranks(_ranks(["CHN"], (2015, 2023)))
    assert outside == (
        "COW gives the partner trade for 1992-1999, outside the years shown (2015-2023): no "
        "share is shown."
    )
    cut = partners_text.korea_ranks(_ranks(["CHN"], (1995, 1995)))
    assert cut.startswith("COW gives the partner trade for 1992-1999; 1992-1994 and 1996-1999 fall")
    assert "Korea ranked 2 of 2;" in cut  # one rank, not "2-2"
    alone = partners_text.korea_ranks(_ranks([], (1990, 2023)))
    assert "No partner is compared with Korea" in alone and "100.0%" in alone
    assert not FILTER_WORDS.search(outside + cut + alone)


def test_a_share_of_zero_trade_is_said_in_words():
    rank = partner_facts.KoreaRank("Turkmenistan", 1, 1, 1, 1992, float("nan"), 2014, 100.0)
    record = partner_facts.KoreaRanks((), 1990, 2023, 1992, 2014, (rank,))
    sentence = partners_text.korea_ranks(record)
    assert "from no share (zero trade with all of them) (1992) to 100.0% (2014)" in sentence


def test_regional_shift_needs_two_separate_spans_and_a_rising_partner():
    shares = trade_partners.partner_shares(PARTNER_COW, ["CHN", "RUS"])
    change = trade_partners.share_change(shares)
    record = partner_facts.regional_shift(change, trade_partners.incomplete_years(shares))
    assert record.first_span == (1992, 1994) and record.last_span == (1997, 1999)
    assert record.riser is None  # Korea gains; China's and Russia's shares fall
    assert "Korea's share of the selected states' trade" in partners_text.regional_finding(record)
    assert "largest gain" not in partners_text.regional_finding(record)
    few = shares[shares["year"].between(1992, 1996)]
    assert trade_partners.share_change(few).empty  # 5 complete years: the two ends would overlap
    short = partner_facts.regional_shift(trade_partners.share_change(few), [1990])
    assert partners_text.regional_window(short) == (
        "Fewer than 6 complete years (two spans of 3) fall within the years shown: no averages; "
        "left out because a state's trade with a compared partner has no figure (a coverage "
        "gap, not a zero): 1990."
    )
    assert partners_text.regional_window(record).startswith(
        "Averages of the first and of the last 3 complete years; left out because"
    )
    assert "too few complete years" in partners_text.regional_finding(short)


def test_the_share_source_line_lists_the_compared_partners():
    assert "Compared: Korea, China, Russia. Not" in partners_text.korea_share_source(
        ["China", "Russia"]
    )
    assert "Compared: Korea alone. Not" in partners_text.korea_share_source([])


# --------------------------------------------------------------------------------------------
# The diaspora


def test_diaspora_facts_and_sentence():
    record = facts.diaspora_facts(ETHNIC, ["UZB", "TJK"])
    assert record.pair == ("Uzbekistan", "Kazakhstan")
    assert record.estimate.total == 174490 + 121130
    assert record.parts == (("Kazakhstan", 121130), ("Uzbekistan", 174490))
    assert [f.country for f in record.undated] == ["Tajikistan"]
    sentence = history_text.diaspora(record)
    assert sentence.startswith("**Finding:** the latest figures one source gives for both ")
    assert "add up to **295,620** persons (Kazakhstan 121,130, Uzbekistan 174,490)." in sentence
    assert (
        "Undated figures, not plotted: Tajikistan 634 (produced as: not stated; read through a "
        "mirror, blog or repost (confidence: secondary))." in sentence
    )
    # How the figures were produced, and separately how we read them: an embassy estimate
    # read on the agency's own page is not official statistics (issue 12, item 4).
    assert "produced as: embassy estimate, not a census; read on the publisher's own page" in (
        sentence
    )
    assert "(2022-12-31; official)" not in sentence
    none = facts.diaspora_facts(ETHNIC, ["UZB"], pair=("UZB", "TJK"))
    assert none.estimate is None
    assert "no source gives figures for both Uzbekistan and Tajikistan" in (
        history_text.diaspora(none)
    )


# --------------------------------------------------------------------------------------------
# The notebook's steps at the edges of its parameters, on the real data


@pytest.fixture(scope="module")
def real():
    return {
        "events": data.load_events(),
        "cow": data.load_cow_trade(),
        "dots": data.load_dots_trade(),
        "table1": data.load_trade_table1(),
        "ethnic": data.load_ethnic_koreans(),
    }


def _sentences(real, countries, partners, start_year, end_year):
    """Every window-dependent sentence of 01_history, computed as the notebook computes it."""
    chosen = facts.selection(countries, partners, start_year, end_year)
    periods = history.policy_periods(real["events"], end_year=end_year)
    period_facts = facts.period_facts(periods, real["events"], start_year, end_year)
    flows = trade_history.trade_history(
        real["cow"], real["dots"], real["table1"], countries=chosen.countries
    )
    turnover = trade_history.turnover_history(flows)
    coverage = trade_facts.coverage_facts(turnover, chosen.countries, start_year, end_year)
    shares = trade_partners.korea_partner_share(real["cow"], chosen.partners)
    shares = shares[shares["iso3"].isin(chosen.countries)]
    shares = shares[shares["year"].between(start_year, end_year)]
    ranks = partner_facts.korea_ranks(
        trade_partners.share_summary(shares),
        real["cow"],
        chosen.partner_names,
        (start_year, end_year),
        shares,
    )
    gaps = trade_partners.coverage_gaps(real["cow"], chosen.partners, chosen.countries)
    baseline = trade_partners.first_complete_year(real["cow"], chosen.partners, chosen.countries)
    regional = trade_partners.partner_shares(real["cow"], chosen.partners, chosen.countries)
    regional = regional[regional["year"].between(start_year, end_year)]
    shift = partner_facts.regional_shift(
        trade_partners.share_change(regional),
        trade_partners.incomplete_years(regional),
        baseline_year=baseline,
    )
    return {
        "selection": history_text.selection(chosen),
        "periods": history_text.periods(period_facts),
        "events": history_text.undated_events(period_facts),
        "sources": trade_text.sources(coverage),
        "coverage": trade_text.coverage_finding(coverage),
        "ranks": partners_text.korea_ranks(ranks),
        "baseline": partners_text.coverage(
            partner_facts.coverage_baseline(gaps, real["cow"], baseline)
        ),
        "window": partners_text.regional_window(shift),
        "regional": partners_text.regional_finding(shift),
    }


FIVE = ["UZB", "KAZ", "KGZ", "TJK", "TKM"]
POWERS = ["China", "Russia", "Japan", "United States", "Turkey", "Germany", "India", "Iran"]


@pytest.mark.parametrize(
    ("countries", "partners", "start_year", "end_year", "left_out"),
    [
        (FIVE, POWERS, 1990, 1990, {"periods": "Periods 2-7 start after 1990", "ranks": "outside"}),
        (FIVE, POWERS, 2023, 2023, {"periods": "Periods 1-6 end before 2023", "ranks": "outside"}),
        (FIVE, POWERS, 2015, 2023, {"sources": "Outside the years shown (2015-2023)"}),
        (FIVE, POWERS, 1990, 1995, {"ranks": "1996-2014 fall outside the years shown"}),
        (FIVE, POWERS, 2021, 2021, {"events": "0 of the 17 dated events fall within 2021"}),
        (["TKM"], POWERS, 1990, 2023, {"selection": "Left out by the parameters: Uzbekistan"}),
        (FIVE, ["Iran"], 1990, 2023, {"selection": "China, Russia, Japan"}),
        (FIVE, [], 1990, 2023, {"ranks": "No partner is compared with Korea"}),
    ],
)
def test_a_narrowed_window_says_what_it_leaves_out(
    real, countries, partners, start_year, end_year, left_out
):
    sentences = _sentences(real, countries, partners, start_year, end_year)
    for name, expected in left_out.items():
        assert expected in sentences[name], (name, sentences[name])
    for name, sentence in sentences.items():
        assert not FILTER_WORDS.search(sentence), (name, sentence)


def test_the_default_window_leaves_nothing_out(real):
    sentences = _sentences(real, FIVE, POWERS, 1990, 2023)
    assert "Left out" not in sentences["selection"]
    assert "not shown" not in sentences["periods"] and "outside" not in sentences["events"]
    assert "Outside the years shown" not in sentences["sources"]
    assert sentences["ranks"].startswith("Korea's rank among the 9 compared partners")


# --------------------------------------------------------------------------------------------
# Issue 12: whose figure, coverage gaps, the decline's second measure, titles


def test_the_sources_sentence_says_which_figures_are_not_the_reporters_own():
    """Item 2: COW's derived values and the IMF's estimates are named, with what from."""
    turnover = trade_history.turnover_history(_sources_2010())
    sentence = trade_text.sources(trade_facts.coverage_facts(turnover, ["UZB"], 2010, 2010))
    assert (
        "COW v4.0 2010 (not the reporter's own figure, drawn hollow: Uzbekistan 2010: Korea's "
        "figure x 1.10)" in sentence
    )
    assert "IMF DOTS, partner side 2010 (not the reporter's own figure, drawn hollow: " in sentence
    assert "importer-reported" not in sentence


def test_the_overlap_sentences_count_derived_and_estimated_figures():
    """Item 2: COW's derived exports are Korea's figure, not the importer's report."""
    overlap = source_overlap.source_overlap(_sources_2010())
    record = trade_facts.overlap_finding(overlap, source_overlap.overlap_summary(overlap))
    export = next(f for f in record.flows if f.flow == "export")
    assert (export.cow_derived, export.dots_estimates) == (1, 1)
    assert export.derived_ratio == pytest.approx(1.10)
    sentence = trade_text.source_agreement(record)
    assert (
        "1 of COW's 1 figures for Korea's exports are not the importer's report but Korea's own "
        "DOTS figure times 1.10" in sentence
    )
    assert "IMF estimates, not the partner's report" in sentence
    finding = trade_text.overlap_finding(record)
    assert "Korea's figures, not the importer's, whatever COW's description says" in finding


def test_the_coverage_sentence_states_the_baseline_and_the_gaps():
    """Item 1: the baseline the data allow, and each gap with its reason."""
    cow = _gappy_partners()
    gaps = trade_partners.coverage_gaps(cow, ["CHN", "RUS"])
    first = trade_partners.first_complete_year(cow, ["CHN", "RUS"])
    sentence = partners_text.coverage(partner_facts.coverage_baseline(gaps, cow, first))
    assert "only from **1994**: the earliest baseline the data allow" in sentence
    assert (
        "- Russia with Uzbekistan: 1992-1993 (recorded as 0 before the pair's first reported "
        "year)" in sentence
    )
    assert "never read as zero" in sentence and not FILTER_WORDS.search(sentence)
    china = trade_partners.coverage_gaps(cow, ["CHN"])
    assert "no coverage gap" in partners_text.coverage(
        partner_facts.coverage_baseline(china, cow, 1992)
    )
    shares = trade_partners.korea_partner_share(cow, ["CHN", "RUS"])
    summary = trade_partners.share_summary(shares)
    ranks = partner_facts.korea_ranks(summary, cow, ["China", "Russia"], (1990, 2023), shares)
    assert ranks.no_share == (("Uzbekistan", (1992, 1993)),)
    assert "Years shown without a share (a compared partner's trade has no figure, a coverage " in (
        partners_text.korea_ranks(ranks)
    )
    shift = partner_facts.regional_shift(
        trade_partners.share_change(trade_partners.partner_shares(cow, ["CHN", "RUS"])),
        [1992, 1993],
        baseline_year=first,
    )
    assert shift.first_span == (1994, 1996)
    assert "The earliest baseline the data allow is 1994." in partners_text.regional_window(shift)


def test_the_share_title_says_whose_share_of_what():
    """Item 6: not "Korea's share of trade with Korea and 8 other powers"."""
    title = partners_text.korea_share_title(["China", "Russia"])
    assert title == (
        "Each state's trade with Korea, as a % of its trade with the 3 compared partners "
        "(Korea included)"
    )
    assert "with Korea alone" in partners_text.korea_share_title([])
    assert "Grey bands: years in which a state has no share" in (
        partners_text.korea_share_source(["China"])
    )


def test_the_trough_names_its_second_measure():
    """Item 3: the window averages decide; the year-to-low measure is named as such."""
    turnover = _crisis_turnover()
    reading = crisis.decline_reading(turnover, ["UZB", "KAZ"])
    fall = trade_facts.largest_fall(reading.test)
    sentence = crisis_text.trough(
        reading.low,
        crisis.growth_since(reading.total, reading.low.year),
        fall,
        crisis.CRISIS_WINDOWS,
        reading.year_to_low,
    )
    assert "accounts for 113% of the fall between the two window averages" in sentence
    assert (
        "Measured instead from the last pre-crisis year to the low point (1997 to 1999, a fall "
        "of USD 66 million), its part is 106%; the test above uses the window averages." in sentence
    )
    title = crisis_text.crisis_title(crisis.CRISIS_WINDOWS)
    assert "1996-1997 average = 100" in title and "Korea's trade with the selected states" in title
