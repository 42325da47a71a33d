"""``kca run``: execute the notebooks with papermill, cache them, and publish their outputs.

One request, top-down (:func:`kca_analysis.run.pipeline.run` reads as this sequence):

1. :mod:`.notebooks` reads each notebook without executing it: title, parameters cell, declared
   inputs; :mod:`.parameters` holds the kinds of parameter and checks every value strictly.
2. :mod:`.plan` turns ``kca run NAMES -p NAME=VALUE --sweep NAME=V1,V2`` (or a ``--batch``
   file, :mod:`.sweep`) into jobs (run ids, slugs), each with a fingerprint from
   :mod:`.fingerprint` (notebook source, parameters, inputs, library, lock).
3. :mod:`.manifest` says which jobs are cached (same fingerprint, outputs intact).
4. :mod:`.staging` takes the lock and a staging folder; :mod:`.workers` runs the other jobs on an
   executor (worker processes by default, or Dask workers: :mod:`.cluster`), each through
   :mod:`.execute` (papermill), whose kernels :mod:`.launch` starts, forked from the preloaded
   zygote of :mod:`.kernels` (:mod:`.zygote`); nothing of a run outlives it, and what a killed
   run left in the temporary directory goes at the next start (:mod:`.runtime`).
5. :mod:`.staging` moves the outputs of the jobs that succeeded into place (the default runs
   together, or not at all) and writes the manifests; :mod:`.results` keeps each run's recorded
   results and writes one results table per notebook; :mod:`.book` builds the book
   (``outputs/site/``).

Nothing here imports the analysis, claims, figures or text layers; module-level imports are the
standard library and the foundation only, so that a fully cached run stays fast.
"""
