"""Where things live, relative to the project root.

Every other module asks this one, so moving a folder is a one-line change.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project root: the folder holding ``pyproject.toml``. ``KCA_PROJECT_ROOT`` overrides it,
#: which tests use to point the library at a copy of the tree.
PROJECT_ROOT = Path(os.environ.get("KCA_PROJECT_ROOT", Path(__file__).resolve().parent.parent))

DATA_DIR = PROJECT_ROOT / "data"
PAPER_DATA_DIR = DATA_DIR / "paper"
EXTERNAL_DATA_DIR = DATA_DIR / "external"
SOURCES_FILE = DATA_DIR / "sources.yml"
CORRECTIONS_FILE = DATA_DIR / "corrections.yml"

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
FIGURES_DIR = OUTPUTS_DIR / "figures"
TABLES_DIR = OUTPUTS_DIR / "tables"

#: The paper's text, beside the project in the shared folder (not part of the repository).
PAPER_TEXT = PROJECT_ROOT.parent / "shared" / "paper" / "000_1326f8ad11aad47a.txt"
SHARED_DATA_SOURCES = PROJECT_ROOT.parent / "shared" / "data-sources"


def relative_to_root(path: Path | str) -> str:
    """Return ``path`` as a POSIX string relative to the project root (for messages and keys)."""
    path = Path(path).resolve()
    try:
        return path.relative_to(PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
