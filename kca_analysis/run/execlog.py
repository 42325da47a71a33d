"""The execution log: one line per notebook execution, for counting them (``make bench``).

When the environment variable ``KCA_EXECUTION_LOG`` names a file, every notebook execution
appends one JSON line to it: ``{"notebook": "notebooks/03_trade.ipynb", "by": "kca run"}``. The
runner writes it where a notebook task starts (:mod:`kca_analysis.run.execute`), the test suite
once per notebook file nbval executes (``tests/conftest.py``, ``"by": "nbval"``). Without the
variable nothing is written. The notebook is named relative to the project root (an absolute
path outside it), so that the collection's notebooks can be told from the test fixtures.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from kca_analysis import paths

#: The environment variable naming the log file.
ENV = "KCA_EXECUTION_LOG"
#: The executors that write to it.
BY = ("kca run", "nbval")


def record(notebook: str | os.PathLike, by: str, environ: Mapping[str, str] | None = None) -> bool:
    """Append one line for an execution of ``notebook`` when ``KCA_EXECUTION_LOG`` is set.

    The line is written with one ``write`` to a file opened for appending, so the lines of
    processes writing at the same time (workers, test processes) never mix.

    Parameters
    ----------
    notebook
        The notebook file executed.
    by
        Who executes it: ``"kca run"`` or ``"nbval"``.
    environ
        The environment to read (default ``os.environ``).

    Returns
    -------
    bool
        Whether a line was written.

    Raises
    ------
    ValueError
        For an executor not in :data:`BY`.
    """
    if by not in BY:
        raise ValueError(f"unknown executor {by!r}; expected one of {', '.join(BY)}")
    target = (os.environ if environ is None else environ).get(ENV, "")
    if not target:
        return False
    line = json.dumps({"notebook": paths.relative_to_root(notebook), "by": by}) + "\n"
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)
    return True
