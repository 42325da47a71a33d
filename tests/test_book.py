"""The book (``kca_analysis.run.book``): pages made from executed notebooks, the exhibits and their
downloads, the Data, References and Reproduce pages, a deterministic offline build, its cache.

The build tests run the real Sphinx build (a child process, as ``kca run`` does) on a small
outputs folder made here: two notebooks, one of them run once per country, and a step.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from kca_analysis import paths
from kca_analysis.run.book import build, entries, exhibits, notebook, pages, sources

# A 1x1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
FIXTURES = "tests/fixtures/notebooks"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def code(source: str, *outputs, tags=(), when: str = "2026-01-01T00:00:00"):
    cell = new_code_cell(source, execution_count=1, outputs=list(outputs))
    cell.metadata["execution"] = {"iopub.execute_input": when}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def png_output():
    return new_output("display_data", {"image/png": base64.b64encode(PIXEL).decode()})


def plot_notebook(when: str = "2026-01-01T00:00:00", address: str = "7f00aa"):
    """An executed notebook as papermill saves it, with the times and ids that vary."""
    injected = code('# Parameters\ntitle = "Trade"\n', tags=["injected-parameters"], when=when)
    injected.id = f"random-{address}"
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Plot fixture\n\n**Question.** How large is Uzbekistan's trade?"),
            code('title = "Trade"', tags=["parameters"]),
            injected,
            code("import json\n\nimport pandas as pd"),
            new_markdown_cell("## 1. A *table*"),
            code(
                'save_table(values, "plot_values", output_dir)\nvalues',
                new_output(
                    "execute_result",
                    {"text/html": "<table><tr><td>UZB</td></tr></table>", "text/plain": "UZB"},
                    execution_count=1,
                ),
            ),
            new_markdown_cell("## 2. A figure"),
            code(
                'ax.legend()\nfigures.save_figure(fig, "plot_bars", output_dir)',
                new_output(
                    "execute_result",
                    {"text/plain": f"<matplotlib.legend.Legend at 0x{address}>"},
                    execution_count=1,
                ),
                png_output(),
            ),
            code("styled = 'assembled'", tags=["hide-input"]),
            code(
                'raise RuntimeError("this cell would fail if it were executed")',
                new_output("stream", name="stdout", text="the stored output\n"),
            ),
        ]
    )
    nb.metadata["papermill"] = {"start_time": when, "end_time": when, "duration": 1.5}
    return with_kernel(nb)


def with_kernel(nb):
    """The kernel metadata papermill leaves in an executed notebook."""
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


def profile_notebook(code3: str):
    return with_kernel(
        new_notebook(
            cells=[
                new_markdown_cell("# Country profile fixture: one of the five"),
                code(f'country = "{code3}"', tags=["parameters"]),
                code(
                    'save_table(facts, f"country_profile_{iso3.lower()}_facts", output_dir)',
                    new_output("stream", name="stdout", text=f"{code3}\n"),
                ),
            ]
        )
    )


def make_outputs(root: Path) -> dict:
    """An outputs folder as ``kca run`` leaves it; returns its manifest."""
    files = {
        "figures/plot_bars.png": PIXEL,
        "figures/plot_bars.svg": SVG,
        "tables/plot_values.csv": b"country,value\nUZB,0.3\n",
        "tables/plot_extra.csv": b"year,value\n2020,1\n",
        "tables/country_profile_uzb_facts.csv": b"country\nUZB\n",
        "tables/country_profile_kaz_facts.csv": b"country\nKAZ\n",
        "tables/tidy.csv": b"iso3,flow\nUZB,export\n",
    }
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    inputs = {"data/paper/table1_trade.csv": "de31", "data/sources.yml": "4d4c"}
    runs = {
        "02_plot": {
            "kind": "notebook",
            "name": "02_plot",
            "title": "Plot fixture",
            "notebook": f"{FIXTURES}/02_plot.ipynb",
            "executed": "notebooks/02_plot.ipynb",
            "parameters": {"title": "Trade"},
            "key_figures": [],
        },
        "tables": {"kind": "step", "step": "kca_analysis.data.standard_tables:write"},
    }
    executed = {"02_plot": plot_notebook()}
    for code3 in ("KAZ", "UZB"):  # the declared order puts UZB first
        run_id = f"country_profile_{code3}"
        runs[run_id] = {
            "kind": "notebook",
            "name": "country_profile",
            "title": "Country profile fixture: one of the five",
            "notebook": f"{FIXTURES}/country_profile.ipynb",
            "executed": f"notebooks/{run_id}.ipynb",
            "parameters": {"country": code3},
        }
        executed[run_id] = profile_notebook(code3)
    (root / "notebooks").mkdir()
    for run_id, nb in executed.items():
        nbformat.write(nb, root / runs[run_id]["executed"])
    owner = {
        "figures/plot_bars.png": "02_plot",
        "figures/plot_bars.svg": "02_plot",
        "tables/plot_values.csv": "02_plot",
        "tables/plot_extra.csv": "02_plot",
        "tables/country_profile_uzb_facts.csv": "country_profile_UZB",
        "tables/country_profile_kaz_facts.csv": "country_profile_KAZ",
        "tables/tidy.csv": "tables",
    }
    outputs = {}
    for path, run_id in owner.items():
        outputs[path] = {
            "sha256": sha(files[path]),
            "run": run_id,
            "notebook": runs[run_id].get("notebook", ""),
            "parameters": runs[run_id].get("parameters", {}),
            "inputs": inputs if run_id != "tables" else {},
        }
    for run_id, entry in runs.items():
        entry["outputs"] = sorted(p for p, r in owner.items() if r == run_id)
    manifest = {
        "format": 1,
        "outputs": outputs,
        "packages": {"python": "3.11.7", "PyYAML": "6.0.4"},
        "runs": runs,
    }
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


# ------------------------------------------------------------------ executed notebook -> page


def test_sanitize_removes_what_varies_between_runs():
    one = notebook.sanitize(plot_notebook("2026-01-01T00:00:00", "7f00aa"))
    two = notebook.sanitize(plot_notebook("2027-02-02T11:11:11", "7fbbcc"))
    assert nbformat.writes(one) == nbformat.writes(two)
    text = nbformat.writes(one)
    assert "2026-01-01" not in text and "0x7f00aa" not in text and "random-" not in text


def test_setup_code_is_folded_and_analysis_code_is_not():
    nb = notebook.page_notebook(plot_notebook(), notebook.Page("02_plot", "", {}))
    tags = {c.source.splitlines()[0]: c.metadata.get("tags", []) for c in nb.cells if c.source}
    assert "hide-input" in tags['title = "Trade"']  # parameters
    assert "hide-input" in tags["# Parameters"]  # papermill's injected cell
    assert "hide-input" in tags["import json"]  # set-up: it imports
    assert tags["styled = 'assembled'"] == ["hide-input"]  # the notebook's own tag, once
    assert "hide-input" not in tags['save_table(values, "plot_values", output_dir)']
    # A notebook's own visibility tag wins over folding.
    cell = code("import os", tags=["remove-cell"])
    notebook.fold(cell)
    assert cell.metadata["tags"] == ["remove-cell"]


def test_is_setup_reads_imports_at_the_top_level_only():
    assert notebook.is_setup("%config InlineBackend.figure_formats = ['png']\nimport os")
    assert not notebook.is_setup("def f():\n    import os\n    return os")
    assert not notebook.is_setup("this is not python (")


def test_exhibits_group_a_figures_files_and_are_found_in_their_cells(tmp_path):
    manifest = make_outputs(tmp_path)
    found = exhibits.exhibits(manifest)
    bars = next(e for e in found if e.stem == "plot_bars")
    assert bars.kind == "figure" and bars.files == (
        "figures/plot_bars.png",
        "figures/plot_bars.svg",
    )
    assert bars.png == "figures/plot_bars.png" and bars.sha256[bars.png] == sha(PIXEL)
    mine = [e for e in found if e.run_id == "02_plot"]
    placed = exhibits.place(plot_notebook(), mine)
    assert placed["figure-plot_bars"] == exhibits.Placement(7, "2. A figure")  # by its PNG
    assert placed["table-plot_values"] == exhibits.Placement(5, "1. A table")  # by its name
    assert "table-plot_extra" not in placed  # no cell writes it
    # An f-string name matches the value the run gave it.
    uzb = [e for e in found if e.run_id == "country_profile_UZB"]
    assert exhibits.place(profile_notebook("UZB"), uzb) == {
        "table-country_profile_uzb_facts": exhibits.Placement(2, "")  # under the title
    }


def test_figure_data_is_its_own_table_or_the_cells_never_a_guess():
    def exhibit(stem, kind):
        return exhibits.Exhibit(stem, kind, "r", "n", (f"{kind}s/{stem}.x",), {}, {}, {})

    fig, same, other, far = (
        exhibit("a", "figure"),
        exhibit("a", "table"),
        exhibit("b", "table"),
        exhibit("c", "table"),
    )
    placed = {
        "figure-a": exhibits.Placement(5, "S"),
        "table-b": exhibits.Placement(5, "S"),
        "table-c": exhibits.Placement(3, "S"),
    }
    assert exhibits.figure_data(fig, [same, other, far], placed) == ([same], "same name")
    assert exhibits.figure_data(fig, [other, far], placed) == ([other], "same cell")
    # A table of the same section but another cell may hold other numbers: not guessed.
    assert exhibits.figure_data(fig, [far], placed) == ([], "")


def test_page_has_downloads_beside_each_exhibit_and_all_at_the_end(tmp_path):
    manifest = make_outputs(tmp_path)
    mine = [e for e in exhibits.exhibits(manifest) if e.run_id == "02_plot"]
    placed = exhibits.place(plot_notebook(), mine)
    page = notebook.Page("02_plot", "", {"title": "Trade"}, mine, placed)
    nb = notebook.page_notebook(plot_notebook(), page)
    sources_ = [c.source for c in nb.cells]
    under_title = sources_[1]
    assert 'href="notebooks/02_plot.ipynb" download' in under_title
    assert "<code>title = &quot;Trade&quot;</code>" in under_title
    beside_table = sources_[sources_.index(plot_notebook().cells[5].source) + 1]
    assert 'id="table-plot_values"' in beside_table
    assert '<a href="tables/plot_values.csv" download>plot_values.csv</a>' in beside_table
    beside_figure = sources_[sources_.index(plot_notebook().cells[7].source) + 1]
    assert 'id="figure-plot_bars"' in beside_figure
    assert '<a href="figures/plot_bars.png">PNG</a>' in beside_figure
    assert "data: no table of its own" in beside_figure
    last = sources_[-1]
    assert last.startswith("## Downloads")
    assert 'id="table-plot_extra"' in last  # found in no cell: its anchor is here
    assert 'id="table-plot_values"' not in last  # one id per page
    assert len({c.id for c in nb.cells}) == len(nb.cells)


def test_a_notebook_without_a_title_gets_its_runs():
    nb = notebook.page_notebook(new_notebook(cells=[code("x = 1")]), notebook.Page("r1", "", {}))
    assert nb.cells[0].source == "# r1" and "kca-page-links" in nb.cells[1].source


def test_runs_of_a_run_each_notebook_follow_the_declared_order(tmp_path):
    manifest = make_outputs(tmp_path)
    pages_ = entries.entries_of(tmp_path, manifest)
    assert [e.run_id for e in pages_] == ["02_plot", "country_profile_UZB", "country_profile_KAZ"]
    kaz = pages_[2]
    assert kaz.label == "Kazakhstan (KAZ)" and kaz.group == "Country profile fixture"
    assert kaz.page_title == "Country profile fixture: Kazakhstan (KAZ)"
    assert pages_[0].page_title == "" and entries.key_figures(pages_[0]) == [
        "figures/plot_bars.png"
    ]


# ------------------------------------------------------------------ what the pages read


def test_benchmark_reads_the_machine_and_every_timed_command(tmp_path):
    bench = sources.benchmark()  # the committed benchmarks/RESULTS.md
    assert bench.machine and bench.seconds("kca run --force") > 0
    row = re.search(r"\| `kca run --force` \| ([0-9.]+) \|", sources.BENCHMARK_FILE.read_text())
    assert bench.seconds("kca run --force") == float(row.group(1))
    broken = tmp_path / "RESULTS.md"
    broken.write_text("| (a) | `kca run --force` | 1.0 | 1.0 |\n")
    with pytest.raises(sources.BookInputError, match="machine"):
        sources.benchmark(broken)


def test_lock_versions_are_every_pin_of_the_lock():
    pins = sources.lock_versions()
    text = sources.LOCK_FILE.read_text()
    assert len(pins) == len(re.findall(r"^[A-Za-z0-9][^\s=]*==", text, re.MULTILINE))
    assert pins["sphinx"] and pins["myst-nb"]


def test_paper_references_are_the_numbered_list_only(tmp_path):
    paper = tmp_path / "paper.txt"
    paper.write_text(
        "# Title\n\nBody text that must not be copied.\n\n### **References**\n\n"
        '- [1] A. Author, *A Book*, 2006.\n\n- [2] "A page".\n'
    )
    refs = sources.paper_references(paper)
    assert refs.items == (("1", "A. Author, *A Book*, 2006."), ("2", '"A page".'))
    assert "Body text" not in repr(refs) and not refs.missing
    gone = sources.paper_references(tmp_path / "absent.txt")
    assert gone.items == () and "absent.txt is not beside the project" in gone.missing
    paper.write_text("# Title\n\nNo list.\n")
    with pytest.raises(sources.BookInputError, match="References"):
        sources.paper_references(paper)


def test_citations_come_from_citation_cff():
    cited = sources.citations()
    assert "Dushaeva Gulbahor (Ajou University in Tashkent)" in cited["paper"]
    assert "*South Korean Foreign Policy In Central Asia" in cited["paper"]
    assert "Version 0.1.0" in cited["collection"]


def test_every_correction_has_its_guards_status():
    from kca_analysis.data.corrections import load_corrections

    statuses = sources.corrections_status()
    assert {s.id for s in statuses} == set(load_corrections())
    assert "cow_coverage_gaps" in {s.id for s in statuses}
    assert all(s.status == "holds" and s.message for s in statuses)


def test_data_page_lists_every_catalog_file_and_correction():
    catalog = sources.catalog()
    statuses = sources.corrections_status()
    text = pages.data_page(catalog, statuses)
    for path, entry in catalog.items():
        assert f'<div id="{pages.file_anchor(path)}"></div>' in text
        assert pages.linked(entry["sha256"]) in text
    for fix in statuses:
        assert f'id="correction-{fix.id}"' in text and "holds</strong>" in text


def test_reproduce_page_says_what_the_benchmark_does_not_time():
    bench = sources.Benchmark("2 CPUs", "load", {"`kca run --force`": ("(a)", 26.65, "26.65")})
    text = pages.reproduce_page(bench, {"sphinx": "9.0.4", "pyyaml": "6.0.4"}, {"PyYAML": "6"})
    assert "- `kca run --force`: 26.65 s (median)" in text
    assert "- `make test`: not timed by `make bench`" in text
    assert "| PyYAML | 6.0.4 |" in text and "| Sphinx | 9.0.4 |" in text


def test_linked_escapes_and_links_web_addresses():
    assert pages.linked("a <b> see https://x.org/p?q=1; next") == (
        'a &lt;b&gt; see <a href="https://x.org/p?q=1">https://x.org/p?q=1</a>; next'
    )


# ------------------------------------------------------------------ the build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One outputs folder, its book published as ``kca run`` does, and a second build."""
    root = tmp_path_factory.mktemp("outputs")
    manifest = make_outputs(root)
    stage = tmp_path_factory.mktemp("staging")
    messages = build.publish(root, stage, manifest)
    again = tmp_path_factory.mktemp("again") / "book"
    warnings = build.build_book(root, manifest, again / "site", again)
    return root, manifest, messages, again / "site", warnings


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_book_is_whole_and_built_without_warnings(built):
    root, _, messages, _, warnings = built
    site = root / "site"
    assert messages == [] and warnings == []
    names = {p.name for p in site.glob("*.html")}
    assert {"index.html", "02_plot.html", "country_profile_UZB.html", "search.html"} <= names
    assert {"exhibits.html", "data.html", "references.html", "reproduce.html"} <= names
    assert (site / "searchindex.js").is_file()
    assert not (site / "_sources").exists() and not (site / ".buildinfo").exists()
    # Every output and every executed notebook is in the book, byte for byte.
    for path in json.loads((root / "manifest.json").read_text())["outputs"]:
        assert (site / path).read_bytes() == (root / path).read_bytes()
    kept = nbformat.read(site / "notebooks" / "02_plot.ipynb", as_version=4)
    assert nbformat.writes(kept) == nbformat.writes(notebook.sanitize(plot_notebook()))


def test_book_is_byte_identical_when_built_again_elsewhere(built):
    root, _, _, again, _ = built
    assert files_of(root / "site") == files_of(again)
    for name, data in files_of(again).items():
        if name.endswith((".html", ".js")):
            text = data.decode("utf-8")
            assert str(again.parent) not in text and str(root) not in text, name
            assert not re.search(r"20\d\d-\d\d-\d\d[T ]\d\d:\d\d", text), name


def test_book_needs_no_network_and_its_links_resolve(built):
    site = built[0] / "site"
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]+src="(https?:)?//', text), page.name
        assert not re.search(r'<link[^>]+href="(https?:)?//', text), page.name
        assert "mathjax" not in text.lower(), page.name
        for target in re.findall(r'(?:href|src)="([^"#?]+)', text):
            if not target.startswith(("http:", "https:", "mailto:", "data:")):
                assert (site / target).exists(), f"{page.name} links to missing {target}"
        for target, anchor in re.findall(r'href="([^"#?:]*\.html)?#([^"]+)"', text):
            shown = (site / target).read_text(encoding="utf-8") if target else text
            assert f'id="{anchor}"' in shown, f"{page.name} links to missing {target}#{anchor}"


def test_notebook_page_shows_stored_outputs_folded_setup_and_downloads(built):
    text = (built[0] / "site" / "02_plot.html").read_text(encoding="utf-8")
    assert "the stored output" in text  # shown as saved: the failing cell never ran
    assert text.count('<details class="admonition hide above-input">') == 4
    assert 'href="tables/plot_values.csv" download' in text
    assert 'id="figure-plot_bars"' in text and 'id="table-plot_extra"' in text
    profile = (built[0] / "site" / "country_profile_KAZ.html").read_text(encoding="utf-8")
    assert "<h1>Country profile fixture: Kazakhstan (KAZ)" in profile
    assert 'href="tables/country_profile_kaz_facts.csv" download' in profile


def test_navigation_lists_the_pages_in_reading_order(built):
    text = (built[0] / "site" / "index.html").read_text(encoding="utf-8")
    nav = text[text.index('<nav class="bd-links bd-docs-nav"') :]
    order = ["02_plot.html", "country_profile_UZB.html", "country_profile_KAZ.html"]
    order += ["exhibits.html", "data.html", "references.html", "reproduce.html"]
    positions = [nav.index(f'href="{name}"') for name in order]
    assert positions == sorted(positions)
    assert 'class="theme-switch-button' in text or "theme-switch" in text


def test_exhibits_page_lists_every_output_with_its_sha256(built):
    root, manifest, *_ = built
    text = (root / "site" / "exhibits.html").read_text(encoding="utf-8")
    for path, entry in manifest["outputs"].items():
        assert f'href="{path}"' in text and entry["sha256"] in text
    assert 'href="02_plot.html#table-plot_values"' in text
    assert "1. A table" in text  # the section that shows it
    assert 'href="data.html#file-data-paper-table1_trade.csv"' in text


def test_references_page_has_the_papers_list_and_citation(built):
    text = (built[0] / "site" / "references.html").read_text(encoding="utf-8")
    assert "Ajou University in Tashkent" in text
    refs = sources.paper_references()
    if refs.missing:
        assert "Not shown" in text
    else:
        assert "Fumagalli" in text and "shared/paper/" in text


def test_book_is_stale_until_published_and_after_an_input_changes(built, tmp_path):
    root, manifest, *_ = built
    assert not build.is_stale(root, manifest, executing_defaults=False)
    assert build.is_stale(root, manifest, executing_defaults=True)
    changed = json.loads(json.dumps(manifest))
    changed["outputs"]["tables/plot_values.csv"]["sha256"] = "0" * 64
    assert build.is_stale(root, changed, executing_defaults=False)
    paper = sha(paths.PAPER_TEXT.read_bytes()) if paths.PAPER_TEXT.is_file() else "missing"
    assert build.book_key(root, manifest)["paper"] == paper


def test_missing_executed_notebook_is_a_clear_error(tmp_path):
    manifest = make_outputs(tmp_path)
    (tmp_path / "notebooks" / "02_plot.ipynb").unlink()
    with pytest.raises(build.BookError, match=r"02_plot\.ipynb.*kca run 02_plot --force"):
        build.build_book(tmp_path, manifest, tmp_path / "work" / "site", tmp_path / "work")
