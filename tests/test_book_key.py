"""The book is rebuilt when what its pages show changes, not when notebooks were only re-run.

An executed notebook differs from one execution to the next in its timings, random cell ids
and memory addresses, none of which the book shows (:func:`~kca_analysis.run.book.notebook.
sanitize`); :func:`~kca_analysis.run.book.build.book_key` covers the rest.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from kca_analysis.files import sha256_bytes
from kca_analysis.run.book import build


def executed(start: str = "2026-01-01T00:00:00", address: str = "0x7f00", text: str = "1") -> dict:
    """A small executed notebook as papermill writes it."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"papermill": {"start_time": start, "duration": 1.5, "parameters": {}}},
        "cells": [
            {
                "cell_type": "code",
                "id": f"random-{start}",
                "source": "x = 1\nx",
                "metadata": {
                    "execution": {"iopub.status.busy": start},
                    "papermill": {"start_time": start, "duration": 0.1},
                },
                "execution_count": 1,
                "outputs": [
                    {
                        "output_type": "execute_result",
                        "execution_count": 1,
                        "metadata": {},
                        "data": {"text/plain": f"{text} <object at {address}>"},
                    }
                ],
            }
        ],
    }


def encode(nb: dict) -> bytes:
    """The notebook as a file's bytes."""
    return json.dumps(nb, indent=1).encode()


def test_what_a_page_shows_ignores_timings_ids_and_addresses():
    first = build.shown_sha256(encode(executed()))
    again = executed(start="2026-02-02T10:00:00", address="0x7f99")
    assert build.shown_sha256(encode(again)) == first
    assert build.shown_sha256(encode(executed(text="2"))) != first
    edited = copy.deepcopy(executed())
    edited["cells"][0]["source"] = "x = 2\nx"
    assert build.shown_sha256(encode(edited)) != first
    assert build.shown_sha256(b"not json") == build.shown_sha256(b"not json")


def published(root: Path) -> dict:
    """An outputs folder whose book was built from its one executed notebook."""
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "one.ipynb").write_bytes(encode(executed()))
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<html></html>")
    manifest = {
        "runs": {"one": {"kind": "notebook", "executed": "notebooks/one.ipynb"}},
        "outputs": {},
    }
    shown: dict[str, str] = {}
    record = {"key": build.book_key(root, manifest, shown), "shown": shown, "warnings": []}
    cache = root / build.CACHE_DIR_NAME / build.CACHE_NAME
    cache.parent.mkdir()
    cache.write_text(json.dumps(record))
    return manifest


def test_a_notebook_executed_again_leaves_the_book_up_to_date(tmp_path):
    manifest = published(tmp_path)
    cache = tmp_path / build.CACHE_DIR_NAME / build.CACHE_NAME
    before = json.loads(cache.read_text())["shown"]
    rerun = encode(executed(start="2026-03-03T09:00:00", address="0x7fab"))
    (tmp_path / "notebooks" / "one.ipynb").write_bytes(rerun)
    assert not build.is_stale(tmp_path, manifest, executing_defaults=False)
    after = json.loads(cache.read_text())["shown"]
    assert list(after) == [sha256_bytes(rerun)] and list(after.values()) == list(before.values())
    assert build.is_stale(tmp_path, manifest, executing_defaults=True)


def test_a_notebook_that_shows_something_else_makes_the_book_stale(tmp_path):
    manifest = published(tmp_path)
    (tmp_path / "notebooks" / "one.ipynb").write_bytes(encode(executed(text="2")))
    assert build.is_stale(tmp_path, manifest, executing_defaults=False)
    (tmp_path / "notebooks" / "one.ipynb").unlink()
    assert build.is_stale(tmp_path, manifest, executing_defaults=False)


def test_a_changed_manifest_makes_the_book_stale(tmp_path):
    # The pages show each run's title, parameters and outputs from the manifest.
    manifest = published(tmp_path)
    assert not build.is_stale(tmp_path, manifest, executing_defaults=False)
    retitled = copy.deepcopy(manifest)
    retitled["runs"]["one"]["title"] = "Another title"
    assert build.is_stale(tmp_path, retitled, executing_defaults=False)
    (tmp_path / "site" / "index.html").unlink()
    assert build.is_stale(tmp_path, manifest, executing_defaults=False)
