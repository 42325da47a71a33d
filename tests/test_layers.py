"""The shape of the library, checked over its source tree (no import is executed).

The layers of ``kca_analysis`` (see README, "The library"), from the bottom:

- the foundation: ``paths``, ``files``, ``countries``, ``vocab`` (import no layer);
- ``data/``: loaders, validation, corrections (imports only the foundation);
- ``curate/``: builds the tidy files (the foundation and ``data/``);
- ``analysis/``: computation only (``data/`` and the foundation; no plotting, no IPython);
- ``claims/``: checks that compute through ``analysis/``;
- ``figures/`` and ``text/``: drawing and wording of what ``analysis/`` and ``claims/`` return;
- ``run/``: ``kca run`` (runs notebooks; computes no result, so none of the four above);
- ``cli``: the command line.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from kca_analysis import paths

PACKAGE = paths.PROJECT_ROOT / "kca_analysis"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500

FOUNDATION = {"paths", "files", "countries", "vocab"}
#: Layer -> the layers (and foundation) it may import.
ALLOWED: dict[str, set[str]] = {
    "foundation": {"foundation"},
    "data": {"foundation", "data"},
    "curate": {"foundation", "data", "curate"},
    "analysis": {"foundation", "data", "analysis"},
    "claims": {"foundation", "data", "analysis", "claims"},
    "figures": {"foundation", "data", "analysis", "claims", "figures"},
    "text": {"foundation", "data", "analysis", "claims", "text"},
    "run": {"foundation", "data", "run"},
    "cli": {"foundation", "data", "curate", "run", "cli"},
}
#: Third-party modules a layer must not import (drawing and notebook display stay out of compute).
FORBIDDEN_THIRD_PARTY = {
    "data": ("matplotlib", "seaborn", "IPython"),
    "analysis": ("matplotlib", "seaborn", "IPython"),
    "claims": ("matplotlib", "seaborn", "IPython"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 1:
        return "foundation"  # the package's own __init__
    head = parts[1]
    if head in FOUNDATION:
        return "foundation"
    if head not in ALLOWED:
        raise AssertionError(f"{name}: module outside the declared layers {sorted(ALLOWED)}")
    return head


def imports_of(path: Path) -> list[str]:
    """Every module ``path`` imports (absolute names), at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path).split(".")
    package = own if path.name == "__init__.py" else own[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            found.append(stem)
            # "from kca_analysis import data" imports the subpackage kca_analysis.data
            found += [f"{stem}.{alias.name}" for alias in node.names if stem == "kca_analysis"]
    return found


def own_imports(path: Path) -> set[str]:
    names = {n for n in imports_of(path) if n == "kca_analysis" or n.startswith("kca_analysis.")}
    return {n for n in names if n != "kca_analysis"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_over_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)} has {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_layers_only_import_downward(path):
    layer = layer_of(module_name(path))
    for name in sorted(own_imports(path)):
        target = layer_of(name)
        assert target in ALLOWED[layer], (
            f"{module_name(path)} ({layer}) imports {name} ({target}); "
            f"{layer} may import only {sorted(ALLOWED[layer])}"
        )


@pytest.mark.parametrize("layer", sorted(FORBIDDEN_THIRD_PARTY))
def test_compute_layers_do_not_draw(layer):
    offenders = []
    for path in MODULES:
        if layer_of(module_name(path)) != layer:
            continue
        for name in imports_of(path):
            if name.split(".")[0] in FORBIDDEN_THIRD_PARTY[layer]:
                offenders.append(f"{module_name(path)} imports {name}")
    assert not offenders, offenders


def test_no_import_cycles_between_modules():
    modules = {module_name(p): p for p in MODULES}
    graph = defaultdict(set)
    for name, path in modules.items():
        for target in own_imports(path):
            # "from kca_analysis.data import x" may name a module or an attribute of a package
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                graph[name].add(target)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(modules):
        if node not in state:
            visit(node)


def _calls(path: Path, pattern: str) -> bool:
    return re.search(pattern, path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize(
    ("what", "pattern", "home"),
    [
        ("sha256", r"hashlib\.sha256\(", "files.py"),
        ("atomic write", r"tempfile\.mkstemp\(", "files.py"),
        ("axes helper", r"ax is None:\s*\n\s*[^\n]*plt\.subplots\(", "figures/style.py"),
    ],
)
def test_one_helper_for_the_whole_package(what, pattern, home):
    """sha256, atomic writes and new Axes each have one implementation, in one module."""
    where = [str(p.relative_to(PACKAGE)) for p in MODULES if _calls(p, pattern)]
    assert where == [home], f"the {what} helper is implemented in {where}, expected only {home}"
