"""The static site: deterministic pages, offline, relative links, the profiles and key figures."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from kca_analysis.countries import CENTRAL_ASIA_ISO3
from kca_analysis.run import site

# A 1x1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def executed(title: str, when: str, address: str) -> nbformat.NotebookNode:
    """An executed notebook as papermill saves it, with the times and ids that vary."""
    params = new_code_cell('# Parameters\ncountry = "KAZ"\n')
    params.metadata["tags"] = ["injected-parameters"]
    params.metadata["papermill"] = {"start_time": when, "end_time": when, "duration": 0.1}
    params.id = f"random-{address}"
    code = new_code_cell("ax.legend()", execution_count=2)
    code.metadata["execution"] = {"iopub.execute_input": when}
    code.outputs = [
        new_output(
            "execute_result",
            {"text/plain": f"<matplotlib.legend.Legend at 0x{address}>"},
            execution_count=2,
        ),
        new_output("display_data", {"image/png": base64.b64encode(PIXEL).decode()}),
    ]
    nb = new_notebook(cells=[new_markdown_cell(f"# {title}\n\n$x^2$ text"), params, code])
    nb.metadata["papermill"] = {"start_time": when, "end_time": when, "duration": 1.5}
    return nb


def test_page_is_deterministic_and_needs_no_network():
    one = site.render_notebook_page(executed("Trade", "2026-01-01T00:00:00", "7f00aa"), "T", "x")
    two = site.render_notebook_page(executed("Trade", "2027-02-02T11:11:11", "7fbbcc"), "T", "x")
    assert one == two
    assert "2026-01-01" not in one and "0x7f00aa" not in one
    assert not re.search(r"<script[^>]+src=", one)
    assert not re.search(r'<link[^>]+href="https?:', one)
    assert "data:image/png;base64," in one
    assert 'href="index.html"' in one


def entry(tmp_path: Path, run_id: str, name: str, figures=(), **kw) -> site.Entry:
    path = tmp_path / "notebooks" / f"{run_id}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(executed(run_id, "2026-01-01T00:00:00", "7f00"), path)
    for figure in figures:
        (tmp_path / figure).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / figure).write_bytes(PIXEL)
    parameters = {kw["each"]: run_id[-3:]} if "each" in kw else {}
    title = kw.pop("title", run_id.title())
    return site.Entry(run_id, name, title, parameters, path, figures=list(figures), **kw)


@pytest.fixture()
def entries(tmp_path):
    found = [
        entry(tmp_path, "03_trade", "03_trade", ["figures/trade_a.png", "figures/trade_b.png"]),
        entry(tmp_path, "04_oda", "04_oda", ["figures/oda_x.png"], key_figures=["oda_x"]),
    ]
    # Listed backwards: the index follows the declared order of the values, not the names.
    for code in reversed(CENTRAL_ASIA_ISO3):
        found.append(
            entry(
                tmp_path,
                f"atlas_{code}",
                "atlas",
                ["figures/atlas.png"],
                title="Atlas",
                each="place",
                each_values=CENTRAL_ASIA_ISO3,
            )  # fmt: skip
        )
    return found


def test_site_has_pages_profiles_and_key_figures(tmp_path, entries):
    index = site.build_site(entries, tmp_path, tmp_path / "site")
    text = index.read_text()
    pages = sorted(p.name for p in (tmp_path / "site").glob("*.html"))
    assert len(pages) == 8
    for name in pages:
        if name != "index.html":
            assert f'href="{name}"' in text
    for code in CENTRAL_ASIA_ISO3:
        assert f'href="atlas_{code}.html"' in text
    # The runs of a notebook run once per value: under its title, in the declared order, named.
    assert "<h2>Atlas</h2>" in text
    assert text.index("Uzbekistan (UZB)") < text.index("Kazakhstan (KAZ)") < text.index("(TKM)")
    assert 'src="figures/atlas.png"' not in text  # their figures are on their own pages
    assert 'src="figures/trade_a.png"' in text  # first figure when none is declared
    assert 'src="figures/trade_b.png"' not in text
    assert 'src="figures/oda_x.png"' in text  # declared key figure
    assert (tmp_path / "site" / "figures" / "trade_a.png").read_bytes() == PIXEL
    # Every link and image on the index is relative and exists.
    for target in re.findall(r'(?:href|src)="([^"]+)"', text):
        assert not target.startswith(("http:", "https:", "/"))
        assert (tmp_path / "site" / target).is_file()


def test_site_is_byte_identical_when_rebuilt(tmp_path, entries):
    site.build_site(entries, tmp_path, tmp_path / "a")
    site.build_site(entries, tmp_path, tmp_path / "b")
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.*")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.*")}
    assert a == b


def test_pages_of_notebooks_not_rerun_are_reused(tmp_path, entries):
    previous = tmp_path / "old"
    previous.mkdir()
    (previous / "03_trade.html").write_text("kept")
    site.build_site(entries, tmp_path, tmp_path / "site", previous=previous)
    assert (tmp_path / "site" / "03_trade.html").read_text() == "kept"
