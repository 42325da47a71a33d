"""How each item of the summits-and-visits extract reads into rows of ``diplomatic_events.csv``.

The extract states several events in one ``detail`` sentence ("Karimov official visits to Korea
1992, 1995, ..."); each parser here finds its wording with :func:`must_search`, so that a
reworded source fails loudly instead of losing an event.
"""

from __future__ import annotations

import re

from .common import C5_PLUS_KOREA, MONTHS, Row, SourceFormatError, classify_url

#: Official and embassy pages are official; Wikipedia, its mirrors and doubtful relays
#: secondary; anything else news.
EVENT_CONFIDENCE = (
    ("mofa.go.kr", "official"),
    ("uzbekistan.or.kr", "official"),  # the Embassy of Uzbekistan in Seoul
    ("todaynews15.com", "secondary"),  # undated article: the year is doubtful
    ("scitepress.org", "secondary"),  # a conference paper relaying MOFA
    ("profilpelajar.com", "secondary"),  # Wikipedia mirror
    ("yoda.wiki", "secondary"),  # Wikipedia mirror
    ("wonilvalve.com", "secondary"),  # ko.wikipedia mirror
    ("wikipedia.org", "secondary"),
    ("http", "press"),
)
#: Full month names as the extract prints them ("Strategic partnership declaration March 2006").
MONTH_NAMES = {
    name: i
    for i, name in enumerate(
        (
            "January February March April May June July August September October November December"
        ).split(),
        1,
    )
}


def pick_urls(urls: str, *keys: str) -> str:
    """Return the URLs of a ``' ; '``-separated list that contain one of ``keys``.

    Parameters
    ----------
    urls
        The ``source_url`` cell.
    *keys
        Substrings that identify the wanted pages.

    Returns
    -------
    str
        The matching URLs, separated by ``' ; '``.

    Raises
    ------
    SourceFormatError
        If no URL matches.
    """
    found = [u.strip() for u in urls.split(" ; ") if any(k in u for k in keys)]
    if not found:
        raise SourceFormatError(f"no URL containing {keys} in {urls!r}")
    return " ; ".join(found)


def event(
    event_id: str,
    date: str,
    event_type: str,
    countries: str,
    detail: str,
    source: str,
    confidence: str | None = None,
) -> Row:
    """One row of ``diplomatic_events.csv``; ``year`` is taken from ``date`` (may be empty).

    Parameters
    ----------
    event_id
        The stable identifier of the event.
    date
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or empty when the source gives no year.
    event_type
        ``summit_plan``, ``state_visit``, ``partnership``, ``diplomatic_relations``...
    countries
        The countries involved, separated by ``;``, the initiator first.
    detail
        What happened, with the source's wording where it matters.
    source
        The page(s), separated by ``' ; '``.
    confidence
        The confidence label; by default read from ``source`` with :data:`EVENT_CONFIDENCE`.

    Returns
    -------
    dict
        The row.

    Raises
    ------
    SourceFormatError
        If ``confidence`` is not given and a page has no confidence rule.
    """
    return {
        "event_id": event_id,
        "date": date,
        "year": date[:4],
        "event_type": event_type,
        "countries": countries,
        "detail": detail,
        "source": source,
        "confidence": confidence or classify_url(source, EVENT_CONFIDENCE, event_id),
    }


def must_search(pattern: str, text: str, where: str) -> re.Match[str]:
    """``re.search`` that raises :class:`SourceFormatError` instead of returning ``None``.

    Parameters
    ----------
    pattern
        The regular expression of the expected wording.
    text
        The text to search.
    where
        Used in the error message.

    Returns
    -------
    re.Match
        The first match.

    Raises
    ------
    SourceFormatError
        If the wording is not found.
    """
    match = re.search(pattern, text)
    if match is None:
        raise SourceFormatError(f"{where}: expected wording /{pattern}/ not found in {text!r}")
    return match


def summit_plan_events(row: Row, index: int) -> list[Row]:
    """A stated plan for the first Korea-Central Asia summit, dated as precisely as given.

    Parameters
    ----------
    row
        The row of the summits-and-visits extract.
    index
        The number of this plan among the plan rows (1, 2, ...), used in ``event_id``.

    Returns
    -------
    list of dict
        The one event row.

    Raises
    ------
    SourceFormatError
        If a page has no confidence rule.
    """
    stated = row["year_or_date"]
    match = re.match(r"(\d{4}(?:-\d{2}-\d{2})?)(?![-/\d])", stated)
    # "2025-11/12" spans two months: only the year is certain.
    date = match.group(1) if match else (stated[:4] if stated[:4].isdigit() else "")
    detail = row["detail"] if stated == date else f"date as stated: {stated}; {row['detail']}"
    return [
        event(
            f"summit-plan-{index}",
            date,
            "summit_plan",
            C5_PLUS_KOREA,
            detail,
            row["source_url"],
        )
    ]


def visits_to_korea(detail: str, president: str, country: str, urls: str) -> list[Row]:
    """One state visit to Korea per year that the extract lists after "<surname> official
    visits to Korea" (``Karimov official visits to Korea 1992, 1995``).

    Parameters
    ----------
    detail
        The extract row's ``detail``.
    president
        Title and full name, the surname last (``Uzbek President Islam Karimov``).
    country
        The president's country, as the ``countries`` column names it.
    urls
        The page the years are read from (a Wikipedia mirror).

    Returns
    -------
    list of dict
        Rows of ``diplomatic_events.csv``, in the extract's order.

    Raises
    ------
    SourceFormatError
        If the wording is not found, or the page has no confidence rule.
    """
    surname = president.split()[-1]
    years = must_search(
        rf"{surname} official visits to Korea ((?:\d{{4}}, )*\d{{4}})", detail, surname
    )
    return [
        event(
            f"visit-{surname.lower()}-to-korea-{year}",
            year,
            "state_visit",
            f"{country};South Korea",
            f"{president}'s official visit to South Korea "
            f"(direction: {country} -> South Korea); source: Wikipedia mirror",
            urls,
        )
        for year in years.group(1).split(", ")
    ]


def uzbekistan_visit_events(row: Row) -> list[Row]:
    """Karimov's visits to Korea and Korean presidents' visits to Uzbekistan, one row each.

    The Wikipedia mirror gives Roh Moo-hyun's visit as 2004 and the Uzbek embassy as 2005:
    both readings are kept as separate rows that point at each other.

    Parameters
    ----------
    row
        The row of the summits-and-visits extract.

    Returns
    -------
    list of dict
        One row of ``diplomatic_events.csv`` per event.

    Raises
    ------
    SourceFormatError
        If the expected wording is not found, or a page has no confidence rule.
    """
    detail, urls = row["detail"], row["source_url"]
    mirror = pick_urls(urls, "profilpelajar")
    embassy = pick_urls(urls, "uzbekistan.or.kr")
    out = visits_to_korea(detail, "Uzbek President Islam Karimov", "Uzbekistan", mirror)
    visits = must_search(r"Korean presidents to Uzbekistan: ([^(]+)\(", detail, "presidents")
    roh_embassy = must_search(r"Uzbek embassy page gives Roh's visit as (\d{4})", detail, "Roh")
    for name, year_list in re.findall(
        r"([A-Z][a-z]+(?:[- ][A-Z]?[a-z]+)+) ([\d &]+\d)", visits.group(1)
    ):
        for year in year_list.split(" & "):
            surname = name.split()[0].lower()
            text = (
                f"South Korean President {name}'s visit to Uzbekistan "
                "(direction: South Korea -> Uzbekistan); source: Wikipedia mirror"
            )
            if surname == "roh":
                text += (
                    f"; sources disagree on the year: the Uzbek embassy page gives "
                    f"{roh_embassy.group(1)} (see visit-roh-to-uzbekistan-{roh_embassy.group(1)})"
                )
            out.append(
                event(
                    f"visit-{surname}-to-uzbekistan-{year}",
                    year,
                    "state_visit",
                    "South Korea;Uzbekistan",
                    text,
                    mirror,
                )
            )
    wiki_year = next(r["year"] for r in out if r["event_id"].startswith("visit-roh-"))
    out.append(
        event(
            f"visit-roh-to-uzbekistan-{roh_embassy.group(1)}",
            roh_embassy.group(1),
            "state_visit",
            "South Korea;Uzbekistan",
            "South Korean President Roh Moo-hyun's visit to Uzbekistan "
            "(direction: South Korea -> Uzbekistan) as dated by the Uzbek embassy page; "
            f"sources disagree on the year: the Wikipedia mirror gives {wiki_year} "
            f"(see visit-roh-to-uzbekistan-{wiki_year})",
            embassy,
        )
    )
    return out


def uzbekistan_partnership_events(row: Row) -> list[Row]:
    """The 2006 and 2019 partnership steps and Mirziyoyev's state visits to Korea.

    Parameters
    ----------
    row
        The row of the summits-and-visits extract.

    Returns
    -------
    list of dict
        One row of ``diplomatic_events.csv`` per event.

    Raises
    ------
    SourceFormatError
        If the expected wording is not found, or a page has no confidence rule.
    """
    detail, urls = row["detail"], row["source_url"]
    out = []
    declared = must_search(r"Strategic partnership declaration (\w+) (\d{4})", detail, "2006")
    upgraded = must_search(r"Special Strategic Partnership (\w+) (\d{4})", detail, "2019")
    for event_id, match, text in (
        (
            "partnership-uzbekistan-strategic",
            declared,
            "Korea-Uzbekistan strategic partnership declared (during Karimov's visit to Korea)",
        ),
        (
            "partnership-uzbekistan-special-strategic",
            upgraded,
            "Korea-Uzbekistan relations upgraded to a Special Strategic Partnership",
        ),
    ):
        month = MONTH_NAMES[match.group(1)]
        out.append(
            event(
                event_id,
                f"{match.group(2)}-{month:02d}",
                "partnership",
                "South Korea;Uzbekistan",
                text,
                urls,
            )
        )
    first = must_search(r"Mirziyoyev state visit (\d+)-(\d+) (\w{3}) (\d{4})", detail, "2017")
    month = MONTHS[first.group(3)]
    out.append(
        event(
            f"visit-mirziyoyev-to-korea-{first.group(4)}",
            f"{first.group(4)}-{month:02d}-{int(first.group(1)):02d}",
            "state_visit",
            "Uzbekistan;South Korea",
            f"Uzbek President Shavkat Mirziyoyev's state visit to South Korea, "
            f"{first.group(1)}-{first.group(2)} {first.group(3)} {first.group(4)} "
            "(direction: Uzbekistan -> South Korea)",
            urls,
        )
    )
    second = must_search(r"and (\w{3}) (\d{4})$", detail, "2021")
    out.append(
        event(
            f"visit-mirziyoyev-to-korea-{second.group(2)}",
            f"{second.group(2)}-{MONTHS[second.group(1)]:02d}",
            "state_visit",
            "Uzbekistan;South Korea",
            "Uzbek President Shavkat Mirziyoyev's state visit to South Korea "
            "(direction: Uzbekistan -> South Korea)",
            urls,
        )
    )
    return out


def kazakhstan_visit_events(row: Row) -> list[Row]:
    """Nazarbayev's and Tokayev's visits to Korea, Korean presidents' visits, the 2009 step.

    Parameters
    ----------
    row
        The row of the summits-and-visits extract.

    Returns
    -------
    list of dict
        One row of ``diplomatic_events.csv`` per event.

    Raises
    ------
    SourceFormatError
        If the expected wording is not found, or a page has no confidence rule.
    """
    detail, urls = row["detail"], row["source_url"]
    mirror = pick_urls(urls, "yoda.wiki")
    out = visits_to_korea(detail, "Kazakh President Nursultan Nazarbayev", "Kazakhstan", mirror)
    visits = must_search(r"; ((?:\w+ \d{4}, )*\w+ \d{4}) visited Kazakhstan", detail, "visits")
    for surname, year in re.findall(r"(\w+) (\d{4})", visits.group(1)):
        out.append(
            event(
                f"visit-{surname.lower()}-to-kazakhstan-{year}",
                year,
                "state_visit",
                "South Korea;Kazakhstan",
                f"South Korean President {surname}'s visit to Kazakhstan "
                "(direction: South Korea -> Kazakhstan); source: Wikipedia mirror",
                mirror,
            )
        )
    tokayev = must_search(r"Tokayev state visit (\d+)-(\d+) (\w{3}) (\d{4})", detail, "Tokayev")
    out.append(
        event(
            f"visit-tokayev-to-korea-{tokayev.group(4)}",
            f"{tokayev.group(4)}-{MONTHS[tokayev.group(3)]:02d}-{int(tokayev.group(1)):02d}",
            "state_visit",
            "Kazakhstan;South Korea",
            f"Kazakh President Kassym-Jomart Tokayev's state visit to South Korea, "
            f"{tokayev.group(1)}-{tokayev.group(2)} {tokayev.group(3)} {tokayev.group(4)} "
            "(direction: Kazakhstan -> South Korea); source: Wikipedia mirror",
            mirror,
        )
    )
    partnership = must_search(r"strategic partnership since (\d{4}) summit", detail, "2009")
    out.append(
        event(
            "partnership-kazakhstan-strategic",
            partnership.group(1),
            "partnership",
            "South Korea;Kazakhstan",
            f"Korea-Kazakhstan strategic partnership since the {partnership.group(1)} summit "
            "(the row cites a Wikipedia mirror and EMERiCs/KIEP together)",
            urls,
        )
    )
    return out


def relations_events(row: Row) -> list[Row]:
    """The dates of diplomatic relations given per country, each with its own page.

    Parameters
    ----------
    row
        The row of the summits-and-visits extract.

    Returns
    -------
    list of dict
        One row of ``diplomatic_events.csv`` per event.

    Raises
    ------
    SourceFormatError
        If the expected wording is not found, or a page has no confidence rule.
    """
    out = []
    pages = {"Uzbekistan": "uzbekistan.or.kr", "Kazakhstan": "kotra"}
    for country, page in pages.items():
        match = must_search(
            rf"ROK-{country}(?: relations from)? (\d+) (\w{{3}}) (\d{{4}})", row["detail"], country
        )
        day, month, year = int(match.group(1)), MONTHS[match.group(2)], match.group(3)
        out.append(
            event(
                f"relations-{country.lower()}",
                f"{year}-{month:02d}-{day:02d}",
                "diplomatic_relations",
                f"South Korea;{country}",
                f"Diplomatic relations between South Korea and {country} established "
                f"(as stated: {match.group(0)})",
                pick_urls(row["source_url"], page),
            )
        )
    return out
