"""Known corrections to the raw data, kept as data in ``data/corrections.yml``.

Raw files are never edited. Each correction says what it changes, why, the evidence, and a
*guard*: a test against other data files that fails loudly when the raw data no longer needs
the correction (for example if the paper's Table 1 were reprinted in US dollars). The loaders
look corrections up here and run their guards before applying them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import paths
from .validation import DataError, log_read


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


_REQUIRED = ("id", "applies_to", "what", "why", "action", "evidence", "guard")


def load_corrections(path: Path | str | None = None) -> dict[str, Correction]:
    """Read ``data/corrections.yml`` into :class:`Correction` objects keyed by id.

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
    """Return the corrections that apply to one data file (path relative to the root)."""
    return [c for c in load_corrections(path).values() if c.applies_to == applies_to]
