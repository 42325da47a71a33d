"""Figures a run may copy instead of drawing: what this machine drew, and for which fingerprint.

Drawing the SVG and PNG of the figures is most of a kernel's time. Same notebook, library,
lock, Python, data and parameters (one fingerprint, :mod:`.fingerprint`) give the same bytes,
so a forced run of an unchanged notebook need not draw its figures again: after every commit,
``outputs/.cache/figures.json`` (not in git) records each figure file a run wrote on this
machine with the run's fingerprint and the file's sha256; a later run with the same
fingerprint hands its kernel the list of those files (:func:`reusable`,
:func:`write_reuse_list`), and the kernel copies a file instead of drawing it only if its bytes
still have that checksum (:mod:`kca_analysis.figures.reuse`). What the cache may know is only
what the fingerprint proves: a changed input changes the fingerprint and every figure of the
run is drawn; a fresh clone has no cache, so its first run draws everything; a file saved twice
by one run is never listed. ``KCA_REUSE_FIGURES=0`` draws every figure.

The kernel logs every figure file it saves (format, seconds, whether copied, sha256):
:func:`read_log` gives those lines, :func:`phases` their totals for the run log.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kca_analysis.files import atomic_write_text

if TYPE_CHECKING:
    from .plan import Job
    from .tasks import Result

#: The cache, relative to the outputs folder.
CACHE_FILE = ".cache/figures.json"
#: In a job's staging folder: the list handed to the kernel, and the kernel's log.
REUSE_LIST = "figure-reuse.json"
LOG_FILE = "figures.jsonl"
#: Kernel environment variables, as :mod:`kca_analysis.figures.reuse` reads them (the runner
#: does not import the figures layer).
REUSE_ENV = "KCA_FIGURE_REUSE"
LOG_ENV = "KCA_FIGURE_LOG"
#: Set to ``0`` to draw every figure (no list is handed to the kernels).
SWITCH_ENV = "KCA_REUSE_FIGURES"
FORMAT = 1
FIGURE_SUFFIXES = (".svg", ".png")


def enabled() -> bool:
    """Return whether figures may be copied (``KCA_REUSE_FIGURES`` is not ``0``).

    Returns
    -------
    bool
        True unless switched off.
    """
    return os.environ.get(SWITCH_ENV, "1").strip().lower() not in ("0", "no", "false", "off")


def _machine() -> str:
    """What else the bytes depend on that no fingerprint records: the platform."""
    return f"{sys.platform}-{platform.machine()}"


def load(root: Path) -> dict[str, dict[str, str]]:
    """Return the cache of the outputs folder ``root``: file -> fingerprint, sha256, run.

    Parameters
    ----------
    root
        The outputs folder.

    Returns
    -------
    dict
        Path relative to ``root`` -> ``{"fingerprint", "sha256", "run"}``; empty when there is
        no cache, it is unreadable, of another format or written on another platform.
    """
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    if data.get("machine") != _machine() or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _key(job: Job, relative: str) -> str:
    return f"{job.folder}/{relative}" if job.folder else relative


def reusable(job: Job, root: Path, cache: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """Return the figure files of ``job`` its kernel may copy: drawn here, same fingerprint.

    Parameters
    ----------
    job
        A notebook job about to be executed.
    root
        The outputs folder.
    cache
        :func:`load`.

    Returns
    -------
    dict
        ``"figures/<name>.<format>"`` (relative to the job's outputs folder) ->
        ``{"path": absolute file, "sha256": hex}``; the kernel checks the bytes it reads.
    """
    if job.kind != "notebook" or not job.fingerprint:
        return {}
    prefix = _key(job, "figures/")
    found = {}
    for key, entry in cache.items():
        if key.startswith(prefix) and entry.get("fingerprint") == job.fingerprint:
            found[key.removeprefix(f"{job.folder}/" if job.folder else "")] = {
                "path": str(root / key),
                "sha256": entry.get("sha256", ""),
            }
    return found


def write_reuse_list(stage: Path, output_dir: Path, files: Mapping[str, Any]) -> Path:
    """Write the list of files the kernel may copy into the job's staging folder.

    Parameters
    ----------
    stage
        The job's staging folder.
    output_dir
        The folder the kernel saves its outputs under (``<stage>/out``).
    files
        :func:`reusable`.

    Returns
    -------
    Path
        The list, for :data:`REUSE_ENV`.
    """
    path = stage / REUSE_LIST
    data = {"output_dir": str(output_dir.resolve()), "files": dict(files)}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read_log(path: Path, output_dir: Path) -> list[dict[str, Any]]:
    """Return the kernel's log of figure files saved, paths made relative to ``output_dir``.

    Parameters
    ----------
    path
        The log (:data:`LOG_FILE` in the staging folder); missing means nothing was saved.
    output_dir
        The run's outputs folder in the staging area; a file saved elsewhere keeps its path.

    Returns
    -------
    list of dict
        One per file saved, in order: ``file``, ``format``, ``seconds``, ``reused``,
        ``sha256``.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    base = output_dir.resolve()
    saved = []
    for line in lines:
        entry = json.loads(line)
        file = Path(entry["file"])
        if file.is_relative_to(base):
            entry["file"] = file.relative_to(base).as_posix()
        saved.append(entry)
    return saved


def phases(saved: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Return the seconds spent saving figures, per format (``figures_svg``, ``figures_png``).

    Parameters
    ----------
    saved
        :func:`read_log`.

    Returns
    -------
    dict
        Phase name -> seconds (drawing or copying, and writing).
    """
    totals: dict[str, float] = {}
    for entry in saved:
        key = f"figures_{entry['format']}"
        totals[key] = round(totals.get(key, 0.0) + float(entry["seconds"]), 3)
    return totals


def update(root: Path, committed: Iterable[tuple[Job, Result]]) -> None:
    """Record the figure files of the runs just committed (call it holding the run's lock).

    A run's previous entries are replaced by the files it saved exactly once; entries whose
    file is gone are dropped.

    Parameters
    ----------
    root
        The outputs folder.
    committed
        ``(job, result)`` of every run whose outputs were moved into place.
    """
    files = dict(load(root))
    changed = False
    for job, result in committed:
        if job.kind != "notebook":
            continue
        run = job.run_id
        files = {k: v for k, v in files.items() if v.get("run") != run}
        counts = Counter(entry["file"] for entry in result.figures)
        for entry in result.figures:
            relative = entry["file"]
            if (
                counts[relative] == 1
                and relative in result.outputs
                and relative.startswith("figures/")
                and relative.endswith(FIGURE_SUFFIXES)
            ):
                files[_key(job, relative)] = {
                    "fingerprint": job.fingerprint,
                    "sha256": entry["sha256"],
                    "run": run,
                }
        changed = True
    if not changed:
        return
    files = {k: v for k, v in sorted(files.items()) if (root / k).is_file()}
    data = {"format": FORMAT, "machine": _machine(), "files": files}
    atomic_write_text(root / CACHE_FILE, json.dumps(data, indent=1, sort_keys=True) + "\n")
