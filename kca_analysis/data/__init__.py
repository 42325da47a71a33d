"""The data layer: every file of ``data/`` read, validated, parsed and corrected.

``from kca_analysis import data`` gives one loader per data set (``data.load_cow_trade()``...).
Each checks the file's sha256 against ``data/sources.yml``, its columns and cells against a
declared schema, adds ISO3 codes and US-dollar values, and applies the corrections of
``data/corrections.yml`` after their guards hold. Nothing here imports another layer.

Modules: ``validation`` (strict CSV reading, :class:`DataError`, checksums), ``common`` (units
and shared columns), ``table1_printed`` and ``table1`` (the paper's Table 1 as printed and
corrected), ``paper`` (events, forum topics, claims), ``trade``, ``oda``, ``context`` (the
curated files), ``corrections`` and ``guards``, ``registry`` (file -> loader and schema),
``check`` (``kca check``) and ``standard_tables``.
"""

from .common import CONFIDENCE_LEVELS, FLOWS, MONEY_UNITS, UNIT_FACTORS
from .context import (
    DIPLOMATIC_EVENT_TYPES,
    FORUM_LEVELS,
    load_diplomatic_events,
    load_ethnic_koreans,
    load_forum_meetings,
    load_gdp,
    load_population,
    load_summit_counts,
)
from .oda import (
    ODA_RECIPIENT_AGGREGATES,
    load_oda_dac2a,
    load_oda_facts,
    load_oda_recipients,
    load_oda_wdi_kazakhstan,
)
from .paper import EVENT_CATEGORIES, load_claims, load_events, load_forum_topics
from .registry import LOADERS, SCHEMAS
from .table1 import load_trade_table1
from .table1_printed import (
    TABLE1_COUNTRY_COLUMN,
    TABLE1_KEY,
    TABLE1_TIDY_COLUMNS,
    TABLE1_VALUE_COLUMNS,
    load_paper_trade_table,
    parse_printed_integer,
)
from .trade import (
    load_cow_trade,
    load_dots_trade,
    load_korea_totals,
    load_press_trade,
    load_trade_unit_evidence,
)
from .validation import DataError, load_sources

__all__ = [
    "CONFIDENCE_LEVELS",
    "DIPLOMATIC_EVENT_TYPES",
    "DataError",
    "EVENT_CATEGORIES",
    "FLOWS",
    "FORUM_LEVELS",
    "LOADERS",
    "MONEY_UNITS",
    "ODA_RECIPIENT_AGGREGATES",
    "SCHEMAS",
    "TABLE1_COUNTRY_COLUMN",
    "TABLE1_KEY",
    "TABLE1_TIDY_COLUMNS",
    "TABLE1_VALUE_COLUMNS",
    "UNIT_FACTORS",
    "load_claims",
    "load_cow_trade",
    "load_diplomatic_events",
    "load_dots_trade",
    "load_ethnic_koreans",
    "load_events",
    "load_forum_meetings",
    "load_forum_topics",
    "load_gdp",
    "load_korea_totals",
    "load_oda_dac2a",
    "load_oda_facts",
    "load_oda_recipients",
    "load_oda_wdi_kazakhstan",
    "load_paper_trade_table",
    "load_population",
    "load_press_trade",
    "load_sources",
    "load_summit_counts",
    "load_trade_table1",
    "load_trade_unit_evidence",
    "parse_printed_integer",
]
