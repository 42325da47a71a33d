"""Computation only: DataFrames and small fact records out, no drawing and no prose.

Modules per topic (``history``, ``trade_history``, ``crisis``, ``trade_partners``, ...); each
imports only :mod:`kca_analysis.data`, the foundation (``paths``, ``files``, ``countries``,
``vocab``) and other ``analysis`` modules.
"""
