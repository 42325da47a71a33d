"""The quick lane (``make test-quick``, ``tests/quick_lane.py``) leaves out what executes notebooks
and fails, by name, a test that executes one without the ``slow`` mark."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

from kca_analysis.run import execlog

from .notebook_runs import ROOT

#: A test file for an inner session. An execution is logged as the runner and the nbval plugin
#: log theirs (``execlog.record``); ``collection_run`` stands for the session run of that name.
INNER = """
import pytest
from kca_analysis.run import execlog

@pytest.fixture(scope="session")
def collection_run():
    execlog.record("notebooks/01_history.ipynb", "kca run")

def test_reads_the_collection_run(collection_run):
    pass

@pytest.mark.slow
def test_marked_and_executes():
    execlog.record("notebooks/02_forums.ipynb", "kca run")

def test_unmarked_and_executes():
    execlog.record("notebooks/03_trade.ipynb", "kca run")

def test_executes_nothing():
    pass
"""


def _inner(tmp_path, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_inner.py").write_text(INNER)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", execlog.ENV))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.quick_lane", "-p", "no:cacheprovider",
         "-o", "markers=slow", "-q", "-rA", *args, "test_inner.py"],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_the_quick_lane_leaves_out_the_slow_and_names_an_unmarked_test_that_executes(tmp_path):
    result = _inner(tmp_path, "-m", "not slow")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert re.search(r"2 passed, 2 deselected, 1 error", out), out
    assert "PASSED test_inner.py::test_executes_nothing" in out
    assert "ERROR test_inner.py::test_unmarked_and_executes" in out
    named = re.search(
        r"test_unmarked_and_executes executed 1 notebook\(s\) \((.*)\) but is not", out
    )
    assert named and "03_trade.ipynb" in named.group(1), out
    # Outside the quick lane every test runs and nothing is watched.
    everything = _inner(tmp_path)
    assert everything.returncode == 0 and "4 passed" in everything.stdout, everything.stdout


def test_make_test_quick_is_the_quick_lane_and_its_marker_is_declared():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest-quick:", 1)[1].split("\n\n", 1)[0]
    assert '-m "not slow and not browser"' in recipe
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    assert any(m.startswith("slow:") for m in markers["ini_options"]["markers"])
