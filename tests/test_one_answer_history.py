"""One answer per question: the history claims and 01_history compute the same numbers.

Each test runs a claim's check and the function the notebook calls (with the notebook's own
default parameters) on the same data, and compares the numbers: on the real data and on a copy
altered so that the old, separate definitions would have disagreed (1997 against 1998 rather
than window averages; a missing partner figure summed as zero rather than left out).
"""

from __future__ import annotations

import ast
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kca_analysis import claims, paths
from kca_analysis.analysis import crisis, history, trade_history, trade_partners
from kca_analysis.analysis import trade_history_facts as trade_facts
from kca_analysis.claims.history import FIRST_DECADE, korea_turnover
from kca_analysis.claims.powers import POWER_NAMES, POWERS
from kca_analysis.countries import KOREA, country_name
from kca_analysis.figures import claims as claim_figures
from kca_analysis.text import crisis as crisis_text
from kca_analysis.vocab import resolve_countries, resolve_partners


def _notebook_parameters() -> dict[str, object]:
    """The default parameters of 01_history, read from its tagged cell."""
    notebook = json.loads((paths.NOTEBOOKS_DIR / "01_history.ipynb").read_text(encoding="utf-8"))
    (cell,) = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    tree = ast.parse("".join(cell["source"]))
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
    }


PARAMETERS = _notebook_parameters()
CODES = resolve_countries(PARAMETERS["countries"])
PARTNER_CODES = resolve_partners(PARAMETERS["partners"])


def _altered(real):
    """The real data with Korea's 1997 trade doubled and one 1995 partner figure missing."""
    cow = real["cow_trade"].copy()
    korea_1997 = (cow["partner_iso3"] == KOREA.iso3) & (cow["year"] == 1997)
    cow.loc[korea_1997, "value"] = cow.loc[korea_1997, "value"] * 2
    gap = (cow["year"] == 1995) & (cow["iso3"] == "UZB") & (cow["partner_iso3"] == "TUR")
    cow.loc[gap & (cow["flow"] == "export"), "value"] = np.nan
    cow["value_usd"] = cow["value"] * 1e6
    return {**real, "cow_trade": cow}


@pytest.fixture(scope="module")
def real():
    return claims.with_data()


@pytest.fixture(scope="module", params=["real", "altered"])
def data(request, real):
    return real if request.param == "real" else _altered(real)


def _notebook_turnover(data):
    """01_history's turnover: every source, the notebook's countries."""
    flows = trade_history.trade_history(
        data["cow_trade"], data["dots_trade"], data["table1"], countries=CODES
    )
    return trade_history.turnover_history(flows)


def _evidence(claim_id, data):
    return claims.run_check(claim_id, data, "secondary").evidence


def test_the_notebook_defaults_are_the_five_and_the_partners_of_the_extract(real):
    assert sorted(CODES) == sorted(set(real["cow_trade"]["iso3"]))
    in_extract = set(real["cow_trade"]["partner_iso3"]) - {KOREA.iso3}
    assert set(PARTNER_CODES) == in_extract


def test_koreas_trade_by_year_is_one_series(data):
    notebook = trade_history.total_turnover(
        _notebook_turnover(data), trade_history.SERIES_COW, CODES
    )
    table = trade_history.korea_trade_by_year(korea_turnover(data), CODES)
    pd.testing.assert_series_equal(table["total"], notebook, check_names=False)
    # The claims' figure draws that same series.
    ax = claim_figures.plot_korea_trade(table)
    line = ax.lines[0]
    drawn = pd.Series(line.get_ydata(), index=line.get_xdata(), dtype="float64")
    pd.testing.assert_series_equal(drawn, notebook, check_names=False, check_index_type=False)
    plt.close(ax.figure)


def test_the_decline_after_1997_is_one_answer(data):
    table = crisis.crisis_test(_notebook_turnover(data), CODES)
    row = table.iloc[0]
    evidence = _evidence("C04", data)
    assert f"USD {row.pre_mean_musd:,.0f} m a year" in evidence
    assert f"USD {row.post_mean_musd:,.0f} m in" in evidence
    assert f"({row.change_after_pct:+.1f}%)" in evidence
    assert f"average in {row.first_year_above_pre}." in evidence
    total = trade_history.total_turnover(_notebook_turnover(data), trade_history.SERIES_COW, CODES)
    low = crisis.low_point(total)
    assert f"lowest USD {low.value_musd:,.0f} m in {low.year}" in evidence
    falls = crisis.decline_shares(table).set_index("scope")
    assert f"{falls.at['UZB', 'share_of_fall_pct']:.0f}% of the fall" in evidence
    # One function gives the reading to both (issue 12, item 3): the shared definition, and the
    # second measure named as such.
    reading = crisis.decline_reading(_notebook_turnover(data), CODES)
    assert f"{reading.share_of_fall_pct('UZB'):.0f}% of the fall between the window averages" in (
        evidence
    )
    to_low = reading.year_to_low
    assert (
        f"({to_low.from_year} to {to_low.to_year}, USD {to_low.fall_musd:,.0f} m), gives "
        f"Uzbekistan {to_low.share_pct('UZB'):.0f}% of it" in evidence
    )
    assert evidence.startswith("Trade stands in for interest")


def test_the_crisis_is_worded_the_same_in_the_notebook_and_the_claim(data):
    """C04 states the windows and Uzbekistan's part of the fall as 01_history's sentences do."""
    evidence = _evidence("C04", data)
    assert f"({crisis_text.crisis_windows(crisis.CRISIS_WINDOWS)})" in evidence
    table = crisis.crisis_test(_notebook_turnover(data), CODES)
    fall = trade_facts.largest_fall(table)
    assert fall.iso3 == "UZB"
    assert f"{fall.share_of_fall_pct:.0f}% of the fall" in evidence


def test_the_altered_data_move_the_decline(real):
    """The altered copy must change the numbers, or the comparison above proves little."""
    before = crisis.crisis_test(_notebook_turnover(real), CODES).iloc[0]
    after = crisis.crisis_test(_notebook_turnover(_altered(real)), CODES).iloc[0]
    assert after.pre_mean_musd > before.pre_mean_musd
    assert _evidence("C04", real) != _evidence("C04", _altered(real))


def test_the_resurgence_is_one_answer(data):
    turnover = _notebook_turnover(data)
    row = crisis.crisis_test(turnover, CODES).iloc[0]
    total = trade_history.total_turnover(turnover, trade_history.SERIES_COW, CODES)
    low = crisis.low_point(total)
    growth = crisis.growth_since(total, low.year)
    evidence = _evidence("C05", data)
    assert f"{low.year} (USD {low.value_musd:,.0f} m;" in evidence
    assert f"rose in {growth.rises} of {growth.changes} years" in evidence
    assert f"grew {growth.multiple:.1f}x" in evidence
    assert f"average was {row.change_revival_pct:+.1f}%" in evidence


def test_the_first_decade_is_one_answer(data):
    profile = trade_history.early_decade_profile(_notebook_turnover(data), CODES, FIRST_DECADE)
    profile = profile.set_index("iso3")
    evidence = _evidence("C06", data)
    years = FIRST_DECADE[1] - FIRST_DECADE[0] + 1
    assert f"in {profile.at['UZB', 'years_largest']} of {years} years" in evidence
    for code, cv in profile["cv"].dropna().items():
        assert f"{country_name(code)} {cv:.2f}" in evidence


def test_the_partner_shares_are_one_answer(data):
    shares = trade_partners.partner_shares(data["cow_trade"], PARTNER_CODES, CODES)
    change = trade_partners.share_change(shares).set_index("partner_iso3")
    evidence = _evidence("C20", data)
    first = change.iloc[0]
    assert f"{first.first_start}-{first.first_end} vs {first.last_start}-{first.last_end}" in (
        evidence
    )
    for code in [*POWERS, KOREA.iso3]:
        name = "Korea" if code == KOREA.iso3 else POWER_NAMES[code]
        expected = (
            f"{name} {change.at[code, 'share_first_pct']:.1f}% -> "
            f"{change.at[code, 'share_last_pct']:.1f}%"
        )
        assert expected in evidence
    left_out = ", ".join(map(str, trade_partners.incomplete_years(shares)))
    assert f"a state's trade with a partner has no figure: {left_out}." in evidence
    # The baseline the data allow is the notebook's, from the coverage rule (issue 12, item 1).
    baseline = trade_partners.first_complete_year(data["cow_trade"], PARTNER_CODES, CODES)
    assert f"The data allow no baseline before {baseline}," in evidence
    assert claims.run_check("C20", data, "secondary").facts["baseline_year"] == baseline


def test_koreas_share_of_each_state_is_the_same_computation(data):
    """01_history's per-state shares are partner_shares of one state at a time."""
    per_state = trade_partners.korea_partner_share(data["cow_trade"], PARTNER_CODES)
    for code in CODES:
        one = trade_partners.partner_shares(data["cow_trade"], PARTNER_CODES, [code])
        korea = one[one["partner_iso3"] == KOREA.iso3].reset_index(drop=True)
        mine = per_state[per_state["iso3"] == code].reset_index(drop=True)
        assert list(korea["year"]) == list(mine["year"])
        assert list(korea["complete"]) == list(mine["complete"])
        pd.testing.assert_series_equal(
            korea["share_pct"], mine["korea_share_pct"], check_names=False
        )


def test_the_diaspora_sum_is_one_answer(data):
    estimate = history.common_estimate(data["ethnic_koreans"], ["UZB", "KAZ"])
    evidence = _evidence("C01", data)
    assert f"= {estimate.total:,} (" in evidence
    assert estimate.reference_date in evidence
    assert f"produced as: {estimate.production};" in evidence
