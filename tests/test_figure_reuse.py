"""A figure is drawn again unless this machine drew the same bytes from the same fingerprint.

The kernel side (:mod:`kca_analysis.figures.reuse`: copy only checked bytes, all formats or
none), the runner side (:mod:`kca_analysis.run.figure_cache`: which files, recorded when), and
``kca run`` on the plot fixture: copied when nothing changed, drawn when a file or the notebook
changed, the outputs the same bytes either way.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from kca_analysis import figures  # noqa: E402
from kca_analysis.figures import reuse  # noqa: E402
from kca_analysis.figures import save as figure_save  # noqa: E402
from kca_analysis.run import figure_cache  # noqa: E402
from kca_analysis.run.plan import Job  # noqa: E402
from kca_analysis.run.tasks import Result  # noqa: E402

from .kca_helpers import FIXTURES, kca, tree  # noqa: E402


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def kernel(tmp_path, monkeypatch):
    """A kernel's view under ``kca run``: an output folder, a reuse list, a log; fresh state."""
    monkeypatch.setattr(reuse, "_LISTS", {})
    monkeypatch.setattr(reuse, "_SAVED", set())
    monkeypatch.setattr(figure_save, "SHOW_SAVED_PNG", False)
    out = tmp_path / "out"
    previous = tmp_path / "previous" / "figures"
    previous.mkdir(parents=True)
    log = tmp_path / "figures.jsonl"
    monkeypatch.setenv(reuse.LOG_ENV, str(log))

    def listing(files: dict[str, bytes], output_dir: Path = out) -> None:
        entries = {}
        for name, data in files.items():
            (previous / name).write_bytes(data)
            entries[f"figures/{name}"] = {"path": str(previous / name), "sha256": sha(data)}
        path = tmp_path / "figure-reuse.json"
        path.write_text(json.dumps({"output_dir": str(output_dir), "files": entries}))
        monkeypatch.setenv(reuse.REUSE_ENV, str(path))

    def logged() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()]

    return out, previous, listing, logged


@pytest.fixture()
def figure():
    figures.set_style()
    fig, ax = plt.subplots()
    ax.bar(["UZB", "KAZ"], [2.1, 4.9])
    figures.add_source_line(fig, "fixture data")
    yield fig
    plt.close(fig)


def drawn_as(monkeypatch) -> list[str]:
    """Replace drawing by a marker per format; return the formats drawn, in order."""
    calls: list[str] = []

    def draw(fig, fmt):
        calls.append(fmt)
        return f"drawn {fmt}".encode()

    monkeypatch.setattr(figure_save, "figure_bytes", draw)
    return calls


def test_outside_kca_run_every_figure_is_drawn(figure, tmp_path, monkeypatch):
    monkeypatch.delenv(reuse.REUSE_ENV, raising=False)
    monkeypatch.delenv(reuse.LOG_ENV, raising=False)
    calls = drawn_as(monkeypatch)
    written = figures.save_figure(figure, "bars", tmp_path)
    assert calls == ["svg", "png"]
    assert [p.read_bytes() for p in written] == [b"drawn svg", b"drawn png"]


def test_listed_files_with_their_checksum_are_copied_not_drawn(kernel, figure, monkeypatch):
    out, _, listing, logged = kernel
    listing({"bars.svg": b"<svg>old</svg>", "bars.png": b"old png"})
    calls = drawn_as(monkeypatch)
    written = figures.save_figure(figure, "bars", out)
    assert calls == []
    assert [p.read_bytes() for p in written] == [b"<svg>old</svg>", b"old png"]
    assert [(e["format"], e["reused"], e["sha256"]) for e in logged()] == [
        ("svg", True, sha(b"<svg>old</svg>")),
        ("png", True, sha(b"old png")),
    ]
    assert all(
        e["file"] == str((out / "figures" / f"bars.{e['format']}").resolve()) for e in logged()
    )


def test_a_file_changed_since_it_was_listed_is_drawn_with_every_format(kernel, figure, monkeypatch):
    out, previous, listing, logged = kernel
    listing({"bars.svg": b"<svg>old</svg>", "bars.png": b"old png"})
    (previous / "bars.png").write_bytes(b"edited by hand")
    calls = drawn_as(monkeypatch)
    written = figures.save_figure(figure, "bars", out)
    assert calls == ["svg", "png"]  # the SVG, though intact, is drawn too: all or none
    assert [p.read_bytes() for p in written] == [b"drawn svg", b"drawn png"]
    assert [e["reused"] for e in logged()] == [False, False]


def test_a_missing_format_or_another_folder_is_drawn(kernel, figure, tmp_path, monkeypatch):
    out, _, listing, _ = kernel
    calls = drawn_as(monkeypatch)
    listing({"bars.svg": b"<svg>old</svg>"})
    figures.save_figure(figure, "bars", out)
    assert calls == ["svg", "png"]
    listing({"line.svg": b"s", "line.png": b"p"}, output_dir=tmp_path / "elsewhere")
    figures.save_figure(figure, "line", out)
    assert calls[2:] == ["svg", "png"]


def test_a_name_saved_twice_is_drawn_the_second_time(kernel, figure, monkeypatch):
    out, _, listing, _ = kernel
    listing({"bars.svg": b"<svg>old</svg>", "bars.png": b"old png"})
    calls = drawn_as(monkeypatch)
    figures.save_figure(figure, "bars", out)
    figures.save_figure(figure, "bars", out)
    assert calls == ["svg", "png"]
    assert (out / "figures" / "bars.png").read_bytes() == b"drawn png"


def test_a_copied_figure_is_shown_from_its_png(kernel, figure, monkeypatch):
    out, _, listing, _ = kernel
    listing({"bars.svg": b"<svg>old</svg>", "bars.png": b"old png"})
    shown = []
    monkeypatch.setattr(figure_save, "SHOW_SAVED_PNG", True)
    monkeypatch.setattr(figure_save, "_show_saved_png", lambda fig, png: shown.append(png))
    figures.save_figure(figure, "bars", out)
    assert shown == [b"old png"]


# ------------------------------------------------------------------ the runner's side


def job(fingerprint: str = "f1", *, default: bool = True, kind: str = "notebook") -> Job:
    run_id = "02_plot" if default else "02_plot/title-Other"
    return Job(run_id, "02_plot", kind, {}, default, fingerprint=fingerprint)


def saved(*files: str) -> list[dict]:
    return [
        {"file": f, "format": f.rsplit(".", 1)[1], "seconds": 0.1, "reused": False, "sha256": f}
        for f in files
    ]


def test_the_cache_records_each_figure_saved_once_with_the_runs_fingerprint(tmp_path):
    root = tmp_path
    for name in ("a.svg", "a.png", "twice.png"):
        (root / "figures").mkdir(exist_ok=True)
        (root / "figures" / name).write_bytes(b"x")
    result = Result(
        "02_plot", "ok", outputs=["figures/a.svg", "figures/a.png", "figures/twice.png"]
    )
    result.figures = saved(
        "figures/a.svg", "figures/a.png", "figures/twice.png", "figures/twice.png"
    )
    figure_cache.update(root, [(job("f1"), result)])
    cache = figure_cache.load(root)
    assert set(cache) == {"figures/a.svg", "figures/a.png"}
    assert cache["figures/a.png"] == {
        "fingerprint": "f1",
        "sha256": "figures/a.png",
        "run": "02_plot",
    }
    # The same fingerprint gets the list, another gets nothing.
    listed = figure_cache.reusable(job("f1"), root, cache)
    assert listed["figures/a.png"] == {
        "path": str(root / "figures/a.png"),
        "sha256": "figures/a.png",
    }
    assert figure_cache.reusable(job("f2"), root, cache) == {}
    assert figure_cache.reusable(job("f1", kind="step"), root, cache) == {}
    # A new run of the same notebook replaces its entries; a file gone is dropped.
    (root / "figures" / "a.svg").unlink()
    again = Result("02_plot", "ok", outputs=["figures/a.png"], figures=saved("figures/a.png"))
    figure_cache.update(root, [(job("f2"), again)])
    assert figure_cache.load(root) == {
        "figures/a.png": {"fingerprint": "f2", "sha256": "figures/a.png", "run": "02_plot"}
    }


def test_a_non_default_run_is_cached_in_its_own_folder(tmp_path):
    other = job("f3", default=False)
    folder = tmp_path / other.folder / "figures"
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(b"x")
    result = Result(other.run_id, "ok", outputs=["figures/a.png"], figures=saved("figures/a.png"))
    figure_cache.update(tmp_path, [(other, result)])
    cache = figure_cache.load(tmp_path)
    assert set(cache) == {f"{other.folder}/figures/a.png"}
    listed = figure_cache.reusable(other, tmp_path, cache)
    assert listed == {"figures/a.png": {"path": str(folder / "a.png"), "sha256": "figures/a.png"}}
    assert figure_cache.reusable(job("f3"), tmp_path, cache) == {}  # not the default run's


def test_a_cache_of_another_platform_or_format_is_not_trusted(tmp_path, monkeypatch):
    path = tmp_path / figure_cache.CACHE_FILE
    path.parent.mkdir(parents=True)
    entry = {"figures/a.png": {"fingerprint": "f1", "sha256": "s", "run": "r"}}
    for data in (
        {"format": figure_cache.FORMAT, "machine": "another-machine", "files": entry},
        {"format": figure_cache.FORMAT + 1, "machine": figure_cache._machine(), "files": entry},
        {"format": figure_cache.FORMAT, "machine": figure_cache._machine(), "files": []},
    ):
        path.write_text(json.dumps(data))
        assert figure_cache.load(tmp_path) == {}
    path.write_text("{not json")
    assert figure_cache.load(tmp_path) == {}


@pytest.mark.parametrize(("value", "enabled"), [(None, True), ("1", True), ("0", False)])
def test_reuse_can_be_switched_off(monkeypatch, value, enabled):
    if value is None:
        monkeypatch.delenv(figure_cache.SWITCH_ENV, raising=False)
    else:
        monkeypatch.setenv(figure_cache.SWITCH_ENV, value)
    assert figure_cache.enabled() is enabled


def test_both_sides_name_the_same_environment_variables():
    assert (figure_cache.REUSE_ENV, figure_cache.LOG_ENV) == (reuse.REUSE_ENV, reuse.LOG_ENV)


# ------------------------------------------------------------------ kca run


def last_run(outputs: Path) -> dict:
    return json.loads((outputs / "run-log.jsonl").read_text().splitlines()[-1])


def figure_counts(outputs: Path) -> dict:
    (run,) = [r for r in last_run(outputs)["runs"] if r["run"] == "02_plot"]
    return run["figures"]


def cell_outputs(outputs: Path) -> list:
    nb = json.loads((outputs / "notebooks" / "02_plot.ipynb").read_text())
    return [cell.get("outputs") for cell in nb["cells"]]


@pytest.mark.slow
def test_kca_run_copies_unchanged_figures_and_draws_changed_ones(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    outputs = tmp_path / "outputs"

    def run(*args: str) -> None:
        result = kca("run", "02_plot", "--no-site", *args, notebooks=notebooks, outputs=outputs)
        assert result.returncode == 0, result.stdout + result.stderr

    run()  # a new outputs folder: drawn
    assert figure_counts(outputs) == {"drawn": 2, "copied": 0}
    first, shown = tree(outputs, ("figures", "tables")), cell_outputs(outputs)
    run("--force")  # nothing changed: copied, the same bytes, the same notebook
    assert figure_counts(outputs) == {"drawn": 0, "copied": 2}
    assert tree(outputs, ("figures", "tables")) == first and cell_outputs(outputs) == shown
    phases = [r for r in last_run(outputs)["runs"] if r["run"] == "02_plot"][0]["phases"]
    assert {"figures_svg", "figures_png", "kernel_start", "execute"} <= set(phases)

    png = outputs / "figures" / "plot_bars.png"
    png.write_bytes(b"not the figure")
    run()  # the changed file is not trusted: drawn again, and the file repaired
    assert figure_counts(outputs) == {"drawn": 2, "copied": 0}
    assert tree(outputs, ("figures", "tables")) == first

    path = notebooks / "02_plot.ipynb"
    text = path.read_text()
    assert text.count('"UZB\\": 2.1') == 1
    path.write_text(text.replace('"UZB\\": 2.1', '"UZB\\": 3.1'))
    run()  # a new fingerprint: drawn, and different bytes
    assert figure_counts(outputs) == {"drawn": 2, "copied": 0}
    assert tree(outputs, ("figures",))["figures/plot_bars.png"] != first["figures/plot_bars.png"]
