"""The analysis layer: computation only, on the tidy frames of :mod:`kca_analysis.data`.

Each module takes tidy DataFrames and returns DataFrames or small fact records; nothing here
draws, displays or writes prose. The claims (:mod:`kca_analysis.claims`), the figures and the
notebooks all compute through these modules, so that one question gets one answer.

- history: ``history`` (periods, events, the diaspora), ``trade_history`` (trade 1992-2023
  from three sources), ``trade_basis`` (whose figure each value is), ``source_overlap`` (COW
  against IMF DOTS), ``crisis`` (the 1997 decline and the 2000s resurgence),
  ``trade_partners`` (Korea among Central Asia's partners, COW's coverage gaps), and the fact
  records ``history_facts``, ``trade_history_facts``, ``trade_partners_facts``;
- trade: ``trade`` (summary, shares, concentration), ``periods`` (units, partial years),
  ``trade_series``, ``mirror`` (both reporting sides), ``table1`` (the paper's table against
  other figures), ``investment``;
- ODA: ``oda`` (re-exports ``oda_korea``, ``oda_donors``, ``oda_recipients``,
  ``oda_programmes``);
- forums: ``forums`` (re-exports ``forum_meetings`` and ``forum_themes``).

Each imports only :mod:`kca_analysis.data`, the foundation (``paths``, ``files``,
``countries``, ``vocab``) and other ``analysis`` modules.
"""
