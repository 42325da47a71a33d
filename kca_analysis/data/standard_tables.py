"""Tables that follow from the data alone, written by ``kca run`` before the notebooks.

Each entry of :data:`STANDARD_TABLES` is a pure function of the data files returning a
DataFrame; :func:`write_standard_tables` writes them to ``<output_dir>/tables/<name>.csv``.
Notebooks show the same tables by calling the same functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def trade_table1_tidy() -> pd.DataFrame:
    """The paper's Table 1, corrected and tidy (see :func:`.table1.load_trade_table1`).

    Returns
    -------
    DataFrame
    """
    from .table1 import load_trade_table1

    return load_trade_table1()


STANDARD_TABLES: dict[str, Callable[[], pd.DataFrame]] = {
    "trade_table1_tidy": trade_table1_tidy,
}

#: The data files the standard tables read (for the pipeline's fingerprint and manifest): Table 1,
#: its corrections, the catalog, and the files its corrections' guards compare it with.
STANDARD_TABLE_INPUTS = (
    "data/paper/table1_trade.csv",
    "data/corrections.yml",
    "data/datapackage.json",
    "data/curated/trade_unit_evidence.csv",
    "data/curated/imf_dots_trade_2010_2020.csv",
    "data/curated/press_trade_2015_2023.csv",
)


def write_standard_tables(output_dir: str | os.PathLike) -> list[Path]:
    """Write every standard table into ``<output_dir>/tables/``.

    Parameters
    ----------
    output_dir
        The outputs folder.

    Returns
    -------
    list of Path
        The files written.
    """
    from ..files import save_table

    written = []
    for name, build in STANDARD_TABLES.items():
        path = save_table(build(), name, output_dir)
        if path is not None:
            written.append(Path(path))
    return written
