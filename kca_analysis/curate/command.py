"""The command line: build every tidy file, compare it with ``data/external/``, write it.

``python -m kca_analysis.curate [SOURCE_DIR] [--check] [--rehash] [--output-dir DIR]``; see
:mod:`kca_analysis.curate`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kca_analysis.files import atomic_write_bytes
from kca_analysis.paths import EXTERNAL_DATA_DIR, SHARED_DATA_SOURCES

from .common import CurationError, render_csv, validate_rows
from .registry import CROSS_CHECKS, OUTPUTS
from .sources_yml import rehash_sources

DESCRIPTION = "Curate the public source extracts into the tidy files of ``data/external/``."


def build_all(source_dir: Path) -> dict[str, bytes]:
    """Run the cross-checks, then build every file of ``data/external/``.

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
        The folder to compare (``data/external/``).

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
        curated (the error is printed on standard error and nothing is written).
    """
    parser = argparse.ArgumentParser(prog="python -m kca_analysis.curate", description=DESCRIPTION)
    parser.add_argument("source_dir", nargs="?", type=Path, default=SHARED_DATA_SOURCES)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on any diff")
    parser.add_argument("--rehash", action="store_true", help="update sha256 in sources.yml")
    parser.add_argument("--output-dir", type=Path, default=EXTERNAL_DATA_DIR)
    args = parser.parse_args(argv)

    if args.rehash:
        changed = rehash_sources()
        print(
            f"sources.yml: {len(changed)} hash(es) updated" + "".join(f"\n  {k}" for k in changed)
        )
        return 0
    try:
        files = build_all(args.source_dir)
    except CurationError as error:
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
