"""Helpers shared by the tests that run ``kca`` on the fixture notebooks (not a test module).

``kca()`` runs the command in a subprocess; ``tree()`` and ``kept()`` take the checksums that
outputs are compared by; the process helpers follow the processes of a run, for the tests that
kill one.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
KCA = [sys.executable, "-m", "kca_analysis.cli"]
COMPARED = ("figures", "tables", "site", "manifest.json")


def kca(*args: str, notebooks: Path = FIXTURES, outputs: Path, cwd: Path = ROOT, **kw):
    """Run ``kca`` in a subprocess on fixture notebooks; returns the CompletedProcess."""
    command = [*KCA, *args, "--notebooks-dir", str(notebooks), "--outputs", str(outputs)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, **kw)


def tree(folder: Path, only: tuple[str, ...] | None = None) -> dict[str, str]:
    """sha256 of every file under ``folder`` (optionally only under the ``only`` entries)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if only and not relative.startswith(only):
            continue
        if path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def kept(folder: Path) -> dict[str, str]:
    """What a failed or interrupted run must leave byte for byte: everything but its reports.

    The reports are its own logs and the results tables (``runs/<notebook>/results.csv``), which
    every run rewrites, a failed run included (its row says so).
    """
    return {
        k: v
        for k, v in tree(folder).items()
        if not k.startswith(("failed/", "run-log.jsonl", ".tmp-lock"))
        and not re.fullmatch(r"runs/[^/]+/results\.csv", k)
    }


def wait_for(path: Path, seconds: float = 120) -> str:
    """Return the text of ``path`` once it exists (polled), or fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file():
            return path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"{path} never appeared")


def _stat(pid: int) -> list[str] | None:
    """Fields 3... of ``/proc/<pid>/stat`` (state, ppid, ...), or None when there is no such pid."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def identity(pid: int) -> tuple[int, str] | None:
    """``(pid, start time)``: a process, not a pid that may be reused."""
    fields = _stat(pid)
    return (pid, fields[19]) if fields else None


def running(process: tuple[int, str]) -> bool:
    """Whether that very process still runs (a zombie has ended)."""
    fields = _stat(process[0])
    return bool(fields) and fields[19] == process[1] and fields[0] not in ("Z", "X")


def descendants(pid: int) -> set[tuple[int, str]]:
    """Every running descendant of ``pid`` (children, their children...), as identities."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            ident = identity(child)
            if ident and ident not in found:
                found.add(ident)
                todo.append(child)
    return found


def command_line(pid: int) -> str:
    """The command line of ``pid`` ("" when it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_until_gone(processes: set[tuple[int, str]], seconds: float = 5.0) -> set:
    """Poll until none of ``processes`` runs, for at most ``seconds``; return those still running.

    The bound is a correctness bound (nothing of a killed run may linger), not a speed target.
    """
    deadline = time.monotonic() + seconds
    while True:
        left = {p for p in processes if running(p)}
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)
