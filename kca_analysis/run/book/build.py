"""Build the book: write its sources, run Sphinx on them, add the files to download, swap it in.

:func:`publish` is what ``kca run`` calls after committing the outputs. The book is built in
the run's staging folder by one child process (:func:`main`): it writes the sources (each
executed notebook as its page, :mod:`.notebook`, and the pages of :mod:`.pages`), runs Sphinx
with the configuration of ``conf.py`` beside this module (MyST-NB renders the stored outputs and
executes nothing), and copies the exhibits and the executed notebooks beside the pages; the new
site then replaces ``outputs/site/`` in one rename. :func:`is_stale` says when it must be rebuilt:
:func:`book_key` covers every file the book reads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kca_analysis import paths
from kca_analysis.files import atomic_write_text, sha256_bytes, sha256_file

from ..errors import PipelineError
from ..fingerprint import Hasher, canonical
from ..staging import swap_dir
from . import pages, sources
from .entries import Entry, entries_of
from .exhibits import exhibits, place
from .notebook import Page, page_notebook, sanitize

CACHE_DIR_NAME = ".cache"
CACHE_NAME = "book.json"
#: In the work folder: the manifest handed to the child process, and Sphinx's warnings.
MANIFEST_COPY = "manifest.json"
WARNINGS_NAME = "sphinx-warnings.txt"
#: The Sphinx configuration (``conf.py``) and the book's CSS (``static/``).
CONF_DIR = Path(__file__).resolve().parent
#: Files of the repository the book reads besides the data and the manifest.
READ_FILES = ("CITATION.cff", "benchmarks/RESULTS.md", "requirements.lock")
#: What Sphinx writes that the book does not need (build state, an inventory for other docs).
NOT_SHIPPED = (".buildinfo", "objects.inv", "_sources")


class BookError(PipelineError):
    """The book could not be built; the outputs committed before are kept."""


def write_sources(root: Path, manifest: Mapping[str, Any], src: Path, files: Path) -> list[Entry]:
    """Write the book's MyST sources into ``src`` and its executed notebooks into ``files``.

    Parameters
    ----------
    root
        The outputs folder (executed notebooks under ``notebooks/``).
    manifest
        The main manifest.
    src
        A new folder for the pages.
    files
        A new folder for the downloadable notebooks (``files/notebooks/<run id>.ipynb``).

    Returns
    -------
    list of Entry
        The notebook pages, in reading order.

    Raises
    ------
    BookError
        When an executed notebook of the manifest is missing.
    BookInputError
        When a file the pages read (benchmark, lock, citation, paper) is missing or malformed.
    """
    import nbformat

    entries = entries_of(root, manifest)
    shown = exhibits(manifest)
    placements = {}
    for entry in entries:
        if not entry.executed.is_file():
            raise BookError(
                f"{entry.executed}: the executed notebook of run {entry.run_id!r} is missing; "
                f"run `kca run {entry.name} --force` to execute it again"
            )
        nb = nbformat.read(entry.executed, as_version=4)
        mine = [x for x in shown if x.run_id == entry.run_id]
        placements[entry.run_id] = place(nb, mine)
        page = Page(
            entry.run_id, entry.page_title, entry.parameters, mine, placements[entry.run_id]
        )
        _write(src / f"{entry.run_id}.ipynb", nbformat.writes(page_notebook(nb, page)))
        _write(files / page.notebook_file, nbformat.writes(sanitize(nb)))
    cited = sources.citations()
    catalog = sources.catalog()
    described = pages.described_files(catalog)
    runs = manifest.get("runs", {})
    texts = {
        "index": pages.index_page(entries, cited["paper"]),
        "exhibits": pages.exhibits_page(shown, entries, placements, runs, described),
        "data": pages.data_page(catalog, sources.corrections_status()),
        "references": pages.references_page(sources.paper_references(), cited),
        "reproduce": pages.reproduce_page(
            sources.benchmark(), sources.lock_versions(), manifest.get("packages", {})
        ),
    }
    for name, text in texts.items():
        _write(src / f"{name}.md", text)
    return entries


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def build_book(root: Path, manifest: Mapping[str, Any], site: Path, work: Path) -> list[str]:
    """Build the whole book into ``site`` (a new folder), in a child process.

    The child (``python -m kca_analysis.run.book``, :func:`main`) writes the sources, runs
    Sphinx and copies the files to download; this process keeps no state of Sphinx's and
    imports neither Sphinx nor the data layer.

    Parameters
    ----------
    root
        The outputs folder: executed notebooks, figures and tables are read from it.
    manifest
        The main manifest.
    site
        Where the book goes; must not exist.
    work
        A scratch folder (sources, Sphinx's state, the warnings); MyST-NB also writes beside
        ``site``.

    Returns
    -------
    list of str
        Sphinx's warnings (none when the book is whole).

    Raises
    ------
    BookError
        When a notebook is missing or Sphinx fails; the message holds the end of the output.
    """
    work.mkdir(parents=True, exist_ok=True)
    (work / MANIFEST_COPY).write_text(json.dumps(manifest), encoding="utf-8")
    command = [sys.executable, "-m", "kca_analysis.run.book", str(root), str(work), str(site)]
    # A new session: Ctrl-C in the terminal reaches kca run, which lets the book it is building
    # finish (staging.deferred_interrupts) rather than leaving Sphinx half done.
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        start_new_session=True,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-20:])
        raise BookError(f"the book could not be built (work folder {work}):\n{tail}")
    warnings = work / WARNINGS_NAME
    text = warnings.read_text(encoding="utf-8") if warnings.is_file() else ""
    src = f"{work / 'src'}{os.sep}"
    return [line.replace(src, "") for line in text.splitlines() if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    """Build the book in this process: ``python -m kca_analysis.run.book ROOT WORK SITE``.

    Reads the manifest :func:`build_book` left in ``WORK``, writes the sources, runs Sphinx
    (its warnings go to ``WORK/sphinx-warnings.txt``), then removes what the book does not
    ship and copies the executed notebooks and every output beside the pages.

    Parameters
    ----------
    argv
        ``[root, work, site]`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when the book was built; Sphinx's exit status when it failed; 2 when an input is
        missing or malformed (the message, on stderr, says which).
    """
    from .. import lean  # noqa: F401 - before nbformat: jsonschema without rfc3987-syntax

    # isort: split
    from sphinx.cmd.build import build_main

    root, work, site = (Path(a) for a in (argv if argv is not None else sys.argv[1:]))
    manifest = json.loads((work / MANIFEST_COPY).read_text(encoding="utf-8"))
    src, files = work / "src", work / "files"
    try:
        write_sources(root, manifest, src, files)
    except (BookError, sources.BookInputError) as error:
        print(f"kca run: {error}", file=sys.stderr)
        return 2
    status = build_main(
        [
            *("-b", "html", "-E", "-a", "-q"),
            *("-c", str(CONF_DIR), "-d", str(work / "doctrees"), "-w", str(work / WARNINGS_NAME)),
            str(src),
            str(site),
        ]
    )
    if status != 0:
        return status
    for name in NOT_SHIPPED:
        target = site / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    if files.is_dir():  # a book of no executed notebook has no downloads of its own
        shutil.copytree(files, site, dirs_exist_ok=True)
    for output in sorted(manifest.get("outputs", {})):
        target = site / output
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / output, target)
    return 0


def book_key(
    root: Path, manifest: Mapping[str, Any], shown: dict[str, str] | None = None
) -> dict[str, Any]:
    """Return what the book depends on, as checksums (equal keys build equal books).

    Parameters
    ----------
    root
        The outputs folder.
    manifest
        The main manifest.
    shown
        Known :func:`shown_sha256` values, by the executed file's sha256; replaced in place by
        those of the notebooks read now.

    Returns
    -------
    dict
        For every executed notebook what its page shows (:func:`shown_sha256`), and the sha256
        of the whole manifest (titles, parameters, outputs and their checksums, packages: what
        the pages say of each run), every data file, the files of :data:`READ_FILES`, the
        paper's text, the book's static files, and the library's source with the lock
        (:meth:`~kca_analysis.run.fingerprint.Hasher.library`).
    """
    hasher = Hasher(paths.PROJECT_ROOT)
    shown = {} if shown is None else shown
    used: dict[str, str] = {}
    executed = {
        run_id: _shown(root / record["executed"], shown, used)
        for run_id, record in sorted(manifest.get("runs", {}).items())
        if record.get("kind") == "notebook" and "executed" in record
    }
    shown.clear()
    shown.update(used)
    read = [*hasher.data_files(), *READ_FILES]
    static = sorted(p for p in (CONF_DIR / "static").rglob("*") if p.is_file())
    return {
        "executed": executed,
        "manifest": sha256_bytes(canonical(dict(manifest)).encode()),
        "files": {f: hasher.file(f) for f in read},
        "paper": _sha(paths.PAPER_TEXT),
        "static": {p.relative_to(CONF_DIR).as_posix(): sha256_file(p) for p in static},
        "library": hasher.library(),
    }


def _sha(path: Path) -> str:
    return sha256_file(path) if path.is_file() else "missing"


def shown_sha256(data: bytes) -> str:
    """Return the sha256 of what the book takes from an executed notebook's bytes.

    The book reads an executed notebook only through :func:`~.notebook.sanitize` (its pages,
    its downloads, where each exhibit is shown), so two executions that differ only in their
    timings, cell ids or memory addresses give the same page, and the same checksum here.

    Parameters
    ----------
    data
        The executed notebook's file.

    Returns
    -------
    str
        A hex sha256 (of the file's bytes, when it is not a JSON notebook).
    """
    try:
        nb = json.loads(data)
    except ValueError:
        return sha256_bytes(data)
    return sha256_bytes(json.dumps(sanitize(nb), sort_keys=True).encode())


def _shown(path: Path, known: Mapping[str, str], used: dict[str, str]) -> str:
    """:func:`shown_sha256` of a file, looked up in ``known`` by the file's sha256 first."""
    if not path.is_file():
        return "missing"
    data = path.read_bytes()
    raw = sha256_bytes(data)
    used[raw] = known[raw] if raw in known else shown_sha256(data)
    return used[raw]


def is_stale(root: Path, manifest: Mapping[str, Any], executing_defaults: bool) -> bool:
    """Return whether ``outputs/site/`` must be rebuilt.

    Parameters
    ----------
    root
        The outputs folder.
    manifest
        The main manifest as it is (or will be) after this run.
    executing_defaults
        A default run is executed now (before it runs, its page is taken to change).

    Returns
    -------
    bool
        True when the book was built from other inputs, or is missing. When it was built from
        the same ones (notebooks executed again show the same pages: :func:`shown_sha256`),
        the record learns the new executions' checksums, so the next check only hashes files.
    """
    if executing_defaults:
        return True
    try:
        recorded = json.loads((root / CACHE_DIR_NAME / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    site = root / "site" / "index.html"
    shown = dict(recorded.get("shown") or {})
    stale = recorded.get("key") != book_key(root, manifest, shown) or not site.is_file()
    if not stale and shown != recorded.get("shown"):
        # Executed again, the same pages: remember it, so that the next check only hashes.
        recorded["shown"] = shown
        atomic_write_text(root / CACHE_DIR_NAME / CACHE_NAME, json.dumps(recorded, indent=1) + "\n")
    return stale


def publish(root: Path, staging: Path, manifest: Mapping[str, Any]) -> list[str]:
    """Build the book in the staging folder and swap it in as ``<root>/site``.

    Parameters
    ----------
    root
        The outputs folder.
    staging
        The run's staging folder (the book is built in ``<staging>/book`` first).
    manifest
        The main manifest after this run.

    Returns
    -------
    list of str
        Sphinx's warnings, each as ``"book: ..."`` (also kept in ``.cache/book.json``).

    Raises
    ------
    BookError
        When the book cannot be built; ``outputs/site/`` is then left as it was.
    """
    work = staging / "book"
    new_site = work / "site"
    warnings = build_book(root, manifest, new_site, work)
    swap_dir(new_site, root / "site")
    shown: dict[str, str] = {}
    record = {"key": book_key(root, manifest, shown), "shown": shown, "warnings": warnings}
    atomic_write_text(root / CACHE_DIR_NAME / CACHE_NAME, json.dumps(record, indent=1) + "\n")
    return [f"book: {warning}" for warning in warnings]
