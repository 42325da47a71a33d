"""What the data layer says about a figure beyond its value (issue 12): a coverage gap is missing,
not zero; whose figure a value is (reported, derived, estimate); when relations began; how a
diaspora figure was produced, apart from how we read it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from kca_analysis import data, paths
from kca_analysis.data.corrections import CorrectionError
from kca_analysis.data.coverage import apply_coverage_rule, gap_reasons
from kca_analysis.data.validation import read_resource


@pytest.fixture(scope="module")
def cow() -> pd.DataFrame:
    return data.load_cow_trade()


def _pair(frame, country, partner, year):
    rows = frame[
        (frame["country"] == country) & (frame["partner"] == partner) & (frame["year"] == year)
    ]
    assert len(rows) == 2, (country, partner, year)
    return rows


# --------------------------------------------------------------------------------------------
# 1. Coverage gaps are missing, not zero


@pytest.mark.parametrize(
    ("country", "total_1994"), [("Kazakhstan", 3289), ("Uzbekistan", 1768), ("Turkmenistan", 183)]
)
def test_russias_zeros_before_1994_are_gaps(cow, country, total_1994):
    raw = read_resource("cow_trade_1992_2014")
    for year in (1992, 1993):
        assert (_pair(raw, country, "Russia", year)["value"] == 0).all(), "COW prints 0"
        rows = _pair(cow, country, "Russia", year)
        assert rows["value"].isna().all() and rows["value_usd"].isna().all()
        assert (rows["coverage"] == "gap").all() and (rows["gap_reason"] == "leading_zero").all()
    first = _pair(cow, country, "Russia", 1994)
    assert first["value"].sum() == total_1994 and (first["coverage"] == "reported").all()


def test_turkey_absent_for_four_of_the_five_in_1992_is_a_gap(cow):
    rows = cow[(cow["partner"] == "Turkey") & (cow["year"] == 1992)]
    absent = rows[rows["gap_reason"] == "absent"]
    assert sorted(set(absent["country"])) == [
        "Kazakhstan",
        "Tajikistan",
        "Turkmenistan",
        "Uzbekistan",
    ]
    assert (rows.loc[rows["country"] == "Kyrgyzstan", "coverage"] == "reported").all()


def test_a_zero_after_the_first_reported_year_stays_a_zero(cow):
    # Kyrgyzstan-India: reported from 1992 (1 million of exports), both flows 0 in 1995.
    rows = _pair(cow, "Kyrgyzstan", "India", 1995)
    assert (rows["value"] == 0).all() and (rows["coverage"] == "reported").all()
    assert rows["gap_reason"].isna().all()


def test_gaps_and_reported_rows_partition_the_file(cow):
    assert set(cow["coverage"]) == set(data.COVERAGE)
    gaps = cow[cow["coverage"] == "gap"]
    assert set(gaps["gap_reason"]) == set(data.GAP_REASONS)
    assert gaps["value"].isna().all()
    reported = cow[cow["coverage"] == "reported"]
    assert reported["value"].notna().all() and reported["gap_reason"].isna().all()
    assert cow.attrs["corrections"] == ["cow_coverage_gaps"]
    assert data.first_complete_year(cow) == 1994


def test_gap_reasons_on_a_small_table():
    frame = pd.DataFrame(
        {
            "year": [1992, 1992, 1993, 1993, 1994, 1994, 1992, 1993],
            "country": ["A"] * 6 + ["B"] * 2,
            "partner": ["P"] * 6 + ["Q"] * 2,
            "value": [0, 0, 0, 5, 0, 0, np.nan, 0],
            "in_source": ["yes"] * 6 + ["no", "yes"],
        }
    )
    reasons = gap_reasons(frame)
    assert list(reasons) == [
        "leading_zero",
        "leading_zero",
        None,  # 1993 is the pair's first non-zero year (either flow): reported from then on
        None,
        None,  # after the first reported year, a zero is a zero
        None,
        "absent",
        None,  # a pair that is never non-zero has no start of coverage to be before
    ]


def test_the_rule_is_recorded_with_its_reasoning_and_a_guard():
    document = yaml.safe_load(paths.CORRECTIONS_FILE.read_text(encoding="utf-8"))
    rule = next(c for c in document["corrections"] if c["id"] == "cow_coverage_gaps")
    assert rule["applies_to"] == "data/curated/cow_trade_1992_2014.csv"
    assert rule["action"] == {"type": "coverage_gap", "pair": ["country", "partner"]}
    assert "3,289" in rule["why"] and "Turkey" in rule["why"]
    assert rule["guard"]["type"] == "leading_zeros"


def test_the_guard_fails_when_cow_no_longer_has_the_leading_zeros():
    frame = read_resource("cow_trade_1992_2014")
    filled = (
        (frame["country"] == "Kazakhstan")
        & (frame["partner"] == "Russia")
        & (frame["year"] == 1992)
    )
    frame.loc[filled, "value"] = 100.0
    with pytest.raises(CorrectionError, match="Kazakhstan-Russia 1992.*found 200"):
        apply_coverage_rule(frame)
    present = read_resource("cow_trade_1992_2014")
    turkey = (present["partner"] == "Turkey") & (present["year"] == 1992)
    present.loc[turkey, ["in_source", "value"]] = ["yes", 1.0]
    with pytest.raises(CorrectionError, match="Turkey 1992: absent from COW absent, found present"):
        apply_coverage_rule(present)


# --------------------------------------------------------------------------------------------
# 2. Whose figure it is: derived and estimated values


def test_cow_imports_from_korea_2010_2014_are_korea_x_1_10_in_21_of_25(cow):
    dots = data.load_dots_trade()
    korea = dots[(dots["reporting_side"] == "Korea") & (dots["flow"] == "export")]
    korea = korea.set_index(["country", "year"])["value"]
    rows = cow[
        (cow["partner"] == "South Korea") & (cow["flow"] == "import") & (cow["year"] >= 2010)
    ]
    assert len(rows) == 25
    derived = rows[rows["basis"] == "derived"]
    assert len(derived) == 21
    for row in derived.itertuples():
        base = korea[(row.country, row.year)]
        assert abs(row.value - 1.10 * base) <= 1.0, (row.country, row.year)
        assert row.derived_from.startswith("IMF DOTS Korea-reported exports x 1.10")
        figures = row.derived_from.split(": ", 1)[1]  # "1438.644492 x 1.10 = 1582.51"
        assert float(figures.split(" x ")[0]) == base
    others = rows[rows["basis"] != "derived"]
    assert sorted(zip(others["country"], others["year"], strict=True)) == [
        ("Kazakhstan", 2010),
        ("Kazakhstan", 2011),
        ("Kazakhstan", 2012),
        ("Tajikistan", 2010),
    ]
    assert (others["basis"] == "reported").all() and others["derived_from"].isna().all()


def test_no_other_cow_value_is_marked_derived(cow):
    derived = cow[cow["basis"] == "derived"]
    assert set(derived["partner"]) == {"South Korea"} and set(derived["flow"]) == {"import"}
    assert set(cow["basis"].dropna()) == {"reported", "derived"}
    assert cow.loc[cow["basis"].isna(), "value"].isna().all(), "only missing values lack a basis"


def test_the_catalog_no_longer_calls_derived_cow_values_importer_reported():
    cow = data.resource("cow_trade_1992_2014")
    assert "except where basis = derived" in cow.get("caveats")
    assert "imf_dots_korea_centralasia_2010_2020" in cow.derived_from


def test_dots_turkmen_side_is_an_imf_estimate_from_korea_x_1_06():
    dots = data.load_dots_trade()
    korea = dots[dots["reporting_side"] == "Korea"].set_index(["country", "year", "flow"])["value"]
    turkmen = dots[dots["reporting_side"] == "Turkmenistan"]
    assert len(turkmen) == 22 and (turkmen["basis"] == "estimate").all()
    for row in turkmen.itertuples():
        ratio = row.value / korea[(row.country, row.year, row.flow)]
        expected = 1.06 if row.flow == "export" else 1 / 1.06
        assert ratio == pytest.approx(expected, rel=0.01), (row.year, row.flow)
        assert row.derived_from.startswith("IMF estimate from the Korea-reported value")


def test_dots_suspect_tajik_rows_are_estimates_and_the_rest_reported():
    dots = data.load_dots_trade()
    estimates = dots[dots["basis"] == "estimate"]
    tajik = estimates[estimates["reporting_side"] == "Tajikistan"]
    assert sorted(tajik["year"]) == list(range(2010, 2018))
    assert set(tajik["flow"]) == {"import"}
    assert tajik["derived_from"].str.startswith("flagged SUSPECT in the extract").all()
    assert set(estimates["reporting_side"]) == {"Turkmenistan", "Tajikistan"}
    reported = dots[dots["basis"] == "reported"]
    assert reported["derived_from"].isna().all()
    assert len(reported) + len(estimates) == len(dots)


# --------------------------------------------------------------------------------------------
# 3. Relations established in 1992, with sources


def test_diplomatic_relations_give_all_five_dates_with_their_sources():
    relations = data.load_diplomatic_relations()
    assert list(relations["country"]) == [
        "Kazakhstan",
        "Uzbekistan",
        "Kyrgyzstan",
        "Turkmenistan",
        "Tajikistan",
    ]
    assert list(relations["date_established"]) == [
        "1992-01-28",
        "1992-01-29",
        "1992-01-31",
        "1992-02-07",
        "1992-04-27",
    ]
    assert (relations["year"] == 1992).all()
    assert relations["source"].str.startswith("http").all()
    assert dict(zip(relations["iso3"], relations["confidence"], strict=True)) == {
        "KAZ": "secondary",
        "UZB": "secondary",
        "KGZ": "press",
        "TKM": "official",
        "TJK": "press",
    }


def test_relations_agree_with_the_diplomatic_events():
    relations = data.load_diplomatic_relations().set_index("country")["date_established"]
    events = data.load_diplomatic_events()
    events = events[events["event_type"] == "diplomatic_relations"]
    assert len(events) == 2
    for row in events.itertuples():
        country = row.countries.split(";")[1]
        assert relations[country] == row.date


# --------------------------------------------------------------------------------------------
# 4. How a diaspora figure was produced, apart from how we read it


def test_embassy_estimates_are_not_official_statistics_and_mirrored_censuses_are_censuses():
    people = data.load_ethnic_koreans()
    assert set(people["production"]) <= set(data.POPULATION_PRODUCTION)
    agency = people[people["source"].str.contains("oka.go.kr")]
    assert len(agency) == 2
    assert (agency["production"] == "embassy estimate").all()
    assert (agency["confidence"] == "official").all(), "read on the agency's own page"
    censuses = people[people["type"].str.contains("census") & (people["production"] == "census")]
    assert len(censuses) >= 5
    assert (censuses["confidence"] == "secondary").all(), "read through mirrors"
    statement = people[people["country"] == "Central Asia"]
    assert list(statement["production"]) == ["statement"]
