"""The notebook contract, checked on every ``notebooks/*.ipynb``.

1. Structure (fast, on the committed file): a title, exactly one ``parameters`` cell holding
   literals only (parsed with :mod:`ast`), ``output_dir`` among them, declared inputs that exist,
   a Sources section, no error or stderr output, at least one figure, and every parameter but
   ``output_dir`` declared in ``metadata.kca.parameters`` (read by ``kca run`` itself, see
   :mod:`kca_analysis.run.parameters`) with a known kind, a default its kind accepts, and at
   least one check whose value its kind accepts and which differs from the default.
2. Parameters: every declared check, run by ``kca run`` with its value, shows its ``expect``
   text in the executed outputs, so that a parameter demonstrably changes what the reader sees.
   The checks sit at the edges of their parameters (the first and last allowed year, one country,
   one donor, the largest unit...); a notebook's checks run together, as many in one run as fit
   (``tests/notebook_runs.py``), all runs in one ``kca run --batch`` of the session; a check
   that is a default run (a country profile) is read from the session's collection run. Each
   narrowed run must claim no gap that only its filter made (issue 16): "missing", "no record",
   "not found" only for what the data lack.

nbval itself (configured in ``pyproject.toml``) re-executes the committed notebooks with their
default parameters and compares the outputs.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kca_analysis import paths
from kca_analysis.run.notebooks import read_notebook
from kca_analysis.run.parameters import KINDS, check_value

from . import notebook_runs

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
FIGURE_TYPES = ("image/png", "image/svg+xml")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _parameter_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [
        c
        for c in nb.cells
        if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])
    ]


def _is_literal(node: ast.AST) -> bool:
    """Constants, negative numbers, and lists, tuples and dicts of literals."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return isinstance(node.operand, ast.Constant) and isinstance(
            node.operand.value, int | float
        )
    if isinstance(node, ast.List | ast.Tuple):
        return all(_is_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _is_literal(k) for k in node.keys) and all(
            _is_literal(v) for v in node.values
        )
    return False


def parse_parameters(source: str) -> dict[str, Any]:
    """Return ``{name: value}`` of a parameters cell, or raise ValueError naming the offence."""
    tree = ast.parse(source)
    values: dict[str, Any] = {}
    for statement in tree.body:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            raise ValueError(
                f"line {statement.lineno}: only `name = literal` assignments are allowed"
            )
        if not _is_literal(statement.value):
            raise ValueError(
                f"line {statement.lineno}: {statement.targets[0].id} is not a literal "
                "(constants, lists, tuples and dicts of constants only)"
            )
        values[statement.targets[0].id] = ast.literal_eval(statement.value)
    return values


def _outputs(nb: nbformat.NotebookNode):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                yield index, output


def _kca(nb: nbformat.NotebookNode) -> dict[str, Any]:
    return nb.metadata.get("kca", {})


# --------------------------------------------------------------------------------------------
# 1. Structure


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {paths.NOTEBOOKS_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestStructure:
    def test_title_heading(self, path):
        first = _read(path).cells[0]
        assert first.cell_type == "markdown" and re.match(r"#\s+\S", first.source), (
            f"{path.name}: the first cell must be a Markdown title ('# ...')"
        )

    def test_one_parameters_cell_with_literals_only(self, path):
        cells = _parameter_cells(_read(path))
        assert len(cells) == 1, f"{path.name}: {len(cells)} cells tagged 'parameters', expected 1"
        parameters = parse_parameters(cells[0].source)
        assert parameters.get("output_dir") == "", (
            f'{path.name}: the parameters cell must set output_dir = "" (write nothing by default)'
        )

    def test_declared_inputs_exist(self, path):
        inputs = _kca(_read(path)).get("inputs")
        assert isinstance(inputs, list) and inputs, f"{path.name}: metadata kca.inputs is missing"
        missing = [i for i in inputs if not (paths.PROJECT_ROOT / i).is_file()]
        assert not missing, f"{path.name}: declared inputs do not exist: {missing}"

    def test_sources_section(self, path):
        headings = [
            c.source
            for c in _read(path).cells
            if c.cell_type == "markdown" and re.search(r"^#+\s*Sources\b", c.source, re.M)
        ]
        assert headings, f"{path.name}: no 'Sources' section heading"

    def test_no_errors_or_stderr_in_outputs(self, path):
        bad = [
            (index, output.get("output_type"), output.get("name"))
            for index, output in _outputs(_read(path))
            if output.get("output_type") == "error"
            or (output.get("output_type") == "stream" and output.get("name") == "stderr")
        ]
        assert not bad, f"{path.name}: error or stderr outputs in cells {bad}"

    def test_has_a_figure(self, path):
        figures = [
            index
            for index, output in _outputs(_read(path))
            if any(kind in output.get("data", {}) for kind in FIGURE_TYPES)
        ]
        assert figures, f"{path.name}: no figure among the committed outputs"

    def test_every_parameter_is_declared_with_a_kind_and_a_check(self, path):
        notebook = read_notebook(path)  # refuses malformed declarations, naming them
        assert notebook.defaults, f"{path.name}: no parameter besides output_dir"
        for name, default in notebook.defaults.items():
            parameter = notebook.parameter(name)
            assert parameter.kind in KINDS, (
                f"{path.name}: parameter {name!r} is not declared in metadata.kca.parameters"
            )
            check_value(parameter, default)
            assert parameter.checks, f"{path.name}: parameter {name!r} declares no check"
            for check in parameter.checks:
                check_value(parameter, check.value)
                assert check.value != default, (
                    f"{path.name}: the check of {name} sets {check.value!r}, which is the default"
                )


# --------------------------------------------------------------------------------------------
# 2. Parameters, at their edges, through the session's runs


def _checks():
    for run in notebook_runs.check_runs():
        for name, index, check in run.checks:
            yield pytest.param(run, check, id=f"{run.notebook}-{name}-{index}")


def _executed(run: notebook_runs.CheckedRun, collection_run, check_batch) -> Path:
    command = collection_run if run.default else check_batch
    path = command.outputs / run.executed
    assert path.is_file(), (
        f"{run.run_id} left no executed notebook; kca said:\n{command.stdout[-4000:]}"
        f"{command.stderr[-4000:]}"
    )
    return path


def test_every_check_is_in_one_run_and_the_batch_runs_the_others(check_batch):
    runs = notebook_runs.check_runs()
    declared = {
        (path.stem, p.name, i)
        for path in NOTEBOOKS
        for p in read_notebook(path).parameters
        for i in range(len(p.checks))
    }
    proved = [(r.notebook, name, i) for r in runs for name, i, _ in r.checks]
    assert sorted(proved) == sorted(declared)
    batch = sorted(r.run_id for r in runs if not r.default)
    assert sorted(check_batch.ended("ok")) == batch, check_batch.stdout + check_batch.stderr
    assert check_batch.returncode == 0


@pytest.mark.parametrize(("run", "check"), list(_checks()))
def test_parameter_check(run, check, collection_run, check_batch):
    nb = notebook_runs.read_executed(_executed(run, collection_run, check_batch))
    assert not notebook_runs.problems(nb), f"{run.run_id}: {notebook_runs.problems(nb)}"
    assert check.expect in notebook_runs.output_text(nb), (
        f"{run.run_id} ({run.parameters}): the outputs do not contain {check.expect!r}"
    )


def _default_statements(command, run_id: str) -> list[str]:
    """What a default run of the collection says: its executed notebook and SVG figures."""
    manifest = json.loads((command.outputs / "manifest.json").read_text(encoding="utf-8"))
    figures = [
        command.outputs / path
        for path, entry in manifest["outputs"].items()
        if entry["run"] == run_id and path.endswith(".svg")
    ]
    executed = command.outputs / manifest["runs"][run_id]["executed"]
    return notebook_runs.statements(executed, figures)


@pytest.mark.parametrize(
    "run", [r for r in notebook_runs.check_runs() if not r.default], ids=lambda r: r.run_id
)
def test_an_edge_run_claims_no_gap_its_filter_made(run, collection_run, check_batch):
    # A narrowed run may say that something is missing, not recorded or not found only when the
    # data lack it: as the default run of the notebook says it, or of what the default runs of
    # the collection say is missing. Never of what its own filter left out (issue 16).
    executed = _executed(run, collection_run, check_batch)
    figures = sorted((executed.parent / "figures").glob("*.svg"))
    told = notebook_runs.statements(executed, figures)
    manifest = json.loads((collection_run.outputs / "manifest.json").read_text(encoding="utf-8"))
    defaults = [r for r, e in manifest["runs"].items() if e.get("kind") == "notebook"]
    known = [s for r in defaults for s in _default_statements(collection_run, r)]
    default = _default_statements(collection_run, run.notebook)
    wrong = notebook_runs.unsupported(told, default, known)
    assert not wrong, f"{run.run_id} claims gaps its filter made: {wrong}"


# --------------------------------------------------------------------------------------------
# The checker itself


@pytest.mark.parametrize(
    "source",
    [
        'a = 1\nb = "x"\nc = [1, 2]\nd = {"k": [1, -2.5]}\noutput_dir = ""',
        "years = (1990, 2023)\nflag = True\nnothing = None",
    ],
)
def test_parse_parameters_accepts_literals(source):
    assert parse_parameters(source)


@pytest.mark.parametrize(
    "source",
    [
        "a = 1 + 1",
        "import os",
        "a = len([1])",
        "a = b = 1",
        "a = [x for x in range(3)]",
        "a: int = 1",
        'a = f"{1}"',
    ],
)
def test_parse_parameters_refuses_code(source):
    with pytest.raises(ValueError, match="line 1"):
        parse_parameters(source)
