"""The data layer: every file of ``data/`` read, validated, parsed and corrected.

``from kca_analysis import data`` gives one loader per data set (``data.load_cow_trade()``...).
Each finds its file and schema in the catalog ``data/datapackage.json`` (a Frictionless Data
Package), checks the file's sha256 against it, reads every cell strictly, adds ISO3 codes and
US-dollar values, and applies the corrections of ``data/corrections.yml`` after their guards
hold. Nothing here imports another layer.

Modules: ``catalog`` (the data package: :func:`resource`, :func:`load_catalog`), ``schema``
(the error type and the shape of a table), ``validation`` (strict CSV reading), ``common``
(units and shared columns), ``table1_printed`` and ``table1`` (the paper's Table 1 as printed
and corrected), ``paper`` (events, forum topics, claims), ``trade``, ``oda``, ``context`` (the
curated files), ``corrections``, ``guards`` and ``coverage`` (COW's coverage gaps),
``registry`` (file -> loader and schema, from the catalog), ``check`` (``kca check``),
``frictionless_check`` (the package validated with the ``frictionless`` library),
``readme`` (``data/README.md`` rendered from the catalog), ``sources_file``
(``data/sources.yml``, every file's provenance, generated from the catalog), ``catalog_files``
(writing the catalog) and ``standard_tables``.
"""

from typing import Any

from ..vocab import CONFIDENCE_LEVELS
from .catalog import Catalog, CatalogError, Resource, load_catalog, provenance, resource
from .common import FLOWS, MONEY_UNITS, UNIT_FACTORS
from .context import (
    DIPLOMATIC_EVENT_TYPES,
    FORUM_LEVELS,
    POPULATION_PRODUCTION,
    load_diplomatic_events,
    load_diplomatic_relations,
    load_ethnic_koreans,
    load_forum_meetings,
    load_gdp,
    load_population,
    load_summit_counts,
)
from .coverage import COVERAGE, GAP_REASONS, first_complete_year
from .oda import (
    ODA_RECIPIENT_AGGREGATES,
    load_oda_dac2a,
    load_oda_facts,
    load_oda_recipients,
    load_oda_wdi_kazakhstan,
)
from .paper import EVENT_CATEGORIES, load_claims, load_events, load_forum_topics
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

#: Values of the ``basis`` column of the COW and DOTS files: the reporting side's own figure,
#: a figure computed from another source's by a fixed factor (COW), or an estimate published in
#: the reporting side's name (DOTS).
BASIS = ("reported", "derived", "estimate")

__all__ = [
    "BASIS",
    "CONFIDENCE_LEVELS",
    "COVERAGE",
    "Catalog",
    "CatalogError",
    "DIPLOMATIC_EVENT_TYPES",
    "DataError",
    "EVENT_CATEGORIES",
    "FLOWS",
    "FORUM_LEVELS",
    "GAP_REASONS",
    "LOADERS",
    "MONEY_UNITS",
    "ODA_RECIPIENT_AGGREGATES",
    "POPULATION_PRODUCTION",
    "Resource",
    "SCHEMAS",
    "TABLE1_COUNTRY_COLUMN",
    "TABLE1_KEY",
    "TABLE1_TIDY_COLUMNS",
    "TABLE1_VALUE_COLUMNS",
    "UNIT_FACTORS",
    "first_complete_year",
    "load_catalog",
    "load_claims",
    "load_cow_trade",
    "load_diplomatic_events",
    "load_diplomatic_relations",
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
    "provenance",
    "resource",
]


def __getattr__(name: str) -> Any:
    # LOADERS and SCHEMAS come from the catalog, read when first asked for (not at import).
    if name in ("LOADERS", "SCHEMAS"):
        from . import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
