"""Sweeps, batches and results tables of ``kca run``, on the fixture notebooks.

``01_fast`` records three results (``product``, ``n_countries``, ``shout``); ``03_fail`` fails
when ``fail`` is true; ``country_profile`` runs once per country.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kca_analysis.cli import main
from kca_analysis.run import plan, results

from .kca_helpers import FIXTURES, kca, kept, tree

FAST = "run,status,label,n,scale,flag,countries,n_countries,product,shout,error\n"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # --help
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


# --- the sweep syntax, planned without executing -----------------------------------------------


def test_a_comma_separates_runs_and_plus_joins_the_items_of_a_list():
    jobs = plan.plan(["01"], sweeps=["countries=UZB,KAZ+TJK"], notebooks_dir=FIXTURES)
    assert [j.parameters["countries"] for j in jobs] == [["UZB"], ["KAZ", "TJK"]]
    assert [j.run_id for j in jobs] == ["01_fast/countries-UZB", "01_fast/countries-KAZ+TJK"]
    # With -p, a comma-separated list is one value.
    (one,) = plan.plan(["01"], ["countries=UZB,KAZ,TJK"], notebooks_dir=FIXTURES)
    assert one.parameters["countries"] == ["UZB", "KAZ", "TJK"]


def test_a_json_value_list_holds_values_with_commas():
    jobs = plan.plan(["01"], sweeps=['label=["a,b", "c+d"]'], notebooks_dir=FIXTURES)
    assert [j.parameters["label"] for j in jobs] == ["a,b", "c+d"]
    jobs = plan.plan(["01"], sweeps=['countries=[["UZB"], ["KAZ", "TJK"]]'], notebooks_dir=FIXTURES)
    assert [j.parameters["countries"] for j in jobs] == [["UZB"], ["KAZ", "TJK"]]


def test_sweeps_give_the_cartesian_product_and_a_default_combination_is_the_default_run():
    jobs = plan.plan(["01"], sweeps=["n=3,4", "flag=false,true"], notebooks_dir=FIXTURES)
    assert [(j.parameters["n"], j.parameters["flag"]) for j in jobs] == [
        (3, False),
        (3, True),
        (4, False),
        (4, True),
    ]
    assert [j.default for j in jobs] == [True, False, False, False]  # n=3, flag=false: defaults
    profiles = plan.plan(
        ["country_profile"], sweeps=["country=KAZ,tajikistan"], notebooks_dir=FIXTURES
    )
    assert [j.run_id for j in profiles] == ["country_profile_KAZ", "country_profile_TJK"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["01", "--sweep", "nope=1,2"], "01_fast has no parameter 'nope'; declared parameters"),
        (["01", "--sweep", "n=1,x"], "parameter 'n' expects int (e.g. 2014), got 'x'"),
        (
            ["country_profile", "--sweep", "country=KAZ,France"],
            "Uzbekistan (UZB), Kazakhstan (KAZ)",
        ),
        (["01", "--sweep", "n=1,1"], "the sweep of 'n' gives the value 1 twice"),
        (["country_profile", "--sweep", "country=KAZ,Kazakhstan"], "gives the value 'KAZ' twice"),
        (["01", "-p", "n=2", "--sweep", "n=1,3"], "'n' is given with both -p and --sweep"),
        (["01", "--sweep", "n=1", "--sweep", "n=2"], "--sweep n is given twice"),
        (["01", "--sweep", "n=1,,2"], "an empty value"),
        (["01", "--sweep", "label=[1"], "must be a JSON list of values"),
        (["01", "--sweep", "n"], "expected --sweep NAME=V1,V2"),
        (["01", "--sweep", "n=[1.5]"], "parameter 'n' expects int"),
        (["01", "--dask", "local:0"], "--dask local:N expects N >= 1"),
        (
            ["01", "-p", "n=1,2"],
            "expects int (e.g. 2014), got '1,2'; allowed: any integer; to "
            "run once per value, use --sweep n=1,2",
        ),
        (["01", "--batch", "x.json", "-p", "n=1"], "--batch takes no NOTEBOOK, -p or --sweep"),
    ],
)
def test_a_bad_sweep_exits_2_before_anything_runs(capsys, tmp_path, argv, message):
    outputs = tmp_path / "out"
    code, _, err = run_cli(
        capsys, "run", *argv, "--notebooks-dir", str(FIXTURES), "--outputs", str(outputs)
    )
    assert code == 2, err
    assert message in err
    assert not outputs.exists()


def test_every_combination_of_the_collection_is_checked(capsys, tmp_path):
    # The real notebooks, planned only: a relation between two parameters, in one combination.
    out = str(tmp_path / "out")
    code, _, err = run_cli(
        capsys, "run", "01_history", "-p", "end_year=2000", "--sweep", "start_year=1995,2010",
        "--outputs", out,
    )  # fmt: skip
    assert code == 2
    assert "start_year=2010 is after end_year=2000" in err
    code, _, err = run_cli(
        capsys, "run", "03_trade", "--sweep", "value_unit=million_usd,euros", "--outputs", out
    )
    assert code == 2
    assert "'euros'" in err and "thousand_usd" in err and "billion_usd" in err
    assert not (tmp_path / "out").exists()


def test_run_help_documents_the_syntax(capsys):
    code, out, _ = run_cli(capsys, "run", "--help")
    assert code == 0
    for text in (
        "--sweep NAME=V1,V2",
        "a comma separates runs",
        "joined with '+'",
        "cartesian product",
        "-p countries=UZB,KAZ is one run with both countries",
        "--batch FILE",
        "--dask local[:N]",
        "outputs/runs/<notebook>/results.csv",
    ):
        assert text in out, text


# --- executed sweeps and their results tables ---------------------------------------------------


def _rows(outputs: Path, notebook: str) -> list[dict[str, str]]:
    import csv

    text = (outputs / "runs" / notebook / "results.csv").read_text()
    return list(csv.DictReader(text.splitlines()))


@pytest.mark.slow
def test_a_sweep_runs_each_combination_in_its_folder_and_tabulates_the_results(tmp_path):
    outputs = tmp_path / "out"
    sweep = ["--sweep", "n=1,2", "--sweep", "flag=true,false"]
    result = kca("run", "01", "-p", "countries=UZB", *sweep, "--no-site", outputs=outputs)
    assert result.returncode == 0, result.stdout + result.stderr
    base = outputs / "runs" / "01_fast"
    folders = sorted(p.name for p in base.iterdir() if p.is_dir())
    assert folders == [
        "countries-UZB__flag-true__n-1",
        "countries-UZB__flag-true__n-2",
        "countries-UZB__n-1",
        "countries-UZB__n-2",
    ]
    for name in folders:
        assert {"01_fast.ipynb", "manifest.json", "results.json", "tables"} == {
            p.name for p in (base / name).iterdir()
        }
        manifest = json.loads((base / name / "manifest.json").read_text())
        assert set(manifest["outputs"]) == {"tables/fast_values.json"}  # the record is not one
    assert json.loads((base / "countries-UZB__n-2" / "results.json").read_text()) == {
        "n_countries": 1,
        "product": 3.0,
        "shout": "HELLO",
    }
    table = (base / "results.csv").read_text()
    assert table == FAST + (
        "01_fast/countries-UZB__n-1,ok,hello,1,1.5,false,UZB,1,1.5,HELLO,\n"
        "01_fast/countries-UZB__flag-true__n-1,ok,hello,1,1.5,true,UZB,1,1.5,HELLO,\n"
        "01_fast/countries-UZB__n-2,ok,hello,2,1.5,false,UZB,1,3.0,HELLO,\n"
        "01_fast/countries-UZB__flag-true__n-2,ok,hello,2,1.5,true,UZB,1,3.0,HELLO,\n"
    )
    before = tree(outputs, ("runs/",))

    # The same runs, listed in another order: all cached, the same bytes.
    reordered = ["--sweep", "flag=false,true", "--sweep", "n=2,1"]
    again = kca("run", "01", "-p", "countries=UZB", *reordered, "--no-site", outputs=outputs)
    assert again.returncode == 0, again.stderr
    assert [line.split()[0] for line in again.stdout.splitlines()[:-1]] == ["cached"] * 4
    assert tree(outputs, ("runs/",)) == before

    # A run whose record is gone is not cached: it runs again and its row comes back whole.
    (base / "countries-UZB__n-1" / "results.json").unlink()
    third = kca("run", "01", "-p", "countries=UZB", *sweep, "--no-site", outputs=outputs)
    assert "ok      01_fast/countries-UZB__n-1" in third.stdout
    assert [line.split()[0] for line in third.stdout.splitlines()].count("cached") == 3
    assert (base / "results.csv").read_text() == table


@pytest.mark.slow
def test_a_failed_run_is_a_row_with_its_error_and_the_others_are_kept(tmp_path):
    outputs = tmp_path / "out"
    result = kca("run", "03", "--sweep", "fail=true,false", "--no-site", outputs=outputs)
    assert result.returncode == 1
    assert "FAILED 03_fail/fail-true" in result.stdout
    assert "the 1 run(s) that succeeded were committed" in result.stdout
    rows = _rows(outputs, "03_fail")
    assert [(r["run"], r["status"], r["fail"]) for r in rows] == [
        ("03_fail", "ok", "false"),
        ("03_fail/fail-true", "failed", "true"),
    ]
    assert rows[0]["error"] == ""
    assert "ValueError: fixture failure on purpose" in rows[1]["error"]
    assert (outputs / "tables" / "fail_ok.csv").read_text() == "ok\n"  # the default run
    assert not (outputs / "runs" / "03_fail" / "fail-true").exists()
    assert (outputs / "failed" / "03_fail__fail-true.ipynb").is_file()


@pytest.mark.slow
def test_default_runs_change_together_and_a_discarded_one_says_why(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    outputs = tmp_path / "out"
    assert kca("run", "01", "--no-site", notebooks=notebooks, outputs=outputs).returncode == 0
    before = kept(outputs)
    path = notebooks / "03_fail.ipynb"
    path.write_text(path.read_text().replace("fail = False", "fail = True"))
    fast = notebooks / "01_fast.ipynb"
    fast.write_text(fast.read_text().replace('n = 3\\n"', 'n = 4\\n"'))
    result = kca("run", "01", "03", "--no-site", notebooks=notebooks, outputs=outputs)
    assert result.returncode == 1
    assert "no outputs were changed" in result.stdout
    assert kept(outputs) == before
    (row,) = _rows(outputs, "01_fast")
    assert (row["status"], row["n"], row["product"]) == ("discarded", "4", "6.0")
    assert row["error"] == "not committed: 03_fail failed (default outputs change together)"


@pytest.mark.slow
def test_a_result_named_like_a_parameter_fails_the_run(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    fast = (FIXTURES / "01_fast.ipynb").read_text()
    (notebooks / "01_fast.ipynb").write_text(fast.replace("product=n * scale", "n=n * scale"))
    result = kca("run", "01", "--no-site", notebooks=notebooks, outputs=tmp_path / "out")
    assert result.returncode == 1
    (row,) = _rows(tmp_path / "out", "01_fast")
    assert row["status"] == "failed"
    assert "result 'n' has the name of a parameter" in row["error"]


# --- batches and kca results -----------------------------------------------------------------


@pytest.mark.slow
def test_a_batch_runs_its_entries_in_one_command(tmp_path, capsys):
    batch = tmp_path / "edges.json"
    entries = [
        {"notebook": "01", "parameters": {"n": 5, "countries": "UZB"}},
        {"notebook": "country_profile", "sweep": {"country": ["KAZ", "Tajikistan"]}},
        {"notebook": "01_fast", "parameters": {"n": "5", "countries": ["UZB"]}},  # the same run
    ]
    batch.write_text(json.dumps(entries))
    outputs = tmp_path / "out"
    result = kca("run", "--batch", str(batch), "--no-site", outputs=outputs)
    assert result.returncode == 0, result.stdout + result.stderr
    ended = sorted(line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok"))
    assert ended == ["01_fast/countries-UZB__n-5", "country_profile_KAZ", "country_profile_TJK"]
    assert [r["country"] for r in _rows(outputs, "country_profile")] == ["KAZ", "TJK"]

    code, out, _ = run_cli(
        capsys, "results", "01", "--notebooks-dir", str(FIXTURES), "--outputs", str(outputs)
    )
    assert code == 0
    header, row = out.splitlines()
    assert header.split() == FAST.strip().split(",")
    assert row.split() == ["01_fast/countries-UZB__n-5", "ok", "hello", "5", "1.5", "false"] + [
        "UZB",
        "1",
        "7.5",
        "HELLO",
    ]
    code, out, _ = run_cli(
        capsys, "results", "country_profile", "--csv", "--notebooks-dir", str(FIXTURES),
        "--outputs", str(outputs),
    )  # fmt: skip
    assert out == (outputs / "runs" / "country_profile" / "results.csv").read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"notebook": "01"}', "expected a non-empty JSON list of runs"),
        ('[{"notebook": "01", "params": {}}]', "entry 0: unknown key(s) ['params']"),
        ('[{"parameters": {}}]', 'entry 0: expected {"notebook": NAME, ...}'),
        ('[{"notebook": "01"}, {"notebook": "09"}]', "batch entry 1: unknown notebook '09'"),
        ('[{"notebook": "01", "parameters": {"n": 1.5}}]', "batch entry 0: 01_fast: parameter"),
        ('[{"notebook": "01", "sweep": {"n": 3}}]', "the sweep of 'n' must be a list of values"),
        ("[not json", "cannot read a JSON file"),
    ],
)
def test_a_bad_batch_exits_2_naming_the_entry(capsys, tmp_path, content, message):
    batch = tmp_path / "batch.json"
    batch.write_text(content)
    code, _, err = run_cli(
        capsys, "run", "--batch", str(batch), "--notebooks-dir", str(FIXTURES),
        "--outputs", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 2
    assert message in err


def test_kca_results_without_a_table_or_with_an_unknown_notebook(capsys, tmp_path):
    where = ["--notebooks-dir", str(FIXTURES), "--outputs", str(tmp_path)]
    code, _, err = run_cli(capsys, "results", "02", *where)
    assert code == 1
    assert "no results for 02_plot yet" in err
    code, _, err = run_cli(capsys, "results", "09", *where)
    assert code == 2
    assert "unknown notebook '09'" in err


# --- the table itself ----------------------------------------------------------------------------


def test_table_cells_read_back_as_p_values():
    assert results.cell(["UZB", "KAZ"]) == "UZB,KAZ"
    assert results.cell(["DAC Countries, Total"]) == '["DAC Countries, Total"]'
    assert results.cell(0.1 + 0.2) == "0.3"
    assert results.cell(True) == "true" and results.cell(None) == "" and results.cell(7) == "7"


def test_table_rows_are_ordered_by_parameter_values_whatever_their_order():
    rows = [
        {"run": f"r{n}", "status": "ok", "error": "", "parameters": {"n": n}, "recorded": rec}
        for n, rec in [(10, {"b": 1}), (9, {"a": None}), (100, {})]
    ]
    text = results.table_text(rows, ["n"])
    assert text == "run,status,n,a,b,error\nr9,ok,9,,,\nr10,ok,10,,1,\nr100,ok,100,,,\n"
    assert results.table_text(rows[::-1], ["n"]) == text
