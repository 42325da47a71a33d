"""The Korea-Central Asia Cooperation Forum: meetings, gaps, hosts, levels and themes.

``from kca_analysis.analysis import forums`` gives every public name of the two modules below,
so that notebooks, claims and figures ask each question of one function:

* :mod:`~kca_analysis.analysis.forum_meetings`: which meetings were held (:func:`held_forums`),
  when (:func:`forum_years`, :func:`forum_calendar`, :func:`years_without_forum`), which
  numbers the sources do not cover (:func:`missing_forums`), where and at what level
  (:func:`meeting_timeline`, :func:`first_forum_in_central_asia`, :func:`forums_at_level`,
  :func:`level_since`);
* :mod:`~kca_analysis.analysis.forum_themes`: the paper's topic lists and the meetings' theme
  texts on one taxonomy (:data:`THEMES`), the theme-by-forum matrices, what stays and what
  emerges, the paper against the meeting sources;
* :mod:`~kca_analysis.analysis.forum_findings`: what 02_forums states, as fact records (the
  window of years, :func:`forum_window`; the meetings, the firsts in Central Asia, the
  secretariat, the themes), for :mod:`kca_analysis.text.forums` to word.
"""

from __future__ import annotations

from .forum_findings import (
    CentralAsiaFirsts,
    ClassificationFacts,
    ForumAgreement,
    ForumWindow,
    MeetingFacts,
    MeetingRecord,
    SecretariatFacts,
    ThemeEmergenceFacts,
    central_asia_firsts,
    classification_facts,
    emergence_facts,
    forum_window,
    meeting_facts,
    paper_agreement,
    secretariat_facts,
)
from .forum_meetings import (
    NOT_FOUND,
    ForumCalendar,
    first_forum_in_central_asia,
    forum_calendar,
    forum_label,
    forum_years,
    forums_at_level,
    held_forum,
    held_forums,
    latest_years,
    level_since,
    meeting_timeline,
    meetings_mentioning,
    missing_forums,
    years_without_forum,
)
from .forum_themes import (
    THEMES,
    UNCLASSIFIED,
    classify_meetings,
    classify_paper_topics,
    classify_topics,
    match_themes,
    paper_list_forum,
    paper_theme_matrix,
    paper_vs_meetings,
    split_items,
    theme_emergence,
    theme_matrix,
)

__all__ = [
    "NOT_FOUND",
    "THEMES",
    "UNCLASSIFIED",
    "CentralAsiaFirsts",
    "ClassificationFacts",
    "ForumAgreement",
    "ForumCalendar",
    "ForumWindow",
    "MeetingFacts",
    "MeetingRecord",
    "SecretariatFacts",
    "ThemeEmergenceFacts",
    "central_asia_firsts",
    "classification_facts",
    "classify_meetings",
    "classify_paper_topics",
    "classify_topics",
    "emergence_facts",
    "first_forum_in_central_asia",
    "forum_calendar",
    "forum_label",
    "forum_window",
    "forum_years",
    "forums_at_level",
    "held_forum",
    "held_forums",
    "latest_years",
    "level_since",
    "match_themes",
    "meeting_facts",
    "meeting_timeline",
    "meetings_mentioning",
    "missing_forums",
    "paper_agreement",
    "paper_list_forum",
    "paper_theme_matrix",
    "paper_vs_meetings",
    "secretariat_facts",
    "split_items",
    "theme_emergence",
    "theme_matrix",
    "years_without_forum",
]
