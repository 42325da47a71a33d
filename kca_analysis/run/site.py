"""The static site: one HTML page per executed notebook and an index with the key figures.

The site works opened straight from disk (relative links, images embedded or copied beside the
pages, CSS inlined, no script fetched from the network) and is byte-for-byte reproducible: the
timestamps papermill and nbclient record are removed before rendering and nothing else in it
depends on the clock.
"""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kca_analysis import paths
from kca_analysis.files import atomic_write_bytes, atomic_write_text

from .staging import swap_dir

SITE_TITLE = "South Korean Foreign Policy in Central Asia: the notebooks"
CACHE_DIR_NAME = ".cache"

#: nbconvert's JupyterLab template without the parts that load scripts from the network
#: (require.js, MathJax, Mermaid, widgets); its CSS is inlined by nbconvert itself.
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

_CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 70rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
a { color: #0072B2; } ul { padding-left: 1.2rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr));
           gap: 1.5rem; }
figure { margin: 0; } figure img { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 0.85rem; color: #555; }
.params { font-family: monospace; font-size: 0.85rem; color: #555; }
"""

_NAV = (
    '<nav style="font-family: sans-serif; padding: 0.5rem 1rem; border-bottom: 1px solid #ddd;">'
    '<a href="index.html">&larr; all notebooks</a></nav>'
)

#: Memory addresses in reprs (``<Axes at 0x7f...>``) differ in every run.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass
class Entry:
    """One executed notebook for the site.

    A notebook that runs once per value of a parameter (declared ``run_each``, such as the
    country profile) has ``each`` (that parameter's name) and ``each_values`` (its values in
    their declared order): its runs are listed together under the notebook's title.
    """

    run_id: str
    name: str
    title: str
    parameters: Mapping[str, Any]
    executed: Path
    page: Path | None = None  # a page already rendered by the worker
    figures: list[str] = field(default_factory=list)  # PNG outputs, relative to outputs/
    key_figures: list[str] = field(default_factory=list)
    each: str = ""
    each_values: tuple[Any, ...] = ()

    @property
    def value(self) -> Any:
        """The value of ``each`` in this run (``None`` for a notebook run once)."""
        return self.parameters.get(self.each) if self.each else None


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


def render_notebook_page(nb: Any, title: str, run_id: str) -> str:
    """Render one executed notebook to a self-contained HTML page (deterministic).

    Parameters
    ----------
    nb
        The executed notebook.
    title
        The page title.
    run_id
        The run's id (the page is ``<run id>.html``).

    Returns
    -------
    str
        HTML with images embedded, CSS inlined, no script from the network and a link back to
        the index.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    node = nbformat.from_dict(sanitize(nb))
    node.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"kca_page.html.j2": _TEMPLATE})],
        template_file="kca_page.html.j2",
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(node, resources={"metadata": {"name": run_id}})
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _NAV, body, count=1)
    return body


def _index(entries: Sequence[Entry], figures: Sequence[tuple[str, Entry]]) -> str:
    esc = html.escape
    main = [e for e in entries if not e.each]
    groups: dict[str, list[Entry]] = {}
    for entry in sorted((e for e in entries if e.each), key=_value_order):
        groups.setdefault(entry.name, []).append(entry)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        f"<title>{esc(SITE_TITLE)}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        f"<h1>{esc(SITE_TITLE)}</h1>",
        "<p>Each page is a notebook executed by <code>kca run</code> with its default "
        "parameters. The figures and tables are also in <code>outputs/figures/</code> and "
        "<code>outputs/tables/</code>.</p>",
        "<h2>Notebooks</h2>",
        "<ul>",
    ]
    for entry in main:
        parts.append(
            f'<li><a href="{esc(entry.run_id)}.html">{esc(entry.title)}</a> '
            f'<span class="params">({esc(entry.run_id)})</span></li>'
        )
    parts.append("</ul>")
    for name in sorted(groups):
        parts.append(f"<h2>{esc(groups[name][0].title)}</h2>")
        parts.append("<ul>")
        for entry in groups[name]:
            parts.append(f'<li><a href="{esc(entry.run_id)}.html">{esc(_label(entry))}</a></li>')
        parts.append("</ul>")
    if figures:
        parts.append("<h2>Key figures</h2>")
        parts.append('<div class="figures">')
        for relative, entry in figures:
            name = Path(relative).name
            parts.append(
                f'<figure><a href="{esc(entry.run_id)}.html">'
                f'<img src="figures/{esc(name)}" alt="{esc(Path(name).stem)}" loading="lazy"></a>'
                f"<figcaption>{esc(Path(name).stem)} &middot; {esc(entry.title)}</figcaption>"
                "</figure>"
            )
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _label(entry: Entry) -> str:
    """``Kazakhstan (KAZ)`` for a value that is one of the five, else the value as it is."""
    from kca_analysis.countries import UnknownCountryError, lookup_country

    text = str(entry.value)
    try:
        country = lookup_country(text)
    except UnknownCountryError:
        return text
    return f"{country.name} ({country.iso3})"


def _value_order(entry: Entry) -> tuple[int, str]:
    """The declared order of the values (the five in Table 1's order), then by run id."""
    values = list(entry.each_values)
    rank = values.index(entry.value) if entry.value in values else len(values)
    return rank, entry.run_id


def key_figures(entry: Entry) -> list[str]:
    """Return the figures of ``entry`` shown on the index.

    Parameters
    ----------
    entry
        An executed notebook.

    Returns
    -------
    list of str
        Those named in ``metadata.kca.key_figures``, else its first PNG (by name); none for a
        notebook run once per value (its runs have their own list).
    """
    if entry.each:
        return []
    if entry.key_figures:
        wanted = {f"figures/{name}.png" for name in entry.key_figures}
        return [f for f in sorted(entry.figures) if f in wanted]
    return sorted(entry.figures)[:1]


def build_site(
    entries: Sequence[Entry], outputs: Path, site_dir: Path, previous: Path | None = None
) -> Path:
    """Write the site into ``site_dir`` (a new folder) and return the index path.

    Pages already rendered by a worker are moved in; pages of notebooks that were not re-executed
    are taken from ``previous`` (the current site) or rendered from the executed notebook.

    Parameters
    ----------
    entries
        The executed notebooks.
    outputs
        The outputs folder (figures are copied from it).
    site_dir
        Where to write.
    previous
        The current site, whose pages are reused.

    Returns
    -------
    Path
        ``<site_dir>/index.html``.
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    entries = sorted(entries, key=lambda e: e.run_id)
    for entry in entries:
        target = site_dir / f"{entry.run_id}.html"
        if entry.page is not None and entry.page.is_file():
            shutil.copyfile(entry.page, target)
        elif previous is not None and (previous / target.name).is_file():
            shutil.copyfile(previous / target.name, target)
        elif entry.executed.is_file():
            import nbformat  # only here: the pages usually come rendered from the workers

            nb = nbformat.read(entry.executed, as_version=4)
            atomic_write_text(target, render_notebook_page(nb, entry.title, entry.run_id))
    shown: list[tuple[str, Entry]] = []
    for entry in entries:
        for relative in key_figures(entry):
            source = outputs / relative
            if source.is_file():
                atomic_write_bytes(site_dir / "figures" / source.name, source.read_bytes())
                shown.append((relative, entry))
    index = site_dir / "index.html"
    atomic_write_text(index, _index(entries, shown))
    return index


def site_key(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the site depends on: the fingerprint of every run of the main manifest.

    Parameters
    ----------
    manifest
        The main manifest.

    Returns
    -------
    dict
        Run id -> fingerprint, sorted by run id.
    """
    runs = manifest.get("runs", {})
    return {k: runs[k].get("fingerprint") for k in sorted(runs)}


def is_stale(root: Path, manifest: Mapping[str, Any], executing_defaults: bool) -> bool:
    """Return whether ``outputs/site/`` must be rebuilt.

    Parameters
    ----------
    root
        The outputs folder.
    manifest
        The main manifest as it is (or will be) after this run.
    executing_defaults
        A default run is executed now: its page changes.

    Returns
    -------
    bool
        True when the site was built for other runs, or is missing.
    """
    if executing_defaults:
        return True
    try:
        recorded = json.loads((root / CACHE_DIR_NAME / "site.json").read_text())
    except (OSError, ValueError):
        return True
    return recorded != site_key(manifest) or not (root / "site" / "index.html").is_file()


def _run_each(record: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """The ``run_each`` parameter of the record's notebook and its values (none if unreadable)."""
    from .errors import PipelineError
    from .notebooks import read_notebook
    from .parameters import run_each_values

    try:
        each = read_notebook(paths.PROJECT_ROOT / record["notebook"]).run_each
    except (KeyError, PipelineError):
        return "", ()
    return (each.name, run_each_values(each)) if each is not None else ("", ())


def _entry(root: Path, run_id: str, record: Mapping[str, Any], page: str) -> Entry:
    each, each_values = _run_each(record)
    return Entry(
        run_id=run_id,
        name=record.get("name", run_id),
        title=record.get("title", run_id),
        parameters=record["parameters"],
        executed=root / record["executed"],
        page=Path(page) if page else None,
        figures=[o for o in record["outputs"] if o.endswith(".png")],
        key_figures=list(record.get("key_figures", [])),
        each=each,
        each_values=each_values,
    )


def publish(
    root: Path, staging: Path, manifest: Mapping[str, Any], pages: Mapping[str, str]
) -> None:
    """Build the site of the manifest's notebook runs in the staging folder and swap it in.

    Parameters
    ----------
    root
        The outputs folder; the site goes to ``<root>/site``.
    staging
        The run's staging folder (the new site is built in it first).
    manifest
        The main manifest after this run.
    pages
        Run id -> the page its worker rendered in this run (used as it is; ``""`` for none).
    """
    entries = [
        _entry(root, run_id, record, pages.get(run_id, ""))
        for run_id, record in sorted(manifest.get("runs", {}).items())
        if record.get("kind") == "notebook"
    ]
    new_site = staging / "site"
    build_site(entries, root, new_site, previous=root / "site")
    swap_dir(new_site, root / "site")
    atomic_write_text(root / CACHE_DIR_NAME / "site.json", json.dumps(site_key(manifest), indent=1))
