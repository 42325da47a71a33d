"""Many runs from one command: sweeps (``--sweep``) and batches (``--batch FILE``).

Sweeps
------
``-p NAME=VALUE`` sets one value for every run; ``--sweep NAME=V1,V2,...`` runs the notebook once
per value, and several ``--sweep`` options give the cartesian product of their values::

    kca run 01_history -p countries=UZB,KAZ --sweep start_year=1992,1995,2000     # 3 runs
    kca run 01_history --sweep countries=UZB,KAZ,KGZ --sweep start_year=1992,2000  # 6 runs

In ``--sweep`` a comma always separates *runs*. For a list parameter, each value is one list
whose items are joined with ``+``: ``--sweep countries=UZB,KAZ+TJK`` is two runs, one with
``[UZB]`` and one with ``[KAZ, TJK]`` (with ``-p`` a list is one value: ``-p countries=UZB,KAZ``
is one run with both). A value list that starts with ``[`` is read as JSON, a list of values,
for values that hold a comma or a ``+``: ``--sweep 'compare_with=[["Japan"], ["DAC Countries,
Total"]]'``. Each value is resolved as ``-p`` would resolve it; two values that resolve to the
same run (``KAZ`` and ``Kazakhstan``) are refused, as is a name given to both ``-p`` and
``--sweep``.

Batches
-------
``kca run --batch FILE`` runs the entries of a JSON file, each a notebook with its own
parameters and sweeps, in one command (one pool of workers, one kernel zygote)::

    [{"notebook": "02_forums", "parameters": {"since_year": 2019}},
     {"notebook": "01_history", "sweep": {"start_year": [1990, 2023]}},
     {"notebook": "04_oda", "parameters": {"compare_with": ["Japan"]}}]

A value is a text read as after ``-p NAME=`` (``"UZB,KAZ"``), or a JSON value of the
parameter's type (``2019``, ``true``, ``["Japan"]``); a sweep is a JSON list of such values. A run
that two entries name twice runs once. Every value of every run is checked before anything runs.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import values
from .errors import UsageError

if TYPE_CHECKING:
    from .notebooks import Notebook

#: The keys of a batch entry.
ENTRY_KEYS = ("notebook", "parameters", "sweep")


def parse_sweeps(texts: Sequence[str]) -> list[tuple[str, str]]:
    """Split each ``--sweep NAME=V1,V2`` into its name and its text of values.

    Parameters
    ----------
    texts
        The ``--sweep`` arguments, in order.

    Returns
    -------
    list of tuple
        ``(name, text)`` in the order given.

    Raises
    ------
    UsageError
        For a text without ``=`` or a name swept twice.
    """
    sweeps: list[tuple[str, str]] = []
    for text in texts:
        name, sep, raw = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"expected --sweep NAME=V1,V2,..., got {text!r}")
        if name in (n for n, _ in sweeps):
            raise UsageError(f"--sweep {name} is given twice; list all its values in one --sweep")
        sweeps.append((name, raw))
    return sweeps


def _items(notebook: Notebook, name: str, raw: Any) -> list[Any]:
    """The values of one sweep, as texts or JSON values, before they are resolved."""
    if not isinstance(raw, str):
        if not isinstance(raw, list):
            raise UsageError(f"{notebook.name}: the sweep of {name!r} must be a list of values")
        return raw
    text = raw.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            raise UsageError(
                f"--sweep {name}: a value list starting with '[' must be a JSON list of values, "
                f"got {raw!r}"
            ) from None
        if not isinstance(items, list):
            raise UsageError(f"--sweep {name}: expected a JSON list of values, got {raw!r}")
        return items
    items = [item.strip() for item in text.split(",")]
    if not text or not all(items):
        raise UsageError(
            f"--sweep {name}={raw!r}: an empty value; separate values with ',' "
            "(or give a JSON list of values)"
        )
    parameter = values.settable(notebook, name)
    if parameter.type.startswith("list"):
        # A comma separates runs; "+" joins the items of one list value.
        return [",".join(part.strip() for part in item.split("+")) for item in items]
    return items


def sweep_values(notebook: Notebook, name: str, raw: Any) -> list[Any]:
    """Return the resolved values of one swept parameter of ``notebook``, in the order given.

    Parameters
    ----------
    notebook
        The notebook swept.
    name
        The parameter's name.
    raw
        The text after ``--sweep NAME=``, or a list of values (from a batch file).

    Returns
    -------
    list
        Each value typed and resolved as ``-p`` resolves it.

    Raises
    ------
    UsageError
        For an unknown or undeclared name, a bad or disallowed value, no value, or two values
        giving the same run.
    """
    resolved: list[Any] = []
    for item in _items(notebook, name, raw):
        value = values.resolve_value(notebook, name, item)
        if value in resolved:
            raise UsageError(
                f"{notebook.name}: the sweep of {name!r} gives the value {value!r} twice "
                f"(from {item!r}); each value must give another run"
            )
        resolved.append(value)
    if not resolved:
        raise UsageError(f"{notebook.name}: the sweep of {name!r} has no value")
    return resolved


def variants(
    notebook: Notebook, fixed: Mapping[str, Any], sweeps: Sequence[tuple[str, Any]]
) -> list[dict[str, Any]]:
    """Return the overrides of every run: ``fixed`` with each combination of the swept values.

    Parameters
    ----------
    notebook
        The notebook.
    fixed
        Name -> resolved value, set for every run (``-p``).
    sweeps
        ``(name, text or list of values)`` per swept parameter.

    Returns
    -------
    list of dict
        One per combination, in the order of the sweeps and their values (the first sweep
        varies slowest); ``[dict(fixed)]`` without sweeps.

    Raises
    ------
    UsageError
        For a parameter both set and swept, or a bad swept value.
    """
    for name, _ in sweeps:
        if name in fixed:
            raise UsageError(f"{notebook.name}: {name!r} is given with both -p and --sweep")
    axes = [[(name, v) for v in sweep_values(notebook, name, raw)] for name, raw in sweeps]
    return [{**fixed, **dict(combination)} for combination in itertools.product(*axes)]


def read_batch(path: Path | str) -> list[dict[str, Any]]:
    """Read a batch file: a JSON list of ``{"notebook", "parameters", "sweep"}`` objects.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    list of dict
        The entries, each with all three keys (empty mappings where absent).

    Raises
    ------
    UsageError
        When the file cannot be read, is not such a list, or an entry has unknown keys, no
        notebook, or parameters or sweeps that are not objects (naming the entry).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"--batch {path}: cannot read a JSON file ({error})") from None
    if not isinstance(data, list) or not data:
        raise UsageError(f"--batch {path}: expected a non-empty JSON list of runs")
    entries = []
    for i, entry in enumerate(data):
        where = f"--batch {path}, entry {i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("notebook"), str):
            raise UsageError(f'{where}: expected {{"notebook": NAME, ...}}, got {entry!r}')
        unknown = sorted(set(entry) - set(ENTRY_KEYS))
        if unknown:
            raise UsageError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(ENTRY_KEYS)}")
        for key in ("parameters", "sweep"):
            if not isinstance(entry.get(key, {}), dict):
                raise UsageError(f"{where}: {key!r} must map parameter names to values")
        entries.append(
            {"notebook": entry["notebook"], **{k: entry.get(k, {}) for k in ENTRY_KEYS[1:]}}
        )
    return entries
