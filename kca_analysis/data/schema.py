"""What every reader of ``data/`` shares: the error it raises, the declared shape of a table and
the read log.

The shapes themselves are declared once, in the catalog ``data/datapackage.json``
(:mod:`.catalog` turns each resource's Table Schema into a :class:`Schema`); this module holds
only the types, so that the catalog and the strict reader (:mod:`.validation`) can both import
it without importing each other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths

#: When this environment variable names a file, every data file read is appended to it
#: (one path relative to the project root per line). The runner uses it to record the inputs
#: each notebook really reads (see :mod:`kca_analysis.run.inputs`).
READ_LOG_ENV = "KCA_READ_LOG"


class DataError(ValueError):
    """A data file breaks its schema; the message says where and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = paths.relative_to_root(file) if file is not None else None
        self.line = line
        self.column = column
        self.detail = message
        where = [part for part in (self.file, f"line {line}" if line else None) if part]
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ChecksumError(DataError):
    """A data file differs from the sha256 recorded for it in the catalog."""


@dataclass(frozen=True)
class Column:
    """One declared column of a data file.

    Parameters
    ----------
    name
        The header text.
    kind
        ``str``, ``int``, ``number``, ``date`` or ``period``.
    required
        Whether an empty cell is an error (otherwise it becomes missing: ``NA``/``NaN``/``None``).
    choices
        The allowed values, for a closed vocabulary.
    minimum
        The smallest allowed value, for numbers.
    pattern
        A regular expression the whole cell must match (after its kind is checked).
    """

    name: str
    kind: str = "str"
    required: bool = True
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Schema:
    """The declared shape of one data file."""

    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    #: Columns holding country names that must pass the strict lookup, mapped to whether only
    #: the five Central Asian states are allowed (True) or the partners too (False).
    country_columns: dict[str, bool] = field(default_factory=dict)
    #: Extra allowed values for country columns (aggregates such as "Central Asia").
    country_extras: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        """The column names, in declared order."""
        return [c.name for c in self.columns]


def log_read(path: Path | str) -> None:
    """Append ``path`` to the read log named by ``KCA_READ_LOG``, if any.

    Parameters
    ----------
    path
        The file read (logged relative to the project root).
    """
    log = os.environ.get(READ_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(paths.relative_to_root(path) + "\n")


class RowLines(tuple):
    """The file line of each row of a table read from ``data/``, kept in ``df.attrs["lines"]``.

    pandas deep-copies a frame's ``attrs`` into the result of every operation on it, and a
    list of a few thousand line numbers made that copy most of the analysis' CPU time (4.5 of
    7.8 s when the claims were checked). The line numbers never change once read, so this
    immutable tuple is its own copy.
    """

    __slots__ = ()

    def __copy__(self) -> RowLines:
        return self

    def __deepcopy__(self, memo: dict) -> RowLines:
        return self
