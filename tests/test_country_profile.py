"""notebooks/country_profile.ipynb runs for each of the five and refuses anything else.

The five profiles are the default runs of the session's collection run (``kca run --force``,
which runs the profile once per country); the names a reader may give are checked on the library
function the notebook itself calls (``vocab.resolve_country``).
"""

from __future__ import annotations

import json
import re

import pytest

from kca_analysis import data, paths, text, vocab
from kca_analysis.analysis import trade
from kca_analysis.countries import CENTRAL_ASIA

from . import notebook_runs

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


@pytest.mark.parametrize("country", [c.iso3 for c in CENTRAL_ASIA])
def test_profile_runs_for_each_of_the_five(collection_run, country):
    outputs = collection_run.outputs
    run_id = f"country_profile_{country}"
    executed = notebook_runs.read_executed(outputs / "notebooks" / f"{run_id}.ipynb")
    streams = [
        o for o in notebook_runs.outputs_of(executed) if o["output_type"] in ("stream", "error")
    ]
    assert not streams, f"warnings, stderr or errors in the {country} profile: {streams}"
    name = next(c.name for c in CENTRAL_ASIA if c.iso3 == country)
    assert f"Country profile: {name} ({country})" in notebook_runs.output_text(executed)
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    written = [p for p, entry in manifest["outputs"].items() if entry["run"] == run_id]
    figures = sorted(p.split("/", 1)[1] for p in written if p.startswith("figures/"))
    tables = sorted(p.split("/", 1)[1] for p in written if p.startswith("tables/"))
    prefix = f"country_profile_{country.lower()}_"
    assert figures and all(f.startswith(prefix) for f in figures), figures
    assert {f"{prefix}trade.svg", f"{prefix}trade.png", f"{prefix}oda.svg"} <= set(figures)
    assert tables and all(t.startswith(prefix) for t in tables), tables
    record = outputs / "notebooks" / f"{run_id}.results.json"
    results = json.loads(record.read_text(encoding="utf-8"))
    assert set(results) == RESULT_NAMES, sorted(results)
    ranked = trade.rank_within(trade.trade_summary(data.load_trade_table1()))
    mine = ranked[(ranked["iso3"] == country) & (ranked["period"] == "2022")].iloc[0]
    assert results["rank_of_five_2022"] == mine["rank"]
    assert results["share_of_five_2022_pct"] == pytest.approx(mine["share_of_total"] * 100)


def test_the_notebook_names_its_country_with_the_vocabulary_resolver():
    # What the notebook accepts is what vocab.resolve_country accepts (the tests below), because
    # the notebook resolves its parameter with it, and titles itself from what it resolved.
    source = "\n".join(
        "".join(c["source"]) for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    )
    assert re.search(r"^the = vocab\.resolve_country\(country\)$", source, re.M)
    assert "text.profile.heading(name, iso)" in source


@pytest.mark.parametrize("given", ["kyrgyzstan", "Kyrgyzstan", "KGZ", "Kyrgyz Republic"])
def test_profile_accepts_an_english_name(given):
    the = vocab.resolve_country(given)
    assert (the.iso3, the.name) == ("KGZ", "Kyrgyzstan")
    assert "Country profile: Kyrgyzstan (KGZ)" in text.profile.heading(the.name, the.iso3)


def test_a_bad_country_errors_listing_the_five():
    with pytest.raises(ValueError) as error:
        vocab.resolve_country("Narnia")
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
