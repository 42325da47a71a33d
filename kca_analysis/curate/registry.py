"""The registry of outputs: every tidy file of ``data/curated/`` and the module that builds it.

A source module declares ``TIDY`` (the :class:`~.common.TidyFile` it writes: name, the columns
its catalog schema gives, the extracts it reads and those its cross-checks read),
``build(source_dir)`` (the rows) and ``CROSS_CHECKS``. The catalog ``data/datapackage.json``
names each curated file's module (property ``curatedBy``), so adding a source is a raw file, a
module and its catalog entries: nothing to register here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kca_analysis.data.catalog import load_catalog

from .common import CurationError, RawFile, Row, TidyFile


def source_modules() -> tuple[ModuleType, ...]:
    """Import the module of every curated file of the catalog, in the catalog's order.

    Returns
    -------
    tuple of module

    Raises
    ------
    CurationError
        When a curated resource names no module, or one outside :mod:`kca_analysis.curate`.
    """
    modules = []
    for entry in load_catalog().in_group("curated"):
        name = entry.get("curatedBy")
        if not isinstance(name, str) or not name.startswith(__package__ + "."):
            raise CurationError(
                f"{entry.path}: the catalog must name its module of {__package__} in "
                f"'curatedBy', found {name!r}"
            )
        modules.append(importlib.import_module(name))
    return tuple(modules)


#: The source modules, in the order their files are built and their cross-checks run.
SOURCE_MODULES: tuple[ModuleType, ...] = source_modules()


@dataclass(frozen=True)
class Output:
    """One file of ``data/curated/``: its declaration, its build and its cross-checks."""

    tidy: TidyFile
    build: Callable[[Path], list[Row]]
    cross_checks: tuple[Callable[[Path], None], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of the file, in order."""
        return self.tidy.columns


def outputs_of(modules: Iterable[ModuleType]) -> dict[str, Output]:
    """Collect the declared output of each source module.

    Parameters
    ----------
    modules
        Source modules, each with ``TIDY``, ``build`` and ``CROSS_CHECKS``.

    Returns
    -------
    dict
        Tidy file name -> :class:`Output`, in the order of ``modules``.

    Raises
    ------
    CurationError
        If two modules declare the same tidy file.
    """
    outputs: dict[str, Output] = {}
    for module in modules:
        tidy = module.TIDY
        if tidy.name in outputs:
            raise CurationError(f"{tidy.name}: declared twice (again by {module.__name__})")
        outputs[tidy.name] = Output(tidy, module.build, tuple(module.CROSS_CHECKS))
    return outputs


def raw_files_of(outputs: Iterable[Output]) -> tuple[RawFile, ...]:
    """Every extract the outputs read or are checked against, once each, sorted by name.

    Parameters
    ----------
    outputs
        The registered outputs.

    Returns
    -------
    tuple of RawFile
        The extracts.

    Raises
    ------
    CurationError
        If one file name is declared with two different headers.
    """
    found: dict[str, RawFile] = {}
    for output in outputs:
        for raw in output.tidy.reads + output.tidy.checked_against:
            if found.setdefault(raw.name, raw) != raw:
                raise CurationError(f"{raw.name} is declared with two different headers")
    return tuple(found[name] for name in sorted(found))


OUTPUTS: dict[str, Output] = outputs_of(SOURCE_MODULES)
#: Run before anything is built: sources that must agree.
CROSS_CHECKS: tuple[Callable[[Path], None], ...] = tuple(
    check for output in OUTPUTS.values() for check in output.cross_checks
)
#: The extracts of ``SOURCE_DIR`` that curation reads.
RAW_FILES: tuple[RawFile, ...] = raw_files_of(OUTPUTS.values())
