"""The test part of ``make bench``: (e) ``make test`` with a warm environment, and its executions.

``.venv`` exists and ``make run`` has brought ``outputs/`` up to date (untimed) before ``make
test`` is timed, so (e) is what a maintainer waits for after a change that leaves the outputs as
they are. ``KCA_EXECUTION_LOG`` names a new file for the timed run: ``kca run`` and the nbval
plugin append one JSON line per notebook execution to it (``{"notebook": ..., "by": "kca run" |
"nbval"}``), so the count of its lines is the number of notebook executions a test run makes.
No test asserts a time; the budget lives here.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cpu_use

ROOT = Path(__file__).resolve().parent.parent
#: Read by the runner and the nbval plugin (issue 13): one JSON line per notebook execution.
EXECUTION_LOG_ENV = "KCA_EXECUTION_LOG"
TARGETS = {"e/a": 5.0, "executions": 25}
CORES = os.cpu_count() or 1
#: The parts of the floor, as :class:`Floor` names them.
PARTS = ("a0", "checks", "nbval")


@dataclass
class SuiteRun:
    """One timed ``make test``: seconds, exit status, and the executions it logged."""

    seconds: float
    returncode: int
    #: ``by`` -> executions of the collection's notebooks (``notebooks/``); ``None`` when nothing
    #: wrote the log (the tree has no execution log).
    executions: dict[str, int] | None = None
    #: Collection notebook -> executions.
    notebooks: collections.Counter = field(default_factory=collections.Counter)
    #: Executions of other notebooks: the tests' small fixture notebooks.
    fixtures: int = 0
    tail: str = ""
    command: str = "make test"
    #: Where its CPU went (:class:`cpu_use.CpuUse`).
    cpu: cpu_use.CpuUse | None = None


def is_collection(notebook: str) -> bool:
    """Return whether a logged notebook is one of the collection's (``notebooks/NAME.ipynb``).

    The log names a notebook relative to the project root, and one outside it (a test's
    fixture notebook in a temporary folder) by its absolute path.

    Parameters
    ----------
    notebook
        The ``notebook`` field of a log line.

    Returns
    -------
    bool
        True for ``notebooks/<name>.ipynb``.
    """
    parts = Path(notebook).parts
    return len(parts) == 2 and parts[0] == "notebooks" and parts[1].endswith(".ipynb")


def count_executions(
    log: Path,
) -> tuple[dict[str, int] | None, collections.Counter, int]:
    """Count the lines of an execution log: the collection's by executor and by notebook.

    Parameters
    ----------
    log
        The file ``KCA_EXECUTION_LOG`` named.

    Returns
    -------
    tuple
        ``({by: count}, Counter of collection notebooks, executions of other notebooks)``;
        ``(None, empty, 0)`` when the file is missing (nothing logged).

    Raises
    ------
    ValueError
        When a line is not a JSON object with ``notebook`` and ``by`` (file and line named).
    """
    if not log.is_file():
        return None, collections.Counter(), 0
    by: collections.Counter = collections.Counter()
    notebooks: collections.Counter = collections.Counter()
    fixtures = 0
    for number, line in enumerate(log.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if not isinstance(entry, dict) or not {"notebook", "by"} <= set(entry):
            raise ValueError(
                f"{log}:{number}: expected a JSON object with 'notebook' and 'by', got {line!r}"
            )
        if is_collection(str(entry["notebook"])):
            by[str(entry["by"])] += 1
            notebooks[Path(str(entry["notebook"])).stem] += 1
        else:
            fixtures += 1
    return dict(sorted(by.items())), notebooks, fixtures


def measure(
    work: Path,
    command: Sequence[str] = ("make", "test"),
    prepare: Sequence[str] | None = ("make", "run"),
) -> SuiteRun:
    """Bring the outputs up to date (untimed), then time ``make test`` with an execution log.

    Parameters
    ----------
    work
        The benchmark's scratch folder (the log goes there).
    command
        What is timed, run from the project root (another command only to try this code).
    prepare
        What runs first, untimed (``None``: nothing).

    Returns
    -------
    SuiteRun
        A failing suite is reported with its exit status and the end of its output, not raised.

    Raises
    ------
    subprocess.CalledProcessError
        When ``prepare`` fails.
    """
    if prepare:
        subprocess.run(list(prepare), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    work.mkdir(parents=True, exist_ok=True)
    log = work / "executions.jsonl"
    log.unlink(missing_ok=True)
    env = {**os.environ, EXECUTION_LOG_ENV: str(log)}
    started = time.perf_counter()
    with cpu_use.CpuUse() as use:
        result = subprocess.run(list(command), cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    executions, notebooks, fixtures = count_executions(log)
    tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-3:])
    return SuiteRun(
        seconds, result.returncode, executions, notebooks, fixtures, tail, " ".join(command), use
    )


def verdict(ok: bool) -> str:
    """``met`` or a bold ``not met``, for the measures tables."""
    return "met" if ok else "**not met**"


def measure_rows(run: SuiteRun, a: float, a0: float) -> list[str]:
    """The rows of (e) in the measures table of ``RESULTS.md``.

    Parameters
    ----------
    run
        :func:`measure`.
    a
        Median seconds of (a) in the same benchmark.
    a0
        Median seconds of (a0), the forced run into an empty outputs folder.

    Returns
    -------
    list of str
        Markdown table rows: ``| measure | value | target | verdict |``.
    """
    ratio = run.seconds / a
    failed = "" if run.returncode == 0 else " (the suite failed)"
    rows = [
        f"| (e)/(a) | {ratio:.1f}{failed} | <= {TARGETS['e/a']:g} "
        f"| {verdict(ratio <= TARGETS['e/a'] and not failed)} |",
        f"| (e)/(a0) | {run.seconds / a0:.1f} | | |",
    ]
    label = "notebook executions per test run (the collection's notebooks)"
    if run.executions is None:
        rows.append(f"| {label} | not measured | <= {TARGETS['executions']} | |")
    else:
        total = sum(run.executions.values())
        rows += [
            f"| {label} | {total} | <= {TARGETS['executions']} "
            f"| {verdict(total <= TARGETS['executions'])} |",
            f"| executions of the tests' own small notebooks | {run.fixtures} | | |",
        ]
    return rows


def details(run: SuiteRun) -> list[str]:
    """What (e) ran and what executed the notebooks, for ``RESULTS.md``.

    Parameters
    ----------
    run
        :func:`measure`.

    Returns
    -------
    list of str
        Markdown lines.
    """
    status = "passed" if run.returncode == 0 else f"**failed** (exit {run.returncode})"
    lines = [
        "## (e) The test suite",
        "",
        f"`{run.command}` with a warm environment (`.venv` built, `make run` brought "
        f"`outputs/` up to date before it started), one run of {run.seconds:.1f} s: {status}.",
        "",
    ]
    if run.executions is None:
        lines.append(
            f"Notebook executions: not measured. Nothing wrote `{EXECUTION_LOG_ENV}` during "
            "the run: this tree's runner and nbval plugin do not log executions yet (issue 13, "
            "item 1)."
        )
    else:
        lines += [
            "| executed by | notebook executions |",
            "|---|---:|",
            *(f"| {by} | {count} |" for by, count in run.executions.items()),
            "",
            "Per notebook of the collection: "
            + ", ".join(f"{name} {count}" for name, count in sorted(run.notebooks.items()))
            + f". Besides them, {run.fixtures} execution(s) of the tests' own small notebooks "
            "(fixtures outside `notebooks/`).",
        ]
    if run.returncode != 0:
        lines += ["", "End of its output:", "", "```", run.tail, "```"]
    lines.append("")
    if run.cpu is not None:
        lines += ["### Where the CPU of (e) went", "", *cpu_use.markdown(run.cpu, CORES)]
    return lines


@dataclass
class Floor:
    """What every test run executes besides its unit tests, each part timed alone.

    The issue's proof keeps three executions of the collection per test run: the session's
    collection run into a new folder (every figure drawn: (a0)), the batch of parameter checks
    and nbval's execution of each committed notebook. ``cpu`` holds the CPU seconds the machine
    spent on each part (``a0``, ``checks``, ``nbval``): the median of the (a0) rounds, and the
    timed runs of the other two.
    """

    a0: float
    checks: float
    check_runs: int
    nbval: float
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        """The three parts one after the other."""
        return self.a0 + self.checks + self.nbval

    @property
    def cpu_seconds(self) -> float:
        """The three parts' CPU seconds together (0 when not measured)."""
        return sum(self.cpu.values())

    @property
    def least(self) -> float:
        """Seconds the parts take at the very least on this machine's cores: their CPU over them."""
        return self.cpu_seconds / CORES

    def room(self, a: float) -> float:
        """Seconds (e)/(a) <= its target leaves for every other test (negative: none).

        The bound is the parts' CPU over the cores when measured (no order of the tests runs
        them in less), else the parts one after the other.
        """
        return TARGETS["e/a"] * a - (self.least if self.cpu else self.seconds)


def measure_floor(work: Path, a0: float, a0_cpu: float) -> Floor:
    """Time the checks batch and nbval alone (the tests' own plan of the checks), with the CPU
    the machine spent on each.

    Parameters
    ----------
    work
        The benchmark's scratch folder.
    a0
        Median seconds of (a0) in the same benchmark.
    a0_cpu
        Median CPU seconds of those (a0) runs.

    Returns
    -------
    Floor
        The parts' seconds and CPU seconds.
    """
    sys.path.insert(0, str(ROOT))
    try:
        from tests import notebook_runs
    finally:
        sys.path.remove(str(ROOT))
    runs = [r for r in notebook_runs.check_runs() if not r.default]
    batch = work / "floor-checks.json"
    batch.write_text(notebook_runs.batch_text(runs), encoding="utf-8")
    kca = [sys.executable, "-m", "kca_analysis.cli", "run"]
    checks = [*kca, "--batch", str(batch), "--no-site", "--outputs", str(work / "floor-checks")]
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto"]
    commands = {"checks": checks, "nbval": [*pytest, "notebooks"]}
    seconds, cpu = {}, {"a0": a0_cpu}
    for part, command in commands.items():
        with cpu_use.CpuUse() as use:
            seconds[part] = timed(command, cwd=ROOT)
        cpu[part] = use.busy
    return Floor(a0, seconds["checks"], len(runs), seconds["nbval"], cpu)


def timed(command: Sequence[str], **kw) -> float:
    """Seconds ``command`` took (it must succeed; its output is dropped)."""
    started = time.perf_counter()
    subprocess.run(list(command), check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - started


def floor_rows(floor: Floor, a: float) -> list[str]:
    """The rows of the floor in the measures table of ``RESULTS.md``.

    Parameters
    ----------
    floor
        :func:`measure_floor`.
    a
        Median seconds of (a) in the same benchmark.

    Returns
    -------
    list of str
        Markdown table rows: ``| measure | value | target | verdict |``; the verdict from
        :meth:`Floor.room`.
    """
    limit = TARGETS["e/a"]
    room = floor.room(a)
    reach = (
        f"above {limit:g}: (e)/(a) <= {limit:g} is out of reach while the suite executes these"
        if room < 0
        else f"at most {limit:g}: leaves {room:.1f} s ({room * CORES:.0f} CPU-s) for every "
        "other test"
    )
    rows = [f"| (f) floor: (a0) + checks batch + nbval, each alone | {floor.seconds:.1f} s | | |"]
    if floor.cpu:
        rows += [
            f"| (f) CPU: the three parts' CPU-s | {floor.cpu_seconds:.1f} CPU-s | | |",
            f"| (f) at least: their CPU over the {CORES} cores | {floor.least:.1f} s | | |",
            f"| (f) at least / (a) | {floor.least / a:.1f} | | {reach} |",
        ]
    else:
        rows.append(f"| (f)/(a) | {floor.seconds / a:.1f} | | {reach} |")
    return rows


def floor_details(floor: Floor, a: float, suite: SuiteRun | None) -> list[str]:
    """What the floor is made of, for ``RESULTS.md``.

    Parameters
    ----------
    floor
        :func:`measure_floor`.
    a
        Median seconds of (a) in the same benchmark.
    suite
        :func:`measure`, when (e) ran.

    Returns
    -------
    list of str
        Markdown lines.
    """
    cpu = {part: f"{floor.cpu[part]:.1f}" if part in floor.cpu else "" for part in PARTS}
    lines = [
        "## (f) What every test run executes",
        "",
        "A test run that proves what the suite proves executes the collection three times: "
        "the session's `kca run --force` into a new folder, the batch of parameter checks, and "
        "nbval's run of each committed notebook. Timed alone, one after the other, and the CPU "
        "the machine spent on each (for (a0), the median of its rounds):",
        "",
        "| part | seconds | CPU-s |",
        "|---|---:|---:|",
        f"| the collection run into a new folder, every figure drawn ((a0), median) "
        f"| {floor.a0:.1f} | {cpu['a0']} |",
        f"| `kca run --batch` of the {floor.check_runs} check runs, no book "
        f"| {floor.checks:.1f} | {cpu['checks']} |",
        f"| nbval of the committed notebooks (`pytest -n auto notebooks`) "
        f"| {floor.nbval:.1f} | {cpu['nbval']} |",
        f"| (f) | {floor.seconds:.1f} | {floor.cpu_seconds:.1f} |",
        "",
        f"(f) is {floor.seconds / a:.1f} times (a) before any other test runs.",
    ]
    if floor.cpu:
        lines[-1] += (
            f" However the tests are ordered, these parts need {floor.cpu_seconds:.0f} "
            f"CPU-s, which take at least {floor.least:.1f} s on {CORES} cores: "
            f"{floor.least / a:.1f} times (a)."
        )
    if suite is not None:
        rest = suite.seconds - floor.seconds
        lines[-1] += (
            f" The rest of (e), {rest:.1f} s, is the unit tests, the runner's own tests on "
            "small fixture notebooks (kill, pipeline, sweeps, Dask), the browser tests and "
            "`make run` and lint (where its CPU went: above, under (e))."
        )
    if suite is not None and suite.cpu is not None and floor.cpu:
        others = suite.cpu.busy - floor.cpu_seconds
        room = max(floor.room(a), 0) * CORES
        lines[-1] += (
            f" Besides these parts, (e) kept the machine busy {others:.0f} CPU-s; "
            f"(e)/(a) <= {TARGETS['e/a']:g} would leave everything else {room:.0f} "
            f"CPU-s ({TARGETS['e/a']:g} times (a) on {CORES} cores, less these parts)."
        )
    lines.append("")
    return lines
