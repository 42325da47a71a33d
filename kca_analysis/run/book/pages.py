"""The pages of the book that are not notebooks, as MyST Markdown: home, Exhibits, Data,
References and Reproduce.

Each builder takes records read elsewhere (:mod:`.sources`, :mod:`.exhibits`, the manifest) and
only formats them; every value is HTML-escaped where it goes into raw HTML. Links to files of
the book (CSV, figures, notebooks) are plain relative ``<a>`` elements; links between pages are
MyST links, which Sphinx checks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from kca_analysis import paths

from . import sources
from .entries import Entry, key_figures
from .exhibits import Exhibit, Placement
from .notebook import file_link
from .sources import CATALOG_FIELDS, Benchmark, GuardStatus, References

SITE_TITLE = "South Korean Foreign Policy in Central Asia: the notebooks"
#: The pages after the notebooks, in the navigation's order: document -> (title, what it holds).
ABOUT_PAGES = {
    "exhibits": ("Exhibits", "every figure and table, its notebook, section, inputs and sha256"),
    "data": (
        "Data",
        "every data file's source, licence, unit and checksum, and the corrections with their "
        "guards",
    ),
    "references": ("References", "the paper's bibliography and how to cite"),
    "reproduce": ("Reproduce", "the two commands, their measured runtime, the software"),
}
#: The commands the Reproduce page and the README time, as the benchmark table writes them,
#: with what each one does.
TIMED_COMMANDS = {
    "kca run --force --outputs NEW_FOLDER": "every notebook executed, every figure drawn, as in "
    "a fresh clone's first `make run`",
    "kca run --force": "every notebook executed again; a figure this machine drew before from "
    "the same code, data and parameters is copied instead of drawn",
    "make test": "the outputs up to date, then the whole test suite",
    "make test-quick": "lint and the tests that execute no notebook, while editing (much less "
    "than `make test` proves)",
}

#: The packages that build the book, shown with those that make the outputs.
BOOK_PACKAGES = ("Sphinx", "myst-nb", "sphinx-book-theme")

#: The catalog and the corrections, as the pages name them.
CATALOG = paths.relative_to_root(sources.CATALOG_FILE)
CORRECTIONS = paths.relative_to_root(paths.CORRECTIONS_FILE)

esc = html.escape
_URL = re.compile(r"https?://[^\s<>\"';,)]+")


def file_anchor(path: str) -> str:
    """The id of a data file's entry on the Data page (``file-data-paper-table1_trade.csv``).

    Parameters
    ----------
    path
        The file, relative to the project root.

    Returns
    -------
    str
        An HTML id.
    """
    return "file-" + re.sub(r"[^A-Za-z0-9_.-]", "-", path)


def described_files(catalog: Mapping[str, Any]) -> set[str]:
    """The files the Data page has an entry for: the catalog's, the catalog and the corrections.

    Parameters
    ----------
    catalog
        :func:`~.sources.catalog`.

    Returns
    -------
    set of str
        Paths relative to the project root; each has the anchor :func:`file_anchor` there.
    """
    return {*catalog, CATALOG, CORRECTIONS}


def linked(text: Any) -> str:
    """Escape ``text`` for HTML and turn its web addresses into links.

    Parameters
    ----------
    text
        Any value; lists are joined with ``; ``.

    Returns
    -------
    str
        HTML.
    """
    if isinstance(text, list | tuple):
        text = "; ".join(str(t) for t in text)
    text = " ".join(str(text).split())
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(esc(text[last : match.start()]))
        url = match.group(0)
        out.append(f'<a href="{esc(url)}">{esc(url)}</a>')
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _toctree(caption: str, lines: Sequence[str]) -> str:
    return (
        "```{toctree}\n:hidden:\n:maxdepth: 1\n"
        f":caption: {caption}\n\n" + "\n".join(lines) + "\n```\n"
    )


def index_page(entries: Sequence[Entry], paper: str) -> str:
    """The home page: the navigation (hidden toctrees), what the book is, the pages, key figures.

    Parameters
    ----------
    entries
        The notebook pages in reading order.
    paper
        The paper's citation (Markdown).

    Returns
    -------
    str
        MyST Markdown.
    """
    once = [e for e in entries if not e.each]
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.each:
            groups.setdefault(entry.name, []).append(entry)
    parts = [f"# {SITE_TITLE}\n", _toctree("Notebooks", [e.run_id for e in once])]
    for runs in groups.values():
        lines = [f"{e.label} <{e.run_id}>" for e in runs]
        parts.append(_toctree(runs[0].group, lines))
    about = [f"{title} <{doc}>" for doc, (title, _) in ABOUT_PAGES.items()]
    parts.append(_toctree("About the collection", about))
    parts.append(
        "This book holds the notebooks of *kca-notebooks*, which reproduce, check and extend "
        f"the paper {paper} Each page is a notebook executed by `kca run` with its default "
        "parameters, shown as it ran: the question, the finding, the table and the figure "
        "first. Set-up code and the code that assembles text or styles a figure is folded "
        "(*Show code cell source*); the analysis code is visible. Beside every figure and "
        "table are its CSV and the notebook; the search box finds any word of any page.\n"
    )
    parts.append("## Notebooks\n")
    parts += [f"- [{e.title}]({e.run_id}.ipynb)" for e in once]
    for runs in groups.values():
        parts.append(f"\n## {runs[0].group}\n")
        parts.append(", ".join(f"[{e.label}]({e.run_id}.ipynb)" for e in runs))
    parts.append("\n## About the collection\n")
    parts += [f"- [{title}]({doc}.md): {what}" for doc, (title, what) in ABOUT_PAGES.items()]
    shown = [(figure, e) for e in once for figure in key_figures(e)]
    if shown:
        parts.append("\n## Key figures\n")
        parts.append('<div class="kca-figures">')
        for figure, entry in shown:
            stem = figure.rsplit("/", 1)[-1].removesuffix(".png")
            parts.append(
                f'<figure><a href="{esc(entry.run_id)}.html#figure-{esc(stem)}">'
                f'<img src="{esc(figure)}" alt="{esc(stem)}" loading="lazy"></a>'
                f"<figcaption>{esc(stem)} &middot; {esc(entry.title)}</figcaption></figure>"
            )
        parts.append("</div>")
    return "\n".join(parts) + "\n"


def exhibits_page(
    exhibits: Sequence[Exhibit],
    entries: Sequence[Entry],
    placements: Mapping[str, Mapping[str, Placement]],
    runs: Mapping[str, Mapping[str, Any]],
    described: set[str],
) -> str:
    """The Exhibits page: every figure and table of the manifest, grouped by run.

    Parameters
    ----------
    exhibits
        :func:`~.exhibits.exhibits` of the manifest.
    entries
        The notebook pages (a run without one, such as the tables step, has no page).
    placements
        Run id -> :func:`~.exhibits.place` of its notebook.
    runs
        The manifest's ``runs``.
    described
        The data files the Data page describes (:func:`described_files`): their names link
        there.

    Returns
    -------
    str
        MyST Markdown.
    """
    pages = {e.run_id: e for e in entries}
    order = [e.run_id for e in entries] + sorted({x.run_id for x in exhibits} - set(pages))
    count = {kind: sum(e.kind == kind for e in exhibits) for kind in ("figure", "table")}
    parts = [
        "# Exhibits\n",
        f"Every figure and table `kca run` writes, {count['figure']} figures and "
        f"{count['table']} tables, as `outputs/manifest.json` records them: the "
        "notebook and section that show each, the data files it reads, its files and their "
        "sha256. A figure's PNG and SVG are drawn from the same figure.\n",
    ]
    for run_id in order:
        mine = [e for e in exhibits if e.run_id == run_id]
        if mine:
            parts.append(
                _exhibits_of_run(run_id, mine, pages.get(run_id), placements, runs, described)
            )
    return "\n".join(parts) + "\n"


def _exhibits_of_run(run_id, mine, entry, placements, runs, described) -> str:
    record = runs.get(run_id, {})
    where = placements.get(run_id, {})
    title = (entry.page_title or entry.title) if entry else f"Step `{run_id}`"
    lines = [f'<div id="run-{esc(run_id)}"></div>\n', f"## {title}\n"]
    if entry is not None:
        lines.append(f"Page: [{entry.page_title or entry.title}]({run_id}.ipynb); ")
    made_by = record.get("notebook") or record.get("step", "")
    lines.append(f"made by `{made_by}`, run `{run_id}`.\n")
    reads = {tuple(sorted(e.inputs)) for e in mine}
    shared = len(reads) == 1
    if shared:
        lines.append(f"Every exhibit of this run reads: {_reads(mine[0].inputs, described)}.\n")
    header = "| Exhibit | Section | Files and sha256 |" + ("" if shared else " Reads |")
    lines += [header, "|---|---|---|" + ("" if shared else "---|")]
    for exhibit in mine:
        placed = where.get(exhibit.anchor)
        if entry is None:
            section = "no page (a step of `kca run`)"
        elif placed is None:
            section = f'<a href="{esc(run_id)}.html#{esc(exhibit.anchor)}">Downloads</a>'
        else:
            name = esc(placed.section or "top of the page")
            section = f'<a href="{esc(run_id)}.html#{esc(exhibit.anchor)}">{name}</a>'
        files = "<br>".join(
            f"{file_link(f, f)} <code>{esc(exhibit.sha256[f])}</code>" for f in exhibit.files
        )
        kind = exhibit.kind.capitalize()
        row = f"| {kind} <code>{esc(exhibit.stem)}</code> | {section} | {files} |"
        lines.append(row + ("" if shared else f" {_reads(exhibit.inputs, described)} |"))
    return "\n".join(lines) + "\n"


def _reads(inputs: Mapping[str, str], described: set[str]) -> str:
    if not inputs:
        return "no data file"
    return ", ".join(
        f'<a href="data.html#{esc(file_anchor(f))}"><code>{esc(f)}</code></a>'
        if f in described
        else f"<code>{esc(f)}</code>"
        for f in inputs
    )


def data_page(catalog: Mapping[str, Mapping[str, Any]], corrections: Sequence[GuardStatus]) -> str:
    """The Data page: every file of the data catalog, then the corrections and their guards.

    Parameters
    ----------
    catalog
        :func:`~.sources.catalog`.
    corrections
        :func:`~.sources.corrections_status`.

    Returns
    -------
    str
        MyST Markdown.
    """
    parts = [
        "# Data\n",
        f'<div id="{esc(file_anchor(CATALOG))}"></div>\n',
        f"The {len(catalog)} data files of the collection, as the data catalog "
        f"(`{CATALOG}`) describes them: who produced each, how to cite it, where it was "
        "read, its licence, units, caveats, the confidence label of its figures and its sha256 "
        "(`kca check` and every loader verify it). Raw files are never edited: the "
        f"{len(corrections)} known corrections follow, each with its guard's status as this "
        "book was built.\n",
        "## Files\n",
    ]
    fixes: dict[str, list[GuardStatus]] = {}
    for fix in corrections:
        fixes.setdefault(fix.applies_to, []).append(fix)
    for path, entry in catalog.items():
        parts.append(f'<div id="{esc(file_anchor(path))}"></div>\n')
        parts.append(f"### {path}\n")
        rows = [f"<dt>Title</dt><dd>{linked(entry.get('title', ''))}</dd>"]
        rows += [
            f"<dt>{label}</dt><dd>{linked(entry[key])}</dd>"
            for key, label in CATALOG_FIELDS
            if entry.get(key) not in (None, "")
        ]
        for fix in fixes.get(path, []):
            rows.append(
                f'<dt>Correction</dt><dd><a href="#correction-{esc(fix.id)}">{esc(fix.id)}</a>'
                f" (guard {esc(fix.status)})</dd>"
            )
        parts.append('<dl class="kca-fields">\n' + "\n".join(rows) + "\n</dl>\n")
    parts.append(f'<div id="{esc(file_anchor(CORRECTIONS))}"></div>\n')
    parts.append("## Corrections\n")
    for fix in corrections:
        parts.append(f'<div id="correction-{esc(fix.id)}"></div>\n')
        parts.append(f"### {fix.id}\n")
        evidence = "".join(
            f"<li><code>{esc(str(e.get('file', '')))}</code>, {linked(e.get('rows', ''))}: "
            f"{linked(e.get('says', ''))}</li>"
            for e in fix.evidence
        )
        rows = [
            f'<dt>Applies to</dt><dd><a href="#{esc(file_anchor(fix.applies_to))}">'
            f"<code>{esc(fix.applies_to)}</code></a></dd>",
            f"<dt>What</dt><dd>{linked(fix.what)}</dd>",
            f"<dt>Why</dt><dd>{linked(fix.why)}</dd>",
            f"<dt>Evidence</dt><dd><ul>{evidence}</ul></dd>",
            f"<dt>Guard</dt><dd><code>{esc(fix.guard_type)}</code>: "
            f'<strong class="kca-guard-{esc(fix.status.replace(" ", "-"))}">{esc(fix.status)}'
            f"</strong>. {linked(fix.message)}</dd>",
        ]
        parts.append('<dl class="kca-fields">\n' + "\n".join(rows) + "\n</dl>\n")
    return "\n".join(parts) + "\n"


def references_page(references: References, cited: Mapping[str, str]) -> str:
    """The References page: the paper, its bibliography as printed, and how to cite.

    Parameters
    ----------
    references
        :func:`~.sources.paper_references`.
    cited
        :func:`~.sources.citations`.

    Returns
    -------
    str
        MyST Markdown.
    """
    parts = [
        "# References\n",
        "## The paper\n",
        f"{cited['paper']}\n",
        f"{cited['notes']}\n" if cited.get("notes") else "",
        "## The paper's bibliography\n",
    ]
    if references.items:
        parts.append(
            f"The paper's reference list as printed, read from `{references.source}`; "
            "*[n]* is the number the paper cites and the data files (`ref` columns) keep.\n"
        )
        parts += [f"- \\[{number}\\] {text}" for number, text in references.items]
    else:
        parts.append(
            f"Not shown: {references.missing}. The list is read from the paper's text, "
            "which is not part of the repository.\n"
        )
    parts += [
        "\n## Citing this collection\n",
        f"{cited['collection']} See `CITATION.cff`. Each data file keeps the citation of its "
        "own source: see [Data](data.md).\n",
    ]
    return "\n".join(parts) + "\n"


def reproduce_page(bench: Benchmark, lock: Mapping[str, str], packages: Mapping[str, str]) -> str:
    """The Reproduce page: the two commands, measured runtimes and hardware, the software.

    Parameters
    ----------
    bench
        :func:`~.sources.benchmark`.
    lock
        :func:`~.sources.lock_versions`.
    packages
        The manifest's ``packages`` (the versions the outputs were made with).

    Returns
    -------
    str
        MyST Markdown.
    """
    parts = [
        "# Reproduce\n",
        "## Two commands\n",
        "```sh\nmake run    # every notebook, every output, this book (kca run)\n"
        "make test   # the same, then the whole test suite\n```\n",
        "Both need Python 3.11 and `make`; the first creates `.venv/` from `requirements.lock` "
        "when it is missing. `make run` writes the figures, tables and manifest of `outputs/` "
        "(byte for byte those committed) and this book (`outputs/site/`).\n",
        "## Measured runtime\n",
        f"Measured by `make bench` (`benchmarks/RESULTS.md`) on {esc(bench.machine)}; "
        f"{esc(bench.load)}.\n",
    ]
    for command, what in TIMED_COMMANDS.items():
        seconds = bench.seconds(command)
        parts.append(
            f"- `{command}`: "
            + (f"{seconds:g} s (median)" if seconds is not None else "not timed by `make bench`")
            + f"; {what}."
        )
    parts += ["\n| | command | median (s) | runs (s) |", "|---|---|---:|---|"]
    parts += [
        f"| {esc(label)} | {what} | {median:g} | {esc(runs)} |"
        for what, (label, median, runs) in bench.timings.items()
    ]
    parts += [
        "\n## Software\n",
        f"The outputs were made with Python {esc(packages.get('python', '?'))}. "
        f"`requirements.lock` pins {len(lock)} packages with their hashes; `make` installs "
        "exactly those. The ones that make the outputs and this book:\n",
        "| package | version |",
        "|---|---|",
    ]
    pinned = {_normal(p): v for p, v in lock.items()}
    shown = [p for p in packages if p not in ("python", "kca-notebooks")]
    shown += [p for p in BOOK_PACKAGES if _normal(p) in pinned]
    parts += [f"| {esc(p)} | {esc(pinned.get(_normal(p), packages.get(p, '')))} |" for p in shown]
    parts.append(
        "\n<details><summary>Every package of the lock</summary>\n\n"
        + "\n".join(f"<code>{esc(p)}=={esc(v)}</code><br>" for p, v in lock.items())
        + "\n</details>\n"
    )
    return "\n".join(parts) + "\n"


def _normal(name: str) -> str:
    """A package name as the lock writes it (PEP 503: lower case, runs of ``-_.`` as ``-``)."""
    return re.sub(r"[-_.]+", "-", name).lower()
