"""The pages of the book in reading order: one per default notebook run of the manifest.

The notebooks run once come first (by run id: ``01_history`` ... ``05_claims``), then each
notebook run once per value of a ``run_each`` parameter (the country profile), its runs in the
declared order of the values (the five in Table 1's order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kca_analysis import paths
from kca_analysis.countries import UnknownCountryError, lookup_country


@dataclass(frozen=True)
class Entry:
    """One executed notebook run, a page of the book.

    A notebook that runs once per value of a parameter (declared ``run_each``, such as the
    country profile) has ``each`` (that parameter's name) and ``each_values`` (its values in
    their declared order).
    """

    run_id: str
    name: str
    title: str
    parameters: Mapping[str, Any]
    executed: Path
    outputs: tuple[str, ...] = ()
    key_figures: tuple[str, ...] = ()
    each: str = ""
    each_values: tuple[Any, ...] = field(default=())

    @property
    def value(self) -> Any:
        """The value of ``each`` in this run (``None`` for a notebook run once)."""
        return self.parameters.get(self.each) if self.each else None

    @property
    def label(self) -> str:
        """``Kazakhstan (KAZ)`` for a run of one of the five, else the value; ``""`` if run once."""
        if not self.each:
            return ""
        text = str(self.value)
        try:
            country = lookup_country(text)
        except UnknownCountryError:
            return text
        return f"{country.name} ({country.iso3})"

    @property
    def group(self) -> str:
        """The title shared by the runs of a ``run_each`` notebook: its title before a colon."""
        return self.title.split(":", 1)[0].strip()

    @property
    def page_title(self) -> str:
        """``Country profile: Kazakhstan (KAZ)`` for a ``run_each`` run; ``""`` keeps its own."""
        return f"{self.group}: {self.label}" if self.each else ""


def entries_of(root: Path, manifest: Mapping[str, Any]) -> list[Entry]:
    """Return the notebook runs of the manifest as pages, in reading order.

    Parameters
    ----------
    root
        The outputs folder (the executed notebooks are under it).
    manifest
        The main manifest.

    Returns
    -------
    list of Entry
        The notebooks run once by run id, then each ``run_each`` notebook's runs grouped under
        its name, in the declared order of the values.
    """
    found = [
        _entry(root, run_id, record)
        for run_id, record in sorted(manifest.get("runs", {}).items())
        if record.get("kind") == "notebook"
    ]
    return reading_order(found)


def reading_order(entries: Sequence[Entry]) -> list[Entry]:
    """Sort pages: notebooks run once by run id, then the runs of each ``run_each`` notebook.

    Parameters
    ----------
    entries
        Pages in any order.

    Returns
    -------
    list of Entry
        The reading order.
    """
    once = sorted((e for e in entries if not e.each), key=lambda e: e.run_id)
    each = sorted((e for e in entries if e.each), key=lambda e: (e.name, *_value_order(e)))
    return once + each


def _value_order(entry: Entry) -> tuple[int, str]:
    """The declared order of the values (the five in Table 1's order), then by run id."""
    values = list(entry.each_values)
    rank = values.index(entry.value) if entry.value in values else len(values)
    return rank, entry.run_id


def _run_each(record: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """The ``run_each`` parameter of the record's notebook and its values (none if unreadable)."""
    from ..errors import PipelineError
    from ..notebooks import read_notebook
    from ..parameters import run_each_values

    try:
        each = read_notebook(paths.PROJECT_ROOT / record["notebook"]).run_each
    except (KeyError, PipelineError):
        return "", ()
    return (each.name, run_each_values(each)) if each is not None else ("", ())


def _entry(root: Path, run_id: str, record: Mapping[str, Any]) -> Entry:
    each, each_values = _run_each(record)
    return Entry(
        run_id=run_id,
        name=record.get("name", run_id),
        title=record.get("title", run_id),
        parameters=dict(record.get("parameters", {})),
        executed=root / record["executed"],
        outputs=tuple(record.get("outputs", [])),
        key_figures=tuple(record.get("key_figures", [])),
        each=each,
        each_values=each_values,
    )


def key_figures(entry: Entry) -> list[str]:
    """Return the figures of ``entry`` shown on the book's home page.

    Parameters
    ----------
    entry
        A page.

    Returns
    -------
    list of str
        PNG outputs (relative to outputs/) named in ``metadata.kca.key_figures``, else its first
        PNG by name; none for a ``run_each`` run (its runs are many).
    """
    figures = sorted(o for o in entry.outputs if o.endswith(".png"))
    if entry.each:
        return []
    if entry.key_figures:
        wanted = {f"figures/{name}.png" for name in entry.key_figures}
        return [f for f in figures if f in wanted]
    return figures[:1]
