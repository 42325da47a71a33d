"""The outputs folder, the manifest of what is in it, and the cache test.

``outputs/manifest.json`` records, for every default run, its parameters, fingerprint, inputs and
outputs, and for every output its sha256; a run with non-default parameters has its own manifest
in its folder under ``outputs/runs/``. A job is cached when its fingerprint is the recorded one and
every recorded output is still on disk with its recorded checksum (a notebook's executed copy and
its recorded results too: :mod:`kca_analysis.run.results`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kca_analysis import paths
from kca_analysis.files import sha256_file

from .fingerprint import FORMAT_VERSION
from .results import read_recorded, record_path

if TYPE_CHECKING:
    from .plan import Job

MANIFEST_NAME = "manifest.json"
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


def outputs_root(outputs_dir: Path | str | None = None) -> Path:
    """Return the outputs folder: the argument, else ``$KCA_OUTPUTS_DIR``, else ``outputs/``.

    Parameters
    ----------
    outputs_dir
        A folder chosen by the caller (``kca run --outputs``), or ``None``.

    Returns
    -------
    Path
        The absolute folder.
    """
    chosen = outputs_dir or os.environ.get("KCA_OUTPUTS_DIR") or paths.OUTPUTS_DIR
    return Path(chosen).resolve()


def executed_path(job: Job) -> str:
    """Return where the executed notebook of ``job`` goes, relative to the outputs folder.

    Parameters
    ----------
    job
        A notebook job.

    Returns
    -------
    str
        ``notebooks/<run id>.ipynb`` for a default run, else ``runs/<run id>/<name>.ipynb``.
    """
    if job.default:
        return f"notebooks/{job.run_id}.ipynb"
    return f"{job.folder}/{job.name}.ipynb"


def manifest_path(root: Path, job: Job | None = None) -> Path:
    """Return the manifest that records ``job`` (the main one for default runs).

    Parameters
    ----------
    root
        The outputs folder.
    job
        A job, or ``None`` for the main manifest.

    Returns
    -------
    Path
        ``<root>/manifest.json`` or ``<root>/runs/<run id>/manifest.json``.
    """
    if job is None or job.default:
        return root / MANIFEST_NAME
    return root / job.folder / MANIFEST_NAME


def load_manifest(path: Path) -> dict[str, Any]:
    """Return the manifest at ``path``, or ``{}`` if missing, unreadable or of another format.

    Parameters
    ----------
    path
        A ``manifest.json``.

    Returns
    -------
    dict
        The manifest; an empty one trusts no cache.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT_VERSION else {}


def is_cached(job: Job, root: Path, manifest: Mapping[str, Any]) -> bool:
    """Return whether ``job`` ran with the same fingerprint and all its outputs are still intact.

    Parameters
    ----------
    job
        A planned job.
    root
        The outputs folder.
    manifest
        The manifest that records the job (see :func:`manifest_path`).

    Returns
    -------
    bool
        True when nothing needs to be executed for ``job``.
    """
    record = manifest.get("runs", {}).get(job.run_id)
    if not record or record.get("fingerprint") != job.fingerprint:
        return False
    base = root / job.folder
    if job.kind == "notebook" and not (root / executed_path(job)).is_file():
        return False
    if job.kind == "notebook" and read_recorded(record_path(root, job)) is None:
        return False
    outputs = manifest.get("outputs", {})
    for relative in record.get("outputs", []):
        entry = outputs.get(relative)
        path = base / relative
        if entry is None or not path.is_file() or sha256_file(path) != entry.get("sha256"):
            return False
    return True


def package_versions() -> dict[str, str]:
    """Return the versions of Python and of :data:`CORE_PACKAGES` (``"not installed"`` if absent).

    Returns
    -------
    dict
        Package name -> version string.
    """
    from importlib import metadata

    versions = {"python": ".".join(map(str, sys.version_info[:3]))}
    for name in CORE_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def run_record(job: Job, outputs: Sequence[str]) -> dict[str, Any]:
    """Return the manifest record of one run.

    Parameters
    ----------
    job
        The job that ran.
    outputs
        The files it wrote, relative to its outputs folder.

    Returns
    -------
    dict
        Kind, parameters, fingerprint, inputs and outputs, plus the notebook's name, title, key
        figures and paths (or the step's target).
    """
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
    """Return the manifest of ``runs`` whose outputs are under ``base``.

    Parameters
    ----------
    runs
        Run id -> :func:`run_record`.
    base
        The folder the records' output paths are relative to.

    Returns
    -------
    dict
        Format, package versions, the runs and, per output, its sha256, run, notebook,
        parameters and inputs.
    """
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
    """Return the manifest as the text written to disk (sorted keys, one-space indent, newline).

    Parameters
    ----------
    manifest
        From :func:`build_manifest`.

    Returns
    -------
    str
        Deterministic JSON text.
    """
    return json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
