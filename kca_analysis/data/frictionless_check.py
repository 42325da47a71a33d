"""The data package validated with the ``frictionless`` library, as anyone can without our code.

``frictionless validate data/datapackage.json`` checks what the standard defines: the
descriptor, every file's sha256, every cell's type and constraints, the primary keys. Its
errors name the resource, the row and the field, as precisely as ours for these checks; our
strict reader (:mod:`.validation`) adds what the standard cannot say (the strict country
lookup, the months of a period, the guards of the corrections) and messages that also show
what was found. ``kca check`` prints both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import paths


@dataclass(frozen=True)
class Problem:
    """One error frictionless reports.

    ``resource`` is the file relative to the catalog's folder (``raw/wb_gdp.csv``), or the
    descriptor itself for package-level errors; ``row`` is the file's line number (the header
    is row 1); ``field`` the column name.
    """

    resource: str
    kind: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"row {self.row}" if self.row else "",
                f"field {self.field!r}" if self.field else "",
            )
            if part
        )
        return f"{where + ': ' if where else ''}{self.kind}: {self.message}"


def validate_package(catalog_file: Path | str | None = None) -> dict[str, list[Problem]]:
    """Validate the data package with ``frictionless``; return its errors by resource path.

    Parameters
    ----------
    catalog_file
        The ``datapackage.json`` (default :data:`kca_analysis.paths.CATALOG_FILE`).

    Returns
    -------
    dict
        Resource path relative to the catalog's folder (or ``datapackage.json`` for errors of
        the descriptor) -> its problems; empty when the package is valid.
    """
    import frictionless  # heavy: imported only when the package is validated

    catalog_file = Path(catalog_file or paths.CATALOG_FILE)
    report = frictionless.validate(str(catalog_file))
    found: dict[str, list[Problem]] = defaultdict(list)
    for error in report.errors:
        found[catalog_file.name].append(Problem(catalog_file.name, error.type, error.message))
    for task in report.tasks:
        for error in task.errors:
            found[str(task.place)].append(
                Problem(
                    str(task.place),
                    error.type,
                    error.note or error.message,
                    getattr(error, "row_number", None),
                    getattr(error, "field_name", None),
                )
            )
    return dict(found)
