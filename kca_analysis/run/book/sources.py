"""What the book reads besides the notebooks: the data catalog, the corrections and their guards,
the benchmark, the lock, the paper's references and the citations.

Each reader returns plain records; the page builders (:mod:`.pages`, :mod:`.readme`) only format
them. Every figure shown comes from a file of the repository (or the paper's text beside it),
never from this code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kca_analysis import paths

BENCHMARK_FILE = paths.PROJECT_ROOT / "benchmarks" / "RESULTS.md"
LOCK_FILE = paths.PROJECT_ROOT / "requirements.lock"
CITATION_FILE = paths.PROJECT_ROOT / "CITATION.cff"

#: The catalog fields the Data page and the README show, in their order, with their labels.
CATALOG_FIELDS = (
    ("producer", "Producer"),
    ("citation", "Citation"),
    ("locator", "Locator"),
    ("licence", "Licence"),
    ("unit_notes", "Unit notes"),
    ("caveats", "Caveats"),
    ("confidence", "Confidence"),
    ("date_read", "Date read"),
    ("sha256", "sha256"),
)


class BookInputError(ValueError):
    """A file the book reads is missing or not in the expected shape; the message says which."""


#: The data catalog: the book reads it through :func:`catalog` only, and names it on its pages.
CATALOG_FILE = paths.CATALOG_FILE


def catalog() -> dict[str, dict[str, Any]]:
    """Return the data catalog: data file (relative to the root) -> its provenance entry.

    The one place the book reads the catalog (``data/datapackage.json``), through the data
    layer's provenance view of it.

    Returns
    -------
    dict
        Path -> entry with ``title`` and the :data:`CATALOG_FIELDS` (those it has), and
        ``derived_from`` (the source files it was made from) for the README.
    """
    from kca_analysis.data.validation import load_sources

    return dict(load_sources(CATALOG_FILE))


@dataclass(frozen=True)
class GuardStatus:
    """One correction of ``data/corrections.yml`` and what its guard says today."""

    id: str
    applies_to: str
    what: str
    why: str
    evidence: tuple[Mapping[str, Any], ...]
    guard_type: str
    status: str  # "holds", "fails" or "not evaluated"
    message: str


def corrections_status() -> list[GuardStatus]:
    """Evaluate the guard of every correction against the file it corrects.

    Returns
    -------
    list of GuardStatus
        In the file's order. A guard that cannot be evaluated (an error while reading the
        file it guards) has status ``"not evaluated"`` and says why.
    """
    from kca_analysis.data import DataError
    from kca_analysis.data.corrections import load_corrections
    from kca_analysis.data.guards import evaluate_guard, guarded_table

    found = []
    for fix in load_corrections().values():
        # The same evaluation as ``kca check``: the guard on the file as published.
        try:
            result = evaluate_guard(fix, guarded_table(fix))
        except DataError as error:  # CorrectionError included
            status, message = "not evaluated", f"{type(error).__name__}: {error}"
        else:
            status, message = ("holds" if result.holds else "fails"), result.message
        found.append(
            GuardStatus(
                id=fix.id,
                applies_to=fix.applies_to,
                what=fix.what,
                why=fix.why,
                evidence=tuple(fix.evidence),
                guard_type=str(fix.guard.get("type", "")),
                status=status,
                message=message,
            )
        )
    return found


@dataclass(frozen=True)
class Benchmark:
    """The measurements of ``benchmarks/RESULTS.md``."""

    machine: str  # "2 CPUs, x86_64, Python 3.11.7"
    load: str  # the load average line, as written
    #: What was timed, as the table writes it (Markdown) -> (label, median seconds, runs).
    timings: dict[str, tuple[str, float, str]] = field(default_factory=dict)

    def seconds(self, command: str) -> float | None:
        """Return the median seconds of ``command`` (e.g. ``"kca run --force"``), if measured.

        Parameters
        ----------
        command
            The command, e.g. ``kca run --force`` (the table writes it as a code span).

        Returns
        -------
        float or None
            ``None`` when the benchmark does not measure it.
        """
        found = self.timings.get(f"`{command}`")
        return found[1] if found else None


_ROW = re.compile(r"^\|\s*([^|]*?)\s*\|\s*([^|]+?)\s*\|\s*([0-9.]+)\s*\|\s*([^|]*?)\s*\|\s*$")


def benchmark(path: Path | None = None) -> Benchmark:
    """Read the machine and the timed commands from ``benchmarks/RESULTS.md``.

    Parameters
    ----------
    path
        The results file (default :data:`BENCHMARK_FILE`).

    Returns
    -------
    Benchmark
        The first ``- machine:`` line, the first load line and every row ``| label | command |
        median | runs |`` of its tables.

    Raises
    ------
    BookInputError
        When the file is missing or has no ``- machine:`` line.
    """
    path = Path(path or BENCHMARK_FILE)
    if not path.is_file():
        raise BookInputError(f"{path}: missing; `make bench` writes it")
    machine = load = ""
    timings: dict[str, tuple[str, float, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        # The first of each: the later sections (the sweeps) say theirs again.
        if line.startswith("- machine:") and not machine:
            machine = line.removeprefix("- machine:").strip()
        elif line.startswith("- load average") and not load:
            load = line.removeprefix("- ").strip()
        elif match := _ROW.match(line):
            label, what, median, runs = match.groups()
            timings[what] = (label, float(median), runs)
    if not machine:
        raise BookInputError(f"{path}: no '- machine:' line (expected the hardware measured on)")
    return Benchmark(machine=machine, load=load, timings=timings)


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def lock_versions(path: Path | None = None) -> dict[str, str]:
    """Return every package pinned in ``requirements.lock`` with its version.

    Parameters
    ----------
    path
        The lock (default :data:`LOCK_FILE`).

    Returns
    -------
    dict
        Package name as written -> version, in the lock's (alphabetical) order.

    Raises
    ------
    BookInputError
        When the file is missing or pins nothing.
    """
    path = Path(path or LOCK_FILE)
    if not path.is_file():
        raise BookInputError(f"{path}: missing")
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _PIN.match(line):
            pins[match.group(1)] = match.group(2)
    if not pins:
        raise BookInputError(f"{path}: no 'name==version' line")
    return pins


@dataclass(frozen=True)
class References:
    """The paper's reference list as the paper's text prints it."""

    source: str  # the file read, relative to the project's parent (shared/paper/...)
    items: tuple[tuple[str, str], ...]  # (number, the entry as printed, Markdown)
    missing: str = ""  # why there are none: the paper's text is not beside the project


_HEADING = re.compile(r"^#+\s*\**\s*References\s*\**\s*$", re.IGNORECASE)
_ITEM = re.compile(r"^\s*-\s*\[(\d+)\]\s*(.+?)\s*$")


def paper_references(path: Path | None = None) -> References:
    """Read the reference list of the paper from its text (the "References" section).

    Only the list is read; nothing else of the paper's text goes into the book.

    Parameters
    ----------
    path
        The paper's text (default :data:`kca_analysis.paths.PAPER_TEXT`).

    Returns
    -------
    References
        Its entries in order; none, with ``missing`` saying why, when the file is absent.

    Raises
    ------
    BookInputError
        When the text has no "References" heading or no ``- [N] ...`` entry under it.
    """
    path = Path(path or paths.PAPER_TEXT)
    source = _beside_project(path)
    if not path.is_file():
        return References(source, (), missing=f"{source} is not beside the project")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if _HEADING.match(line.strip())), None)
    if start is None:
        raise BookInputError(f"{path}: no 'References' heading")
    items = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if match := _ITEM.match(line):
            items.append((match.group(1), match.group(2)))
    if not items:
        raise BookInputError(f"{path}: no '- [N] ...' entry under the 'References' heading")
    return References(source, tuple(items))


def _beside_project(path: Path) -> str:
    """``shared/paper/...`` for a file beside the project; else its name (no absolute path)."""
    try:
        return path.relative_to(paths.PROJECT_ROOT.parent).as_posix()
    except ValueError:
        return path.name


def citations(path: Path | None = None) -> dict[str, str]:
    """Return the paper's citation and the collection's, as ``CITATION.cff`` gives them.

    Parameters
    ----------
    path
        The citation file (default :data:`CITATION_FILE`).

    Returns
    -------
    dict
        ``paper``: the first reference of type ``article``; ``collection``: the preferred
        citation; ``notes``: the notes on the paper's reference (each Markdown text).

    Raises
    ------
    BookInputError
        When the file is missing, or has no article reference or no preferred citation.
    """
    import yaml

    path = Path(path or CITATION_FILE)
    if not path.is_file():
        raise BookInputError(f"{path}: missing")
    cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    article = next((r for r in cff.get("references", []) if r.get("type") == "article"), None)
    preferred = cff.get("preferred-citation")
    if article is None or preferred is None:
        raise BookInputError(
            f"{path}: expected a reference of type 'article' (the paper) and a "
            "'preferred-citation' (the collection)"
        )
    return {
        "paper": _cite(article),
        "collection": _cite(preferred),
        "notes": " ".join(str(article.get("notes", "")).split()),
    }


def _cite(entry: Mapping[str, Any]) -> str:
    """``Authors (affiliation). *Title*. Version v.`` from a CFF entry's own fields."""
    names = []
    for author in entry.get("authors", []):
        name = author.get("name") or " ".join(
            p for p in (author.get("given-names"), author.get("family-names")) if p
        )
        if author.get("affiliation"):
            name += f" ({author['affiliation']})"
        names.append(name)
    text = f"{', '.join(names)}. *{entry.get('title', '')}*."
    if entry.get("version"):
        text += f" Version {entry['version']}."
    return text
