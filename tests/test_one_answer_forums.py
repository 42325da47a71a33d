"""One answer per question: the forum claims print what 02_forums computes.

Each test runs a claim's check and the function 02_forums calls on the same data (the real
file, and copies changed so that a coincidence cannot pass), at each confidence level (the
notebook's function then reads the rows the claim keeps), and compares the numbers.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kca_analysis import claims
from kca_analysis.analysis import forums
from kca_analysis.text import forums as forum_text

LEVELS = ("secondary", "press", "official")


@pytest.fixture(scope="module")
def real():
    return claims.with_data()


def _no_gap(f):
    f.loc[f["forum_no"] >= 11, "year"] = f.loc[f["forum_no"] >= 11, "year"] - 1
    return f


def _twelve_unlisted(f):
    return f[f["forum_no"] != 12]


def _three_not_found(f):
    f.loc[f["forum_no"] == 3, ["status", "year", "level"]] = ["not found", pd.NA, None]
    return f


def _two_in_2019(f):
    f.loc[f["forum_no"] == 13, "year"] = 2019
    return f


def _six_vice_minister(f):
    f.loc[f["forum_no"] == 6, "level"] = "vice-minister"
    return f


CHANGES = {
    "as recorded": None,
    "no gap": _no_gap,
    "forum 12 not listed": _twelve_unlisted,
    "forum 3 not found": _three_not_found,
    "two forums in 2019": _two_in_2019,
    "forum 6 at vice-minister level": _six_vice_minister,
}


@pytest.fixture(params=[(c, lvl) for c in CHANGES for lvl in LEVELS], ids=lambda p: "-".join(p))
def case(request, real):
    """(data for the claims, the forum rows 02_forums reads, the confidence level)."""
    change, level = request.param
    data = dict(real)
    if CHANGES[change] is not None:
        data["forum_meetings"] = CHANGES[change](real["forum_meetings"].copy())
    meetings, _ = claims.evidence.rows_at(data, "forum_meetings", level)
    return data, meetings, level


def _years(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\d{4}", text)]


def _listed(years) -> str:
    return ", ".join(map(str, years)) or "none"


def test_c07_counts_the_forum_years_as_02_forums_does(case):
    data, meetings, level = case
    evidence = claims.run_check("C07", data, level).evidence
    timeline = forums.meeting_timeline(meetings)
    calendar = forums.forum_calendar(meetings)
    # 02_forums: "The data file lists forums no. 1 to N; the sources read record K of them."
    assert f"Forums found: {len(timeline)} of numbers 1-{meetings['forum_no'].max()}" in evidence
    # 02_forums: "Between A and B (S years), H years have a recorded meeting; ..."
    assert (
        f"Years {calendar.first_year}-{calendar.last_year} ({calendar.span} years): a numbered "
        f"forum found in {len(calendar.held_years)};"
    ) in evidence
    # the unknown years and the years without a forum, apart, as 02_forums states them
    unknown = re.search(r"(\d+) year\(s\) unknown \(([^)]*)\)", evidence)
    empty = re.search(r"(\d+) year\(s\) without any numbered forum \(([^)]*)\)", evidence)
    assert _years(unknown[2]) == list(calendar.unknown_years)
    assert _years(empty[2]) == list(calendar.empty_years)
    assert sorted(_years(unknown[2]) + _years(empty[2])) == forums.years_without_forum(meetings)
    assert (
        f"Annual: recorded in {len(calendar.held_years)} of {calendar.span} years, not annual in "
        f"{len(calendar.empty_years)}, unknown in {len(calendar.unknown_years)}"
    ) in evidence
    sentence = forum_text.gaps(calendar, forums.forum_window(meetings, calendar.first_year))
    assert f"holds for {len(calendar.held_years)} of the {calendar.span} years" in sentence
    assert f"fails for {len(calendar.empty_years)} " in sentence
    if calendar.unknown_years:
        assert f"Of these, {_listed(calendar.unknown_years)} " in sentence
        assert f"forum no. {_listed(calendar.undated_between)} fall between" in sentence
        assert f"({_listed(calendar.undated_between)}) fall between" in evidence
    if calendar.empty_years:
        assert f"In {_listed(calendar.empty_years)} no numbered forum met" in sentence


def test_the_held_forums_are_those_of_the_02_forums_timeline(case):
    data, meetings, level = case
    timeline = forums.meeting_timeline(meetings)
    ministerial = timeline.loc[timeline["level"] == "minister", "forum_no"].astype(int).tolist()
    c10 = claims.run_check("C10", data, level)
    if c10.verdict != "not testable":
        listed = re.search(r"Forums at minister level in the data: ([\d, ]+)\.", c10.evidence)
        assert [int(n) for n in listed[1].split(", ")] == ministerial
    summit = claims.outlook(data, level)["since"].iloc[0]
    if ministerial:
        assert f"minister at forums {', '.join(map(str, ministerial))};" in summit
    fifteen = timeline[timeline["forum_no"] == 15]
    c09 = claims.run_check("C09", data, level).evidence
    if fifteen.empty:
        # below the level, or not in the data at all: the evidence says which
        below = not forums.meeting_timeline(data["forum_meetings"]).query("forum_no == 15").empty
        absent = f"not at min_confidence={level}" if below else "not in the data"
        assert f"forum 15 {absent}" in c09
    else:
        row = fifteen.iloc[0]
        assert f"forum 15: {row['host_city']}, {row['date']}" in c09


def test_c08_quotes_the_records_02_forums_lists(case):
    data, meetings, level = case
    evidence = claims.run_check("C08", data, level).evidence
    mentions = forums.meetings_mentioning(meetings, r"secretariat")
    quoted = [int(n) for n in re.findall(r"forum (\d+) \(", evidence)]
    assert quoted == list(dict.fromkeys(mentions["forum_no"]))


def test_the_claims_figure_draws_the_forum_years_of_02_forums(real):
    import matplotlib.pyplot as plt

    from kca_analysis.figures import claims as claim_figures

    years = forums.forum_years(real["forum_meetings"])
    ax = claim_figures.plot_forum_years(years)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert [int(y) for y in labels] == list(years["year"])
    plt.close(ax.figure)
