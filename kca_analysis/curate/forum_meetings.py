"""The Korea-Central Asia Cooperation Forum meetings 1 to 17, from the compiler's extract.

The three forums that were not found stay as rows with ``status`` ``not found`` (never a
guessed date); the secretariat row of the extract goes to :mod:`.diplomatic_events`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import (
    Row,
    SourceFormatError,
    classify_url,
    join_notes,
    raw_file,
    read_source,
    split_qualifier,
    tidy_file,
)

FORUMS = raw_file("kca_forum_meetings.csv")
TIDY = tidy_file("forum_meetings.csv", reads=(FORUMS,))

#: Where the compiler records the forums that were not found.
FORUM_GAPS_LOCATOR = "shared/data-sources/kca_forum_meetings.source.txt (Gaps)"
#: Government and secretariat pages are official; wiki pages secondary; anything else news.
FORUM_CONFIDENCE = (
    ("mofa.go.kr", "official"),
    ("mfa.tj", "official"),
    ("turkmenistan.gov.tm", "official"),
    ("centralasia-korea.org", "official"),
    ("wikipedia.org", "secondary"),
    ("http", "press"),
)
#: What kca_forum_meetings.source.txt says about the forums that were not found.
FORUM_GAP_NOTES = {
    "2": "presumably 2008 per the compiler, not verified",
    "4": "presumably 2010-2011 per the compiler, not verified",
    "5": "presumably 2010-2011 per the compiler, not verified",
}


def normalise_level(text: str, where: str) -> str:
    """Map the head-of-delegation wording to ``minister`` or ``vice-minister``.

    Parameters
    ----------
    text
        The ``level_head_delegates`` cell: ``'Vice Foreign Minister'``, ``'Foreign Minister'``...
    where
        Used in the error message.

    Returns
    -------
    str
        ``'minister'`` or ``'vice-minister'``.

    Raises
    ------
    SourceFormatError
        For any other wording.
    """
    lowered = text.lower()
    if lowered.startswith("vice"):
        return "vice-minister"
    if lowered.startswith("foreign minister"):
        return "minister"
    raise SourceFormatError(f"{where}: cannot read level {text!r}")


def normalise_date(text: str, where: str) -> tuple[str, str]:
    """Return the ISO date (``YYYY-MM-DD`` or ``YYYY-MM``) and the qualification, if any.

    ``'2018-11-06/07'`` gives ``('2018-11-06', '2018-11-06/07')``: the first day, with the
    original text kept so that the two-day span is not lost.

    Parameters
    ----------
    text
        The date as the extract prints it.
    where
        Used in the error message.

    Returns
    -------
    tuple of str
        The ISO date and the original text when it says more than the date, else ``''``.

    Raises
    ------
    SourceFormatError
        If ``text`` does not start with an ISO year and month.
    """
    match = re.fullmatch(r"(\d{4}-\d{2}(?:-\d{2})?)(.*)", text.strip())
    if match is None:
        raise SourceFormatError(f"{where}: cannot read date {text!r}")
    return match.group(1), text.strip() if match.group(2) else ""


def build(source_dir: Path) -> list[Row]:
    """The Korea-Central Asia Cooperation Forum meetings 1 to 17, sorted by number.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``forum_meetings.csv``.

    Raises
    ------
    SourceFormatError
        For an undated row that is not a recorded gap, an unreadable date or level, a date
        outside its year, or a set of forums other than 1 to 17.
    """
    out = []
    for row in read_source(source_dir, FORUMS):
        number = row["forum_no"]
        if not number.isdigit():
            continue  # the "(secretariat)" row goes to diplomatic_events.csv
        where = f"{FORUMS.name} forum {number}"
        if not row["date"]:
            if "NOT FOUND" not in row["notes"] or any(
                row[k] for k in FORUMS.header if k not in ("forum_no", "notes")
            ):
                raise SourceFormatError(f"{where}: undated row that is not a recorded gap")
            out.append(
                {
                    "forum_no": number,
                    "status": "not found",
                    **dict.fromkeys(("date", "year", "host_city", "host_country", "level"), ""),
                    "level_as_reported": "",
                    "theme": "",
                    "notes": join_notes(
                        f"{row['notes']}; {FORUM_GAP_NOTES.get(number, 'year unknown')}",
                        "source and confidence describe this gap statement, not a meeting: "
                        "it is the compiler's record (neither an official nor a press report), "
                        "hence secondary",
                    ),
                    "source": FORUM_GAPS_LOCATOR,
                    "confidence": "secondary",
                }
            )
            continue
        date, date_text = normalise_date(row["date"], where)
        if not date.startswith(row["year"]):
            raise SourceFormatError(f"{where}: date {date} outside year {row['year']}")
        city, city_qualifier = split_qualifier(row["host_city"])
        out.append(
            {
                "forum_no": number,
                "status": "found",
                "date": date,
                "year": row["year"],
                "host_city": city,
                "host_country": "South Korea"
                if row["host_country"] == "Korea"
                else row["host_country"],
                "level": normalise_level(row["level_head_delegates"], where),
                "level_as_reported": row["level_head_delegates"],
                "theme": row["theme_or_topics"],
                "notes": join_notes(
                    row["notes"],
                    f"date as reported: {date_text}" if date_text else "",
                    f"host city as reported: {row['host_city']}" if city_qualifier else "",
                ),
                "source": row["source_urls"],
                "confidence": classify_url(row["source_urls"], FORUM_CONFIDENCE, where),
            }
        )
    numbers = sorted(int(r["forum_no"]) for r in out)
    if numbers != list(range(1, 18)):
        raise SourceFormatError(f"{FORUMS.name}: forums {numbers}, expected 1..17 exactly")
    out.sort(key=lambda r: int(r["forum_no"]))
    return out


CROSS_CHECKS = ()
