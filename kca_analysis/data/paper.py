"""The paper's other data, transcribed as printed: dated events, forum topics, checkable claims.

Each file's schema is its resource in ``data/datapackage.json``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .validation import read_resource

EVENT_CATEGORIES = (
    "independence",
    "diplomatic",
    "crisis",
    "policy",
    "forum",
    "institution",
    "economic",
)


def load_events(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the dated events of the paper's narrative (year, event, actors, category, ref).

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``events``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        One row per event, in the paper's order.
    """
    return read_resource("events", path, verify=verify)


def load_forum_topics(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the topics the paper lists for the forum, the secretariat and forums 15 and 16.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``forum_topics``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        One row per listed topic (``list_id``, ``position``, ``topic``...).
    """
    return read_resource("forum_topics", path, verify=verify)


def load_claims(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the paper's checkable claims.

    Parameters
    ----------
    path
        Another file with the same schema (default: the catalog's ``claims``).
    verify
        Check the recorded sha256 first.

    Returns
    -------
    DataFrame
        ``claim_id``, ``section`` heading, exact ``quote``, the reference number the paper
        cites for it (``ref``, missing when none) and the kind of data that would test it.
    """
    return read_resource("claims", path, verify=verify)
