"""Run the notebooks: parameters, a plan of runs, a cache, parallel workers, atomic outputs.

``kca run`` (see :mod:`kca_analysis.cli`) is a thin layer over this module:

1. :func:`discover` reads every notebook's parameters cell (literals only) and the data files it
   declares in ``metadata["kca"]["inputs"]``.
2. :func:`plan` turns a selection and ``-p NAME=VALUE`` strings into :class:`Job` objects, checking
   every value against the type of the default; each job has a fingerprint (notebook source,
   parameters, input checksums, library source, lock file).
3. :func:`run` skips the jobs whose fingerprint and outputs are unchanged (without importing
   papermill), executes the rest with papermill on a ``concurrent.futures.Executor`` (worker
   processes by default, each importing papermill once and running several notebooks), stages
   everything in ``outputs/.tmp-staging/`` and moves it into place only when every job succeeded,
   then writes the manifest and the static site.

Module-level imports are kept to the standard library: a run where everything is cached must not
pay for papermill, nbformat, pandas or matplotlib.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kca_analysis import paths
from kca_analysis.files import sha256_bytes, sha256_file

#: Parameters that name one or several of the five countries; checked with the strict lookup.
COUNTRY_PARAMETERS = ("country", "countries", "recipient")
#: Parameters set by the pipeline itself.
RESERVED_PARAMETERS = ("output_dir",)
#: Notebooks run once per Central Asian state by default, and the parameter that selects it.
PER_COUNTRY = {"country_profile": "country"}
#: The step that writes the standard tables before the notebooks run.
TABLES_STEP = "tables"
TABLES_TARGET = "kca_analysis.data.standard_tables:write_standard_tables"

KERNEL_NAME = "python3"
#: Seconds to wait for a kernel to start and answer.
KERNEL_START_TIMEOUT = 60
#: Bumped when the layout of outputs or the manifest changes, so that old caches are not trusted.
FORMAT_VERSION = 1
#: The packages whose versions the manifest records.
CORE_PACKAGES = (
    "ipykernel",
    "jupyter_client",
    "kca-notebooks",
    "matplotlib",
    "nbclient",
    "nbconvert",
    "nbformat",
    "numpy",
    "pandas",
    "papermill",
    "pycountry",
    "PyYAML",
    "seaborn",
)

STAGING_NAME = ".tmp-staging"
LOCK_NAME = ".tmp-lock"
CACHE_DIR_NAME = ".cache"
RUN_LOG_NAME = "run-log.jsonl"
MANIFEST_NAME = "manifest.json"


class PipelineError(Exception):
    """A problem that stops ``kca run``; ``exit_code`` is what the command exits with."""

    exit_code = 1


class UsageError(PipelineError):
    """A bad notebook name or parameter: the command exits 2."""

    exit_code = 2


# --------------------------------------------------------------------------------------------
# Notebooks and their parameters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One name of a notebook's parameters cell, with its default and the type it implies."""

    name: str
    default: Any
    type: str

    def describe(self) -> str:
        return f"{self.name}: {self.type} = {self.default!r}"


@dataclass(frozen=True)
class Notebook:
    """A notebook of the collection, as :func:`discover` reads it (without executing it)."""

    name: str
    path: Path
    parameters: tuple[Parameter, ...]
    #: Data files declared in ``metadata["kca"]["inputs"]``, relative to the project root, or
    #: ``None`` when the notebook declares none (every file under ``data/`` is then an input).
    inputs: tuple[str, ...] | None
    #: sha256 of what the notebook does: cell types and sources and its ``kca`` metadata. Outputs
    #: are left out so that re-saving a notebook with fresh outputs does not invalidate the cache.
    source_sha256: str
    title: str
    key_figures: tuple[str, ...] = ()

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters if p.name not in RESERVED_PARAMETERS}

    def parameter(self, name: str) -> Parameter | None:
        for p in self.parameters:
            if p.name == name:
                return p
        return None


def type_name(value: Any) -> str:
    """Return the parameter type implied by a default value (``str``, ``int``, ``list[str]``...)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if value is None:
        return "none"
    if isinstance(value, list | tuple):
        kinds = {type_name(v) for v in value}
        if not kinds:
            return "list[str]"
        if kinds <= {"int", "float"} and "float" in kinds:
            return "list[float]"
        if len(kinds) == 1 and next(iter(kinds)) in ("str", "int", "float", "bool"):
            return f"list[{next(iter(kinds))}]"
        return "list"
    return type(value).__name__


def parse_parameters_cell(source: str, where: str = "parameters cell") -> tuple[Parameter, ...]:
    """Parse a parameters cell that assigns literals to names.

    Raises
    ------
    UsageError
        When the cell holds anything but ``name = literal`` lines (and comments).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise UsageError(f"{where}: not plain Python ({error.msg}, line {error.lineno})") from None
    found: dict[str, Parameter] = {}
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring-like note
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            raise UsageError(f"{where}, line {node.lineno}: expected 'name = literal' only")
        if not isinstance(target, ast.Name):
            raise UsageError(f"{where}, line {node.lineno}: expected a plain name on the left")
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise UsageError(
                f"{where}, line {node.lineno}: the value of {target.id!r} is not a literal"
            ) from None
        if isinstance(default, tuple):
            default = list(default)
        found[target.id] = Parameter(target.id, default, type_name(default))
    return tuple(found.values())


def _cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _title(cells: Sequence[Mapping[str, Any]], fallback: str) -> str:
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in _cell_source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def read_notebook(path: Path) -> Notebook:
    """Read a notebook's name, parameters, declared inputs and source hash (plain JSON, fast)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PipelineError(f"cannot read notebook {path}: {error}") from None
    cells = data.get("cells", [])
    name = Path(path).stem
    parameters: tuple[Parameter, ...] = ()
    for cell in cells:
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            parameters = parse_parameters_cell(_cell_source(cell), f"{name}: parameters cell")
            break
    kca_meta = data.get("metadata", {}).get("kca", {}) or {}
    inputs = kca_meta.get("inputs")
    if inputs is not None:
        if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
            raise PipelineError(
                f"{name}: metadata kca.inputs must be a list of paths relative to the project root"
            )
        inputs = tuple(sorted(set(inputs)))
    what = {
        "cells": [[c.get("cell_type"), _cell_source(c)] for c in cells],
        "kca": kca_meta,
    }
    return Notebook(
        name=name,
        path=Path(path),
        parameters=parameters,
        inputs=inputs,
        source_sha256=sha256_bytes(_canonical(what).encode()),
        title=_title(cells, name),
        key_figures=tuple(kca_meta.get("key_figures", ())),
    )


def discover(notebooks_dir: Path | None = None) -> list[Notebook]:
    """Return the notebooks of ``notebooks_dir`` (default ``notebooks/``), sorted by name."""
    folder = Path(notebooks_dir or paths.NOTEBOOKS_DIR)
    if not folder.is_dir():
        raise PipelineError(f"notebook folder {folder} does not exist")
    found = [
        read_notebook(p)
        for p in sorted(folder.glob("*.ipynb"))
        if not p.name.startswith((".", "_")) and "-checkpoint" not in p.name
    ]
    return found


def select(notebooks: Sequence[Notebook], names: Iterable[str]) -> list[Notebook]:
    """Resolve names such as ``03_trade``, ``03`` or ``country_profile`` to notebooks."""
    by_name = {nb.name: nb for nb in notebooks}
    chosen: list[Notebook] = []
    for raw in names:
        name = raw.removesuffix(".ipynb").rsplit("/", 1)[-1]
        if name in by_name:
            match = [by_name[name]]
        else:
            match = [nb for nb in notebooks if nb.name.split("_", 1)[0] == name and name.isdigit()]
        if len(match) != 1:
            known = ", ".join(nb.name for nb in notebooks) or "(none)"
            raise UsageError(f"unknown notebook {raw!r}; expected one of: {known}")
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen


# --------------------------------------------------------------------------------------------
# Values given on the command line
# --------------------------------------------------------------------------------------------

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_assignment(text: str) -> tuple[str, str]:
    """Split ``NAME=VALUE`` (the value may contain ``=``)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"expected -p NAME=VALUE, got {text!r}")
    return name.strip(), value


def _scalar(kind: str, raw: Any, name: str) -> Any:
    expected = {
        "bool": "bool (true/false, yes/no, 1/0)",
        "int": "int (e.g. 2014)",
        "float": "float (e.g. 0.5)",
    }
    if kind == "str":
        if not isinstance(raw, str):
            raise UsageError(f"parameter {name!r} expects str, got {raw!r}")
        return raw
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    elif kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and _INT.fullmatch(raw.strip()):
            return int(raw.strip())
    elif kind == "float":
        if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
            return float(raw)
        if isinstance(raw, str) and _FLOAT.fullmatch(raw.strip()):
            return float(raw.strip())
    raise UsageError(f"parameter {name!r} expects {expected.get(kind, kind)}, got {raw!r}")


def coerce(parameter: Parameter, raw: str) -> Any:
    """Turn the text of ``-p NAME=VALUE`` into a value of the default's type.

    The result is always plain data (str, int, float, bool, None or a list of them): papermill
    writes it into the notebook with ``repr``-like escaping, never as code.

    Raises
    ------
    UsageError
        Naming the parameter and the expected type.
    """
    kind, name = parameter.type, parameter.name
    if kind in ("str", "int", "float", "bool"):
        return _scalar(kind, raw, name)
    if kind == "none":
        text = raw.strip()
        if text.lower() in ("none", "null", ""):
            return None
        for option in ("int", "float"):
            with contextlib.suppress(UsageError):
                return _scalar(option, text, name)
        return raw
    if kind.startswith("list"):
        element = kind[5:-1] if kind.startswith("list[") else "str"
        text = raw.strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except ValueError:
                raise UsageError(
                    f"parameter {name!r} expects {kind}: a JSON list or comma-separated values, "
                    f"got {raw!r}"
                ) from None
            if not isinstance(items, list):
                raise UsageError(f"parameter {name!r} expects {kind}, got {raw!r}")
        else:
            items = [item.strip() for item in text.split(",") if item.strip()]
        return [_scalar(element, item, f"{name}[{i}]") for i, item in enumerate(items)]
    raise UsageError(
        f"parameter {name!r} has a default of type {kind} that cannot be set from the command line"
    )


def _country_value(name: str, value: Any) -> Any:
    from kca_analysis.countries import UnknownCountryError, lookup_country

    try:
        if isinstance(value, list):
            return [lookup_country(str(v)).iso3 for v in value]
        return lookup_country(str(value)).iso3
    except UnknownCountryError as error:
        raise UsageError(f"parameter {name!r}: {error}") from None


def resolve_parameters(notebook: Notebook, assignments: Mapping[str, str]) -> dict[str, Any]:
    """Check ``{name: text}`` against the notebook's parameters cell; return typed overrides."""
    declared = [p.name for p in notebook.parameters if p.name not in RESERVED_PARAMETERS]
    overrides: dict[str, Any] = {}
    for name, raw in assignments.items():
        if name in RESERVED_PARAMETERS:
            raise UsageError(f"{notebook.name}: parameter {name!r} is set by kca run, not by -p")
        parameter = notebook.parameter(name)
        if parameter is None:
            listing = ", ".join(declared) if declared else "(none)"
            raise UsageError(
                f"{notebook.name} has no parameter {name!r}; declared parameters: {listing}"
            )
        value = coerce(parameter, raw)
        if name in COUNTRY_PARAMETERS:
            value = _country_value(name, value)
        overrides[name] = value
    return overrides


def slug(overrides: Mapping[str, Any], limit: int = 80) -> str:
    """A readable, filesystem-safe folder name for a set of non-default parameters.

    ``{"value_unit": "million_usd"}`` gives ``value_unit-million_usd``; names are sorted, lists
    are joined with ``+``. Characters other than letters, digits, ``.``, ``_``, ``+`` and ``-``
    become ``_``; when that loses information or the name is long, a short hash of the exact
    values is appended so that two different runs never share a folder.
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
        digest = sha256_bytes(_canonical(dict(overrides)).encode())[:10]
        result = f"{result[: limit - 11]}-{digest}"
    return result


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    return str(value)


# --------------------------------------------------------------------------------------------
# Jobs and fingerprints
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One execution: a notebook with parameters, or a Python step, and where its outputs go.

    ``run_id`` names it everywhere (progress, manifest, executed notebook): ``03_trade``,
    ``country_profile_UZB``, ``tables``, or ``03_trade/value_unit-million_usd`` for a run with
    non-default parameters, whose outputs go to ``outputs/runs/03_trade/value_unit-million_usd/``.
    """

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
        """Where the outputs go, relative to the outputs folder ("" for the default outputs)."""
        return "" if self.default else f"runs/{self.run_id}"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class Hasher:
    """Memoised checksums of the files that fingerprints depend on (one plan, one read each)."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root or paths.PROJECT_ROOT)
        self._files: dict[str, str] = {}
        self._library: str | None = None

    def file(self, relative: str) -> str:
        if relative not in self._files:
            path = self.root / relative
            self._files[relative] = sha256_file(path) if path.is_file() else "missing"
        return self._files[relative]

    def data_files(self) -> list[str]:
        data = self.root / "data"
        if not data.is_dir():
            return []
        return sorted(
            p.relative_to(self.root).as_posix()
            for p in data.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.parts)
        )

    def library(self) -> str:
        """sha256 of the library's source (every ``kca_analysis/*.py``) and the lock file."""
        if self._library is None:
            package = Path(__file__).resolve().parent
            digest = hashlib.sha256()
            for path in sorted(package.rglob("*.py")):
                digest.update(path.relative_to(package).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
            lock = self.root / "requirements.lock"
            digest.update(lock.read_bytes() if lock.is_file() else b"no lock")
            digest.update(f"{sys.version_info[:3]} format {FORMAT_VERSION}".encode())
            self._library = digest.hexdigest()
        return self._library


def _finish_job(job: Job, hasher: Hasher, source_sha256: str, declared: Sequence[str] | None):
    files = list(declared) if declared is not None else hasher.data_files()
    inputs = {f: hasher.file(f) for f in files}
    fingerprint = sha256_bytes(
        _canonical(
            {
                "run": job.run_id,
                "source": source_sha256,
                "parameters": job.parameters,
                "inputs": inputs,
                "library": hasher.library(),
            }
        ).encode()
    )
    return Job(
        **{
            **job.__dict__,
            "fingerprint": fingerprint,
            "inputs": inputs,
            "inputs_declared": declared is not None,
        }
    )


def notebook_jobs(notebook: Notebook, assignments: Mapping[str, str], hasher: Hasher) -> list[Job]:
    """The jobs that run ``notebook`` with ``-p`` assignments (five for a country profile)."""
    overrides = resolve_parameters(notebook, assignments)
    defaults = notebook.defaults
    per_country = PER_COUNTRY.get(notebook.name)
    if per_country and notebook.parameter(per_country) is None:
        per_country = None
    variants: list[dict[str, Any]]
    if per_country and per_country not in overrides:
        from kca_analysis.countries import CENTRAL_ASIA_ISO3

        variants = [{**overrides, per_country: code} for code in CENTRAL_ASIA_ISO3]
    else:
        variants = [overrides]
    jobs = []
    for variant in variants:
        parameters = {**defaults, **variant}
        differing = {k: v for k, v in variant.items() if v != defaults.get(k)}
        if per_country:
            differing.pop(per_country, None)
            default = not differing
            run_id = f"{notebook.name}_{parameters[per_country]}"
            if not default:
                run_id = f"{notebook.name}/{slug({**differing, per_country: variant.get(per_country, parameters[per_country])})}"  # noqa: E501
        else:
            default = not differing
            run_id = notebook.name if default else f"{notebook.name}/{slug(differing)}"
        job = Job(
            run_id=run_id,
            name=notebook.name,
            kind="notebook",
            parameters=parameters,
            default=default,
            notebook_path=str(notebook.path),
            title=notebook.title,
            key_figures=notebook.key_figures,
            takes_output_dir=notebook.parameter("output_dir") is not None,
        )
        jobs.append(_finish_job(job, hasher, notebook.source_sha256, notebook.inputs))
    return jobs


def step_job(
    name: str,
    target: str = "",
    function: Callable[[str], Any] | None = None,
    hasher: Hasher | None = None,
) -> Job:
    """A Python step (such as the standard tables) that writes into ``output_dir``."""
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
    return _finish_job(job, hasher, source, None)


def plan(
    names: Sequence[str] = (),
    assignments: Sequence[str] = (),
    *,
    notebooks_dir: Path | None = None,
    steps: Sequence[Job] | None = None,
    hasher: Hasher | None = None,
) -> list[Job]:
    """Return the jobs for ``kca run NAMES -p ASSIGNMENTS``.

    With no names: the steps (by default the standard tables, when running the collection's own
    ``notebooks/``), then every notebook with its defaults and the profile of each country.
    ``steps`` replaces the default steps (tests pass their own or ``[]``).
    """
    hasher = hasher or Hasher()
    notebooks = discover(notebooks_dir)
    given: dict[str, str] = {}
    for text in assignments:
        key, value = parse_assignment(text)
        given[key] = value
    own_notebooks = notebooks_dir is None or Path(notebooks_dir).resolve() == (
        paths.NOTEBOOKS_DIR.resolve()
    )
    if steps is None:
        steps = [step_job(TABLES_STEP, TABLES_TARGET, hasher=hasher)] if own_notebooks else []
    chosen_steps = [s for s in steps if s.run_id in names] if names else list(steps)
    wanted = [n for n in names if n not in {s.run_id for s in steps}]
    if given and chosen_steps and not wanted and names:
        raise UsageError("the tables step takes no parameters")
    chosen = select(notebooks, wanted) if names else notebooks
    if names and not wanted and not chosen_steps:
        raise UsageError("nothing selected")
    jobs = list(chosen_steps)
    for notebook in chosen:
        jobs.extend(notebook_jobs(notebook, given, hasher))
    seen = set()
    for job in jobs:
        if job.run_id in seen:
            raise UsageError(f"run {job.run_id!r} is selected twice")
        seen.add(job.run_id)
    return jobs


# --------------------------------------------------------------------------------------------
# Outputs: layout, manifest, cache
# --------------------------------------------------------------------------------------------


def outputs_root(outputs_dir: Path | str | None = None) -> Path:
    """The outputs folder: the argument, else ``$KCA_OUTPUTS_DIR``, else ``outputs/``."""
    chosen = outputs_dir or os.environ.get("KCA_OUTPUTS_DIR") or paths.OUTPUTS_DIR
    return Path(chosen).resolve()


def executed_path(job: Job) -> str:
    """Where the executed notebook goes, relative to the outputs folder."""
    if job.default:
        return f"notebooks/{job.run_id}.ipynb"
    return f"{job.folder}/{job.name}.ipynb"


def manifest_path(root: Path, job: Job | None = None) -> Path:
    if job is None or job.default:
        return root / MANIFEST_NAME
    return root / job.folder / MANIFEST_NAME


def load_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT_VERSION else {}


def is_cached(job: Job, root: Path, manifest: Mapping[str, Any]) -> bool:
    """True when ``job`` ran with the same fingerprint and all its outputs are still intact."""
    record = manifest.get("runs", {}).get(job.run_id)
    if not record or record.get("fingerprint") != job.fingerprint:
        return False
    base = root / job.folder
    if job.kind == "notebook" and not (root / executed_path(job)).is_file():
        return False
    outputs = manifest.get("outputs", {})
    for relative in record.get("outputs", []):
        entry = outputs.get(relative)
        path = base / relative
        if entry is None or not path.is_file() or sha256_file(path) != entry.get("sha256"):
            return False
    return True


def package_versions() -> dict[str, str]:
    from importlib import metadata

    versions = {"python": ".".join(map(str, sys.version_info[:3]))}
    for name in CORE_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _run_record(job: Job, outputs: Sequence[str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": job.kind,
        "parameters": job.parameters,
        "fingerprint": job.fingerprint,
        "inputs": job.inputs,
        "inputs_declared": job.inputs_declared,
        "outputs": sorted(outputs),
    }
    if job.kind == "notebook":
        record["name"] = job.name
        record["title"] = job.title
        record["key_figures"] = list(job.key_figures)
        record["notebook"] = paths.relative_to_root(job.notebook_path)
        record["executed"] = executed_path(job) if job.default else f"{job.name}.ipynb"
    else:
        record["step"] = job.target or job.name
    return record


def build_manifest(runs: Mapping[str, Mapping[str, Any]], base: Path) -> dict[str, Any]:
    """The manifest for ``runs`` (run id -> run record) whose outputs are under ``base``."""
    outputs: dict[str, Any] = {}
    for run_id, record in runs.items():
        for relative in record["outputs"]:
            outputs[relative] = {
                "sha256": sha256_file(base / relative),
                "run": run_id,
                "notebook": record.get("notebook", record.get("step")),
                "parameters": record["parameters"],
                "inputs": record["inputs"],
            }
    return {
        "format": FORMAT_VERSION,
        "packages": package_versions(),
        "runs": {k: dict(v) for k, v in runs.items()},
        "outputs": outputs,
    }


def manifest_text(manifest: Mapping[str, Any]) -> str:
    return json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# Execution (runs in the worker: process or thread)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """What a worker needs to execute one job (picklable for process pools)."""

    job: Job
    stage: str  # absolute folder for this job's files
    notebooks_dir: str
    final_output_dir: str  # shown in the executed notebook instead of the staging folder
    kernel_name: str = KERNEL_NAME
    env: dict[str, str] = field(default_factory=dict)
    timeout: int | None = None
    render_page: bool = True
    #: Socket of the kernel zygote (kernels.py) to fork kernels from; "" spawns them.
    zygote: str = ""


@dataclass
class Result:
    """What a worker reports back."""

    run_id: str
    status: str  # "ok" or "failed"
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    error: str = ""
    failed_notebook: str = ""
    kernel_retries: int = 0
    retry_reasons: list[str] = field(default_factory=list)
    peak_rss_mb: float | None = None
    reads: list[str] = field(default_factory=list)
    page: str = ""
    #: Seconds spent in each phase (kernel start, execution, page), for the run log.
    phases: dict[str, float] = field(default_factory=dict)


#: Kernel managers alive in this process, so that an interrupt can stop them.
_ACTIVE_KERNELS: set[Any] = set()


def _retryable(error: BaseException) -> str | None:
    """Why a kernel start failure is worth one retry (a port race or a start timeout)."""
    text = str(error)
    if "Address already in use" in text or getattr(error, "errno", None) == 98:
        return f"ZMQ address already in use ({text})"
    if isinstance(error, TimeoutError) or "didn't respond" in text or "timed out" in text.lower():
        return f"kernel start timeout ({text})"
    return None


def _kernel_spec_manager():
    """A spec manager whose ``python3`` is this interpreter's ipykernel, whatever else is installed.

    A ``python3`` kernelspec in the user's folders could point at another Python; the notebooks
    must run in the project's environment.
    """
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class ProjectKernelSpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            if kernel_name == KERNEL_NAME:
                spec = get_kernel_dict()
                spec["argv"][0] = sys.executable
                return KernelSpec(resource_dir=RESOURCES, **spec)
            return super().get_kernel_spec(kernel_name)

    return ProjectKernelSpecManager()


def start_kernel_once(
    kernel_name: str,
    cwd: str,
    env: Mapping[str, str],
    timeout: int,
    log: str | None = None,
    zygote: str = "",
):
    """Start a kernel in ``cwd`` and wait until it answers.

    Returns ``(manager, client)``: the client's channels are started and the kernel has answered
    on them, so nbclient can use it as it is (one readiness check instead of two). The kernel's
    own stdout and stderr (start-up warnings) go to ``log`` when given.
    """
    # The asynchronous manager: nbclient's watch for a dead kernel only works with async clients.
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    from kca_analysis import kernels

    km = AsyncKernelManager(kernel_name=kernel_name, kernel_spec_manager=_kernel_spec_manager())
    _ACTIVE_KERNELS.add(km)
    try:
        streams = {}
        if zygote:
            # Fork the kernel from a process that has the libraries imported (kernels.py).
            import uuid

            km.kernel_id = str(uuid.uuid4())
            km.provisioner = kernels.fork_provisioner(km, log, zygote)
        elif log:
            handle = open(log, "ab")  # noqa: SIM115 - the kernel process keeps its own copy
            streams = {"stdout": handle, "stderr": handle}
        try:
            run_sync(km.start_kernel)(cwd=cwd, env=dict(env), **streams)
        finally:
            for handle in set(streams.values()):
                handle.close()
        client = km.client()
        client.start_channels()
        try:
            run_sync(_wait_ready)(client, timeout)
        except BaseException:
            client.stop_channels()
            raise
    except BaseException:
        stop_kernel(km)
        raise
    return km, client


async def _wait_ready(client, timeout: float) -> None:
    """Wait until the kernel answers ``kernel_info`` on shell and reports idle on IOPub.

    jupyter_client's ``wait_for_ready`` ends by listening to IOPub for 0.2 s of silence; seeing
    the idle status of our own request proves the IOPub subscription is live without that pause.
    """
    import time as clock
    from queue import Empty

    deadline = clock.monotonic() + timeout
    while True:
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"kernel start timed out: no answer in {timeout} s")
        msg_id = client.kernel_info()
        try:
            while True:
                reply = await client.get_shell_msg(timeout=remaining)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        except Empty:
            continue
        try:
            while True:
                message = await client.get_iopub_msg(timeout=0.1)
                if (
                    message["parent_header"].get("msg_id") == msg_id
                    and message["msg_type"] == "status"
                    and message["content"].get("execution_state") == "idle"
                ):
                    return
        except Empty:
            continue  # IOPub was not subscribed yet: ask again


def start_kernel(
    kernel_name: str,
    cwd: str,
    env: Mapping[str, str],
    timeout: int,
    log: str | None = None,
    zygote: str = "",
):
    """Start a kernel, retrying once after a port race or a start timeout.

    Returns ``(kernel_manager, client, reasons)`` where ``reasons`` lists the retried failures.
    """
    reasons: list[str] = []
    for attempt in (1, 2):
        try:
            return (*start_kernel_once(kernel_name, cwd, env, timeout, log, zygote), reasons)
        except Exception as error:  # noqa: BLE001 - classified just below
            reason = _retryable(error)
            if reason is None or attempt == 2:
                raise
            reasons.append(reason)
    raise AssertionError("unreachable")  # pragma: no cover


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        return None
    return None


class PeakMemory:
    """Follow a kernel's peak resident memory (Linux ``VmHWM``) while it runs, in MB.

    nbclient stops the kernel as soon as the last cell is done, so the value is sampled in the
    background; the peak can only miss growth in the last tenth of a second.
    """

    def __init__(self, km, interval: float = 0.1):
        import threading

        self.pid = getattr(getattr(km, "provisioner", None), "pid", None)
        self.peak: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(interval,), daemon=True)
        if self.pid:
            self._thread.start()

    def _watch(self, interval: float) -> None:
        while True:
            value = _vm_hwm_mb(self.pid)
            if value is not None:
                self.peak = max(self.peak or 0.0, value)
            if self._stop.wait(interval):
                return

    def stop(self) -> float | None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.peak


def stop_kernel(km, *, graceful: bool = True) -> None:
    """Stop a kernel at once: kill its process group, then let the manager clean up."""
    _ACTIVE_KERNELS.discard(km)
    with contextlib.suppress(Exception):
        pgid = getattr(km.provisioner, "pgid", None)
        if pgid:
            os.killpg(pgid, signal.SIGKILL)
    if graceful:
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)


def stop_all_kernels(*, graceful: bool = True) -> None:
    for km in list(_ACTIVE_KERNELS):
        stop_kernel(km, graceful=graceful)


def check_injection(parameters: Mapping[str, Any], kernel_name: str = KERNEL_NAME) -> None:
    """Prove that papermill's injected cell assigns exactly ``parameters``, as literals.

    A value is data: if the generated code were anything but ``name = literal`` lines giving
    back the same values, running it could execute part of a value. Refuse instead.
    """
    from papermill.translators import translate_parameters

    code = translate_parameters(kernel_name, "python", dict(parameters), "Parameters")
    try:
        got = {p.name: p.default for p in parse_parameters_cell(code, "injected parameters")}
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
    """Execute one job into ``task.stage`` and report; never raises for a notebook failure."""
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
    result.phases["execute"] = round(time.perf_counter() - clock, 3)
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
    if task.render_page and job.default:
        from kca_analysis import site

        page = stage / "page.html"
        page.write_text(site.render_notebook_page(nb, job.title, job.run_id), encoding="utf-8")
        result.page = str(page)
    result.phases["save_and_page"] = round(time.perf_counter() - clock, 3)


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


# --------------------------------------------------------------------------------------------
# Worker processes
# --------------------------------------------------------------------------------------------


def _on_sigterm(signum, frame):  # pragma: no cover - runs in worker processes
    stop_all_kernels(graceful=False)
    os._exit(128 + signum)


def worker_init() -> None:
    """Initialise a worker process: Ctrl-C is the parent's business; SIGTERM stops the kernel."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    # Imported once per worker (or once for all, by the fork server), not once per notebook.
    import papermill  # noqa: F401


def kernel_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of a kernel: ours, ``extra``, and a fixed hash seed."""
    env = {**os.environ, **extra}
    env.setdefault("PYTHONHASHSEED", "0")  # set iteration order the same in every run
    return env


#: Imported once by the fork server that starts the worker processes.
WORKER_PRELOAD = (
    "kca_analysis.pipeline",
    "papermill",
    "nbformat",
    "nbconvert",
    "kca_analysis.site",
)


def default_executor(workers: int):
    """A pool of worker processes.

    Where available they are forked from multiprocessing's fork server, a clean process (not a
    fork of this one, which may hold threads) that has imported papermill and nbconvert once, so
    no worker pays for those imports again; elsewhere they are spawned.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(WORKER_PRELOAD))
    else:  # pragma: no cover - Windows
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=worker_init)


def _terminate_executor(executor) -> None:
    """Stop a pool now: cancel queued work, terminate worker processes (they stop their kernels)."""
    processes = list(getattr(executor, "_processes", {}) or {})
    procs = getattr(executor, "_processes", {}) or {}
    for pid in processes:
        with contextlib.suppress(Exception):
            procs[pid].terminate()
    with contextlib.suppress(Exception):
        executor.shutdown(wait=False, cancel_futures=True)
    stop_all_kernels()  # kernels started by in-process (thread) workers
    for pid in processes:
        with contextlib.suppress(Exception):
            procs[pid].join(10)


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


@dataclass
class Report:
    """What :func:`run` did; ``exit_code`` is 0, or 1 when a job failed."""

    results: list[Result]
    cached: list[str]
    seconds: float
    exit_code: int
    messages: list[str] = field(default_factory=list)


class Progress:
    """One line per job as it starts and ends, and a summary; to ``stream`` (stdout)."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.stream = stream or sys.stdout
        self.width = 28

    def line(self, status: str, run_id: str, seconds: float | None = None, note: str = "") -> None:
        text = f"{status:<7} {run_id:<{self.width}}"
        if seconds is not None:
            text += f" {seconds:6.1f}s"
        if note:
            text += f"  {note}"
        print(text.rstrip(), file=self.stream, flush=True)


@contextlib.contextmanager
def _lock(root: Path):
    """Hold ``outputs/.tmp-lock`` so that two ``kca run`` never write the same outputs."""
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


@contextlib.contextmanager
def _deferred_interrupts():
    """Let a Ctrl-C arriving while files are moved into place wait until the move is over."""
    if sys.platform == "win32" or not _is_main_thread():
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


def _is_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def run(
    jobs: Sequence[Job],
    *,
    outputs_dir: Path | str | None = None,
    notebooks_dir: Path | str | None = None,
    force: bool = False,
    workers: int | None = None,
    executor=None,
    stream=None,
    build_site: bool = True,
    env: Mapping[str, str] | None = None,
    timeout: int | None = None,
    full: bool = False,
) -> Report:
    """Execute ``jobs`` (from :func:`plan`) and move their outputs into place.

    Parameters
    ----------
    outputs_dir
        The outputs folder (default: ``$KCA_OUTPUTS_DIR`` or ``outputs/``).
    force
        Execute even the jobs whose fingerprint and outputs are unchanged.
    workers
        Parallel jobs (default: the CPU count). Ignored when ``executor`` is given.
    executor
        Any ``concurrent.futures.Executor``; by default a pool of ``workers`` processes. The
        caller keeps ownership of an executor it passes (it is not shut down here).
    full
        The jobs are the whole collection: runs no longer planned are removed from the manifest
        and their outputs deleted.

    Returns
    -------
    Report
        ``exit_code`` 0 when everything succeeded or was cached, 1 when a job failed (then no
        output was changed).
    """
    started = time.perf_counter()
    root = outputs_root(outputs_dir)
    notebooks_dir = str(Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve())
    progress = Progress(len(jobs), stream)
    progress.width = max([progress.width, *(len(j.run_id) for j in jobs)])
    with _lock(root):
        manifest = load_manifest(root / MANIFEST_NAME)
        todo: list[Job] = []
        cached: list[str] = []
        for job in jobs:
            job_manifest = manifest if job.default else load_manifest(manifest_path(root, job))
            if not force and is_cached(job, root, job_manifest):
                cached.append(job.run_id)
                progress.line("cached", job.run_id)
            else:
                todo.append(job)
        executing_defaults = any(j.default for j in todo)
        site_needed = build_site and _site_stale(root, manifest, executing_defaults)
        if not todo and not site_needed and not (full and _prunable(manifest, jobs)):
            seconds = time.perf_counter() - started
            print(_summary([], cached, seconds), file=progress.stream, flush=True)
            return Report([], cached, seconds, 0)
        staging = root / STAGING_NAME
        shutil.rmtree(staging, ignore_errors=True)  # left by a run that was killed
        staging.mkdir(parents=True)
        try:
            results = _execute_all(
                todo, root, staging, notebooks_dir, workers, executor, progress, env, timeout
            )
            failed = [r for r in results if r.status != "ok"]
            messages = []
            if failed:
                messages = _keep_failures(failed, jobs, root)
                exit_code = 1
            else:
                exit_code = 0
                _commit(jobs, todo, results, root, staging, manifest, full, build_site)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        seconds = time.perf_counter() - started
        for message in messages:
            print(message, file=progress.stream, flush=True)
        print(_summary(results, cached, seconds), file=progress.stream, flush=True)
        _append_run_log(root, results, cached, seconds, exit_code)
        return Report(results, cached, seconds, exit_code, messages)


def _summary(results: Sequence[Result], cached: Sequence[str], seconds: float) -> str:
    ok = sum(r.status == "ok" for r in results)
    failed = len(results) - ok
    word = "failed" if failed else "done"
    return f"{word}: {ok} ok, {len(cached)} cached, {failed} failed in {seconds:.1f}s"


def _site_stale(root: Path, manifest: Mapping[str, Any], executing_defaults: bool) -> bool:
    if executing_defaults:
        return True
    from_cache = root / CACHE_DIR_NAME / "site.json"
    try:
        recorded = json.loads(from_cache.read_text())
    except (OSError, ValueError):
        return True
    return recorded != _site_key(manifest) or not (root / "site" / "index.html").is_file()


def _site_key(manifest: Mapping[str, Any]) -> dict[str, Any]:
    runs = manifest.get("runs", {})
    return {k: runs[k].get("fingerprint") for k in sorted(runs)}


def _prunable(manifest: Mapping[str, Any], jobs: Sequence[Job]) -> bool:
    planned = {j.run_id for j in jobs if j.default}
    return any(run_id not in planned for run_id in manifest.get("runs", {}))


def _execute_all(todo, root, staging, notebooks_dir, workers, executor, progress, env, timeout):
    from concurrent.futures import FIRST_COMPLETED, wait

    if not todo:
        return []
    workers = max(1, workers or os.cpu_count() or 1)
    own = executor is None
    zygote = _start_zygote(todo, env)
    if own:
        executor = default_executor(min(workers, len(todo)))
    # Longest first (by the last run's timings; unknown counts as long): the parallel run then
    # ends soon after its longest job. The order changes no output.
    last = _last_seconds(root)
    queue = sorted(todo, key=lambda j: -last.get(j.run_id, math.inf))
    limit = workers if own else max(workers, 1)
    running: dict[Any, tuple[Job, float]] = {}
    results: list[Result] = []
    try:
        while queue or running:
            while queue and len(running) < limit:
                job = queue.pop(0)
                task = Task(
                    job=job,
                    stage=str(staging / _stage_name(job)),
                    notebooks_dir=notebooks_dir,
                    final_output_dir=_final_output_dir(root, job, notebooks_dir),
                    env=dict(env or {}),
                    timeout=timeout,
                    zygote=zygote.address if zygote is not None else "",
                )
                progress.line("start", job.run_id)
                running[executor.submit(execute, task)] = (job, time.perf_counter())
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                job, _t0 = running.pop(future)
                try:
                    result = future.result()
                except Exception as error:  # a worker died (killed, out of memory)
                    result = Result(job.run_id, "failed", error=f"worker crashed: {error!r}")
                results.append(result)
                note = ""
                if result.kernel_retries:
                    note = "kernel start retried once: " + "; ".join(result.retry_reasons)
                undeclared = _undeclared_reads(job, result)
                if undeclared:
                    note += "read files not in metadata kca.inputs: " + ", ".join(undeclared)
                if result.status != "ok":
                    note = (note + "  " if note else "") + result.error
                progress.line(result.status, job.run_id, result.seconds, note)
    except BaseException:
        if own:
            _terminate_executor(executor)
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
    order = {j.run_id: i for i, j in enumerate(todo)}
    return sorted(results, key=lambda r: order[r.run_id])


class _RunZygote:
    """The kernel zygote of one run, in a short temporary folder (socket paths are limited)."""

    def __init__(self, env: Mapping[str, str] | None):
        import tempfile

        from kca_analysis import kernels

        self.folder = tempfile.mkdtemp(prefix="kca-")
        self.zygote = kernels.Zygote(kernel_env(env or {}), self.folder)
        self.address = self.zygote.address

    def close(self) -> None:
        from kca_analysis import kernels

        kernels.close_clients()  # connections made by in-process (thread) workers
        self.zygote.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _start_zygote(todo: Sequence[Job], env: Mapping[str, str] | None) -> _RunZygote | None:
    from kca_analysis import kernels

    if not kernels.enabled() or not any(j.kind == "notebook" for j in todo):
        return None
    return _RunZygote(env)


def _last_seconds(root: Path) -> dict[str, float]:
    """Seconds each run took when it last ran, from the run log (empty when there is none)."""
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


def _undeclared_reads(job: Job, result: Result) -> list[str]:
    if not job.inputs_declared:
        return []
    return sorted(set(result.reads) - set(job.inputs))


def _stage_name(job: Job) -> str:
    return ("default/" if job.default else "runs/") + job.run_id


def _final_output_dir(root: Path, job: Job, notebooks_dir: str) -> str:
    target = root / job.folder if job.folder else root
    try:
        return os.path.relpath(target, notebooks_dir)
    except ValueError:
        return str(target)


def _keep_failures(failed: Sequence[Result], jobs: Sequence[Job], root: Path) -> list[str]:
    """Save each failed notebook to ``outputs/failed/`` and return the messages for the user."""
    messages = []
    for result in failed:
        line = f"FAILED {result.run_id}: {result.error}"
        if result.failed_notebook and Path(result.failed_notebook).is_file():
            target = root / "failed" / f"{result.run_id.replace('/', '__')}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(result.failed_notebook, target)
            line += f"\n       saved with the error cell to {target}"
        messages.append(line)
    messages.append("no outputs were changed: the previous ones are intact")
    return messages


def _commit(jobs, todo, results, root, staging, manifest, full, build_site) -> None:
    """Move every staged output into place, then write the manifests and the site."""
    by_id = {r.run_id: r for r in results}
    planned = {j.run_id for j in jobs}
    default_jobs = [j for j in todo if j.default]
    old_runs: dict[str, Any] = dict(manifest.get("runs", {}))
    runs = {k: v for k, v in old_runs.items() if not full or k in planned}
    for job in default_jobs:
        runs[job.run_id] = _run_record(job, by_id[job.run_id].outputs)
    # Refuse two runs writing the same file before touching anything.
    owners: dict[str, str] = {}
    for run_id, record in sorted(runs.items()):
        for output in record.get("outputs", []):
            if output in owners:
                raise PipelineError(
                    f"{output} is written by both {owners[output]} and {run_id}; "
                    "give the figures and tables of each notebook their own names"
                )
            owners[output] = run_id
    stale = {o for record in old_runs.values() for o in record.get("outputs", [])} - set(owners)
    with _deferred_interrupts():
        for job in default_jobs:
            stage = staging / _stage_name(job)
            for output in by_id[job.run_id].outputs:
                target = root / output
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / "out" / output, target)
            if job.kind == "notebook":
                target = root / executed_path(job)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / "executed.ipynb", target)
        for run_id in set(old_runs) - set(runs):
            with contextlib.suppress(FileNotFoundError):
                (root / "notebooks" / f"{run_id}.ipynb").unlink()
        for output in sorted(stale):
            with contextlib.suppress(FileNotFoundError):
                (root / output).unlink()
        new_manifest = manifest
        if default_jobs or runs != old_runs or not manifest:
            new_manifest = build_manifest(dict(sorted(runs.items())), root)
            _write_text(root / MANIFEST_NAME, manifest_text(new_manifest))
        for job in (j for j in todo if not j.default):
            _commit_run(job, by_id[job.run_id], root, staging)
        if build_site and (default_jobs or _site_stale(root, new_manifest, False)):
            _commit_site(root, staging, new_manifest, jobs, by_id)


def _commit_run(job: Job, result: Result, root: Path, staging: Path) -> None:
    """A non-default run: its own folder under ``outputs/runs/``, swapped in whole."""
    stage = staging / _stage_name(job)
    folder = stage / "out"
    if job.kind == "notebook":
        os.replace(stage / "executed.ipynb", folder / f"{job.name}.ipynb")
    record = _run_record(job, result.outputs)
    _write_text(folder / MANIFEST_NAME, manifest_text(build_manifest({job.run_id: record}, folder)))
    _swap_dir(folder, root / job.folder)


def _swap_dir(new: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".tmp-old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _commit_site(root, staging, manifest, jobs, by_id) -> None:
    from kca_analysis import site

    entries = []
    for run_id, record in sorted(manifest.get("runs", {}).items()):
        if record.get("kind") != "notebook":
            continue
        result = by_id.get(run_id)
        entries.append(
            site.Entry(
                run_id=run_id,
                name=record.get("name", run_id),
                title=record.get("title", run_id),
                parameters=record["parameters"],
                executed=root / record["executed"],
                page=Path(result.page) if result and result.page else None,
                figures=[o for o in record["outputs"] if o.endswith(".png")],
                key_figures=list(record.get("key_figures", [])),
            )
        )
    new_site = staging / "site"
    site.build_site(entries, root, new_site, previous=root / "site")
    _swap_dir(new_site, root / "site")
    _write_text(root / CACHE_DIR_NAME / "site.json", json.dumps(_site_key(manifest), indent=1))


def _write_text(path: Path, text: str) -> None:
    from kca_analysis.files import atomic_write_text

    atomic_write_text(path, text)


def _append_run_log(root, results, cached, seconds, exit_code) -> None:
    """Wall-clock timings and memory go here (ignored by git), never into the manifest."""
    entry = {
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(seconds, 3),
        "exit_code": exit_code,
        "cached": list(cached),
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
            }
            for r in results
        ],
    }
    with open(root / RUN_LOG_NAME, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")
