"""Where the time of ``kca run --force`` goes: the breakdown table of ``RESULTS.md``.

Read from the run log (``run-log.jsonl``) of each forced run: the runner's steps (wall-clock),
and, summed over the notebook runs (two at a time on two workers), kernel start, the cells,
saving SVG and PNG, saving the executed notebook; plus what the command spends outside the
runner (interpreter start, imports, planning), and the imports of the three preloaded
processes, each timed alone in a new interpreter.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: The processes ``kca run`` preloads once, and what each imports (timed alone, in a new
#: interpreter, minus the bare interpreter's start).
IMPORTS = {
    "kernel zygote": (
        "from kca_analysis.run.kernels import preload_modules; import importlib\n"
        "for m in ['IPython', 'ipykernel.kernelapp', 'ipykernel.ipkernel', "
        "'ipykernel.zmqshell', 'jupyter_client.asynchronous', 'zmq.asyncio', "
        "*preload_modules()]:\n"
        "    try: importlib.import_module(m)\n"
        "    except Exception: pass"
    ),
    "worker fork server": (
        "from kca_analysis.run.workers import WORKER_PRELOAD; import importlib\n"
        "for m in WORKER_PRELOAD[1:]: importlib.import_module(m)"
    ),
    "book process": (
        "import sys; sys.modules.setdefault('rfc3987_syntax', None)\n"
        "import sphinx.cmd.build, myst_nb, sphinx_book_theme, nbformat"
    ),
}


def last_entry(outputs: Path) -> dict[str, Any]:
    """Return the last line of ``outputs/run-log.jsonl`` (the run just made).

    Parameters
    ----------
    outputs
        An outputs folder.

    Returns
    -------
    dict
        The run log entry.
    """
    lines = (outputs / "run-log.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])


def parts(entry: Mapping[str, Any], wall: float) -> dict[str, float]:
    """Split one forced run (its run log entry and its wall-clock seconds) into its parts.

    Parameters
    ----------
    entry
        The run's line of the run log.
    wall
        Seconds the whole command took, as the benchmark timed it.

    Returns
    -------
    dict
        Part name -> seconds (see :data:`ROWS`), the counts of figures drawn and copied, and
        the seconds of each run (``run:<run id>``).
    """
    phases = entry.get("phases", {})
    notebooks = [r for r in entry["runs"] if r.get("phases")]
    steps = [r for r in entry["runs"] if not r.get("phases")]

    def total(key: str) -> float:
        return sum(r["phases"].get(key, 0.0) for r in notebooks)

    figures = total("figures_svg") + total("figures_png")
    inside = total("kernel_start") + total("execute") + total("save")
    return {
        "wall": wall,
        "outside": wall - entry["seconds"],
        "prepare": phases.get("prepare", 0.0),
        "execute": phases.get("execute", 0.0),
        "commit": phases.get("commit", 0.0),
        "book": phases.get("book", 0.0),
        "tables": phases.get("tables", 0.0),
        "kernel_start": total("kernel_start"),
        "cells": total("execute") - figures,
        "svg": total("figures_svg"),
        "png": total("figures_png"),
        "save": total("save"),
        "other": sum(r["seconds"] for r in notebooks) - inside,
        "step": sum(r["seconds"] for r in steps),
        "drawn": sum(r.get("figures", {}).get("drawn", 0) for r in notebooks),
        "copied": sum(r.get("figures", {}).get("copied", 0) for r in notebooks),
        **{f"{RUN_PREFIX}{r['run']}": r["seconds"] for r in entry["runs"]},
    }


#: The parts of one run's own seconds (a notebook's or the tables step's) are keyed so.
RUN_PREFIX = "run:"
#: (key, part, measured as), in the order of the table.
ROWS = (
    ("outside", "the command outside the runner: interpreter, imports, planning", "wall"),
    ("prepare", "runner: lock, cache check, staging folder", "wall"),
    ("execute", "runner: executing the notebooks and the tables step (on the workers)", "wall"),
    ("commit", "runner: moving outputs into place, manifest, figure cache", "wall"),
    ("book", "runner: building the book (Sphinx, in a child process)", "wall"),
    ("tables", "runner: the results tables", "wall"),
    ("kernel_start", "kernel start (fork of the zygote, ipykernel, first answer)", "sum"),
    ("cells", "papermill running the cells, figure saving excepted: the analysis", "sum"),
    ("svg", "saving figures: SVG (drawn, or copied when unchanged)", "sum"),
    ("png", "saving figures: PNG (drawn, or copied when unchanged)", "sum"),
    ("save", "saving the executed notebook", "sum"),
    ("other", "papermill and the worker around each notebook", "sum"),
    ("step", "the tables step (curated data to standard tables)", "sum"),
)


def import_seconds(python: str, repeat: int = 3) -> dict[str, float]:
    """Time the imports of each preloaded process alone (median of ``repeat``), in seconds.

    Parameters
    ----------
    python
        The environment's interpreter.
    repeat
        Runs of each.

    Returns
    -------
    dict
        Process -> seconds of its imports (its interpreter's bare start subtracted).
    """

    def run(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    bare = statistics.median(run("pass") for _ in range(repeat))
    return {
        name: statistics.median(run(code) for _ in range(repeat)) - bare
        for name, code in IMPORTS.items()
    }


def markdown(
    cold: Sequence[Mapping[str, float]],
    warm: Sequence[Mapping[str, float]],
    imports: Mapping[str, float],
) -> list[str]:
    """The breakdown section of ``RESULTS.md``: medians over the rounds of (a0) and (a).

    Parameters
    ----------
    cold
        :func:`parts` of each (a0) run (an empty outputs folder: every figure drawn).
    warm
        :func:`parts` of each (a) run (the previous run's outputs: unchanged figures copied).
    imports
        :func:`import_seconds`.

    Returns
    -------
    list of str
        Markdown lines.
    """

    def median(samples, key):
        return statistics.median(s[key] for s in samples) if samples else float("nan")

    lines = [
        "## Where the time of (a) goes",
        "",
        "From the run log of each (a0) and (a) run (medians over the rounds). *wall*: seconds "
        "of the command; *sum*: seconds added over the notebook runs, which execute two at a "
        f"time. Figures per run: {median(cold, 'drawn'):.0f} files drawn in (a0); in (a) "
        f"{median(warm, 'copied'):.0f} copied and {median(warm, 'drawn'):.0f} drawn.",
        "",
        "| part | measured as | (a0) empty outputs folder, s | (a) forced again, s "
        "| share of (a0): of its wall, or of its sums |",
        "|---|---|---:|---:|---:|",
    ]
    summed = sum(median(cold, key) for key, _, how in ROWS if how == "sum")
    for key, label, how in ROWS:
        share = median(cold, key) / (median(cold, "wall") if how == "wall" else summed)
        lines.append(
            f"| {label} | {how} | {median(cold, key):.2f} | {median(warm, key):.2f} | {share:.0%} |"
        )
    longest = sorted(
        (median(warm, key), key.removeprefix(RUN_PREFIX))
        for key in (warm[0] if warm else {})
        if key.startswith(RUN_PREFIX)
    )[::-1][:3]
    lines += [
        "",
        "The longest runs of (a), each on one worker (its kernel start, cells and saving): "
        + ", ".join(f"{run} {seconds:.1f} s" for seconds, run in longest)
        + ".",
        "",
        "Imports of the processes `kca run` preloads once, each timed alone in a new "
        "interpreter (its bare start subtracted); the zygote's and the fork server's overlap "
        "with each other at the start of a run, the book's comes after the notebooks:",
        "",
        "| process | imports, s |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in imports.items()]
    lines.append("")
    return lines


if __name__ == "__main__":  # pragma: no cover - a quick look at one outputs folder
    entry = last_entry(Path(sys.argv[1]))
    print(json.dumps(parts(entry, entry["seconds"]), indent=1))
