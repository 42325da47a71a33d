"""The notebook contract, checked on every ``notebooks/*.ipynb``.

1. Structure (fast, on the committed file): a title, exactly one ``parameters`` cell holding
   literals only (parsed with :mod:`ast`), ``output_dir`` among them, declared inputs that exist,
   a Sources section, no error or stderr output, at least one figure, and every parameter but
   ``output_dir`` declared in ``metadata.kca.parameters`` (read by ``kca run`` itself, see
   :mod:`kca_analysis.run.parameters`) with a known kind, a default its kind accepts, and at
   least one check whose value its kind accepts and which differs from the default.
2. Parameters (slow): each declared check runs the notebook through papermill with that one
   value, from ``notebooks/`` as ``kca run`` and nbval do, and the executed outputs must contain
   the check's ``expect`` text, so that a parameter demonstrably changes what the reader sees.

nbval itself (configured in ``pyproject.toml``) re-executes the committed notebooks with their
default parameters and compares the outputs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kca_analysis import paths
from kca_analysis.run.notebooks import read_notebook
from kca_analysis.run.parameters import KINDS, check_value

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
FIGURE_TYPES = ("image/png", "image/svg+xml")
TEXT_TYPES = ("text/plain", "text/markdown", "text/html")


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


def output_text(nb: nbformat.NotebookNode) -> str:
    """All the text a reader sees in the outputs: streams, plain text, Markdown and HTML."""
    parts = []
    for _, output in _outputs(nb):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        for kind in TEXT_TYPES:
            value = output.get("data", {}).get(kind)
            if value:
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


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
# 2. Parameters through papermill


def _checks():
    for path in NOTEBOOKS:
        for parameter in read_notebook(path).parameters:
            for index, check in enumerate(parameter.checks):
                yield pytest.param(
                    path, {parameter.name: check.value}, check.expect,
                    id=f"{path.stem}-{parameter.name}-{index}",
                )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("path", "values", "expect"), list(_checks()))
def test_parameter_check(path, values, expect, tmp_path):
    import papermill

    executed = tmp_path / path.name
    parameters = {**values, "output_dir": str(tmp_path / "outputs")}
    papermill.execute_notebook(
        str(path),
        str(executed),
        parameters=parameters,
        cwd=str(paths.NOTEBOOKS_DIR),
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
    )
    nb = _read(executed)
    errors = [o for _, o in _outputs(nb) if o.get("output_type") == "error"]
    assert not errors, f"{path.name} with {values}: {errors[0].get('evalue')}"
    stderr = [o.get("text") for _, o in _outputs(nb) if o.get("name") == "stderr"]
    assert not stderr, f"{path.name} with {values} wrote to stderr: {stderr}"
    assert expect in output_text(nb), (
        f"{path.name} with {values}: the outputs do not contain {expect!r}"
    )


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
