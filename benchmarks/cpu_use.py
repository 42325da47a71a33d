"""Where the CPU of a timed command goes: its processes, sampled from ``/proc``, by kind.

On 2 cores the test suite keeps both busy, so its wall time is its CPU time over the cores, and
a cut must take CPU away. :class:`CpuUse` samples every process that starts while the command
runs (its user and system time, ``/proc/PID/stat``) and the machine's busy time
(``/proc/stat``); :func:`kind_of` names what a process is from its command line and its
parent's. A process that starts and ends between two samples is not seen: the gap between the
machine's busy time and the processes' sum shows how much that is (with anything else the
machine ran). Linux only.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")

#: What a process is, tested in this order: (kind, substrings of its command line, any of them).
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Chromium (browser tests)", ("chromium", "/proc/self/exe --type=", "playwright/driver")),
    ("JupyterLab server (browser tests)", ("bin/jupyter lab", "-m jupyterlab", "jupyter_server")),
    ("the book (Sphinx)", ("kca_analysis.run.book",)),
    ("kca run around the kernels (command, fork server, workers, zygote)", (
        "kca_analysis.cli", "bin/kca ", "multiprocessing.forkserver", "kca_analysis.run.zygote",
    )),
    ("plain Jupyter kernels (nbval, JupyterLab)", ("ipykernel_launcher",)),
    ("Dask cluster processes", ("spawn_main", "dask.distributed", "distributed.cli")),
    ("test processes (pytest and its xdist workers)", ("-m pytest", "exec(eval(sys.stdin")),
)  # fmt: skip
#: A kernel forked from kca run's zygote keeps the zygote's command line.
ZYGOTE = "kca_analysis.run.zygote"
KERNELS = "notebook kernels forked by kca run (the notebooks' cells, figures saved)"
OTHER = "other processes"


def kind_of(command: str, parent: str = "") -> str:
    """Name what a process is.

    Parameters
    ----------
    command
        Its command line, arguments joined by spaces.
    parent
        Its parent's command line, when known.

    Returns
    -------
    str
        One of :data:`KINDS`' names, :data:`KERNELS` (a process forked by the zygote) or
        :data:`OTHER`.
    """
    if ZYGOTE in command and ZYGOTE in parent:
        return KERNELS
    for kind, marks in KINDS:
        if any(mark in command for mark in marks):
            return kind
    return OTHER


def busy_ticks(stat: str) -> int:
    """Clock ticks the machine spent busy, from the first line of ``/proc/stat``.

    Raises
    ------
    ValueError
        When the line is not ``cpu`` followed by at least 5 counters.
    """
    fields = stat.split()
    if len(fields) < 6 or fields[0] != "cpu":
        raise ValueError(f"/proc/stat: expected 'cpu' and its counters, got {stat[:80]!r}")
    counters = [int(v) for v in fields[1:]]
    return sum(counters) - counters[3] - counters[4]  # all but idle and iowait


def read_process(pid: str) -> tuple[int, int, int, str] | None:
    """``(start tick, parent pid, CPU ticks, command line)`` of a process, ``None`` if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    after = stat.rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
    cpu = int(after[11]) + int(after[12])
    text = command.replace(b"\0", b" ").decode(errors="replace").strip()
    return int(after[19]), int(after[1]), cpu, text


@dataclass
class CpuUse:
    """Sample the processes that start while it is entered; a context manager.

    Attributes
    ----------
    by_kind
        After exit: kind -> ``(processes, CPU seconds)``, largest first.
    busy
        After exit: CPU seconds the whole machine was busy meanwhile.
    seconds
        After exit: wall seconds it was entered.
    """

    interval: float = 0.2
    by_kind: dict[str, tuple[int, float]] = field(default_factory=dict)
    busy: float = 0.0
    seconds: float = 0.0
    _seen: dict = field(default_factory=dict, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)

    def __enter__(self) -> CpuUse:
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        self._since = int(uptime * TICKS) - 1
        self._busy = busy_ticks(Path("/proc/stat").read_text().splitlines()[0])
        self._clock = time.perf_counter()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.seconds = time.perf_counter() - self._clock
        busy = busy_ticks(Path("/proc/stat").read_text().splitlines()[0])
        self.busy = (busy - self._busy) / TICKS
        self.by_kind = tally(self._seen.values())

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        current = {}
        for pid in os.listdir("/proc"):
            if pid.isdigit() and (found := read_process(pid)) and found[0] >= self._since:
                current[pid] = found
        for pid, (start, parent, cpu, command) in current.items():
            key = (pid, start)
            if key in self._seen:
                self._seen[key][1] = max(self._seen[key][1], cpu)
            else:
                mother = current.get(str(parent)) or read_process(str(parent))
                self._seen[key] = [kind_of(command, mother[3] if mother else ""), cpu]

    @property
    def sampled(self) -> float:
        """CPU seconds of the sampled processes together."""
        return sum(seconds for _, seconds in self.by_kind.values())


def tally(processes) -> dict[str, tuple[int, float]]:
    """Add up ``[kind, CPU ticks]`` pairs: kind -> ``(processes, CPU seconds)``, largest first."""
    count: collections.Counter = collections.Counter()
    ticks: collections.Counter = collections.Counter()
    for kind, cpu in processes:
        count[kind] += 1
        ticks[kind] += cpu
    return {kind: (count[kind], ticks[kind] / TICKS) for kind, _ in ticks.most_common()}


def markdown(use: CpuUse, cores: int) -> list[str]:
    """The table of ``use`` by kind, and the machine's busy time, for ``RESULTS.md``.

    Parameters
    ----------
    use
        An exited :class:`CpuUse`.
    cores
        The machine's CPUs.

    Returns
    -------
    list of str
        Markdown lines.
    """
    share = use.busy / (use.seconds * cores) if use.seconds else 0.0
    lines = [
        f"The machine was busy {use.busy:.0f} CPU-s in these {use.seconds:.0f} s: "
        f"{share:.0%} of its {cores} cores. The processes that started meanwhile, sampled every "
        f"{use.interval:g} s:",
        "",
        "| processes of | count | CPU-s | share |",
        "|---|---:|---:|---:|",
    ]
    for kind, (count, seconds) in use.by_kind.items():
        part = seconds / use.busy if use.busy else 0.0
        lines.append(f"| {kind} | {count} | {seconds:.1f} | {part:.0%} |")
    unseen = use.busy - use.sampled
    lines += [
        f"| not sampled: processes shorter than a sample, and the rest of the machine | "
        f"| {unseen:.1f} | {unseen / use.busy if use.busy else 0.0:.0%} |",
        "",
    ]
    return lines
