"""Figure files a kernel may copy instead of drawing again, and the log of every file saved.

Drawing a figure's SVG and PNG is most of what a notebook's kernel does. ``kca run`` tells a
kernel, through two environment variables, what it may copy and where to say what it saved:

- :data:`REUSE_ENV` names a JSON file the runner wrote (:mod:`kca_analysis.run.figure_cache`):
  ``{"output_dir": FOLDER, "files": {"figures/NAME.FORMAT": {"path": FILE, "sha256": HEX}}}``,
  the files this machine drew before from the same notebook, library, lock, data and
  parameters (the run's fingerprint), for the run whose outputs go to ``FOLDER``;
- :data:`LOG_ENV` names a file that gets one JSON line per file saved: ``{"file", "format",
  "seconds", "reused", "sha256"}``.

A file is copied only when the bytes read have the recorded checksum, and only when every format
of the figure can be copied (otherwise all are drawn, in order: drawing one format can move the
layout of the next); a name saved a second time in the same kernel is drawn. Outside ``kca run``
neither variable is set: every figure is drawn and nothing is logged.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kca_analysis.files import sha256_bytes

#: Environment variable naming the runner's list of files that may be copied (JSON).
REUSE_ENV = "KCA_FIGURE_REUSE"
#: Environment variable naming the file that gets one JSON line per figure file saved.
LOG_ENV = "KCA_FIGURE_LOG"

#: The reuse lists read by this process, by file name (a kernel reads its list once).
_LISTS: dict[str, dict[str, Any]] = {}
#: Figure files saved by this process (a name saved twice is drawn the second time).
_SAVED: set[str] = set()


def _reuse_list() -> dict[str, Any]:
    name = os.environ.get(REUSE_ENV, "")
    if not name:
        return {}
    if name not in _LISTS:
        try:
            _LISTS[name] = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _LISTS[name] = {}  # no list: draw everything
    return _LISTS[name]


def _copy(entry: Any) -> bytes | None:
    """The bytes of one listed file, when they still have the listed checksum."""
    if not isinstance(entry, dict):
        return None
    try:
        data = Path(str(entry.get("path", ""))).read_bytes()
    except OSError:
        return None
    return data if sha256_bytes(data) == entry.get("sha256") else None


def copies(output_dir: str | os.PathLike, name: str, formats: Sequence[str]) -> dict[str, bytes]:
    """Return the bytes of every format of figure ``name`` when all of them may be copied.

    Parameters
    ----------
    output_dir
        The folder the figure is saved under (``<output_dir>/figures/``).
    name
        The figure's file stem.
    formats
        The formats saved, e.g. ``("svg", "png")``.

    Returns
    -------
    dict
        Format -> bytes, for every format; empty when any format must be drawn (no list, another
        output folder, a file missing or changed, or the name saved before in this kernel).
    """
    listed = _reuse_list()
    files = listed.get("files") or {}
    if not files or not formats:
        return {}
    try:
        same_folder = Path(output_dir).resolve() == Path(str(listed.get("output_dir"))).resolve()
    except (OSError, TypeError):
        return {}
    if not same_folder:
        return {}
    found: dict[str, bytes] = {}
    for fmt in formats:
        relative = f"figures/{name}.{fmt}"
        data = None if relative in _SAVED else _copy(files.get(relative))
        if data is None:
            return {}
        found[fmt] = data
    return found


def log_saved(path: Path, fmt: str, seconds: float, reused: bool, data: bytes) -> None:
    """Note one figure file saved: in the log of :data:`LOG_ENV` (if set), and for :func:`copies`.

    Parameters
    ----------
    path
        The file written (``<output_dir>/figures/<name>.<fmt>``).
    fmt
        Its format.
    seconds
        Time spent drawing (or reading and checking) and writing it.
    reused
        Whether it was copied rather than drawn.
    data
        Its bytes.
    """
    _SAVED.add(f"figures/{path.name}")
    log = os.environ.get(LOG_ENV, "")
    if not log:
        return
    line = {
        "file": str(Path(path).resolve()),
        "format": fmt,
        "seconds": round(seconds, 4),
        "reused": reused,
        "sha256": sha256_bytes(data),
    }
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, sort_keys=True) + "\n")
