"""notebooks/country_profile.ipynb runs for each of the five and refuses anything else."""

from __future__ import annotations

import json

import pytest

from kca_analysis import data, paths
from kca_analysis.analysis import trade
from kca_analysis.countries import CENTRAL_ASIA

NOTEBOOK = paths.NOTEBOOKS_DIR / "country_profile.ipynb"

#: The headline results each profile records (files.record_results), for the table of the five.
RESULT_NAMES = {
    "rank_of_five_2022",
    "share_of_five_2022_pct",
    "turnover_2022_musd",
    "peak_turnover_musd",
    "peak_turnover_year",
    "forums_hosted",
    "korea_oda_total_musd",
    "korea_share_of_oda_pct",
    "ethnic_koreans_latest",
}


def _execute(tmp_path, country, output_dir=""):
    import papermill as pm

    out = tmp_path / f"profile_{country}.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"country": country, "output_dir": output_dir},
        cwd=str(paths.NOTEBOOKS_DIR),
        progress_bar=False,
        log_output=False,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def _outputs(notebook):
    for cell in notebook["cells"]:
        yield from cell.get("outputs", [])


@pytest.mark.slow
@pytest.mark.parametrize("country", [c.iso3 for c in CENTRAL_ASIA])
def test_profile_runs_for_each_of_the_five(tmp_path, country):
    outdir = tmp_path / "out"
    executed = _execute(tmp_path, country, str(outdir))
    outputs = list(_outputs(executed))
    streams = [o for o in outputs if o["output_type"] in ("stream", "error")]
    assert not streams, f"warnings, stderr or errors in the {country} profile: {streams}"
    name = next(c.name for c in CENTRAL_ASIA if c.iso3 == country)
    text = "\n".join("".join(o.get("data", {}).get("text/markdown", "")) for o in outputs)
    assert f"Country profile: {name} ({country})" in text
    figures = sorted(p.name for p in (outdir / "figures").iterdir())
    tables = sorted(p.name for p in (outdir / "tables").iterdir())
    prefix = f"country_profile_{country.lower()}_"
    assert figures and all(f.startswith(prefix) for f in figures), figures
    assert {f"{prefix}trade.svg", f"{prefix}trade.png", f"{prefix}oda.svg"} <= set(figures)
    assert tables and all(t.startswith(prefix) for t in tables), tables
    results = json.loads((outdir / "results.json").read_text(encoding="utf-8"))
    assert set(results) == RESULT_NAMES, sorted(results)
    ranked = trade.rank_within(trade.trade_summary(data.load_trade_table1()))
    mine = ranked[(ranked["iso3"] == country) & (ranked["period"] == "2022")].iloc[0]
    assert results["rank_of_five_2022"] == mine["rank"]
    assert results["share_of_five_2022_pct"] == pytest.approx(mine["share_of_total"] * 100)


@pytest.mark.slow
def test_profile_accepts_an_english_name(tmp_path):
    executed = _execute(tmp_path, "kyrgyzstan")
    text = "\n".join(
        "".join(o.get("data", {}).get("text/markdown", "")) for o in _outputs(executed)
    )
    assert "Country profile: Kyrgyzstan (KGZ)" in text


@pytest.mark.slow
def test_a_bad_country_errors_listing_the_five(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as error:
        _execute(tmp_path, "Narnia")
    message = str(error.value)
    assert "country='Narnia'" in message
    for country in CENTRAL_ASIA:
        assert f"{country.name} ({country.iso3})" in message


def test_the_trade_figure_says_whose_figure_each_line_is():
    # Issue 12, item 2: in Turkmenistan's profile the IMF's Turkmen side is its estimate
    # (Korea x 1.06) and COW's 2010-2014 imports from Korea are Korea's figure x 1.10: both
    # hollow on a dotted line, labelled with what they are; COW's zeros sit at the log floor.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kca_analysis.figures import profile as profile_figures
    from kca_analysis.figures import trade as trade_figures

    history = trade.bilateral_history(data.load_cow_trade(), data.load_dots_trade())
    history = history[history["iso3"] == "TKM"]
    ax = profile_figures.plot_history(history, flow="export")
    handles, labels = ax.get_legend_handles_labels()
    hollow = {
        " ".join(label.split()): h
        for h, label in zip(handles, labels, strict=True)
        if h.get_markerfacecolor() == "white"
    }
    assert set(hollow) == {
        "Correlates of War v4.0, importer (COW) side, derived: IMF DOTS Korea-reported exports "
        "x 1.10 (CIF/FOB margin)",
        "IMF DOTS, Turkmenistan side, estimate: IMF estimate from the Korea-reported value x 1.06",
    }
    assert all(h.get_linestyle() == ":" for h in hollow.values())
    assert not any(label.startswith("IMF DOTS, Turkmenistan-reported") for label in labels)
    assert trade_figures.ZERO_LABEL in labels
    floor = next(h for h, label in zip(handles, labels, strict=True) if label.startswith("0 "))
    assert sorted(floor.get_xdata()) == [1999, 2000], "COW's two zero years, not dropped"
    plt.close("all")
