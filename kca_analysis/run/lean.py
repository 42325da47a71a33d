"""Imported first by the processes that load nbformat: leave out a package none of them uses.

jsonschema, which nbformat (and so papermill) imports, compiles the 38 grammars of
``rfc3987_syntax`` at import time when that package is installed: about a second of CPU in each
process, more than papermill, nbformat and nbconvert together. It only serves the ``iri`` and
``iri-reference`` string formats, which the notebook schema never uses, so these processes (the
workers' fork server, :mod:`kca_analysis.run.workers`, and the book's,
:func:`kca_analysis.run.book.build.main`) import jsonschema without it; validating a notebook
gives the same answers. The test processes load it too (``-p kca_analysis.run.lean`` in
pytest's ``addopts``, before nbval's plugin imports nbformat): every pytest process and xdist
worker saved the same second and a half.

Import this module before nbformat; it changes nothing else.
"""

from __future__ import annotations

import sys

#: Importing a module whose ``sys.modules`` entry is ``None`` raises ImportError, which
#: jsonschema expects of a package that is not installed.
sys.modules.setdefault("rfc3987_syntax", None)
