"""Sentences with numbers: small functions that turn the analysis' fact records into Markdown.

``format`` writes numbers, years and names the same way everywhere; ``table1`` and ``trade``
word the fact records of 03_trade, ``profile`` those of the country profile.
"""

from . import profile, table1, trade
from .format import format_count, format_names, format_number, format_years, humanize_usd

__all__ = [
    "format_count",
    "format_names",
    "format_number",
    "format_years",
    "humanize_usd",
    "profile",
    "table1",
    "trade",
]
