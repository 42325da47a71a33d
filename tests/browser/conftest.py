"""Headless Chromium for the browser tests: discovery, the Playwright context, screenshots.

Debian's ``chromium`` (``/usr/bin/chromium``) is driven by the Python ``playwright`` package;
no browser is downloaded. Without it the tests skip with a reason, except in CI (``CI=true``),
where they fail: CI installs it (``.ci/run``), so its absence there is a broken set-up.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

#: The flags a closed network needs: without the background-networking ones Chromium keeps
#: trying to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Large enough for a title and a figure of a notebook in one JupyterLab screenshot.
VIEWPORT = {"width": 1400, "height": 2000}

_SCREENSHOTS = pytest.StashKey[Path]()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip with ``reason`` when ``condition`` is false, or fail in CI (never skip there)."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests never skip in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Path of Debian's Chromium; skips (fails in CI) when it is not installed."""
    found = CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)
    require(
        found,
        f"{CHROMIUM} not found: install it with "
        "`apt-get install --no-install-recommends chromium` to run the browser tests",
    )
    return CHROMIUM


@pytest.fixture(scope="session")
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    """A new folder for screenshots, kept after the run; its path is printed and summarised."""
    folder = Path(tempfile.mkdtemp(prefix="kca-screenshots-"))
    request.config.stash[_SCREENSHOTS] = folder
    print(f"browser screenshots: {folder}")
    return folder


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator:
    """A Playwright browser context in headless Chromium with a fresh, temporary profile."""
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="kca-chromium-"))
    # Chromium writes crash-report settings and a dconf cache under the XDG folders, whatever
    # the user-data dir: point them into the temporary folder too, so $HOME stays as it was.
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(home / "profile"),
                executable_path=str(chromium),
                headless=True,
                args=CHROMIUM_ARGS,
                env=env,
                viewport=VIEWPORT,
                timeout=60_000,
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Name the screenshot folder in every run, not only with ``-s`` or ``-rA``."""
    folder = config.stash.get(_SCREENSHOTS, None)
    if folder is not None:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"browser screenshots: {folder}")
