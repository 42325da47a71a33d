"""Analysis: computation only. Each module takes tidy DataFrames (from :mod:`kca_analysis.data`)
and returns DataFrames or small fact records; nothing here draws, displays or writes prose.

``from kca_analysis.analysis import trade`` (and ``history``, ``oda``, ``forums``) gives one topic.
"""
