"""The plan of a ``kca run``: which runs, with which parameters, under which names.

A :class:`Job` is one execution: a notebook with its parameters, or a Python step (the standard
tables). Its ``run_id`` names it everywhere (progress, manifest, executed notebook): ``03_trade``,
``country_profile_UZB``, ``tables``, or ``03_trade/value_unit-million_usd`` for a run with
non-default parameters, whose outputs go to ``outputs/runs/03_trade/value_unit-million_usd/``.
A sweep (``--sweep``) or a batch (``--batch``) gives a notebook many jobs, one per combination of
values (:mod:`kca_analysis.run.sweep`), each checked and named the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kca_analysis import paths
from kca_analysis.files import sha256_bytes

from . import sweep, values
from .errors import UsageError
from .fingerprint import Hasher, canonical, fingerprint
from .notebooks import Notebook, discover, read_notebook, select
from .parameters import run_each_values

#: The step that writes the standard tables before the notebooks run.
TABLES_STEP = "tables"
TABLES_TARGET = "kca_analysis.data.standard_tables:write_standard_tables"


@dataclass(frozen=True)
class Job:
    """One execution: a notebook with parameters, or a Python step, and where its outputs go."""

    run_id: str
    name: str
    kind: str  # "notebook" or "step"
    parameters: dict[str, Any]
    default: bool
    fingerprint: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    inputs_declared: bool = True
    notebook_path: str = ""
    #: For a step: ``"module:function"`` called as ``function(output_dir)``.
    target: str = ""
    #: For a step in tests: the callable itself (only works with in-process executors).
    function: Callable[[str], Any] | None = None
    title: str = ""
    key_figures: tuple[str, ...] = ()
    #: Whether the notebook declares ``output_dir`` (else it cannot be told where to write).
    takes_output_dir: bool = True

    @property
    def folder(self) -> str:
        """Where the outputs go, relative to the outputs folder (``""`` for the default outputs)."""
        return "" if self.default else f"runs/{self.run_id}"


def slug(overrides: Mapping[str, Any], limit: int = 80) -> str:
    """Return a readable, filesystem-safe folder name for a set of non-default parameters.

    ``{"value_unit": "million_usd"}`` gives ``value_unit-million_usd``; names are sorted, lists
    are joined with ``+``. Characters other than letters, digits, ``.``, ``_``, ``+`` and ``-``
    become ``_``; when that loses information or the name is long, a short hash of the exact
    values is appended so that two different runs never share a folder.

    Parameters
    ----------
    overrides
        Parameter name -> value, for the parameters that differ from their defaults.
    limit
        The longest name returned.

    Returns
    -------
    str
        One folder name, never empty, never starting with a dot.
    """
    parts = []
    lossy = False
    for name in sorted(overrides):
        value = overrides[name]
        if isinstance(value, list):
            text = "+".join(_value_text(v) for v in value) or "empty"
        else:
            text = _value_text(value)
        safe = re.sub(r"[^A-Za-z0-9._+-]", "_", text)
        lossy |= safe != text or not safe or safe.startswith(".")
        parts.append(f"{name}-{safe or 'empty'}")
    result = "__".join(parts) or "defaults"
    if lossy or len(result) > limit:
        digest = sha256_bytes(canonical(dict(overrides)).encode())[:10]
        result = f"{result[: limit - 11]}-{digest}"
    return result


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    return str(value)


def _with_fingerprint(job: Job, hasher: Hasher, source: str, declared: Sequence[str] | None):
    inputs = hasher.inputs(declared)
    value = fingerprint(job.run_id, source, job.parameters, inputs, hasher.library())
    return replace(job, fingerprint=value, inputs=inputs, inputs_declared=declared is not None)


def refingerprint(job: Job, hasher: Hasher) -> str:
    """Return ``job``'s fingerprint computed again from the files ``hasher`` reads.

    A Dask worker calls it to prove that its copy of the repository is the runner's.

    Parameters
    ----------
    job
        A planned job.
    hasher
        Reads the files of this machine.

    Returns
    -------
    str
        Equal to ``job.fingerprint`` when the notebook (or step), its inputs and the library
        are the same here.

    Raises
    ------
    PipelineError
        When the notebook cannot be read here.
    """
    if job.kind == "step":
        return _with_fingerprint(job, hasher, sha256_bytes(job.target.encode()), None).fingerprint
    notebook = read_notebook(Path(job.notebook_path))
    return _with_fingerprint(job, hasher, notebook.source_sha256, notebook.inputs).fingerprint


def _run_id(notebook: Notebook, chosen: Mapping[str, Any], differing: dict, each: str | None):
    """The run's name and whether it is a default run (its outputs go to ``outputs/``)."""
    if each is None:
        default = not differing
        return (notebook.name if default else f"{notebook.name}/{slug(differing)}"), default
    rest = {k: v for k, v in differing.items() if k != each}
    if not rest:
        return f"{notebook.name}_{chosen[each]}", True
    return f"{notebook.name}/{slug({**rest, each: chosen[each]})}", False


def notebook_jobs(
    notebook: Notebook,
    assignments: Mapping[str, Any],
    hasher: Hasher,
    sweeps: Sequence[tuple[str, Any]] = (),
) -> list[Job]:
    """Return the jobs that run ``notebook`` with ``-p`` assignments and ``--sweep`` values.

    Without sweeps this is one job (five for a country profile, once per country); each
    ``--sweep`` multiplies the jobs by its number of values (:mod:`kca_analysis.run.sweep`).

    Parameters
    ----------
    notebook
        From :func:`~kca_analysis.run.notebooks.discover`.
    assignments
        Parameter name -> the text given on the command line (or a typed value).
    hasher
        Shared by the whole plan, so that each file is read once.
    sweeps
        ``(name, values)`` per swept parameter, as :func:`~kca_analysis.run.sweep.variants`
        takes them.

    Returns
    -------
    list of Job
        With their fingerprints, in the order of the sweeps' values.

    Raises
    ------
    UsageError
        For an unknown parameter, a value of the wrong type or a value not allowed, in any
        combination.
    """
    fixed = values.resolve_parameters(notebook, assignments)
    each = notebook.run_each
    jobs = []
    for overrides in sweep.variants(notebook, fixed, sweeps):
        if each is not None and each.name not in overrides:
            runs = [{**overrides, each.name: value} for value in run_each_values(each)]
        else:
            runs = [overrides]
        jobs += [_notebook_job(notebook, run, overrides, hasher) for run in runs]
    return jobs


def _notebook_job(
    notebook: Notebook, variant: Mapping[str, Any], overrides: Mapping[str, Any], hasher: Hasher
) -> Job:
    """One run of ``notebook`` with ``variant`` (``overrides`` are the values the user set)."""
    defaults = notebook.defaults
    each = notebook.run_each
    chosen = {**defaults, **variant}
    values.check_combination(notebook, chosen, overridden=overrides)
    differing = {k: v for k, v in variant.items() if v != defaults.get(k)}
    run_id, default = _run_id(notebook, chosen, differing, each and each.name)
    job = Job(
        run_id=run_id,
        name=notebook.name,
        kind="notebook",
        parameters=chosen,
        default=default,
        notebook_path=str(notebook.path),
        title=notebook.title,
        key_figures=notebook.key_figures,
        takes_output_dir=notebook.parameter("output_dir") is not None,
    )
    return _with_fingerprint(job, hasher, notebook.source_sha256, notebook.inputs)


def step_job(
    name: str,
    target: str = "",
    function: Callable[[str], Any] | None = None,
    hasher: Hasher | None = None,
) -> Job:
    """Return a Python step (such as the standard tables) that writes into ``output_dir``.

    Parameters
    ----------
    name
        The run id, e.g. ``tables``.
    target
        ``"module:function"``, imported in the worker.
    function
        The callable itself, instead of ``target`` (in-process executors only: tests).
    hasher
        Shared by the plan; a new one by default.

    Returns
    -------
    Job
        A default job whose inputs are every file under ``data/``.
    """
    hasher = hasher or Hasher()
    job = Job(
        run_id=name,
        name=name,
        kind="step",
        parameters={},
        default=True,
        target=target,
        function=function,
        title=name,
    )
    source = sha256_bytes(target.encode()) if target else getattr(function, "__qualname__", name)
    return _with_fingerprint(job, hasher, source, None)


def _assignments(texts: Sequence[str]) -> dict[str, str]:
    given: dict[str, str] = {}
    for text in texts:
        key, value = values.parse_assignment(text)
        given[key] = value
    return given


def plan(
    names: Sequence[str] = (),
    assignments: Sequence[str] = (),
    *,
    sweeps: Sequence[str] = (),
    notebooks_dir: Path | None = None,
    steps: Sequence[Job] | None = None,
    hasher: Hasher | None = None,
) -> list[Job]:
    """Return the jobs for ``kca run NAMES -p ASSIGNMENTS --sweep SWEEPS``, every value checked.

    With no names: the steps (by default the standard tables, when running the collection's own
    ``notebooks/``), then every notebook with its defaults and the profile of each country.

    Parameters
    ----------
    names
        Notebooks (``03_trade``, ``03``...) and steps (``tables``); empty for everything.
    assignments
        ``NAME=VALUE`` texts, applied to every notebook selected.
    sweeps
        ``NAME=V1,V2,...`` texts (:mod:`kca_analysis.run.sweep`): every notebook selected runs
        once per combination of their values.
    notebooks_dir
        The notebook folder (default ``notebooks/``).
    steps
        Replaces the default steps (tests pass their own or ``[]``).
    hasher
        Shared checksums; a new one by default.

    Returns
    -------
    list of Job
        Steps first, then the notebooks in name order (each notebook's runs in sweep order).

    Raises
    ------
    UsageError
        For an unknown notebook, parameter or value (in any combination), or a run selected
        twice; nothing has been executed then.
    """
    hasher = hasher or Hasher()
    notebooks = discover(notebooks_dir)
    given = _assignments(assignments)
    swept = sweep.parse_sweeps(sweeps)
    own_notebooks = notebooks_dir is None or Path(notebooks_dir).resolve() == (
        paths.NOTEBOOKS_DIR.resolve()
    )
    if steps is None:
        steps = [step_job(TABLES_STEP, TABLES_TARGET, hasher=hasher)] if own_notebooks else []
    chosen_steps = [s for s in steps if s.run_id in names] if names else list(steps)
    wanted = [n for n in names if n not in {s.run_id for s in steps}]
    if (given or swept) and chosen_steps and not wanted and names:
        raise UsageError("the tables step takes no parameters")
    chosen = select(notebooks, wanted) if names else notebooks
    if names and not wanted and not chosen_steps:
        raise UsageError("nothing selected")
    jobs = list(chosen_steps)
    for notebook in chosen:
        jobs.extend(notebook_jobs(notebook, given, hasher, swept))
    _check_unique(jobs)
    return jobs


def _check_unique(jobs: Sequence[Job]) -> None:
    seen = set()
    for job in jobs:
        if job.run_id in seen:
            raise UsageError(f"run {job.run_id!r} is selected twice")
        seen.add(job.run_id)


def plan_batch(
    entries: Sequence[Mapping[str, Any]],
    *,
    notebooks_dir: Path | None = None,
    hasher: Hasher | None = None,
) -> list[Job]:
    """Return the jobs of a batch (:func:`~kca_analysis.run.sweep.read_batch`), every value checked.

    Parameters
    ----------
    entries
        ``{"notebook": NAME, "parameters": {...}, "sweep": {...}}`` objects.
    notebooks_dir
        The notebook folder (default ``notebooks/``).
    hasher
        Shared checksums; a new one by default.

    Returns
    -------
    list of Job
        In the order of the entries; a run named by two entries appears once.

    Raises
    ------
    UsageError
        For an unknown notebook, parameter or value in any entry (naming the entry); nothing
        has been executed then.
    """
    hasher = hasher or Hasher()
    notebooks = discover(notebooks_dir)
    jobs: dict[str, Job] = {}
    for i, entry in enumerate(entries):
        try:
            (notebook,) = select(notebooks, [entry["notebook"]])
            found = notebook_jobs(
                notebook, entry.get("parameters", {}), hasher, list(entry.get("sweep", {}).items())
            )
        except UsageError as error:
            raise UsageError(f"batch entry {i}: {error}") from None
        for job in found:
            jobs.setdefault(job.run_id, job)
    return list(jobs.values())
