"""Run the tasks in parallel: the executor, its worker processes, interrupts and progress lines.

Any ``concurrent.futures.Executor`` can run the tasks; by default a pool of worker processes
forked from multiprocessing's fork server, which has imported papermill and nbformat once. One
kernel zygote per run (:mod:`kca_analysis.run.kernels`) is shared by the workers; on Dask
(:mod:`kca_analysis.run.cluster`) each worker has its own. The longest tasks start first; on
Ctrl-C or SIGTERM the pool is terminated and every kernel stopped; a pool worker also stops its
kernel and exits when the main process dies, whatever killed it (:func:`worker_init`), and a
worker that dies fails its task (and, the pool being broken, the tasks not yet started).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, TextIO

from . import cluster, kernels
from .execute import execute
from .inputs import undeclared
from .launch import kernel_env, stop_all_kernels
from .tasks import Result, Task

#: Imported once by the fork server that starts the worker processes: only what executing a
#: notebook imports (nbconvert is not, and cost every run 0.12 s before its first job).
WORKER_PRELOAD = (
    "kca_analysis.run.forkserver_exit",
    "kca_analysis.run.lean",
    "kca_analysis.run.execute",
    "papermill",
    "nbformat",
)


class Progress:
    """One line per job as it starts and ends, and a summary; to ``stream`` (stdout).

    Parameters
    ----------
    total
        The number of jobs planned.
    stream
        Where lines go (default ``sys.stdout``).
    """

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total = total
        self.stream = stream or sys.stdout
        self.width = 28

    def line(self, status: str, run_id: str, seconds: float | None = None, note: str = "") -> None:
        """Print ``status run_id [seconds] [note]`` and flush.

        Parameters
        ----------
        status
            ``start``, ``ok``, ``failed`` or ``cached``.
        run_id
            The job's run id.
        seconds
            How long it took, for an end line.
        note
            A retry, an undeclared read or an error.
        """
        text = f"{status:<7} {run_id:<{self.width}}"
        if seconds is not None:
            text += f" {seconds:6.1f}s"
        if note:
            text += f"  {note}"
        print(text.rstrip(), file=self.stream, flush=True)


def _on_sigterm(signum, frame):  # pragma: no cover - runs in worker processes
    stop_all_kernels(graceful=False)
    os._exit(128 + signum)


def _exit_with_main() -> None:
    """Watch the main process from a thread; when it ends, stop this worker's kernels and exit.

    multiprocessing gives each worker a sentinel of the process that made it: the read end of a
    pipe whose write end only the main process holds, so it reads end-of-file the moment that
    process is gone. Waiting on it costs nothing and reacts at once. The parent-death signal
    cannot serve here: a worker's parent is the fork server, and the fork server itself only
    exits when every worker has.
    """
    import multiprocessing
    import threading

    main = multiprocessing.parent_process()
    if main is None:
        return

    def watch() -> None:
        main.join()
        stop_all_kernels(graceful=False)
        os._exit(1)

    threading.Thread(target=watch, name="kca-exit-with-main", daemon=True).start()


def worker_init() -> None:
    """Initialise a worker process: Ctrl-C is the parent's business; SIGTERM stops the kernel.

    A worker also stops its kernel and exits as soon as the main process is gone, whatever
    killed it (:func:`_exit_with_main`), so that it never outlives its run.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _exit_with_main()
    # Imported once per worker (or once for all, by the fork server), not once per notebook.
    import papermill  # noqa: F401


def default_executor(workers: int):
    """Return a pool of ``workers`` worker processes.

    Where available they are forked from multiprocessing's fork server, a clean process (not a
    fork of this one, which may hold threads) that has imported papermill and nbformat once, so
    no worker pays for those imports again; elsewhere they are spawned.

    Parameters
    ----------
    workers
        The number of processes.

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor
        Its workers run :func:`worker_init` first.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(WORKER_PRELOAD))
    else:  # pragma: no cover - Windows
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=worker_init)


def terminate_executor(executor) -> None:
    """Stop a pool now: cancel queued work, terminate its processes (they stop their kernels).

    Parameters
    ----------
    executor
        A pool from :func:`default_executor`, or an in-process executor.
    """
    procs = getattr(executor, "_processes", {}) or {}
    processes = list(procs)
    for pid in processes:
        with contextlib.suppress(Exception):
            procs[pid].terminate()
    with contextlib.suppress(Exception):
        executor.shutdown(wait=False, cancel_futures=True)
    stop_all_kernels()  # kernels started by in-process (thread) workers
    for pid in processes:
        with contextlib.suppress(Exception):
            procs[pid].join(10)


def start_zygote(tasks: Sequence[Task], env: Mapping[str, str] | None) -> kernels.RunZygote | None:
    """Return a started zygote when some task executes a notebook and forking is enabled.

    Parameters
    ----------
    tasks
        The tasks of the run.
    env
        Extra environment of the kernels.

    Returns
    -------
    RunZygote or None
        ``None`` when kernels are spawned (``KCA_KERNEL_LAUNCH=spawn``) or no notebook runs.
    """
    notebooks = [t.job.notebook_path for t in tasks if t.job.kind == "notebook"]
    if not kernels.enabled() or not notebooks:
        return None
    return kernels.RunZygote(kernel_env(env or {}), kernels.preload_for(notebooks))


def _undeclared_reads(task: Task, result: Result) -> list[str]:
    if not task.job.inputs_declared:
        return []
    return undeclared(task.job.inputs, result.reads)


def _note(task: Task, result: Result) -> str:
    """What the end line of a task adds: a retried start, undeclared reads, the error."""
    note = ""
    if result.kernel_retries:
        note = "kernel start retried once: " + "; ".join(result.retry_reasons)
    undeclared = _undeclared_reads(task, result)
    if undeclared:
        note += "read files not in metadata kca.inputs: " + ", ".join(undeclared)
    if result.status != "ok":
        note = (note + "  " if note else "") + result.error
    return note


def _not_run(tasks: Sequence[Task], error: BaseException, progress: Progress) -> list[Result]:
    """Failed results for tasks that could not be submitted (the pool is broken)."""
    results = []
    for task in tasks:
        result = Result(
            task.job.run_id, "failed", error=f"not run: the workers stopped ({error!r})"
        )
        progress.line(result.status, task.job.run_id, 0.0, result.error)
        results.append(result)
    return results


def execute_all(
    tasks: Sequence[Task],
    *,
    workers: int | None,
    executor,
    progress: Progress,
    env: Mapping[str, str] | None,
    last_seconds: Mapping[str, float],
    remote: bool = False,
) -> list[Result]:
    """Execute ``tasks`` on ``executor`` (or a new pool), longest first; return their results.

    Parameters
    ----------
    tasks
        One per job to execute.
    workers
        Parallel tasks (default: the CPU count).
    executor
        A ``concurrent.futures.Executor`` the caller owns, or ``None`` for a pool of ``workers``
        processes made (and shut down) here.
    progress
        Gets a start and an end line per task.
    env
        Extra environment of the kernels (for the zygote; each task carries its own too).
    last_seconds
        Run id -> seconds of its last run: the order of submission (unknown counts as long). The
        order changes no output.
    remote
        ``executor`` is a Dask client's: each task runs through
        :func:`~kca_analysis.run.cluster.execute_remote` and its files come back to its
        staging folder here.

    Returns
    -------
    list of Result
        In the order of ``tasks``; a worker that died gives a ``failed`` result.

    Raises
    ------
    KeyboardInterrupt
        After stopping the pool and every kernel.
    """
    from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, wait

    if not tasks:
        return []
    workers = max(1, workers or os.cpu_count() or 1)
    own = executor is None
    # A remote worker forks its kernels from its own zygote (cluster.py), never from ours.
    zygote = None if remote else start_zygote(tasks, env)
    function = cluster.execute_remote if remote else execute
    if own:
        executor = default_executor(min(workers, len(tasks)))
    address = zygote.address if zygote is not None else ""
    queue = sorted(tasks, key=lambda t: -last_seconds.get(t.job.run_id, math.inf))
    running: dict[Any, Task] = {}
    results: list[Result] = []
    try:
        while queue or running:
            while queue and len(running) < workers:
                task = replace(queue.pop(0), zygote=address)
                try:
                    future = executor.submit(function, task)
                except (BrokenExecutor, RuntimeError) as error:
                    # A worker died and broke the pool: what is left cannot run.
                    results += _not_run([task, *queue], error, progress)
                    queue = []
                    break
                progress.line("start", task.job.run_id)
                running[future] = task
            if not running:
                break
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                task = running.pop(future)
                try:
                    result = future.result()
                    if remote:
                        result = cluster.receive(result, task)
                except Exception as error:  # a worker died (killed, out of memory)
                    result = Result(task.job.run_id, "failed", error=f"worker crashed: {error!r}")
                results.append(result)
                progress.line(result.status, task.job.run_id, result.seconds, _note(task, result))
    except BaseException:
        if own:
            terminate_executor(executor)
        else:
            for future in running:
                future.cancel()
            stop_all_kernels()
        raise
    finally:
        if zygote is not None:
            zygote.close()
    if own:
        executor.shutdown(wait=True)
    order = {t.job.run_id: i for i, t in enumerate(tasks)}
    return sorted(results, key=lambda r: order[r.run_id])
