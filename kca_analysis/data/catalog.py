"""The catalog of the collection's data: ``data/datapackage.json``, a Frictionless Data Package.

Every data file of ``data/`` is one resource of the package: the raw extracts (``raw/``, each
with its ``.source.txt``), the curated tidy files (``curated/``) and the paper's transcriptions
(``paper/``). A resource carries its Table Schema (fields, types, constraints, units, missing
values, primary key), its licences and sources, its sha256 (``hash``), and the collection's own
properties: ``group``, ``title``, ``producer``, ``citation``, ``locator``, ``dateRead``,
``unitNotes``, ``caveats``, ``confidence``, ``derivedFrom`` (the raw resources a curated file
is built from), ``loader`` (the function of :mod:`kca_analysis.data` that reads it) and, for raw
files, ``sourceNote`` (the ``.source.txt`` and its sha256).

Anyone can validate the package without our code (``frictionless validate
data/datapackage.json``); inside the library, loaders find their file and schema here
(:func:`resource`), ``curate`` takes the columns it writes and the headers it reads from here,
``kca check`` walks every resource, and ``data/README.md`` is rendered from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .. import paths
from ..files import sha256_file
from .schema import ChecksumError, Column, DataError, Schema, log_read

#: The catalog's path relative to the project root (the key under which reads are logged).
CATALOG_KEY = "data/datapackage.json"
#: The kinds of data file, in the order the catalog lists them.
GROUPS = ("raw", "curated", "paper")
#: Table Schema types -> the cell parsers of :mod:`.validation`; a string field may name a
#: stricter parser in its ``kind`` property (``date``, ``period``).
KIND_OF_TYPE = {"string": "str", "integer": "int", "number": "number"}


class CatalogError(DataError):
    """The catalog is missing, malformed, or does not know a requested resource."""


@dataclass(frozen=True)
class Resource:
    """One data file as the catalog describes it.

    Parameters
    ----------
    descriptor
        The resource's entry of ``datapackage.json``.
    base
        The folder holding the catalog (resource paths are relative to it).
    """

    descriptor: Mapping[str, Any]
    base: Path

    @property
    def name(self) -> str:
        """The resource name (the file stem): ``cow_trade_1992_2014``."""
        return str(self.descriptor["name"])

    @property
    def file(self) -> Path:
        """The data file on disk."""
        return self.base / self.descriptor["path"]

    @property
    def path(self) -> str:
        """The file relative to the project root: ``data/curated/cow_trade_1992_2014.csv``."""
        return paths.relative_to_root(self.file)

    @property
    def group(self) -> str:
        """``raw``, ``curated`` or ``paper``."""
        return str(self.descriptor["group"])

    @property
    def sha256(self) -> str:
        """The recorded sha256 of the file (hex, without the ``sha256:`` prefix)."""
        return str(self.descriptor.get("hash", "")).removeprefix("sha256:")

    def get(self, key: str, default: Any = None) -> Any:
        """Return a property of the resource's descriptor (``producer``, ``caveats``...).

        Parameters
        ----------
        key
            The property name as it appears in ``datapackage.json``.
        default
            Returned when the property is absent.

        Returns
        -------
        object
            The property's value.
        """
        return self.descriptor.get(key, default)

    @property
    def title(self) -> str:
        """What the file holds, in one line."""
        return str(self.descriptor.get("title", ""))

    @property
    def licence(self) -> str:
        """The licence(s) as text: each licence's title (or name), joined by ``; ``."""
        return "; ".join(
            str(item.get("title") or item.get("name")) for item in self.descriptor["licenses"]
        )

    @property
    def confidence(self) -> str:
        """The file's dominant confidence label (each row carries its own where it varies)."""
        return str(self.descriptor.get("confidence", ""))

    @property
    def loader(self) -> str | None:
        """The name of the function of :mod:`kca_analysis.data` that reads this file."""
        return self.descriptor.get("loader")

    @property
    def derived_from(self) -> tuple[str, ...]:
        """The names of the resources (or external texts) this file is built from."""
        return tuple(self.descriptor.get("derivedFrom", ()))

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(f["name"] for f in self.descriptor["schema"]["fields"])

    def field(self, name: str) -> dict[str, Any]:
        """Return the Table Schema descriptor of one column.

        Parameters
        ----------
        name
            The column name.

        Returns
        -------
        dict
            The field's descriptor (``name``, ``type``, ``constraints``, ``unit``...).

        Raises
        ------
        CatalogError
            When the resource has no such column.
        """
        for item in self.descriptor["schema"]["fields"]:
            if item["name"] == name:
                return dict(item)
        raise CatalogError(f"resource {self.name!r} has no column {name!r}", file=self.file)

    @cached_property
    def schema(self) -> Schema:
        """The resource's Table Schema as the strict reader's :class:`~.schema.Schema`."""
        return schema_of(self.descriptor["schema"])

    @property
    def source_note(self) -> tuple[Path, str] | None:
        """For a raw extract: its ``.source.txt`` and the recorded sha256; else ``None``."""
        note = self.descriptor.get("sourceNote")
        if not note:
            return None
        return self.base / note["path"], str(note["hash"]).removeprefix("sha256:")


class Catalog:
    """The data package: every resource, found by name or by path.

    Parameters
    ----------
    descriptor
        The parsed ``datapackage.json``.
    file
        Where it was read from.
    """

    def __init__(self, descriptor: Mapping[str, Any], file: Path):
        self.descriptor = descriptor
        self.file = Path(file)
        self.resources: dict[str, Resource] = {}
        for item in descriptor.get("resources", ()):
            resource = Resource(item, self.file.parent)
            if resource.name in self.resources:
                raise CatalogError(f"two resources are named {resource.name!r}", file=self.file)
            self.resources[resource.name] = resource

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources.values())

    def resource(self, name: str) -> Resource:
        """Return the resource called ``name``.

        Parameters
        ----------
        name
            A resource name (the file stem), e.g. ``gdp_wdi``.

        Returns
        -------
        Resource
            Its descriptor, file, schema and provenance.

        Raises
        ------
        CatalogError
            When no resource has that name; the message lists the names of its group.
        """
        try:
            return self.resources[name]
        except KeyError:
            known = ", ".join(sorted(self.resources))
            raise CatalogError(
                f"no resource named {name!r} in the catalog; expected one of {known}",
                file=self.file,
            ) from None

    def by_path(self, path: Path | str) -> Resource | None:
        """Return the resource of a file, or ``None`` when the catalog does not list it.

        Parameters
        ----------
        path
            The file, absolute or relative to the project root (``data/curated/x.csv``).

        Returns
        -------
        Resource or None
        """
        return self.by_file(paths.PROJECT_ROOT / path)  # an absolute path stays as it is

    def by_file(self, path: Path | str) -> Resource | None:
        """Return the resource stored in ``path`` (however the path is spelled), or ``None``.

        Parameters
        ----------
        path
            The file, absolute or relative to the working directory.

        Returns
        -------
        Resource or None
        """
        return self._by_resolved_file.get(Path(path).resolve())

    @cached_property
    def _by_resolved_file(self) -> dict[Path, Resource]:
        # Resolving a path costs system calls; every read checks its file, so once per catalog.
        found: dict[Path, Resource] = {}
        for r in self:
            found.setdefault(r.file.resolve(), r)
        return found

    def in_group(self, group: str) -> list[Resource]:
        """Return the resources of one group (``raw``, ``curated`` or ``paper``), in order.

        Parameters
        ----------
        group
            One of :data:`GROUPS`.

        Returns
        -------
        list of Resource
        """
        return [r for r in self if r.group == group]

    @property
    def external(self) -> dict[str, dict[str, Any]]:
        """Texts the data derive from that are not in the repository (the paper), by name."""
        return {item["name"]: dict(item) for item in self.descriptor.get("external", ())}


@lru_cache(maxsize=4)
def _parse(file: str, mtime_ns: int, size: int) -> Catalog:
    try:
        descriptor = json.loads(Path(file).read_text(encoding="utf-8"))
    except ValueError as error:
        raise CatalogError(f"expected a JSON data package ({error})", file=file) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise CatalogError("expected a data package with a list of 'resources'", file=file)
    return Catalog(descriptor, Path(file))


def load_catalog(file: Path | str | None = None) -> Catalog:
    """Read the catalog (cached until the file changes) and log the read.

    Parameters
    ----------
    file
        The ``datapackage.json`` (default :data:`kca_analysis.paths.CATALOG_FILE`).

    Returns
    -------
    Catalog

    Raises
    ------
    CatalogError
        When the file is missing or is not a data package.
    """
    file = Path(file or paths.CATALOG_FILE)
    if not file.is_file():
        raise CatalogError("the data catalog is missing", file=file)
    stat = file.stat()
    log_read(file)
    return _parse(str(file), stat.st_mtime_ns, stat.st_size)


def resource(name: str) -> Resource:
    """Return one resource of the catalog by name (see :meth:`Catalog.resource`).

    Parameters
    ----------
    name
        The resource name, e.g. ``cow_trade_1992_2014``.

    Returns
    -------
    Resource
    """
    return load_catalog().resource(name)


def schema_of(table_schema: Mapping[str, Any]) -> Schema:
    """Turn a Table Schema descriptor into the strict reader's :class:`~.schema.Schema`.

    ``type`` gives the cell parser (a string field's ``kind`` may name a stricter one);
    ``constraints`` give ``required``, ``enum``, ``minimum`` and ``pattern``; a field with a
    ``countries`` property (``five`` or ``all``) is checked by the strict country lookup, whose
    message lists the valid names, instead of by its ``enum``.

    Parameters
    ----------
    table_schema
        A resource's ``schema``.

    Returns
    -------
    Schema

    Raises
    ------
    CatalogError
        For a field type the reader does not know.
    """
    columns, countries, extras = [], {}, ()
    for item in table_schema["fields"]:
        constraints = item.get("constraints", {})
        if item["type"] not in KIND_OF_TYPE:
            raise CatalogError(
                f"field {item['name']!r} has type {item['type']!r}; expected one of "
                + ", ".join(KIND_OF_TYPE)
            )
        if "countries" in item:
            countries[item["name"]] = item["countries"] == "five"
            extras = tuple(item.get("countryExtras", ()))
        enum = constraints.get("enum")
        columns.append(
            Column(
                item["name"],
                item.get("kind", KIND_OF_TYPE[item["type"]]),
                required=bool(constraints.get("required", False)),
                choices=tuple(enum) if enum is not None and "countries" not in item else None,
                minimum=constraints.get("minimum"),
                pattern=constraints.get("pattern"),
            )
        )
    key = table_schema.get("primaryKey", ())
    return Schema(
        columns=tuple(columns),
        key=(key,) if isinstance(key, str) else tuple(key),
        country_columns=countries,
        country_extras=extras,
    )


def verify_checksum(path: Path | str, *, catalog_file: Path | str | None = None) -> str:
    """Check a data file against the sha256 the catalog records for it; return the hash.

    Parameters
    ----------
    path
        The data file.
    catalog_file
        The catalog to check against (default ``data/datapackage.json``).

    Returns
    -------
    str
        The file's sha256.

    Raises
    ------
    ChecksumError
        When the catalog does not list the file, or its bytes have changed; the message names
        the file and both hashes.
    """
    catalog = load_catalog(catalog_file)
    path = Path(path)
    entry = catalog.by_file(path)
    if entry is None:
        raise ChecksumError("the file is not a resource of data/datapackage.json", file=path)
    actual = sha256_file(path)
    if entry.sha256 != actual:
        raise ChecksumError(
            f"checksum mismatch: data/datapackage.json records sha256 {entry.sha256}, "
            f"the file has sha256 {actual}; the file changed since its provenance was recorded "
            "(if the change is intended, record it with `python -m kca_analysis.curate --rehash`)",
            file=path,
        )
    return actual


def provenance(catalog: Catalog | None = None) -> dict[str, dict[str, Any]]:
    """Return the provenance of every data file, keyed by path (what ``data/sources.yml`` lists).

    Parameters
    ----------
    catalog
        Default: :func:`load_catalog`.

    Returns
    -------
    dict
        Path relative to the root -> ``title, producer, citation, locator, derived_from``
        (``[{file, sha256}]``), ``date_read, licence, unit_notes, caveats, confidence,
        sha256`` (and ``unit_label_as_printed`` where the catalog records it).
    """
    catalog = catalog or load_catalog()
    found: dict[str, dict[str, Any]] = {}
    for item in catalog:
        entry = {
            "title": item.title,
            "producer": item.get("producer", ""),
            "citation": item.get("citation", ""),
            "locator": item.get("locator", ""),
            "derived_from": [_derived_entry(catalog, name) for name in item.derived_from],
            "date_read": item.get("dateRead", ""),
            "licence": item.licence,
            "unit_notes": item.get("unitNotes", ""),
            "caveats": item.get("caveats", ""),
            "confidence": item.confidence,
            "sha256": item.sha256,
        }
        if item.get("unitAsPrinted"):
            entry["unit_label_as_printed"] = item.get("unitAsPrinted")
        found[item.path] = entry
    return found


def _derived_entry(catalog: Catalog, name: str) -> dict[str, str]:
    if name in catalog.resources:
        source = catalog.resources[name]
        return {"file": source.path, "sha256": source.sha256}
    external = catalog.external.get(name)
    if external is None:
        raise CatalogError(f"derivedFrom names {name!r}, which is neither a resource nor external")
    return {"file": external["path"], "sha256": str(external["hash"]).removeprefix("sha256:")}
