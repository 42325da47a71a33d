"""A notebook's Sources section, rendered from the data catalog ``data/datapackage.json``.

One bullet per file the notebook reads: what it holds, who produced it, the citation, where it
was read (locator), its licence and its confidence label, all as the catalog records them, so
that a Sources cell never restates provenance by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from kca_analysis.data.catalog import CATALOG_KEY, Catalog, Resource, load_catalog

#: Files a notebook reads that are not data resources, and what they are.
NON_RESOURCES = {
    CATALOG_KEY: "the data catalog (a Frictionless Data Package): every data file's schema, "
    "licence, sources and sha256, checked on every read",
    "data/corrections.yml": "known corrections to the data, each with its evidence and a guard "
    "that fails when it no longer applies",
}


def _line(label: str, text: object) -> str:
    return f"{label}: {' '.join(str(text).split())}" if text else ""


def source_entry(entry: Resource) -> str:
    """Return the Markdown bullet of one data file.

    Parameters
    ----------
    entry
        A resource of the catalog.

    Returns
    -------
    str
        ``- `path`: title. Producer: ... Citation: ... Locator: ... Licence: ...
        Confidence: ...`` (parts the catalog leaves empty are left out).
    """
    parts = [
        _line("Producer", entry.get("producer")),
        _line("Citation", entry.get("citation")),
        _line("Locator", entry.get("locator")),
        _line("Licence", entry.licence),
        _line("Confidence", f"{entry.confidence} (the file's dominant label; rows carry their own)")
        if entry.confidence
        else "",
    ]
    body = ". ".join(p.rstrip(".") for p in parts if p)
    return f"- `{entry.path}`: {entry.title.rstrip('.')}. {body}."


def sources_markdown(files: Iterable[str], catalog: Catalog | None = None) -> str:
    """Return the Sources section of a notebook that reads ``files``.

    Parameters
    ----------
    files
        Paths relative to the project root (``data/curated/gdp_wdi.csv``) or resource names
        (``gdp_wdi``), in the order
        to list them; repeats are listed once. ``data/datapackage.json`` and
        ``data/corrections.yml`` get a line of their own.
    catalog
        Default: :func:`~kca_analysis.data.catalog.load_catalog`.

    Returns
    -------
    str
        Markdown: a bold heading line, then one bullet per file.

    Raises
    ------
    ValueError
        For a file that is neither a resource of the catalog nor one of
        :data:`NON_RESOURCES`.
    """
    catalog = catalog or load_catalog()
    bullets = []
    for name in dict.fromkeys(files):
        if name in NON_RESOURCES:
            bullets.append(f"- `{name}`: {NON_RESOURCES[name]}.")
            continue
        entry = catalog.resources.get(name) or catalog.by_path(name)
        if entry is None:
            known = ", ".join(sorted(r.path for r in catalog))
            raise ValueError(
                f"{name!r} is not a resource of {CATALOG_KEY}; expected one of {known}, "
                f"or {', '.join(NON_RESOURCES)}"
            )
        bullets.append(source_entry(entry))
    return "\n".join(["**Sources**", "", *bullets]) + "\n"
