"""Benchmark ``kca run`` against running the notebooks one command at a time, and the tests.

Writes ``benchmarks/RESULTS.md`` with the medians of ``--repeat`` rounds (at least three) of:

(a0) ``kca run --force`` into an empty outputs folder: every notebook and the five profiles,
     parallel, plus the tables step and the book, every figure drawn (a fresh clone's first
     run);
(a)  ``kca run --force`` again into the same folder: every notebook executed again, but a figure
     this machine drew from the same code, data and parameters is copied, not drawn
     (``kca_analysis/run/figure_cache.py``);
(b)  a loop calling the ``papermill`` command once per notebook run (the five profiles too);
(c)  ``jupyter nbconvert --to notebook --execute`` once per notebook run (nbconvert cannot set
     parameters, so the profile notebook is executed five times with its defaults);
(d)  ``kca run`` with everything cached;

then where the time of (a0) and (a) goes (``breakdown.py``), (e) ``make test`` with a warm
environment, its ratio to (a) and its notebook executions (``suite_bench.py``), (g) ``make
test-quick``, the tests that execute no notebook, and the sweep of 40 runs locally and on a Dask
LocalCluster (``sweep_bench.py``, (s1)-(s3)).

Usage: ``python benchmarks/run_benchmarks.py [--repeat N] [--jobs N] [--part all|sweeps]
[--no-suite] [--suite-command CMD] [--wait-load X]`` (``make bench``; ``--part sweeps``
measures the sweeps only and rewrites only their section). Timings are wall-clock on a machine
that may be shared: the load average is recorded with them, and ``--wait-load`` waits for a
quiet machine first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import breakdown
import cpu_use
import suite_bench
import sweep_bench

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGETS = {"a/b": 0.25, "d": 1.5, "memory": 300.0}
LABELS = {
    "a": "`kca run --force`",
    "a0": "`kca run --force --outputs NEW_FOLDER`",
    "b": "`papermill` command once per notebook run",
    "c": "`jupyter nbconvert --to notebook --execute` once per notebook run",
    "d": "`kca run`, everything cached",
    "e": "`make test`",
    "g": "`make test-quick`",
}


def notebook_runs() -> list[tuple[str, dict]]:
    """(notebook name, parameters) of every default notebook run that ``kca run`` makes.

    A notebook declaring a ``run_each`` parameter runs once per value (the country profile once
    per country); that parameter is given to the commands compared, the others keep the
    notebook's defaults.
    """
    sys.path.insert(0, str(ROOT))
    from kca_analysis.run import pipeline
    from kca_analysis.run.notebooks import read_notebook

    runs = []
    for job in pipeline.plan():
        if job.kind == "notebook":
            each = read_notebook(Path(job.notebook_path)).run_each
            extra = {each.name: job.parameters[each.name]} if each is not None else {}
            runs.append((job.name, extra))
    return runs


def kca_force(outputs: Path, jobs: int | None) -> float:
    """Time ``kca run --force`` into ``outputs``."""
    command = [str(BIN / "kca"), "run", "--force", "--outputs", str(outputs)]
    if jobs:
        command += ["--jobs", str(jobs)]
    return suite_bench.timed(command)


def kca_cached(outputs: Path) -> float:
    """Time a run with everything cached.

    The library's source is part of every fingerprint: when someone edits ``kca_analysis`` while
    the benchmark runs, the first run re-executes; it is discarded and the cached one timed.
    """
    command = [str(BIN / "kca"), "run", "--outputs", str(outputs)]
    for _ in range(5):
        started = time.perf_counter()
        result = subprocess.run(command, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.stdout.splitlines()[-1].startswith("done: 0 ok"):
            return seconds
    raise RuntimeError("kca run never found everything cached: is the tree being edited?")


def papermill_loop(runs, folder: Path) -> float:
    """Time the ``papermill`` command once per notebook run, each writing its figures."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for i, (name, extra) in enumerate(runs):
        out_dir = folder / f"out{i}"
        command = [
            str(BIN / "papermill"), "--no-progress-bar", "-k", "python3",
            "--cwd", str(ROOT / "notebooks"),
            str(ROOT / "notebooks" / f"{name}.ipynb"), str(folder / f"{name}_{i}.ipynb"),
            "-p", "output_dir", str(out_dir),
        ]  # fmt: skip
        if extra:
            command += ["-y", json.dumps(extra)]  # JSON is YAML: any value, its type kept
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def nbconvert_loop(runs, folder: Path) -> float:
    """Time ``jupyter nbconvert --execute`` once per notebook run (defaults only)."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for i, (name, _extra) in enumerate(runs):
        command = [
            str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.kernel_name=python3",
            str(ROOT / "notebooks" / f"{name}.ipynb"),
            "--output-dir", str(folder), "--output", f"{name}_{i}",
        ]  # fmt: skip
        subprocess.run(
            command,
            check=True,
            cwd=ROOT / "notebooks",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - started


def peak_memory(folders) -> dict[str, float]:
    """Largest peak RSS per run id over the (a0) and (a) runs, from their run logs."""
    peaks: dict[str, float] = {}
    for outputs in folders:
        for line in (outputs / "run-log.jsonl").read_text().splitlines():
            for run in json.loads(line).get("runs", []):
                if run.get("peak_rss_mb"):
                    peaks[run["run"]] = max(peaks.get(run["run"], 0.0), run["peak_rss_mb"])
    return peaks


def wait_for_quiet(limit: float | None, minutes: float = 30.0) -> None:
    """Wait (up to ``minutes``) until the 1-minute load average is at most ``limit``."""
    if limit is None:
        return
    deadline = time.monotonic() + minutes * 60
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        print(f"load {os.getloadavg()[0]:.2f} > {limit}: waiting", flush=True)
        time.sleep(30)


def sweeps(repeat: int) -> None:
    """Measure the sweeps and write their section at the end of RESULTS.md (replacing it)."""
    load_before = os.getloadavg()
    samples = sweep_bench.measure(WORK, repeat)
    section = sweep_bench.markdown(samples, load_before, os.getloadavg())
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    head = text.split(section[0])[0].rstrip("\n")
    RESULTS.write_text((head + "\n\n" if head else "") + "\n".join(section), encoding="utf-8")


def measure_rounds(runs, repeat: int, jobs: int | None):
    """Run (a0), (a), (d), (b), (c) ``repeat`` times; return the samples, the breakdowns, the
    outputs folders and the CPU seconds of each (a0) run."""
    samples: dict[str, list[float]] = {key: [] for key in ("a0", "a", "b", "c", "d")}
    parts: dict[str, list[dict[str, float]]] = {"a0": [], "a": []}
    folders, a0_cpu = [], []
    for i in range(repeat):
        print(f"round {i + 1}/{repeat}", flush=True)
        outputs = WORK / f"outputs{i}"  # new and empty: (a0) draws every figure
        folders.append(outputs)
        for key in ("a0", "a"):
            with cpu_use.CpuUse() as use:
                samples[key].append(kca_force(outputs, jobs))
            if key == "a0":
                a0_cpu.append(use.busy)
            parts[key].append(breakdown.parts(breakdown.last_entry(outputs), samples[key][-1]))
        samples["d"].append(kca_cached(outputs))
        samples["b"].append(papermill_loop(runs, WORK / f"papermill{i}"))
        samples["c"].append(nbconvert_loop(runs, WORK / f"nbconvert{i}"))
        print({k: round(v[-1], 2) for k, v in samples.items()}, flush=True)
    return samples, parts, folders, a0_cpu


def main(argv=None) -> int:
    """Run the benchmark and write ``RESULTS.md``; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (a)-(d) (at least 3)")
    parser.add_argument("--jobs", type=int, default=None, help="kca run --jobs (default: CPUs)")
    parser.add_argument("--part", choices=("all", "sweeps"), default="all", help="what to measure")
    parser.add_argument("--sweep-repeat", type=int, default=1, help="rounds of the 40-run sweeps")
    parser.add_argument(
        "--no-suite", action="store_true", help="leave (e) make test and (g) make test-quick out"
    )
    parser.add_argument(
        "--suite-command",
        default="make test",
        help="what (e) times (default: make test; another command only to try this script)",
    )
    parser.add_argument("--wait-load", type=float, default=None, help="wait for this load first")
    args = parser.parse_args(argv)
    wait_for_quiet(args.wait_load)
    if args.part == "sweeps":
        shutil.rmtree(WORK, ignore_errors=True)
        sweeps(max(1, args.sweep_repeat))
        print(RESULTS.read_text())
        return 0
    runs = notebook_runs()
    if not runs:
        print("no notebooks in notebooks/: nothing to benchmark", file=sys.stderr)
        return 1
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    load_before = os.getloadavg()
    samples, parts, folders, a0_cpu = measure_rounds(runs, max(3, args.repeat), args.jobs)
    imports = breakdown.import_seconds(sys.executable)
    suite = None if args.no_suite else suite_bench.measure(WORK, shlex.split(args.suite_command))
    if suite is not None:
        samples["e"] = [suite.seconds]
    if suite is not None and args.suite_command == "make test":  # (g) only beside the real (e)
        quick = suite_bench.measure(WORK, ("make", "test-quick"), prepare=None)
        if quick.returncode == 0:
            samples["g"] = [quick.seconds]
        else:  # no time for a lane that failed; RESULTS.md then has no (g) row
            print(f"(g) make test-quick failed, not timed:\n{quick.tail}", file=sys.stderr)
    a0, a = statistics.median(samples["a0"]), statistics.median(samples["a"])
    floor = suite_bench.measure_floor(WORK, a0, statistics.median(a0_cpu))
    load_after = os.getloadavg()
    lines = summary(runs, samples, peak_memory(folders), (load_before, load_after), args.jobs)
    lines += measures(samples, peak_memory(folders), suite, floor)
    lines += breakdown.markdown(parts["a0"], parts["a"], imports)
    lines += suite_bench.details(suite) if suite else ["## (e) The test suite", "", "Not run.", ""]
    lines += suite_bench.floor_details(floor, a, suite)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    sweeps(max(1, args.sweep_repeat))
    print(RESULTS.read_text())
    return 0


def summary(runs, samples, peaks, loads, jobs) -> list[str]:
    """The head of ``RESULTS.md``: the machine, the load, and the table of timings."""
    names = sorted({name for name, _ in runs})
    load_text = "; after: ".join(", ".join(f"{x:.2f}" for x in load) for load in loads)
    lines = [
        "# Benchmark: `kca run` against one command per notebook, and the tests",
        "",
        "Written by `make bench` (`benchmarks/run_benchmarks.py`); do not edit by hand.",
        "",
        f"- machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        f"- load average (1, 5, 15 min) before: {load_text} (a shared machine inflates every "
        "time here, the ratios less so)",
        f"- notebooks: {', '.join(names)}; {len(runs)} notebook runs (the profile once per "
        "country); (a0) and (a) also run the tables step and build the book",
        f"- kca run workers: {jobs or os.cpu_count()}; {len(samples['a'])} rounds, medians below",
        "",
        "What makes (a) fast: worker processes forked from multiprocessing's fork server, which "
        "imported papermill and nbformat once; kernels forked from one preloaded process (pandas, "
        "matplotlib, seaborn, the library: `kca_analysis/run/kernels.py`) instead of a new "
        "interpreter each; one readiness check per kernel; the longest notebooks first (last run's "
        "timings); a saved figure shown from its PNG instead of being drawn a third time; and, "
        "new in (a) against (a0), a figure this machine drew before from the same notebook, "
        "library, data and parameters (the run's fingerprint) copied instead of drawn again "
        "(`kca_analysis/run/figure_cache.py`; its bytes checked by their sha256), and the book "
        "built again only when what its pages show changed (the executed notebooks without "
        "their timings, ids and addresses; the manifest; the data). (a0) is the first run of a "
        "fresh clone, which has neither.",
        "",
        "| | what | median (s) | runs (s) |",
        "|---|---|---:|---|",
    ]
    for key in ("a0", "a", "b", "c", "d", "e", "g"):
        if samples.get(key):
            runs_text = ", ".join(f"{x:.2f}" for x in samples[key])
            median = statistics.median(samples[key])
            lines.append(f"| ({key}) | {LABELS[key]} | {median:.2f} | {runs_text} |")
    return lines


def measures(samples, peaks, suite, floor=None) -> list[str]:
    """The table of ratios and targets, then the peak memory of each kernel."""
    median = {k: statistics.median(v) for k, v in samples.items() if v}
    a_b, a0_b = median["a"] / median["b"], median["a0"] / median["b"]
    worst = max(peaks.values()) if peaks else float("nan")
    verdict = suite_bench.verdict
    lines = [
        "",
        "| measure | value | target | |",
        "|---|---:|---:|---|",
        f"| a/b | {a_b:.2f} | <= {TARGETS['a/b']} | {verdict(a_b <= TARGETS['a/b'])} |",
        f"| a0/b (every figure drawn) | {a0_b:.2f} | | |",
        f"| a/c | {median['a'] / median['c']:.2f} | | |",
        f"| (d) cached run | {median['d']:.2f} s | <= {TARGETS['d']} s "
        f"| {verdict(median['d'] <= TARGETS['d'])} |",
        f"| peak memory of the largest kernel | {worst:.0f} MB | <= {TARGETS['memory']:.0f} MB "
        f"| {verdict(worst <= TARGETS['memory'])} |",
    ]
    if suite is not None:
        lines += suite_bench.measure_rows(suite, median["a"], median["a0"])
    if floor is not None:
        lines += suite_bench.floor_rows(floor, median["a"])
    lines += [
        "",
        "Peak resident memory per kernel (largest over the (a0) and (a) runs, MB; Linux VmHWM, "
        "sampled every 0.1 s; it counts the pages a forked kernel shares with the preloaded "
        "process):",
        "",
        "| run | MB |",
        "|---|---:|",
    ]
    lines += [f"| {run} | {mb:.0f} |" for run, mb in sorted(peaks.items())]
    lines.append("")
    return lines


if __name__ == "__main__":
    sys.exit(main())
