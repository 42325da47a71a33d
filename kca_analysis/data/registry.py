"""Every data file with a loader, and the schema it is read with, both from the catalog.

``data/datapackage.json`` names each resource's loader (property ``loader``); this module maps
the names to the functions of :mod:`kca_analysis.data`. :data:`LOADERS` and :data:`SCHEMAS`
are computed when first used (not at import, so that importing the library reads no file).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

# Absolute imports of the modules themselves ("from . import" would import the package,
# which imports this module when LOADERS is first asked for).
import kca_analysis.data.context as context
import kca_analysis.data.oda as oda
import kca_analysis.data.paper as paper
import kca_analysis.data.table1 as table1
import kca_analysis.data.table1_printed as table1_printed
import kca_analysis.data.trade as trade

from .catalog import CatalogError, load_catalog
from .schema import Schema

Loader = Callable[..., pd.DataFrame]

#: Every loader function of the data layer, by name.
LOADER_FUNCTIONS: dict[str, Loader] = {
    name: function
    for module in (paper, table1_printed, table1, trade, context, oda)
    for name, function in vars(module).items()
    if name.startswith("load_") and callable(function) and function.__module__ == module.__name__
}


def loaders() -> dict[str, Loader]:
    """Return the loader of every data file that has one, keyed by path relative to the root.

    Returns
    -------
    dict
        ``data/curated/gdp_wdi.csv`` -> :func:`~kca_analysis.data.load_gdp`, ...

    Raises
    ------
    CatalogError
        When the catalog names a loader the data layer does not have.
    """
    found = {}
    for item in load_catalog():
        if item.loader is None:
            continue
        if item.loader not in LOADER_FUNCTIONS:
            raise CatalogError(
                f"resource {item.name!r} names the loader {item.loader!r}, which "
                "kca_analysis.data does not define"
            )
        found[item.path] = LOADER_FUNCTIONS[item.loader]
    return found


def schemas() -> dict[str, Schema]:
    """Return the schema of every file its loader reads cell by cell, keyed by path.

    Table 1 is left out: it is read as printed strings and parsed by its own loader.

    Returns
    -------
    dict
        Path relative to the root -> :class:`~kca_analysis.data.schema.Schema`.
    """
    return {
        item.path: item.schema
        for item in load_catalog()
        if item.loader is not None and item.name != table1_printed.TABLE1_RESOURCE
    }


def __getattr__(name: str) -> Any:
    if name == "LOADERS":
        return loaders()
    if name == "SCHEMAS":
        return schemas()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
