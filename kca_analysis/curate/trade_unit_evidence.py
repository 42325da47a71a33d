"""Point trade figures read on web pages that settle the unit of the paper's Table 1.

One evidence row may print several observations (``2,117 / 22 / 2,096`` for exports, imports
and balance, or a range of years); each becomes one tidy row. An undated row takes the year the
press extract records for the same page.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import (
    CENTRAL_ASIA,
    Row,
    SourceFormatError,
    check_unique,
    join_notes,
    raw_file,
    read_source,
    tidy_file,
    to_decimal,
    year_key,
)
from .press_trade import PRESS, normalise_period

EVIDENCE = raw_file("trade_unit_evidence_pages.csv")
TIDY = tidy_file("trade_unit_evidence.csv", reads=(EVIDENCE, PRESS))

#: Flow wording of the evidence file -> flows from Korea's side (partner imports = exports).
EVIDENCE_FLOWS = {
    "Korea total trade": ("total",),
    "Korea exports": ("export",),
    "Korea imports": ("import",),
    "Korea exports / imports / balance": ("export", "import", "balance"),
    "total turnover": ("total",),
    "total trade": ("total",),
    "Uzbek imports from Korea": ("export",),
    "Uzbek exports to Korea": ("import",),
}
#: The page kinds that make a row secondary (encyclopaedia text and its mirrors).
SECONDARY_MARKERS = ("wikipedia", "liquisearch", "wonilvalve.com")


def split_published_unit(text: str) -> tuple[str, str]:
    """Split the published unit from the compiler's remark on it.

    Parameters
    ----------
    text
        The ``unit_as_published`` cell: ``'억 달러 (>; +37.4% y/y)'``.

    Returns
    -------
    tuple of str
        The printed unit and the remark: ``('억 달러', '>; +37.4% y/y')``.
    """
    match = re.fullmatch(r"(.+?)(?:\s+(as printed))?(?:\s*\((.+)\))?", text.strip())
    if match is None:  # pragma: no cover - the pattern matches any non-empty text
        return text, ""
    printed, as_printed, remark = match.groups()
    return printed, join_notes(as_printed or "", remark or "")


def evidence_period(year_text: str, where: str) -> list[tuple[str, str, str]]:
    """Return the years an evidence row covers.

    A plain year is a calendar year as labelled; ``2023 Jan-Sep`` and ``2022-01..06`` are
    partial years; ``2002-2006`` is one row per year; an unspecified year stays empty (the
    caller resolves it with :func:`inferred_year`).

    Parameters
    ----------
    year_text
        The ``year`` cell of the evidence row.
    where
        Used in the error message.

    Returns
    -------
    list of tuple of str
        ``(year, period, months)`` for each year covered.

    Raises
    ------
    SourceFormatError
        For any other wording of the year.
    """
    if re.fullmatch(r"\d{4}", year_text):
        return [(year_text, year_text, "12")]
    match = re.fullmatch(r"(\d{4}) (Jan-[A-Z][a-z]{2})", year_text)
    if match:
        period, months = normalise_period(match.group(1), match.group(2), where)
        return [(match.group(1), period, str(months))]
    match = re.fullmatch(r"(\d{4})-01\.\.(\d{2})", year_text)
    if match:
        return [(match.group(1), year_text, str(int(match.group(2))))]
    match = re.fullmatch(r"(\d{4})-(\d{4})", year_text)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        return [(str(y), str(y), "12") for y in range(first, last + 1)]
    if year_text.startswith("unspecified"):
        return [("", "", "")]
    raise SourceFormatError(f"{where}: cannot read year {year_text!r}")


def inferred_year(source_dir: Path, url: str, where: str) -> tuple[str, str]:
    """The year the press extract records for the same page, when the evidence row gives none.

    The compiler read the undated ko.wikipedia figures (2,117 / 22 / 2,096) as 2018 in
    press_trade_figures_2015_2023.csv ("year inferred": they equal DOTS 2018, Korea side).
    Using that reading keeps the two files consistent; the note says the year is inferred.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.
    url
        The page of the evidence row.
    where
        Used in the error message.

    Returns
    -------
    tuple of str
        The year and the note that says where it comes from.

    Raises
    ------
    SourceFormatError
        If the press extract has no single year for the page, or does not mark it inferred.
    """
    rows = read_source(source_dir, PRESS)
    years = {(r["year"], r["period"]) for r in rows if r["locator"] == url}
    if len(years) != 1:
        raise SourceFormatError(f"{where}: no single year recorded for {url} in {PRESS.name}")
    year, stated = years.pop()
    if "inferred" not in stated:
        raise SourceFormatError(f"{where}: {PRESS.name} does not mark the year as inferred")
    return (
        year,
        f"year not printed in the source; {year} as inferred for the same page in {PRESS.name}",
    )


def build(source_dir: Path) -> list[Row]:
    """Point trade figures that settle the unit of the paper's Table 1, one observation a row.

    ``value`` is the source's USD-million reading (``value_usd_million``), or the printed value
    when it is printed in million USD; a value that cannot be read unambiguously stays empty.
    Rows are sorted by country, year, period, flow and source.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    list of dict
        The rows of ``trade_unit_evidence.csv``.

    Raises
    ------
    SourceFormatError
        For an unexpected partner, flow wording, year, reporting side or value, or a row whose
        number of values does not match the flows or years it covers.
    """
    out = []
    for row in read_source(source_dir, EVIDENCE):
        where = f"{EVIDENCE.name} {row['partner']} {row['year']} {row['flow']}"
        if row["partner"] not in CENTRAL_ASIA:
            raise SourceFormatError(f"{where}: unexpected partner")
        flows = EVIDENCE_FLOWS.get(row["flow"])
        if flows is None:
            raise SourceFormatError(f"{where}: unknown flow wording {row['flow']!r}")
        periods = evidence_period(row["year"], where)
        year_note = ""
        if periods == [("", "", "")]:
            year, year_note = inferred_year(source_dir, row["read_at_url"], where)
            periods = [(year, year, "12")]
            year_note += f" (year as stated: {row['year']})"
        published = row["value"].split(" / ")
        converted = row["value_usd_million"].split(" / ") if row["value_usd_million"] else []
        count = max(len(flows), len(periods))
        if len(published) != count or converted and len(converted) != count:
            raise SourceFormatError(f"{where}: {count} observations but values {row['value']!r}")
        printed_unit, remark = split_published_unit(row["unit_as_published"])
        # "Korea (KIEP)", "Kazakhstan/joint statement", "unspecified (likely Uzbek side)":
        # the leading word is the side, the rest a qualifier kept in the note.
        side = re.match(r"[A-Za-z]*", row["reporting_side"]).group(0)
        if side not in ("Korea", row["partner"], "unspecified"):
            raise SourceFormatError(f"{where}: unexpected reporting side {row['reporting_side']!r}")
        stated_side = row["reporting_side"]
        side_note = f"reporting side as stated: {stated_side}" if stated_side != side else ""
        # A ">" remark marks a lower bound; the rest of the remark is the compiler's gloss.
        remarks = [part for part in remark.split("; ") if part and part != ">"]
        bound_note = "lower bound: printed as more than (>)" if ">" in remark.split("; ") else ""
        text = " ".join((row["original_source"], row["read_at_url"])).lower()
        confidence = "secondary" if any(m in text for m in SECONDARY_MARKERS) else "press"
        for i in range(count):
            flow = flows[i if len(flows) > 1 else 0]
            year, period, months = periods[i if len(periods) > 1 else 0]
            if converted:
                value = converted[i]
            elif printed_unit == "million USD":
                value = published[i]
            else:
                value = ""
            if value:
                to_decimal(value, where)
            out.append(
                {
                    "country": row["partner"],
                    "year": year,
                    "period": period,
                    "months": months,
                    "flow": flow,
                    "reporting_side": side,
                    "value": value,
                    "unit": "USD million",
                    "value_as_published": published[i],
                    "unit_as_published": printed_unit,
                    "publisher": row["original_source"],
                    "source": row["read_at_url"],
                    "confidence": confidence,
                    "note": join_notes(
                        ""
                        if value
                        else f"value not read: '{published[i]} {printed_unit}' is ambiguous",
                        f"unit remark: {'; '.join(remarks)}" if remarks else "",
                        bound_note,
                        year_note,
                        side_note,
                    ),
                }
            )
    out.sort(key=lambda r: (r["country"], year_key(r["year"]), r["period"], r["flow"], r["source"]))
    check_unique(out, ("country", "year", "period", "flow", "source"), TIDY.name)
    return out


CROSS_CHECKS = ()
