"""The machinery of the session's notebook runs (``tests/notebook_runs.py``) and the execution log.

- checks are grouped into as few runs as fit, never into a run they would make invalid;
- the reader of edge runs finds a gap that a filter made (the title of issue 16) and lets pass
  the gaps the data have;
- ``run_once`` runs its command once, whoever asks;
- ``KCA_EXECUTION_LOG`` gets one line per execution, from ``kca run`` and from nbval.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib

import pytest

from kca_analysis.run import execlog
from kca_analysis.run.notebooks import read_notebook

from . import notebook_runs
from .notebook_runs import ROOT
from .test_parameter_declarations import write_notebook

CELL = 'output_dir = ""\nstart = 1990\nend = 2023\nunit = "thousand_usd"\n'
YEAR = {"kind": "year", "min": 1990, "max": 2023}


def test_checks_share_a_run_unless_that_makes_it_invalid(tmp_path):
    declared = {
        "start": {**YEAR, "not_after": "end", "check": {"value": 2023, "expect": "from 2023"}},
        "end": {**YEAR, "check": {"value": 1990, "expect": "to 1990"}},
        "unit": {
            "kind": "value_unit",
            "check": [
                {"value": "billion_usd", "expect": "USD billion"},
                {"value": "million_usd", "expect": "USD million"},
            ],
        },
    }
    notebook = read_notebook(write_notebook(tmp_path, "nb", CELL, declared))
    runs = notebook_runs.group_checks(notebook)
    # start=2023 and end=1990 cannot be one run; each unit check joins the first free run.
    assert [run["values"] for run in runs] == [
        {"start": 2023, "unit": "billion_usd"},
        {"end": 1990, "unit": "million_usd"},
    ]
    assert [[(name, i) for name, i, _ in run["checks"]] for run in runs] == [
        [("start", 0), ("unit", 0)],
        [("end", 0), ("unit", 1)],
    ]


def test_the_collections_checks_run_in_few_runs_and_a_profile_check_is_a_default_run():
    runs = notebook_runs.check_runs()
    executed = [r for r in runs if not r.default]
    assert len(executed) <= 8, [r.run_id for r in executed]
    (profile,) = [r for r in runs if r.notebook == "country_profile"]
    assert profile.default and profile.executed == "notebooks/country_profile_KAZ.ipynb"
    batch = json.loads(notebook_runs.batch_text(runs))
    assert [e["notebook"] for e in batch] == [r.notebook for r in executed]


# --- what an edge run claims ------------------------------------------------------------------

DEFAULT = [
    "Korea-Central Asia Cooperation Forum meetings (no record found for no. 2, 4, 5)",
    "**Not found in the sources read: forum no. 2, 4, 5.** Between 2007 and 2024, 14 years ...",
    "Hatched: no record of the meeting",
]


def _claims(*texts: str) -> list[str]:
    return [c for text in texts for c in notebook_runs.clauses(text)]


def test_a_gap_the_window_made_is_found():
    # Issue 16: with since_year=2019 the title said that forums 1 to 11 had no record.
    told = _claims("Korea-Central Asia Cooperation Forum meetings (no record found for no. 1-11)")
    default = _claims(*DEFAULT)
    assert notebook_runs.unsupported(told, default, default) == ["no record found for no. 1-11"]
    told = _claims("Turkmenistan: no record of trade with Korea.")
    assert notebook_runs.unsupported(told, default, default) == [
        "Turkmenistan: no record of trade with Korea"
    ]


def test_the_gaps_of_the_data_may_be_said_again():
    default = _claims(*DEFAULT)
    told = _claims(
        "Korea-Central Asia Cooperation Forum meetings (no record found for no. 4)",
        "Forums 1-16 fall before 2024 and are not shown (no. 2, 4, 5 among them were not found "
        "in the sources read).",
        "Hatched: no record of the meeting",
        "Forums found: 6 of numbers 1-17 (below it: 1, 3; not found in any source: 2, 4, 5).",
    )
    assert notebook_runs.unsupported(told, default, default) == []


def test_statements_are_split_where_a_reader_stops_not_at_an_abbreviation(tmp_path):
    html = "<table><caption>Meetings <b>missing</b></caption><tr><td>a</td><td>b; c</td></table>"
    assert notebook_runs.clauses(html) == ["Meetings missing", "a", "b", "c"]
    assert notebook_runs.clauses("See no. 2, e.g. 2010. Next (it) ends") == [
        "See no. 2, e.g. 2010",
        "Next",
        "it",
        "ends",
    ]
    svg = tmp_path / "f.svg"
    svg.write_text("<svg><!-- Title (no record for 3) --><g/><!-- 2024 --></svg>")
    nb = tmp_path / "run.ipynb"
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "id": "shown",
                        "cell_type": "code",
                        "metadata": {},
                        "source": "",
                        "execution_count": 1,
                        "outputs": [
                            {
                                "output_type": "display_data",
                                "metadata": {},
                                "data": {"text/markdown": "Shown.", "text/plain": "<Markdown>"},
                            }
                        ],
                    }
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    assert notebook_runs.statements(nb, [svg]) == ["Shown", "Title", "no record for 3", "2024"]
    assert notebook_runs.items("no record for no. 1-3 in Kyrgyzstan") == {"1", "2", "3", "KGZ"}


# --- one command per session -----------------------------------------------------------------


def test_run_once_runs_the_command_for_the_first_caller_only(tmp_path):
    argv = ["list", "--notebooks-dir", str(notebook_runs.ROOT / "tests/fixtures/notebooks")]
    first = notebook_runs.run_once(tmp_path, "listing", argv, {"note.txt": "x"})
    assert first.returncode == 0 and "01_fast" in first.stdout, first.stderr
    assert (tmp_path / "note.txt").read_text() == "x"
    (tmp_path / "listing.json").write_text(
        json.dumps({"outputs": str(tmp_path / "o"), "returncode": 3, "stdout": "s", "stderr": "e"})
    )
    again = notebook_runs.run_once(tmp_path, "listing", ["no-such-command"])
    assert again == notebook_runs.Command(tmp_path / "o", 3, "s", "e")
    with pytest.raises(AssertionError, match="kca exited 3"):
        again.require_success()


# --- the execution log -----------------------------------------------------------------------


def test_the_execution_log_gets_a_line_only_when_its_variable_is_set(tmp_path):
    log = tmp_path / "executions.jsonl"
    notebook = ROOT / "notebooks" / "03_trade.ipynb"
    assert not execlog.record(notebook, "kca run", environ={})
    assert not log.exists()
    environ = {execlog.ENV: str(log)}
    assert execlog.record(notebook, "kca run", environ=environ)
    assert execlog.record(tmp_path / "x.ipynb", "nbval", environ=environ)
    assert [json.loads(line) for line in log.read_text().splitlines()] == [
        {"notebook": "notebooks/03_trade.ipynb", "by": "kca run"},
        {"notebook": str(tmp_path / "x.ipynb"), "by": "nbval"},
    ]
    with pytest.raises(ValueError, match="unknown executor 'papermill'"):
        execlog.record(notebook, "papermill", environ=environ)


PYTEST = [sys.executable, "-m", "pytest", "-p", "kca_analysis.run.lean"]


def _project_dist_options() -> list[str]:
    """The ``--dist`` option of the project's pytest ``addopts`` (how xdist shares out tests)."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    words = options["ini_options"]["addopts"].split()
    return words[words.index("--dist") : words.index("--dist") + 2] if "--dist" in words else []


@pytest.mark.slow  # executes fixture notebooks, logged to its own file (not the quick lane's)
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "two xdist workers"])
def test_nbval_executions_are_logged_once_per_notebook_file(tmp_path, workers):
    # An inner pytest session with this suite's hook and its --dist option, on two small
    # notebooks whose cells depend on the ones before: under xdist each notebook must stay in
    # one worker (one kernel), or a later cell would not see what an earlier one did.
    sources = ["x = 1", "x += 1", "assert x == 2, x"]
    cells = [
        {"cell_type": "code", "metadata": {}, "source": source, "execution_count": None,
         "outputs": [], "id": f"c{n}"}
        for n, source in enumerate(sources)
    ]  # fmt: skip
    for name in ("a", "b"):
        nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(nb))
    (tmp_path / "pytest.ini").write_text(
        f"[pytest]\naddopts = {' '.join(_project_dist_options())}\n"
    )
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent(
            """
            from tests.conftest import pytest_collection_modifyitems  # noqa: F401
            """
        )
    )
    log = tmp_path / "executions.jsonl"
    result = subprocess.run(
        # lean, as the project's addopts load it: no iri grammars compiled in each process.
        [*PYTEST, "-q", "-p", "no:cacheprovider", "--nbval-lax", *workers],
        cwd=tmp_path,
        env={**_environ(), execlog.ENV: str(log), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout
    lines = sorted(json.loads(line)["notebook"] for line in log.read_text().splitlines())
    assert lines == [str(tmp_path / "a.ipynb"), str(tmp_path / "b.ipynb")]
    assert {json.loads(line)["by"] for line in log.read_text().splitlines()} == {"nbval"}


def _environ() -> dict[str, str]:
    import os

    # The inner session must not see this session's xdist worker or execution log.
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", execlog.ENV))}
