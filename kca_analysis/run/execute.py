"""Execute one job in a worker: a notebook through papermill, or a Python step.

:func:`execute` runs in the worker (a process of the pool, or a thread of an in-process
executor): it writes everything into the job's staging folder and reports a :class:`Result`;
it never raises for a failing notebook. Moving outputs into place is the main process's business
(:mod:`kca_analysis.run.staging`).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kca_analysis import paths

from . import execlog, figure_cache, results
from .errors import PipelineError, UsageError
from .launch import (
    KERNEL_NAME,
    KERNEL_START_TIMEOUT,
    PeakMemory,
    kernel_env,
    start_kernel,
    stop_kernel,
)
from .manifest import executed_path
from .notebooks import parse_parameters_cell
from .tasks import Result, Task

if TYPE_CHECKING:
    from .plan import Job


def check_injection(parameters: Mapping[str, Any], kernel_name: str = KERNEL_NAME) -> None:
    """Prove that papermill's injected cell assigns exactly ``parameters``, as literals.

    A value is data: if the generated code were anything but ``name = literal`` lines giving
    back the same values, running it could execute part of a value. Refuse instead.

    Parameters
    ----------
    parameters
        Every value the notebook will be given, ``output_dir`` included.
    kernel_name
        The kernel papermill translates for.

    Raises
    ------
    UsageError
        When the generated cell is not literals only or gives back other values.
    """
    from papermill.translators import translate_parameters

    code = translate_parameters(kernel_name, "python", dict(parameters), "Parameters")
    try:
        got = parse_parameters_cell(code, "injected parameters")
    except UsageError as error:
        got = {"<not literal>": str(error)}
    if got != dict(parameters):
        raise UsageError(
            "a parameter value does not come back unchanged from papermill's quoting; refusing "
            f"to run it (values {dict(parameters)!r})"
        )


def _injected_output_dir(nb, final_output_dir: str) -> None:
    """Show where the outputs went, not the staging folder, and give the cell a stable id."""
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
            lines = cell.source.splitlines()
            cell.source = "\n".join(
                f"output_dir = {json.dumps(final_output_dir)}"
                if line.startswith("output_dir = ")
                else line
                for line in lines
            )


def _failure_text(error: BaseException) -> str:
    ename = getattr(error, "ename", None)
    if ename is not None:
        source = (getattr(error, "source", "") or "").strip().splitlines()
        first = source[0] if source else ""
        evalue = str(getattr(error, "evalue", "")).strip().splitlines()
        return (
            f"cell In [{getattr(error, 'exec_count', '?')}] (cell "
            f"{getattr(error, 'cell_index', '?')} of the executed notebook): "
            f"{ename}: {evalue[0] if evalue else ''} | first line: {first}"
        )
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def _collect(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )


def execute(task: Task) -> Result:
    """Execute one job into ``task.stage`` and report what happened.

    Runs in a worker. A failing notebook or step is reported, never raised: its error (cell,
    exception, first line of the cell) is in the result and, for a notebook, the executed copy
    with the error cell is kept for ``outputs/failed/``.

    Parameters
    ----------
    task
        The job and where to write.

    Returns
    -------
    Result
        ``ok`` with the files written under ``<stage>/out``, or ``failed`` with the error.

    Raises
    ------
    KeyboardInterrupt
        Passed on, for the main process to stop the run.
    """
    job = task.job
    stage = Path(task.stage)
    out = stage / "out"
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result = Result(run_id=job.run_id, status="ok")
    try:
        if job.kind == "step":
            _execute_step(job, out)
        else:
            _execute_notebook(task, out, result)
        result.outputs = _collect(out)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - reported to the user, run fails
        result.status = "failed"
        result.error = _failure_text(error)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _execute_step(job: Job, out: Path) -> None:
    function = job.function
    if function is None:
        module_name, _, attribute = job.target.partition(":")
        import importlib

        module = importlib.import_module(module_name)
        try:
            function = getattr(module, attribute)
        except AttributeError:
            raise PipelineError(
                f"{job.target}: {module_name} has no function {attribute}"
            ) from None
    function(str(out))


def _register_engine() -> str:
    """papermill's nbclient engine, closing its kernel client when the kernel is ours.

    nbclient leaves the client's sockets open when it was handed a started kernel manager; this
    engine asks it to close them (``cleanup_kc``), so workers running many notebooks leak nothing.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class KcaEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kc = kwargs.pop("kc", None)
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=__import__("papermill.log", fromlist=["logger"]).logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, **final)
            client.kc = kc  # ready already (start_kernel): nbclient skips its own wait
            return client.execute(cleanup_kc=True)

    papermill_engines.register("kca", KcaEngine)
    return "kca"


def _execute_notebook(task: Task, out: Path, result: Result) -> None:
    import nbformat
    import papermill

    job = task.job
    execlog.record(job.notebook_path, "kca run")  # counted by make bench (KCA_EXECUTION_LOG)
    stage = Path(task.stage)
    parameters = dict(job.parameters)
    if job.takes_output_dir:
        # Relative to the kernel's working folder (notebooks/), so the injected cell reads the
        # same in every run into the same outputs folder.
        parameters["output_dir"] = os.path.relpath(out, task.notebooks_dir)
    check_injection(parameters, task.kernel_name)
    env = kernel_env(task.env)
    reads_log = stage / "reads.log"
    env.setdefault("KCA_READ_LOG", str(reads_log))
    figures_log = stage / figure_cache.LOG_FILE
    env[figure_cache.LOG_ENV] = str(figures_log)
    if task.reusable_figures:
        reuse_list = figure_cache.write_reuse_list(stage, out, task.reusable_figures)
        env[figure_cache.REUSE_ENV] = str(reuse_list)
    clock = time.perf_counter()
    km, kc, reasons = start_kernel(
        task.kernel_name,
        task.notebooks_dir,
        env,
        KERNEL_START_TIMEOUT,
        str(stage / "kernel.log"),
        task.zygote,
    )
    result.kernel_retries = len(reasons)
    result.retry_reasons = reasons
    result.phases["kernel_start"] = round(time.perf_counter() - clock, 3)
    clock = time.perf_counter()
    executed = stage / "executed.ipynb"
    memory = PeakMemory(km)
    try:
        try:
            nb = papermill.execute_notebook(
                job.notebook_path,
                str(executed),
                parameters=parameters,
                kernel_name=task.kernel_name,
                language="python",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=task.timeout,
                engine_name=_register_engine(),
                km=km,
                kc=kc,
                shutdown_kernel="immediate",
            )
        finally:
            result.peak_rss_mb = memory.stop()
            with contextlib.suppress(Exception):
                kc.stop_channels()
            stop_kernel(km)
    except BaseException:
        if not executed.is_file():
            _write_failed_copy(job, executed)
        result.failed_notebook = str(executed)
        raise
    finally:
        if reads_log.is_file():
            result.reads = sorted(set(reads_log.read_text(encoding="utf-8").split()))
        result.figures = figure_cache.read_log(figures_log, out)
        result.phases.update(figure_cache.phases(result.figures))
    result.phases["execute"] = round(time.perf_counter() - clock, 3)
    result.recorded = results.take_recorded(out, stage, job.parameters)
    clock = time.perf_counter()
    _injected_output_dir(nb, task.final_output_dir)
    papermill_meta = nb.metadata.get("papermill", {})
    papermill_meta.update(
        {"input_path": paths.relative_to_root(job.notebook_path), "output_path": executed_path(job)}
    )
    if "output_dir" in papermill_meta.get("parameters", {}):
        papermill_meta["parameters"]["output_dir"] = task.final_output_dir
    # papermill validated the notebook when it saved it; write the edited copy as it does.
    executed.write_text(nbformat.v4.nbjson.writes(nb) + "\n", encoding="utf-8")
    result.phases["save"] = round(time.perf_counter() - clock, 3)


def _write_failed_copy(job: Job, target: Path) -> None:
    """When papermill saved nothing (a dead kernel), keep the input with a note on top."""
    import nbformat

    nb = nbformat.read(job.notebook_path, as_version=4)
    note = nbformat.v4.new_markdown_cell(
        "<span style='color:red'><b>kca run: execution stopped</b> (the kernel died or the run "
        "was interrupted); no cell outputs were saved.</span>"
    )
    note.metadata["tags"] = ["papermill-error-cell-tag"]
    nb.cells.insert(0, note)
    nbformat.write(nb, target)
