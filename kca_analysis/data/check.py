"""``kca check``: every data file's checksum and schema, one line per file.

Exit status 0 only when every file listed in ``data/sources.yml`` matches its recorded sha256
and loads through its validating loader, every CSV under ``data/`` is listed, and every
correction's guard holds.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from .. import paths


def check_all(out: TextIO) -> int:
    """Run every check, print one line per file and per correction; return the exit status."""
    from .corrections import load_corrections
    from .guards import evaluate_guard
    from .registry import LOADERS
    from .table1_printed import load_paper_trade_table
    from .validation import DataError, load_sources, verify_checksum

    failures = 0

    def report(ok: bool, name: str, detail: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'}  {name}  {detail}", file=out)

    try:
        sources = load_sources()
    except DataError as error:
        report(False, "data/sources.yml", str(error))
        return 1
    on_disk = {
        paths.relative_to_root(p)
        for p in sorted(paths.DATA_DIR.rglob("*.csv"))
        if ".ipynb_checkpoints" not in p.parts
    }
    for name in sorted(on_disk | set(sources)):
        if name not in sources:
            report(False, name, "not listed in data/sources.yml (no provenance)")
            continue
        path = paths.PROJECT_ROOT / name
        if not path.exists():
            report(False, name, "listed in data/sources.yml but missing")
            continue
        if name not in LOADERS:
            report(False, name, "no loader declares its schema (kca_analysis.data.LOADERS)")
            continue
        try:
            verify_checksum(path)
            frame = LOADERS[name]()
        except (DataError, ValueError) as error:
            report(False, name, str(error))
            continue
        report(True, name, f"sha256 ok, schema ok ({len(frame)} rows)")
    try:
        corrections = load_corrections()
        printed = load_paper_trade_table()
    except (DataError, ValueError) as error:
        report(False, "data/corrections.yml", str(error))
        return 1
    for correction in corrections.values():
        try:
            result = evaluate_guard(correction, printed)
        except (DataError, ValueError) as error:
            report(False, f"correction {correction.id}", str(error))
            continue
        report(result.holds, f"correction {correction.id}", "guard holds: " + result.message)
    print(
        f"{'all checks hold' if not failures else f'{failures} check(s) failed'}",
        file=out,
    )
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kca check``."""
    parser = argparse.ArgumentParser(prog="kca check", description=__doc__)
    parser.parse_args(argv)
    return check_all(sys.stdout)
