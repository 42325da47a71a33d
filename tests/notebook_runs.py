"""The collection's notebooks executed once per test session (not a test module).

Two ``kca`` commands execute every notebook run the suite reads, each once per session:

- :data:`COLLECTION`: ``kca run --force`` into a session folder, the whole collection with its
  defaults (the five country profiles included) and the book;
- :data:`CHECKS`: ``kca run --batch`` with the declared parameter checks, at the edges of each
  parameter: :func:`check_runs` puts every check of a notebook into as few runs as possible
  (each run sets as many parameters at their check values as fit together), and a check whose run
  is a default run (``country="Kazakhstan"`` is the profile of KAZ) is read from the collection
  run instead of being executed again.

Under pytest-xdist the workers share the two commands: :func:`run_once` runs a command under a
file lock in the session's shared temporary folder, so the first worker to need it runs it and the
others wait for it and read what it did.

:func:`statements` and :func:`unsupported` read what an executed run tells the reader (sentences,
table cells and captions, figure texts) for claims that something is missing.
"""

from __future__ import annotations

import fcntl
import functools
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from kca_analysis import paths
from kca_analysis.countries import CENTRAL_ASIA
from kca_analysis.run.errors import UsageError
from kca_analysis.run.manifest import executed_path
from kca_analysis.run.notebooks import Notebook, discover
from kca_analysis.run.parameters import Check
from kca_analysis.run.plan import plan_batch

ROOT = paths.PROJECT_ROOT
KCA = [sys.executable, "-m", "kca_analysis.cli"]
#: A whole forced run takes about 25 s on 2 cores; this only stops a hung command.
TIMEOUT = 1800

COLLECTION = "collection"
CHECKS = "checks"


# --------------------------------------------------------------------------------------------
# One command per session, shared by the xdist workers


@dataclass(frozen=True)
class Command:
    """What a shared ``kca`` command did: its outputs folder and how it ended."""

    outputs: Path
    returncode: int
    stdout: str
    stderr: str

    def require_success(self) -> None:
        """Fail (with the command's output) unless the command succeeded."""
        assert self.returncode == 0, (
            f"kca exited {self.returncode}\n{self.stdout[-6000:]}\n{self.stderr[-6000:]}"
        )

    def ended(self, status: str) -> list[str]:
        """The run ids of the progress lines that start with ``status`` (``ok``, ``FAILED``)."""
        return [
            line.split()[1]
            for line in self.stdout.splitlines()
            if line.split()[:1] == [status] and len(line.split()) > 1
        ]


def shared_folder(basetemp: Path) -> Path:
    """The session's temporary folder that every xdist worker sees (``basetemp`` without xdist).

    Parameters
    ----------
    basetemp
        ``tmp_path_factory.getbasetemp()`` of this process.

    Returns
    -------
    Path
        The parent of a worker's base folder under xdist (the controller's, one per session),
        else ``basetemp`` itself.
    """
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


def run_once(
    folder: Path, name: str, argv: Sequence[str], files: Mapping[str, str] | None = None
) -> Command:
    """Run ``kca ARGV --outputs FOLDER/NAME`` once per session, whoever asks first.

    The first caller (a test process or an xdist worker) takes ``FOLDER/NAME.lock``, writes
    ``files`` into ``folder``, runs the command and records how it ended in ``FOLDER/NAME.json``;
    later callers wait for the lock and read that record.

    Parameters
    ----------
    folder
        The session's shared folder (:func:`shared_folder`).
    name
        The command's name: its outputs folder and its record.
    argv
        The ``kca`` arguments before ``--outputs``.
    files
        ``{file name: text}`` written into ``folder`` first (a batch file).

    Returns
    -------
    Command
        Its outputs folder, exit code and output.
    """
    record = folder / f"{name}.json"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            for file_name, text in (files or {}).items():
                (folder / file_name).write_text(text, encoding="utf-8")
            outputs = folder / name
            command = [*KCA, *argv, "--outputs", str(outputs)]
            try:
                done = subprocess.run(
                    command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT
                )
                ended = (done.returncode, done.stdout, done.stderr)
            except subprocess.TimeoutExpired as error:
                ended = (-1, str(error.stdout or ""), f"timed out after {TIMEOUT} s")
            keys = ("outputs", "returncode", "stdout", "stderr")
            record.write_text(json.dumps(dict(zip(keys, (str(outputs), *ended), strict=True))))
    found = json.loads(record.read_text())
    return Command(Path(found.pop("outputs")), **found)


# --------------------------------------------------------------------------------------------
# The parameter checks, grouped into runs


@dataclass(frozen=True)
class CheckedRun:
    """One run of a notebook that proves one or more declared checks.

    ``checks`` holds ``(parameter, index of the check, check)``; ``executed`` is where the run's
    executed notebook is, relative to its outputs folder (the collection run's for a default run,
    the checks batch's for the others).
    """

    notebook: str
    parameters: dict[str, Any]
    checks: tuple[tuple[str, int, Check], ...]
    run_id: str
    default: bool
    executed: str

    @property
    def command(self) -> str:
        """The command whose outputs hold the run: :data:`COLLECTION` or :data:`CHECKS`."""
        return COLLECTION if self.default else CHECKS


def _fits(notebook: Notebook, values: Mapping[str, Any]) -> bool:
    """Whether ``values`` form one valid run of ``notebook`` (kinds, bounds, ``not_after``)."""
    try:
        entry = {"notebook": notebook.name, "parameters": dict(values)}
        plan_batch([entry], notebooks_dir=notebook.path.parent)
    except UsageError:
        return False
    return True


def group_checks(notebook: Notebook) -> list[dict[str, Any]]:
    """Put the checks of ``notebook`` into as few runs as fit: ``[{"values", "checks"}]``.

    Each check, in declaration order, joins the first run that does not set its parameter yet and
    with which its value still forms a valid run (a ``start_year`` may not pass the run's
    ``end_year``); otherwise it starts a run of its own.
    """
    runs: list[dict[str, Any]] = []
    for parameter in notebook.parameters:
        for index, check in enumerate(parameter.checks):
            for run in runs:
                values = {**run["values"], parameter.name: check.value}
                if parameter.name not in run["values"] and _fits(notebook, values):
                    run["values"] = values
                    run["checks"].append((parameter.name, index, check))
                    break
            else:
                runs.append({"values": {parameter.name: check.value}, "checks": []})
                runs[-1]["checks"].append((parameter.name, index, check))
    return runs


@functools.cache
def check_runs(notebooks_dir: Path | None = None) -> tuple[CheckedRun, ...]:
    """Every declared check of the collection, in the run that proves it (planned, not run).

    Parameters
    ----------
    notebooks_dir
        The notebook folder (default ``notebooks/``).

    Returns
    -------
    tuple of CheckedRun
        Notebook by notebook, in the order of :func:`group_checks`.
    """
    found = []
    for notebook in discover(notebooks_dir):
        for group in group_checks(notebook):
            entry = {"notebook": notebook.name, "parameters": group["values"]}
            (job,) = plan_batch([entry], notebooks_dir=notebooks_dir)
            found.append(
                CheckedRun(
                    notebook.name,
                    group["values"],
                    tuple(group["checks"]),
                    job.run_id,
                    job.default,
                    executed_path(job),
                )
            )
    return tuple(found)


def batch_text(runs: Iterable[CheckedRun]) -> str:
    """The ``kca run --batch`` file of the runs that are not default runs."""
    entries = [{"notebook": r.notebook, "parameters": r.parameters} for r in runs if not r.default]
    return json.dumps(entries, indent=1) + "\n"


# --------------------------------------------------------------------------------------------
# What an executed notebook shows

TEXT_TYPES = ("text/markdown", "text/html", "text/plain")


@functools.cache
def read_executed(path: Path) -> nbformat.NotebookNode:
    """An executed notebook, read once per session."""
    return nbformat.read(path, as_version=4)


def outputs_of(nb: nbformat.NotebookNode) -> Iterable[dict]:
    """Every output of every code cell, in order."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """The error outputs and stderr streams of an executed notebook, as text."""
    found = []
    for output in outputs_of(nb):
        if output.get("output_type") == "error":
            found.append(f"{output.get('ename')}: {output.get('evalue')}")
        elif output.get("output_type") == "stream" and output.get("name") == "stderr":
            found.append(f"stderr: {output.get('text', '')[:500]}")
    return found


def output_text(nb: nbformat.NotebookNode, rich_only: bool = False) -> str:
    """All the text a reader sees in the outputs: streams, plain text, Markdown and HTML.

    With ``rich_only``, an output's plain text is left out when it has Markdown or HTML (what a
    reader of the notebook sees instead).
    """
    parts = []
    for output in outputs_of(nb):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        rich = bool(set(data) & {"text/markdown", "text/html"})
        for kind in TEXT_TYPES:
            value = data.get(kind)
            if not value or (rich_only and rich and kind == "text/plain"):
                continue
            parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


_BLOCK_TAGS = re.compile(
    r"</?(?:td|th|tr|p|div|li|br|caption|table|thead|tbody|h[1-6]|ul|ol)\b[^>]*>", re.I
)
_TAGS = re.compile(r"<[^>]+>")
_SVG_TEXT = re.compile(r"<!-- (.*?) -->", re.S)
#: Where a statement ends: a sentence's end (not an abbreviation's: "forum no. 2", "e.g. 2010"),
#: a line, a parenthesis, a semicolon.
_CLAUSE_END = re.compile(r"(?<!\bno\.)(?<!\bNo\.)(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+|\n+|[();]")


def clauses(text: str) -> list[str]:
    """Split text (Markdown, HTML or plain) into the statements a reader reads one at a time.

    HTML block tags (cells, rows, captions, paragraphs) end a statement, inline tags are dropped
    and entities decoded; sentences, lines, parentheses and semicolons end statements too.
    """
    text = html.unescape(_TAGS.sub("", _BLOCK_TAGS.sub("\n", text)))
    text = text.replace("*", "").replace("`", "")
    return [c.strip(" :,.-") for c in _CLAUSE_END.split(text) if c.strip(" :,.-")]


def statements(executed: Path, figures: Iterable[Path]) -> list[str]:
    """What a run tells the reader, statement by statement.

    Parameters
    ----------
    executed
        The executed notebook: Markdown, HTML (tables and their captions), streams and the plain
        text of outputs without a richer form.
    figures
        The run's SVG figures, whose texts (titles, labels, legends, notes) matplotlib keeps in a
        comment beside each drawn text.

    Returns
    -------
    list of str
        The statements, in order.
    """
    found = clauses(output_text(read_executed(executed), rich_only=True))
    for svg in figures:
        for text in _SVG_TEXT.findall(svg.read_text(encoding="utf-8")):
            found.extend(clauses(text))
    return found


#: The words that say the data lack something.
ABSENCE = re.compile(r"\b(?:missing|no records?|not found)\b", re.I)
_RANGE = re.compile(r"\b(\d+)\s*(?:-|–|to)\s*(\d+)\b")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NAMES = {name.lower(): c.iso3 for c in CENTRAL_ASIA for name in (c.name, c.iso3)}


def normalised(statement: str) -> str:
    """A statement without its numbers, case and spacing, to compare the same sentence."""
    return " ".join(_NUMBER.sub("#", statement.lower()).split())


def items(statement: str) -> set[str]:
    """What a statement is about: its numbers (a range ``1-11`` is each of them) and countries."""
    found: set[str] = set()
    for start, end in _RANGE.findall(statement):
        if int(start) < int(end) <= int(start) + 500:
            found.update(str(n) for n in range(int(start), int(end) + 1))
    found.update(_NUMBER.findall(_RANGE.sub(" ", statement)))
    words = re.findall(r"[A-Za-z]+", statement)
    found.update(_NAMES[w.lower()] for w in words if w.lower() in _NAMES)
    return found


def absences(found: Iterable[str]) -> list[str]:
    """The statements that say something is missing, not recorded or not found."""
    return [s for s in found if ABSENCE.search(s)]


def unsupported(run: Iterable[str], default: Iterable[str], known_gaps: Iterable[str]) -> list[str]:
    """The absence statements of a narrowed run that the data do not support.

    The default run shows all the data: what it says is missing is what the data lack. A
    narrowed run (a later year, one country, one donor) may repeat such a statement, or say of
    the very things the default runs say are missing that they are missing; any other absence
    claim is about something the filter removed, not something the data lack.

    Parameters
    ----------
    run
        The statements of the narrowed run (:func:`statements`).
    default
        The statements of the same notebook's default run.
    known_gaps
        The absence statements of every default run of the collection.

    Returns
    -------
    list of str
        The narrowed run's absence statements that are neither the default run's (numbers aside)
        nor about the items the default runs say are missing.
    """
    same = {normalised(s) for s in absences(default)}
    gaps = set().union(*(items(s) for s in absences(known_gaps)))
    return [
        s
        for s in absences(run)
        if normalised(s) not in same and not (items(s) and items(s) <= gaps)
    ]
