"""Keep the ``sha256:`` values of ``data/sources.yml`` in step with the data files."""

from __future__ import annotations

import re
from pathlib import Path

from kca_analysis.files import atomic_write_bytes, sha256_file
from kca_analysis.paths import PROJECT_ROOT, SOURCES_FILE

_ENTRY = re.compile(r"^  (?P<key>[^\s#][^:]*):\s*(?:#.*)?$")
_SHA = re.compile(r"^(?P<head>    sha256:[ \t]*)(?P<value>[^\s#]+)(?P<tail>.*)$")


def rehash_sources(sources_file: Path = SOURCES_FILE, root: Path = PROJECT_ROOT) -> list[str]:
    """Rewrite the ``sha256:`` value of each entry of ``sources.yml`` whose file exists.

    The edit is text-level so that comments, order and layout are preserved; only the
    entry-level ``sha256:`` line (four spaces of indent) is touched, never the hashes of
    ``derived_from`` (those describe the shared source files, checked separately).

    Parameters
    ----------
    sources_file
        The ``sources.yml`` to update in place (atomically, and only if something changed).
    root
        The folder the entry keys (``data/...``) are relative to.

    Returns
    -------
    list of str
        The keys whose hash changed.
    """
    lines = Path(sources_file).read_text(encoding="utf-8").splitlines(keepends=True)
    changed, key = [], None
    for i, line in enumerate(lines):
        entry = _ENTRY.match(line)
        if entry:
            key = entry.group("key").strip().strip("'\"")
            continue
        sha = _SHA.match(line)
        if sha and key and (Path(root) / key).is_file():
            digest = sha256_file(Path(root) / key)
            if sha.group("value") != digest:
                lines[i] = f"{sha.group('head')}{digest}{sha.group('tail')}"
                if not lines[i].endswith("\n") and line.endswith("\n"):
                    lines[i] += "\n"
                changed.append(key)
    if changed:
        atomic_write_bytes(Path(sources_file), "".join(lines).encode("utf-8"))
    return changed
