"""Shared fixtures: paths into the project and helpers to write small bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kca_analysis import paths


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


def title_of(ax) -> str:
    """The title an Axes shows, wherever the style put it (the house style sets it on the left)."""
    return next((t for loc in ("left", "center", "right") if (t := ax.get_title(loc=loc))), "")
