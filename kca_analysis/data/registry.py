"""Every data file, the loader that validates it and its declared schema (``kca check`` walks
these)."""

from __future__ import annotations

from .context import (
    DIPLOMATIC_EVENTS_SCHEMA,
    ETHNIC_KOREANS_SCHEMA,
    FORUM_MEETINGS_SCHEMA,
    SUMMIT_COUNTS_SCHEMA,
    load_diplomatic_events,
    load_ethnic_koreans,
    load_forum_meetings,
    load_gdp,
    load_population,
    load_summit_counts,
    wdi_context_schema,
)
from .oda import (
    ODA_DAC2A_SCHEMA,
    ODA_FACTS_SCHEMA,
    ODA_RECIPIENTS_SCHEMA,
    ODA_WDI_KAZ_SCHEMA,
    load_oda_dac2a,
    load_oda_facts,
    load_oda_recipients,
    load_oda_wdi_kazakhstan,
)
from .paper import (
    CLAIMS_SCHEMA,
    EVENTS_SCHEMA,
    FORUM_TOPICS_SCHEMA,
    load_claims,
    load_events,
    load_forum_topics,
)
from .table1 import load_trade_table1
from .trade import (
    COW_TRADE_SCHEMA,
    DOTS_TRADE_SCHEMA,
    PRESS_TRADE_SCHEMA,
    UNIT_EVIDENCE_SCHEMA,
    WDI_KOREA_SCHEMA,
    load_cow_trade,
    load_dots_trade,
    load_korea_totals,
    load_press_trade,
    load_trade_unit_evidence,
)

LOADERS = {
    "data/paper/table1_trade.csv": load_trade_table1,
    "data/paper/events.csv": load_events,
    "data/paper/forum_topics.csv": load_forum_topics,
    "data/external/cow_trade_1992_2014.csv": load_cow_trade,
    "data/external/imf_dots_trade_2010_2020.csv": load_dots_trade,
    "data/external/press_trade_2015_2023.csv": load_press_trade,
    "data/external/trade_unit_evidence.csv": load_trade_unit_evidence,
    "data/external/wdi_korea_totals_1992_2023.csv": load_korea_totals,
    "data/external/forum_meetings.csv": load_forum_meetings,
    "data/external/diplomatic_events.csv": load_diplomatic_events,
    "data/external/bilateral_summit_counts.csv": load_summit_counts,
    "data/external/ethnic_korean_population.csv": load_ethnic_koreans,
    "data/external/oda_dac2a_2002_2019.csv": load_oda_dac2a,
    "data/external/oda_wdi_kazakhstan_1992_2023.csv": load_oda_wdi_kazakhstan,
    "data/external/oda_korea_recipients_2009_2010.csv": load_oda_recipients,
    "data/external/oda_facts.csv": load_oda_facts,
    "data/external/gdp_wdi.csv": load_gdp,
    "data/external/population_wdi.csv": load_population,
}

#: The declared schema of every data file read through :func:`read_table`.
SCHEMAS = {
    "data/paper/events.csv": EVENTS_SCHEMA,
    "data/paper/forum_topics.csv": FORUM_TOPICS_SCHEMA,
    "data/external/cow_trade_1992_2014.csv": COW_TRADE_SCHEMA,
    "data/external/imf_dots_trade_2010_2020.csv": DOTS_TRADE_SCHEMA,
    "data/external/press_trade_2015_2023.csv": PRESS_TRADE_SCHEMA,
    "data/external/trade_unit_evidence.csv": UNIT_EVIDENCE_SCHEMA,
    "data/external/wdi_korea_totals_1992_2023.csv": WDI_KOREA_SCHEMA,
    "data/external/forum_meetings.csv": FORUM_MEETINGS_SCHEMA,
    "data/external/diplomatic_events.csv": DIPLOMATIC_EVENTS_SCHEMA,
    "data/external/bilateral_summit_counts.csv": SUMMIT_COUNTS_SCHEMA,
    "data/external/ethnic_korean_population.csv": ETHNIC_KOREANS_SCHEMA,
    "data/external/oda_dac2a_2002_2019.csv": ODA_DAC2A_SCHEMA,
    "data/external/oda_wdi_kazakhstan_1992_2023.csv": ODA_WDI_KAZ_SCHEMA,
    "data/external/oda_korea_recipients_2009_2010.csv": ODA_RECIPIENTS_SCHEMA,
    "data/external/oda_facts.csv": ODA_FACTS_SCHEMA,
    "data/external/gdp_wdi.csv": wdi_context_schema("USD"),
    "data/external/population_wdi.csv": wdi_context_schema("persons"),
}


# --------------------------------------------------------------------------------------------
LOADERS["data/paper/claims.csv"] = load_claims
SCHEMAS["data/paper/claims.csv"] = CLAIMS_SCHEMA
