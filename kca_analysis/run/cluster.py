"""Runs on a Dask cluster: ``kca run --dask ADDRESS`` or ``--dask local[:N]``.

The runs go through ``Client.get_executor()``, the same ``concurrent.futures`` seam as the local
pool, so the plan, the cache, the staging, the commit and the manifest are those of a local run;
only where each notebook executes changes:

- ``--dask local[:N]`` starts a ``dask.distributed.LocalCluster`` of ``N`` worker processes
  (one thread each; default: the CPU count) for this command and closes it at the end;
  ``--dask ADDRESS`` connects to a running scheduler (``tcp://host:8786``) and waits up to
  :data:`WORKER_WAIT_SECONDS` for a first worker.
- A worker needs the same locked environment (``make env``) and the repository at the same
  path, at the same version: it reads the notebook and its inputs there. It checks that before
  executing (:func:`verify`: the job's fingerprint recomputed from its own files must be the
  runner's), and a worker whose copy differs fails the run with the files that differ. It needs
  no access to the runner's ``outputs/``: a worker that shares the runner's filesystem writes
  into the runner's staging folder, as a local worker does; any other writes at the same path
  on its own machine (it must be allowed to create it) and sends the files (outputs, executed
  notebook, recorded results) back with the result (:func:`receive`). Either way the runner
  commits them as a local run's.
- Each worker process forks its kernels from its own zygote, started on its first run; the
  zygote and its kernels exit when the worker does (:mod:`kca_analysis.run.zygote`).
- When a worker dies mid-run (killed, out of memory), its kernel dies with it and nothing of the
  run has reached ``outputs/`` (only the staging folder, and only a finished run is committed).
  The scheduler runs the task again on another worker (the new attempt starts from an empty
  staging folder), up to ``distributed.scheduler.allowed-failures`` times (3 by default); after
  that the run is reported as failed (``KilledWorker``) like any failed run.
- Ctrl-C cancels what has not started; a run already executing on a remote worker finishes
  there and is discarded (a ``local`` cluster is closed at once, with its workers and kernels).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import kernels
from .errors import PipelineError, UsageError
from .execute import execute
from .fingerprint import Hasher
from .launch import kernel_env
from .plan import refingerprint
from .tasks import Result, Task

#: Seconds to wait for a first worker on a scheduler given by address.
WORKER_WAIT_SECONDS = 60
#: Seconds to wait for a scheduler given by address to answer.
CONNECT_SECONDS = 10
_LOCAL = re.compile(r"local(?::(\d+))?")


def parse_spec(spec: str) -> tuple[str, int | None]:
    """Read ``--dask``: ``("local", N or None)`` or ``("address", None)``.

    Parameters
    ----------
    spec
        ``local``, ``local:N`` or a scheduler address.

    Returns
    -------
    tuple
        The kind and, for ``local:N``, the number of workers.

    Raises
    ------
    UsageError
        For ``local:0``, an empty text or a ``local:`` form that is not ``local:N``.
    """
    text = spec.strip()
    match = _LOCAL.fullmatch(text)
    if match:
        workers = int(match.group(1)) if match.group(1) else None
        if workers == 0:
            raise UsageError("--dask local:N expects N >= 1 workers")
        return "local", workers
    if not text or text.startswith("local:"):
        raise UsageError(f"--dask expects local, local:N or a scheduler address, got {spec!r}")
    return "address", None


def _client(spec: str):
    """A connected ``Client`` and the ``LocalCluster`` it owns (``None`` for an address)."""
    kind, workers = parse_spec(spec)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise PipelineError(
            "--dask needs dask[distributed] (the 'dask' extra, in requirements.lock): run make env"
        ) from None
    if kind == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        return Client(cluster), cluster
    try:
        client = Client(spec, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise PipelineError(f"cannot reach the Dask scheduler at {spec}: {error}") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except Exception:
        client.close()
        raise PipelineError(
            f"no Dask worker joined the scheduler at {spec} within {WORKER_WAIT_SECONDS} s"
        ) from None
    return client, None


@contextlib.contextmanager
def engine(spec: str | None, executor: Any, workers: int | None) -> Iterator[tuple]:
    """Yield what executes the tasks: ``(executor, workers, remote)``.

    Parameters
    ----------
    spec
        ``--dask`` (:func:`parse_spec`), or ``None`` to run locally.
    executor
        An executor chosen by the caller (local runs only), or ``None``.
    workers
        ``--jobs``: at most this many runs at once (default: every thread of the cluster).

    Yields
    ------
    tuple
        ``(executor, workers, where)``: unchanged and ``""`` without ``spec``; else the client's
        executor, the number of runs to keep in flight, and a description of the cluster.

    Raises
    ------
    UsageError
        When both ``spec`` and ``executor`` are given, or ``spec`` is malformed.
    PipelineError
        When Dask is not installed, the scheduler cannot be reached or has no worker.
    """
    if spec is None:
        yield executor, workers, ""
        return
    if executor is not None:
        raise UsageError("give either an executor or --dask, not both")
    client, cluster = _client(spec)
    try:
        threads = client.nthreads()
        where = f"{len(threads)} Dask worker(s), {sum(threads.values())} thread(s)"
        where += f" ({'LocalCluster at ' if cluster else ''}{client.scheduler.address})"
        yield client.get_executor(pure=False), workers or sum(threads.values()) or 1, where
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def verify(job) -> str:
    """Return why this machine's copy of the job's files differs from the runner's, or ``""``.

    Parameters
    ----------
    job
        The job as the runner planned it.

    Returns
    -------
    str
        ``""`` when the fingerprint recomputed here is the job's; else what differs.
    """
    hasher = Hasher()
    try:
        here = refingerprint(job, hasher)
    except PipelineError as error:
        return f"cannot read the job's files on this worker: {error}"
    if here == job.fingerprint:
        return ""
    differing = sorted(f for f, sha in job.inputs.items() if hasher.file(f) != sha)
    what = ", ".join(differing) if differing else "the notebook, the library or the lock"
    return (
        f"this worker's copy of the repository differs from the runner's ({what}); a Dask "
        "worker needs the repository at the same path and version, and the same environment"
    )


_ZYGOTE: kernels.RunZygote | None = None
_ZYGOTE_LOCK = threading.Lock()


def _close_zygote() -> None:
    with _ZYGOTE_LOCK:
        if _ZYGOTE is not None:
            _ZYGOTE.close()


def worker_zygote(env: dict[str, str]) -> str:
    """Return the socket of this worker process's own zygote, started on first use.

    Parameters
    ----------
    env
        The extra environment of the kernels.

    Returns
    -------
    str
        The zygote's address; ``""`` when kernels are spawned (``KCA_KERNEL_LAUNCH=spawn``).
    """
    global _ZYGOTE
    if not kernels.enabled():
        return ""
    with _ZYGOTE_LOCK:
        if _ZYGOTE is None or not _ZYGOTE.alive():
            if _ZYGOTE is None:
                atexit.register(_close_zygote)
            else:
                _ZYGOTE.close()
            _ZYGOTE = kernels.RunZygote(kernel_env(env))
        return _ZYGOTE.address


def _pack(stage: Path) -> dict[str, bytes]:
    return {
        p.relative_to(stage).as_posix(): p.read_bytes()
        for p in sorted(stage.rglob("*"))
        if p.is_file()
    }


def execute_remote(task: Task) -> Result:
    """Execute one task on a Dask worker; send its files back unless the runner sees them.

    The run executes in the runner's staging folder, at the same path: on a shared filesystem
    (the worker sees the runner's marker file) that is the runner's folder itself; elsewhere it
    is the same path on this machine, whose files go back with the result and are removed
    here. The same path gives the kernel the same ``output_dir`` text as a local run, so a
    notebook that shows it shows the same bytes. What an attempt of a worker that died left
    there is removed first.

    Parameters
    ----------
    task
        As for :func:`kca_analysis.run.execute.execute`.

    Returns
    -------
    Result
        With ``files`` (path in the staging folder -> bytes) when they must travel; ``failed``
        when this worker's files differ from the runner's (:func:`verify`).
    """
    differs = verify(task.job)
    if differs:
        return Result(task.job.run_id, "failed", error=differs)
    shared = bool(task.marker) and os.path.exists(task.marker)
    stage = Path(task.stage)
    shutil.rmtree(stage, ignore_errors=True)
    try:
        result = execute(replace(task, zygote=worker_zygote(task.env)))
        if not shared:
            result.files = _pack(stage)
            result.failed_notebook = (
                Path(result.failed_notebook).name if result.failed_notebook else ""
            )
        return result
    finally:
        if not shared:
            shutil.rmtree(stage, ignore_errors=True)


def receive(result: Result, task: Task) -> Result:
    """Write the files a remote run sent back into its staging folder (in the runner).

    Parameters
    ----------
    result
        From :func:`execute_remote`.
    task
        The task as the runner made it (its ``stage`` is the runner's staging folder).

    Returns
    -------
    Result
        The same result, its files written and its paths pointing into the staging folder
        (unchanged when the worker wrote there itself).
    """
    stage = Path(task.stage)
    for relative, data in result.files.items():
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    result.files = {}
    if result.failed_notebook and not os.path.isabs(result.failed_notebook):
        result.failed_notebook = str(stage / result.failed_notebook)
    return result
