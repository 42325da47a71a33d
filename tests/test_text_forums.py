"""02_forums' fact records (kca_analysis.analysis.forum_findings) and their sentences
(kca_analysis.text.forums), the window of years above all: what a window leaves out is said to
fall before it, and "not found" or "no record" is said only of numbers no source covers."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kca_analysis import data
from kca_analysis.analysis import forums
from kca_analysis.figures import forums as forum_figures
from kca_analysis.text import forums as forum_text
from tests.conftest import title_of
from tests.test_forums import MEETINGS, _meetings


@pytest.fixture(scope="module")
def real():
    return data.load_forum_meetings()


@pytest.fixture(autouse=True)
def _close_figures():
    plt.switch_backend("Agg")
    yield
    plt.close("all")


# --------------------------------------------------------------------------------------------
# The window


@pytest.mark.parametrize(
    ("since", "before", "unfound_before", "unfound", "shown"),
    [
        (2007, 0, (), (2,), (1, 3, 4, 5)),
        (2008, 1, (), (2,), (3, 4, 5)),  # 2 was held by 2009 (forum 3): it may be in the window
        (2010, 3, (2,), (), (4, 5)),
        (2019, 4, (2,), (), (5,)),
        (2020, 5, (2,), (), ()),  # a window with no forum
    ],
)
def test_forum_window_on_the_fixture(since, before, unfound_before, unfound, shown):
    window = forums.forum_window(MEETINGS, since)
    assert (window.before, window.unfound_before, window.unfound, window.shown) == (
        before,
        unfound_before,
        unfound,
        shown,
    )
    assert window.narrowed == (before > 0)
    assert window.highest_number == 5


def test_forum_window_on_the_real_record(real):
    window = forums.forum_window(real, 2019)
    assert window.before == 11 and window.unfound_before == (2, 4, 5) and not window.unfound
    assert window.shown == (12, 13, 14, 15, 16, 17)
    assert not forums.forum_window(real, 2007).narrowed
    assert forums.forum_window(real, 2007).unfound == (2, 4, 5)


def test_forum_window_needs_a_row():
    with pytest.raises(ValueError, match="at least one row"):
        forums.forum_window(MEETINGS.iloc[:0], 2010)


def test_latest_years_bounds_an_undated_number_by_the_next_dated_forum():
    latest = forums.latest_years(MEETINGS)
    assert list(latest.index) == [1, 2, 3, 4, 5]
    assert latest[2] == 2009  # not found: held no later than forum 3
    assert latest[5] == 2019
    undated_last = _meetings(
        [(1, "found", 2007, "KOR", "minister", "x"), (2, "not found", *[None] * 4)]
    )
    assert pd.isna(forums.latest_years(undated_last)[2])  # no later forum: unknown


def _claimed_missing(text: str) -> set[int]:
    """The forum numbers a sentence or title says no source covers."""
    found = set()
    for match in re.finditer(
        r"(?:no record found for|Not found in the sources read: forum) no\. ([\d, ]+)", text
    ):
        found |= {int(n) for n in match.group(1).split(",") if n.strip()}
    return found


@pytest.mark.parametrize("since", range(2007, 2026))
def test_no_sentence_says_not_found_for_what_the_window_left_out(real, since):
    window = forums.forum_window(real, since)
    missing = set(forums.missing_forums(real)["forum_no"])
    texts = [
        forum_text.settings(window, list(forums.THEMES)),
        forum_text.gaps(forums.forum_calendar(real), window),
        forum_figures.timeline_title(window),
    ]
    for text in texts:
        assert _claimed_missing(text) <= missing, text
    title = forum_figures.timeline_title(window)
    assert ("no record found" in title) == bool(window.unfound)
    if window.narrowed:
        # the forums left out are said to fall before the window, and no shown forum is among them
        assert f"no. 1-{window.before}, before {since}, not shown" in title or window.before == 1
        assert f"before {since} and {'is' if window.before == 1 else 'are'} not shown" in texts[0]
        assert all(n > window.before for n in window.shown)
        held_before = forums.meeting_timeline(real).query("forum_no <= @window.before")
        assert (held_before["year"] < since).all()


def test_the_default_window_keeps_the_title_and_sentences(real):
    window = forums.forum_window(real, 2007)
    assert (
        forum_figures.timeline_title(window)
        == "Korea-Central Asia Cooperation Forum meetings (no record found for no. 2, 4, 5)"
    )
    assert (
        forum_text.settings(window, list(forums.THEMES))
        == "Meetings shown: held in 2007 or later. Themes shown: all 15 themes of the taxonomy."
    )


def test_settings_say_which_forums_and_themes_are_left_out(real):
    text = forum_text.settings(forums.forum_window(real, 2019), ["health", "youth"])
    assert text.startswith("Meetings shown: held in 2019 or later. Forums 1-11 fall before 2019")
    assert "(no. 2, 4, 5 among them were not found in the sources read)" in text
    assert "Themes shown: health, youth. The other 13 of the taxonomy's 15 themes" in text
    one = forum_text.settings(forums.forum_window(MEETINGS, 2008), ["water"])
    assert "Forum 1 falls before 2008 and is not shown." in one


def test_gaps_say_which_unfound_numbers_fall_before_the_window(real):
    calendar = forums.forum_calendar(real)
    default = forum_text.gaps(calendar, forums.forum_window(real, 2007))
    assert default.startswith("**Not found in the sources read: forum no. 2, 4, 5.** Between 2007")
    assert "no meeting is recorded for 2008, 2010, 2011, 2017." in default
    # the years an unfound forum may fill are unknown, not forum years (issue 12)
    assert "Of these, 2008, 2010, 2011 are *unknown*: forum no. 2, 4, 5 fall between" in default
    assert "In 2017 no numbered forum met" in default
    assert default.endswith(
        "*annual* holds for 14 of the 18 years, fails for 1 and cannot be checked for 3."
    )
    assert "window" not in default
    narrow = forum_text.gaps(calendar, forums.forum_window(real, 2010))
    assert narrow.endswith(
        "No. 2 falls before 2010, outside the window shown; no. 4, 5 may fall within it."
    )
    complete = _meetings(
        [(1, "found", 2007, "KOR", "minister", "x"), (2, "found", 2008, "KOR", "minister", "y")]
    )
    whole = forum_text.gaps(forums.forum_calendar(complete), forums.forum_window(complete, 2007))
    assert whole.startswith("**Every listed forum number is found in the sources read.**")
    assert "every year has one" in whole


def test_gaps_say_how_many_unknown_years_had_no_forum_at_least():
    undated = MEETINGS.copy()
    undated.loc[undated["forum_no"] == 3, "year"] = pd.NA
    text = forum_text.gaps(forums.forum_calendar(undated), forums.forum_window(undated, 2007))
    assert "Of these, 2008, 2009, 2010" in text and "forum no. 2, 3 fall between" in text
    assert "(at least 8 of those years had no forum: they outnumber the forums)" in text
    assert "no numbered forum met" not in text
    assert text.endswith(
        "holds for 3 of the 13 years, fails for 0 and for at least 8 of the 10 unknown years, "
        "and cannot be checked for the rest."
    )


def test_the_timeline_draws_only_the_window_and_says_why(real):
    ax = forum_figures.plot_forum_timeline(real, since_year=2019, secretariat_year=2017)
    assert title_of(ax) == (
        "Korea-Central Asia Cooperation Forum meetings from 2019 (no. 1-11, before 2019, not shown)"
    )
    drawn = sorted(int(t.get_text()) for t in ax.texts if t.get_text().isdigit())
    assert drawn == [12, 13, 14, 15, 16, 17]
    assert not any(t.get_text() == "secretariat" for t in ax.texts)  # 2017 is outside the window
    ax = forum_figures.plot_forum_timeline(real, since_year=2010)
    assert title_of(ax).endswith("(no record found for no. 4, 5; no. 1-3, before 2010, not shown)")


def test_the_theme_panels_share_the_themes(real):
    classified = forums.classify_meetings(real)
    matrix = forums.theme_matrix(classified, real, since_year=2024)
    paper = forums.paper_theme_matrix(forums.classify_paper_topics(data.load_forum_topics()))
    ax_meetings, ax_paper = forum_figures.plot_theme_panels(matrix, paper)
    assert ax_meetings.figure is ax_paper.figure
    assert [t.get_text() for t in ax_meetings.get_xticklabels()] == ["17 (2024)"]
    assert ax_paper.get_xlabel() == "list [reference]"


# --------------------------------------------------------------------------------------------
# The meetings


def test_meeting_facts_and_their_sentence(real):
    facts = forums.meeting_facts(real, 2007)
    assert (facts.highest_number, facts.recorded, facts.shown, facts.in_korea) == (17, 14, 14, 10)
    assert [n for _, _, n in facts.in_central_asia] == [7, 12, 14, 16]
    assert facts.first_minister == (6, 2012) and facts.minister_since == (12, 2019)
    assert forum_text.meetings(facts) == (
        "The data file lists forums no. 1 to 17; the sources read record **14** of them. Of the "
        "14 recorded meetings held in 2007 or later, 10 met in Korea and 4 in Central Asia: "
        "Bishkek (Kyrgyzstan, no. 7), Nur-Sultan (Kazakhstan, no. 12), Dushanbe (Tajikistan, "
        "no. 14), Ashgabat (Turkmenistan, no. 16). The first meeting of foreign ministers was "
        "no. 6 (2012); every recorded meeting from no. 12 (2019) on was ministerial."
    )


def test_meeting_sentences_for_one_meeting_and_none(real):
    one = forum_text.meetings(forums.meeting_facts(real, 2024))
    assert "The one recorded meeting held in 2024 or later met in Korea." in one
    none = forum_text.meetings(forums.meeting_facts(MEETINGS, 2020))
    assert "None of the recorded meetings was held in 2020 or later." in none
    assert "every recorded meeting from no. 4 (2018) on was ministerial" in none


def test_central_asia_firsts(real):
    firsts = forums.central_asia_firsts(real)
    assert (firsts.any_level.forum_no, firsts.any_level.year) == (7, 2013)
    assert (firsts.ministerial.forum_no, firsts.ministerial.year) == (12, 2019)
    text = forum_text.central_asia_firsts(firsts, forums.forum_window(real, 2007))
    assert "no. 7 met in Bishkek 6 years earlier, at vice-minister level." in text
    assert "not only those held" not in text
    narrowed = forum_text.central_asia_firsts(firsts, forums.forum_window(real, 2019))
    assert narrowed.endswith("not only those held in 2019 or later.")


def test_central_asia_firsts_when_one_meeting_is_both_or_none():
    both = forums.central_asia_firsts(MEETINGS.assign(level="minister"))
    assert both.any_level.forum_no == both.ministerial.forum_no == 3
    window = forums.forum_window(MEETINGS, 2007)
    assert "was also the first at ministerial level" in forum_text.central_asia_firsts(both, window)
    korea_only = MEETINGS.assign(host_iso3="KOR")
    none = forums.central_asia_firsts(korea_only)
    assert none.any_level is None and none.ministerial is None
    assert (
        forum_text.central_asia_firsts(none, window)
        == "No recorded forum was hosted in Central Asia."
    )


def test_secretariat_facts(real):
    events = data.load_events().set_index("event_id").loc["secretariat-2017"]
    diplomatic = data.load_diplomatic_events()
    record = diplomatic[diplomatic["event_type"] == "secretariat"].iloc[0]
    mentions = forums.meetings_mentioning(real, "secretariat")
    facts = forums.secretariat_facts(events, record, mentions)
    assert facts.paper_year == facts.record_year == 2017
    assert facts.mentions[0] == (8, 2014) and len(facts.mentions) == mentions["forum_no"].nunique()
    finding = forum_text.secretariat_finding(facts, forums.forum_window(real, 2007))
    assert finding == (
        "The paper's year (2017) agrees with the diplomatic record (2017); the meeting records "
        f"mention a secretariat at {len(facts.mentions)} meetings, the first no. 8 (2014)."
    )
    assert forum_text.secretariat(facts).endswith("Meeting records that mention the secretariat:")
    later = forums.secretariat_facts(events.copy().replace({2017: 2016}), record, mentions.iloc[:0])
    text = forum_text.secretariat_finding(later, forums.forum_window(real, 2007))
    assert "differs from" in text and "no meeting record mentions a secretariat" in text


# --------------------------------------------------------------------------------------------
# The themes


def test_classification_facts():
    classified = forums.classify_meetings(MEETINGS)
    topics = pd.DataFrame(
        {"list_id": "g", "list_name": "Key topics", "position": [1, 2],
         "topic": ["health", "a plan"], "section": "s", "ref": "[5]"}
    )  # fmt: skip
    facts = forums.classification_facts(classified, forums.classify_paper_topics(topics), 2007)
    # items: energy, culture, IT | health, anniversary of ties | health, youth exchanges |
    # health, water
    assert (facts.items, facts.unclassified) == (9, 1)
    assert facts.paper_topics == 2 and facts.paper_unclassified == ("a plan",)
    text = forum_text.classification(facts)
    assert "split into **9 items**; 8 match at least one theme and **1 matches none**" in text
    assert 'those matching no theme: 1 ("a plan")' in text


def test_emergence_facts_and_sentence():
    classified = forums.classify_meetings(MEETINGS)
    facts = forums.emergence_facts(forums.theme_emergence(classified, 2017), 2017)
    assert facts.comparable and facts.stays == ("health",)
    assert ("youth", 4, 2018) in facts.emerges and "energy & resources" in facts.fades
    text = forum_text.emergence(facts, forums.forum_window(MEETINGS, 2007))
    assert (
        "- **Stay** (named before and after): health; of these, named more often after 2017" in text
    )
    assert "Read within the window" not in text
    narrowed = forum_text.emergence(facts, forums.forum_window(MEETINGS, 2008))
    assert "Read within the window: meetings before 2008 are not counted" in narrowed


def test_a_window_after_the_split_year_names_no_theme_emerging():
    classified = forums.classify_meetings(MEETINGS)
    shown = classified[classified["year"] >= 2018]
    emergence = forums.theme_emergence(shown, 2017)
    assert set(emergence["pattern"]) == {"named", "never named"}  # nothing to emerge from
    facts = forums.emergence_facts(emergence, 2017)
    assert not facts.comparable and not facts.emerges and "youth" in facts.named
    text = forum_text.emergence(facts, forums.forum_window(MEETINGS, 2018))
    assert "no theme can be said to stay, emerge or fade here" in text
    assert "Emerge" not in text


def test_paper_agreement_groups_by_forum():
    comparison = pd.DataFrame(
        {"forum_no": [4, 4, 5], "theme": ["health", "youth", "water"],
         "in_paper": [True, True, False], "in_meeting_sources": [True, False, True],
         "agreement": ["both", "paper only", "meeting sources only"]}
    )  # fmt: skip
    agreements = forums.paper_agreement(comparison)
    assert agreements[0] == forums.ForumAgreement(4, ("health",), ("youth",), ())
    assert agreements[1].meetings_only == ("water",)
    text = forum_text.paper_agreement(agreements, forums.forum_window(MEETINGS, 2007))
    assert text.splitlines()[0] == (
        "- Forum no. 4: themes in both: 1; only in the paper: 1 (youth); only in the meeting "
        "sources: 0 (none)."
    )
    empty = forum_text.paper_agreement((), forums.forum_window(MEETINGS, 2007))
    assert empty == "No paper list names a forum with a theme among the themes shown."
