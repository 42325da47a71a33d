"""Benchmark ``kca run`` against running the notebooks one command at a time.

Writes ``benchmarks/RESULTS.md`` with the medians of ``--repeat`` runs (at least three) of:

(a) ``kca run --force``: every notebook and the five profiles, parallel, plus the tables step
    and the site;
(b) a loop calling the ``papermill`` command once per notebook run (the five profiles too);
(c) ``jupyter nbconvert --to notebook --execute`` once per notebook run (nbconvert cannot set
    parameters, so the profile notebook is executed five times with its defaults);
(d) ``kca run`` with everything cached;

the ratios a/b and a/c, and the peak memory of each kernel (from ``outputs/run-log.jsonl`` of the
(a) runs); then the sweep of 40 runs locally and on a Dask LocalCluster (``sweep_bench.py``,
(e)-(g)). Usage: ``python benchmarks/run_benchmarks.py [--repeat N] [--jobs N] [--part sweeps]``
(``make bench``; ``--part sweeps`` measures the sweeps only and rewrites only their section).
Timings are wall-clock on a machine that may be shared: the load average is recorded with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import sweep_bench

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGETS = {"a/b": 0.35, "d": 1.5, "memory": 300.0}


def timed(command: list[str], **kw) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - started


def notebook_runs() -> list[tuple[str, dict[str, str]]]:
    """(notebook name, parameters) of every default run that ``kca run`` makes."""
    sys.path.insert(0, str(ROOT))
    from kca_analysis.run import pipeline

    runs = []
    for job in pipeline.plan():
        if job.kind == "notebook":
            extra = {k: v for k, v in job.parameters.items() if k == "country"}
            runs.append((job.name, extra))
    return runs


def kca_force(outputs: Path, jobs: int | None) -> float:
    command = [str(BIN / "kca"), "run", "--force", "--outputs", str(outputs)]
    if jobs:
        command += ["--jobs", str(jobs)]
    return timed(command)


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
        for key, value in extra.items():
            command += ["-p", key, value]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def nbconvert_loop(runs, folder: Path) -> float:
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


def peak_memory(outputs: Path) -> dict[str, float]:
    """Largest peak RSS per run id over the (a) runs, from the run log."""
    peaks: dict[str, float] = {}
    for line in (outputs / "run-log.jsonl").read_text().splitlines():
        for run in json.loads(line).get("runs", []):
            if run.get("peak_rss_mb"):
                peaks[run["run"]] = max(peaks.get(run["run"], 0.0), run["peak_rss_mb"])
    return peaks


def sweeps(repeat: int) -> None:
    """Measure the sweeps and write their section at the end of RESULTS.md (replacing it)."""
    load_before = os.getloadavg()
    samples = sweep_bench.measure(WORK, repeat)
    section = sweep_bench.markdown(samples, load_before, os.getloadavg())
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    head = text.split(section[0])[0].rstrip("\n")
    RESULTS.write_text((head + "\n\n" if head else "") + "\n".join(section), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (at least 3)")
    parser.add_argument("--jobs", type=int, default=None, help="kca run --jobs (default: CPUs)")
    parser.add_argument(
        "--part", choices=("all", "sweeps"), default="all", help="all (default), or the sweeps"
    )
    parser.add_argument(
        "--sweep-repeat", type=int, default=1, help="rounds of the 40-run sweeps (default 1)"
    )
    args = parser.parse_args(argv)
    if args.part == "sweeps":
        shutil.rmtree(WORK, ignore_errors=True)
        sweeps(max(1, args.sweep_repeat))
        print(RESULTS.read_text())
        return 0
    repeat = max(3, args.repeat)
    runs = notebook_runs()
    if not runs:
        print("no notebooks in notebooks/: nothing to benchmark", file=sys.stderr)
        return 1
    shutil.rmtree(WORK, ignore_errors=True)
    outputs = WORK / "outputs"
    load_before = os.getloadavg()
    samples: dict[str, list[float]] = {"a": [], "b": [], "c": [], "d": []}
    for i in range(repeat):
        print(f"round {i + 1}/{repeat}", flush=True)
        samples["a"].append(kca_force(outputs, args.jobs))
        samples["d"].append(kca_cached(outputs))
        samples["b"].append(papermill_loop(runs, WORK / f"papermill{i}"))
        samples["c"].append(nbconvert_loop(runs, WORK / f"nbconvert{i}"))
        print({k: round(v[-1], 2) for k, v in samples.items()}, flush=True)
    load_after = os.getloadavg()
    median = {k: statistics.median(v) for k, v in samples.items()}
    peaks = peak_memory(outputs)
    write_results(runs, samples, median, peaks, load_before, load_after, args.jobs)
    sweeps(max(1, args.sweep_repeat))
    print(RESULTS.read_text())
    return 0


def write_results(runs, samples, median, peaks, load_before, load_after, jobs) -> None:
    a_b = median["a"] / median["b"]
    a_c = median["a"] / median["c"]
    worst = max(peaks.values()) if peaks else float("nan")

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    names = sorted({name for name, _ in runs})
    lines = [
        "# Benchmark: `kca run` against one command per notebook",
        "",
        "Written by `make bench` (`benchmarks/run_benchmarks.py`); do not edit by hand.",
        "",
        f"- machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        f"- load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.2f}' for x in load_after)} (a shared machine inflates "
        "every time here, the ratios less so)",
        f"- notebooks: {', '.join(names)}; {len(runs)} notebook runs (the profile once per "
        "country); (a) also runs the tables step and builds the site",
        f"- kca run workers: {jobs or os.cpu_count()}; {len(samples['a'])} rounds, medians below",
        "",
        "What makes (a) fast: worker processes forked from multiprocessing's fork server, which "
        "imported papermill and nbconvert once; kernels forked from one preloaded process (pandas, "
        "matplotlib, seaborn, the library: `kca_analysis/run/kernels.py`) instead of a new "
        "interpreter each; one readiness check per kernel; the longest notebooks first (last run's "
        "timings); and a saved figure shown from its PNG instead of being drawn a third time.",
        "",
        "| | what | median (s) | runs (s) |",
        "|---|---|---:|---|",
    ]
    labels = {
        "a": "`kca run --force`",
        "b": "`papermill` command once per notebook run",
        "c": "`jupyter nbconvert --to notebook --execute` once per notebook run",
        "d": "`kca run`, everything cached",
    }
    for key in "abcd":
        runs_text = ", ".join(f"{x:.2f}" for x in samples[key])
        lines.append(f"| ({key}) | {labels[key]} | {median[key]:.2f} | {runs_text} |")
    lines += [
        "",
        "| measure | value | target | |",
        "|---|---:|---:|---|",
        f"| a/b | {a_b:.2f} | <= {TARGETS['a/b']} | {verdict(a_b <= TARGETS['a/b'])} |",
        f"| a/c | {a_c:.2f} | | |",
        f"| (d) cached run | {median['d']:.2f} s | <= {TARGETS['d']} s "
        f"| {verdict(median['d'] <= TARGETS['d'])} |",
        f"| peak memory of the largest kernel | {worst:.0f} MB | <= {TARGETS['memory']:.0f} MB "
        f"| {verdict(worst <= TARGETS['memory'])} |",
        "",
        "Peak resident memory per kernel (largest over the (a) runs, MB; Linux VmHWM, sampled "
        "every 0.1 s; it counts the pages a forked kernel shares with the preloaded process):",
        "",
        "| run | MB |",
        "|---|---:|",
    ]
    lines += [f"| {run} | {mb:.0f} |" for run, mb in sorted(peaks.items())]
    lines.append("")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
