"""One answer per question (issue 9): where 03_trade and a trade claim (C13-C16) ask the same
question, they call the same analysis function and print the same number.

Each test runs the claim's check on the real data and the notebook's function on the same data,
compares the numbers, and finds the number in the claim's evidence and in the notebook's stored
output (which nbval keeps equal to a fresh run).
"""

from __future__ import annotations

import json

import pytest

from kca_analysis import claims, data, paths
from kca_analysis.analysis import table1, trade
from kca_analysis.claims.evidence import CORE, usd
from kca_analysis.countries import country_name
from kca_analysis.data import standard_tables
from kca_analysis.data.corrections import corrections_for
from kca_analysis.data.guards import evaluate_guard

#: 03_trade's view of each Table 1 period in the claims ledger.
VIEWS = {"2022": "Table 1, 2022", "2023-01..10": "Table 1, Jan-Oct 2023"}


@pytest.fixture(scope="module")
def real():
    return claims.with_data()


@pytest.fixture(scope="module")
def notebook_summary():
    """03_trade's summary, computed as its cell does (default parameters: no annualising)."""
    return trade.trade_summary(standard_tables.trade_table1_tidy())


@pytest.fixture(scope="module")
def notebook_text():
    """Every Markdown output 03_trade stores, joined."""
    notebook = json.loads((paths.NOTEBOOKS_DIR / "03_trade.ipynb").read_text("utf-8"))
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("data", {}).get("text/markdown", "")))
    return "\n".join(texts)


def _claim_rows(frame, period):
    return frame[frame["view"] == VIEWS[period]].set_index("iso3")


@pytest.mark.parametrize("period", list(VIEWS))
def test_turnover_and_shares_by_country(real, notebook_summary, period):
    ours = notebook_summary[notebook_summary["period"] == period].set_index("iso3")
    theirs = _claim_rows(claims.trade_views(real), period)
    assert sorted(ours.index) == sorted(theirs.index)
    for column in ("export_usd", "import_usd", "turnover_usd", "share_of_total"):
        assert theirs.loc[ours.index, column].tolist() == pytest.approx(ours[column].tolist())
    evidence = claims.run_check("C14", real).evidence
    ranked = trade.ranking(ours.reset_index())
    listed = ", ".join(f"{country_name(r.iso3)} {usd(r.turnover_usd)}" for r in ranked.itertuples())
    assert f"{VIEWS[period]}: {listed}" in evidence


@pytest.mark.parametrize("period", list(VIEWS))
def test_the_two_against_the_three(real, notebook_summary, notebook_text, period):
    rows = trade.ranking(notebook_summary[notebook_summary["period"] == period])
    top = rows[rows["rank"] <= 2]
    assert set(top["iso3"]) == set(CORE), "the notebook's two largest are the claim's two"
    ours = trade.versus_rest(rows, top["iso3"]).iloc[0]
    ratios = claims.significance_ratios(real).set_index("view")
    theirs = ratios.loc[VIEWS[period]]
    assert theirs["ratio"] == pytest.approx(ours["ratio"])
    assert theirs["uzb_kaz_usd"] == pytest.approx(ours["selected_usd"])
    assert theirs["other_three_usd"] == pytest.approx(ours["rest_usd"])
    assert f"= {ours['ratio']:.1f}x" in claims.run_check("C15", real).evidence
    label = trade.period_label(period, int(rows["months"].iloc[0]))
    line = next(t for t in notebook_text.splitlines() if t.startswith(f"* **{label}**"))
    assert f"{ours['ratio']:.1f} times" in line
    assert f"{ours['selected_share'] * 100:.1f}%" in line


@pytest.mark.parametrize("period", list(VIEWS))
def test_asymmetry_and_surpluses(real, notebook_summary, notebook_text, period):
    ours = trade.asymmetry(notebook_summary).set_index("period").loc[period]
    evidence = claims.run_check("C13", real).evidence
    stated = (
        f"{VIEWS[period]}: from {country_name(ours['most_balanced'])} "
        f"{ours['most_balanced_index']:.2f} to {country_name(ours['most_one_sided'])} "
        f"{ours['most_one_sided_index']:.2f} (spread {ours['spread']:.2f}); Korea in surplus "
        f"with {ours['korea_surplus']} of 5"
    )
    assert stated in evidence
    label = trade.period_label(period, int(ours["months"]))
    line = next(t for t in notebook_text.splitlines() if t.startswith(f"* **{label}**"))
    assert f"surplus with {ours['korea_surplus']} of the five" in line
    assert f"runs from {ours['most_balanced_index']:.2f}" in line
    assert f"to {ours['most_one_sided_index']:.2f}" in line


def test_table1_unit_evidence(real, notebook_text):
    fixes = {c.action["type"]: c for c in corrections_for(data.TABLE1_KEY)}
    printed = data.load_paper_trade_table()
    # 03_trade: the guard's comparisons and the same-year matches as its evidence table, and the
    # unit comparisons; C16: the same comparisons, the same-cell ones first
    same_year = table1.same_year_matches(printed, data.load_press_trade())
    shown = table1.correction_evidence(
        fixes["unit"], evaluate_guard(fixes["unit"], printed), same_year
    )
    ours = table1.unit_comparisons(fixes["unit"], printed, data.load_press_trade())
    theirs = claims.unit_comparisons(real)
    assert theirs["reference"].tolist() == ours["reference"].tolist()
    assert theirs["ratio"].tolist() == pytest.approx(ours["ratio"].tolist())
    assert shown["result"].tolist() == [f"{r:,.0f}" for r in ours["ratio"]]
    evidence = claims.run_check("C16", real).evidence
    for row in ours.itertuples():
        assert f"/ {row.printed:,} = {row.ratio:,.0f}" in evidence
    assert f"{len(ours)} of {len(ours)} ratios lie within 100-10,000" in evidence
    same = ours[ours["same_cell"]]
    assert evidence.index("Strongest, the same cell and year") < evidence.index("Other years")
    for ratio in same["ratio"]:
        assert f"a ratio of {ratio / 1000:.3f} read as thousands" in notebook_text
        assert f"{ratio / 1000:.3f}" in evidence
    guard = ours[~ours["same_cell"]]
    assert f"The guard's {len(guard)} references (other years, so the magnitude only)" in (
        notebook_text
    )
    assert f"{guard['ratio'].min():,.0f} to {guard['ratio'].max():,.0f} times" in notebook_text


def test_period_evidence_reads_the_guards_statuses(notebook_text):
    # Issue 12, item 5: the lower-bound reference is "consistent, not proven" in 03_trade.
    fixes = {c.action["type"]: c for c in corrections_for(data.TABLE1_KEY)}
    result = evaluate_guard(fixes["period"], data.load_paper_trade_table())
    statuses = {c["side"]: c["status"] for c in result.comparisons}
    assert statuses == {"lower": "consistent", "upper": "proven"}
    assert "which is only a lower bound" in notebook_text
    assert "(*consistent, not proven*)" in notebook_text
    assert "already exceeds the shorter year-to-date reference" not in notebook_text
