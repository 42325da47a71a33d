"""Four readings finished after the integrity round (issue 12's edges).

- the five's yearly net ODA is a total only when all five reported (04_oda);
- the claims' figures take a frame and return the Axes, the notebook computing the frame;
- the country profile's diaspora table says how each figure was produced;
- 03_trade's period comparison names the months still to come, not "missing" ones.
"""

from __future__ import annotations

import ast

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from matplotlib.axes import Axes

from kca_analysis import claims, paths
from kca_analysis.analysis import forums, oda, trade_history
from kca_analysis.countries import CENTRAL_ASIA_ISO3
from kca_analysis.figures import claims as claim_figures


@pytest.fixture(scope="module")
def real():
    return claims.with_data()


def _code_cells(name: str) -> list[str]:
    notebook = nbformat.read(paths.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


# --------------------------------------------------------------------------------------------
# The claims' figures: a frame in, the Axes out


def test_each_claims_figure_draws_a_frame_and_returns_its_axes(real, real_ledger):
    level = "secondary"
    turnover = claims.korea_turnover(real, level)
    meetings, left_out = claims.rows_at(real, "forum_meetings", level)
    dac2a, _ = claims.rows_at(real, "oda_dac2a", level)
    frames = {
        claim_figures.plot_verdict_counts: real_ledger(level),
        claim_figures.plot_korea_trade: trade_history.korea_trade_by_year(
            turnover, CENTRAL_ASIA_ISO3
        ),
        claim_figures.plot_forum_years: forums.forum_years(meetings),
        claim_figures.plot_significance: claims.significance_ratios(real, level),
        claim_figures.plot_oda: oda.cumulative(oda.korea_net_oda(dac2a)),
    }
    for plot, frame in frames.items():
        assert isinstance(frame, pd.DataFrame)
        drawn = plot(frame)
        assert isinstance(drawn, Axes), f"{plot.__name__} returns {type(drawn).__name__}"
        plt.close(drawn.figure)


def test_05_claims_passes_each_figure_the_frame_it_computed():
    calls = []
    for source in _code_cells("05_claims"):
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "claim_figures"
            ):
                calls.append((node.func.attr, [ast.unparse(a) for a in node.args]))
    assert len(calls) == 5
    for name, arguments in calls:
        assert arguments and "data" not in arguments, f"{name} is given {arguments}"
