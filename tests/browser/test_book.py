"""The book (``outputs/site/``, written by ``kca run``) as a reader opens it in Chromium.

Opened from disk (``file://``) and through ``python -m http.server``, without network: every page
reachable from the home page is opened; every local link resolves (a link to an anchor finds
it); every image has loaded (``naturalWidth`` above 0); no console error occurs. The search box
finds the trade notebook for "Uzbekistan"; folded code opens on click; the theme switches
between light and dark; every CSV link serves the file the manifest records (same sha256, same
header) and says ``download``, and a click downloads it. The book is the one the session's
collection run builds (``kca run --force`` into a temporary folder, ``tests/conftest.py``);
without it these tests fail and say so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
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

from tests.browser.support import (
    HOST,
    assert_not_listening,
    free_port,
    stop_process,
    wait_until_up,
)

pytestmark = pytest.mark.browser

TRADE_PAGE = "03_trade.html"
SEARCH_TIMEOUT = 30_000  # milliseconds for Sphinx's search to list its hits

#: Scroll each image into view (some load lazily), wait for it to load or fail, and report its
#: natural width; data URIs are shortened to their media type.
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
#: The links to a CSV file (not an anchor whose name ends in .csv) that lack ``download``.
_WITHOUT_DOWNLOAD_JS = """els => els
  .filter(a => new URL(a.href).pathname.endsWith('.csv') && !a.hasAttribute('download'))
  .map(a => a.href)"""
_IDS_JS = "() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)"


@pytest.fixture(scope="module")
def outputs(collection_run) -> Path:
    """The outputs folder of the session's collection run (``kca run --force``)."""
    return collection_run.outputs


@pytest.fixture(scope="module")
def book(outputs: Path) -> Path:
    """The built book; fails (never skips) when the run did not build it."""
    folder = outputs / "site"
    if not (folder / "index.html").is_file():
        pytest.fail(f"{folder / 'index.html'} is missing: kca run built no book", pytrace=False)
    return folder


@pytest.fixture(scope="module")
def manifest(outputs: Path) -> dict:
    return json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))


@dataclass
class BookCheck:
    """What :func:`check_book` saw: pages, images, CSV links and the problems found."""

    pages: list[str] = field(default_factory=list)
    images: int = 0
    csv: dict[str, str] = field(default_factory=dict)  # CSV URL -> a page that links to it
    #: ``(page, CSV URL)`` of each link to a CSV file without ``download`` (shown, not saved).
    not_downloads: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _resolves(context, url: str) -> str | None:
    """``None`` when ``url`` (file or http, no fragment) resolves, else why not."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file":
        path = Path(urllib.request.url2pathname(parsed.path))
        return None if path.is_file() else f"{path} does not exist"
    response = context.request.get(url)
    try:
        return None if response.status == 200 else f"HTTP {response.status}"
    finally:
        response.dispose()


def _console(message, errors: list[str]) -> None:
    """Keep console errors, with the resource they are about."""
    if message.type != "error":
        return
    where = message.location.get("url", "")
    # Chromium asks every http origin for /favicon.ico by itself and logs the 404: that request
    # is the browser's, not the book's (from disk it is not made at all).
    if urllib.parse.urlparse(where).path == "/favicon.ico":
        return
    errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))


@contextlib.contextmanager
def watched_page(context, errors: list[str]) -> Iterator:
    """A new page whose console errors, page errors and failed responses go to ``errors``."""
    page = context.new_page()
    page.on("console", lambda message: _console(message, errors))
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None,
    )
    try:
        yield page
    finally:
        page.close()


def check_book(context, index_url: str, follow: bool = True) -> BookCheck:
    """Open every page of the book reachable from ``index_url`` and check it.

    Every local link must resolve, every anchor a link points to must exist on its page,
    every image must have loaded and no console error or page error may occur. Returns what was
    seen; ``problems`` is empty when the book is whole. With ``follow=False`` only the page of
    ``index_url`` is opened (its links are still resolved).
    """
    base = index_url.rsplit("/", 1)[0] + "/"
    result = BookCheck()
    errors: list[str] = []
    ids: dict[str, set[str]] = {}
    anchored: list[tuple[str, str, str]] = []  # (page, target page, fragment)
    checked: set[str] = set()
    todo = [index_url]
    with watched_page(context, errors) as page:
        while todo:
            url = todo.pop(0)
            name = url.removeprefix(base)
            errors.clear()
            page.goto(url, wait_until="load")
            result.pages.append(url)
            ids[url] = set(page.evaluate(_IDS_JS))
            plain = page.eval_on_selector_all("a[href]", _WITHOUT_DOWNLOAD_JS)
            result.not_downloads.extend((url, href) for href in plain)
            for number, image in enumerate(page.evaluate(_IMAGES_JS), start=1):
                result.images += 1
                if image["width"] <= 0:
                    result.problems.append(
                        f"{name}: image {number} {image['src']} (alt {image['alt']!r}) did not "
                        "load (naturalWidth 0)"
                    )
            for href in page.eval_on_selector_all("a[href]", _LINKS_JS):
                target, fragment = urllib.parse.urldefrag(href)
                target = target.split("?", 1)[0]
                if not target.startswith(base):
                    continue
                if fragment:
                    anchored.append((name, target, fragment))
                if target.endswith(".csv"):
                    result.csv.setdefault(target, url)
                if target in checked:
                    continue
                checked.add(target)
                why = _resolves(context, target)
                if why is not None:
                    result.problems.append(f"{name}: link {target.removeprefix(base)}: {why}")
                elif follow and target.endswith(".html") and target not in result.pages + todo:
                    todo.append(target)
            page.wait_for_timeout(100)  # let late console messages of failed loads arrive
            result.problems.extend(f"{name}: {error}" for error in errors)
    for name, target, fragment in anchored:
        if target in ids and urllib.parse.unquote(fragment) not in ids[target]:
            result.problems.append(f"{name}: link to #{fragment} of {target.removeprefix(base)}")
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


@pytest.fixture(scope="module", params=["file", "http"])
def base_url(request, book: Path, tmp_path_factory) -> Iterator[str]:
    """The book's base URL, from disk and through a local ``http.server``."""
    if request.param == "file":
        yield book.as_uri() + "/"
    else:
        log = tmp_path_factory.mktemp("http") / "http.log"
        with http_server(book, log) as base:
            yield base


def _report(check: BookCheck) -> str:
    return "the book is broken:\n  " + "\n  ".join(check.problems)


@pytest.fixture(scope="module")
def crawled(browser, base_url) -> BookCheck:
    return check_book(browser, base_url + "index.html")


def test_every_page_link_and_image_of_the_book(crawled, base_url, manifest) -> None:
    assert not crawled.problems, _report(crawled)
    notebook_pages = [r for r in manifest["runs"].values() if r.get("kind") == "notebook"]
    expected = {f"{base_url}{name}.html" for name in ("exhibits", "data", "references")}
    assert expected <= set(crawled.pages), f"pages not reached: {expected - set(crawled.pages)}"
    assert len(crawled.pages) >= len(notebook_pages) + 5, f"only {crawled.pages} opened"
    assert crawled.images >= 1, "no image in the book"


def test_every_csv_link_downloads_the_file_the_manifest_records(
    browser, crawled, base_url, manifest, outputs
) -> None:
    tables = {p for p in manifest["outputs"] if p.endswith(".csv")}
    linked = {url.removeprefix(base_url) for url in crawled.csv}
    assert tables <= linked, f"no link to {sorted(tables - linked)}"
    problems = check_csv_links(browser, base_url, crawled, manifest, outputs)
    assert not problems, "\n".join(problems)


def check_csv_links(
    context, base_url: str, crawled: BookCheck, manifest: dict, outputs: Path
) -> list[str]:
    """What is wrong with the CSV links a crawl of the book found.

    Every link must serve the manifest's file (same sha256, same header) and carry
    ``download``, so that Chromium saves the file rather than show it; one link is clicked and
    its download compared too. (A click on every link took 20 of the suite's seconds and proved
    no more than the served bytes and the attribute do.)
    """
    problems = [
        f"{page}: the link to {href} says no download" for page, href in crawled.not_downloads
    ]

    def compare(path: str, data: bytes, how: str) -> None:
        recorded = manifest["outputs"].get(path, {}).get("sha256")
        header = (outputs / path).read_bytes().split(b"\n", 1)[0]
        if hashlib.sha256(data).hexdigest() != recorded:
            problems.append(f"{path} ({how}): {len(data)} bytes, not the manifest's")
        if data.split(b"\n", 1)[0] != header:
            problems.append(f"{path} ({how}): header {data[:80]!r}, expected {header!r}")

    for url in sorted(crawled.csv):
        compare(url.removeprefix(base_url), _served(context, url), "served")
    url, where = min(crawled.csv.items())
    path = url.removeprefix(base_url)
    with watched_page(context, problems) as page:
        page.goto(where, wait_until="domcontentloaded")
        with page.expect_download() as info:
            page.locator(f'a[href$="{path.rsplit("/", 1)[-1]}"][download]').first.click()
        compare(path, Path(info.value.path()).read_bytes(), "downloaded")
    return problems


def test_a_changed_table_or_a_link_without_download_breaks_the_check(
    browser, book: Path, manifest, outputs, tmp_path: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(book, copy)
    page = copy / TRADE_PAGE
    html = page.read_text(encoding="utf-8")
    first, second = sorted(set(re.findall(r'href="(tables/[^"]+\.csv)" download', html)))[:2]
    page.write_text(html.replace(f'href="{second}" download', f'href="{second}"'), "utf-8")
    (copy / first).write_bytes((copy / first).read_bytes() + b"1,2\n")
    crawled = check_book(browser, page.as_uri(), follow=False)
    problems = check_csv_links(browser, copy.as_uri() + "/", crawled, manifest, outputs)
    assert any(p.startswith(f"{first} (served)") for p in problems), problems
    assert any(p.endswith(f"{second} says no download") for p in problems), problems


def _served(context, url: str) -> bytes:
    """The bytes a link's URL serves: the file for ``file:``, the response body for http."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path)).read_bytes()
    response = context.request.get(url)
    try:
        assert response.status == 200, f"HTTP {response.status} for {url}"
        return response.body()
    finally:
        response.dispose()


def test_search_for_uzbekistan_finds_the_trade_notebook(browser, base_url) -> None:
    errors: list[str] = []
    with watched_page(browser, errors) as page:
        page.goto(base_url + "index.html", wait_until="load")
        page.locator(".search-button__button").locator("visible=true").first.click()
        box = page.locator("#pst-search-dialog input[name=q]")
        box.fill("Uzbekistan")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=Uzbekistan*")
        page.wait_for_selector("#search-results .search-summary", timeout=SEARCH_TIMEOUT)
        hits = page.eval_on_selector_all("#search-results ul.search a", _LINKS_JS)
    found = [urllib.parse.urlparse(h).path.rsplit("/", 1)[-1] for h in hits]
    assert TRADE_PAGE in found, f"searching 'Uzbekistan' listed {found}"
    assert not errors, "\n".join(errors)


def test_folded_code_opens_on_click(browser, base_url, screenshot_dir) -> None:
    errors: list[str] = []
    with watched_page(browser, errors) as page:
        page.goto(base_url + TRADE_PAGE, wait_until="load")
        folded = page.locator("details.hide.above-input").first
        code = folded.locator(".cell_input")
        assert folded.get_attribute("open") is None and not code.is_visible()
        folded.locator("summary").click()
        code.wait_for(state="visible")
        assert folded.get_attribute("open") is not None
        page.screenshot(path=str(screenshot_dir / f"book-{base_url[:4]}-folded-code-opened.png"))
    assert not errors, "\n".join(errors)


def test_theme_switches_between_light_and_dark(browser, base_url, screenshot_dir) -> None:
    errors: list[str] = []
    seen = {}
    with watched_page(browser, errors) as page:
        page.goto(base_url + TRADE_PAGE, wait_until="load")
        for mode in ("dark", "light"):
            page.locator(".theme-switch-button").locator("visible=true").first.click()
            choice = page.locator(f'.theme-change-button[data-mode="{mode}"]')
            choice.locator("visible=true").first.click()
            seen[mode] = page.evaluate("document.documentElement.dataset.theme")
            page.screenshot(path=str(screenshot_dir / f"book-{base_url[:4]}-{mode}.png"))
        page.evaluate("localStorage.clear()")  # the next pages open in the default mode
    assert seen == {"dark": "dark", "light": "light"}, f"themes after each choice: {seen}"
    assert not errors, "\n".join(errors)


def test_last_build_of_the_book_had_no_warning(book: Path) -> None:
    record = json.loads((book.parent / ".cache" / "book.json").read_text(encoding="utf-8"))
    assert record["warnings"] == [], "Sphinx warned:\n" + "\n".join(record["warnings"])


@pytest.mark.parametrize("damage", ["corrupt", "delete"])
def test_broken_figure_breaks_the_check(book: Path, browser, tmp_path: Path, damage: str) -> None:
    copy = tmp_path / "site"
    shutil.copytree(book, copy)
    page = copy / TRADE_PAGE
    images = sorted((copy / "_images").glob("*.png"))
    shown = [i for i in images if f'src="_images/{i.name}"' in page.read_text(encoding="utf-8")]
    assert shown, f"{TRADE_PAGE} shows no image of _images/"
    figure = shown[0]
    if damage == "corrupt":
        figure.write_bytes(b"this is not an image\n")
    else:
        figure.unlink()
    # The page that shows the figure is enough: the crawl of every page is the test above.
    check = check_book(browser, page.as_uri(), follow=False)
    assert any(figure.name in p and "did not load" in p for p in check.problems), (
        f"the check missed the {damage}d image {figure.name}; it reported: {check.problems}"
    )
