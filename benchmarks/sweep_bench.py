"""The sweep part of ``make bench``: 40 runs locally with 1 and 2 workers and on a LocalCluster.

The sweep is ``04_oda`` for each of the five recipients, compared with each of eight donors
alone (5 x 8 = 40 runs, each in its own folder under ``runs/``; the donors' names hold commas,
so their values are given as JSON), executed with ``--force`` into a scratch outputs folder:

(s1) the local pool with one worker (``--jobs 1``), (s2) with two (``--jobs 2``),
(s3) a ``dask.distributed.LocalCluster`` of two worker processes (``--dask local:2``).

Reported: wall-clock seconds, runs per minute, and the overhead per run of (s3) against (s2):
what Dask adds to each run over the local pool with as many workers, with and without the
cluster's start-up (measured apart, by starting and closing a LocalCluster of two workers).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTEBOOK = "04_oda"
RECIPIENTS = "UZB,KAZ,KGZ,TJK,TKM"
DONORS = (
    "Japan",
    "United States",
    "Germany",
    "Turkey",
    "DAC Countries, Total",
    "Multilateral Agencies, Total",
    "Non-DAC Countries, Total",
    "Official Donors, Total",
)
SWEEPS = [f"recipient={RECIPIENTS}", "compare_with=" + json.dumps([[d] for d in DONORS])]
RUNS = len(RECIPIENTS.split(",")) * len(DONORS)
MODES = {
    "s1": ("local pool, 1 worker", ["--jobs", "1"]),
    "s2": ("local pool, 2 workers", ["--jobs", "2"]),
    "s3": ("Dask LocalCluster, 2 workers", ["--dask", "local:2"]),
}
CLUSTER_START = (
    "import time; t = time.perf_counter(); from dask.distributed import Client, LocalCluster; "
    "c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host='127.0.0.1', "
    "dashboard_address=None); client = Client(c); client.wait_for_workers(2); "
    "print(time.perf_counter() - t); client.close(); c.close()"
)


def sweep_command(outputs: Path, extra: list[str]) -> list[str]:
    """The ``kca run`` command of the sweep into ``outputs``."""
    return [
        str(BIN / "kca"), "run", NOTEBOOK, "--sweep", SWEEPS[0], "--sweep", SWEEPS[1],
        "--force", "--no-site", "--outputs", str(outputs), *extra,
    ]  # fmt: skip


def time_sweep(outputs: Path, extra: list[str]) -> float:
    """Seconds of one forced sweep; fails loudly if a run fails or the count is not 40."""
    started = time.perf_counter()
    result = subprocess.run(sweep_command(outputs, extra), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    last = result.stdout.splitlines()[-1] if result.stdout else ""
    if result.returncode != 0 or not last.startswith(f"done: {RUNS} ok"):
        raise RuntimeError(f"the sweep failed: {last}\n{result.stdout[-2000:]}{result.stderr}")
    return seconds


def cluster_start_seconds() -> float:
    """Seconds to start a LocalCluster of two workers and connect to it (closing not counted)."""
    out = subprocess.run(
        [sys.executable, "-c", CLUSTER_START], capture_output=True, text=True, check=True
    )
    return float(out.stdout.split()[-1])


def measure(work: Path, repeat: int) -> dict[str, list[float]]:
    """Run (s1), (s2), (s3) and the cluster start-up ``repeat`` times each, interleaved."""
    samples: dict[str, list[float]] = {key: [] for key in (*MODES, "start")}
    for i in range(repeat):
        for key, (label, extra) in MODES.items():
            print(f"sweep round {i + 1}/{repeat}: ({key}) {label}", flush=True)
            samples[key].append(time_sweep(work / f"sweep_{key}", extra))
        samples["start"].append(cluster_start_seconds())
    return samples


def markdown(samples: dict[str, list[float]], load_before, load_after) -> list[str]:
    """The sweep section of ``RESULTS.md``."""
    median = {k: statistics.median(v) for k, v in samples.items()}
    per_run = {k: median[k] / RUNS for k in MODES}
    overhead = per_run["s3"] - per_run["s2"]
    overhead_running = (median["s3"] - median["start"]) / RUNS - per_run["s2"]
    lines = [
        "## Sweeps: 40 runs, locally and on a Dask LocalCluster",
        "",
        f"- sweep: `kca run {NOTEBOOK} --sweep {SWEEPS[0]} --sweep '{SWEEPS[1]}' --force "
        f"--no-site`: {RUNS} runs (each recipient, compared with each donor alone), each in "
        "its own folder under `outputs/runs/`",
        f"- machine: {os.cpu_count()} CPUs; load average before: "
        f"{', '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{', '.join(f'{x:.2f}' for x in load_after)}",
        f"- {len(samples['s1'])} round(s), medians below",
        "",
        "| | how | median (s) | runs per minute | seconds per run | runs (s) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for key, (label, _) in MODES.items():
        runs_text = ", ".join(f"{x:.1f}" for x in samples[key])
        lines.append(
            f"| ({key}) | {label} | {median[key]:.1f} | {RUNS / median[key] * 60:.1f} "
            f"| {per_run[key]:.2f} | {runs_text} |"
        )
    lines += [
        "",
        "| measure | value |",
        "|---|---:|",
        f"| LocalCluster of 2 workers: start-up and connection | {median['start']:.1f} s |",
        f"| overhead per run, (s3) against (s2), start-up included | {overhead:+.2f} s |",
        f"| overhead per run, (s3) against (s2), start-up excluded | {overhead_running:+.2f} s |",
        f"| speed-up of 2 local workers over 1, (s1)/(s2) | {median['s1'] / median['s2']:.2f} |",
        "",
    ]
    return lines
