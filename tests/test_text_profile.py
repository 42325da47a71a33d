"""The country profile's sentences: the fact records of analysis/profile and their wording in
text/profile, on small fixtures, then for each of the five on the real data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from kca_analysis import data, text
from kca_analysis.analysis import oda, profile, trade
from kca_analysis.analysis.oda import NEGATIVE_NET_ODA
from kca_analysis.analysis.profile import (
    DiasporaFacts,
    EventFacts,
    ForumHosting,
    OdaFacts,
    Standing,
    TradeHistoryFacts,
)
from kca_analysis.analysis.trade_facts import SourceSpan
from kca_analysis.countries import CENTRAL_ASIA

FILTER_WORDS = re.compile(r"missing|no record|not found", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Table 1: rank and standing


@pytest.fixture
def ranked():
    rows = []
    for period, months, turnovers in (
        ("2022", 12, {"UZB": 40.0, "KAZ": 30.0, "KGZ": 30.0}),
        ("2023-01..10", 10, {"UZB": 10.0, "KAZ": 50.0, "KGZ": np.nan}),
    ):
        for iso, value in turnovers.items():
            rows.append((iso, iso.title(), "export", period, months, value))
            rows.append((iso, iso.title(), "import", period, months, 0.0))
    tidy = pd.DataFrame(rows, columns=["iso3", "country", "flow", "period", "months", "value_usd"])
    return trade.rank_within(trade.trade_summary(tidy), name="rank_of_five")


def test_rank_within_shares_ties_keeps_gaps_and_row_order(ranked):
    assert ranked["iso3"].tolist() == ["UZB", "KAZ", "KGZ"] * 2
    assert ranked["rank_of_five"].tolist()[:3] == [1, 2, 2], "a tie shares the better rank"
    assert ranked["rank_of_five"].tolist()[3:5] == [2, 1]
    assert pd.isna(ranked["rank_of_five"].iloc[5]), "a missing turnover is not ranked last"


def test_table1_standing_and_its_sentences(ranked):
    rows = profile.table1_standing(ranked, "KAZ")
    assert [(r.period, r.rank, r.countries) for r in rows] == [
        ("2022", 2, 3),
        ("2023-01..10", 1, 3),
    ]
    assert rows[0].turnover_usd == 30.0 and rows[0].share_of_total == pytest.approx(0.3)
    words = text.profile.standing("Kazakhstan", rows)
    assert words.startswith("* **2022 (12 months)**: Korea exported USD 30 to Kazakhstan")
    assert "(rank 2 of 3)" in words
    assert words.endswith(
        "**Finding.** By turnover with Korea, Kazakhstan ranks 2 of 3 in 2022 (12 months) and 1 of "
        "3 in 2023 Jan-Oct (10 months)."
    )
    gap = profile.table1_standing(ranked, "KGZ")
    assert gap[1].rank is None
    words = text.profile.standing("Kyrgyzstan", gap)
    assert (
        "no share of the five (a turnover figure of the period is not given) (not ranked)" in words
    )
    assert words.endswith(
        "Kyrgyzstan ranks 2 of 3 in 2022 (12 months); in 2023 Jan-Oct (10 months) it has no "
        "turnover figure to rank."
    )
    with pytest.raises(ValueError, match="no row"):
        profile.table1_standing(ranked, "TKM")
    with pytest.raises(ValueError):
        text.profile.standing("Nowhere", [])


def test_standing_finding_when_the_rank_is_the_same_in_every_period():
    rows = [
        Standing("2022", 12, 2.0, 1.0, 3.0, 1.0, 0.24, 2, 5),
        Standing("2023-01..10", 10, 2.0, 1.0, 3.0, 1.0, 0.26, 2, 5),
    ]
    assert text.profile.standing("Uzbekistan", rows).endswith(
        "Uzbekistan ranks 2 of 5 in 2022 (12 months) and in 2023 Jan-Oct (10 months)."
    )


# --------------------------------------------------------------------------------------------
# Trade history


def _history(rows):
    columns = ["source", "reporting_side", "year", "flow", "value_usd"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.assign(
        period=frame["year"].astype(str), months=12, iso3="UZB", country="Uzbekistan"
    )


def test_trade_history_facts_overlap_peak_and_gaps():
    history = _history(
        [
            ("Correlates of War v4.0", trade.COW_SIDE, 2010, "export", 110.0),
            ("Correlates of War v4.0", trade.COW_SIDE, 2010, "import", 11.0),
            ("Correlates of War v4.0", trade.COW_SIDE, 2011, "export", np.nan),
            ("Correlates of War v4.0", trade.COW_SIDE, 2011, "import", 5.0),
            ("IMF DOTS", "Korea", 2010, "export", 100.0),
            ("IMF DOTS", "Korea", 2010, "import", 10.0),
            ("IMF DOTS", "Korea", 2011, "export", 300.0),
            ("IMF DOTS", "Korea", 2011, "import", 30.0),
        ]
    )
    facts = profile.trade_history_facts(history, trade.trade_summary(history))
    assert facts.best == (330.0, 2011, "IMF DOTS")
    assert facts.overlap == (2010, 2011), "the years both cover, whatever their gaps"
    assert facts.cow_ratio == (pytest.approx(1.1), pytest.approx(1.1))
    assert facts.gaps == (("Correlates of War v4.0", trade.COW_SIDE, "export", 2011, None),)
    assert facts.cow_derived == (), "no basis given: nothing is said to be derived"
    words = text.profile.trade_history("Uzbekistan", facts)
    assert "overlap (2010-2011), COW's turnover is between 1.100 and 1.100 times" in words
    assert "by construction" not in words
    assert (
        "No figure (gaps, not zeros): Correlates of War v4.0 importer (COW) export 2011." in words
    )
    assert words.endswith("as Korea reports it: USD 330 in 2011 (IMF DOTS).")


def test_trade_history_says_where_cow_is_koreas_own_figure_and_why_a_year_is_a_gap():
    # Issue 12, item 2: COW's imports from Korea of 2010-2014 are Korea's exports x 1.10.
    history = _history(
        [
            ("Correlates of War v4.0", trade.COW_SIDE, 1992, "export", np.nan),
            ("Correlates of War v4.0", trade.COW_SIDE, 2010, "export", 110.0),
            ("Correlates of War v4.0", trade.COW_SIDE, 2010, "import", 10.0),
            ("IMF DOTS", "Korea", 2010, "export", 100.0),
            ("IMF DOTS", "Korea", 2010, "import", 10.0),
        ]
    ).assign(
        figure_basis=["reported", "derived", "reported", "reported", "reported"],
        derived_from=[None, "IMF DOTS Korea-reported exports x 1.10: 100 x 1.10", None, None, None],
        gap_reason=["leading_zero", None, None, None, None],
    )
    turnover = profile.turnover_figures(trade.trade_summary(history), history)
    assert turnover.set_index(["source", "year"])["figures"].to_dict() == {
        ("Correlates of War v4.0", 1992): "reported",
        ("Correlates of War v4.0", 2010): "derived (export)",
        ("IMF DOTS", 2010): "reported",
    }
    facts = profile.trade_history_facts(history, turnover)
    assert facts.cow_derived == (2010,)
    assert facts.gaps == (
        ("Correlates of War v4.0", trade.COW_SIDE, "export", 1992, "leading_zero"),
    )
    words = text.profile.trade_history("Uzbekistan", facts)
    assert "in 2010 COW's figure for Korea's exports is derived from Korea's own" in words
    assert "agree by construction" in words
    assert "export 1992 (a zero before the pair's first reported year, so not yet covered)" in words
    assert text.profile.history_title(history, "export", "Uzbekistan") == (
        "Korea's exports to Uzbekistan, 2010-2010\nby source and reporting side"
    )


def test_trade_history_without_a_korea_reported_year():
    history = _history([("Correlates of War v4.0", trade.COW_SIDE, 1995, "export", 1.0)])
    facts = profile.trade_history_facts(history, trade.trade_summary(history))
    assert facts == TradeHistoryFacts(None, None, None, (), ())
    words = text.profile.trade_history("Uzbekistan", facts)
    assert words == "**Finding.** No source here gives a full-year turnover reported by Korea."


def test_trade_coverage_lists_each_source_with_its_years_and_sides():
    spans = [
        SourceSpan("COW", ("importer (COW)",), (1992, 1993, 1994, 2000), (), ()),
        SourceSpan("T1", ("Korea",), (2022,), ("2023 Jan-Oct (10 months)",), ()),
    ]
    words = text.profile.trade_coverage(spans)
    assert "* COW: 1992-1994, 2000; reporting side importer (COW)" in words
    assert "* T1: 2022, 2023 Jan-Oct (10 months); reporting side Korea" in words


# --------------------------------------------------------------------------------------------
# Forums


@pytest.fixture
def meetings():
    return pd.DataFrame(
        {
            "forum_no": [1, 2, 3, 5, 6],
            "host_iso3": ["KOR", None, "KGZ", "KGZ", None],
            "status": ["found", "not found", "found", "found", "not found"],
            "notes": [None] * 5,
        }
    )


def test_forums_hosted_and_the_numbers_no_source_covers(meetings):
    facts = profile.forums_hosted(meetings, "KGZ")
    assert facts == ForumHosting(hosted=(3, 5), held=3, unknown=(2, 4, 6))
    words = text.profile.forums_hosted("Kyrgyzstan", facts)
    assert words == (
        "**Finding.** Kyrgyzstan hosted 2 of the 3 meetings found in the sources (forums 3 and "
        "5); the sources do not cover forums 2, 4 and 6, so where those were held is unknown."
    )


def test_forums_hosted_singular_and_none(meetings):
    none = text.profile.forums_hosted("Uzbekistan", profile.forums_hosted(meetings, "UZB"))
    assert "Uzbekistan hosted none of the 3 meetings found in the sources;" in none
    one = text.profile.forums_hosted("Kyrgyzstan", ForumHosting((7,), 14, (2,)))
    assert "(forum 7); the sources do not cover forum 2, so where it was held is unknown." in one
    assert text.profile.forums_hosted("K", ForumHosting((7,), 14, ())).endswith("(forum 7).")


# --------------------------------------------------------------------------------------------
# ODA, diaspora, events


def test_oda_facts_keep_negative_and_blank_years():
    series = pd.DataFrame(
        {"year": [2002, 2003, 2004], "value_usd": [5e6, -1e6, np.nan], "source": "DAC"}
    )
    series["negative"] = series["value_usd"] < 0
    shares = pd.DataFrame(
        {"korea_share_pct": [2.5], "korea_rank_among_bilateral": [3], "bilateral_donors": [5]}
    )
    ranks = pd.DataFrame({"year": [2009, 2010], "rank": [4, pd.NA], "recipients": [100, 120]})
    ranks["rank"] = ranks["rank"].astype("Int64")
    facts = profile.oda_facts(series, shares, ranks)
    assert facts == OdaFacts(
        "DAC",
        2002,
        2004,
        4e6,
        2.5,
        3,
        5,
        ((2009, 4, 100), (2010, None, 120)),
        ((2003, -1e6),),
        (2004,),
    )
    words = text.profile.oda("Tajikistan", facts)
    assert "2009 rank 4 of 100; 2010 not ranked (no positive net figure)." in words
    assert "**Negative years:** 2003 (USD -1.00 million). " + NEGATIVE_NET_ODA in words
    assert "No figure (blank in the source, not zero): 2004." in words
    assert words.endswith(
        "**Finding.** Korea's net ODA to Tajikistan (DAC, 2002-2004) summed to USD 4.00 million; "
        "over the DAC2a years it was 2.50% of all official donors' net ODA to Tajikistan, rank 3 "
        "of the 5 individual donors in the file."
    )
    with pytest.raises(ValueError):
        profile.oda_facts(series.iloc[0:0], shares, ranks)


def test_diaspora_facts_latest_dated_latest_official_and_undated():
    figures = pd.DataFrame(
        {
            "year": [2019, 2021, np.nan],
            "ethnic_koreans": [1000, 1200, 900],
            "reference_date": ["2019", "2021-01-01", "n.d."],
            "type": ["census", "estimate", "estimate"],
            "confidence": ["official", "secondary", "press"],
        }
    )
    facts = profile.diaspora_facts(figures)
    assert facts == DiasporaFacts(
        3, (1200, "2021-01-01", "estimate", "secondary"), (1000, "2019"), 1
    )
    words = text.profile.diaspora("Kazakhstan", facts)
    assert words == (
        "**Finding.** 3 figures for Kazakhstan; the latest dated one: 1,200 (2021-01-01, "
        "estimate, confidence secondary); the latest labelled official: 1,000 (2019); 1 without "
        "a date (kept, not placed in time)."
    )
    empty = profile.diaspora_facts(figures.iloc[0:0])
    assert text.profile.diaspora("X", empty) == (
        "**Finding.** The data file gives no ethnic Korean population figure for X."
    )


def test_events_naming_a_country_and_their_facts():
    events = pd.DataFrame(
        {
            "actors": ["South Korea; Uzbekistan", "Kazakhstan", None, "Uzbekistan;Kazakhstan"],
            "ref": ["[10]", "[1]", None, "[9]"],
        }
    )
    named = profile.paper_events_of(events, "Uzbekistan")
    assert named.index.tolist() == [0, 3]
    diplomatic = pd.DataFrame(
        {
            "countries": ["South Korea;Uzbekistan", "Uzbekistan", "Kyrgyzstan"],
            "date": ["2005", "1992-01-29", "1992"],
            "event_type": ["state_visit", "diplomatic_relations", "diplomatic_relations"],
            "confidence": ["press", "official", "official"],
        }
    )
    involved = profile.diplomatic_events_of(diplomatic, "Uzbekistan")
    assert involved["date"].tolist() == ["1992-01-29", "2005"]
    summits = pd.DataFrame(
        {"iso3": ["UZB"], "summits": [16], "as_of": ["2023"], "confidence": ["secondary"]}
    ).assign(note="a note")
    facts = profile.event_facts(named, involved, summits, "UZB")
    assert facts == EventFacts(
        2, 2, ("[9]", "[10]"), ("1992-01-29", "official"), (16, "2023", "secondary", "a note")
    )
    words = text.profile.events("Uzbekistan", facts)
    assert "references behind its events: [9], [10]." in words
    assert "Diplomatic relations with Korea: 1992-01-29 (confidence official)." in words
    assert words.endswith("2 events of the paper and 2 dated diplomatic events involve Uzbekistan.")
    bare = text.profile.events("Tajikistan", EventFacts(1, 0, (), None, None))
    assert "references behind its events: none is given." in bare
    assert "gives no date of Tajikistan's diplomatic relations with Korea." in bare
    assert bare.endswith("1 event of the paper and 0 dated diplomatic events involve Tajikistan.")


def test_heading_is_bold_text_not_a_markdown_heading():
    line = text.profile.heading("Kyrgyzstan", "KGZ")
    assert line == "**Country profile: Kyrgyzstan (KGZ)**"
    assert not re.match(r"#{1,6} ", line)


# --------------------------------------------------------------------------------------------
# Each of the five on the real data


@pytest.fixture(scope="module")
def loaded():
    return {
        "tidy": data.load_trade_table1(),
        "cow": data.load_cow_trade(),
        "dots": data.load_dots_trade(),
        "meetings": data.load_forum_meetings(),
        "dac2a": data.load_oda_dac2a(),
        "wdi_kaz": data.load_oda_wdi_kazakhstan(),
        "recipients": data.load_oda_recipients(),
        "people": data.load_ethnic_koreans(),
        "events": data.load_events(),
        "diplomatic": data.load_diplomatic_events(),
        "summits": data.load_summit_counts(),
    }


@pytest.mark.parametrize("country", CENTRAL_ASIA, ids=lambda c: c.iso3)
def test_every_profile_sentence_on_the_real_data(loaded, country):
    iso, name = country.iso3, country.name
    summary = trade.rank_within(trade.trade_summary(loaded["tidy"]), name="rank_of_five")
    history = trade.bilateral_history(loaded["cow"], loaded["dots"], loaded["tidy"])
    history = history[history["iso3"] == iso]
    series = oda.korea_to(iso, loaded["dac2a"], wdi_kaz=loaded["wdi_kaz"])
    shares = oda.korea_share_by_recipient(loaded["dac2a"])
    people = loaded["people"]
    here = people[people["iso3"] == iso].sort_values("year", na_position="last")
    named = profile.paper_events_of(loaded["events"], name)
    involved = profile.diplomatic_events_of(loaded["diplomatic"], name)
    sentences = [
        text.profile.standing(name, profile.table1_standing(summary, iso)),
        text.profile.trade_history(
            name, profile.trade_history_facts(history, trade.trade_summary(history))
        ),
        text.profile.forums_hosted(name, profile.forums_hosted(loaded["meetings"], iso)),
        text.profile.oda(
            name,
            profile.oda_facts(
                series,
                shares[shares["recipient_iso3"] == iso],
                oda.recipient_rank(loaded["recipients"], iso),
            ),
        ),
        text.profile.diaspora(name, profile.diaspora_facts(here)),
        text.profile.events(name, profile.event_facts(named, involved, loaded["summits"], iso)),
    ]
    for words in sentences:
        assert name in words and not FILTER_WORDS.search(words), words
        assert "**Finding.**" in words
