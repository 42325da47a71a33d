"""The sentences and tables of the claims notebook, from small frames and from the real ledger.

Each function of :mod:`kca_analysis.text.claims` is fed the fact records the claims layer returns
(a verdict's ``facts``, :func:`~kca_analysis.claims.run_group`,
:func:`~kca_analysis.claims.evidence_rows`, the outlook and the summit plans), including the
records of a narrow confidence level: a sentence then says what the level left out, never that
the data lack it.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kca_analysis import claims
from kca_analysis.text import claims as claim_text
from kca_analysis.vocab import CONFIDENCE_LEVELS

#: Words a sentence may use only for what the data lack (issue 16), never for a filter.
FILTER_WORDS = re.compile(r"missing|no record|not found", re.IGNORECASE)


@pytest.fixture(scope="module")
def real():
    return claims.with_data()


def _ledger(*rows):
    return pd.DataFrame(rows, columns=["claim_id", "verdict"])


# --------------------------------------------------------------------------------------------
# Facts


def test_fact_labels_spell_out_units_and_codes():
    assert claim_text.fact_label("uzb_net_musd") == "UZB net (USD million)"
    assert claim_text.fact_label("distance_pct") == "distance (%)"
    assert claim_text.fact_label("reference_usd") == "reference (USD)"
    assert claim_text.fact_label("views") == "views"
    assert claim_text.fact_label("pct") == "pct"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (295_620, "295,620"),
        (10.0, "10"),
        (-1.4599, "-1.5"),
        (0.6079, "0.61"),
        (0.0412, "0.041"),
        (True, "yes"),
        (False, "no"),
        (None, "not in the rows used"),
        (float("nan"), "not in the rows used"),
        ("Kazakhstan", "Kazakhstan"),
    ],
)
def test_fact_values_read_as_numbers(value, text):
    assert claim_text.fact_value(value) == text


def test_facts_text_writes_one_line_per_fact_and_years_plainly():
    text = claim_text.facts_text({"low_year": 2002, "low_musd": 504.0, "ratio": 18.38})
    assert text.splitlines() == ["low year: 2002", "low (USD million): 504", "ratio: 18.4"]
    assert claim_text.facts_text({}) == claim_text.NO_FACTS


def test_evidence_html_shows_check_verdict_and_numbers_per_claim():
    results = pd.DataFrame(
        {
            "claim_id": ["C01", "C02"],
            "quote": ["around 300,000 <people>", "in 1992"],
            "check": ["history.check_diaspora", "history.check_relations_1992"],
            "verdict": ["supported", "partly supported"],
            "facts": [{"distance_pct": -1.46, "tolerance_pct": 10.0}, {}],
        }
    )
    table = claim_text.evidence_html(results)
    assert table.count("<tr style=") == 2
    assert "<th style='text-align:left'>numbers</th>" in table
    assert "history.check_diaspora" in table and "&lt;people&gt;" in table
    assert "distance (%): -1.5<br>tolerance (%): 10" in table
    assert claim_text.NO_FACTS in table
    assert claim_text.VERDICT_BACKGROUNDS["partly supported"] in table


def test_the_real_groups_tables_name_every_check(real):
    for group in claims.GROUPS:
        results = claims.run_group(group, real)
        table = claim_text.evidence_html(results)
        for row in results.itertuples():
            assert row.check in table
        with_facts = results[results["facts"].map(bool)]
        assert len(with_facts) >= 1, group


def test_ledger_html_is_deterministic_and_coloured(real_ledger):
    ledger = real_ledger("secondary")
    first, second = claim_text.ledger_html(ledger), claim_text.ledger_html(ledger)
    assert first == second
    for verdict_, colour in claim_text.VERDICT_BACKGROUNDS.items():
        if verdict_ in set(ledger["verdict"]):
            assert colour in first
    assert "<script" not in first and "<br>" not in first


# --------------------------------------------------------------------------------------------
# Sentences


def test_the_ledger_summary_names_the_level_and_the_counts():
    ledger = _ledger(("C01", "supported"), ("C02", "supported"), ("C03", "not testable"))
    text = claim_text.ledger_summary(ledger, "press")
    assert text == (
        "Evidence used: min_confidence=press (official, press). The ledger holds **3 claims**: "
        "2 supported; 1 not testable."
    )


def test_the_group_finding_lists_the_claims_per_verdict():
    results = _ledger(("C13", "supported"), ("C16", "contradicted"), ("C14", "supported"))
    assert claim_text.group_finding(results, "trade") == (
        "Of the 3 trade claims, 2 are supported (C13, C14); 1 is contradicted (C16)."
    )
    odd = _ledger(("C02", "supported for some, not testable for others"))
    assert claim_text.group_finding(odd, "history") == (
        "Of the 1 history claims, 1 is supported for some, not testable for others (C02)."
    )


def _rows(below):
    return pd.DataFrame(
        {
            "dataset": ["forum_meetings", "cow_trade"],
            "file": ["data/curated/forum_meetings.csv", "data/curated/cow_trade_1992_2014.csv"],
            "rows": [17, 2070],
            "used": [17 - below, 2070],
            "below": [below, 0],
        }
    )


def test_left_out_says_nothing_is_left_out_at_the_widest_level():
    assert claim_text.left_out(_rows(0), "secondary") == (
        "At min_confidence=secondary every row of the 2 evidence files is used."
    )


def test_left_out_counts_the_rows_a_narrow_level_removes():
    text = claim_text.left_out(_rows(11), "official")
    assert text.startswith(
        "At min_confidence=official, 11 of 2,087 evidence rows fall below the level and are "
        "not used: 11 of 17 in forum_meetings.csv."
    )
    assert "cow_trade" not in text
    assert not FILTER_WORDS.search(text)


def test_left_out_on_the_real_files(real):
    for level in ("official", "press"):
        text = claim_text.left_out(claims.evidence_rows(real, level), level)
        assert f"min_confidence={level}," in text and "forum_meetings.csv" in text
    secondary = claim_text.left_out(claims.evidence_rows(real, "secondary"), "secondary")
    assert "every row" in secondary


def _plans(*rows):
    return pd.DataFrame(rows, columns=["event_id", "stated", "planned_for"])


def test_summit_plans_give_the_announced_years_and_whether_one_was_held():
    plans = _plans(("p1", "2024", "2025"), ("p2", "", "2026"), ("p3", "2025", "2026"))
    text = claim_text.summit_plans(plans, 0, "secondary")
    assert text.startswith(
        "The year announced for the first Korea-Central Asia summit, by date of statement: "
        "2024: 2025; 2025: 2026. 1 record(s) give no date or no year."
    )
    assert text.endswith(
        "No meeting of the heads of state of Korea and all five is recorded at "
        "min_confidence=secondary."
    )
    assert "1 meeting(s) of the heads of state" in claim_text.summit_plans(plans, 1, "press")


def test_summit_plans_at_a_level_that_removes_them():
    text = claim_text.summit_plans(_plans(), 0, "official")
    assert text.startswith("No dated statement of a planned summit at min_confidence=official.")
    assert not FILTER_WORDS.search(text)


def test_the_real_outlook_reads_at_every_level(real):
    for level in ("secondary", "press", "official"):
        outlook = claims.outlook(real, level)
        text = claim_text.outlook_markdown(outlook)
        assert text.count('*"') == len(claims.OUTLOOK)
        plans = claims.summit_plans(real, level)
        held = claims.c5_summits_held(real, level)
        sentence = claim_text.summit_plans(plans, len(held), level)
        assert not FILTER_WORDS.search(sentence)
        if level == "official":
            assert "in the data" not in text


def test_the_confidence_effect_sentence(real, real_ledger):
    built = {level: real_ledger(level) for level in CONFIDENCE_LEVELS}
    effect = claims.confidence_effect(real, built)
    text = claim_text.confidence_effect(effect)
    # C01 and C02 depend on the level since issue 12 (rows below it are not testable there).
    assert text.startswith("6 of 20 verdicts depend on the confidence level: C01 is supported")
    steady = effect.assign(changes=False)
    assert claim_text.confidence_effect(steady) == (
        "None of the 20 verdicts depends on the confidence level."
    )
