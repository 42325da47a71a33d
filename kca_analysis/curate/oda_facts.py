"""Korea's ODA aggregates and its Uzbekistan programme, as figures read on web pages.

Two extracts: facts about Korea's ODA as a whole (``pages-NN``) and figures of the Uzbekistan
programme (``web-N``). A value is kept only where it can be read unambiguously; the printed
value and unit always stay.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import (
    Row,
    SourceFormatError,
    check_unique,
    classify_url,
    join_notes,
    raw_file,
    read_source,
    tidy_file,
)

ODA_PAGES = raw_file("korea_oda_facts_pages.csv")
ODA_WEB = raw_file("web_korea_oda_uzbekistan_figures.csv")
TIDY = tidy_file("oda_facts.csv", reads=(ODA_PAGES, ODA_WEB))

#: Government and OECD pages are official; reposts, blogs and doubtful pages secondary.
ODA_CONFIDENCE = (
    ("oecd-ilibrary.org", "official"),
    ("oecd.org", "official"),
    ("gov.uz", "official"),  # Uzbek government news
    ("github.com/yaph", "official"),  # WDI values (2012 vintage)
    ("ejidc.org", "secondary"),  # flagged DOUBTFUL by the compiler
    ("7-star.net", "secondary"),  # repost of a MOFA press release
    ("brunch.co.kr", "secondary"),  # blog
    ("effectivecooperation.org", "press"),  # OECD text quoted by GPEDC
    ("donortracker.org", "press"),
    ("megaasiaportal.snuac.ac.kr", "press"),
    ("kbs.co.kr", "press"),
    ("ajunews.com", "press"),
    ("uzdaily.uz", "press"),
    ("trend.az", "press"),
)
#: Unit words of the ODA fact files that are already one of the allowed units.
ODA_UNITS = (
    ("USD billion", "USD billion"),
    ("USD million", "USD million"),
    ("%", "percent"),
    ("countries", "count"),
    ("rank", "rank"),
)
#: Facts that are not about an amount received by anyone.
ODA_NO_RECIPIENT = ("Korea priority partner countries", "Korea ODA/GNI rank")


def oda_fact_value(value: str, unit: str, doubtful: bool) -> tuple[str, str, str]:
    """Read ``(value, unit, why_empty)`` from an ODA fact's printed value and unit.

    A value is kept only when it is a plain number in an allowed unit, an ordinal rank, or a
    Korean-unit figure whose USD-million equivalent the source row states (``=196 million
    USD``). Approximate (약, ~, about), bounded (>, more than, up to) and doubtful figures stay
    empty with the reason.

    Parameters
    ----------
    value, unit
        The value and unit as the page prints them.
    doubtful
        Whether the compiler flags the figure as doubtful.

    Returns
    -------
    tuple of str
        The value and its unit from :data:`~.common.UNITS` (both empty when not read), and
        why the value was not read (empty when it was).
    """
    if doubtful:
        return "", "", "value not read: the compiler flags this figure as doubtful"
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        for prefix, allowed in ODA_UNITS:
            if unit.startswith(prefix):
                return value, allowed, ""
        match = re.search(r"\(=(\d+(?:\.\d+)?) million USD\)", unit)
        if match:
            return match.group(1), "USD million", ""
        if unit.startswith("억"):
            # 억 = 100 million: converting would change the published digits.
            return "", "", "value not read: printed in 억 달러 (USD 100 million), not converted"
        return "", "", f"value not read: unit {unit!r} is not an allowed unit"
    rank = re.fullmatch(r"(?:\w+ )?(\d+)(?:st|nd|rd|th)\b.*", value)
    if rank and "rank" in unit:
        return rank.group(1), "rank", ""
    if re.search(r"up to|more than|>", value):
        return "", "", "value not read: a bound (more than / up to), not a figure"
    if re.search(r"약|~|about", value):
        return "", "", "value not read: approximate as printed"
    return "", "", "value not read: not a plain number as printed"


def normalised_url(url: str) -> str:
    """Reduce a page URL to what identifies the page (drop scheme, www/m, amp/view paths).

    Parameters
    ----------
    url
        The page's URL as an extract records it.

    Returns
    -------
    str
        ``example.org/news/1`` for ``https://m.example.org/amp/news/1``.
    """
    url = re.sub(r"^https?://(?:www\.|m\.)?", "", url.strip())
    return re.sub(r"/(?:amp|view)/", "/", url)


def build(source_dir: Path) -> list[Row]:
    """Korea ODA aggregates and Uzbekistan programme figures from pages, one reading a row.

    ``fact_id`` is ``pages-NN`` (row NN of korea_oda_facts_pages.csv) or ``web-N`` (figure N
    of web_korea_oda_uzbekistan_figures.csv); rows are sorted by fact_id. Readings of the
    same page in the two files are kept as separate rows and point at each other.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``oda_facts.csv``.

    Raises
    ------
    SourceFormatError
        For a programme figure that is not about Uzbekistan, or a page without a confidence
        rule.
    """
    out = page_facts(source_dir) + programme_facts(source_dir)
    note_repeats(out)
    out.sort(key=lambda r: r["fact_id"])
    check_unique(out, ("fact_id",), TIDY.name)
    return out


def page_facts(source_dir: Path) -> list[Row]:
    """The facts about Korea's ODA as a whole, ``pages-NN`` in the extract's order.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        Rows of ``oda_facts.csv``.

    Raises
    ------
    SourceFormatError
        For a page without a confidence rule.
    """
    out = []
    for number, row in enumerate(read_source(source_dir, ODA_PAGES), 1):
        # The WDI ranking row names Uzbekistan in its value ("Uzbekistan 7th ..."), not its topic.
        if "Uzbekistan" in row["topic"] or row["value"].startswith("Uzbekistan"):
            recipient = "Uzbekistan"
        else:
            recipient = "" if row["topic"] in ODA_NO_RECIPIENT else "all"
        out.append(
            _fact(
                f"pages-{number:02d}",
                row,
                topic=row["topic"],
                recipient=recipient,
                period=row["year"],
                original_source=row["original_source"],
                url=row["read_at_url"],
                doubtful="ejidc.org" in row["read_at_url"],
            )
        )
    return out


def programme_facts(source_dir: Path) -> list[Row]:
    """The figures of the Uzbekistan programme, ``web-N`` in the extract's order.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        Rows of ``oda_facts.csv``.

    Raises
    ------
    SourceFormatError
        For a figure that is not about Uzbekistan, or a page without a confidence rule.
    """
    out = []
    for row in read_source(source_dir, ODA_WEB):
        fact_id = f"web-{row['figure_id']}"
        if "Uzbekistan" not in row["metric"]:
            raise SourceFormatError(f"{ODA_WEB.name} {fact_id}: not an Uzbekistan figure")
        out.append(
            _fact(
                fact_id,
                row,
                topic=row["metric"],
                recipient="Uzbekistan",
                period=row["period"],
                original_source=row["source_type"],
                url=row["source_url"],
                doubtful=row["note"].startswith("DOUBTFUL"),
                notes=(f"sector: {row['sector_hint']}", row["note"]),
            )
        )
    return out


def _fact(
    fact_id: str,
    row: Row,
    *,
    topic: str,
    recipient: str,
    period: str,
    original_source: str,
    url: str,
    doubtful: bool,
    notes: tuple[str, ...] = (),
) -> Row:
    """One row of ``oda_facts.csv`` from a row of either extract: its ``value`` and ``unit``
    read by :func:`oda_fact_value` (kept as published beside), its confidence from ``url``."""
    value, unit, why = oda_fact_value(row["value"], row["unit"], doubtful)
    return {
        "fact_id": fact_id,
        "topic": topic,
        "recipient": recipient,
        "period": period,
        "value": value,
        "unit": unit,
        "value_as_published": row["value"],
        "unit_as_published": row["unit"],
        "original_source": original_source,
        "source": url,
        "confidence": classify_url(url, ODA_CONFIDENCE, fact_id),
        "note": join_notes(why, *notes),
    }


def note_repeats(out: list[Row]) -> None:
    """Point each reading at the readings of the same page in the other extract.

    Parameters
    ----------
    out
        The rows of both extracts; their ``note`` is extended in place.
    """
    by_page: dict[str, list[str]] = {}
    for row in out:
        by_page.setdefault(normalised_url(row["source"]), []).append(row["fact_id"])
    for row in out:
        twins = [
            other
            for other in by_page[normalised_url(row["source"])]
            if other.split("-")[0] != row["fact_id"].split("-")[0]
        ]
        if twins:
            row["note"] = join_notes(
                row["note"], f"repeats {', '.join(twins)} (same page, separate reading)"
            )


CROSS_CHECKS = ()
