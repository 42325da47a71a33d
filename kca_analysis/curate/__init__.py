"""Curate the raw extracts of ``data/raw/`` into the tidy files of ``data/curated/``.

Usage::

    python -m kca_analysis.curate [SOURCE_DIR] [--check] [--rehash] [--output-dir DIR]

``SOURCE_DIR`` defaults to ``data/raw/`` (the extracts exactly as obtained, each checked against
the sha256 the catalog records), so a clone rebuilds every curated file with nothing beside it.
Without options the script (re)writes every file of ``data/curated/``; ``--check`` writes
nothing and exits 1 listing each file that differs from what would be written; ``--rehash``
records the sha256 of every data file in ``data/datapackage.json`` and rewrites
``data/README.md`` from the catalog.

The script is pure and deterministic: it reads the raw extracts with the :mod:`csv` module,
keeps every number as the source text (never round-tripped through ``float``), sorts rows in a
stated order (see each source module's ``build``), and writes UTF-8 with ``\\n`` line endings
through a temporary file and :func:`os.replace`. Before writing anything it cross-checks
sources that must agree and raises :class:`CrossCheckError` when they do not.

One module per tidy file, each declaring at its top the extracts it reads and the file it
writes (``TIDY``; the columns and headers come from the catalog), then ``build(source_dir)`` and
its ``CROSS_CHECKS``; the catalog names each curated file's module (``curatedBy``):

- trade: ``cow_trade``, ``imf_dots_trade``, ``press_trade``, ``trade_unit_evidence``,
  ``wdi_korea_totals``;
- diplomacy and people: ``forum_meetings``, ``diplomatic_events`` (its sentence parsers in
  ``event_rows``), ``diplomatic_relations``, ``bilateral_summit_counts``,
  ``ethnic_korean_population``;
- ODA: ``oda_dac2a``, ``oda_wdi_kazakhstan``, ``oda_korea_recipients``, ``oda_facts``;
- context: ``gdp_wdi``, ``population_wdi``.

Shared: ``common`` (declarations, strict reading, decimals, notes, URL classification,
uniqueness, row invariants, rendering), ``worldbank`` (WDI cells), ``registry`` (the outputs,
cross-checks and extracts), ``command`` (build, compare, write), ``rehash`` (``--rehash``).
"""

from __future__ import annotations

from .command import build_all, differences, main
from .common import (
    CONFIDENCE_LABELS,
    UNITS,
    CrossCheckError,
    CurationError,
    RawFile,
    SourceFormatError,
    TidyFile,
    raw_file,
    tidy_file,
)
from .registry import CROSS_CHECKS, OUTPUTS, RAW_FILES, SOURCE_MODULES, Output
from .rehash import rehash_sources

__all__ = [
    "CONFIDENCE_LABELS",
    "CROSS_CHECKS",
    "OUTPUTS",
    "RAW_FILES",
    "SOURCE_MODULES",
    "UNITS",
    "CrossCheckError",
    "CurationError",
    "Output",
    "RawFile",
    "SourceFormatError",
    "TidyFile",
    "build_all",
    "differences",
    "main",
    "raw_file",
    "rehash_sources",
    "tidy_file",
]
