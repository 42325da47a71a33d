"""Known corrections to the data, kept as data in ``data/corrections.yml``.

Raw and curated files are never edited. Each correction says what it changes, why, the
evidence, and a *guard*: a test against the data that fails loudly when the correction no
longer fits (for example if the paper's Table 1 were reprinted in US dollars, or if a new COW
release filled the early years it now records as zeros). The loaders look corrections up here
and run their guards before applying them (guard logic: :mod:`.guards` and :mod:`.coverage`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import paths
from .schema import DataError, log_read


class CorrectionError(DataError):
    """A correction is malformed, or its guard says it no longer applies."""


@dataclass(frozen=True)
class Correction:
    """One entry of ``data/corrections.yml``."""

    id: str
    applies_to: str
    what: str
    why: str
    action: dict[str, Any]
    evidence: tuple[dict[str, Any], ...]
    guard: dict[str, Any]


@dataclass(frozen=True)
class GuardResult:
    """What a guard compared, for the evidence shown in notebooks.

    ``holds`` is false only when a comparison contradicts the correction. Each comparison is a
    dict; those that compare with a bound carry ``status``: ``proven`` (the comparison follows
    from the figures), ``consistent`` (not contradicted, but a lower-bound reference cannot
    prove it) or ``contradicted``.
    """

    correction: str
    holds: bool
    message: str
    comparisons: tuple[dict[str, Any], ...]


_REQUIRED = ("id", "applies_to", "what", "why", "action", "evidence", "guard")


def load_corrections(path: Path | str | None = None) -> dict[str, Correction]:
    """Read ``data/corrections.yml`` into :class:`Correction` objects keyed by id.

    Parameters
    ----------
    path
        Another corrections file (default ``data/corrections.yml``).

    Returns
    -------
    dict
        Correction id -> :class:`Correction`, in the file's order.

    Raises
    ------
    CorrectionError
        When an entry lacks one of the keys what, why, evidence, guard, action, applies_to.
    """
    path = Path(path or paths.CORRECTIONS_FILE)
    log_read(path)
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = document.get("corrections")
    if not isinstance(entries, list) or not entries:
        raise CorrectionError("expected a non-empty list under 'corrections'", file=path)
    found: dict[str, Correction] = {}
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in _REQUIRED if key not in entry]
        if missing:
            raise CorrectionError(
                f"correction #{number} lacks {', '.join(missing)}; every correction needs "
                + ", ".join(_REQUIRED),
                file=path,
            )
        if not entry["evidence"]:
            raise CorrectionError(f"correction {entry['id']!r} cites no evidence", file=path)
        found[entry["id"]] = Correction(
            id=entry["id"],
            applies_to=entry["applies_to"],
            what=" ".join(str(entry["what"]).split()),
            why=" ".join(str(entry["why"]).split()),
            action=dict(entry["action"]),
            evidence=tuple(entry["evidence"]),
            guard=dict(entry["guard"]),
        )
    return found


def corrections_for(applies_to: str, path: Path | str | None = None) -> list[Correction]:
    """Return the corrections that apply to one data file.

    Parameters
    ----------
    applies_to
        The file, relative to the project root (``data/paper/table1_trade.csv``).
    path
        The corrections file (default ``data/corrections.yml``).

    Returns
    -------
    list of Correction
        In the order of the file.
    """
    return [c for c in load_corrections(path).values() if c.applies_to == applies_to]
