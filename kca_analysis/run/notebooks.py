"""The notebooks of the collection, read as plain JSON without executing them.

Each notebook gives its name (the file stem), its title (the first ``# `` heading), its
parameters (the cell tagged ``parameters``, literals only, with the declarations of
``metadata.kca.parameters``), the data files it reads (``metadata.kca.inputs``), the figures the
site shows first (``metadata.kca.key_figures``) and the hash of what it does.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kca_analysis import paths

from . import parameters as params
from .errors import PipelineError, UsageError
from .fingerprint import source_sha256


@dataclass(frozen=True)
class Notebook:
    """A notebook of the collection, as :func:`read_notebook` reads it (without executing it)."""

    name: str
    path: Path
    parameters: tuple[params.Parameter, ...]
    #: Data files declared in ``metadata["kca"]["inputs"]``, relative to the project root, or
    #: ``None`` when the notebook declares none (every file under ``data/`` is then an input).
    inputs: tuple[str, ...] | None
    #: :func:`~kca_analysis.run.fingerprint.source_sha256` of the cells and ``kca`` metadata.
    source_sha256: str
    title: str
    key_figures: tuple[str, ...] = ()

    @property
    def defaults(self) -> dict[str, Any]:
        """The default of every parameter the user may set (``output_dir`` is not one)."""
        return {
            p.name: p.default for p in self.parameters if p.name not in params.RESERVED_PARAMETERS
        }

    @property
    def run_each(self) -> params.Parameter | None:
        """The parameter declared ``run_each`` (one run per allowed value by default), if any."""
        return next((p for p in self.parameters if p.run_each), None)

    def parameter(self, name: str) -> params.Parameter | None:
        """Return the parameter called ``name``, or ``None``.

        Parameters
        ----------
        name
            A name of the parameters cell.

        Returns
        -------
        Parameter or None
            The parameter, if the notebook has it.
        """
        for p in self.parameters:
            if p.name == name:
                return p
        return None


def parse_parameters_cell(source: str, where: str = "parameters cell") -> dict[str, Any]:
    """Return ``{name: value}`` of a cell that assigns literals to names.

    Parameters
    ----------
    source
        The cell's code.
    where
        Named in error messages (``"03_trade: parameters cell"``).

    Returns
    -------
    dict
        Name -> default, in the cell's order (a tuple literal becomes a list).

    Raises
    ------
    UsageError
        When the cell holds anything but ``name = literal`` lines (and comments).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise UsageError(f"{where}: not plain Python ({error.msg}, line {error.lineno})") from None
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring-like note
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            raise UsageError(f"{where}, line {node.lineno}: expected 'name = literal' only")
        if not isinstance(target, ast.Name):
            raise UsageError(f"{where}, line {node.lineno}: expected a plain name on the left")
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise UsageError(
                f"{where}, line {node.lineno}: the value of {target.id!r} is not a literal"
            ) from None
        found[target.id] = list(default) if isinstance(default, tuple) else default
    return found


def _cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _title(cells: Sequence[Mapping[str, Any]], fallback: str) -> str:
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in _cell_source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _parameters_cell(cells: Sequence[Mapping[str, Any]], name: str) -> dict[str, Any]:
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and "parameters" in tags:
            return parse_parameters_cell(_cell_source(cell), f"{name}: parameters cell")
    return {}


def _inputs(kca_meta: Mapping[str, Any], name: str) -> tuple[str, ...] | None:
    inputs = kca_meta.get("inputs")
    if inputs is None:
        return None
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        raise PipelineError(
            f"{name}: metadata kca.inputs must be a list of paths relative to the project root"
        )
    return tuple(sorted(set(inputs)))


def read_notebook(path: Path) -> Notebook:
    """Read a notebook's name, title, parameters, declared inputs and source hash (plain JSON).

    Parameters
    ----------
    path
        An ``.ipynb`` file.

    Returns
    -------
    Notebook
        What ``kca run`` needs to plan the notebook's runs.

    Raises
    ------
    PipelineError
        When the file cannot be read or its ``kca`` metadata is malformed (naming what).
    UsageError
        When the parameters cell holds anything but literals.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PipelineError(f"cannot read notebook {path}: {error}") from None
    cells = data.get("cells", [])
    name = Path(path).stem
    kca_meta = data.get("metadata", {}).get("kca", {}) or {}
    cell_values = _parameters_cell(cells, name)
    return Notebook(
        name=name,
        path=Path(path),
        parameters=params.declare(name, cell_values, kca_meta.get("parameters")),
        inputs=_inputs(kca_meta, name),
        source_sha256=source_sha256(
            [(c.get("cell_type"), _cell_source(c)) for c in cells], kca_meta
        ),
        title=_title(cells, name),
        key_figures=tuple(kca_meta.get("key_figures", ())),
    )


def discover(notebooks_dir: Path | None = None) -> list[Notebook]:
    """Return the notebooks of a folder, sorted by name.

    Hidden files, names starting with ``_`` and Jupyter checkpoints are left out.

    Parameters
    ----------
    notebooks_dir
        The folder (default ``notebooks/``).

    Returns
    -------
    list of Notebook
        Sorted by name.

    Raises
    ------
    PipelineError
        When the folder does not exist or a notebook cannot be read.
    """
    folder = Path(notebooks_dir or paths.NOTEBOOKS_DIR)
    if not folder.is_dir():
        raise PipelineError(f"notebook folder {folder} does not exist")
    return [
        read_notebook(p)
        for p in sorted(folder.glob("*.ipynb"))
        if not p.name.startswith((".", "_")) and "-checkpoint" not in p.name
    ]


def select(notebooks: Sequence[Notebook], names: Iterable[str]) -> list[Notebook]:
    """Resolve names such as ``03_trade``, ``03``, ``03_trade.ipynb`` or ``country_profile``.

    Parameters
    ----------
    notebooks
        From :func:`discover`.
    names
        What the user typed, in order; repetitions are dropped.

    Returns
    -------
    list of Notebook
        The notebooks named, in the order given.

    Raises
    ------
    UsageError
        For a name that matches no notebook or several, listing the notebooks.
    """
    by_name = {nb.name: nb for nb in notebooks}
    chosen: list[Notebook] = []
    for raw in names:
        name = raw.removesuffix(".ipynb").rsplit("/", 1)[-1]
        if name in by_name:
            match = [by_name[name]]
        else:
            match = [nb for nb in notebooks if nb.name.split("_", 1)[0] == name and name.isdigit()]
        if len(match) != 1:
            known = ", ".join(nb.name for nb in notebooks) or "(none)"
            raise UsageError(f"unknown notebook {raw!r}; expected one of: {known}")
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen
