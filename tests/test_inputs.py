"""A notebook's declared inputs come from the read log and the catalog, never from a hand-kept
list: recorded by ``python -m kca_analysis.run.inputs --write``, compared after every run."""

from __future__ import annotations

import json
import shutil

import pytest

from kca_analysis import paths
from kca_analysis.run import inputs
from kca_analysis.run.errors import PipelineError

NOTEBOOKS = sorted(p for p in paths.NOTEBOOKS_DIR.glob("*.ipynb") if not p.stem.startswith("_"))


def _log(folder, *runs_per_line):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / inputs.RUN_LOG).open("w", encoding="utf-8") as handle:
        for runs in runs_per_line:
            handle.write(json.dumps({"runs": runs}) + "\n")


def _run(run_id, reads, status="ok"):
    return {"run": run_id, "status": status, "reads": reads}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_declared_input_is_a_file_of_the_catalog(path):
    declared = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kca"]["inputs"]
    assert declared == inputs.declared_inputs(declared), "sorted, once each, all in the catalog"
    assert "data/datapackage.json" in declared, "every loader reads the catalog"


def test_reads_outside_the_catalog_are_refused():
    with pytest.raises(PipelineError, match="not in data/datapackage.json: data/curated/x.csv"):
        inputs.declared_inputs(["data/curated/gdp_wdi.csv", "data/curated/x.csv"])
    assert inputs.declared_inputs(
        ["data/corrections.yml", "data/curated/gdp_wdi.csv", "data/corrections.yml"]
    ) == ["data/corrections.yml", "data/curated/gdp_wdi.csv"]


def test_last_reads_takes_each_runs_last_success_and_joins_a_notebooks_variants(tmp_path):
    _log(
        tmp_path,
        [_run("03_trade", ["data/a.csv"]), _run("country_profile_KAZ", ["data/k.csv"])],
        [
            _run("03_trade", ["data/b.csv"]),
            _run("03_trade/value_unit=million_usd", ["data/c.csv"]),
            _run("country_profile_UZB", ["data/u.csv"]),
            _run("05_claims", ["data/x.csv"], status="error"),
        ],
    )
    reads = inputs.last_reads(tmp_path, ["03_trade", "05_claims", "country_profile"])
    assert reads == {
        "03_trade": {"data/b.csv"},
        "country_profile": {"data/k.csv", "data/u.csv"},
    }
    assert inputs.last_reads(tmp_path / "nowhere", ["03_trade"]) == {}


def test_compare_names_undeclared_and_unread_files():
    reads = {
        "a": {"data/curated/gdp_wdi.csv", "data/datapackage.json"},
        "b": {"data/corrections.yml"},
    }
    declared = {
        "a": ["data/curated/gdp_wdi.csv"],
        "b": ["data/corrections.yml"],
        "c": ["data/corrections.yml"],
    }
    lines = inputs.compare(declared, reads)
    assert lines == [
        "a: reads undeclared ['data/datapackage.json']; declares unread -",
        "c: no executed default run in the run log (run `kca run --force`)",
    ]
    assert inputs.undeclared(["data/a.csv"], ["data/a.csv", "data/b.csv"]) == ["data/b.csv"]


def test_write_inputs_changes_only_the_metadata(tmp_path):
    source = paths.NOTEBOOKS_DIR / "03_trade.ipynb"
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    before = json.loads(copy.read_text(encoding="utf-8"))
    new = ["data/corrections.yml", "data/datapackage.json"]
    assert inputs.write_inputs(copy, new)
    after = json.loads(copy.read_text(encoding="utf-8"))
    assert after["metadata"]["kca"]["inputs"] == new
    after["metadata"]["kca"]["inputs"] = before["metadata"]["kca"]["inputs"]
    assert after == before
    assert not inputs.write_inputs(copy, new), "a second write changes nothing"
    declared = before["metadata"]["kca"]["inputs"]
    assert inputs.write_inputs(copy, declared)
    assert copy.read_bytes() == source.read_bytes(), "the notebook's own layout is kept"


def test_main_records_the_logged_reads_and_then_finds_no_difference(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copyfile(paths.NOTEBOOKS_DIR / "03_trade.ipynb", notebooks / "03_trade.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", notebooks)
    reads = ["data/datapackage.json", "data/curated/gdp_wdi.csv", "data/datapackage.json"]
    _log(tmp_path / "outputs", [_run("03_trade", reads)])
    outputs = ["--outputs", str(tmp_path / "outputs")]
    assert inputs.main(outputs) == 1
    assert inputs.main([*outputs, "--write"]) == 0
    written = json.loads((notebooks / "03_trade.ipynb").read_text(encoding="utf-8"))
    assert written["metadata"]["kca"]["inputs"] == [
        "data/curated/gdp_wdi.csv",
        "data/datapackage.json",
    ]
    assert inputs.main(outputs) == 0
