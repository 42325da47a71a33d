"""Files, once for the whole package: sha256 checksums, atomic writes, deterministic CSV tables.

Everything a notebook, ``curate`` or the runner writes goes through :func:`atomic_write_bytes`:
the data is written to a temporary file in the target folder and renamed over the target, so a
reader (or an interrupted run) only ever sees the old file or the new one, never half of one.
Every checksum of the package is :func:`sha256_file` or :func:`sha256_bytes`.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the caller; keep this module cheap to import
    import pandas as pd

#: Names of figures and tables: letters, digits, ``_``, ``-`` and ``.``, not starting with a dot.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")

#: Significant digits kept when a float is written to CSV; enough for any published figure and few
#: enough that binary noise (``0.30000000000000004``) never reaches a file.
FLOAT_DIGITS = 12


def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike) -> str:
    """Return the hex sha256 of a file's bytes, read in chunks.

    Raises
    ------
    OSError
        When the file cannot be read.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_name(name: str, kind: str = "output") -> str:
    """Return ``name`` if it is a safe file stem (no folder separators, no leading dot).

    Parameters
    ----------
    name
        The stem of a figure or table file, e.g. ``"03_trade_shares"``.
    kind
        What the name is for, used in the message (``"figure"``, ``"table"``).

    Returns
    -------
    str
        ``name`` unchanged.

    Raises
    ------
    ValueError
        When ``name`` is not letters, digits, ``_``, ``-`` and ``.``, or starts with a dot.
    """
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ValueError(
            f"invalid {kind} name {name!r}: expected letters, digits, '_', '-' or '.', "
            "not starting with '.', and no folder separators"
        )
    return name


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename).

    The parent folder is created if needed. Returns the path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates files readable by the owner only; give it the usual permissions.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` atomically as UTF-8 with ``\\n`` line endings."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def holds_text(path: str | os.PathLike, text: str) -> bool:
    """Tell whether the file at ``path`` exists and holds exactly ``text`` (read as UTF-8).

    Parameters
    ----------
    path
        The file.
    text
        The expected content.

    Returns
    -------
    bool
    """
    path = Path(path)
    return path.is_file() and path.read_text(encoding="utf-8") == text


def write_text_if_changed(path: str | os.PathLike, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file holds it already.

    Parameters
    ----------
    path
        The file (its folder is created if needed).
    text
        The content, written as UTF-8.

    Returns
    -------
    bool
        Whether the file was written.
    """
    if holds_text(path, text):
        return False
    atomic_write_text(path, text)
    return True


def format_float(value: float) -> str:
    """Format one float for a CSV cell, reproducibly.

    The value is rounded to :data:`FLOAT_DIGITS` significant digits and printed as the shortest
    string that reads back as that number, so ``0.1 + 0.2`` is written ``0.3``. Missing values are
    written as an empty cell and ``-0.0`` as ``0.0``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    rounded = float(f"{value:.{FLOAT_DIGITS}g}")
    if rounded == 0.0:
        rounded = 0.0  # no negative zero
    return repr(rounded)


def table_to_csv(df: pd.DataFrame) -> str:
    """Return ``df`` as the CSV text :func:`save_table` writes (no index, ``\\n``, fixed floats)."""
    buffer = io.StringIO()
    df.to_csv(buffer, index=False, lineterminator="\n", float_format=format_float, na_rep="")
    return buffer.getvalue()


def save_table(df: pd.DataFrame, name: str, output_dir: str | os.PathLike | None) -> Path | None:
    """Write ``df`` to ``<output_dir>/tables/<name>.csv``, deterministically.

    Parameters
    ----------
    df
        The table as the notebook shows it; its row and column order are kept, the index is not
        written (reset it first if it carries data).
    name
        File stem, e.g. ``"trade_turnover"``; letters, digits, ``_``, ``-``, ``.``.
    output_dir
        The notebook's ``output_dir`` parameter. Empty or ``None`` (reading the notebook in
        JupyterLab, nbval) writes nothing.

    Returns
    -------
    Path or None
        The file written, or ``None`` when ``output_dir`` is empty.
    """
    check_name(name, "table")
    if not output_dir:
        return None
    path = Path(output_dir) / "tables" / f"{name}.csv"
    return atomic_write_text(path, table_to_csv(df))


#: The file a notebook's headline results are recorded in, inside its ``output_dir``.
RESULTS_NAME = "results.json"


def _result_value(name: str, value: object) -> object:
    """A recorded value as JSON can hold it: numbers, text, booleans, or ``None`` for missing."""
    if value is None or isinstance(value, bool | str):
        return value
    if hasattr(value, "item"):  # numpy and pandas scalars
        value = value.item()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else float(format_float(value))
    raise TypeError(
        f"result {name!r}: expected a number, text, a boolean or None, got {type(value).__name__}"
    )


def record_results(output_dir: str | os.PathLike | None, **values: object) -> Path | None:
    """Record a notebook's headline results as named values in ``<output_dir>/results.json``.

    ``kca run`` collects these files into one table per notebook (one row per run), so a sweep
    of parameters reads as a table of results. Calling it again in the same run adds to the
    record (a name recorded twice keeps the later value). The file is written atomically with
    sorted keys, so the same results give the same bytes.

    Parameters
    ----------
    output_dir
        The notebook's ``output_dir`` parameter. Empty or ``None`` (reading the notebook in
        JupyterLab, nbval) records nothing.
    **values
        Result name -> value: a number, text, a boolean or ``None`` (missing). Floats are
        rounded as in the CSV tables (:func:`format_float`); NaN is recorded as ``None``.

    Returns
    -------
    Path or None
        The file written, or ``None`` when ``output_dir`` is empty.

    Raises
    ------
    ValueError
        For a name that is not a safe identifier (letters, digits, ``_``).
    TypeError
        For a value that is not a number, text, a boolean or ``None``.
    """
    for name in values:
        if not name.isidentifier():
            raise ValueError(f"result name {name!r}: expected letters, digits and '_'")
    record = {name: _result_value(name, value) for name, value in values.items()}
    if not output_dir:
        return None
    path = Path(output_dir) / RESULTS_NAME
    if path.is_file():
        record = {**json.loads(path.read_text(encoding="utf-8")), **record}
    text = json.dumps(record, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    return atomic_write_text(path, text)
