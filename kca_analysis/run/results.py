"""Recorded results: each run's named values, and one table per notebook.

A notebook records its headline results with :func:`kca_analysis.files.record_results`, which
writes ``<output_dir>/results.json``. The worker takes that file out of the run's outputs (it is
a record of the run, not a figure or a table) and checks it (:func:`take_recorded`); the commit
keeps it beside the executed notebook (:func:`record_path`): ``notebooks/<run id>.results.json``
for a default run, ``runs/<run id>/results.json`` for any other. Every notebook run has one (``{}``
when the notebook records nothing), and a run without it is not cached.

After each ``kca run``, :func:`write_tables` writes ``runs/<notebook>/results.csv`` for every
notebook of the command: one row per run (executed, cached or failed) with its run id, its
status, every parameter and every recorded value, and the error of a failed run. Rows are sorted
by the parameters' values (in the notebook's parameter order), so the same runs give the same
bytes whatever order the command listed them in. The table is a report of the last command, like
the run log: it is rewritten even when a run fails, and a failed run is a row, never a gap.

Statuses: ``ok`` (executed, or cached, and its outputs are in place), ``failed`` (with the
error), ``discarded`` (executed without error, but not committed, because a run it is committed
with failed: the collection's default outputs change together or not at all).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kca_analysis.files import RESULTS_NAME, atomic_write_text, format_float

from .errors import PipelineError

if TYPE_CHECKING:
    from .plan import Job

#: Columns of every results table, beside the parameters and the recorded values.
FIXED_COLUMNS = ("run", "status", "error")
#: The table's name, in ``runs/<notebook>/``.
TABLE_NAME = "results.csv"
#: Suffix of a default run's record, beside its executed notebook.
DEFAULT_SUFFIX = ".results.json"


def record_path(root: Path, job: Job) -> Path:
    """Return where the recorded results of ``job`` are kept.

    Parameters
    ----------
    root
        The outputs folder.
    job
        A notebook job.

    Returns
    -------
    Path
        ``notebooks/<run id>.results.json`` for a default run, else
        ``runs/<run id>/results.json``.
    """
    if job.default:
        return root / "notebooks" / f"{job.run_id}{DEFAULT_SUFFIX}"
    return root / job.folder / RESULTS_NAME


def _json_text(record: Mapping[str, Any]) -> str:
    """The same text :func:`kca_analysis.files.record_results` writes."""
    return json.dumps(dict(record), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _checked(record: Any, parameters: Mapping[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise PipelineError(f"{where}: expected a JSON object of named values")
    for name, value in record.items():
        if not (isinstance(name, str) and name.isidentifier()):
            raise PipelineError(f"{where}: result name {name!r} is not an identifier")
        if name in parameters or name in FIXED_COLUMNS:
            raise PipelineError(
                f"{where}: result {name!r} has the name of a parameter or of the column "
                f"{name!r} of results.csv; record it under another name"
            )
        ok = value is None or isinstance(value, bool | int | str)
        ok |= isinstance(value, float) and math.isfinite(value)
        if not ok:
            raise PipelineError(
                f"{where}: result {name!r} = {value!r}; expected a number, text, a boolean or null"
            )
    return dict(record)


def take_recorded(out: Path, stage: Path, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Move a run's ``results.json`` out of its outputs into ``stage``, checked; return it.

    Runs in the worker after the notebook. Without a file, the run recorded nothing: ``{}`` is
    written, so that every notebook run has its record.

    Parameters
    ----------
    out
        The run's ``output_dir``.
    stage
        The run's staging folder; the record goes to ``<stage>/results.json``.
    parameters
        The run's parameters (a result may not take a parameter's name).

    Returns
    -------
    dict
        Result name -> value.

    Raises
    ------
    PipelineError
        When the file is not a JSON object of names to numbers, texts, booleans or null, or a
        name is a parameter's or a column's: the run fails with that message.
    """
    source = out / RESULTS_NAME
    target = stage / RESULTS_NAME
    if not source.is_file():
        atomic_write_text(target, "{}\n")
        return {}
    try:
        record = json.loads(source.read_text(encoding="utf-8"))
    except ValueError as error:
        raise PipelineError(f"recorded results {RESULTS_NAME}: not JSON ({error})") from None
    record = _checked(record, parameters, f"recorded results {RESULTS_NAME}")
    os.replace(source, target)
    return record


def read_recorded(path: Path) -> dict[str, Any] | None:
    """Return the recorded results kept at ``path``, or ``None`` when missing or unreadable.

    Parameters
    ----------
    path
        From :func:`record_path`.

    Returns
    -------
    dict or None
        Result name -> value.
    """
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def cell(value: Any) -> str:
    """Return a value as the text of a results.csv cell.

    Parameters
    ----------
    value
        A parameter's or a recorded value.

    Returns
    -------
    str
        ``true``/``false``; floats as in the CSV tables (:func:`kca_analysis.files.format_float`);
        ``""`` for ``None``; a list as ``-p`` takes it (``UZB,KAZ``, or JSON when an item holds a
        comma), so that a row can be run again.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, list):
        items = [cell(v) for v in value]
        if any("," in item for item in items) or not items:
            return json.dumps(value, ensure_ascii=False)
        return ",".join(items)
    return str(value)


def _order(value: Any) -> tuple:
    """A sort key that orders values of one parameter naturally (numbers as numbers)."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float):
        return (2, value)
    if isinstance(value, list):
        return (4, tuple(_order(v) for v in value))
    return (3, str(value))


def table_text(rows: Sequence[Mapping[str, Any]], parameters: Sequence[str]) -> str:
    """Return the results table of one notebook as CSV text.

    Parameters
    ----------
    rows
        One per run: ``run``, ``status``, ``error``, ``parameters`` (name -> value) and
        ``recorded`` (name -> value).
    parameters
        The notebook's parameter names, in its order.

    Returns
    -------
    str
        ``run,status,<parameters>,<recorded names, sorted>,error`` and one line per run, sorted
        by the parameters' values; ``\\n`` line endings.
    """
    names = sorted({name for row in rows for name in row["recorded"]})
    ordered = sorted(
        rows, key=lambda r: (tuple(_order(r["parameters"].get(p)) for p in parameters), r["run"])
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["run", "status", *parameters, *names, "error"])
    for row in ordered:
        writer.writerow(
            [
                row["run"],
                row["status"],
                *(cell(row["parameters"].get(p)) for p in parameters),
                *(cell(row["recorded"].get(n)) for n in names),
                row["error"],
            ]
        )
    return buffer.getvalue()


def _row(job: Job, root: Path, result: Any, committed: bool, why: str) -> dict[str, Any]:
    """One run's row: from its result when it was executed, else from its kept record."""
    row = {"run": job.run_id, "parameters": job.parameters, "recorded": {}, "error": ""}
    if result is None:
        row["recorded"] = read_recorded(record_path(root, job)) or {}
        row["status"] = "ok"
    elif result.status != "ok":
        row["status"], row["error"] = "failed", result.error
    else:
        row["recorded"] = dict(result.recorded or {})
        row["status"] = "ok" if committed else "discarded"
        row["error"] = "" if committed else why
    return row


def write_tables(
    root: Path,
    jobs: Sequence[Job],
    results: Mapping[str, Any],
    committed: set[str],
    why: str = "",
) -> list[Path]:
    """Write ``runs/<notebook>/results.csv`` for every notebook of ``jobs``.

    Parameters
    ----------
    root
        The outputs folder.
    jobs
        Every planned job of the command (steps are skipped).
    results
        Run id -> :class:`~kca_analysis.run.tasks.Result` of the executed jobs; a job without
        one was cached.
    committed
        The run ids whose outputs were committed by this command.
    why
        Why an ``ok`` run that is not in ``committed`` was discarded.

    Returns
    -------
    list of Path
        The tables written (a table whose text is unchanged is not rewritten).
    """
    by_notebook: dict[str, list[Job]] = {}
    for job in jobs:
        if job.kind == "notebook":
            by_notebook.setdefault(job.name, []).append(job)
    written = []
    for name, notebook_jobs in sorted(by_notebook.items()):
        rows = [
            _row(job, root, results.get(job.run_id), job.run_id in committed, why)
            for job in notebook_jobs
        ]
        text = table_text(rows, list(notebook_jobs[0].parameters))
        path = root / "runs" / name / TABLE_NAME
        try:
            unchanged = path.read_text(encoding="utf-8") == text
        except OSError:
            unchanged = False
        if not unchanged:
            atomic_write_text(path, text)
            written.append(path)
    return written


def read_table(root: Path, notebook: str) -> str:
    """Return the text of ``runs/<notebook>/results.csv``.

    Parameters
    ----------
    root
        The outputs folder.
    notebook
        The notebook's name.

    Returns
    -------
    str
        The CSV text.

    Raises
    ------
    PipelineError
        When the notebook has no table yet.
    """
    path = root / "runs" / notebook / TABLE_NAME
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise PipelineError(
            f"no results for {notebook} yet ({path} does not exist); run kca run {notebook} first"
        ) from None


def aligned(text: str) -> str:
    """Return CSV text as aligned columns, for reading in a terminal.

    Parameters
    ----------
    text
        A results table.

    Returns
    -------
    str
        One line per row, columns padded to their widest cell, two spaces apart.
    """
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    return "".join(
        "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=False)).rstrip()
        + "\n"
        for row in rows
    )
