"""Curate the public source extracts into the tidy files of ``data/external/``.

Usage::

    python -m kca_analysis.curate [SOURCE_DIR] [--check] [--rehash] [--output-dir DIR]

``SOURCE_DIR`` defaults to ``../shared/data-sources`` beside the project root. Without options
the script (re)writes every file of ``data/external/``; ``--check`` writes nothing and exits 1
listing each file that differs from what would be written; ``--rehash`` rewrites the
``sha256:`` values of ``data/sources.yml`` for the data files that exist.

The script is pure and deterministic: it reads the raw extracts with the :mod:`csv` module,
keeps every number as the source text (never round-tripped through ``float``), sorts rows in a
stated order (see each ``build_*`` function), and writes UTF-8 with ``\\n`` line endings through
a temporary file and :func:`os.replace`. Before writing anything it cross-checks sources that
must agree and raises :class:`CrossCheckError` when they do not.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kca_analysis.files import atomic_write_bytes, sha256_file
from kca_analysis.paths import EXTERNAL_DATA_DIR, PROJECT_ROOT, SHARED_DATA_SOURCES, SOURCES_FILE

from . import (
    bilateral_summit_counts,
    cow_trade,
    diplomatic_events,
    ethnic_korean_population,
    forum_meetings,
    imf_dots_trade,
    oda_dac2a,
    oda_facts,
    oda_korea_recipients,
    oda_wdi_kazakhstan,
    press_trade,
    trade_unit_evidence,
    wdi_korea_totals,
)
from .common import (
    CONFIDENCE_LABELS,
    ISO3_NAMES,
    UNITS,
    CrossCheckError,
    CurationError,
    RawFile,
    Row,
    SourceFormatError,
    check_unique,
    columns,
    read_source,
    render_csv,
    to_decimal,
    validate_rows,
)

__all__ = [
    "CONFIDENCE_LABELS",
    "CROSS_CHECKS",
    "OUTPUTS",
    "UNITS",
    "CrossCheckError",
    "CurationError",
    "SourceFormatError",
    "build_all",
    "main",
    "rehash_sources",
]

# Locators as recorded in each .source.txt (repository@commit:path).
WB_GDP_CSV = "github.com/datasets/gdp@1cdcd2eb2364edd9da24bcbe134c1a9e0fb4c693:data/gdp.csv"
WB_POP_CSV = (
    "github.com/datasets/population@425fc447a53a26c767a15a7de60c4cc2478a0595:data/population.csv"
)


# --------------------------------------------------------------------------------------------
# GDP and population
# --------------------------------------------------------------------------------------------

WB_HEADER = ("Country Name", "Country Code", "Year", "Value")
WB_GDP = RawFile("wb_gdp.csv", WB_HEADER)
WB_POPULATION = RawFile("wb_population.csv", WB_HEADER)


def build_wb_series(
    source_dir: Path, raw: RawFile, locator: str, indicator: str, unit: str
) -> list[Row]:
    """One WDI series for the five and Korea, sorted by ISO3 code and year."""
    name = raw.name
    out = []
    for row in read_source(source_dir, raw):
        where = f"{name} {row['Country Code']} {row['Year']}"
        if row["Country Code"] not in ISO3_NAMES:
            raise SourceFormatError(f"{where}: unexpected country code")
        to_decimal(row["Value"], where)
        out.append(
            {
                "iso3": row["Country Code"],
                "country": ISO3_NAMES[row["Country Code"]],
                "year": row["Year"],
                "value": row["Value"],
                "unit": unit,
                "source": (
                    f"World Bank WDI {indicator} via {locator} row Country Code="
                    f"{row['Country Code']}, Year={row['Year']}"
                ),
                "confidence": "official",
            }
        )
    out.sort(key=lambda r: (r["iso3"], int(r["year"])))
    check_unique(out, ("iso3", "year"), name)
    return out


# --------------------------------------------------------------------------------------------
# The outputs, their columns and the cross-checks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """One file of ``data/external/``: its columns and the function that builds its rows."""

    columns: tuple[str, ...]
    build: Callable[[Path], list[Row]]


def _wb_gdp(source_dir: Path) -> list[Row]:
    return build_wb_series(source_dir, WB_GDP, WB_GDP_CSV, "NY.GDP.MKTP.CD", "USD")


def _wb_population(source_dir: Path) -> list[Row]:
    return build_wb_series(source_dir, WB_POPULATION, WB_POP_CSV, "SP.POP.TOTL", "persons")


OUTPUTS: dict[str, Output] = {
    "cow_trade_1992_2014.csv": Output(
        cow_trade.TIDY.columns,
        cow_trade.build,
    ),
    "imf_dots_trade_2010_2020.csv": Output(
        imf_dots_trade.TIDY.columns,
        imf_dots_trade.build,
    ),
    "press_trade_2015_2023.csv": Output(
        press_trade.TIDY.columns,
        press_trade.build,
    ),
    "trade_unit_evidence.csv": Output(
        trade_unit_evidence.TIDY.columns,
        trade_unit_evidence.build,
    ),
    "wdi_korea_totals_1992_2023.csv": Output(
        wdi_korea_totals.TIDY.columns,
        wdi_korea_totals.build,
    ),
    "forum_meetings.csv": Output(
        forum_meetings.TIDY.columns,
        forum_meetings.build,
    ),
    "diplomatic_events.csv": Output(
        diplomatic_events.TIDY.columns,
        diplomatic_events.build,
    ),
    "bilateral_summit_counts.csv": Output(
        bilateral_summit_counts.TIDY.columns,
        bilateral_summit_counts.build,
    ),
    "ethnic_korean_population.csv": Output(
        ethnic_korean_population.TIDY.columns,
        ethnic_korean_population.build,
    ),
    "oda_dac2a_2002_2019.csv": Output(
        oda_dac2a.TIDY.columns,
        oda_dac2a.build,
    ),
    "oda_wdi_kazakhstan_1992_2023.csv": Output(
        oda_wdi_kazakhstan.TIDY.columns,
        oda_wdi_kazakhstan.build,
    ),
    "oda_korea_recipients_2009_2010.csv": Output(
        oda_korea_recipients.TIDY.columns,
        oda_korea_recipients.build,
    ),
    "oda_facts.csv": Output(
        oda_facts.TIDY.columns,
        oda_facts.build,
    ),
    "gdp_wdi.csv": Output(
        columns("iso3 country year value unit source confidence"),
        _wb_gdp,
    ),
    "population_wdi.csv": Output(
        columns("iso3 country year value unit source confidence"),
        _wb_population,
    ),
}

CROSS_CHECKS: tuple[Callable[[Path], None], ...] = (
    *cow_trade.CROSS_CHECKS,
    *oda_dac2a.CROSS_CHECKS,
    *oda_wdi_kazakhstan.CROSS_CHECKS,
    *oda_korea_recipients.CROSS_CHECKS,
)


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
    """List how ``output_dir`` differs from ``files`` (missing, differing, unexpected CSVs)."""
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


# --------------------------------------------------------------------------------------------
# sources.yml checksums
# --------------------------------------------------------------------------------------------

_ENTRY = re.compile(r"^  (?P<key>[^\s#][^:]*):\s*(?:#.*)?$")
_SHA = re.compile(r"^(?P<head>    sha256:[ \t]*)(?P<value>[^\s#]+)(?P<tail>.*)$")


def rehash_sources(sources_file: Path = SOURCES_FILE, root: Path = PROJECT_ROOT) -> list[str]:
    """Rewrite the ``sha256:`` value of each entry of ``sources.yml`` whose file exists.

    The edit is text-level so that comments, order and layout are preserved; only the
    entry-level ``sha256:`` line (four spaces of indent) is touched, never the hashes of
    ``derived_from`` (those describe the shared source files, checked separately).

    Parameters
    ----------
    sources_file
        The ``sources.yml`` to update in place (atomically, and only if something changed).
    root
        The folder the entry keys (``data/...``) are relative to.

    Returns
    -------
    list of str
        The keys whose hash changed.
    """
    lines = Path(sources_file).read_text(encoding="utf-8").splitlines(keepends=True)
    changed, key = [], None
    for i, line in enumerate(lines):
        entry = _ENTRY.match(line)
        if entry:
            key = entry.group("key").strip().strip("'\"")
            continue
        sha = _SHA.match(line)
        if sha and key and (Path(root) / key).is_file():
            digest = sha256_file(Path(root) / key)
            if sha.group("value") != digest:
                lines[i] = f"{sha.group('head')}{digest}{sha.group('tail')}"
                if not lines[i].endswith("\n") and line.endswith("\n"):
                    lines[i] += "\n"
                changed.append(key)
    if changed:
        atomic_write_bytes(Path(sources_file), "".join(lines).encode("utf-8"))
    return changed


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m kca_analysis.curate``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m kca_analysis.curate", description=__doc__.split("\n\n")[0]
    )
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
