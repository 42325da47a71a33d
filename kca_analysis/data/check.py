"""``kca check``: every data file's checksum and schema, one line per file.

Exit status 0 only when every resource of ``data/datapackage.json`` matches its recorded
sha256 (and a raw extract's ``.source.txt`` too), every cell passes the strict reader and
``frictionless``, every data file under ``data/`` is a resource, every correction's guard
holds and ``data/README.md`` is what the catalog renders. A failing line names the file, the
line and the column wherever the problem is a cell.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .. import paths
from ..files import sha256_file
from .catalog import Catalog, CatalogError, Resource, load_catalog
from .schema import DataError

#: Frictionless problems shown per file (the first ones; a broken column repeats on every row).
SHOWN_PROBLEMS = 3


def data_files(root: Path) -> set[str]:
    """Every data file and provenance note under ``data/``, relative to the project root.

    Parameters
    ----------
    root
        The project root.

    Returns
    -------
    set of str
        The CSV files and ``.source.txt`` notes (hidden files and checkpoints left out).
    """
    data = root / "data"
    return {
        path.relative_to(root).as_posix()
        for path in data.rglob("*")
        if path.is_file()
        and (path.suffix == ".csv" or path.name.endswith(".source.txt"))
        and not any(part.startswith(".") for part in path.relative_to(data).parts)
    }


def check_resource(entry: Resource, problems: Sequence[object] = ()) -> tuple[bool, str]:
    """Check one resource: its sha256, its cells (through its loader, if any) and its note.

    Parameters
    ----------
    entry
        A resource of the catalog.
    problems
        What ``frictionless`` reported for it (:func:`.frictionless_check.validate_package`).

    Returns
    -------
    tuple
        Whether everything holds, and the detail for the line (every problem found, the
        file's own checksum first).
    """
    from .registry import LOADER_FUNCTIONS
    from .validation import read_table

    if not entry.file.is_file():
        return False, "listed in data/datapackage.json but missing"
    found = []
    actual = sha256_file(entry.file)
    if actual != entry.sha256:
        found.append(
            f"checksum mismatch: data/datapackage.json records sha256 {entry.sha256}, the file "
            f"has sha256 {actual}"
        )
    note = entry.source_note
    if note is not None and (not note[0].is_file() or sha256_file(note[0]) != note[1]):
        found.append(f"{paths.relative_to_root(note[0])} differs from its recorded sha256")
    rows = 0
    try:
        if entry.loader is not None:
            rows = len(LOADER_FUNCTIONS[entry.loader](entry.file, verify=False))
        else:
            rows = len(read_table(entry.file, entry.schema, verify=False))
    except (DataError, ValueError) as error:
        found.append(str(error))
    shown = [f"frictionless: {p}" for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(f"frictionless: {len(problems) - SHOWN_PROBLEMS} more")
    if found or shown:
        return False, "; ".join(found + shown)
    return True, f"sha256 ok, schema ok ({rows} rows), frictionless valid"


def _frictionless_problems(catalog: Catalog) -> dict[str, list]:
    from .frictionless_check import validate_package

    return validate_package(catalog.file)


def check_all(out: TextIO, *, use_frictionless: bool = True) -> int:
    """Run every check, print one line per file and per correction; return the exit status.

    Parameters
    ----------
    out
        Where the lines go.
    use_frictionless
        Also validate the package with ``frictionless`` (a few seconds).

    Returns
    -------
    int
        0 when everything holds, else 1.
    """
    from .corrections import load_corrections
    from .guards import evaluate_guard, guarded_table
    from .readme import readme_is_current
    from .sources_file import sources_file_is_current

    failures = 0

    def report(ok: bool, name: str, detail: str) -> None:
        """Print one line and count a failure.

        Parameters
        ----------
        ok
            Whether the check holds.
        name
            The file or correction.
        detail
            What was found.
        """
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'}  {name}  {detail}", file=out)

    try:
        catalog = load_catalog()
        problems = _frictionless_problems(catalog) if use_frictionless else {}
    except CatalogError as error:
        report(False, "data/datapackage.json", str(error))
        return 1
    for problem in problems.get(catalog.file.name, ()):
        report(False, "data/datapackage.json", f"frictionless: {problem}")
    listed = {entry.path: entry for entry in catalog}
    notes = {paths.relative_to_root(e.source_note[0]) for e in catalog if e.source_note}
    for name in sorted(data_files(paths.PROJECT_ROOT) - set(listed) - notes):
        report(False, name, "not a resource of data/datapackage.json (no provenance)")
    for name, entry in sorted(listed.items()):
        key = entry.descriptor["path"]
        ok, detail = check_resource(entry, problems.get(key, []))
        report(ok, name, detail)
    try:
        corrections = load_corrections()
    except (DataError, ValueError) as error:
        report(False, "data/corrections.yml", str(error))
        return 1
    for correction in corrections.values():
        try:
            result = evaluate_guard(correction, guarded_table(correction))
        except (DataError, ValueError) as error:
            report(False, f"correction {correction.id}", str(error))
            continue
        report(result.holds, f"correction {correction.id}", "guard holds: " + result.message)
    for name, is_current in (
        ("data/README.md", readme_is_current),
        ("data/sources.yml", sources_file_is_current),
    ):
        try:
            current = is_current()
        except (DataError, ValueError) as error:
            report(False, name, str(error))
        else:
            report(
                current,
                name,
                "rendered from the catalog"
                if current
                else "stale: regenerate it with `python -m kca_analysis.curate --rehash`",
            )
    print(
        f"{'all checks hold' if not failures else f'{failures} check(s) failed'}",
        file=out,
    )
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kca check``.

    Parameters
    ----------
    argv
        ``[--no-frictionless]``.

    Returns
    -------
    int
        The exit status of :func:`check_all`.
    """
    parser = argparse.ArgumentParser(prog="kca check", description=__doc__)
    parser.add_argument(
        "--no-frictionless",
        action="store_true",
        help="skip the validation with the frictionless library (faster)",
    )
    args = parser.parse_args(argv)
    return check_all(sys.stdout, use_frictionless=not args.no_frictionless)
