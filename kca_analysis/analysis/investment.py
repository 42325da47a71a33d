"""Korean investment projects in the five: which projects a frame records and their value.

No data file records investment projects yet; these functions work on any frame with the
columns ``country, sector, project, value_usd`` (one row per project).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["ProjectsTotal", "projects_total", "sector_projects"]


@dataclass(frozen=True)
class ProjectsTotal:
    """How many projects there are and their combined value (USD; missing when none has one)."""

    count: int
    total_usd: float


def sector_projects(projects: pd.DataFrame, country: str, sector: str) -> pd.DataFrame:
    """Return the projects in ``country`` whose sector mentions ``sector`` (ignoring case).

    Parameters
    ----------
    projects
        One row per project: ``country, sector, project, value_usd``.
    country
        The country's name as the frame writes it ("Turkmenistan").
    sector
        A word or stem to find in the ``sector`` cell ("fertili").

    Returns
    -------
    DataFrame
        The matching rows.

    Raises
    ------
    ValueError
        When ``country`` or ``sector`` is not a column of ``projects``.
    """
    missing = {"country", "sector"} - set(projects.columns)
    if missing:
        raise ValueError(f"sector_projects needs the columns {sorted(missing)}")
    found = projects["sector"].astype(str).str.contains(sector, case=False, regex=False)
    return projects[(projects["country"] == country) & found]


def projects_total(projects: pd.DataFrame) -> ProjectsTotal:
    """Return the number of projects and their combined ``value_usd``.

    Parameters
    ----------
    projects
        Rows of projects with a ``value_usd`` column.

    Returns
    -------
    ProjectsTotal
        ``total_usd`` is missing when no project has a value (a gap is not a zero).
    """
    total = projects["value_usd"].astype("float64").sum(min_count=1)
    return ProjectsTotal(count=len(projects), total_usd=float(total))
