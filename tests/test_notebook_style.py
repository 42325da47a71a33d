"""Notebooks a reader can follow (issue 11), checked on every committed ``notebooks/*.ipynb``.

- a code cell does one visible step: 15 lines at most;
- sentences with numbers come from the library: no cell builds Markdown from more than one
  f-string, and no heading is made in code;
- figures end with one call (``figures.finish``), never ``add_source_line`` + ``save_figure``;
- no number the data or the library gives is typed into a Markdown cell (percentages, months,
  money, lists of forum numbers);
- each notebook opens with its question and a short "What you will see".
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

from kca_analysis import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
MAX_CELL_LINES = 15

#: Numbers a Markdown cell must not type: they come from the data or the library's constants.
TYPED_NUMBERS = re.compile(
    r"\d+(\.\d+)?\s?%"  # a percentage
    r"|\b\d+(\s+|-)months?\b"  # "10 months", "a 10-month year"
    r"|\bUSD\s?\d|\d\s?(million|billion|thousand)\b"  # money
    r"|±|plus or minus \d"  # a tolerance
    r"|\bforums?\s+(no\.\s*)?\d+\s*,\s*\d+"  # a list of forum numbers
    r"|\b\d+, \d+,? and \d+\b"  # any list of numbers ("2, 4 and 5")
    r"|\b\d+\s+(of|out of)\s+\d+\b",  # a count ("9 of 15")
    re.IGNORECASE,
)


def _cells(path: Path, kind: str) -> list[tuple[int, str]]:
    nb = nbformat.read(path, as_version=4)
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == kind]


def _fstrings(source: str) -> int:
    """The number of f-string literals in a cell (implicitly joined pieces count one each)."""
    count = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING:
                prefix = re.match(r"[A-Za-z]*", token.string).group(0).lower()
                count += "f" in prefix
    except (tokenize.TokenError, IndentationError):  # pragma: no cover - ruff parses them
        pass
    return count


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_has_at_most_15_lines(path):
    long = {
        i: n
        for i, source in _cells(path, "code")
        if (n := len(source.strip().splitlines())) > MAX_CELL_LINES
    }
    assert not long, f"{path.name}: cells over {MAX_CELL_LINES} lines (cell: lines) {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_cell_assembles_markdown_from_several_fstrings(path):
    bad = [
        i
        for i, source in _cells(path, "code")
        if ("Markdown(" in source or "markdown" in source.lower()) and _fstrings(source) > 1
    ]
    assert not bad, f"{path.name}: cells {bad} build Markdown from several f-strings"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_headings_are_markdown_cells(path):
    nb = nbformat.read(path, as_version=4)
    made = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            if re.search(r"^#{1,6} ", "".join(text), re.M):
                made.append(i)
    assert not made, f"{path.name}: cells {made} print a heading; write it in a Markdown cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_figures_end_with_one_call(path):
    bad = [
        i
        for i, source in _cells(path, "code")
        if re.search(r"\b(add_source_line|save_figure)\(", source)
    ]
    assert not bad, f"{path.name}: cells {bad} save a figure by hand; use figures.finish(...)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_number_typed_in_markdown(path):
    typed = {
        i: match.group(0)
        for i, source in _cells(path, "markdown")
        if (match := TYPED_NUMBERS.search(source))
    }
    assert not typed, f"{path.name}: numbers typed in Markdown (cell: text) {typed}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_the_question_and_what_you_will_see(path):
    markdown = _cells(path, "markdown")
    first_code = min((i for i, _ in _cells(path, "code")), default=0)
    opening = "\n".join(source for i, source in markdown if i < first_code)
    assert re.search(r"^# ", opening, re.M), f"{path.name}: no title before the first code cell"
    assert re.search(r"what you will see", opening, re.I), (
        f"{path.name}: the opening must say what the reader will see"
    )
