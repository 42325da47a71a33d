"""An executed notebook made into a page of the book (the notebook is never executed again).

:func:`page_notebook` returns a copy of the executed notebook without what changes from run to
run (times, memory addresses, random cell ids), with

- set-up code folded: the ``parameters`` cell, papermill's ``injected-parameters`` cell and any
  cell that imports, each tagged ``hide-input`` (MyST-NB's convention) unless the notebook gave
  it a visibility tag of its own; cells the notebook tags ``hide-input`` (text assembly, figure
  styling) stay folded, the analysis code stays visible;
- under the title, the executed notebook to download and the parameters of the run;
- after every cell that shows a figure or a table, its files to download (the CSV, the figure's
  data, the notebook), and at the end a "Downloads" section listing every file of the run.
"""

from __future__ import annotations

import ast
import copy
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .exhibits import Exhibit, Placement, figure_data

#: MyST-NB's cell visibility tags; a cell carrying one is shown as its notebook asks.
VISIBILITY_TAGS = (
    "hide-input",
    "hide-output",
    "hide-cell",
    "remove-input",
    "remove-output",
    "remove-cell",
)
#: Cells folded whatever their content: the run's parameters.
SETUP_TAGS = ("parameters", "injected-parameters")
#: The id of the section listing every file of a page (Sphinx's id of its heading).
DOWNLOADS_ID = "downloads"

#: Memory addresses in reprs (``<Axes at 0x7f...>``) differ in every run.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_TITLE = re.compile(r"^#\s+.+$", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """What a notebook page shows besides the notebook: its run and the run's exhibits."""

    run_id: str
    title: str  # the page title; "" keeps the notebook's own first heading
    parameters: Mapping[str, Any]
    exhibits: Sequence[Exhibit] = ()
    placements: Mapping[str, Placement] = field(default_factory=dict)

    @property
    def notebook_file(self) -> str:
        """The executed notebook's path in the book (``notebooks/03_trade.ipynb``)."""
        return f"notebooks/{self.run_id}.ipynb"


def sanitize(nb: Any) -> Any:
    """Return a copy of ``nb`` without what changes from run to run (times, addresses, ids).

    Parameters
    ----------
    nb
        An executed notebook (``nbformat`` node or plain dict).

    Returns
    -------
    Any
        A deep copy without papermill's and nbclient's timings, with cell ids numbered and
        memory addresses in reprs replaced.
    """
    nb = copy.deepcopy(nb)
    meta = nb.get("metadata", {})
    papermill = meta.get("papermill")
    if isinstance(papermill, dict):
        for key in ("start_time", "end_time", "duration", "exception", "environment_variables"):
            papermill.pop(key, None)
    for index, cell in enumerate(nb.get("cells", [])):
        cell_meta = cell.get("metadata", {})
        cell_meta.pop("execution", None)
        if isinstance(cell_meta.get("papermill"), dict):
            for key in ("start_time", "end_time", "duration"):
                cell_meta["papermill"].pop(key, None)
        # Ids become page anchors; some are random (papermill's injected cell, notebooks saved
        # before ids existed), so number them.
        cell["id"] = f"cell-{index}"
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/plain" in data:
                data["text/plain"] = _scrub(data["text/plain"])
            if "text" in output:
                output["text"] = _scrub(output["text"])
    return nb


def _scrub(text: Any) -> Any:
    if isinstance(text, list):
        return [_ADDRESS.sub(" at 0x…", t) for t in text]
    return _ADDRESS.sub(" at 0x…", text)


def is_setup(source: str) -> bool:
    """Return whether a code cell sets up (it imports at its top level).

    Parameters
    ----------
    source
        The cell's code (IPython magics allowed).

    Returns
    -------
    bool
        True when one of its top-level statements is an ``import``.
    """
    code = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Import | ast.ImportFrom) for node in tree.body)


def fold(cell: Any) -> None:
    """Tag a set-up code cell ``hide-input`` (in place), unless it has a visibility tag.

    Parameters
    ----------
    cell
        A notebook cell; markdown cells are left alone.
    """
    if cell.get("cell_type") != "code":
        return
    tags = cell.setdefault("metadata", {}).setdefault("tags", [])
    if any(tag in VISIBILITY_TAGS for tag in tags):
        return
    if any(tag in SETUP_TAGS for tag in tags) or is_setup(_text(cell.get("source", ""))):
        tags.append("hide-input")


def page_notebook(nb: Any, page: Page) -> Any:
    """Return the notebook as its book page shows it (see the module's description).

    Parameters
    ----------
    nb
        The executed notebook (``nbformat`` node).
    page
        Its run, title and exhibits.

    Returns
    -------
    Any
        A new notebook; ``nb`` is left unchanged.
    """
    import nbformat

    nb = sanitize(nb)
    cells = list(nb.cells)
    for cell in cells:
        fold(cell)
    title_cell = next(
        (i for i, c in enumerate(cells) if c.cell_type == "markdown" and _TITLE.search(c.source)),
        None,
    )
    if page.title and title_cell is not None:
        source = cells[title_cell].source
        cells[title_cell].source = _TITLE.sub(lambda _: f"# {page.title}", source, count=1)
    after: dict[int, list[Exhibit]] = {}
    for exhibit in page.exhibits:
        where = page.placements.get(exhibit.anchor)
        if where is not None:
            after.setdefault(where.cell, []).append(exhibit)
    new = []
    for index, cell in enumerate(cells):
        new.append(cell)
        if index == (title_cell if title_cell is not None else -1):
            new.append(nbformat.v4.new_markdown_cell(_links_under_title(page)))
        if index in after:
            new.append(nbformat.v4.new_markdown_cell(_downloads_beside(after[index], page)))
    if title_cell is None:  # a page needs a title: the run's
        heading = nbformat.v4.new_markdown_cell(f"# {page.title or page.run_id}")
        new[:0] = [heading, nbformat.v4.new_markdown_cell(_links_under_title(page))]
    new.append(nbformat.v4.new_markdown_cell(_downloads_section(page)))
    for index, cell in enumerate(new):
        cell["id"] = f"cell-{index}"
    nb.cells = new
    return nb


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


#: Files a browser shows rather than saves; every other file of the book is a download.
SHOWN_SUFFIXES = (".png", ".svg", ".html")


def file_link(path: str, label: str = "") -> str:
    """An HTML link to a file of the book; a download unless the browser shows it (images).

    Parameters
    ----------
    path
        The file, relative to the book's root (``tables/x.csv``).
    label
        The link's text (default: the file's name).

    Returns
    -------
    str
        An ``<a>`` element, with the ``download`` attribute for data files and notebooks.
    """
    extra = "" if path.endswith(SHOWN_SUFFIXES) else " download"
    text = label or path.rsplit("/", 1)[-1]
    return f'<a href="{html.escape(path)}"{extra}>{html.escape(text)}</a>'


def _links_under_title(page: Page) -> str:
    values = ", ".join(
        f"<code>{html.escape(name)} = {html.escape(json.dumps(value, ensure_ascii=False))}</code>"
        for name, value in sorted(page.parameters.items())
    )
    counts = {kind: sum(e.kind == kind for e in page.exhibits) for kind in ("figure", "table")}
    return (
        '<p class="kca-page-links">'
        f"Executed notebook: {file_link(page.notebook_file)}"
        + (f" &middot; parameters of this run: {values}" if values else "")
        + f" &middot; {counts['figure']} figures and {counts['table']} tables "
        f'(<a href="#{DOWNLOADS_ID}">downloads</a>, '
        f'<a href="exhibits.html#run-{html.escape(page.run_id)}">exhibits</a>)</p>'
    )


def _exhibit_line(exhibit: Exhibit, page: Page, with_id: bool) -> str:
    """``Figure name: PNG · SVG · data: name.csv`` (or a table's CSV) as HTML."""
    ident = f' id="{html.escape(exhibit.anchor)}"' if with_id else ""
    parts = []
    for path in exhibit.files:
        label = path.rsplit(".", 1)[-1].upper() if exhibit.kind == "figure" else ""
        parts.append(file_link(path, label))
    text = " &middot; ".join(parts)
    if exhibit.kind == "figure":
        tables = [e for e in page.exhibits if e.kind == "table"]
        data, _ = figure_data(exhibit, tables, page.placements)
        links = ", ".join(file_link(f) for t in data for f in t.files)
        text += f" &middot; data: {links}" if links else " &middot; data: no table of its own"
    label = {"figure": "Figure", "table": "Table"}.get(exhibit.kind, "File")
    return (
        f'<p class="kca-exhibit"{ident}><span class="kca-kind">{label}</span> '
        f"<code>{html.escape(exhibit.stem)}</code>: {text}</p>"
    )


def _downloads_beside(shown: Sequence[Exhibit], page: Page) -> str:
    lines = [_exhibit_line(e, page, with_id=True) for e in _ordered(shown)]
    lines.append(f'<p class="kca-exhibit">Notebook: {file_link(page.notebook_file)}</p>')
    return '<div class="kca-downloads">\n' + "\n".join(lines) + "\n</div>"


def _downloads_section(page: Page) -> str:
    lines = [
        "<li>" + _exhibit_line(e, page, with_id=e.anchor not in page.placements) + "</li>"
        for e in _ordered(page.exhibits)
    ]
    lines.append(f"<li><p>Executed notebook: {file_link(page.notebook_file)}</p></li>")
    return (
        "## Downloads\n\nEvery file this notebook writes, as `kca run` recorded it in "
        "`outputs/manifest.json`.\n\n"
        '<ul class="kca-files">\n' + "\n".join(lines) + "\n</ul>\n"
    )


def _ordered(shown: Sequence[Exhibit]) -> list[Exhibit]:
    """Figures first, then tables, then other files, each by name."""
    rank = {"figure": 0, "table": 1}
    return sorted(shown, key=lambda e: (rank.get(e.kind, 2), e.stem))
