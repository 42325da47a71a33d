"""The house style, the deterministic figure writer and the table writer."""

from __future__ import annotations

import hashlib
import math
import re
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kca_analysis import figures as plots  # noqa: E402
from kca_analysis import files as export  # noqa: E402
from kca_analysis.countries import CENTRAL_ASIA, PARTNERS  # noqa: E402
from kca_analysis.figures import save as figure_save  # noqa: E402
from kca_analysis.figures import style  # noqa: E402

HEX = re.compile(r"#[0-9A-F]{6}")


@pytest.fixture()
def figure():
    plots.set_style()
    fig, ax = plt.subplots()
    style.bar_by_country({"UZB": 2.1, "KAZ": 4.9, "KOR": 1.0}, title="Trade", ylabel="bn", ax=ax)
    plots.add_source_line(fig, "IMF DOTS")
    yield fig
    plt.close(fig)


def test_palette_and_country_colours():
    assert all(HEX.fullmatch(c) for c in plots.PALETTE + list(plots.COUNTRY_COLORS.values()))
    codes = list(plots.COUNTRY_COLORS)
    assert codes[:5] == ["UZB", "KAZ", "KGZ", "TJK", "TKM"]
    assert codes[:5] == [c.iso3 for c in CENTRAL_ASIA]
    assert {c.iso3 for c in PARTNERS} <= set(codes)
    assert len(set(plots.COUNTRY_COLORS.values())) == len(plots.COUNTRY_COLORS)
    assert plots.country_color("kaz") == plots.COUNTRY_COLORS["KAZ"]
    assert plots.country_color("XXX") == plots.OTHER_COLOR


def test_set_style_fixes_what_reproducibility_needs():
    plots.set_style()
    assert matplotlib.rcParams["svg.hashsalt"] == style.SVG_HASHSALT
    assert matplotlib.rcParams["svg.fonttype"] in ("path", "none")
    assert matplotlib.rcParams["axes.grid"]


def test_source_line_is_added_once(figure):
    plots.add_source_line(figure, "Source: OECD DAC Table 2a")
    assert plots.source_line(figure) == "Source: OECD DAC Table 2a"
    assert sum(t.get_label() == figure_save.SOURCE_LABEL for t in figure.texts) == 1
    with pytest.raises(ValueError, match="source text"):
        plots.add_source_line(figure, " ")


@pytest.mark.parametrize("output_dir", ["", None])
def test_save_figure_without_output_dir_writes_nothing(figure, output_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert plots.save_figure(figure, "trade", output_dir) == []
    assert not list(tmp_path.iterdir())


def test_save_figure_writes_svg_and_png_without_dates_or_versions(figure, tmp_path):
    written = plots.save_figure(figure, "trade_bars", tmp_path)
    assert written == [tmp_path / "figures/trade_bars.svg", tmp_path / "figures/trade_bars.png"]
    svg = written[0].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert matplotlib.__version__ not in svg
    png = written[1].read_bytes()
    assert b"Software" not in png and b"tIME" not in png
    assert not [p for p in (tmp_path / "figures").iterdir() if p.name.startswith(".")]


def test_save_figure_needs_a_source_line_and_a_safe_name(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="no source line"):
        plots.save_figure(fig, "x", tmp_path)
    plots.add_source_line(fig, "x")
    for bad in ("../x", "a/b", ".hidden", "", "a b"):
        with pytest.raises(ValueError, match="invalid figure name"):
            plots.save_figure(fig, bad, tmp_path)
    plt.close(fig)


SCRIPT = """
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from kca_analysis import figures as plots
plots.set_style()
fig, ax = plt.subplots()
ax.plot([1992, 2000, 2014], [0.1, 0.7, 2.3], label="UZB", color=plots.country_color("UZB"))
ax.fill_between([1992, 2014], [0, 0], [1, 2], alpha=0.2)
ax.legend(title="é")
ax.set_title("Trade with Korea")
plots.add_source_line(fig, "Correlates of War")
plots.save_figure(fig, "line", sys.argv[1])
"""


def test_figures_are_byte_identical_across_processes(tmp_path):
    digests = []
    for run in ("a", "b"):
        subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / run)], check=True)
        digests.append(
            {
                p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in (tmp_path / run / "figures").iterdir()
            }
        )
    assert digests[0] == digests[1]
    assert set(digests[0]) == {"line.svg", "line.png"}


# --- tables -----------------------------------------------------------------------------------


def test_save_table_is_plain_deterministic_csv(tmp_path):
    df = pd.DataFrame(
        {"country": ["UZB", "KAZ", "KGZ"], "value": [0.1 + 0.2, 2183539.0, -0.0], "n": [1, 2, 3]},
        index=[10, 11, 12],
    )
    df.loc[12, "country"] = None
    path = export.save_table(df, "values", tmp_path)
    assert path == tmp_path / "tables" / "values.csv"
    assert path.read_bytes() == b"country,value,n\nUZB,0.3,1\nKAZ,2183539.0,2\n,0.0,3\n"
    assert export.save_table(df, "values", "") is None
    assert export.save_table(df, "values", None) is None
    with pytest.raises(ValueError, match="invalid table name"):
        export.save_table(df, "../values", tmp_path)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_are_written_without_binary_noise(value):
    text = export.format_float(value)
    back = float(text)
    assert back == float(f"{value:.{export.FLOAT_DIGITS}g}") or (back == 0 and value == 0)
    digits = re.sub(r"e.*$", "", text).replace("-", "").replace(".", "").strip("0")
    assert len(digits) <= export.FLOAT_DIGITS


def test_missing_and_infinite_floats():
    assert export.format_float(float("nan")) == ""
    assert export.format_float(math.inf) == "inf"
    assert export.format_float(-0.0) == "0.0"


def test_atomic_write_replaces_and_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "sub" / "file.txt"
    export.atomic_write_text(target, "one\n")
    export.atomic_write_bytes(target, b"two\n")
    assert target.read_bytes() == b"two\n"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "file.txt"
    export.atomic_write_text(target, "old\n")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        export.atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_module_paths():
    assert Path(style.__file__).name == "style.py"


# --- recorded results ---------------------------------------------------------------------------


def test_record_results_writes_sorted_json_and_adds_to_it(tmp_path):
    import json

    import numpy as np

    path = export.record_results(tmp_path, share=np.float64(0.1) + 0.2, rank=np.int64(7))
    export.record_results(tmp_path, missing=float("nan"), label="UZB", rank=8)
    assert path == tmp_path / "results.json"
    assert json.loads(path.read_text()) == {
        "label": "UZB",
        "missing": None,
        "rank": 8,
        "share": 0.3,
    }
    assert path.read_text().index('"label"') < path.read_text().index('"share"')


def test_record_results_records_nothing_without_output_dir_but_still_checks(tmp_path):
    assert export.record_results("", share=0.5) is None
    with pytest.raises(TypeError, match="result 'table'"):
        export.record_results("", table=pd.DataFrame())
    with pytest.raises(ValueError, match="result name"):
        export.record_results(tmp_path, **{"two words": 1})
