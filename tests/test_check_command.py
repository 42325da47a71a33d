"""`kca check`: one line per file, exit 0 only when every checksum and schema holds; and a
corrupted cell of any raw or curated file named by file, row and field, by `kca check` and by
`frictionless validate` alike."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kca_analysis import paths
from kca_analysis.data.catalog import load_catalog
from kca_analysis.data.frictionless_check import validate_package
from kca_analysis.files import sha256_file as sha256_of


def _kca_check(root=None, *args):
    env = dict(os.environ)
    if root is not None:
        env["KCA_PROJECT_ROOT"] = str(root)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from kca_analysis.cli import main; sys.exit(main())",
            "check",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _copy_data(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(paths.DATA_DIR, root / "data")
    return root


def test_check_passes_on_the_committed_data_one_line_per_file():
    result = _kca_check()
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for entry in load_catalog():
        matching = [line for line in lines if f"  {entry.path}  " in line]
        assert len(matching) == 1, f"expected one line for {entry.path}"
        assert matching[0].startswith("ok") and "frictionless valid" in matching[0]
    assert any(line.startswith("ok") and "correction cow_coverage_gaps" in line for line in lines)
    assert any(line.startswith("ok") and "data/README.md" in line for line in lines)
    assert lines[-1] == "all checks hold"


def test_check_fails_naming_a_changed_file_and_both_hashes(tmp_path):
    root = _copy_data(tmp_path)
    changed = root / "data" / "curated" / "gdp_wdi.csv"
    before = sha256_of(changed)
    with changed.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    result = _kca_check(root, "--no-frictionless")
    assert result.returncode == 1
    failing = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failing) == 1
    assert "data/curated/gdp_wdi.csv" in failing[0]
    assert before in failing[0] and sha256_of(changed) in failing[0]


def test_check_fails_on_a_data_file_without_provenance(tmp_path):
    root = _copy_data(tmp_path)
    (root / "data" / "curated" / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "data" / "raw" / "stray.source.txt").write_text("who knows\n", encoding="utf-8")
    result = _kca_check(root, "--no-frictionless")
    assert result.returncode == 1
    for stray in ("data/curated/stray.csv", "data/raw/stray.source.txt"):
        assert f"FAIL  {stray}  not a resource of data/datapackage.json" in result.stdout


def test_check_fails_on_a_changed_source_note_and_a_stale_readme(tmp_path):
    root = _copy_data(tmp_path)
    with (root / "data" / "raw" / "wb_gdp.source.txt").open("a", encoding="utf-8") as handle:
        handle.write("an afterthought\n")
    readme = root / "data" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    result = _kca_check(root, "--no-frictionless")
    assert result.returncode == 1
    failing = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert any(
        "data/raw/wb_gdp.csv" in line and "wb_gdp.source.txt differs" in line for line in failing
    )
    assert any("data/README.md" in line and "stale" in line for line in failing)


# --------------------------------------------------------------------------------------------
# A corrupted value in any raw or curated file: both validators name file, row and field


def _corruption(entry) -> tuple[str, str]:
    """The first field with a constraint a bad value breaks, and that value."""
    for field in entry.descriptor["schema"]["fields"]:
        if field["name"] in entry.descriptor["schema"].get("primaryKey", ()):
            continue
        constraints = field.get("constraints", {})
        if field["type"] in ("integer", "number"):
            return field["name"], "12x"
        if "enum" in constraints or "pattern" in constraints:
            return field["name"], "not-a-valid-value"
        if constraints.get("required"):
            return field["name"], ""
    raise AssertionError(f"{entry.path}: no constrained field to corrupt")


def _corrupt(path: Path, field: str, value: str, line: int) -> None:
    """Set ``field`` on physical line ``line`` (header = 1) of a CSV, keeping its line endings."""
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    header = next(csv.reader([lines[0].decode("utf-8-sig")]))
    cells = next(csv.reader([lines[line - 1].decode("utf-8")]))
    cells[header.index(field)] = value
    ending = "\r\n" if lines[line - 1].endswith(b"\r\n") else "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerow(cells)
    lines[line - 1] = buffer.getvalue().encode("utf-8")
    path.write_bytes(b"".join(lines))


CORRUPTED_LINE = 3


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of data/ with one bad cell (line 3) in every raw and curated file."""
    root = tmp_path_factory.mktemp("corrupted") / "project"
    shutil.copytree(paths.DATA_DIR, root / "data")
    fields = {}
    for entry in load_catalog():
        if entry.group not in ("raw", "curated"):
            continue
        field, value = _corruption(entry)
        _corrupt(root / entry.path, field, value, CORRUPTED_LINE)
        fields[entry.path] = field
    return root, fields


def test_frictionless_names_file_row_and_field_of_each_corrupted_value(corrupted):
    root, fields = corrupted
    problems = validate_package(root / "data" / "datapackage.json")
    for path, field in fields.items():
        found = problems.get(path.removeprefix("data/"), [])
        assert any(p.row == CORRUPTED_LINE and p.field == field for p in found), (path, found)


def test_kca_check_names_file_line_and_column_of_each_corrupted_value(corrupted):
    root, fields = corrupted
    result = _kca_check(root)
    assert result.returncode == 1
    lines = {
        line.split("  ")[1]: line for line in result.stdout.splitlines() if line.startswith("FAIL")
    }
    for path, field in fields.items():
        line = lines.get(path, "")
        assert f"{path}, line {CORRUPTED_LINE}, column {field!r}" in line, (path, line)
        assert "checksum mismatch" in line
        assert f"frictionless: row {CORRUPTED_LINE}, field {field!r}" in line, (path, line)
