"""`kca check`: one line per file, exit 0 only when every checksum and schema holds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from kca_analysis import paths
from kca_analysis.data.validation import load_sources
from kca_analysis.files import sha256_file as sha256_of


def _kca_check(root=None):
    env = dict(os.environ)
    if root is not None:
        env["KCA_PROJECT_ROOT"] = str(root)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from kca_analysis.cli import main; sys.exit(main())",
            "check",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_check_passes_on_the_committed_data_one_line_per_file():
    result = _kca_check()
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in load_sources():
        matching = [line for line in lines if f"  {name}  " in line]
        assert len(matching) == 1, f"expected one line for {name}"
        assert matching[0].startswith("ok")
    assert any(line.startswith("ok") and "correction" in line for line in lines)
    assert lines[-1] == "all checks hold"


def test_check_fails_naming_a_changed_file_and_both_hashes(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(paths.DATA_DIR, root / "data")
    changed = root / "data" / "external" / "gdp_wdi.csv"
    before = sha256_of(changed)
    with changed.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    result = _kca_check(root)
    assert result.returncode == 1
    failing = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failing) == 1
    assert "data/external/gdp_wdi.csv" in failing[0]
    assert before in failing[0] and sha256_of(changed) in failing[0]


def test_check_fails_on_a_data_file_without_provenance(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(paths.DATA_DIR, root / "data")
    (root / "data" / "external" / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = _kca_check(root)
    assert result.returncode == 1
    assert "FAIL  data/external/stray.csv  not listed in data/sources.yml" in result.stdout
