"""kca_analysis.analysis.forums and its figures: the theme taxonomy, gaps, the forum years,
first forum in Central Asia, themes over time."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kca_analysis import data, vocab
from kca_analysis.analysis import forums
from kca_analysis.figures import forums as forum_figures
from tests.conftest import title_of


def _meetings(rows):
    """A forum_meetings frame in the loader's shape from (no, status, year, host_iso3, level,
    theme) tuples."""
    names = {"KOR": "South Korea", "KGZ": "Kyrgyzstan", "KAZ": "Kazakhstan", None: None}
    frame = pd.DataFrame(
        [
            {
                "forum_no": no,
                "status": status,
                "date": None if year is None else str(year),
                "year": year,
                "host_city": None if host is None else f"city-{host}",
                "host_country": names[host],
                "level": level,
                "level_as_reported": level,
                "theme": theme,
                "notes": None if status != "not found" else "NOT FOUND",
                "source": "fixture",
                "confidence": "press",
                "host_iso3": host,
            }
            for no, status, year, host, level, theme in rows
        ]
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame


MEETINGS = _meetings(
    [
        (1, "found", 2007, "KOR", "vice-minister", "energy, culture; IT"),
        (2, "not found", None, None, None, None),
        (3, "found", 2009, "KGZ", "vice-minister", "health, anniversary of ties"),
        (4, "found", 2018, "KOR", "minister", "health, youth exchanges"),
        (5, "found", 2019, "KAZ", "minister", "health, water"),
    ]
)


@pytest.fixture(autouse=True)
def _headless_figures():
    plt.switch_backend("Agg")  # never open a window, whatever the environment
    yield
    plt.close("all")


# --------------------------------------------------------------------------------------------
# Taxonomy


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("transport and logistics", "transport & logistics"),
        ("transportation and logistics", "transport & logistics"),
        ("railroad", "transport & logistics"),
        ("energy resources", "energy & resources"),
        ("public healthcare", "health"),
        ("health/pharma", "health"),
        ("climate change", "climate & environment"),
        ("green economy", "climate & environment"),
        ("ICT", "digital & ICT"),
        ("IT", "digital & ICT"),
        ("information technology", "digital & ICT"),
        ("human resources development", "education & human resources"),
        ("culture and education", "culture & tourism"),
        ("culture and education", "education & human resources"),
        ("tourism", "culture & tourism"),
        ("youth's potentials", "youth"),
        ("reforestation", "agriculture & forestry"),
        ("industrial modernization and diversification", "industry & economy"),
        ("social and economic development", "industry & economy"),
        ("water resources", "water"),
        ("standardization", "standardisation"),
        ("technical standardisation", "standardisation"),
        ("e-government", "e-government"),
        ("supply chains (critical minerals)", "supply chains"),
        ("defense", "security & defence"),
        ("regional security", "security & defence"),
        ("North Korea nuclear issue", "security & defence"),
    ],
)
def test_known_texts_get_their_theme(text, theme):
    assert theme in [t for t, _ in forums.match_themes(text)]


@pytest.mark.parametrize(
    ("text", "not_theme"),
    [
        ("human resources", "energy & resources"),  # HR, not natural resources
        ("water resources", "energy & resources"),
        ("e-government", "digital & ICT"),  # "government" alone is no theme
        ("it is a joint journey", "digital & ICT"),  # the pronoun is not IT
        ("socio-economic", "health"),
    ],
)
def test_narrow_patterns_do_not_overreach(text, not_theme):
    assert not_theme not in [t for t, _ in forums.match_themes(text)]


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        # the 15th forum (Busan, 2022): supply and trade policy, not security and defence
        ("economic security", ["industry & economy"]),
        ("energy security", ["energy & resources"]),
        ("water security", ["water"]),
        ("health security", ["health"]),
        ("security and economic cooperation", ["industry & economy", "security & defence"]),
    ],
)
def test_the_security_of_a_sector_is_that_sector_not_defence(text, themes):
    assert [t for t, _ in forums.match_themes(text)] == themes


def test_the_real_texts_on_security_and_defence():
    classified = forums.classify_meetings(data.load_forum_meetings())
    economic = classified[classified["item"] == "economic security"]
    assert list(economic["forum_no"]) == [15]
    assert list(economic["theme"]) == ["industry & economy"]
    defence = classified[classified["theme"] == "security & defence"]
    assert list(zip(defence["forum_no"], defence["item"], strict=True)) == [
        (10, "North Korea nuclear issue")
    ]
    paper = forums.classify_paper_topics(data.load_forum_topics())
    assert "security & defence" not in set(paper["theme"])


def test_unknown_texts_stay_visible_as_unclassified():
    texts = ["health", "a joint journey to a better future", "", "roadmap"]
    result = forums.classify_topics(texts)
    assert set(result["id"]) == {0, 1, 2, 3}  # every text kept, none dropped
    unclassified = result[result["theme"] == forums.UNCLASSIFIED]
    assert list(unclassified["text"]) == ["a joint journey to a better future", "", "roadmap"]
    assert unclassified["matched"].isna().all()


def test_classify_topics_keeps_series_index_as_ids_and_checks_lengths():
    result = forums.classify_topics(pd.Series(["tourism"], index=["t9"]))
    assert list(result["id"]) == ["t9"]
    with pytest.raises(ValueError, match="2 ids for 1 texts"):
        forums.classify_topics(["tourism"], ids=[1, 2])


def test_one_text_may_carry_several_themes():
    result = forums.classify_topics(["carbon neutrality/energy"])
    assert set(result["theme"]) == {"climate & environment", "energy & resources"}


@given(st.lists(st.text(max_size=40), max_size=12))
def test_every_input_text_appears_in_the_output(texts):
    result = forums.classify_topics(texts)
    assert set(result["id"]) == set(range(len(texts)))
    assert set(result["theme"]) <= {*forums.THEMES, forums.UNCLASSIFIED}


def test_split_items_keeps_parenthesised_commas():
    assert forums.split_items("a; b, c (d, e); 'f'") == ["a", "b", "c (d, e)", "f"]


def test_check_themes_orders_and_refuses_unknown():
    assert vocab.check_themes([]) == list(forums.THEMES)
    assert vocab.check_themes(["youth", "health"]) == ["health", "youth"]
    with pytest.raises(ValueError, match="unknown theme.*'space'.*'health'"):
        vocab.check_themes(["space"])


def test_paper_topics_all_classified_or_visibly_not():
    topics = data.load_forum_topics()
    result = forums.classify_paper_topics(topics)
    keys = set(zip(result["list_id"], result["position"], strict=True))
    assert keys == set(zip(topics["list_id"], topics["position"], strict=True))
    assert result["theme"].notna().all()


# --------------------------------------------------------------------------------------------
# Meetings, gaps, hosts


def test_missing_forums_lists_not_found_and_unlisted_numbers():
    frame = MEETINGS[MEETINGS["forum_no"] != 4]  # 4 is absent from the file altogether
    missing = forums.missing_forums(frame)
    assert list(missing["forum_no"]) == [2, 4]
    assert list(missing["why"]) == [
        "listed, not found in the sources read",
        "not listed in the data file",
    ]


def test_missing_forums_on_the_real_data():
    meetings = data.load_forum_meetings()
    missing = forums.missing_forums(meetings)
    not_found = meetings.loc[meetings["status"] == forums.NOT_FOUND, "forum_no"]
    assert list(missing["forum_no"]) == sorted(not_found)
    assert len(missing) > 0


def test_years_without_forum():
    assert forums.years_without_forum(MEETINGS) == [
        y for y in range(2007, 2020) if y not in (2007, 2009, 2018, 2019)
    ]


def test_forum_years_marks_held_unknown_and_empty_years():
    calendar = forums.forum_years(MEETINGS).set_index("year")
    assert list(calendar.index) == list(range(2007, 2020))
    assert calendar.loc[2007, "forums"] == "1" and calendar.loc[2007, "status"] == "held"
    # one number (2) is undated between forums 1 (2007) and 3 (2009): 2008 may or may not
    # have had it, so 2008 is unknown, not a forum year
    assert calendar.loc[2008, "status"] == "unknown" and calendar.loc[2008, "forums"] == ""
    # no number lies between 3 (2009) and 4 (2018): those years had no forum
    assert set(calendar.loc[2010:2017, "status"]) == {"none"}


def test_forum_years_puts_two_meetings_of_one_year_in_one_row():
    twice = MEETINGS.copy()
    twice.loc[twice["forum_no"] == 4, "year"] = 2019
    calendar = forums.forum_years(twice).set_index("year")
    assert calendar.loc[2019, "forums"] == "4, 5"
    assert calendar.index.max() == 2019


def test_forum_years_without_a_dated_meeting_is_empty():
    undated = MEETINGS.assign(year=pd.array([None] * len(MEETINGS), dtype="Int64"))
    assert forums.forum_years(undated).empty
    assert forums.years_without_forum(undated) == []


def test_an_undated_held_meeting_is_held_but_fills_no_year():
    undated = MEETINGS.copy()
    undated.loc[undated["forum_no"] == 3, "year"] = pd.NA
    assert 3 in set(forums.held_forums(undated)["forum_no"])
    assert 3 in set(forums.meeting_timeline(undated)["forum_no"])
    calendar = forums.forum_years(undated).set_index("year")
    # numbers 2 and 3 lie undated between 2007 and 2018: each of the ten empty years may hold
    # one of them, which ones the data do not say; at least eight had no forum
    assert list(calendar.index[calendar["status"] == "unknown"]) == list(range(2008, 2018))
    assert "none" not in set(calendar["status"])
    counted = forums.forum_calendar(undated)
    assert counted.undated_between == (2, 3)
    assert counted.fewest_empty_unknown == 8
    assert counted.empty_years == ()


def test_forum_calendar_on_the_real_data_counts_unknown_years_apart():
    calendar = forums.forum_calendar(data.load_forum_meetings())
    assert (calendar.first_year, calendar.last_year, calendar.span) == (2007, 2024, 18)
    assert len(calendar.held_years) == 14
    # the unfound no. 2, 4, 5 fall in 2008, 2010-2011 or in a recorded year: unknown
    assert calendar.unknown_years == (2008, 2010, 2011)
    assert calendar.undated_between == (2, 4, 5)
    # no. 10 met in 2016 and no. 11 in 2018: no numbered forum in 2017
    assert calendar.empty_years == (2017,)
    assert calendar.fewest_empty_unknown == 0


def test_forum_calendar_counts_what_forum_years_says():
    calendar = forums.forum_calendar(MEETINGS)
    assert calendar.highest_number == 5
    assert calendar.held == (1, 3, 4, 5)
    assert calendar.missing == (2,)
    assert (calendar.first_year, calendar.last_year, calendar.span) == (2007, 2019, 13)
    assert calendar.held_years == (2007, 2009, 2018, 2019)
    assert calendar.unknown_years == (2008,)
    assert calendar.empty_years == tuple(range(2010, 2018))
    assert calendar.undated_between == (2,)
    assert calendar.fewest_empty_unknown == 0
    assert calendar.double_years == ()
    assert list(calendar.years_without_forum) == forums.years_without_forum(MEETINGS)
    with pytest.raises(ValueError, match="at least one row"):
        forums.forum_calendar(MEETINGS.iloc[:0])


def test_held_forum_and_forums_at_level():
    assert forums.held_forum(MEETINGS, 3)["year"] == 2009
    assert forums.held_forum(MEETINGS, 2) is None, "not found in the sources: not held"
    assert forums.held_forum(MEETINGS, 99) is None
    assert list(forums.forums_at_level(MEETINGS, "minister")["forum_no"]) == [4, 5]
    assert list(forums.forums_at_level(MEETINGS, "vice-minister")["forum_no"]) == [1, 3]


def test_first_forum_in_central_asia_any_level_and_ministerial():
    assert forums.first_forum_in_central_asia(MEETINGS)["forum_no"] == 3
    assert forums.first_forum_in_central_asia(MEETINGS, level="minister")["forum_no"] == 5
    only_korea = MEETINGS[MEETINGS["host_iso3"].isin(["KOR"]) | MEETINGS["host_iso3"].isna()]
    with pytest.raises(LookupError, match="no forum hosted in Central Asia"):
        forums.first_forum_in_central_asia(only_korea)


def test_first_forum_in_central_asia_sources_disagree_and_both_are_computed():
    """The 7th (Bishkek 2013) was the first held in Central Asia; the 12th the first at
    ministerial level, which a press report calls simply "the first"."""
    meetings = data.load_forum_meetings()
    first = forums.first_forum_in_central_asia(meetings)
    ministerial = forums.first_forum_in_central_asia(meetings, level="minister")
    assert (first["forum_no"], first["host_city"]) == (7, "Bishkek")
    assert ministerial["forum_no"] == 12
    assert first["year"] < ministerial["year"]


def test_level_since():
    assert forums.level_since(MEETINGS)["forum_no"] == 4
    assert forums.level_since(MEETINGS, "vice-minister") is None


def test_meetings_mentioning():
    found = forums.meetings_mentioning(MEETINGS, r"youth|water")
    assert list(found["forum_no"]) == [4, 5]
    assert set(found["field"]) == {"theme"}


# --------------------------------------------------------------------------------------------
# Themes over time


def test_theme_matrix_keeps_gaps_visible():
    classified = forums.classify_meetings(MEETINGS)
    matrix = forums.theme_matrix(classified, MEETINGS)
    assert list(matrix.columns) == ["1 (2007)", "2 (?)", "3 (2009)", "4 (2018)", "5 (2019)"]
    assert matrix["2 (?)"].isna().all()  # not found: missing, not zero
    assert matrix.loc["health", "3 (2009)"] == 1.0
    assert matrix.loc["youth", "3 (2009)"] == 0.0


def test_theme_matrix_since_year_keeps_unknown_years_that_may_be_in_range():
    classified = forums.classify_meetings(MEETINGS)
    # forum 2 was held at the latest in 2009 (forum 3): possibly in range from 2008 ...
    assert "2 (?)" in forums.theme_matrix(classified, MEETINGS, since_year=2008).columns
    # ... but not from 2010 on
    columns = forums.theme_matrix(classified, MEETINGS, since_year=2010).columns
    assert list(columns) == ["4 (2018)", "5 (2019)"]


def test_theme_emergence_patterns():
    classified = forums.classify_meetings(MEETINGS)
    result = forums.theme_emergence(classified, 2017).set_index("theme")
    assert result.loc["health", "pattern"] == "stays"
    assert result.loc["youth", "pattern"] == "emerges"
    assert result.loc["youth", "first_forum"] == 4
    assert result.loc["energy & resources", "pattern"] == "fades"
    assert result.loc["supply chains", "pattern"] == "never named"
    assert result.loc["health", "share_before_pct"] == pytest.approx(50.0)  # 1 of 2 before
    assert result.attrs["meetings_before"] == 2 and result.attrs["meetings_from"] == 2


def test_paper_vs_meetings_shows_disagreement():
    topics = pd.DataFrame(
        {
            "list_id": ["f4", "f4", "general"],
            "list_name": ["Areas of the 4th forum", "Areas of the 4th forum", "Key topics"],
            "position": [1, 2, 1],
            "topic": ["health", "tourism", "water"],
            "section": "s",
            "ref": "[6]",
        }
    )
    compared = forums.paper_vs_meetings(
        forums.classify_paper_topics(topics), forums.classify_meetings(MEETINGS)
    )
    assert set(compared["forum_no"]) == {4}  # the general list names no forum
    agreement = compared.set_index("theme")["agreement"]
    assert agreement["health"] == "both"
    assert agreement["culture & tourism"] == "paper only"
    assert agreement["youth"] == "meeting sources only"


# --------------------------------------------------------------------------------------------
# Plots


def test_plots_return_axes_with_labels():
    classified = forums.classify_meetings(MEETINGS)
    ax = forum_figures.plot_theme_heatmap(forums.theme_matrix(classified, MEETINGS))
    assert ax.get_xlabel() == "forum (year)"
    assert len(ax.get_yticklabels()) == len(forums.THEMES)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "no record of the meeting" in legend
    ax = forum_figures.plot_forum_timeline(MEETINGS, secretariat_year=2017)
    assert ax.get_xlabel() == "year of the meeting"
    assert "no record found for no. 2" in title_of(ax)
    assert np.isfinite(ax.get_xlim()).all()


def source_line_overlaps(fig) -> list[str]:
    """The labels of ``fig`` that its source line (a long one) overlaps, once drawn."""
    from kca_analysis import figures
    from kca_analysis.figures.save import SOURCE_LABEL
    from tests.test_claims import _drawn_texts

    figures.finish(fig, "overlap_test", "Source: " + "a long source line, " * 6, "")
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    line = next(t for t in fig.texts if t.get_label() == SOURCE_LABEL)
    box = line.get_window_extent(renderer)
    return [t.get_text() for t in _drawn_texts(fig) if box.overlaps(t.get_window_extent(renderer))]


def test_the_source_line_never_overlaps_a_label_of_the_forum_figures():
    import matplotlib as mpl

    from kca_analysis import figures

    with mpl.rc_context():
        figures.set_style()  # as in the notebook: its sizes are those of the committed figures
        _forum_figures_overlap()


def _forum_figures_overlap():
    meetings = data.load_forum_meetings()
    timeline = forum_figures.plot_forum_timeline(meetings, since_year=2007, secretariat_year=2017)
    assert source_line_overlaps(timeline.figure) == []  # the x label overlapped it before
    classified = forums.classify_meetings(meetings)
    paper = forums.paper_theme_matrix(forums.classify_paper_topics(data.load_forum_topics()))
    panels, _ = forum_figures.plot_theme_panels(forums.theme_matrix(classified, meetings), paper)
    assert source_line_overlaps(panels.figure) == []
