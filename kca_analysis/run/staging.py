"""Atomic outputs: a lock, a staging folder, the commit, the failed copies and the run log.

Every job writes into ``outputs/.tmp-staging/``; the files of the jobs that succeeded are then
moved into place (``os.replace``, one file or folder at a time, with interrupts held until the
move is over) and the manifests written: the default runs together (the collection's outputs and
its manifest change only when every default run succeeded), each other run on its own (its folder
under ``outputs/runs/`` is swapped in whole). A failed run changes none of its outputs: its
notebook, with the error cell, goes to ``outputs/failed/``. Timings go to
``outputs/run-log.jsonl`` (not in git), never into the manifest.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kca_analysis.files import RESULTS_NAME, atomic_write_text

from .errors import PipelineError
from .manifest import (
    MANIFEST_NAME,
    build_manifest,
    executed_path,
    manifest_text,
    run_record,
)
from .results import DEFAULT_SUFFIX, record_path

if TYPE_CHECKING:
    from .plan import Job
    from .tasks import Result

STAGING_NAME = ".tmp-staging"
LOCK_NAME = ".tmp-lock"
RUN_LOG_NAME = "run-log.jsonl"


@contextlib.contextmanager
def lock(root: Path) -> Iterator[None]:
    """Hold ``outputs/.tmp-lock`` so that two ``kca run`` never write the same outputs.

    Parameters
    ----------
    root
        The outputs folder (created if needed).

    Raises
    ------
    PipelineError
        When another ``kca run`` holds the lock.
    """
    import fcntl

    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK_NAME, "a+")  # noqa: SIM115 - closed below
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(
                f"another kca run is writing {root} (lock {root / LOCK_NAME}); wait for it"
            ) from None
        yield
    finally:
        handle.close()


def remove_leftovers(root: Path) -> None:
    """Remove the staging folder a killed run left behind (call it holding the lock).

    Parameters
    ----------
    root
        The outputs folder.
    """
    shutil.rmtree(root / STAGING_NAME, ignore_errors=True)


@contextlib.contextmanager
def staging_area(root: Path) -> Iterator[Path]:
    """Give a fresh ``outputs/.tmp-staging/`` and remove it afterwards, whatever happens.

    Parameters
    ----------
    root
        The outputs folder.

    Yields
    ------
    Path
        The empty staging folder (one left by a killed run is removed first).
    """
    staging = root / STAGING_NAME
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Let a Ctrl-C or SIGTERM arriving while files are moved into place wait until the move ends.

    Outside the main thread (or on Windows) this does nothing.
    """
    if sys.platform == "win32" or threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in previous:
        signal.signal(s, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if received:
            signal.raise_signal(received[0])


def make_marker(staging: Path) -> str:
    """Create a file of a random name in the staging folder and return its path.

    A Dask worker that sees it shares this filesystem (:mod:`kca_analysis.run.cluster`).

    Parameters
    ----------
    staging
        The staging folder.

    Returns
    -------
    str
        The file's absolute path.
    """
    import uuid

    marker = staging / f".runner-{uuid.uuid4().hex}"
    marker.touch()
    return str(marker)


def stage_name(job: Job) -> str:
    """Return the job's folder inside the staging folder: ``default/<run id>`` or ``runs/...``.

    Parameters
    ----------
    job
        A planned job.

    Returns
    -------
    str
        A relative path.
    """
    return ("default/" if job.default else "runs/") + job.run_id


def final_output_dir(root: Path, job: Job, notebooks_dir: str) -> str:
    """Return where the job's outputs end up, as the executed notebook should show it.

    Parameters
    ----------
    root
        The outputs folder.
    job
        A planned job.
    notebooks_dir
        The kernel's working folder.

    Returns
    -------
    str
        The folder relative to ``notebooks_dir`` (absolute on another drive).
    """
    target = root / job.folder if job.folder else root
    try:
        return os.path.relpath(target, notebooks_dir)
    except ValueError:
        return str(target)


def keep_failures(failed: Sequence[Result], root: Path) -> list[str]:
    """Save each failed notebook to ``outputs/failed/`` and return the messages for the user.

    Parameters
    ----------
    failed
        The results that are not ``ok``.
    root
        The outputs folder.

    Returns
    -------
    list of str
        One message per failure, with where its notebook was saved.
    """
    messages = []
    for result in failed:
        line = f"FAILED {result.run_id}: {result.error}"
        if result.failed_notebook and Path(result.failed_notebook).is_file():
            target = root / "failed" / f"{result.run_id.replace('/', '__')}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(result.failed_notebook, target)
            line += f"\n       saved with the error cell to {target}"
        messages.append(line)
    return messages


def what_changed(committed: Sequence[Job], defaults_discarded: bool) -> str:
    """Say, after a failure, which outputs changed and which were left as they were.

    Parameters
    ----------
    committed
        The jobs whose outputs were committed anyway.
    defaults_discarded
        Whether default runs succeeded but were not committed, because another default failed.

    Returns
    -------
    str
        One sentence for the user.
    """
    if not committed:
        return "no outputs were changed: the previous ones are intact"
    text = (
        f"the failed runs' previous outputs are intact; the {len(committed)} run(s) that "
        "succeeded were committed"
    )
    if defaults_discarded:
        text += (
            "; the default outputs were not changed (they are committed only when every "
            "default run succeeds)"
        )
    return text


def _check_owners(runs: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Output -> run id; refuse two runs writing the same file before anything is touched."""
    owners: dict[str, str] = {}
    for run_id, record in sorted(runs.items()):
        for output in record.get("outputs", []):
            if output in owners:
                raise PipelineError(
                    f"{output} is written by both {owners[output]} and {run_id}; "
                    "give the figures and tables of each notebook their own names"
                )
            owners[output] = run_id
    return owners


def commit(
    jobs: Sequence[Job],
    todo: Sequence[Job],
    results: Sequence[Result],
    root: Path,
    staging: Path,
    manifest: Mapping[str, Any],
    full: bool,
    defaults: bool = True,
) -> dict[str, Any]:
    """Move every staged output into place and write the manifests.

    Call it inside :func:`deferred_interrupts`, with the jobs that succeeded. The default runs
    (the collection's outputs and its manifest) are committed together, and only when
    ``defaults`` is true (every default run succeeded); each other run has its own folder and
    manifest, swapped in whole.

    Parameters
    ----------
    jobs
        Every planned job (cached ones included).
    todo
        The jobs that were executed and succeeded.
    results
        Their results.
    root
        The outputs folder.
    staging
        The staging folder the jobs wrote into.
    manifest
        The main manifest before this run.
    full
        The plan is the whole collection: runs no longer planned are dropped with their outputs.
    defaults
        Commit the default runs (false when one of them failed: the default outputs stay).

    Returns
    -------
    dict
        The main manifest after this run.

    Raises
    ------
    PipelineError
        When two runs write the same output (nothing is moved then).
    """
    by_id = {r.run_id: r for r in results}
    new_manifest = dict(manifest)
    if defaults:
        new_manifest = _commit_defaults(jobs, todo, by_id, root, staging, manifest, full)
    for job in (j for j in todo if not j.default):
        _commit_run(job, by_id[job.run_id], root, staging)
    return new_manifest


def _commit_defaults(jobs, todo, by_id, root, staging, manifest, full) -> dict[str, Any]:
    """The default runs: their outputs into place, the stale ones removed, the main manifest."""
    planned = {j.run_id for j in jobs}
    default_jobs = [j for j in todo if j.default]
    old_runs: dict[str, Any] = dict(manifest.get("runs", {}))
    runs = {k: v for k, v in old_runs.items() if not full or k in planned}
    for job in default_jobs:
        runs[job.run_id] = run_record(job, by_id[job.run_id].outputs)
    owners = _check_owners(runs)
    stale = {o for record in old_runs.values() for o in record.get("outputs", [])} - set(owners)
    for job in default_jobs:
        _move_default(job, by_id[job.run_id], root, staging)
    for run_id in set(old_runs) - set(runs):
        for name in (f"{run_id}.ipynb", f"{run_id}{DEFAULT_SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):
                (root / "notebooks" / name).unlink()
    for output in sorted(stale):
        with contextlib.suppress(FileNotFoundError):
            (root / output).unlink()
    new_manifest = dict(manifest)
    if default_jobs or runs != old_runs or not manifest:
        new_manifest = build_manifest(dict(sorted(runs.items())), root)
        atomic_write_text(root / MANIFEST_NAME, manifest_text(new_manifest))
    return new_manifest


def _move_default(job: Job, result: Result, root: Path, staging: Path) -> None:
    stage = staging / stage_name(job)
    for output in result.outputs:
        target = root / output
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / "out" / output, target)
    if job.kind == "notebook":
        target = root / executed_path(job)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / RESULTS_NAME, record_path(root, job))
        os.replace(stage / "executed.ipynb", target)


def _commit_run(job: Job, result: Result, root: Path, staging: Path) -> None:
    """A non-default run: its own folder under ``outputs/runs/``, swapped in whole."""
    stage = staging / stage_name(job)
    folder = stage / "out"
    if job.kind == "notebook":
        os.replace(stage / "executed.ipynb", folder / f"{job.name}.ipynb")
        os.replace(stage / RESULTS_NAME, folder / RESULTS_NAME)
    record = run_record(job, result.outputs)
    text = manifest_text(build_manifest({job.run_id: record}, folder))
    atomic_write_text(folder / MANIFEST_NAME, text)
    swap_dir(folder, root / job.folder)


def swap_dir(new: Path, target: Path) -> None:
    """Replace the folder ``target`` by ``new`` (renames only; the old one is then removed).

    Parameters
    ----------
    new
        A complete folder on the same filesystem.
    target
        Where it goes; need not exist.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".tmp-old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def append_run_log(
    root: Path,
    results: Sequence[Result],
    cached: Sequence[str],
    seconds: float,
    exit_code: int,
    phases: Mapping[str, float] | None = None,
) -> None:
    """Append one line to ``outputs/run-log.jsonl``: timings, memory, reads, errors of this run.

    Parameters
    ----------
    root
        The outputs folder.
    results
        What the executed jobs reported.
    cached
        The run ids that were cached.
    seconds
        Wall-clock time of the whole run.
    exit_code
        What ``kca run`` exits with.
    phases
        Wall-clock seconds of the run's steps (prepare, execute, commit, book, tables).
    """
    entry = {
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(seconds, 3),
        "exit_code": exit_code,
        "cached": list(cached),
        "phases": dict(phases or {}),
        "runs": [
            {
                "run": r.run_id,
                "status": r.status,
                "seconds": r.seconds,
                "peak_rss_mb": r.peak_rss_mb,
                "kernel_retries": r.kernel_retries,
                "error": r.error,
                "reads": r.reads,
                "phases": r.phases,
                "figures": {
                    "drawn": sum(not f["reused"] for f in r.figures),
                    "copied": sum(bool(f["reused"]) for f in r.figures),
                },
            }
            for r in results
        ],
    }
    with open(root / RUN_LOG_NAME, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")


def last_seconds(root: Path) -> dict[str, float]:
    """Return the seconds each run took when it last succeeded, from the end of the run log.

    Parameters
    ----------
    root
        The outputs folder.

    Returns
    -------
    dict
        Run id -> seconds; empty when there is no log.
    """
    seconds: dict[str, float] = {}
    try:
        with open(root / RUN_LOG_NAME, encoding="utf-8") as handle:
            lines = handle.readlines()[-50:]
    except OSError:
        return seconds
    for line in lines:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            for run in json.loads(line)["runs"]:
                if run.get("status") == "ok":
                    seconds[run["run"]] = float(run["seconds"])
    return seconds
