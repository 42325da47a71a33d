"""The quick lane, ``make test-quick``: every test that executes no notebook, for the edit loop.

``make test`` is the proof and runs everything. While editing, ``pytest -m "not slow and not
browser"`` leaves out what executes notebooks. A test is ``slow`` when it

- is a cell of nbval (this module marks them);
- uses a session run of the collection (:data:`SESSION_RUNS`; this module marks them);
- is marked by hand: the tests that run the fixture notebooks (pipeline, kill, Dask, sweeps,
  figure reuse, the execution log of nbval).

A test that is not marked and executes a notebook anyway fails in the quick lane, named: each
process of the session has its own execution log (``KCA_EXECUTION_LOG``, which every process it
starts inherits), read before and after each test. A test that sets the variable itself is not
seen; such tests are about the log and are marked by hand.

The conftest imports the fixtures and calls :func:`mark_slow`; an inner pytest session loads this
module as a plugin (``-p tests.quick_lane``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kca_analysis.run import execlog

#: The session fixtures that execute the collection (``tests/conftest.py``).
SESSION_RUNS = frozenset({"collection_run", "check_batch"})


def executes_notebooks(item: pytest.Item) -> bool:
    """Whether ``item`` is an nbval cell or uses a session run of the collection."""
    from nbval.plugin import IPyNbFile

    return isinstance(item.parent, IPyNbFile) or bool(
        SESSION_RUNS & set(getattr(item, "fixturenames", ()))
    )


def mark_slow(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every item that :func:`executes_notebooks`."""
    for item in items:
        if executes_notebooks(item):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the items that execute notebooks (when loaded as a plugin, ``-p tests.quick_lane``)."""
    mark_slow(items)


def quick_lane(config: pytest.Config) -> bool:
    """Whether the session leaves out the slow tests (its ``-m`` says ``not slow``)."""
    return "not slow" in " ".join((config.getoption("markexpr", "") or "").split())


@pytest.fixture(scope="session")
def quick_lane_log(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Path | None]:
    """This process's execution log in the quick lane (``None`` outside it).

    Set in the environment for the session, so that every process a test starts writes to it.
    """
    if not quick_lane(request.config):
        yield None
        return
    log = tmp_path_factory.getbasetemp() / f"quick-lane-executions-{os.getpid()}.jsonl"
    previous = os.environ.get(execlog.ENV)
    os.environ[execlog.ENV] = str(log)
    yield log
    if previous is None:
        os.environ.pop(execlog.ENV, None)
    else:
        os.environ[execlog.ENV] = previous


def _size(log: Path) -> int:
    return log.stat().st_size if log.exists() else 0


@pytest.fixture(autouse=True)
def quick_lane_executes_no_notebook(request: pytest.FixtureRequest, quick_lane_log):
    """Fail a test of the quick lane that executed a notebook, naming what it executed."""
    if quick_lane_log is None:
        yield
        return
    before = _size(quick_lane_log)
    yield
    if _size(quick_lane_log) == before:
        return
    with quick_lane_log.open("rb") as handle:
        handle.seek(before)
        executed = handle.read().decode("utf-8").splitlines()
    pytest.fail(
        f"{request.node.nodeid} executed {len(executed)} notebook(s) ({executed[0]}) but is "
        "not marked slow: mark it @pytest.mark.slow so that the quick lane leaves it out",
        pytrace=False,
    )
