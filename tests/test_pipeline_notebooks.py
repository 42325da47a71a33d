"""``kca run`` on the collection's own notebooks (slow: they are executed).

- every notebook reads only the data files it declares in ``metadata["kca"]["inputs"]``;
- two forced runs give byte-identical figures, tables, site and manifest, and the figures,
  tables and manifest outputs are the committed ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[!._]*.ipynb"))
KCA = [sys.executable, "-m", "kca_analysis.cli"]


def tree(folder: Path, only: tuple[str, ...]) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix().startswith(only)
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_reads_only_declared_inputs(name, tmp_path):
    nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    declared = nb.get("metadata", {}).get("kca", {}).get("inputs")
    assert declared is not None, f"{name}: declare metadata kca.inputs (the data files it reads)"
    log = tmp_path / "reads.log"
    log.touch()
    env = {**os.environ, "KCA_READ_LOG": str(log)}
    result = subprocess.run(
        [*KCA, "run", name, "--force", "--no-site", "--outputs", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reads = {line.strip() for line in log.read_text().splitlines() if line.strip()}
    assert reads <= set(declared), f"{name} reads undeclared files: {sorted(reads - set(declared))}"


@pytest.mark.slow
@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks in notebooks/ yet")
def test_outputs_are_reproducible_and_match_the_committed_ones(tmp_path):
    outputs = tmp_path / "outputs"
    compared = ("figures/", "tables/", "site/", "manifest.json")
    snapshots = []
    for _ in range(2):
        result = subprocess.run(
            [*KCA, "run", "--force", "--outputs", str(outputs)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        snapshots.append(tree(outputs, compared))
    assert snapshots[0] == snapshots[1]

    committed = _committed(("outputs/figures/", "outputs/tables/", "outputs/manifest.json"))
    if not committed:
        pytest.skip("no outputs committed yet")
    fresh = {f"outputs/{k}": v for k, v in snapshots[0].items() if not k.startswith("site/")}
    manifest = json.loads((outputs / "manifest.json").read_text())
    assert set(fresh) - {"outputs/manifest.json"} == {f"outputs/{k}" for k in manifest["outputs"]}
    for path, digest in committed.items():
        if path == "outputs/manifest.json":
            old = json.loads(_show(path))
            assert old["outputs"] == manifest["outputs"], "rerun `make run` and commit outputs/"
        else:
            assert fresh.get(path) == digest, f"{path} does not follow from code and data"
    assert set(committed) == set(fresh), "outputs/ has files that kca run no longer makes"


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
