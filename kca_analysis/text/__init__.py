"""Sentences with numbers: small functions that turn the analysis' fact records into Markdown.

``format`` writes numbers, years and names the same way everywhere.
"""

from .format import format_names, format_number, format_years, humanize_usd

__all__ = ["format_names", "format_number", "format_years", "humanize_usd"]
