"""A notebook's inputs: the data files it reads, recorded from the read log, checked against the
catalog.

``kca run`` must know a notebook's inputs before executing it (they are part of its fingerprint),
so each notebook carries them in ``metadata.kca.inputs``. Nobody writes that list by hand:

1. every read of a data file is logged when ``KCA_READ_LOG`` names a file
   (:func:`kca_analysis.data.schema.log_read`); ``kca run`` sets it for each run and keeps the
   reads in ``outputs/run-log.jsonl``;
2. ``python -m kca_analysis.run.inputs --write`` takes, for each notebook, the reads of its last
   executed default runs (all five country profiles for ``country_profile``), checks that each
   is a file of the catalog ``data/datapackage.json`` (a resource, the catalog itself or
   ``data/corrections.yml``) and writes them, sorted, into the notebook's metadata (nothing else
   of the notebook changes); without ``--write`` it exits 1 listing the differences;
3. after every run, a read the notebook does not declare is reported (:func:`undeclared`), and
   the slow test of ``tests/test_pipeline_notebooks.py`` fails on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from kca_analysis import paths

from .errors import PipelineError

#: Files a notebook may read besides the catalog's resources.
CATALOG_FILES = (
    paths.relative_to_root(paths.CATALOG_FILE),
    paths.relative_to_root(paths.CORRECTIONS_FILE),
)
RUN_LOG = "run-log.jsonl"


def known_inputs() -> set[str]:
    """Every file a notebook may declare: the catalog's resources, the catalog, the corrections.

    Returns
    -------
    set of str
        Paths relative to the project root.
    """
    # Imported here: the data layer loads pandas, which `kca run` avoids until it executes.
    from kca_analysis.data.catalog import load_catalog

    return {entry.path for entry in load_catalog()} | set(CATALOG_FILES)


def declared_inputs(reads: Iterable[str]) -> list[str]:
    """Turn a notebook's logged reads into its declared inputs: sorted, once each, all known.

    Parameters
    ----------
    reads
        Paths relative to the project root, as the read log has them (repeats allowed).

    Returns
    -------
    list of str
        The sorted, distinct paths.

    Raises
    ------
    PipelineError
        For a read that is not a file of the catalog (a data file without provenance).
    """
    found = sorted(set(reads))
    unknown = [f for f in found if f not in known_inputs()]
    if unknown:
        raise PipelineError(
            f"reads of files that are not in {CATALOG_FILES[0]}: {', '.join(unknown)}; every data "
            "file a notebook reads must be a resource of the catalog"
        )
    return found


def undeclared(declared: Iterable[str], reads: Iterable[str]) -> list[str]:
    """Return the files a run read that its notebook does not declare, sorted.

    Parameters
    ----------
    declared
        The notebook's ``metadata.kca.inputs``.
    reads
        The run's logged reads.

    Returns
    -------
    list of str
    """
    return sorted(set(reads) - set(declared))


def last_reads(outputs_dir: Path, notebooks: Iterable[str]) -> dict[str, set[str]]:
    """Return the reads of each notebook's last executed default runs, from the run log.

    Parameters
    ----------
    outputs_dir
        The outputs folder holding ``run-log.jsonl``.
    notebooks
        The notebook names (``03_trade``...); a run ``country_profile_KAZ`` belongs to
        ``country_profile``. Runs with other parameters (``03_trade/...``) are left out.

    Returns
    -------
    dict
        Notebook name -> the union of the reads of its runs' last successful execution; a
        notebook with no such run is absent.
    """
    names = sorted(notebooks, key=len, reverse=True)
    latest: dict[str, list[str]] = {}
    log = Path(outputs_dir) / RUN_LOG
    lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    for line in lines:
        for run in json.loads(line).get("runs", ()):
            if run.get("status") == "ok" and "/" not in run["run"]:
                latest[run["run"]] = run.get("reads", [])
    found: dict[str, set[str]] = {}
    for run_id, reads in latest.items():
        name = next((n for n in names if run_id == n or run_id.startswith(n + "_")), None)
        if name is not None:
            found.setdefault(name, set()).update(reads)
    return found


def write_inputs(notebook: Path, inputs: Sequence[str]) -> bool:
    """Set a notebook's ``metadata.kca.inputs``, changing nothing else of the file.

    Parameters
    ----------
    notebook
        The ``.ipynb`` file (written as nbformat writes it: sorted keys, indent 1).
    inputs
        The declared inputs.

    Returns
    -------
    bool
        Whether the file changed.
    """
    text = Path(notebook).read_text(encoding="utf-8")
    document = json.loads(text)
    document.setdefault("metadata", {}).setdefault("kca", {})["inputs"] = list(inputs)
    new = json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if new == text:
        return False
    Path(notebook).write_text(new, encoding="utf-8")
    return True


def compare(
    declared: Mapping[str, Sequence[str] | None], reads: Mapping[str, set[str]]
) -> list[str]:
    """List how each notebook's declared inputs differ from what it read.

    Parameters
    ----------
    declared
        Notebook name -> its ``metadata.kca.inputs`` (``None`` when absent).
    reads
        :func:`last_reads`.

    Returns
    -------
    list of str
        One line per notebook that reads an undeclared file, declares a file it does not read,
        or has no recorded run; empty when every declaration matches.
    """
    lines = []
    for name, inputs in sorted(declared.items()):
        if name not in reads:
            lines.append(f"{name}: no executed default run in the run log (run `kca run --force`)")
            continue
        expected = declared_inputs(reads[name])
        if inputs is None or list(inputs) != expected:
            missing = undeclared(inputs or (), expected)
            extra = sorted(set(inputs or ()) - set(expected))
            lines.append(
                f"{name}: reads undeclared {missing or '-'}; declares unread {extra or '-'}"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m kca_analysis.run.inputs [--write] [--outputs DIR]``.

    Parameters
    ----------
    argv
        ``--write`` records the reads in the notebooks; ``--outputs`` names the outputs folder
        whose run log to read (default ``outputs/``).

    Returns
    -------
    int
        0 when every notebook declares exactly what it read (or after writing), else 1.
    """
    parser = argparse.ArgumentParser(prog="python -m kca_analysis.run.inputs", description=__doc__)
    parser.add_argument("--write", action="store_true", help="write the reads into the notebooks")
    parser.add_argument("--outputs", type=Path, default=paths.OUTPUTS_DIR)
    args = parser.parse_args(argv)
    notebooks = {
        p.stem: p for p in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")) if not p.stem.startswith("_")
    }
    reads = last_reads(args.outputs, notebooks)
    if args.write:
        for name, path in notebooks.items():
            if name in reads and write_inputs(path, declared_inputs(reads[name])):
                print(f"wrote metadata.kca.inputs of {path.name}")
        return 0
    declared = {
        name: json.loads(path.read_text(encoding="utf-8"))
        .get("metadata", {})
        .get("kca", {})
        .get("inputs")
        for name, path in notebooks.items()
    }
    differences = compare(declared, reads)
    for line in differences:
        print(line)
    return 1 if differences else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
