"""What a run leaves in the system, and how it goes away: runtime folders and parent death.

Runtime folders
---------------
A run that forks kernels keeps its zygote's socket in a short private folder of the temporary
directory (socket paths are limited to about 100 bytes), named after the process that owns it:
``kca-<pid>-<start>-<random>``, where ``<start>`` is the owner's start time (Linux
``/proc/<pid>/stat``), so that a pid reused by another process is never taken for the owner.
A run killed with SIGKILL cannot remove its folder; :func:`remove_stale`, called when any run
starts, removes every folder whose owner is gone and never one whose owner is alive, so two runs
at once leave each other alone. Folders of older versions (``kca-`` and eight random
characters) are removed when they hold a zygote socket that no longer answers, and only then.

Parent death
------------
:func:`die_with_parent` asks Linux to send a signal to the calling process when its parent dies
(``prctl(PR_SET_PDEATHSIG)``), then checks that the parent has not died already (the request
only covers deaths after it). The kernel delivers the signal at once, whatever killed the parent
(SIGKILL included), without a thread or a polling delay in the child. The signal follows the
parent *thread* that forked the child, so it is only used where that thread is the parent's main
thread for its whole life: kernels forked by the zygote, worker processes forked by
multiprocessing's fork server. Elsewhere (macOS) it returns False and the callers fall back on
polling their parent.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile

#: The prefix of every runtime folder.
PREFIX = "kca-"
#: ``kca-<pid>-<start>-<random>``; ``<start>`` is ``x`` where the start time cannot be read.
_NAMED = re.compile(r"kca-(\d+)-(\d+|x)-[A-Za-z0-9_]+")
#: Folders of versions before owners were named: ``kca-`` and mkdtemp's random characters.
_LEGACY = re.compile(r"kca-[a-z0-9_]{8}")
_PR_SET_PDEATHSIG = 1
_libc = None


def process_start(pid: int) -> str:
    """Return the start time of process ``pid`` (clock ticks after boot), or ``"x"``.

    Parameters
    ----------
    pid
        Any process id.

    Returns
    -------
    str
        Digits on Linux while the process exists; ``"x"`` where it cannot be read.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return "x"
    # Field 22 of stat is the start time; after the ")" closing field 2, field n is at n - 3.
    return fields[19] if len(fields) > 19 else "x"


def alive(pid: int, start: str = "x") -> bool:
    """Return whether process ``pid`` exists, is not a zombie and (if known) started at ``start``.

    Parameters
    ----------
    pid
        A process id.
    start
        Its start time from :func:`process_start`, or ``"x"`` to check the pid only.

    Returns
    -------
    bool
        True while that very process runs.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return True  # no /proc (macOS): the pid exists
    if fields[0] in ("Z", "X"):
        return False
    return start == "x" or (len(fields) > 19 and fields[19] == start)


def make_folder(directory: str | None = None) -> str:
    """Create a runtime folder owned by this process and return its path.

    Parameters
    ----------
    directory
        Where (default: the temporary directory, ``$TMPDIR``).

    Returns
    -------
    str
        ``<tmp>/kca-<pid>-<start>-<random>``, private to this user.
    """
    pid = os.getpid()
    return tempfile.mkdtemp(prefix=f"{PREFIX}{pid}-{process_start(pid)}-", dir=directory)


def _socket_answers(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def is_stale(folder: str) -> bool:
    """Return whether a runtime folder belongs to a run that is gone.

    Parameters
    ----------
    folder
        A ``kca-*`` folder of the temporary directory.

    Returns
    -------
    bool
        True when its owner process no longer runs (or, for a legacy folder, its zygote socket
        no longer answers); False for anything else, including names this module did not make.
    """
    name = os.path.basename(folder)
    named = _NAMED.fullmatch(name)
    if named:
        return not alive(int(named.group(1)), named.group(2))
    if not _LEGACY.fullmatch(name):
        return False
    # Only a folder holding a zygote's socket is surely the runner's; it is stale when nobody
    # answers on it. Anything else of a similar name is left alone.
    sock = os.path.join(folder, "zygote.sock")
    return os.path.exists(sock) and not _socket_answers(sock)


def remove_stale(directory: str | None = None) -> list[str]:
    """Remove the runtime folders of runs that are gone; return what was removed.

    Only this user's folders are considered; a folder whose owner is alive is never touched.

    Parameters
    ----------
    directory
        Where to look (default: the temporary directory).

    Returns
    -------
    list of str
        The folders removed, sorted.
    """
    directory = directory or tempfile.gettempdir()
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if uid is not None and entry.stat(follow_symlinks=False).st_uid != uid:
                continue
            if is_stale(entry.path):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(entry.path)
    return sorted(removed)


def _prctl():
    """libc's ``prctl`` on Linux, loaded once (the zygote loads it before forking), else None."""
    global _libc
    if _libc is None:
        _libc = False
        if os.uname().sysname == "Linux":
            with contextlib.suppress(OSError, AttributeError):
                import ctypes

                _libc = ctypes.CDLL(None, use_errno=True)
                _libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong]
    return _libc.prctl if _libc else None


def die_with_parent(signum: int, parent: int | None = None) -> bool:
    """Have ``signum`` sent to this process when its parent dies (Linux); exit if it already has.

    Parameters
    ----------
    signum
        The signal (SIGKILL for a kernel, SIGTERM for a worker that stops its kernel first).
    parent
        The pid the parent must still be; when it is not (the parent died before the request),
        this process exits at once with status 1. ``None`` skips that check.

    Returns
    -------
    bool
        True when the request is in place; False where the system has no such request (the
        caller then relies on polling its parent).
    """
    prctl = _prctl()
    done = bool(prctl) and prctl(_PR_SET_PDEATHSIG, signum) == 0
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the request: it would never fire
    return done


def preload() -> None:
    """Load what :func:`die_with_parent` needs, so that a forked child does not load it again."""
    _prctl()
