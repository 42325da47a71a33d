"""Numbers, years and names as a reader expects them in prose and tables.

Every sentence of the collection writes money with :func:`humanize_usd`, table cells with
:func:`format_number`, runs of years with :func:`format_years`, lists of names with
:func:`format_names` and counts with :func:`format_count`, so that the same value always reads
the same way; a section's closing sentence begins with :data:`FINDING`.
"""

from __future__ import annotations

from collections.abc import Iterable

#: How the closing sentence of a notebook section begins: its finding.
FINDING = "**Finding.**"


def format_number(value: float) -> str:
    """Format a float for tables: thousands separators and two decimals, or three significant
    digits below one (so that a ratio of 0.0036 is not shown as 0.00)."""
    if value != value:  # NaN
        return "NaN"
    if value == 0 or abs(value) >= 1:
        return f"{value:,.2f}"
    return f"{value:.3g}"


def humanize_usd(value: float) -> str:
    """Return a US-dollar amount for prose: ``"USD 2.18 billion"``, ``"USD 27.9 million"``,
    ``"USD 541 thousand"``, ``"USD 3 thousand"``; negative amounts keep their sign."""
    if value != value:
        return "no figure"
    sign = "-" if value < 0 else ""
    amount = abs(float(value))
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if amount >= size:
            scaled = amount / size
            digits = 2 if scaled < 10 else (1 if scaled < 100 else 0)
            return f"USD {sign}{scaled:,.{digits}f} {word}"
    return f"USD {sign}{amount:,.0f}"


def format_years(years: Iterable[int]) -> str:
    """Write years compactly, runs as ranges.

    Examples
    --------
    >>> format_years([1990, 1991, 1992, 2021])
    '1990-1992, 2021'
    """
    years = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def format_names(names: Iterable[str]) -> str:
    """Join names for prose: ``["A", "B", "C"]`` -> ``"A, B and C"``."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def format_count(count: int, word: str, plural: str | None = None) -> str:
    """Write a count with its noun, singular or plural.

    Parameters
    ----------
    count
        How many.
    word
        The noun in the singular (``"figure"``).
    plural
        The plural when it is not ``word + "s"``.

    Returns
    -------
    str
        ``"1 figure"``, ``"3 figures"``.
    """
    return f"{count} {word if count == 1 else (plural or word + 's')}"
