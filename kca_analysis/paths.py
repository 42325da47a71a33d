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
#: The catalog: a Frictionless Data Package describing every data file (schema, licence,
#: sources, sha256).
CATALOG_FILE = DATA_DIR / "datapackage.json"
#: The public source extracts exactly as obtained, each with its ``.source.txt``.
RAW_DATA_DIR = DATA_DIR / "raw"
#: The tidy files ``python -m kca_analysis.curate`` builds from ``raw/``.
CURATED_DATA_DIR = DATA_DIR / "curated"
#: What the paper states, transcribed by hand.
PAPER_DATA_DIR = DATA_DIR / "paper"
CORRECTIONS_FILE = DATA_DIR / "corrections.yml"
DATA_README = DATA_DIR / "README.md"
#: Every data file's provenance, generated from the catalog.
DATA_SOURCES = DATA_DIR / "sources.yml"

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
FIGURES_DIR = OUTPUTS_DIR / "figures"
TABLES_DIR = OUTPUTS_DIR / "tables"

#: The paper's text, beside the project in the shared folder (not part of the repository: there
#: is no licence to copy it).
PAPER_TEXT = PROJECT_ROOT.parent / "shared" / "paper" / "000_1326f8ad11aad47a.txt"
#: Where the raw extracts were obtained from; ``data/raw/`` holds byte-identical copies, so
#: nothing in the library reads this folder (tests compare the two when it is present).
SHARED_DATA_SOURCES = PROJECT_ROOT.parent / "shared" / "data-sources"


def relative_to_root(path: Path | str) -> str:
    """Return ``path`` as a POSIX string relative to the project root (for messages and keys).

    Parameters
    ----------
    path
        A file or folder, absolute or relative to the working folder.

    Returns
    -------
    str
        ``data/curated/gdp_wdi.csv`` for a file under the root; the absolute POSIX path
        otherwise.
    """
    path = Path(path).resolve()
    try:
        return path.relative_to(PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
