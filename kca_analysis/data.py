"""One loader per data set: checksum, schema, parsing, units, ISO3 codes, corrections.

Every ``load_*()`` returns a tidy DataFrame (one observation per row). Money is carried as
published (``value`` and ``unit``) and in US dollars (``value_usd``); countries carry their ISO3
code from the strict lookup in :mod:`kca_analysis.countries`; periods say how many months they
cover. Each loader takes an optional ``path`` (tests point it at bad files) and ``verify``
(whether to check the file's sha256 against ``data/sources.yml``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import paths
from .countries import CENTRAL_ASIA_NAMES, PARTNERS, iso3, lookup_country
from .validation import (
    Column,
    DataError,
    Schema,
    check_unique,
    log_read,
    read_rows,
    read_table,
    verify_checksum,
)

__all__ = [
    "DataError",
    "UNIT_FACTORS",
    "parse_printed_integer",
    "load_paper_trade_table",
    "load_trade_table1",
]

#: Multipliers from each unit used in ``data/`` to US dollars.
UNIT_FACTORS: dict[str, float] = {
    "USD": 1.0,
    "USD thousand": 1e3,
    "USD million": 1e6,
    "USD billion": 1e9,
}
MONEY_UNITS = tuple(UNIT_FACTORS)
CONFIDENCE_LEVELS = ("official", "press", "secondary")
FLOWS = ("export", "import")
PARTNER_NAMES = tuple(c.name for c in PARTNERS)


def _file(path: Path | str | None, default: Path) -> Path:
    return Path(path) if path is not None else default


def _with_iso3(frame: pd.DataFrame, column: str = "country", *, central_asia_only=True):
    frame = frame.copy()
    frame.insert(
        frame.columns.get_loc(column) + 1,
        "iso3" if column == "country" else f"{column}_iso3",
        [iso3(v, central_asia_only=central_asia_only) for v in frame[column]],
    )
    return frame


def _with_usd(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``value_usd`` (value times its unit's factor), keeping missing values missing."""
    frame = frame.copy()
    factors = frame["unit"].map(UNIT_FACTORS)
    frame["value_usd"] = frame["value"].astype("float64") * factors.astype("float64")
    return frame


# --------------------------------------------------------------------------------------------
# The paper's Table 1

TABLE1_FILE = paths.PAPER_DATA_DIR / "table1_trade.csv"
TABLE1_KEY = "data/paper/table1_trade.csv"
TABLE1_COUNTRY_COLUMN = "Country"
#: The printed column headers, each read as (flow from Korea's side, period label as printed).
TABLE1_VALUE_COLUMNS: dict[str, tuple[str, str]] = {
    "Export Value (2022)": ("export", "2022"),
    "Import Value (2022)": ("import", "2022"),
    "Export Value (2023, OCT)": ("export", "2023, OCT"),
    "Import Value (2023, OCT)": ("import", "2023, OCT"),
}
TABLE1_TIDY_COLUMNS = [
    "iso3",
    "country",
    "flow",
    "period",
    "months",
    "value_thousand_usd",
    "value_usd",
]

# Digit groups as the paper prints them: "2 183 539", with an ordinary, non-breaking (U+00A0),
# narrow non-breaking (U+202F) or thin (U+2009) space between groups of three.
_GROUP_SEPARATORS = " \u00a0\u202f\u2009"
_PRINTED_INTEGER = re.compile(r"\d{1,3}(?:[" + _GROUP_SEPARATORS + r"]\d{3})*")
_MINUS_SIGNS = "-\u2212"


def parse_printed_integer(text: str) -> int:
    """Parse an integer printed with space-separated digit groups, as in the paper.

    Parameters
    ----------
    text
        The cell text, e.g. ``"2 183 539"``; surrounding whitespace is ignored.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For anything else: other separators (``2,183,539``), misplaced groups (``21 83 539``),
        letters (``2 18x 539``), decimals, or a sign (trade values are never negative).
    """
    stripped = text.strip()
    if stripped[:1] in _MINUS_SIGNS and _PRINTED_INTEGER.fullmatch(stripped[1:].strip()):
        raise ValueError("a non-negative trade value (a trade flow cannot be negative)")
    if not _PRINTED_INTEGER.fullmatch(stripped):
        raise ValueError(
            "a non-negative integer printed in groups of three digits separated by spaces "
            "(e.g. '2 183 539')"
        )
    return int(re.sub("[" + _GROUP_SEPARATORS + "]", "", stripped))


def load_paper_trade_table(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the paper's Table 1 exactly as printed (every cell a string).

    The caption labels the values "USD"; see :func:`load_trade_table1` for the corrected table.
    """
    path = _file(path, TABLE1_FILE)
    if verify:
        verify_checksum(path)
    log_read(path)
    expected = [TABLE1_COUNTRY_COLUMN, *TABLE1_VALUE_COLUMNS]
    rows = read_rows(path, expected)
    frame = pd.DataFrame([row for _, row in rows], columns=expected, dtype="object")
    frame.attrs["lines"] = [line for line, _ in rows]
    frame.attrs["file"] = paths.relative_to_root(path)
    return frame


def load_trade_table1(
    path: Path | str | None = None,
    *,
    verify: bool = True,
    corrections_file: Path | str | None = None,
) -> pd.DataFrame:
    """Return Table 1 as a tidy, corrected table: one row per country, flow and period.

    The printed figures are thousands of US dollars (not dollars, as the caption says) and
    "2023, OCT" is January-October 2023; both corrections come from ``data/corrections.yml``
    and their guards are run first.

    Returns
    -------
    DataFrame
        Columns ``iso3, country, flow, period, months, value_thousand_usd, value_usd``; flow is
        ``export`` or ``import`` from Korea's side; period ``2022`` or ``2023-01..10``.

    Raises
    ------
    DataError
        For a cell that is not a printed integer, a negative value, an unknown country, a
        duplicated (country, flow, period), a missing column, or a failing correction guard.
    """
    from .corrections import CorrectionError, corrections_for
    from .guards import run_guard

    path = _file(path, TABLE1_FILE)
    printed = load_paper_trade_table(path, verify=verify)
    lines = printed.attrs["lines"]
    corrections = corrections_for(TABLE1_KEY, corrections_file)
    unit = [c for c in corrections if c.action.get("type") == "unit"]
    periods = {
        c.action["printed_label"]: c for c in corrections if c.action.get("type") == "period"
    }
    if len(unit) != 1:
        raise CorrectionError(
            f"expected exactly one unit correction for {TABLE1_KEY}, found {len(unit)}",
            file=corrections_file or paths.CORRECTIONS_FILE,
        )
    to_usd = UNIT_FACTORS[unit[0].action["true_unit"]]

    records = []
    for line, (_, row) in zip(lines, printed.iterrows(), strict=True):
        try:
            country = lookup_country(row[TABLE1_COUNTRY_COLUMN])
        except ValueError as error:
            raise DataError(
                str(error), file=path, line=line, column=TABLE1_COUNTRY_COLUMN
            ) from None
        for column, (flow, label) in TABLE1_VALUE_COLUMNS.items():
            try:
                printed_value = parse_printed_integer(row[column])
            except ValueError as error:
                raise DataError(
                    f"expected {error}, found {row[column]!r}", file=path, line=line, column=column
                ) from None
            period, months = _table1_period(label, periods)
            value_usd = int(printed_value * to_usd)
            records.append((line, country.iso3, country.name, flow, period, months, value_usd))
    check_unique(path, ((r[0], (r[2], r[3], r[4])) for r in records), ("country", "flow", "period"))
    # Guards read printed cells, so they run once every cell is known to parse.
    _check_printed_unit(unit[0], verify)
    for correction in corrections:
        run_guard(correction, printed)
    columns = [c for c in TABLE1_TIDY_COLUMNS if c != "value_thousand_usd"]
    tidy = pd.DataFrame([r[1:] for r in records], columns=columns)
    tidy["months"] = tidy["months"].astype("int64")
    tidy["value_usd"] = tidy["value_usd"].astype("int64")
    tidy.insert(5, "value_thousand_usd", tidy["value_usd"] // 1000)
    tidy.attrs["corrections"] = [c.id for c in corrections]
    tidy.attrs["file"] = paths.relative_to_root(path)
    return tidy


def _check_printed_unit(correction, verify: bool) -> None:
    """The unit correction must correct the unit the paper really prints, as recorded in
    ``data/sources.yml``; if the record changes, the correction no longer applies."""
    from .corrections import CorrectionError
    from .validation import load_sources

    if not verify:
        return
    printed = load_sources().get(TABLE1_KEY, {}).get("unit_label_as_printed")
    if printed != correction.action["printed_unit"]:
        raise CorrectionError(
            f"correction {correction.id!r} corrects the printed unit "
            f"{correction.action['printed_unit']!r}, but data/sources.yml records the printed "
            f"unit as {printed!r}",
            file=paths.CORRECTIONS_FILE,
        )


def _table1_period(label: str, periods: dict) -> tuple[str, int]:
    """Map a printed period label to (period, months): plain years stand, others need a
    correction that says what they mean."""
    if re.fullmatch(r"\d{4}", label):
        return label, 12
    if label not in periods:
        raise DataError(
            f"the period label {label!r} has no entry in data/corrections.yml saying which "
            "months it covers",
            file=TABLE1_FILE,
        )
    action = periods[label].action
    return str(action["period"]), int(action["months"])


# --------------------------------------------------------------------------------------------
# The paper's other data: events and forum topics

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
    return read_table(_file(path, EVENTS_FILE), EVENTS_SCHEMA, verify=verify)


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
    return read_table(_file(path, FORUM_TOPICS_FILE), FORUM_TOPICS_SCHEMA, verify=verify)


# --------------------------------------------------------------------------------------------
# External trade data

_SOURCE = Column("source")
_CONFIDENCE = Column("confidence", choices=CONFIDENCE_LEVELS)
_NOTE = Column("note", required=False)
_CA = {"country": True}

COW_TRADE_FILE = paths.EXTERNAL_DATA_DIR / "cow_trade_1992_2014.csv"
COW_TRADE_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=1992),
        Column("country"),
        Column("partner", choices=PARTNER_NAMES),
        Column("flow", choices=FLOWS),
        Column("value", "number", required=False, minimum=0),
        Column("unit", choices=("USD million",)),
        Column("in_source", choices=("yes", "no")),
        _SOURCE,
        _CONFIDENCE,
        _NOTE,
    ),
    key=("year", "country", "partner", "flow"),
    country_columns=_CA,
)


def load_cow_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Correlates of War trade 1992-2014 of each of the five with Korea and the powers.

    ``flow`` is seen from the Central Asian country (``export`` = its exports to the partner).
    Blank source cells stay missing; 0 means "rounded to 0" (whole million USD).
    """
    frame = read_table(_file(path, COW_TRADE_FILE), COW_TRADE_SCHEMA, verify=verify)
    frame = _with_iso3(frame)
    frame = _with_iso3(frame, "partner", central_asia_only=False)
    return _with_usd(frame)


_KOREA_SIDE_TRADE = (
    Column("year", "int", minimum=1992),
    Column("country"),
)

DOTS_TRADE_FILE = paths.EXTERNAL_DATA_DIR / "imf_dots_trade_2010_2020.csv"
DOTS_TRADE_SCHEMA = Schema(
    columns=(
        *_KOREA_SIDE_TRADE,
        Column("flow", choices=FLOWS),
        Column("reporting_side", choices=("Korea", *CENTRAL_ASIA_NAMES)),
        Column("value", "number", required=False, minimum=0),
        Column("unit", choices=MONEY_UNITS),
        Column("period", "period"),
        Column("months", "int", minimum=1),
        _SOURCE,
        _CONFIDENCE,
        _NOTE,
    ),
    key=("year", "country", "flow", "reporting_side"),
    country_columns=_CA,
)


def load_dots_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return IMF DOTS goods trade 2010-2020 between Korea and each of the five, both sides.

    ``flow`` is seen from Korea; ``reporting_side`` says whose statistics the figure is
    (``Korea``, or the partner: its imports from Korea are Korea's exports, a mirror flow).
    """
    frame = read_table(_file(path, DOTS_TRADE_FILE), DOTS_TRADE_SCHEMA, verify=verify)
    return _with_usd(_with_iso3(frame))


PRESS_TRADE_FILE = paths.EXTERNAL_DATA_DIR / "press_trade_2015_2023.csv"
PRESS_TRADE_SCHEMA = Schema(
    columns=(
        *_KOREA_SIDE_TRADE,
        Column("flow", choices=(*FLOWS, "total")),
        Column("reporting_side", choices=("Korea", *CENTRAL_ASIA_NAMES)),
        Column("value", "number", minimum=0),
        Column("unit", choices=MONEY_UNITS),
        Column("period", "period"),
        Column("months", "int", minimum=1),
        Column("period_as_stated"),
        Column("bound", required=False, choices=("lower",)),
        Column("publisher"),
        _SOURCE,
        _CONFIDENCE,
        _NOTE,
    ),
    country_columns=_CA,
)


def load_press_trade(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return official trade figures relayed by the press, 2015-2023 (full year or year to
    date, as each row's ``period`` and ``months`` say; ``bound`` marks "more than" figures)."""
    frame = read_table(_file(path, PRESS_TRADE_FILE), PRESS_TRADE_SCHEMA, verify=verify)
    return _with_usd(_with_iso3(frame))


UNIT_EVIDENCE_FILE = paths.EXTERNAL_DATA_DIR / "trade_unit_evidence.csv"
UNIT_EVIDENCE_SCHEMA = Schema(
    columns=(
        Column("country"),
        Column("year", "int"),
        Column("period", "period"),
        Column("months", "int", minimum=1),
        Column("flow", choices=(*FLOWS, "total", "balance")),
        Column("reporting_side"),
        Column("value", "number", required=False),
        Column("unit", required=False, choices=MONEY_UNITS),
        Column("value_as_published"),
        Column("unit_as_published"),
        Column("publisher"),
        _SOURCE,
        _CONFIDENCE,
        _NOTE,
    ),
    country_columns=_CA,
)


def load_trade_unit_evidence(
    path: Path | str | None = None, *, verify: bool = True
) -> pd.DataFrame:
    """Return the point trade figures that settle the unit of the paper's Table 1."""
    frame = read_table(_file(path, UNIT_EVIDENCE_FILE), UNIT_EVIDENCE_SCHEMA, verify=verify)
    return _with_usd(_with_iso3(frame))


WDI_KOREA_FILE = paths.EXTERNAL_DATA_DIR / "wdi_korea_totals_1992_2023.csv"
WDI_KOREA_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=1992),
        Column("indicator_code"),
        Column("indicator"),
        Column("value", "number"),
        Column("unit", choices=("USD",)),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("year", "indicator_code"),
)


def load_korea_totals(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Korea's total trade and net ODA provided (WDI), 1992-2023, in USD."""
    frame = read_table(_file(path, WDI_KOREA_FILE), WDI_KOREA_SCHEMA, verify=verify)
    return _with_usd(frame)


# --------------------------------------------------------------------------------------------
# Forums, summits, people

FORUM_LEVELS = ("minister", "vice-minister")
FORUM_MEETINGS_FILE = paths.EXTERNAL_DATA_DIR / "forum_meetings.csv"
FORUM_MEETINGS_SCHEMA = Schema(
    columns=(
        Column("forum_no", "int", minimum=1),
        Column("status", choices=("found", "not found")),
        Column("date", "date", required=False),
        Column("year", "int", required=False),
        Column("host_city", required=False),
        Column("host_country", required=False),
        Column("level", required=False, choices=FORUM_LEVELS),
        Column("level_as_reported", required=False),
        Column("theme", required=False),
        Column("notes", required=False),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("forum_no",),
    country_columns={"host_country": False},
)


def load_forum_meetings(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the Korea-Central Asia Cooperation Forum meetings 1-17 (gaps kept as rows with
    ``status`` "not found" and empty fields)."""
    frame = read_table(_file(path, FORUM_MEETINGS_FILE), FORUM_MEETINGS_SCHEMA, verify=verify)
    frame = frame.copy()
    frame["host_iso3"] = [
        iso3(v, central_asia_only=False) if v else None for v in frame["host_country"]
    ]
    return frame


DIPLOMATIC_EVENTS_FILE = paths.EXTERNAL_DATA_DIR / "diplomatic_events.csv"
DIPLOMATIC_EVENT_TYPES = (
    "diplomatic_relations",
    "state_visit",
    "partnership",
    "summit_plan",
    "secretariat",
    "summit_count_statement",
)
DIPLOMATIC_EVENTS_SCHEMA = Schema(
    columns=(
        Column("event_id"),
        Column("date", required=False),
        Column("year", "int", required=False),
        Column("event_type", choices=DIPLOMATIC_EVENT_TYPES),
        Column("countries"),
        Column("detail"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("event_id",),
)


def load_diplomatic_events(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return summits, visits, partnerships, summit plans and the secretariat's founding."""
    frame = read_table(_file(path, DIPLOMATIC_EVENTS_FILE), DIPLOMATIC_EVENTS_SCHEMA, verify=verify)
    for line, countries in zip(frame.attrs["lines"], frame["countries"], strict=True):
        for name in countries.split(";"):
            try:
                lookup_country(name.strip(), central_asia_only=False)
            except ValueError as error:
                raise DataError(
                    str(error), file=DIPLOMATIC_EVENTS_FILE, line=line, column="countries"
                ) from None
    return frame


SUMMIT_COUNTS_FILE = paths.EXTERNAL_DATA_DIR / "bilateral_summit_counts.csv"
SUMMIT_COUNTS_SCHEMA = Schema(
    columns=(
        Column("country"),
        Column("summits", "int", minimum=0),
        Column("as_of"),
        _SOURCE,
        _CONFIDENCE,
        _NOTE,
    ),
    key=("country",),
    country_columns=_CA,
)


def load_summit_counts(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return the number of bilateral summits between Korea and each of the five."""
    frame = read_table(_file(path, SUMMIT_COUNTS_FILE), SUMMIT_COUNTS_SCHEMA, verify=verify)
    return _with_iso3(frame)


ETHNIC_KOREANS_FILE = paths.EXTERNAL_DATA_DIR / "ethnic_korean_population.csv"
ETHNIC_KOREANS_SCHEMA = Schema(
    columns=(
        Column("country"),
        Column("reference_date"),
        Column("year", "int", required=False),
        Column("ethnic_koreans", "int", minimum=0),
        Column("unit", choices=("persons",)),
        Column("type"),
        Column("original_source"),
        _SOURCE,
        _CONFIDENCE,
    ),
    country_columns=_CA,
    country_extras=("Central Asia", "Russia"),
)


def load_ethnic_koreans(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return ethnic Korean (Koryo-saram) population figures by country and date."""
    frame = read_table(_file(path, ETHNIC_KOREANS_FILE), ETHNIC_KOREANS_SCHEMA, verify=verify)
    frame = frame.copy()
    frame.insert(
        1,
        "iso3",
        [
            iso3(v, central_asia_only=False) if v != "Central Asia" else None
            for v in frame["country"]
        ],
    )
    return frame


# --------------------------------------------------------------------------------------------
# Official development assistance

ODA_DAC2A_FILE = paths.EXTERNAL_DATA_DIR / "oda_dac2a_2002_2019.csv"
ODA_RECIPIENT_AGGREGATES = ("Central Asia, regional", "All Recipients")
ODA_DAC2A_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=2002),
        Column("recipient"),
        Column("donor"),
        Column("value", "number", required=False),
        Column("unit", choices=("USD million",)),
        _SOURCE,
        _CONFIDENCE,
        _NOTE,
    ),
    key=("year", "recipient", "donor"),
    country_columns={"recipient": True},
    country_extras=ODA_RECIPIENT_AGGREGATES,
)


def load_oda_dac2a(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return net ODA disbursements 2002-2019 (OECD DAC Table 2a) to each of the five, the
    region and (for Korea and the DAC total) all recipients. Net values can be negative."""
    frame = read_table(_file(path, ODA_DAC2A_FILE), ODA_DAC2A_SCHEMA, verify=verify)
    frame = frame.copy()
    frame.insert(
        2,
        "recipient_iso3",
        [None if v in ODA_RECIPIENT_AGGREGATES else iso3(v) for v in frame["recipient"]],
    )
    return _with_usd(frame)


ODA_WDI_KAZ_FILE = paths.EXTERNAL_DATA_DIR / "oda_wdi_kazakhstan_1992_2023.csv"
ODA_WDI_KAZ_SCHEMA = Schema(
    columns=(
        Column("year", "int", minimum=1992),
        Column("indicator_code"),
        Column("indicator"),
        Column("donor"),
        Column("value", "number", required=False),
        Column("unit", choices=("USD",)),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("year", "indicator_code"),
)


def load_oda_wdi_kazakhstan(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return WDI net ODA to Kazakhstan 1992-2023: from Korea, Japan, all DAC, all donors."""
    frame = read_table(_file(path, ODA_WDI_KAZ_FILE), ODA_WDI_KAZ_SCHEMA, verify=verify)
    return _with_usd(frame)


ODA_RECIPIENTS_FILE = paths.EXTERNAL_DATA_DIR / "oda_korea_recipients_2009_2010.csv"
ODA_RECIPIENTS_SCHEMA = Schema(
    columns=(
        Column("year", "int"),
        Column("recipient_iso3"),
        Column("value", "number", minimum=0),
        Column("unit", choices=("USD",)),
        Column("rank", "int", minimum=1),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("year", "recipient_iso3"),
)


def load_oda_recipients(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return Korea's net bilateral ODA to every recipient with a positive value, 2009-2010."""
    frame = read_table(_file(path, ODA_RECIPIENTS_FILE), ODA_RECIPIENTS_SCHEMA, verify=verify)
    return _with_usd(frame)


ODA_FACTS_FILE = paths.EXTERNAL_DATA_DIR / "oda_facts.csv"
ODA_FACTS_SCHEMA = Schema(
    columns=(
        Column("fact_id"),
        Column("topic"),
        Column("recipient", required=False),
        Column("period"),
        Column("value", "number", required=False),
        Column("unit", required=False),
        Column("value_as_published"),
        Column("unit_as_published"),
        Column("original_source"),
        _SOURCE,
        _CONFIDENCE,
        _NOTE,
    ),
    key=("fact_id",),
)


def load_oda_facts(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return ODA aggregates and KOICA/EDCF programme figures read from public pages."""
    frame = read_table(_file(path, ODA_FACTS_FILE), ODA_FACTS_SCHEMA, verify=verify)
    frame = frame.copy()
    factors = frame["unit"].map(lambda u: UNIT_FACTORS.get(u) if isinstance(u, str) else None)
    frame["value_usd"] = [
        v * f if f is not None and pd.notna(v) else float("nan")
        for v, f in zip(frame["value"], factors, strict=True)
    ]
    return frame


# --------------------------------------------------------------------------------------------
# Context: GDP and population

_WDI_CONTEXT_COUNTRIES = (*CENTRAL_ASIA_NAMES, "South Korea")


def _wdi_context_schema(unit: str) -> Schema:
    return Schema(
        columns=(
            Column("iso3"),
            Column("country"),
            Column("year", "int", minimum=1992),
            Column("value", "number", required=False, minimum=0),
            Column("unit", choices=(unit,)),
            _SOURCE,
            _CONFIDENCE,
        ),
        key=("iso3", "year"),
        country_columns={"iso3": False},
    )


GDP_FILE = paths.EXTERNAL_DATA_DIR / "gdp_wdi.csv"
POPULATION_FILE = paths.EXTERNAL_DATA_DIR / "population_wdi.csv"


def load_gdp(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return GDP in current USD (WDI NY.GDP.MKTP.CD), 1992-2023, the five and Korea."""
    frame = read_table(_file(path, GDP_FILE), _wdi_context_schema("USD"), verify=verify)
    return _with_usd(frame)


def load_population(path: Path | str | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Return total population (WDI SP.POP.TOTL), 1992-2024, the five and Korea."""
    return read_table(_file(path, POPULATION_FILE), _wdi_context_schema("persons"), verify=verify)


#: Every data file and the loader that validates it (``kca check`` walks this).
LOADERS = {
    "data/paper/table1_trade.csv": load_trade_table1,
    "data/paper/events.csv": load_events,
    "data/paper/forum_topics.csv": load_forum_topics,
    "data/external/cow_trade_1992_2014.csv": load_cow_trade,
    "data/external/imf_dots_trade_2010_2020.csv": load_dots_trade,
    "data/external/press_trade_2015_2023.csv": load_press_trade,
    "data/external/trade_unit_evidence.csv": load_trade_unit_evidence,
    "data/external/wdi_korea_totals_1992_2023.csv": load_korea_totals,
    "data/external/forum_meetings.csv": load_forum_meetings,
    "data/external/diplomatic_events.csv": load_diplomatic_events,
    "data/external/bilateral_summit_counts.csv": load_summit_counts,
    "data/external/ethnic_korean_population.csv": load_ethnic_koreans,
    "data/external/oda_dac2a_2002_2019.csv": load_oda_dac2a,
    "data/external/oda_wdi_kazakhstan_1992_2023.csv": load_oda_wdi_kazakhstan,
    "data/external/oda_korea_recipients_2009_2010.csv": load_oda_recipients,
    "data/external/oda_facts.csv": load_oda_facts,
    "data/external/gdp_wdi.csv": load_gdp,
    "data/external/population_wdi.csv": load_population,
}

#: The declared schema of every data file read through :func:`read_table`.
SCHEMAS = {
    "data/paper/events.csv": EVENTS_SCHEMA,
    "data/paper/forum_topics.csv": FORUM_TOPICS_SCHEMA,
    "data/external/cow_trade_1992_2014.csv": COW_TRADE_SCHEMA,
    "data/external/imf_dots_trade_2010_2020.csv": DOTS_TRADE_SCHEMA,
    "data/external/press_trade_2015_2023.csv": PRESS_TRADE_SCHEMA,
    "data/external/trade_unit_evidence.csv": UNIT_EVIDENCE_SCHEMA,
    "data/external/wdi_korea_totals_1992_2023.csv": WDI_KOREA_SCHEMA,
    "data/external/forum_meetings.csv": FORUM_MEETINGS_SCHEMA,
    "data/external/diplomatic_events.csv": DIPLOMATIC_EVENTS_SCHEMA,
    "data/external/bilateral_summit_counts.csv": SUMMIT_COUNTS_SCHEMA,
    "data/external/ethnic_korean_population.csv": ETHNIC_KOREANS_SCHEMA,
    "data/external/oda_dac2a_2002_2019.csv": ODA_DAC2A_SCHEMA,
    "data/external/oda_wdi_kazakhstan_1992_2023.csv": ODA_WDI_KAZ_SCHEMA,
    "data/external/oda_korea_recipients_2009_2010.csv": ODA_RECIPIENTS_SCHEMA,
    "data/external/oda_facts.csv": ODA_FACTS_SCHEMA,
    "data/external/gdp_wdi.csv": _wdi_context_schema("USD"),
    "data/external/population_wdi.csv": _wdi_context_schema("persons"),
}


# --------------------------------------------------------------------------------------------
# The paper's checkable claims (tested one by one in kca_analysis.claims)

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
    return read_table(_file(path, CLAIMS_FILE), CLAIMS_SCHEMA, verify=verify)


LOADERS["data/paper/claims.csv"] = load_claims
SCHEMAS["data/paper/claims.csv"] = CLAIMS_SCHEMA
