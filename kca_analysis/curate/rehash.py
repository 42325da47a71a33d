"""Record the sha256 of every data file in the catalog after an intended change."""

from __future__ import annotations

from pathlib import Path

from kca_analysis.data.catalog_files import rehash_catalog
from kca_analysis.paths import CATALOG_FILE


def rehash_sources(catalog_file: Path = CATALOG_FILE) -> list[str]:
    """Rewrite the ``hash`` of each resource of ``datapackage.json`` whose file exists.

    Only hashes change (and the layout is the canonical one of
    :func:`kca_analysis.data.catalog_files.dump_catalog`); raw extracts' ``.source.txt`` are
    rehashed with their extract.

    Parameters
    ----------
    catalog_file
        The ``datapackage.json`` to update in place (atomically, and only if something changed).

    Returns
    -------
    list of str
        The paths (relative to the catalog's folder) whose hash changed.
    """
    return rehash_catalog(catalog_file)
