"""The exhibits: every figure and table of the manifest, and the cell of its notebook that shows it.

A figure is found by its bytes: ``figures.save_figure`` shows the PNG it wrote, so the cell whose
PNG output has the file's sha256 is the one that draws it. A table is found by its name: the
cell that calls ``save_table`` (or ``save_figure``/``finish`` for a figure not shown) with that
name, an f-string name matching any value in its placeholders. An exhibit found in no cell is
still listed (on its page's "Files" section and on the Exhibits page), never dropped.
"""

from __future__ import annotations

import ast
import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from kca_analysis.files import sha256_bytes

#: Output folder -> the kind of exhibit it holds.
KINDS = {"figures": "figure", "tables": "table"}
#: Calls that write a table, or a figure, with the file's stem as their second argument.
TABLE_WRITERS = ("save_table",)
FIGURE_WRITERS = ("save_figure", "finish")

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Exhibit:
    """One figure (its PNG and SVG) or one table of the manifest."""

    stem: str  # "03_trade_mirror"
    kind: str  # "figure", "table" or "file"
    run_id: str
    notebook: str  # the notebook that makes it, relative to the project root
    files: tuple[str, ...]  # relative to outputs/, sorted: "figures/x.png", "figures/x.svg"
    sha256: Mapping[str, str]  # file -> sha256, from the manifest
    inputs: Mapping[str, str]  # data file -> sha256 it was made from
    parameters: Mapping[str, Any]

    @property
    def anchor(self) -> str:
        """The id of its links on its notebook's page (``figure-03_trade_mirror``)."""
        return f"{self.kind}-{self.stem}"

    @property
    def png(self) -> str:
        """Its PNG file (relative to outputs/), or ``""``."""
        return next((f for f in self.files if f.endswith(".png")), "")


@dataclass(frozen=True)
class Placement:
    """Where an exhibit is shown: the code cell and the section (heading) above it."""

    cell: int
    section: str  # the heading's text, "" above the first heading under the title


def exhibits(manifest: Mapping[str, Any]) -> list[Exhibit]:
    """Group the manifest's outputs into exhibits (a figure's PNG and SVG are one exhibit).

    Parameters
    ----------
    manifest
        The main manifest (``outputs`` and ``runs``).

    Returns
    -------
    list of Exhibit
        Sorted by run id, kind and stem.
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for path, entry in manifest.get("outputs", {}).items():
        pure = PurePosixPath(path)
        folder = pure.parts[0] if len(pure.parts) > 1 else ""
        groups.setdefault((entry["run"], KINDS.get(folder, "file"), pure.stem), []).append(path)
    found = []
    for (run_id, kind, stem), files in sorted(groups.items()):
        entries = [manifest["outputs"][f] for f in sorted(files)]
        found.append(
            Exhibit(
                stem=stem,
                kind=kind,
                run_id=run_id,
                notebook=entries[0].get("notebook", ""),
                files=tuple(sorted(files)),
                sha256={f: e["sha256"] for f, e in zip(sorted(files), entries, strict=True)},
                inputs=dict(entries[0].get("inputs", {})),
                parameters=dict(entries[0].get("parameters", {})),
            )
        )
    return found


def place(nb: Mapping[str, Any], shown: Sequence[Exhibit]) -> dict[str, Placement]:
    """Find the code cell of ``nb`` that shows each exhibit of ``shown`` (those of its run).

    Parameters
    ----------
    nb
        The executed notebook.
    shown
        The exhibits its run made.

    Returns
    -------
    dict
        Exhibit anchor -> placement; exhibits found in no cell are absent.
    """
    by_png = {e.sha256[e.png]: e for e in shown if e.png}
    found: dict[str, Placement] = {}
    by_name: dict[str, Placement] = {}
    section = ""
    for index, cell in enumerate(nb.get("cells", [])):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            for line in source.splitlines():
                match = _HEADING.match(line)
                if match and len(match.group(1)) > 1:  # "# ..." is the page's title
                    section = _plain(match.group(2))
            continue
        if cell.get("cell_type") != "code":
            continue
        here = Placement(index, section)
        for digest in _png_digests(cell):
            if digest in by_png:
                found.setdefault(by_png[digest].anchor, here)
        for kind, pattern in _written_names(source):
            for exhibit in shown:
                if exhibit.kind == kind and pattern.fullmatch(exhibit.stem):
                    by_name.setdefault(exhibit.anchor, here)
    return {**by_name, **found}


def figure_data(
    figure: Exhibit, tables: Sequence[Exhibit], placements: Mapping[str, Placement]
) -> tuple[list[Exhibit], str]:
    """Return the table(s) holding a figure's data, and how they were matched.

    Only two matches are trusted: a table with the figure's own name, else the tables written
    by the cell that draws the figure. A table elsewhere in the section may hold other numbers,
    so none is guessed: the figure is then shown without data (and said to be).

    Parameters
    ----------
    figure
        A figure exhibit.
    tables
        The tables of the same run.
    placements
        :func:`place` of the run's notebook.

    Returns
    -------
    tuple
        The tables and the reason, ``"same name"`` or ``"same cell"``; ``([], "")`` when
        neither fits.
    """
    same = [t for t in tables if t.stem == figure.stem]
    if same:
        return same, "same name"
    where = placements.get(figure.anchor)
    if where is None:
        return [], ""
    cell = [t for t in tables if t.anchor in placements and placements[t.anchor].cell == where.cell]
    return (cell, "same cell") if cell else ([], "")


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _plain(heading: str) -> str:
    """A heading without Markdown emphasis and code marks."""
    return re.sub(r"[*`]", "", heading).strip()


def _png_digests(cell: Mapping[str, Any]) -> list[str]:
    digests = []
    for output in cell.get("outputs", []):
        png = output.get("data", {}).get("image/png")
        if png:
            digests.append(sha256_bytes(base64.b64decode(_text(png))))
    return digests


def _written_names(source: str) -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern of the stem) for every table or figure writer called in ``source``."""
    try:
        tree = ast.parse(_without_magics(source))
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        kind = "table" if name in TABLE_WRITERS else "figure" if name in FIGURE_WRITERS else ""
        argument = node.args[1] if len(node.args) > 1 else None
        argument = next((k.value for k in node.keywords if k.arg == "name"), argument)
        pattern = _name_pattern(argument) if kind and argument is not None else None
        if pattern is not None:
            found.append((kind, pattern))
    return found


def _name_pattern(node: ast.expr) -> re.Pattern[str] | None:
    """The stems a string literal or f-string can take (each placeholder: any text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value))
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+?" for v in node.values]
        return re.compile("".join(parts))
    return None


def _without_magics(source: str) -> str:
    """The cell's code with IPython magics and shell lines blanked (ast cannot parse them)."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
