"""The command line: build every tidy file, compare it with ``data/curated/``, write it.

``python -m kca_analysis.curate [SOURCE_DIR] [--check] [--rehash] [--output-dir DIR]``; see
:mod:`kca_analysis.curate`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kca_analysis.data.catalog import load_catalog
from kca_analysis.data.readme import write_readme
from kca_analysis.data.schema import ChecksumError
from kca_analysis.data.sources_file import write_sources_file
from kca_analysis.files import atomic_write_bytes, sha256_file
from kca_analysis.paths import CURATED_DATA_DIR, RAW_DATA_DIR

from .common import CurationError, render_csv, validate_rows
from .registry import CROSS_CHECKS, OUTPUTS, RAW_FILES
from .rehash import rehash_sources

DESCRIPTION = "Curate the raw extracts of data/raw/ into the tidy files of data/curated/."


def build_all(source_dir: Path) -> dict[str, bytes]:
    """Run the cross-checks, then build every file of ``data/curated/``.

    Parameters
    ----------
    source_dir
        Folder holding the shared extracts.

    Returns
    -------
    dict
        File name -> the exact bytes to write.

    Raises
    ------
    CurationError
        If a cross-check fails or a source does not have the expected shape.
    """
    source_dir = Path(source_dir)
    for check in CROSS_CHECKS:
        check(source_dir)
    files = {}
    for name, output in OUTPUTS.items():
        rows = output.build(source_dir)
        validate_rows(name, output.columns, rows)
        files[name] = render_csv(output.columns, rows)
    return files


def differences(files: dict[str, bytes], output_dir: Path) -> list[str]:
    """List how ``output_dir`` differs from ``files``.

    Parameters
    ----------
    files
        File name -> the bytes curation would write.
    output_dir
        The folder to compare (``data/curated/``).

    Returns
    -------
    list of str
        One line per missing, differing or unexpected CSV file; empty when they agree.
    """
    found = []
    for name, data in files.items():
        path = output_dir / name
        if not path.is_file():
            found.append(f"{name}: missing")
        elif path.read_bytes() != data:
            found.append(f"{name}: differs from what would be written")
    for path in sorted(output_dir.glob("*.csv")):
        if path.name not in files:
            found.append(f"{path.name}: unexpected (not produced by curate)")
    return found


def verify_raw_files(source_dir: Path) -> None:
    """Check the extracts curation reads against the sha256 the catalog records.

    Raw files are never edited: a changed byte is an error, not a new version.

    Parameters
    ----------
    source_dir
        The folder of the extracts (``data/raw/``).

    Raises
    ------
    ChecksumError
        Naming the file and both hashes.
    """
    catalog = load_catalog()
    for raw in RAW_FILES:
        entry = catalog.resource(raw.name.removesuffix(".csv"))
        path = Path(source_dir) / raw.name
        if path.is_file() and sha256_file(path) != entry.sha256:
            raise ChecksumError(
                f"the raw extract differs from the sha256 data/datapackage.json records "
                f"({entry.sha256}); raw files are never edited",
                file=path,
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m kca_analysis.curate``.

    Parameters
    ----------
    argv
        The command-line arguments (default: ``sys.argv[1:]``): ``[SOURCE_DIR] [--check]
        [--rehash] [--output-dir DIR]``.

    Returns
    -------
    int
        0 on success; 1 when ``--check`` finds a difference; 2 when a source cannot be
        curated or a raw extract of ``data/raw/`` changed (the error is printed on standard
        error and nothing is written).
    """
    parser = argparse.ArgumentParser(prog="python -m kca_analysis.curate", description=DESCRIPTION)
    parser.add_argument("source_dir", nargs="?", type=Path, default=RAW_DATA_DIR)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on any diff")
    parser.add_argument(
        "--rehash",
        action="store_true",
        help="record the sha256 of every data file in data/datapackage.json and rewrite "
        "data/README.md from it",
    )
    parser.add_argument("--output-dir", type=Path, default=CURATED_DATA_DIR)
    args = parser.parse_args(argv)

    if args.rehash:
        changed = rehash_sources()
        print(
            f"datapackage.json: {len(changed)} hash(es) updated"
            + "".join(f"\n  {k}" for k in changed)
        )
        if write_readme():
            print("wrote data/README.md")
        if write_sources_file():
            print("wrote data/sources.yml")
        return 0
    try:
        if Path(args.source_dir).resolve() == RAW_DATA_DIR.resolve():
            verify_raw_files(args.source_dir)
        files = build_all(args.source_dir)
    except (CurationError, ChecksumError) as error:
        print(f"curate: {error}", file=sys.stderr)
        return 2
    if args.check:
        found = differences(files, args.output_dir)
        for line in found:
            print(line)
        return 1 if found else 0
    for name, data in files.items():
        path = args.output_dir / name
        if not path.is_file() or path.read_bytes() != data:
            atomic_write_bytes(path, data)
            print(f"wrote {path}")
    for line in differences(files, args.output_dir):
        print(f"warning: {line}", file=sys.stderr)
    return 0
