"""Shared fixtures: paths into the project, helpers to write small bad files, and the notebook runs
every test of executed notebooks reads (each executed once per session, see ``notebook_runs``).

nbval's executions are written to the execution log (``KCA_EXECUTION_LOG``), once per notebook
file, as ``kca run`` writes its own (:mod:`kca_analysis.run.execlog`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kca_analysis import paths
from kca_analysis.run import execlog

from . import notebook_runs, quick_lane
from .quick_lane import quick_lane_executes_no_notebook, quick_lane_log  # noqa: F401 - fixtures


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``slow`` what executes notebooks (:mod:`.quick_lane`); log nbval's executions.

    nbval starts one kernel per notebook file (``IPyNbFile.setup``, before its first cell) and
    runs every cell of the file in it: one execution of the notebook. Its ``setup`` is wrapped
    here, in a hook every plugin sees, because the notebooks are not under ``tests/``.
    """
    from nbval.plugin import IPyNbFile

    quick_lane.mark_slow(items)

    files = {id(i.parent): i.parent for i in items if isinstance(i.parent, IPyNbFile)}
    for parent in files.values():
        parent.setup = _logged_setup(parent, parent.setup)


def _logged_setup(notebook_file, setup):
    def setup_and_log():
        execlog.record(notebook_file.path, "nbval")
        return setup()

    return setup_and_log


def require_shared(what: Path) -> Path:
    """Return ``what`` from the shared folder beside the project, or skip with a reason.

    In CI (``CI=true``) the shared folder is always laid beside the clone, so its absence is
    a failure there, never a skip.
    """
    if what.exists():
        return what
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing; CI lays ../shared beside the clone")
    pytest.skip(f"{what} is not present beside the project (outside CI)")


@pytest.fixture
def table1_text() -> str:
    """The committed Table 1 CSV as text."""
    return (paths.PAPER_DATA_DIR / "table1_trade.csv").read_text(encoding="utf-8")


@pytest.fixture
def write_csv(tmp_path):
    """Write text (or bytes) to a CSV file in a temporary folder and return its path."""

    def write(text: str | bytes, name: str = "table.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
        return path

    return write


@pytest.fixture(scope="session")
def real_ledger():
    """``real_ledger(level)``: the ledger of the committed data at a confidence level.

    Each level is built once per test process (building runs every check, about half a second,
    and a dozen tests read it); each call returns a copy, so a test that changes its frame
    leaves the others' alone. ``tests/test_claims.py::test_the_real_verdicts`` checks it.
    """
    from kca_analysis import claims

    built = {}

    def ledger(level: str = "secondary"):
        if level not in built:
            built[level] = claims.build_ledger(level, claims.with_data())
        return built[level].copy()

    return ledger


def title_of(ax) -> str:
    """The title an Axes shows, wherever the style put it (the house style sets it on the left)."""
    return next((t for loc in ("left", "center", "right") if (t := ax.get_title(loc=loc))), "")


# --------------------------------------------------------------------------------------------
# The collection's notebooks, executed once per session (shared by the xdist workers)


@pytest.fixture(scope="session")
def collection_run(tmp_path_factory) -> notebook_runs.Command:
    """``kca run --force`` of the whole collection into a session folder, book included.

    Every test that reads the executed notebooks, their figures, tables and manifest, the run
    log or the book reads this one run. Fails the test (with the command's output) when the
    command failed.
    """
    folder = notebook_runs.shared_folder(tmp_path_factory.getbasetemp())
    command = notebook_runs.run_once(folder, notebook_runs.COLLECTION, ["run", "--force"])
    command.require_success()
    return command


@pytest.fixture(scope="session")
def check_batch(tmp_path_factory) -> notebook_runs.Command:
    """``kca run --batch`` of every declared parameter check that is not a default run.

    The checks sit at the edges of their parameters and are grouped into as few runs as fit
    (:func:`notebook_runs.check_runs`); the batch runs them in parallel, without the book. Its
    exit code is not asserted here: each run is judged by the tests that read it.
    """
    folder = notebook_runs.shared_folder(tmp_path_factory.getbasetemp())
    batch = "checks-batch.json"
    return notebook_runs.run_once(
        folder,
        notebook_runs.CHECKS,
        ["run", "--batch", str(folder / batch), "--no-site"],
        {batch: notebook_runs.batch_text(notebook_runs.check_runs())},
    )
