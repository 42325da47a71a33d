"""Readings that must not claim more than the data: how a figure was produced, what a partial
year leaves open."""

from __future__ import annotations

import pandas as pd

from kca_analysis import data
from kca_analysis.analysis import history, periods, profile


def test_the_profile_shows_how_each_diaspora_figure_was_produced_beside_its_confidence():
    people = data.load_ethnic_koreans()
    for iso in ("KAZ", "UZB", "KGZ", "TJK", "TKM"):
        here = profile.diaspora_figures(people, iso)
        assert list(here.columns) == history.ETHNIC_KOREAN_COLUMNS
        columns = list(here.columns)
        assert columns.index("production") + 1 == columns.index("confidence")
        assert len(here) == (people["iso3"] == iso).sum(), "no figure is dropped"
        dated = here["year"].notna()
        assert not (~dated[:-1].to_numpy() & dated[1:].to_numpy()).any(), "undated ones last"
        assert here.loc[dated, "year"].is_monotonic_increasing


def test_a_partial_year_below_a_full_one_is_open_until_the_months_are_reported():
    summary = pd.DataFrame(
        {
            "iso3": ["KAZ", "KAZ"],
            "country": ["Kazakhstan", "Kazakhstan"],
            "period": ["2022", "2023, Jan-Oct"],
            "months": [12, 10],
            "turnover_usd": [100.0, 90.0],
        }
    )
    row = periods.compare_periods(summary, "2022", "2023, Jan-Oct").iloc[0]
    assert row["verdict"] == "open: the 2 months not yet reported decide"
    assert "missing" not in row["verdict"], "the months are not missing, only not yet reported"


def test_c18_says_which_blank_cells_its_sums_over_the_five_leave_out():
    from kca_analysis import claims

    evidence = claims.run_check("C18", claims.with_data(), "secondary").evidence
    assert (
        "the sums leave out the blank cells (no flow reported, not zero): Turkmenistan 2003, "
        "Turkmenistan 2005, Turkmenistan 2007"
    ) in evidence
    # who received the most is counted only where no blank cell could hide the largest
    assert "the largest of the five in 13 of the 15 years all five have a value" in evidence
