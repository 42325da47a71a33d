"""The analysis layer: computation only, on the tidy frames of :mod:`kca_analysis.data`.

One module per topic (``history``, ``trade``, ``oda``, ``forums``), split further where a topic is
large; each returns DataFrames and small fact records, never a figure or a sentence. The claims
(:mod:`kca_analysis.claims`), the figures and the notebooks all compute through these modules, so
that one question gets one answer.
"""
