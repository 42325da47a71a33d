"""``kca run`` from start to end: plan, cache, execute, commit, publish.

:func:`plan` (from :mod:`kca_analysis.run.plan`) turns the command line into checked jobs;
:func:`run` executes them and reads as the sequence of its steps: take the lock, keep what is
cached, stage the others, execute them on the workers, then either keep the failures (nothing
changes) or commit the outputs and the manifest and publish the book (:mod:`.book`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from kca_analysis import paths

from . import book, cluster, figure_cache, runtime, staging
from .manifest import MANIFEST_NAME, is_cached, load_manifest, manifest_path, outputs_root
from .plan import Job, plan, plan_batch
from .results import write_tables
from .tasks import Result, Task
from .workers import Progress, execute_all

__all__ = ["Report", "plan", "plan_batch", "run"]


@dataclass
class Report:
    """What :func:`run` did; ``exit_code`` is 0, or 1 when a job failed."""

    results: list[Result]
    cached: list[str]
    seconds: float
    exit_code: int
    messages: list[str] = field(default_factory=list)
    #: Wall-clock seconds of the run's steps (prepare, execute, commit, book, tables).
    phases: dict[str, float] = field(default_factory=dict)


def run(
    jobs: Sequence[Job],
    *,
    outputs_dir: Path | str | None = None,
    notebooks_dir: Path | str | None = None,
    force: bool = False,
    workers: int | None = None,
    executor=None,
    stream: TextIO | None = None,
    build_site: bool = True,
    env: Mapping[str, str] | None = None,
    timeout: int | None = None,
    full: bool = False,
    dask: str | None = None,
) -> Report:
    """Execute ``jobs`` (from :func:`plan`) and move their outputs into place.

    Parameters
    ----------
    jobs
        The planned jobs; their parameters are already checked.
    outputs_dir
        The outputs folder (default: ``$KCA_OUTPUTS_DIR`` or ``outputs/``).
    notebooks_dir
        The kernels' working folder (default ``notebooks/``).
    force
        Execute even the jobs whose fingerprint and outputs are unchanged.
    workers
        Parallel jobs (default: the CPU count).
    executor
        Any ``concurrent.futures.Executor``; by default a pool of ``workers`` processes. The
        caller keeps ownership of an executor it passes (it is not shut down here).
    stream
        Where progress lines go (default stdout).
    build_site
        Rebuild the book (``outputs/site/``) when it is stale.
    env
        Extra environment variables of the kernels.
    timeout
        Seconds allowed per cell (default: none).
    full
        The jobs are the whole collection: runs no longer planned are removed from the manifest
        and their outputs deleted.
    dask
        Execute on Dask (:mod:`kca_analysis.run.cluster`): a scheduler address, or
        ``local[:N]`` for a LocalCluster; ``None`` runs locally.

    Returns
    -------
    Report
        ``exit_code`` 0 when everything succeeded or was cached, 1 when a job failed (then its
        outputs were not changed, nor the default outputs if it is a default run).

    Raises
    ------
    PipelineError
        When another run holds the lock, or two runs write the same output.
    KeyboardInterrupt
        After stopping every worker and kernel; the outputs are left as they were.
    """
    started = time.perf_counter()
    clock = _Clock()
    runtime.remove_stale()  # runtime folders of runs that were killed (never a live run's)
    root = outputs_root(outputs_dir)
    notebooks_dir = str(Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve())
    progress = _progress(jobs, stream)
    with staging.lock(root):
        staging.remove_leftovers(root)  # a killed run's staging folder
        manifest = load_manifest(root / MANIFEST_NAME)
        todo, cached = _split_cached(jobs, root, manifest, force, progress)
        site_needed = build_site and book.is_stale(root, manifest, any(j.default for j in todo))
        if not todo and not site_needed and not (full and _prunable(manifest, jobs)):
            write_tables(root, jobs, {}, set())
            return _finish(progress, [], cached, started)
        figures = figure_cache.load(root) if figure_cache.enabled() else {}
        with staging.staging_area(root) as stage:
            marker = staging.make_marker(stage)
            tasks = [
                _task(job, root, stage, notebooks_dir, env, timeout, marker, figures)
                for job in todo
            ]
            clock.lap("prepare")
            with cluster.engine(dask, executor, workers) as (pool, slots, where):
                if where:
                    print(f"dask    {where}", file=progress.stream, flush=True)
                results = execute_all(
                    tasks,
                    workers=slots,
                    executor=pool,
                    progress=progress,
                    env=env,
                    last_seconds=staging.last_seconds(root),
                    remote=bool(where),
                )
            clock.lap("execute")
            messages = _commit(jobs, todo, results, root, stage, manifest, full, build_site, clock)
        report = _finish(progress, results, cached, started, messages)
        report.phases = clock.phases
        staging.append_run_log(
            root, results, cached, report.seconds, report.exit_code, phases=report.phases
        )
        return report


class _Clock:
    """Wall-clock seconds of consecutive steps, for the run log."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(self.phases.get(name, 0.0) + now - self._last, 3)
        self._last = now


def _commit(jobs, todo, results, root, stage, manifest, full, build_site, clock) -> list[str]:
    """Keep the failures, commit what may be committed, publish the book, write the tables.

    Returns the messages for the user (one per failure, then what changed).
    """
    by_id = {r.run_id: r for r in results}
    failed = [r for r in results if r.status != "ok"]
    failed_defaults = [j.run_id for j in todo if j.default and by_id[j.run_id].status != "ok"]
    done = [
        j for j in todo if by_id[j.run_id].status == "ok" and not (j.default and failed_defaults)
    ]
    messages = staging.keep_failures(failed, root)
    why = f"not committed: {', '.join(failed_defaults)} failed (default outputs change together)"
    with staging.deferred_interrupts():
        new = staging.commit(jobs, done, results, root, stage, manifest, full, not failed_defaults)
        committed = [j for j in done if not (j.default and failed_defaults)]
        figure_cache.update(root, [(j, by_id[j.run_id]) for j in committed])
        clock.lap("commit")
        # A failed command leaves the book as it was; so does one whose pages would not change.
        if build_site and not failed:
            if book.is_stale(root, new, False):
                messages += book.publish(root, stage, new)
            clock.lap("book")
        write_tables(root, jobs, by_id, {j.run_id for j in done}, why)
        clock.lap("tables")
    if failed:
        discarded = any(j.default for j in todo if j not in done and by_id[j.run_id].status == "ok")
        messages.append(staging.what_changed(done, discarded))
    return messages


def _progress(jobs: Sequence[Job], stream: TextIO | None) -> Progress:
    """The progress printer of a run, wide enough for its longest run id."""
    progress = Progress(len(jobs), stream)
    progress.width = max([progress.width, *(len(j.run_id) for j in jobs)])
    return progress


def _split_cached(jobs, root, manifest, force, progress) -> tuple[list[Job], list[str]]:
    """The jobs to execute, and the run ids that are cached (each reported as it is found)."""
    todo: list[Job] = []
    cached: list[str] = []
    for job in jobs:
        job_manifest = manifest if job.default else load_manifest(manifest_path(root, job))
        if not force and is_cached(job, root, job_manifest):
            cached.append(job.run_id)
            progress.line("cached", job.run_id)
        else:
            todo.append(job)
    return todo, cached


def _prunable(manifest: Mapping[str, Any], jobs: Sequence[Job]) -> bool:
    planned = {j.run_id for j in jobs if j.default}
    return any(run_id not in planned for run_id in manifest.get("runs", {}))


def _task(job: Job, root: Path, stage: Path, notebooks_dir: str, env, timeout, marker, figures):
    return Task(
        job=job,
        stage=str(stage / staging.stage_name(job)),
        notebooks_dir=notebooks_dir,
        final_output_dir=staging.final_output_dir(root, job, notebooks_dir),
        env=dict(env or {}),
        timeout=timeout,
        marker=marker,
        reusable_figures=figure_cache.reusable(job, root, figures),
    )


def _finish(progress, results, cached, started, messages=()) -> Report:
    """Print the failures and the summary line; return the report."""
    seconds = time.perf_counter() - started
    for message in messages:
        print(message, file=progress.stream, flush=True)
    ok = sum(r.status == "ok" for r in results)
    failed = len(results) - ok
    word = "failed" if failed else "done"
    summary = f"{word}: {ok} ok, {len(cached)} cached, {failed} failed in {seconds:.1f}s"
    print(summary, file=progress.stream, flush=True)
    return Report(list(results), list(cached), seconds, 1 if failed else 0, list(messages))
