"""Imported by multiprocessing's fork server only: let it exit at once when its run is over.

The fork server (:func:`kca_analysis.run.workers.default_executor`) has imported papermill and
nbformat so that the workers it forks need not; when the main process ends, it exits, and the
interpreter's teardown of those modules takes about a second (several on a loaded machine),
during which a process of a finished or killed run is still alive. It has nothing to save at
exit, so this module, in its preload list, ends it right after the other exit handlers. The
workers it forks never run exit handlers (multiprocessing ends them with ``os._exit``).

Never import this module anywhere else: it would end that process's exit the same way.
"""

from __future__ import annotations

import atexit
import os

# Registered first among the fork server's handlers, so it runs last: the others still run.
atexit.register(os._exit, 0)
