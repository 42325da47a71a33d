"""The generated sections of ``README.md``: data availability, computational requirements and the
list of exhibits, from the same files the book reads (the data catalog, the benchmark, the lock
and ``outputs/manifest.json``).

Each section sits between two markers in the README::

    <!-- generated: exhibits (python -m kca_analysis.run.book.readme) -->
    ...
    <!-- end generated: exhibits -->

``python -m kca_analysis.run.book.readme`` rewrites them; ``--check`` only says which are stale
(a test does the same, so the README cannot drift from the manifest).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kca_analysis import paths

from . import pages, sources
from .exhibits import exhibits

README = paths.PROJECT_ROOT / "README.md"
MANIFEST = paths.OUTPUTS_DIR / "manifest.json"
COMMAND = "python -m kca_analysis.run.book.readme"


def data_availability(catalog: Mapping[str, Mapping[str, Any]]) -> str:
    """A table of every data file: its source, licence and what of it is in the repository.

    Parameters
    ----------
    catalog
        :func:`~.sources.catalog`.

    Returns
    -------
    str
        Markdown.
    """
    lines = [
        "| data file | source (producer) | licence | in the repository |",
        "|---|---|---|---|",
    ]
    for path, entry in catalog.items():
        made_from = [d.get("file", "") for d in entry.get("derived_from", [])]
        inside = [f"`{m}`" for m in made_from if m.startswith("data/")]
        outside = [f"`{_shared(m)}`" for m in made_from if not m.startswith("data/")]
        where = "yes"
        if inside:
            where += f"; made from {', '.join(inside)} (in the repository)"
        if outside:
            where += f"; transcribed from {', '.join(outside)}, beside the repository, not in it"
        lines.append(
            f"| `{path}` | {_cell(entry.get('producer', ''))} | "
            f"{_cell(entry.get('licence', ''))} | {where} |"
        )
    return "\n".join(lines)


def _shared(file: str) -> str:
    """A ``derived_from`` file outside the repository as a path from its parent (``shared/...``)."""
    return file.removeprefix("../")


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def requirements(
    bench: sources.Benchmark, lock: Mapping[str, str], packages: Mapping[str, str]
) -> str:
    """The software, the measured runtimes and the hardware they were measured on.

    Parameters
    ----------
    bench
        :func:`~.sources.benchmark`.
    lock
        :func:`~.sources.lock_versions`.
    packages
        The manifest's ``packages``.

    Returns
    -------
    str
        Markdown.
    """
    lines = [
        f"- Software: Python {packages.get('python', '?')} and the {len(lock)} packages pinned "
        "with their hashes in `requirements.lock` (`make` installs exactly those into `.venv/`; "
        "`environment.yml` gives conda users the same versions).",
        f"- Hardware of the measurements: {bench.machine}.",
    ]
    for command, what in pages.TIMED_COMMANDS.items():
        seconds = bench.seconds(command)
        lines.append(
            f"- `{command}`: "
            + (
                f"{seconds:g} s (median of the runs in `benchmarks/RESULTS.md`); {what}."
                if seconds is not None
                else "not timed by `make bench` (`benchmarks/RESULTS.md` has no row for it)."
            )
        )
    return "\n".join(lines)


def exhibit_list(manifest: Mapping[str, Any]) -> str:
    """Every figure and table with the program that makes it, from the manifest.

    Parameters
    ----------
    manifest
        ``outputs/manifest.json``.

    Returns
    -------
    str
        Markdown: one row per figure (PNG and SVG) or table.
    """
    runs = manifest.get("runs", {})
    lines = ["| exhibit | program | run | output files |", "|---|---|---|---|"]
    for exhibit in exhibits(manifest):
        record = runs.get(exhibit.run_id, {})
        program = record.get("notebook") or record.get("step") or exhibit.notebook
        files = ", ".join(f"`outputs/{f}`" for f in exhibit.files)
        lines.append(
            f"| {exhibit.kind} `{exhibit.stem}` | `{program}` | `{exhibit.run_id}` | {files} |"
        )
    return "\n".join(lines)


def sections(manifest: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Return every generated section of the README, by name, from the repository's files.

    Parameters
    ----------
    manifest
        The manifest (default: ``outputs/manifest.json``).

    Returns
    -------
    dict
        Name -> Markdown.
    """
    if manifest is None:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    builders: dict[str, Callable[[], str]] = {
        "data-availability": lambda: data_availability(sources.catalog()),
        "requirements": lambda: requirements(
            sources.benchmark(), sources.lock_versions(), manifest.get("packages", {})
        ),
        "exhibits": lambda: exhibit_list(manifest),
    }
    return {name: build() for name, build in builders.items()}


def _block(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated: {re.escape(name)} [^\n]*-->\n)(.*?)(<!-- end generated: "
        rf"{re.escape(name)} -->)",
        re.DOTALL,
    )


def replace_sections(text: str, generated: Mapping[str, str]) -> str:
    """Return ``text`` (the README) with each generated section replaced.

    Parameters
    ----------
    text
        The README.
    generated
        Name -> Markdown (:func:`sections`).

    Returns
    -------
    str
        The new README.

    Raises
    ------
    ValueError
        When the README lacks the markers of a section.
    """
    for name, body in generated.items():
        pattern = _block(name)
        if not pattern.search(text):
            raise ValueError(
                f"README.md has no generated section {name!r}: expected the lines "
                f"'<!-- generated: {name} ({COMMAND}) -->' and '<!-- end generated: {name} -->'"
            )
        text = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(3), text)
    return text


def stale_sections(text: str, generated: Mapping[str, str]) -> list[str]:
    """Return the names of the sections of ``text`` that differ from ``generated``.

    Parameters
    ----------
    text
        The README.
    generated
        Name -> Markdown (:func:`sections`).

    Returns
    -------
    list of str
        Stale or missing sections, in ``generated``'s order.
    """
    found = []
    for name, body in generated.items():
        match = _block(name).search(text)
        if match is None or match.group(2) != body + "\n":
            found.append(name)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the README's generated sections, or with ``--check`` list the stale ones.

    Parameters
    ----------
    argv
        Command-line arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0, or 1 when ``--check`` finds a stale section.
    """
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    generated = sections()
    if args.check:
        stale = stale_sections(text, generated)
        for name in stale:
            print(f"{args.readme}: section {name!r} is stale; run `{COMMAND}`")
        return 1 if stale else 0
    args.readme.write_text(replace_sections(text, generated), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
