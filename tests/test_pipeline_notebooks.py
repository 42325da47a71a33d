"""``kca run --force`` on the collection's own notebooks, read from the session's one run.

- every notebook reads only the data files it declares in ``metadata["kca"]["inputs"]`` (the reads
  each run logged, in ``run-log.jsonl``);
- the figures, tables and manifest outputs are the committed ones, byte for byte, and nothing
  else: the outputs regenerate from code and data.

That two runs give the same bytes is proved on the fixture notebooks
(``test_pipeline.py::test_two_forced_runs_are_byte_identical``); here one run is compared with
what was committed, possibly on another day and machine.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

from kca_analysis import paths
from kca_analysis.run import inputs

from .kca_helpers import tree
from .notebook_runs import ROOT

NOTEBOOKS = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("[!._]*.ipynb"))


def test_every_run_of_the_collection_ended_ok(collection_run):
    lines = collection_run.stdout.splitlines()
    assert collection_run.ended("FAILED") == []
    assert lines[-1].startswith("done: ") and " 0 cached, 0 failed" in lines[-1]
    for name in NOTEBOOKS:
        assert any(r == name or r.startswith(f"{name}_") for r in collection_run.ended("ok"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_reads_only_declared_inputs(name, collection_run):
    nb = json.loads((paths.NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    declared = nb.get("metadata", {}).get("kca", {}).get("inputs")
    assert declared is not None, f"{name}: declare metadata kca.inputs (the data files it reads)"
    reads = inputs.last_reads(collection_run.outputs, NOTEBOOKS)
    assert reads.get(name), f"{name}: the run log records no read of a data file"
    assert not inputs.undeclared(declared, reads[name]), (
        f"{name} reads undeclared files: {inputs.undeclared(declared, reads[name])}"
    )


def test_outputs_match_the_committed_ones(collection_run):
    outputs = collection_run.outputs
    committed = _committed(("outputs/figures/", "outputs/tables/", "outputs/manifest.json"))
    assert committed, "no outputs committed (git ls-tree HEAD -- outputs)"
    fresh = {f"outputs/{k}": v for k, v in tree(outputs, ("figures", "tables")).items()}
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    assert set(fresh) == {f"outputs/{k}" for k in manifest["outputs"]}
    for path, digest in committed.items():
        if path == "outputs/manifest.json":
            old = json.loads(_show(path))
            assert old["outputs"] == manifest["outputs"], "rerun `make run` and commit outputs/"
        else:
            assert fresh.get(path) == digest, f"{path} does not follow from code and data"
    assert set(committed) - {"outputs/manifest.json"} == set(fresh), (
        "outputs/ has files that kca run no longer makes, or lacks files it makes"
    )


def _committed(prefixes: tuple[str, ...]) -> dict[str, str]:
    """sha256 of the committed files under ``prefixes`` (empty without git or commits)."""
    if not shutil.which("git"):
        return {}
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "HEAD", "--", "outputs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        return {}
    files = [f for f in listing.stdout.splitlines() if f.startswith(prefixes)]
    return {f: hashlib.sha256(_show(f, binary=True)).hexdigest() for f in files}


def _show(path: str, binary: bool = False):
    data = subprocess.run(
        ["git", "show", f"HEAD:{path}"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return data if binary else data.decode("utf-8")
