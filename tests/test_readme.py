"""README.md follows the data editors' template, and its generated sections follow the files.

The list of exhibits must name exactly the outputs of ``outputs/manifest.json``; the data
availability table every file of the data catalog; the requirements the benchmark's figures.
``python -m kca_analysis.run.book.readme`` rewrites the generated sections.
"""

from __future__ import annotations

import json
import re

import pytest

from kca_analysis import paths
from kca_analysis.run.book import readme, sources

TEXT = readme.README.read_text(encoding="utf-8")
FIX = f"run `{readme.COMMAND}` and commit README.md"


def section(name: str) -> str:
    match = re.search(
        rf"<!-- generated: {name} [^\n]*-->\n(.*?)<!-- end generated: {name} -->", TEXT, re.DOTALL
    )
    assert match, f"README.md has no generated section {name!r}"
    return match.group(1)


def test_readme_has_the_template_sections():
    for heading in (
        "## Data availability statement",
        "## Computational requirements",
        "## Instructions to replicators",
        "## List of exhibits",
    ):
        assert f"\n{heading}\n" in TEXT, f"README.md lacks the section {heading!r}"


def test_generated_sections_are_up_to_date():
    assert readme.stale_sections(TEXT, readme.sections()) == [], FIX


def test_exhibit_list_names_exactly_the_manifests_outputs():
    manifest = json.loads((paths.OUTPUTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    listed = re.findall(r"`outputs/([^`]+)`", section("exhibits"))
    assert len(listed) == len(set(listed)), "an output is listed twice"
    assert set(listed) == set(manifest["outputs"]), FIX
    for path, entry in manifest["outputs"].items():
        program = manifest["runs"][entry["run"]].get("notebook") or manifest["runs"][
            entry["run"]
        ].get("step")
        row = next(line for line in section("exhibits").splitlines() if f"`outputs/{path}`" in line)
        assert f"`{program}`" in row, f"{path}: expected the program {program} in {row!r}"


def test_data_availability_covers_every_catalog_file_with_its_licence():
    table = section("data-availability")
    for path, entry in sources.catalog().items():
        row = next((line for line in table.splitlines() if f"`{path}`" in line), None)
        assert row is not None, f"{path} is missing from the data availability table; {FIX}"
        assert " ".join(str(entry["licence"]).split()) in row


def test_requirements_state_the_benchmarks_runtime_and_hardware():
    bench = sources.benchmark()
    text = section("requirements")
    assert bench.machine in text
    assert f"`kca run --force`: {bench.seconds('kca run --force'):g} s" in text


def test_check_reports_a_stale_readme_and_the_rewrite_fixes_it(tmp_path, capsys):
    copy = tmp_path / "README.md"
    copy.write_text(TEXT.replace("| figure `", "| figure? `", 1), encoding="utf-8")
    assert readme.main(["--check", "--readme", str(copy)]) == 1
    assert "section 'exhibits' is stale" in capsys.readouterr().out
    assert readme.main(["--readme", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == TEXT
    assert readme.main(["--check", "--readme", str(copy)]) == 0


def test_a_readme_without_markers_is_refused():
    with pytest.raises(ValueError, match="no generated section 'exhibits'"):
        readme.replace_sections("# README\n", {"exhibits": "| x |"})
