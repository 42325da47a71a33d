"""The static site (``outputs/site/``, written by ``kca run``) as a reader opens it.

Opened from disk (``file://``) and through a local ``http.server``: every link from the index to
a notebook page resolves, every ``<img>`` of the index and of each page has loaded
(``naturalWidth`` above 0) and the console shows no error. The site is the one ``make test``
leaves (it runs ``make run`` first); without it these tests fail and say so.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kca_analysis import paths
from tests.browser.support import (
    HOST,
    assert_not_listening,
    free_port,
    stop_process,
    wait_until_up,
)

pytestmark = pytest.mark.browser

#: Scroll each image into view (the index's figures load lazily), wait for it to load or fail,
#: and report its natural width; data URIs are shortened to their media type.
_IMAGES_JS = """
async () => {
  const found = [];
  for (const img of Array.from(document.images)) {
    img.scrollIntoView({block: "center"});
    if (!img.complete) {
      await new Promise((resolve) => {
        img.addEventListener("load", resolve, {once: true});
        img.addEventListener("error", resolve, {once: true});
        setTimeout(resolve, 15000);
      });
    }
    const src = img.getAttribute("src") || "";
    found.push({
      src: src.startsWith("data:") ? src.slice(0, Math.min(src.indexOf(",") + 1, 40)) + "..."
                                   : src,
      alt: img.getAttribute("alt") || "",
      width: img.naturalWidth,
    });
  }
  window.scrollTo(0, 0);
  return found;
}
"""

_LINKS_JS = "els => els.map(a => a.href)"


def site_dir() -> Path:
    """The site ``kca run`` writes: ``$KCA_OUTPUTS_DIR/site`` (as the pipeline reads it) or
    ``outputs/site``."""
    return Path(os.environ.get("KCA_OUTPUTS_DIR") or paths.OUTPUTS_DIR).resolve() / "site"


@pytest.fixture(scope="module")
def site() -> Path:
    """The built site; fails (never skips) when it has not been built."""
    folder = site_dir()
    if not (folder / "index.html").is_file():
        pytest.fail(
            f"{folder / 'index.html'} is missing: run `make run` (or `.venv/bin/kca run`) first "
            "to build the static site; `make test` does so before testing",
            pytrace=False,
        )
    return folder


@dataclass
class SiteCheck:
    """What :func:`check_site` saw: the pages visited, images checked and problems found."""

    pages: list[str] = field(default_factory=list)
    images: int = 0
    problems: list[str] = field(default_factory=list)


def _resolves(context, url: str) -> str | None:
    """``None`` when ``url`` (file or http) resolves, else why not."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file":
        path = Path(urllib.request.url2pathname(parsed.path))
        return None if path.is_file() else f"{path} does not exist"
    response = context.request.get(url)
    try:
        return None if response.status == 200 else f"HTTP {response.status}"
    finally:
        response.dispose()


def _visit(page, url: str, base: str, errors: list[str], result: SiteCheck) -> list[str]:
    """Open ``url``, check its images and console; return its local links (no fragments)."""
    errors.clear()
    name = url.removeprefix(base) or url
    response = page.goto(url, wait_until="load")
    if url.startswith("http") and (response is None or response.status != 200):
        status = "no response" if response is None else f"HTTP {response.status}"
        result.problems.append(f"{name}: {status}")
        return []
    result.pages.append(url)
    for number, image in enumerate(page.evaluate(_IMAGES_JS), start=1):
        result.images += 1
        if image["width"] <= 0:
            result.problems.append(
                f"{name}: image {number} {image['src']} (alt {image['alt']!r}) did not load "
                "(naturalWidth 0)"
            )
    links = []
    for href in page.eval_on_selector_all("a[href]", _LINKS_JS):
        target = urllib.parse.urldefrag(href).url
        if target.startswith(base) and target != url and target not in links:
            links.append(target)
    page.wait_for_timeout(100)  # let late console messages of failed loads arrive
    result.problems.extend(f"{name}: {error}" for error in errors)
    return links


def _console(message, errors: list[str]) -> None:
    """Keep console errors, with the resource they are about."""
    if message.type != "error":
        return
    where = message.location.get("url", "")
    # Chromium asks every http origin for /favicon.ico by itself and logs the 404: that request
    # is the browser's, not the site's (from disk it is not made at all).
    if urllib.parse.urlparse(where).path == "/favicon.ico":
        return
    errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))


def check_site(context, index_url: str) -> SiteCheck:
    """Check the site whose index is at ``index_url`` (``file://`` or ``http://``).

    The index and every notebook page it links to are opened in ``context``; each local link
    of a page must resolve; every image must have loaded; no console error or uncaught page
    error may occur. Returns what was seen; ``problems`` is empty when the site is whole.
    """
    base = index_url.rsplit("/", 1)[0] + "/"
    result = SiteCheck()
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: _console(message, errors))
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: (
            errors.append(f"HTTP {response.status} for {response.url}")
            if response.status >= 400
            else None
        ),
    )
    try:
        links = _visit(page, index_url, base, errors, result)
        pages = [link for link in links if link.endswith(".html")]
        if not pages:
            result.problems.append("index.html: links to no notebook page")
        for link in links:
            why = _resolves(context, link)
            if why is not None:
                result.problems.append(f"index.html: link {link.removeprefix(base)}: {why}")
            elif link in pages:
                for inner in _visit(page, link, base, errors, result):
                    why = _resolves(context, inner)
                    if why is not None:
                        result.problems.append(
                            f"{link.removeprefix(base)}: link {inner.removeprefix(base)}: {why}"
                        )
    finally:
        page.close()
    return result


@contextlib.contextmanager
def http_server(directory: Path, log: Path) -> Iterator[str]:
    """Serve ``directory`` with ``python -m http.server`` on 127.0.0.1; yield its base URL.

    Stopped by its PID on exit, failure included, and checked to listen no more.
    """
    port = free_port()
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", HOST],
            cwd=directory,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://{HOST}:{port}/"
        wait_until_up(base + "index.html", proc, timeout=30, log=log)
        yield base
    finally:
        stop_process(proc, grace=10)
        assert_not_listening([port], f"http.server (pid {proc.pid})")


def _report(check: SiteCheck) -> str:
    return "the site is broken:\n  " + "\n  ".join(check.problems)


def test_site_from_disk(site: Path, browser) -> None:
    check = check_site(browser, (site / "index.html").as_uri())
    assert not check.problems, _report(check)
    assert len(check.pages) >= 2, f"only {check.pages} opened"
    assert check.images >= 1, "no image on the site"


def test_site_over_http(site: Path, browser, tmp_path: Path) -> None:
    with http_server(site, tmp_path / "http.log") as base:
        check = check_site(browser, base + "index.html")
    assert not check.problems, _report(check)
    assert len(check.pages) >= 2, f"only {check.pages} opened"
    assert check.images >= 1, "no image on the site"


def _first_image(index: Path) -> str:
    match = re.search(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", index.read_text(encoding="utf-8"))
    assert match, f"{index} shows no image"
    return match.group(1)


@pytest.mark.parametrize("damage", ["corrupt", "delete"])
def test_broken_figure_breaks_the_check(site: Path, browser, tmp_path: Path, damage: str) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    src = _first_image(index)
    if src.startswith("data:"):  # an inlined figure: damage its payload in the copied HTML
        head, _, payload = src.partition(",")
        broken = f"{head},{'A' * 64}" if damage == "corrupt" else f"{head},"
        index.write_text(index.read_text(encoding="utf-8").replace(src, broken, 1), "utf-8")
        expected = head[:30]
    else:
        figure = copy / urllib.parse.unquote(src)
        assert figure.is_file(), f"the index shows {src}, which is not in {site}"
        if damage == "corrupt":
            figure.write_bytes(b"this is not an image\n")
        else:
            figure.unlink()
        expected = src
    check = check_site(browser, index.as_uri())
    assert any(expected in problem and "did not load" in problem for problem in check.problems), (
        f"the check missed the {damage}ed image {src[:60]}; it reported: {check.problems}"
    )
