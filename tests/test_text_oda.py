"""04_oda's fact records (kca_analysis.analysis.oda_findings) and their sentences
(kca_analysis.text.oda): on small frames where each number is known, and on the real files
where the sentences must read as 04_oda has printed them."""

from __future__ import annotations

import pandas as pd
import pytest

from kca_analysis import data
from kca_analysis.analysis import oda
from kca_analysis.text import oda as oda_text
from kca_analysis.vocab import DONORS
from tests.test_oda import _dac

NAN = float("nan")


@pytest.fixture(scope="module")
def real():
    return {
        "dac2a": data.load_oda_dac2a(),
        "recipients": data.load_oda_recipients(),
        "facts": data.load_oda_facts(),
    }


def _korea(rows):
    """Korea's rows of a DAC2a frame from (year, iso3, USD million)."""
    return oda.korea_net_oda(_dac([(y, iso, "Korea", v) for y, iso, v in rows]))


# --------------------------------------------------------------------------------------------
# Settings and the lost table


def test_settings_name_the_recipient_the_donors_and_what_is_left_out():
    text = oda_text.settings("Kyrgyzstan", "KGZ", ["Korea", "Japan"])
    assert text.startswith("Recipient: Kyrgyzstan (KGZ). Donors compared: Korea, Japan. ")
    assert "programme figures are Uzbekistan's" in text
    assert text.endswith(
        "not compared: United States; Germany; Turkey; DAC Countries, Total; Multilateral "
        "Agencies, Total; Non-DAC Countries, Total; Official Donors, Total."
    )
    assert "not compared" not in oda_text.settings("Uzbekistan", "UZB", list(DONORS))


def test_lost_table_quotes_the_first_sentence_of_the_caveat():
    text = oda_text.lost_table("Table 2 was not found. Other things.", [2010, 2009])
    assert "*Table 2 was not found.*" in text and "Other things" not in text
    assert "(World Bank WDI, 2009-2010)" in text


# --------------------------------------------------------------------------------------------
# Korea's net ODA to the five


def test_korea_net_facts_share_blanks_and_negatives():
    korea = _korea(
        [(2014, "UZB", 6.0), (2014, "KAZ", 1.0), (2014, "TKM", NAN),
         (2015, "UZB", 8.0), (2015, "KAZ", -2.0), (2015, "TKM", 1.0)]
    )  # fmt: skip
    facts = oda.korea_net_facts(korea)
    assert (facts.first_year, facts.last_year, facts.total_usd) == (2014, 2015, 14e6)
    assert [name for name, _, _ in facts.shares] == ["Uzbekistan", "Turkmenistan", "Kazakhstan"]
    assert facts.shares[0][1] == pytest.approx(100.0)  # 14 of 14: a negative lowers the sum
    assert facts.blanks == (("Turkmenistan", 2014),)
    assert facts.negatives == (("Kazakhstan", 2015, -2e6),)
    text = oda_text.korea_net(facts)
    assert text.startswith(
        "Over 2014-2015, Korea's net ODA to the five summed to USD 14.0 million; Uzbekistan "
        "received 100.0% of it (USD 14.0 million), then Turkmenistan 7.1%, Kazakhstan -7.1%. "
    )
    assert "Blank in the OECD export (no flow reported, not zero): Turkmenistan 2014." in text
    assert "**Negative net values:** Kazakhstan 2015 (USD -2.00 million)." in text
    assert text.endswith(oda.NEGATIVE_NET_ODA)


def test_korea_net_sentence_without_blanks_or_negatives():
    text = oda_text.korea_net(oda.korea_net_facts(_korea([(2014, "UZB", 6.0), (2014, "KGZ", 2.0)])))
    assert "Blank" not in text and "Negative" not in text
    assert text.endswith("then Kyrgyzstan 25.0%.")


def test_korea_net_sentence_on_the_real_file(real):
    text = oda_text.korea_net(oda.korea_net_facts(oda.korea_net_oda(real["dac2a"])))
    assert text.startswith(
        "Over 2002-2019, Korea's net ODA to the five summed to USD 435 million; Uzbekistan "
        "received 73.1% of it (USD 318 million), then Kyrgyzstan 12.7%, Kazakhstan 9.3%, "
        "Tajikistan 2.9%, Turkmenistan 2.0%. Blank in the OECD export (no flow reported, not "
        "zero): Turkmenistan 2003, Turkmenistan 2005, Turkmenistan 2007. **Negative net values:** "
        "Kazakhstan 2013 (USD -210 thousand), Kazakhstan 2015 (USD -7.15 million). "
    )


def test_korea_total_facts_on_the_real_files(real):
    dac2a = real["dac2a"]
    facts = oda.korea_total_facts(
        oda.korea_total_oda(data.load_korea_totals(), dac2a), oda.ca_share_of_korea_total(dac2a)
    )
    assert facts.wdi_first[0] == 1992 and facts.overlap == (2002, 2019)
    assert facts.five_share_low[0] == 2013 and facts.five_share_high[0] == 2002
    assert oda_text.korea_total(facts) == (
        "Korea's total net ODA (WDI) grew from USD 76.8 million in 1992 to USD 2.91 billion in "
        "2022; where both sources cover a year (2002-2019) they differ by at most USD 70.0 "
        "thousand. The five received between 0.72% (2013) and 5.09% (2002) of Korea's net ODA "
        "to all recipients in the years all five have a value (in 2003, 2005, 2007 one of the "
        "five is blank, so the five have no total there and no point is drawn); adding the "
        'line "Central Asia, regional" (dashed) raises the share '
        "by at most 0.07 percentage points; its cell is blank (no flow reported) in 2002-2006, "
        "where the dashed line is not drawn."
    )
    assert facts.regional_blank == (2002, 2003, 2004, 2005, 2006)
    assert facts.five_incomplete == (2003, 2005, 2007)


def test_korea_total_sentence_when_the_sources_do_not_overlap():
    facts = oda.KoreaTotalFacts((1992, 1e8), (1993, 2e8), None, None, (2002, 1.0), (2003, 2.0), 0.0)
    assert "no year is in both sources" in oda_text.korea_total(facts)


def test_kazakhstan_facts(real):
    kaz = oda.wdi_vs_dac2a(data.load_oda_wdi_kazakhstan(), real["dac2a"])
    facts = oda.kazakhstan_facts(kaz)
    assert (facts.wdi_first_year, facts.wdi_last_year, facts.overlap_years) == (1992, 2023, 18)
    assert [year for year, _ in facts.negatives] == [2013, 2015]
    assert oda_text.kazakhstan(facts).endswith(
        "2015 (USD -7.15 million): in those years Kazakhstan repaid Korea more than Korea "
        "disbursed to it."
    )
    positive = oda.KazakhstanFacts(1992, 2023, 0, None, ())
    assert oda_text.kazakhstan(positive) == "WDI covers 1992-2023. No year is negative."


# --------------------------------------------------------------------------------------------
# Ranks, donors, programmes


def test_rank_findings_official_and_stated(real):
    uzb = oda.rank_findings(real["recipients"], real["facts"], "UZB")
    assert uzb.official == ((2009, 20, 102, 5.9e6), (2010, 7, 126, pytest.approx(32.21e6)))
    assert [s.rank for s in uzb.later] == [11, 8]
    assert {s.confidence for s in uzb.later} == {"secondary"}
    text = oda_text.recipient_rank(uzb)
    assert text.startswith("Uzbekistan, WDI (official): 2009: rank 20 of 102 recipients")
    assert "so these ranks cannot be checked" in text
    kgz = oda.rank_findings(real["recipients"], real["facts"], "KGZ")
    assert kgz.later == ()
    assert "holds no later rank statement for Kyrgyzstan." in oda_text.recipient_rank(kgz)


def test_the_rank_section_says_the_list_that_defines_core_is_not_in_the_data(real):
    uzb = oda.rank_findings(real["recipients"], real["facts"], "UZB")
    assert uzb.priority_lists == (
        ("2021-2025", 27, "OECD DCP Korea 2022 (3rd Comprehensive Basic Plan 2021-25)"),
    )
    text = oda_text.recipient_rank(uzb)
    assert "The ODA facts record only the size of such a list: 27 countries for 2021-2025" in text
    assert "so whether Uzbekistan is on it cannot be read from them" in text
    none = oda.rank_findings(real["recipients"], real["facts"].iloc[:0], "UZB")
    assert none.priority_lists == ()
    assert "No list of Korea's priority partner countries is in the data" in (
        oda_text.recipient_rank(none)
    )


def test_rank_sentence_for_a_year_without_a_positive_figure():
    recipients = pd.DataFrame(
        {"year": [2009, 2010], "recipient_iso3": ["UZB", "VNM"], "value_usd": [3.0, 9.0],
         "rank": [1, 1], "confidence": ["official"] * 2}
    )  # fmt: skip
    no_facts = pd.DataFrame(
        columns=[
            "fact_id",
            "topic",
            "recipient",
            "period",
            "value",
            "original_source",
            "confidence",
        ]
    )
    facts = oda.rank_findings(recipients, no_facts, "UZB")
    assert facts.official[1] == (2010, None, 1, None)
    assert "2010: not among the recipients with a positive net figure" in (
        oda_text.recipient_rank(facts)
    )


def test_donor_findings(real):
    dac2a = real["dac2a"]
    comparison = oda.donor_comparison(dac2a, "UZB", ["Korea", "Japan"])
    facts = oda.donor_findings(dac2a, real["facts"], comparison, "UZB")
    assert (facts.korea_rank, facts.bilateral_donors) == (4, 5)
    assert facts.korea_net_usd == pytest.approx(318.32e6)
    assert facts.korea_share_pct == pytest.approx(4.91, abs=0.01)
    assert [s.fact_id for s in facts.statements] == ["web-1"]
    assert [d for _, d, _ in facts.statements[0].ranking][:2] == ["Japan", "Korea"]
    assert [(d, y) for d, y, _ in facts.negatives] == [("Japan", 2011), ("Japan", 2012)]
    text = oda_text.donors(facts)
    assert "Korea ranks 4. Fact web-1 (" in text
    assert "orders the individual donors 1. Japan (USD 985 million), 2. Korea" in text
    assert text.endswith(oda.NEGATIVE_NET_ODA)
    alone = oda.donor_findings(
        dac2a, real["facts"], oda.donor_comparison(dac2a, "TKM", ["Korea"]), "TKM"
    )
    assert alone.statements == () and alone.negatives == ()
    assert oda_text.donors(alone).endswith(
        "among the 5 individual donors in the file Korea ranks 4."
    )


def test_programme_findings(real):
    figures = oda.uzbekistan_figures(real["facts"], "Uzbekistan")
    checks = oda.compare_with_dac2a(figures, real["dac2a"], "UZB")
    facts = oda.programme_findings(figures, checks, real["dac2a"])
    assert facts.dac2a_last_year == 2019
    assert ("pages-14", "web-8") in facts.repeats and list(facts.repeats) == sorted(facts.repeats)
    assert [fact_id for fact_id, _ in facts.doubtful] == ["pages-14", "web-8"]
    by_id = {c.fact_id: c for c in facts.checks}
    assert by_id["web-1"].published_to_dac2a == pytest.approx(1.10, abs=0.005)
    assert by_id["pages-14"].published_to_dac2a is None
    text = oda_text.programmes(facts)
    assert "DAC2a (to 2019) does not cover these years" in text
    assert "(published / DAC2a = 1.10)" in text
    assert text.count("\n* ") == len(facts.doubtful) + len(facts.checks) - 1


def test_programme_sentence_without_repeats_or_doubtful_figures():
    facts = oda.ProgrammeFacts(2019, (), (), ())
    text = oda_text.programmes(facts)
    assert "Same page read twice (the file marks the repeats): none." in text
    assert text.endswith("flags as doubtful: none.")
