"""The paper's other data, transcribed as printed: dated events, forum topics, checkable claims."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from .common import resolve_path
from .validation import Column, Schema, read_table

EVENTS_FILE = paths.PAPER_DATA_DIR / "events.csv"
EVENT_CATEGORIES = (
    "independence",
    "diplomatic",
    "crisis",
    "policy",
    "forum",
    "institution",
    "economic",
)
EVENTS_SCHEMA = Schema(
    columns=(
        Column("event_id"),
        Column("date", "date", required=False),
        Column("year", "int", required=False),
        Column("event"),
        Column("actors", required=False),
        Column("category", choices=EVENT_CATEGORIES),
        Column("section"),
        Column("ref", required=False),
    ),
    key=("event_id",),
)


def load_events(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the dated events of the paper's narrative (year, event, actors, category, ref)."""
    return read_table(resolve_path(path, EVENTS_FILE), EVENTS_SCHEMA, verify=verify)


FORUM_TOPICS_FILE = paths.PAPER_DATA_DIR / "forum_topics.csv"
FORUM_TOPICS_SCHEMA = Schema(
    columns=(
        Column("list_id"),
        Column("list_name"),
        Column("position", "int", minimum=1),
        Column("topic"),
        Column("section"),
        Column("ref", required=False),
    ),
    key=("list_id", "position"),
)


def load_forum_topics(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the topics the paper lists for the forum, the secretariat and forums 15 and 16."""
    return read_table(resolve_path(path, FORUM_TOPICS_FILE), FORUM_TOPICS_SCHEMA, verify=verify)


CLAIMS_FILE = paths.PAPER_DATA_DIR / "claims.csv"
CLAIMS_SCHEMA = Schema(
    columns=(
        Column("claim_id"),
        Column("section"),
        Column("quote"),
        Column("ref", "int", required=False, minimum=1),
        Column("evidence_kind"),
    ),
    key=("claim_id",),
)


def load_claims(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the paper's checkable claims: id, section heading, exact quote, the reference
    number the paper cites for it (missing when none) and the kind of data that would test it."""
    return read_table(resolve_path(path, CLAIMS_FILE), CLAIMS_SCHEMA, verify=verify)
