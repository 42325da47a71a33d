"""Parameters, notebook selection, slugs and fingerprints of ``kca run`` (nothing is executed)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kca_analysis import paths
from kca_analysis.cli import main
from kca_analysis.countries import CENTRAL_ASIA_ISO3
from kca_analysis.run import execute, fingerprint, manifest, notebooks, plan, values
from kca_analysis.run.errors import UsageError
from kca_analysis.run.parameters import Parameter

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.fixture()
def fixtures() -> list[notebooks.Notebook]:
    return notebooks.discover(FIXTURES)


def by_name(notebooks, name):
    return next(nb for nb in notebooks if nb.name == name)


# --- the parameters cell ----------------------------------------------------------------------


def test_parameters_cell_gives_names_and_defaults_in_order():
    cell = 'output_dir = ""\nyear: int = 2014\nshare = 0.5\nflag = True\nc = ("UZB", "KAZ")\n'
    values = notebooks.parse_parameters_cell(cell)
    assert list(values.items()) == [
        ("output_dir", ""),
        ("year", 2014),
        ("share", 0.5),
        ("flag", True),
        ("c", ["UZB", "KAZ"]),
    ]


@pytest.mark.parametrize(
    "cell", ["import os", "x = compute()", "x, y = 1, 2", "x = [i for i in range(3)]", "x = ("]
)
def test_parameters_cell_must_hold_literals_only(cell):
    with pytest.raises(UsageError, match="parameters cell"):
        notebooks.parse_parameters_cell(cell)


def test_discover_reads_fixture_notebooks(fixtures):
    names = [nb.name for nb in fixtures]
    assert names == ["01_fast", "02_plot", "03_fail", "04_sleep", "country_profile"]
    fast = by_name(fixtures, "01_fast")
    assert fast.inputs == ()
    assert fast.title == "Fast fixture"
    assert fast.defaults["countries"] == ["UZB", "KAZ"]
    assert "output_dir" not in fast.defaults


def test_notebook_without_inputs_metadata_falls_back_to_all_data(tmp_path):
    source = json.loads((FIXTURES / "01_fast.ipynb").read_text())
    del source["metadata"]["kca"]
    (tmp_path / "01_fast.ipynb").write_text(json.dumps(source))
    notebook = notebooks.read_notebook(tmp_path / "01_fast.ipynb")
    assert notebook.inputs is None
    (job,) = plan.notebook_jobs(notebook, {}, fingerprint.Hasher())
    assert not job.inputs_declared
    assert set(job.inputs) == set(fingerprint.Hasher().data_files())


# --- values from the command line -------------------------------------------------------------

BOOL = Parameter("annualize_ytd", False, "bool")


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("YES", True), ("1", True), ("false", False), ("no", False), ("0", False)],
)
def test_bool_words(text, value):
    assert values.coerce(BOOL, text) is value


@pytest.mark.parametrize("text", ["maybe", "", "2", "truee", "None"])
def test_bad_bool_names_parameter_and_type(text):
    with pytest.raises(UsageError, match=r"'annualize_ytd' expects bool \(true/false"):
        values.coerce(BOOL, text)


@pytest.mark.parametrize("text", ["1.5", "1e3", "12a", "", "0x10", "1_000"])
def test_int_is_strict(text):
    with pytest.raises(UsageError, match="'year' expects int"):
        values.coerce(Parameter("year", 2014, "int"), text)


def test_int_and_float_parse():
    assert values.coerce(Parameter("year", 2014, "int"), " -7 ") == -7
    share = Parameter("share", 0.5, "float")
    assert values.coerce(share, "2") == 2.0
    assert values.coerce(share, "1e-3") == 0.001
    for bad in ("nan", "inf", "1,5", "x"):
        with pytest.raises(UsageError, match="'share' expects float"):
            values.coerce(share, bad)


def test_lists_accept_commas_and_json():
    themes = Parameter("themes", ["energy"], "themes")
    assert values.coerce(themes, "energy, health") == ["energy", "health"]
    assert values.coerce(themes, '["a,b", "c"]') == ["a,b", "c"]
    assert values.coerce(themes, "") == []
    years = Parameter("years", [1992])  # undeclared: typed by its default, list[int]
    assert values.coerce(years, "1992,2014") == [1992, 2014]
    with pytest.raises(UsageError, match=r"'years\[1\]' expects int"):
        values.coerce(years, "1992,x")
    with pytest.raises(UsageError, match="JSON list"):
        values.coerce(themes, "[not json")


@given(st.text())
def test_a_string_value_is_kept_exactly(text):
    assert values.coerce(Parameter("label", "x", "text"), text) == text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_string_survives_papermills_quoting_as_data(text):
    # check_injection parses papermill's generated cell without running it and compares values.
    execute.check_injection({"label": text, "output_dir": "../outputs/x"})


def test_check_injection_refuses_values_that_would_change():
    with pytest.raises(UsageError, match="refusing"):
        execute.check_injection({"x": float("nan")})


def test_unknown_parameter_lists_declared(fixtures):
    fast = by_name(fixtures, "01_fast")
    with pytest.raises(UsageError) as error:
        values.resolve_parameters(fast, {"lable": "x"})
    assert "01_fast has no parameter 'lable'" in str(error.value)
    assert "label, n, scale, flag, countries" in str(error.value)


def test_output_dir_is_reserved(fixtures):
    with pytest.raises(UsageError, match="set by kca run"):
        values.resolve_parameters(by_name(fixtures, "01_fast"), {"output_dir": "/tmp"})


def test_countries_are_checked_and_normalised(fixtures):
    fast = by_name(fixtures, "01_fast")
    got = values.resolve_parameters(fast, {"countries": "kazakhstan,UZB"})
    assert got == {"countries": ["KAZ", "UZB"]}
    with pytest.raises(UsageError) as error:
        values.resolve_parameters(by_name(fixtures, "country_profile"), {"country": "France"})
    for code in CENTRAL_ASIA_ISO3:
        assert code in str(error.value)


# --- selection, jobs, slugs -------------------------------------------------------------------


def test_select_by_name_or_number(fixtures):
    assert [nb.name for nb in notebooks.select(fixtures, ["03", "country_profile"])] == [
        "03_fail",
        "country_profile",
    ]
    assert notebooks.select(fixtures, ["01_fast.ipynb"])[0].name == "01_fast"
    with pytest.raises(UsageError, match="expected one of: 01_fast, 02_plot"):
        notebooks.select(fixtures, ["09"])


def test_profile_runs_for_each_of_the_five():
    jobs = plan.plan(["country_profile"], notebooks_dir=FIXTURES)
    assert [j.run_id for j in jobs] == [
        "country_profile_UZB",
        "country_profile_KAZ",
        "country_profile_KGZ",
        "country_profile_TJK",
        "country_profile_TKM",
    ]
    assert all(j.default for j in jobs)
    (one,) = plan.plan(["country_profile"], ["country=Kazakhstan"], notebooks_dir=FIXTURES)
    assert one.run_id == "country_profile_KAZ" and one.default


def test_non_default_parameters_go_to_runs():
    (job,) = plan.plan(["01"], ["label=million_usd", "n=3"], notebooks_dir=FIXTURES)
    assert not job.default
    assert job.run_id == "01_fast/label-million_usd"  # n=3 is the default: not in the slug
    assert job.folder == "runs/01_fast/label-million_usd"
    assert manifest.executed_path(job) == "runs/01_fast/label-million_usd/01_fast.ipynb"


def test_full_plan_of_fixtures_has_no_tables_step():
    jobs = plan.plan(notebooks_dir=FIXTURES)
    assert "tables" not in [j.run_id for j in jobs]
    assert len(jobs) == 4 + 5


def test_full_plan_of_the_collection_starts_with_the_tables_step():
    jobs = plan.plan()
    assert jobs[0].run_id == "tables" and jobs[0].kind == "step"
    assert jobs[0].target == "kca_analysis.data.standard_tables:write_standard_tables"
    assert set(jobs[0].inputs) == set(fingerprint.Hasher().data_files())


def test_slug_is_readable_stable_and_safe():
    assert plan.slug({"value_unit": "million_usd"}) == "value_unit-million_usd"
    assert plan.slug({"b": True, "a": ["UZB", "KAZ"]}) == "a-UZB+KAZ__b-true"
    lossy = plan.slug({"label": "a/b"})
    assert re.fullmatch(r"label-a_b-[0-9a-f]{10}", lossy)
    assert plan.slug({"label": "a_b"}) != lossy
    assert len(plan.slug({"label": "x" * 500})) <= 80


@given(st.dictionaries(st.sampled_from(["a", "b", "label"]), st.text(), min_size=1))
def test_slug_is_always_a_safe_single_folder_name(overrides):
    name = plan.slug(overrides)
    assert re.fullmatch(r"[A-Za-z0-9._+-]+", name)
    assert not name.startswith(".") and len(name) <= 80


@given(st.text(max_size=20), st.text(max_size=20))
def test_different_values_never_share_a_folder(one, two):
    if one != two:
        assert plan.slug({"label": one}) != plan.slug({"label": two})


# --- fingerprints -----------------------------------------------------------------------------


def _one_job(folder: Path, *assignments: str) -> plan.Job:
    (job,) = plan.plan(["01_fast"], list(assignments), notebooks_dir=folder)
    return job


def test_fingerprint_follows_source_parameters_and_inputs(tmp_path):
    shutil.copy(FIXTURES / "01_fast.ipynb", tmp_path)
    base = _one_job(tmp_path).fingerprint
    assert _one_job(tmp_path).fingerprint == base
    assert _one_job(tmp_path, "n=4").fingerprint != base

    # New outputs saved in the notebook do not change what it does.
    path = tmp_path / "01_fast.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    path.write_text(json.dumps(nb))
    assert _one_job(tmp_path).fingerprint == base

    nb["cells"][2]["source"] = "print('changed')"
    path.write_text(json.dumps(nb))
    changed = _one_job(tmp_path).fingerprint
    assert changed != base

    # A declared input that changes changes the fingerprint.
    nb["metadata"]["kca"]["inputs"] = ["data/paper/table1_trade.csv"]
    path.write_text(json.dumps(nb))
    hasher = fingerprint.Hasher()
    (job,) = plan.notebook_jobs(notebooks.read_notebook(path), {}, hasher)
    assert job.inputs == {"data/paper/table1_trade.csv": hasher.file("data/paper/table1_trade.csv")}
    hasher._files["data/paper/table1_trade.csv"] = "0" * 64
    (other,) = plan.notebook_jobs(notebooks.read_notebook(path), {}, hasher)
    assert other.fingerprint != job.fingerprint


# --- the command line, without executing ------------------------------------------------------


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_unknown_parameter_exits_2(capsys, tmp_path):
    code, _, err = run_cli(
        capsys, "run", "01", "-p", "nope=1", "--notebooks-dir", str(FIXTURES), "--outputs",
        str(tmp_path),
    )  # fmt: skip
    assert code == 2
    assert "declared parameters: label, n, scale, flag, countries" in err
    assert not any(tmp_path.iterdir())


def test_cli_bad_type_exits_2(capsys, tmp_path):
    code, _, err = run_cli(
        capsys, "run", "01", "-p", "flag=maybe", "--notebooks-dir", str(FIXTURES), "--outputs",
        str(tmp_path),
    )  # fmt: skip
    assert code == 2
    assert "'flag' expects bool" in err


def test_cli_unknown_notebook_exits_2(capsys):
    code, _, err = run_cli(capsys, "run", "99_nothing", "--notebooks-dir", str(FIXTURES))
    assert code == 2
    assert "unknown notebook '99_nothing'" in err


def test_cli_list_shows_kinds_defaults_and_allowed_values(capsys):
    code, out, _ = run_cli(capsys, "list", "--notebooks-dir", str(FIXTURES))
    assert code == 0
    assert "01_fast" in out
    assert re.search(
        r"-p flag=\.\.\.\s+bool \(bool\)\s+default False\n\s+allowed: true or false", out
    )
    assert re.search(
        r"-p countries=\.\.\.\s+countries \(list\[str\]\)\s+default \['UZB', 'KAZ'\]\n"
        r"\s+allowed: a list of UZB, KAZ, KGZ, TJK, TKM \(ISO3 codes or English names",
        out,
    )
    assert re.search(
        r"-p seconds=\.\.\.\s+float \(float\)\s+default 0.0\n\s+allowed: 0 or more", out
    )
    assert "runs once per country by default (country = UZB, KAZ, KGZ, TJK, TKM)" in out


def test_cli_list_of_the_collection_shows_every_declared_kind(capsys):
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    assert "undeclared" not in out
    for text in (
        "year (int)",
        "allowed: 1990 to 2023, not after end_year",
        "allowed: one of thousand_usd, million_usd, billion_usd",
        "allowed: one of official, press, secondary",
        "donors (list[str])",
        "themes (list[str])",
        "partners (list[str])",
        "recipient (str)",
    ):
        assert text in out


def test_cli_list_says_when_inputs_are_not_declared(capsys, tmp_path):
    source = json.loads((FIXTURES / "01_fast.ipynb").read_text())
    del source["metadata"]["kca"]
    (tmp_path / "01_fast.ipynb").write_text(json.dumps(source))
    code, out, _ = run_cli(capsys, "list", "--notebooks-dir", str(tmp_path))
    assert code == 0
    assert "not declared in metadata kca.inputs: every file under data/" in out


def test_cli_check_delegates_to_the_checks_module(capsys, monkeypatch):
    import types

    calls = []
    fake = types.ModuleType("kca_analysis.data.check")
    fake.main = lambda argv: calls.append(argv) or 3
    monkeypatch.setitem(__import__("sys").modules, "kca_analysis.data.check", fake)
    assert main(["check", "--strict", "x"]) == 3
    assert calls == [["--strict", "x"]]


def test_cached_path_imports_stay_light():
    import subprocess
    import sys

    code = "import kca_analysis.cli, kca_analysis.run.pipeline, sys; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    for heavy in ("papermill", "pandas", "matplotlib", "nbformat", "nbconvert", "jupyter_client"):
        assert f"'{heavy}'" not in out.stdout


def _library_modules_on_disk() -> set[str]:
    """Every module of kca_analysis but the runner, the command line and curation, by its file."""
    package = Path(__file__).resolve().parent.parent / "kca_analysis"
    found = set()
    for path in package.rglob("*.py"):
        parts = path.relative_to(package).with_suffix("").parts
        if parts[0] in ("run", "cli", "curate", "__init__") or parts[-1] == "__main__":
            continue
        found.add(".".join(("kca_analysis", *parts)).removesuffix(".__init__"))
    return found


def test_zygote_preloads_the_library_by_name_without_importing_it():
    import subprocess
    import sys

    code = (
        "import json, sys; from kca_analysis.run import kernels; "
        "print(json.dumps([kernels.preload_modules(), "
        "sorted(m for m in sys.modules if m.startswith('kca_analysis'))]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    preloaded, imported = json.loads(out.stdout)
    library = [m for m in preloaded if m.startswith("kca_analysis")]
    assert set(library) == _library_modules_on_disk()
    # kernels.py names the library without importing it: only itself and runtime.py (stdlib).
    assert imported == [
        "kca_analysis",
        "kca_analysis.run",
        "kca_analysis.run.kernels",
        "kca_analysis.run.runtime",
    ]


def test_the_zygote_preloads_everything_only_for_notebooks_that_import_heavy_packages(tmp_path):
    from kca_analysis.run import kernels

    def notebook(name: str, *sources: str) -> str:
        cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources]
        path = tmp_path / f"{name}.ipynb"
        path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))
        return str(path)

    light = notebook("light", "import os, json\n", "from kca_analysis.files import record_results")
    sleepy = notebook("sleepy", "import time")
    heavy = notebook("heavy", "import pandas as pd")
    magic = notebook("magic", "%matplotlib inline")
    assert kernels.preload_for([light, sleepy]) == ["json", "kca_analysis.files", "os", "time"]
    everything = kernels.preload_modules()
    assert kernels.preload_for([light, heavy]) == everything
    assert kernels.preload_for([magic]) == everything  # not parsed: never less than needed
    assert kernels.preload_for([str(tmp_path / "missing.ipynb")]) == everything
    collection = sorted(str(p) for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert all(kernels.preload_for([p]) == everything for p in collection)
