"""Fingerprints: what a run depends on, hashed, so that an unchanged run is never executed twice.

A job's fingerprint covers its run id, what the notebook does (cell sources and its ``kca``
metadata, not its outputs), its parameters, the checksum of every input file, the library's
source (every ``kca_analysis/**/*.py``), the lock file, the Python version and the manifest
format.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kca_analysis import paths
from kca_analysis.files import sha256_bytes, sha256_file

#: Bumped when the layout of outputs or the manifest changes, so that old caches are not trusted
#: (it is part of every fingerprint and of every manifest).
FORMAT_VERSION = 1
#: The package whose source every fingerprint covers: ``kca_analysis/`` (this file is in ``run/``).
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def canonical(value: Any) -> str:
    """Return ``value`` as canonical JSON (sorted keys, no spaces), the text that is hashed.

    Parameters
    ----------
    value
        Plain data: dicts, lists, strings, numbers, booleans, ``None``.

    Returns
    -------
    str
        The same text for equal values, whatever their key order.
    """
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def source_sha256(cells: Sequence[tuple[str, str]], kca_metadata: Mapping[str, Any]) -> str:
    """Return the sha256 of what a notebook does: its cells' types and sources and ``kca`` metadata.

    Outputs are left out so that re-saving a notebook with fresh outputs does not invalidate the
    cache.

    Parameters
    ----------
    cells
        ``(cell_type, source)`` of every cell, in order.
    kca_metadata
        The notebook's ``metadata["kca"]``.

    Returns
    -------
    str
        A hex sha256.
    """
    what = {"cells": [list(cell) for cell in cells], "kca": kca_metadata}
    return sha256_bytes(canonical(what).encode())


def fingerprint(
    run_id: str,
    source: str,
    parameters: Mapping[str, Any],
    inputs: Mapping[str, str],
    library: str,
) -> str:
    """Return the fingerprint of one run.

    Parameters
    ----------
    run_id
        The run's name (``03_trade``, ``country_profile_UZB``...).
    source
        :func:`source_sha256` of the notebook, or the hash of a step's target.
    parameters
        Every parameter value the run is given (``output_dir`` excepted).
    inputs
        Input file (relative to the project root) -> sha256.
    library
        :meth:`Hasher.library`.

    Returns
    -------
    str
        A hex sha256.
    """
    record = {
        "run": run_id,
        "source": source,
        "parameters": dict(parameters),
        "inputs": dict(inputs),
        "library": library,
    }
    return sha256_bytes(canonical(record).encode())


class Hasher:
    """Memoised checksums of the files that fingerprints depend on (one plan, one read each).

    Parameters
    ----------
    root
        The project root (default :data:`kca_analysis.paths.PROJECT_ROOT`).
    """

    def __init__(self, root: Path | None = None):
        self.root = Path(root or paths.PROJECT_ROOT)
        self._files: dict[str, str] = {}
        self._library: str | None = None

    def file(self, relative: str) -> str:
        """Return the sha256 of a file under the root, or ``"missing"`` when it does not exist.

        Parameters
        ----------
        relative
            POSIX path relative to the root, e.g. ``data/paper/table1_trade.csv``.

        Returns
        -------
        str
            The hex sha256, computed once per path.
        """
        if relative not in self._files:
            path = self.root / relative
            self._files[relative] = sha256_file(path) if path.is_file() else "missing"
        return self._files[relative]

    def data_files(self) -> list[str]:
        """Return every file under ``data/`` (hidden ones excepted), relative to the root, sorted.

        Returns
        -------
        list of str
            The inputs of a notebook that declares none.
        """
        data = self.root / "data"
        if not data.is_dir():
            return []
        return sorted(
            p.relative_to(self.root).as_posix()
            for p in data.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.parts)
        )

    def inputs(self, declared: Sequence[str] | None) -> dict[str, str]:
        """Return ``{file: sha256}`` of the declared inputs, or of every data file when undeclared.

        Parameters
        ----------
        declared
            The notebook's ``metadata.kca.inputs``, or ``None``.

        Returns
        -------
        dict
            Input path -> sha256 (``"missing"`` for a declared file that does not exist).
        """
        files = list(declared) if declared is not None else self.data_files()
        return {f: self.file(f) for f in files}

    def library(self) -> str:
        """Return the sha256 of the library's source, the lock file and the Python version.

        Every ``kca_analysis/**/*.py`` is hashed with its path, so moving a module changes it.

        Returns
        -------
        str
            A hex sha256, computed once.
        """
        if self._library is None:
            sources = {
                path.relative_to(PACKAGE_DIR).as_posix(): sha256_file(path)
                for path in sorted(PACKAGE_DIR.rglob("*.py"))
            }
            lock = self.root / "requirements.lock"
            record = {
                "sources": sources,
                "lock": sha256_file(lock) if lock.is_file() else "no lock",
                "python": list(sys.version_info[:3]),
                "format": FORMAT_VERSION,
            }
            self._library = sha256_bytes(canonical(record).encode())
        return self._library
