"""``data/sources.yml``: every data file's provenance in one short list, generated from the catalog.

The catalog (``data/datapackage.json``, Frictionless) is the one place provenance is written;
this file repeats its provenance fields per data file, for readers and tools that look for a
``sources.yml`` beside the data (the project's design names one). It is never edited by hand:
``python -m kca_analysis.curate --rehash`` rewrites it (:func:`write_sources_file`) and
``kca check`` fails when it disagrees with the catalog (:func:`sources_file_is_current`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import paths
from ..files import holds_text, write_text_if_changed
from .catalog import Catalog, provenance

HEADER = (
    "# Generated from datapackage.json by `python -m kca_analysis.curate --rehash`:\n"
    "# edit the catalog, not this file. One entry per data file: who produced it, where it was\n"
    "# read, under which licence, how far we trust it, and its sha256.\n"
)


def render_sources_file(catalog: Catalog | None = None) -> str:
    """Render ``data/sources.yml`` from the catalog.

    Parameters
    ----------
    catalog
        Default :func:`kca_analysis.data.catalog.load_catalog`.

    Returns
    -------
    str
        The YAML text of :func:`kca_analysis.data.catalog.provenance`: each file's path from
        the project root, in catalog order, with its provenance.
    """
    body = yaml.safe_dump(provenance(catalog), sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


def write_sources_file(file: Path | str | None = None) -> bool:
    """Rewrite ``data/sources.yml`` from the catalog if its text changed.

    Parameters
    ----------
    file
        Default :data:`kca_analysis.paths.DATA_SOURCES`.

    Returns
    -------
    bool
        Whether the file was written.
    """
    return write_text_if_changed(file or paths.DATA_SOURCES, render_sources_file())


def sources_file_is_current(file: Path | str | None = None) -> bool:
    """Tell whether ``data/sources.yml`` is what :func:`render_sources_file` gives.

    Parameters
    ----------
    file
        Default :data:`kca_analysis.paths.DATA_SOURCES`.

    Returns
    -------
    bool
    """
    return holds_text(file or paths.DATA_SOURCES, render_sources_file())
