"""JupyterLab serves the notebooks and they render in headless Chromium, as a reader sees them.

``jupyter lab`` from the project environment is started on 127.0.0.1 and a free port, token
authentication on, rooted at ``notebooks/``. Each numbered notebook (and the country profile) is
opened from the file browser of one JupyterLab tab, and closed unsaved after its test; once its
cells have rendered, the title (its first markdown H1) and a figure must be visible and no error
or stderr output shown. Nothing is executed: the committed outputs are what is displayed. A
screenshot of each, scrolled to its first figure, goes to the screenshot folder.

The server keeps its settings, workspaces, runtime files and notebook-trust database in a
temporary folder, and is stopped by its PID at the end, on failure too.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from kca_analysis import paths
from tests.browser.support import (
    HOST,
    assert_not_listening,
    free_port,
    log_tail,
    stop_process,
    wait_until_up,
)

pytestmark = pytest.mark.browser

NOTEBOOKS_DIR = paths.NOTEBOOKS_DIR
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")) + sorted(
    NOTEBOOKS_DIR.glob("country_profile.ipynb")
)
START_TIMEOUT = 120  # seconds for the server to answer /api/status
RENDER_TIMEOUT = 90_000  # milliseconds for a notebook to render

#: Settings that keep JupyterLab quiet and the tree untouched: no autosave (nothing is written to
#: notebooks/), no news or update check (no network, no toast over the screenshot).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
)
FIGURES = ".jp-OutputArea-output img"


@dataclass
class Lab:
    """A running JupyterLab server."""

    proc: subprocess.Popen
    port: int
    token: str
    home: Path
    log: Path
    kernel_ports: set[int] = field(default_factory=set)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def note_kernel_ports(self) -> None:
        """Remember the ports of the kernels JupyterLab started, to check they close too."""
        for connection in (self.home / "runtime").glob("kernel-*.json"):
            info = json.loads(connection.read_text(encoding="utf-8"))
            self.kernel_ports.update(
                info[key] for key in ("shell_port", "iopub_port", "stdin_port", "control_port")
            )

    def shut_down_sessions(self) -> None:
        """Delete the sessions (and kernels) opened by the page: none is used to execute."""
        self.note_kernel_ports()
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _jupyter() -> Path:
    """``jupyter`` of the environment running the tests (the project's ``.venv``)."""
    candidate = Path(sys.executable).with_name("jupyter")
    if not candidate.is_file():
        pytest.fail(f"{candidate} not found: the browser tests run from the project venv")
    return candidate


@pytest.fixture(scope="module")
def lab(chromium: Path) -> Iterator[Lab]:
    # chromium: skip (or fail in CI) before starting a server no browser could use.
    before = _tree(NOTEBOOKS_DIR)
    home = Path(tempfile.mkdtemp(prefix="kca-jupyterlab-"))
    (home / "checkpoints").mkdir()
    for name, values in LAB_SETTINGS.items():
        target = home / "user-settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        # Only the user-level folders move: the lab extensions and the kernel spec of the
        # venv (sys.prefix/share/jupyter) are still found.
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),  # the notebook-trust database lands here
        IPYTHONDIR=str(home / "ipython"),  # the kernels' history database
        MPLCONFIGDIR=str(home / "matplotlib"),
    )
    port = free_port()
    token = secrets.token_hex(24)
    log = home / "jupyterlab.log"
    command = [
        str(_jupyter()),
        "lab",
        "--no-browser",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={NOTEBOOKS_DIR}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.user_settings_dir={home / 'user-settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        # JupyterLab saves a checkpoint of every notebook it opens: keep them out of notebooks/.
        f"--FileCheckpoints.root_dir={home / 'checkpoints'}",
    ]
    if os.geteuid() == 0:  # CI runs as root; JupyterLab refuses root without this
        command.append("--allow-root")
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=home, env=env, stdout=sink, stderr=subprocess.STDOUT)
    server = Lab(proc=proc, port=port, token=token, home=home, log=log)
    try:
        seconds = wait_until_up(
            f"{server.base}/api/status?token={token}", proc, timeout=START_TIMEOUT, log=log
        )
        print(f"jupyter lab (pid {proc.pid}) answered on port {port} after {seconds:.1f} s")
        yield server
    finally:
        server.note_kernel_ports()
        stop_process(proc)
        kept = log_tail(log, 200)
        shutil.rmtree(home, ignore_errors=True)
        assert_not_listening(
            [port, *sorted(server.kernel_ports)], f"jupyter lab (pid {proc.pid}) and its kernels"
        )
        # Autosave is off and nothing is saved, so the notebooks are not rewritten; what
        # JupyterLab could leave behind is new files (checkpoints): there must be none.
        created = sorted(_tree(NOTEBOOKS_DIR) - before)
        assert not created, f"JupyterLab left {created} in {NOTEBOOKS_DIR}; its log ends:\n{kept}"


def _title(notebook: nbformat.NotebookNode) -> str:
    """The text of the first markdown H1 (``# ...``)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip().replace("**", "").replace("`", "")
    raise AssertionError("the notebook has no markdown H1 title")


def _committed_figures(notebook: nbformat.NotebookNode) -> int:
    return sum(
        1
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if {"image/png", "image/svg+xml", "image/jpeg"} & set(output.get("data", {}))
    )


@dataclass
class LabPage:
    """A browser tab on the server, with the uncaught errors its scripts raised."""

    page: object
    errors: list[str]


@pytest.fixture(scope="module")
def lab_app(browser, lab: Lab) -> Iterator[LabPage]:
    """One tab with JupyterLab loaded, from an empty workspace: every notebook is opened in it.

    Loading the application took about 2 s of each notebook's 5; opening the notebooks one
    after another from its file browser, as a reader does, loads it once.
    """
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{lab.base}/lab?reset&token={lab.token}")
        page.locator(".jp-DirListing-item").first.wait_for(timeout=RENDER_TIMEOUT)
        yield LabPage(page, errors)
    finally:
        page.close()
        lab.shut_down_sessions()


@pytest.fixture
def lab_page(lab_app: LabPage, lab: Lab) -> Iterator[LabPage]:
    """The JupyterLab tab, its errors cleared; the notebook a test opened is closed after it."""
    lab_app.errors.clear()
    try:
        yield lab_app
    finally:
        close = lab_app.page.locator(
            "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon"
        )
        if close.count():
            close_tab(lab_app.page, close.first)
        lab.shut_down_sessions()


#: True once the tab whose close icon has this title is gone, or a dialog asks about it.
_CLOSED_OR_ASKED_JS = """title => document.querySelector('.jp-Dialog') !== null
  || document.querySelector(`[title="${title}"]`) === null"""


def close_tab(page, icon) -> None:
    """Close a notebook's tab without saving it.

    Opening a notebook can mark it changed (JupyterLab fills in metadata), and closing it then
    asks whether to save: the answer is Discard, so nothing is written to ``notebooks/``.
    """
    title = icon.get_attribute("title")
    icon.click()
    page.wait_for_function(_CLOSED_OR_ASKED_JS, arg=title, timeout=RENDER_TIMEOUT)
    discard = page.locator(".jp-Dialog button", has_text="Discard")
    if discard.count():
        discard.click()
        discard.wait_for(state="detached", timeout=RENDER_TIMEOUT)


def open_notebook(page, name: str) -> None:
    """Open ``name`` by a double click in JupyterLab's file browser."""
    item = page.locator(".jp-DirListing-item", has=page.get_by_text(name, exact=True))
    item.first.dblclick()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_renders_in_jupyterlab(
    path: Path, lab: Lab, lab_page: LabPage, screenshot_dir: Path, record_property
) -> None:
    from playwright.sync_api import expect

    page = lab_page.page
    record_property("screenshots", str(screenshot_dir))
    notebook = nbformat.read(path, as_version=4)
    open_notebook(page, path.name)
    panel = page.locator(".jp-NotebookPanel:visible")
    expect(panel).to_have_count(1, timeout=RENDER_TIMEOUT)
    cells = panel.locator(".jp-Notebook .jp-Cell")
    expect(cells).to_have_count(len(notebook.cells), timeout=RENDER_TIMEOUT)

    title = _title(notebook)
    heading = panel.locator(".jp-MarkdownOutput h1").first
    expect(heading).to_contain_text(title, timeout=RENDER_TIMEOUT)
    expect(heading).to_be_visible()

    figures = panel.locator(FIGURES)
    committed = _committed_figures(notebook)
    assert committed >= 1, f"{path.name} has no committed figure"
    expect(figures).to_have_count(committed, timeout=RENDER_TIMEOUT)
    page.wait_for_function(
        "selector => Array.from(document.querySelectorAll(selector))"
        ".every(img => img.complete && img.naturalWidth > 0)",
        arg=f".jp-NotebookPanel:not(.lm-mod-hidden) {FIGURES}",
        timeout=RENDER_TIMEOUT,
    )
    first = figures.first
    first.evaluate("img => img.scrollIntoView({block: 'start'})")
    expect(first).to_be_visible()
    assert first.evaluate("img => img.naturalWidth") > 0

    errors = panel.locator(ERROR_OUTPUTS)
    shown = errors.all_inner_texts()
    assert not shown, f"{path.name} shows error output in JupyterLab:\n" + "\n---\n".join(shown)
    assert not lab_page.errors, f"JupyterLab raised in the page: {lab_page.errors}"

    shot = screenshot_dir / f"{path.stem}.png"
    page.screenshot(path=str(shot))
    print(f"screenshot of {path.name}: {shot}")
