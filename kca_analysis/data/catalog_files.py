"""Writing the catalog: its canonical text, and recording sha256 after an intended change.

``data/datapackage.json`` is edited by hand (a new resource, a new column) and rewritten by
:func:`rehash_catalog`; both must leave it in the canonical layout of :func:`dump_catalog`
(two-space indent, one field of a schema per line, short objects on one line), so that a diff
shows what changed and nothing else. A test fails when the file is not in that layout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import paths
from ..files import sha256_file, write_text_if_changed

#: Objects up to this width (indent included) are written on one line.
LINE_WIDTH = 100


def dump_catalog(descriptor: Mapping[str, Any]) -> str:
    """Return the canonical text of a data package descriptor.

    Parameters
    ----------
    descriptor
        The parsed ``datapackage.json``.

    Returns
    -------
    str
        JSON, UTF-8 characters kept (no ``\\u`` escapes), ending with a newline.
    """
    return _render(descriptor, 0, in_fields=False) + "\n"


def _render(value: Any, level: int, *, in_fields: bool) -> str:
    compact = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, (dict, list)) or not value:
        return compact
    # A schema field is one line however long, so that each column reads as one row.
    if in_fields or level * 2 + len(compact) <= LINE_WIDTH:
        return compact
    pad = "  " * (level + 1)
    if isinstance(value, dict):
        items = [
            f"{pad}{json.dumps(key, ensure_ascii=False)}: "
            + _render(item, level + 1, in_fields=False)
            for key, item in value.items()
            if key != "fields"
        ]
        if "fields" in value:
            fields = value["fields"]
            inner = ",\n".join(
                f"{pad}  " + _render(item, level + 2, in_fields=True) for item in fields
            )
            position = list(value).index("fields")
            items.insert(position, f'{pad}"fields": [\n{inner}\n{pad}]')
        body = ",\n".join(items)
        return "{\n" + body + "\n" + "  " * level + "}"
    body = ",\n".join(pad + _render(item, level + 1, in_fields=False) for item in value)
    return "[\n" + body + "\n" + "  " * level + "]"


def write_catalog(descriptor: Mapping[str, Any], file: Path | str | None = None) -> bool:
    """Write a descriptor in canonical layout, atomically, if its text changed.

    Parameters
    ----------
    descriptor
        The data package.
    file
        Default :data:`kca_analysis.paths.CATALOG_FILE`.

    Returns
    -------
    bool
        Whether the file was written.
    """
    return write_text_if_changed(file or paths.CATALOG_FILE, dump_catalog(descriptor))


def rehash_catalog(file: Path | str | None = None) -> list[str]:
    """Record the current sha256 of every resource (and raw ``.source.txt``) that exists.

    Run after an intended change to a data file (``python -m kca_analysis.curate --rehash``);
    only ``hash`` values change, and the file is rewritten in canonical layout.

    Parameters
    ----------
    file
        The ``datapackage.json`` (default :data:`kca_analysis.paths.CATALOG_FILE`).

    Returns
    -------
    list of str
        The paths (relative to the catalog's folder) whose recorded hash changed.
    """
    file = Path(file or paths.CATALOG_FILE)
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    changed = []
    for item in descriptor["resources"]:
        for holder in (item, item.get("sourceNote")):
            if not holder:
                continue
            target = file.parent / holder["path"]
            if not target.is_file():
                continue
            digest = "sha256:" + sha256_file(target)
            if holder.get("hash") != digest:
                holder["hash"] = digest
                changed.append(holder["path"])
    write_catalog(descriptor, file)
    return changed
