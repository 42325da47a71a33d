"""One docstring style across the package: numpy's, on every public function and class.

Checked over the source tree (nothing is imported):

- every public module, class and function (name not starting with ``_``) has a docstring;
- sections are numpy's (``Parameters``, ``Returns``, ``Raises``, ... underlined with dashes),
  never Google's (``Args:``) or reST field lists (``:param x:``);
- a function that raises an exception itself says so in a ``Raises`` section;
- a function with three or more parameters describes them in a ``Parameters`` section.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kca_analysis import paths

PACKAGE = paths.PROJECT_ROOT / "kca_analysis"
MODULES = sorted(PACKAGE.rglob("*.py"))
SECTIONS = ("Parameters", "Returns", "Yields", "Raises", "Attributes", "Examples", "Notes")
FOREIGN = re.compile(
    r"^\s*(Args|Arguments|Kwargs|Return|Raise)s?:\s*$|^\s*:(param|returns?|raises?)\b", re.M
)


def _public(tree: ast.Module):
    """Public functions and classes at module level, and public methods of public classes."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            yield node
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                        yield item


def _parameters(node: ast.FunctionDef) -> list[str]:
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return [n for n in names if n not in ("self", "cls")]


def _raises_itself(node: ast.FunctionDef) -> bool:
    """A ``raise SomeError(...)`` in the function's own body (not a bare re-raise)."""
    for inner in ast.walk(node):
        if inner is not node and isinstance(inner, ast.FunctionDef | ast.Lambda):
            continue
        if isinstance(inner, ast.Raise) and inner.exc is not None:
            return True
    return False


def _has_section(doc: str, name: str) -> bool:
    return re.search(rf"^\s*{name}\n\s*-{{3,}}\s*$", doc, re.M) is not None


def problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(PACKAGE.parent)
    found = []
    if not ast.get_docstring(tree):
        found.append(f"{where}: module without a docstring")
    for node in _public(tree):
        doc = ast.get_docstring(node) or ""
        name = f"{where}:{node.lineno} {node.name}"
        if not doc:
            found.append(f"{name}: no docstring")
            continue
        if FOREIGN.search(doc):
            found.append(f"{name}: not numpy style (Args:/:param)")
        if not isinstance(node, ast.FunctionDef) or node.name == "__init__":
            continue
        if _raises_itself(node) and not _has_section(doc, "Raises"):
            found.append(f"{name}: raises, but has no Raises section")
        if len(_parameters(node)) >= 3 and not _has_section(doc, "Parameters"):
            found.append(f"{name}: three or more parameters, but no Parameters section")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_numpy_docstrings(path):
    found = problems(path)
    assert not found, "\n".join(found)
