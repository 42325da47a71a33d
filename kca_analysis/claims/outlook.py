"""The paper's outlook set against what the data records since it was written."""

from __future__ import annotations

import re

import pandas as pd

from kca_analysis.analysis import forums
from kca_analysis.countries import CENTRAL_ASIA_ISO3

from .evidence import (
    Data,
    countries_of,
    row_text,
    rows_at,
    source_ref,
    with_data,
)

#: The paper's forward-looking statements (exact quotes) and how the data can follow them up.
OUTLOOK: tuple[tuple[str, str], ...] = (
    (
        "Elevating the C5+1 format meetings to the level of heads of state could contribute to "
        "resolving regional problems",
        "summit",
    ),
    (
        "South Korea is exploring the possibility of establishing a free trade zone (FTA)",
        "fta",
    ),
    (
        "anticipating future prospects for cooperation in key areas such as health, "
        "environment, and digital policy",
        "areas",
    ),
)


_PLANNED_FOR = re.compile(r"(?:planned for|held in \w+ in|summit in) (20\d\d)\b|\b(20\d\d) summit")


def summit_plans(data: Data | None = None, min_confidence: str = "secondary") -> pd.DataFrame:
    """The records of a planned first Korea-Central Asia summit: when stated, for which year
    (read from the wording: "planned for 2025", "a 2026 summit"), and the row's source."""
    data = with_data(data)
    events, _ = rows_at(data, "diplomatic_events", min_confidence)
    plans = events[events["event_type"] == "summit_plan"]
    rows = []
    for _, row in plans.iterrows():
        years = sorted({int(a or b) for a, b in _PLANNED_FOR.findall(row["detail"])})
        rows.append(
            (
                row["event_id"],
                row["date"] if isinstance(row["date"], str) else "",
                ", ".join(map(str, years)),
                row["detail"],
                row["confidence"],
                row["source"],
            )
        )
    return pd.DataFrame(
        rows, columns=["event_id", "stated", "planned_for", "detail", "confidence", "source"]
    )


def c5_summits_held(data: Data | None = None, min_confidence: str = "secondary") -> pd.DataFrame:
    """Records of a meeting of the heads of state of Korea and all five (not plans or counts)."""
    data = with_data(data)
    events, _ = rows_at(data, "diplomatic_events", min_confidence)
    kinds = ~events["event_type"].isin(["summit_plan", "summit_count_statement", "secretariat"])
    everyone = events["countries"].map(lambda c: set(CENTRAL_ASIA_ISO3) <= set(countries_of(c)))
    return events[kinds & everyone.astype(bool)]


def _scope(dropped: int, min_confidence: str) -> str:
    """Where a record was looked for: "in the data", or at the level when it left rows out."""
    return f"at min_confidence={min_confidence}" if dropped else "in the data"


def _summit_since(
    events: pd.DataFrame, meetings: pd.DataFrame, dropped: tuple[int, int], min_confidence: str
) -> tuple[str, str]:
    """The forum's level and the records of a planned summit, and their source entry."""
    plans = events[events["event_type"] == "summit_plan"]
    ministerial = forums.forums_at_level(meetings, "minister")
    levels = (
        f"Forum level: minister at forums {', '.join(map(str, ministerial['forum_no']))}; "
        f"no forum at heads-of-state level {_scope(dropped[1], min_confidence)}. "
        if not ministerial.empty
        else ""
    )
    listed = " | ".join(
        f"[{r['date'] if isinstance(r['date'], str) else 'undated'}] "
        f"{r['detail'].replace('date as stated: ', 'as stated ')}"
        for _, r in plans.iterrows()
    )
    since = levels + (
        f"{len(plans)} record(s) of a planned first Korea-Central Asia summit: {listed}"
        if len(plans)
        else f"No summit plan {_scope(dropped[0], min_confidence)}."
    )
    return since, source_ref("diplomatic_events", "event_type=summit_plan", plans)


def _fta_since(events: pd.DataFrame, dropped: int, min_confidence: str) -> tuple[str, str]:
    """The records that mention an FTA, and their source entry."""
    hits = events[row_text(events).str.contains(r"\bFTA\b|free trade", case=False)]
    since = (
        f"{len(hits)} record(s): " + " | ".join(hits["detail"])
        if len(hits)
        else f"Nothing {_scope(dropped, min_confidence)} records FTA negotiations with "
        "Uzbekistan; Korean trade-ministry records of the negotiations would settle it."
    )
    return since, source_ref("diplomatic_events", "rows mentioning an FTA", hits)


def _areas_since(held: pd.DataFrame, dropped: int, min_confidence: str) -> tuple[str, str]:
    """Which of the paper's areas the forums held since it were about, and their source entry."""
    after = held[(held["year"] >= 2024).fillna(False).astype(bool)]
    areas = {"health": "health", "environment": "environment", "digital": "digital"}
    found = []
    for _, forum in after.iterrows():
        theme = str(forum["theme"]).lower()
        present = [a for a, k in areas.items() if k in theme]
        missing = [a for a in areas if a not in present]
        found.append(
            f"forum {int(forum['forum_no'])} ({int(forum['year'])}): "
            f"{', '.join(present) or 'none'} on the agenda"
            + (f"; {', '.join(missing)} not recorded" if missing else "")
        )
    since = "; ".join(found) or f"No forum after the paper {_scope(dropped, min_confidence)}."
    return since, source_ref("forum_meetings", "year >= 2024", after)


def outlook(data: Data | None = None, min_confidence: str = "secondary") -> pd.DataFrame:
    """Set the paper's suggestions against what the data record since.

    Where the confidence level leaves rows out, "nothing in the data" reads "nothing at
    min_confidence=...": a filter removed them, the data may hold them.

    Parameters
    ----------
    data
        The datasets (completed from ``data/`` where one is missing); reads
        ``diplomatic_events`` and ``forum_meetings`` (the forums held, through
        :mod:`kca_analysis.analysis.forums`).
    min_confidence
        Rows below this confidence level are left out.

    Returns
    -------
    DataFrame
        Columns ``suggestion, since, sources``, one row per quote of :data:`OUTLOOK`.
    """
    data = with_data(data)
    events, events_dropped = rows_at(data, "diplomatic_events", min_confidence)
    meetings, meetings_dropped = rows_at(data, "forum_meetings", min_confidence)
    _, plans_dropped = rows_at(
        data, "diplomatic_events", min_confidence, lambda f: f["event_type"] == "summit_plan"
    )
    rows = []
    for quote, kind in OUTLOOK:
        if kind == "summit":
            dropped = (plans_dropped, meetings_dropped)
            since, sources = _summit_since(events, meetings, dropped, min_confidence)
        elif kind == "fta":
            since, sources = _fta_since(events, events_dropped, min_confidence)
        else:
            held = forums.held_forums(meetings)
            since, sources = _areas_since(held, meetings_dropped, min_confidence)
        rows.append((quote, since, sources))
    return pd.DataFrame(rows, columns=["suggestion", "since", "sources"])
