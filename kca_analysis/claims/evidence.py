"""What every claim check shares: the verdict, the data it reads, confidence filtering, wording.

A check is a pure function of the loaded data and a minimum confidence that returns a
:class:`Verdict`. ``min_confidence`` drops evidence rows whose ``confidence`` label is below the
level (official > press > secondary); the paper's Table 1 counts as ``secondary`` evidence
(official KITA figures as transcribed by the paper, under a wrong unit label).

Pass ``data=`` (a mapping of dataset name to frame, see :data:`DATASETS`) to any check to use
injected frames instead of the files; missing names are loaded from ``data/``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3, country_name
from kca_analysis.vocab import confidence_rank

VERDICTS: tuple[str, ...] = (
    "supported",
    "supported for some, not testable for others",
    "partly supported",
    "contradicted",
    "not testable",
)
#: What each verdict requires of the evidence (the notebook's verdict vocabulary).
VERDICT_MEANINGS: dict[str, str] = {
    "supported": "The data test every part of the claim (every case, every view of the data), "
    "and every part agrees with it within the threshold the check states.",
    "supported for some, not testable for others": "Every part the data can test agrees "
    "with the claim, and at least one part is not in the data; the evidence says which data "
    "would settle it.",
    "partly supported": "Some parts, cases or views agree with the claim and others do not. "
    "Until the checks return the verdict above, it also covers claims whose other parts are "
    "not in the data.",
    "contradicted": "The data test the claim and it does not hold: no part, case or view "
    "agrees, or it misses the threshold the check states.",
    "not testable": "No data at hand (at the chosen confidence level) can test the claim; the "
    "evidence says which data would settle it.",
}

#: Dataset name -> (file relative to the project root, loader in :mod:`kca_analysis.data`).
DATASETS: dict[str, tuple[str, str]] = {
    "claims": ("data/paper/claims.csv", "load_claims"),
    "table1": ("data/paper/table1_trade.csv", "load_trade_table1"),
    "table1_printed": ("data/paper/table1_trade.csv", "load_paper_trade_table"),
    "cow_trade": ("data/curated/cow_trade_1992_2014.csv", "load_cow_trade"),
    "dots_trade": ("data/curated/imf_dots_trade_2010_2020.csv", "load_dots_trade"),
    "press_trade": ("data/curated/press_trade_2015_2023.csv", "load_press_trade"),
    "unit_evidence": ("data/curated/trade_unit_evidence.csv", "load_trade_unit_evidence"),
    "forum_meetings": ("data/curated/forum_meetings.csv", "load_forum_meetings"),
    "diplomatic_events": ("data/curated/diplomatic_events.csv", "load_diplomatic_events"),
    "diplomatic_relations": ("data/curated/diplomatic_relations.csv", "load_diplomatic_relations"),
    "summit_counts": ("data/curated/bilateral_summit_counts.csv", "load_summit_counts"),
    "ethnic_koreans": ("data/curated/ethnic_korean_population.csv", "load_ethnic_koreans"),
    "oda_dac2a": ("data/curated/oda_dac2a_2002_2019.csv", "load_oda_dac2a"),
    "oda_recipients": ("data/curated/oda_korea_recipients_2009_2010.csv", "load_oda_recipients"),
    "oda_facts": ("data/curated/oda_facts.csv", "load_oda_facts"),
}
#: Every file the ledger reads (the notebook declares these as its inputs).
INPUT_FILES: tuple[str, ...] = tuple(
    sorted({f for f, _ in DATASETS.values()} | {"data/corrections.yml", "data/datapackage.json"})
)
#: Where the paper's Table 1 is used as evidence, its rows count as this confidence.
TABLE1_CONFIDENCE = "secondary"
TABLE1_FILE = DATASETS["table1"][0]

CORE = ("UZB", "KAZ")
OTHERS = ("KGZ", "TJK", "TKM")


#: The kinds of value a fact of a verdict may hold (``None``: not in the data).
FACT_TYPES = (str, int, float, bool, type(None))


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check.

    Attributes
    ----------
    verdict
        One of :data:`VERDICTS`.
    evidence
        The sentence a reader gets, with the computed numbers and the data files.
    sources
        The files and rows used.
    facts
        The numbers the verdict rests on, by plain name with the unit in the name
        (``distance_pct``, ``uzb_net_musd``), thresholds included; read-only, empty for a check
        that states its numbers only in ``evidence``.
    """

    verdict: str
    evidence: str
    sources: tuple[str, ...]
    facts: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}; expected one of {VERDICTS}")
        # numpy scalars become Python numbers, so that facts print and compare plainly
        plain = {k: v.item() if isinstance(v, np.generic) else v for k, v in self.facts.items()}
        for name, value in plain.items():
            if not (isinstance(name, str) and name.isidentifier()):
                raise ValueError(f"fact name {name!r}: expected letters, digits and '_'")
            if not isinstance(value, FACT_TYPES):
                raise TypeError(
                    f"fact {name!r} is a {type(value).__name__}: expected a number, text, "
                    "a boolean or None"
                )
        object.__setattr__(self, "facts", MappingProxyType(plain))


Data = Mapping[str, Any]
Check = Callable[[Data, str], Verdict]


def load_data(*, verify: bool = True, names: Sequence[str] | None = None) -> dict[str, Any]:
    """Load every dataset of :data:`DATASETS` (or ``names``) and the corrections."""
    from kca_analysis import data
    from kca_analysis.data.corrections import load_corrections

    selected = list(DATASETS) if names is None else list(names)
    loaded: dict[str, Any] = {}
    for name in selected:
        if name == "corrections":
            continue
        loaded[name] = getattr(data, DATASETS[name][1])(verify=verify)
    loaded["corrections"] = load_corrections()
    return loaded


def with_data(data: Data | None = None, *, verify: bool = True) -> dict[str, Any]:
    """Return ``data`` completed with whatever datasets it lacks, loaded from ``data/``."""
    given = dict(data or {})
    missing = [n for n in (*DATASETS, "corrections") if n not in given]
    if missing:
        loaded = load_data(verify=verify, names=missing)
        given.update({k: v for k, v in loaded.items() if k not in given})
    return given


def at_confidence(frame: pd.DataFrame, min_confidence: str) -> pd.DataFrame:
    """Keep the rows whose ``confidence`` is at least ``min_confidence``."""
    limit = confidence_rank(min_confidence)
    if "confidence" not in frame.columns:
        return frame
    keep = frame["confidence"].map(lambda c: confidence_rank(str(c)) <= limit)
    return frame[keep.astype(bool)]


def rows_at(
    data: Data,
    name: str,
    min_confidence: str,
    where: Callable[[pd.DataFrame], pd.Series] | None = None,
) -> tuple[pd.DataFrame, int]:
    """Return (rows of ``name`` at the confidence level, number of rows dropped).

    Parameters
    ----------
    data
        Dataset name -> frame (see :data:`DATASETS`).
    name
        The dataset to read.
    min_confidence
        The lowest confidence label kept (official > press > secondary).
    where
        Selects the relevant rows first, so that the count of dropped rows is about the
        evidence of the claim, not the whole file.

    Returns
    -------
    tuple of (DataFrame, int)
    """
    frame = data[name]
    if name == "table1" and "confidence" not in frame.columns:
        frame = frame.assign(confidence=TABLE1_CONFIDENCE)
    if where is not None:
        frame = frame[where(frame).astype(bool)]
    kept = at_confidence(frame, min_confidence)
    return kept, len(frame) - len(kept)


def evidence_rows(data: Data, min_confidence: str) -> pd.DataFrame:
    """How many rows of each evidence file the checks may use at ``min_confidence``.

    The files whose rows carry a confidence label (the paper's Table 1 counting as
    :data:`TABLE1_CONFIDENCE`), each once; the claims file and the printed Table 1 (the cells the
    unit check compares, whatever the level) are not evidence rows.

    Parameters
    ----------
    data
        The datasets (:func:`with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    DataFrame
        ``dataset, file, rows, used, below``: ``below`` rows fall under ``min_confidence``.

    Raises
    ------
    ValueError
        For an unknown ``min_confidence``.
    """
    confidence_rank(min_confidence)
    rows = []
    for name in DATASETS:
        frame = data[name]
        if name in ("claims", "table1_printed") or (
            name != "table1" and "confidence" not in frame.columns
        ):
            continue
        kept, below = rows_at(data, name, min_confidence)
        rows.append((name, dataset_file(name), len(frame), len(kept), below))
    return pd.DataFrame(rows, columns=["dataset", "file", "rows", "used", "below"])


def dataset_file(name: str) -> str:
    """The file (relative to the project root) of a dataset of :data:`DATASETS`."""
    return DATASETS[name][0]


def row_sources(frame: pd.DataFrame, limit: int = 3) -> str:
    """The distinct ``source`` cells of the rows used, or how many there are beyond ``limit``."""
    if "source" not in frame.columns or frame.empty:
        return ""
    values = list(dict.fromkeys(str(s) for s in frame["source"] if isinstance(s, str) and s))
    if len(values) <= limit:
        return " | ".join(values)
    return f"{len(values)} distinct row sources in column 'source'"


def source_ref(name: str, selector: str, frame: pd.DataFrame | None = None) -> str:
    """A verdict's source entry: the file, the rows used and their row sources.

    Parameters
    ----------
    name
        The dataset (see :data:`DATASETS`).
    selector
        Which rows were used, in words (``"partner=South Korea, 1992-2014"``).
    frame
        The rows used, whose ``source`` cells are listed (none when ``None``).

    Returns
    -------
    str
    """
    text = f"{dataset_file(name)} [{selector}]"
    rows = row_sources(frame) if frame is not None else ""
    return f"{text}: {rows}" if rows else text


def dropped_note(count: int, min_confidence: str) -> str:
    """The note on rows left out below ``min_confidence`` (empty when none were)."""
    if not count:
        return ""
    return f" ({count} row(s) below min_confidence={min_confidence} not used)"


def usd(value: float) -> str:
    """Money for an evidence sentence: ``USD 2.18 bn``, ``USD 27.9 m``; ``n/a`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) >= 1e9:
        return f"USD {value / 1e9:,.2f} bn"
    if abs(value) >= 1e6:
        return f"USD {value / 1e6:,.1f} m"
    return f"USD {value:,.0f}"


def pct(value: float, digits: int = 0) -> str:
    """A share (0.3) as a percentage with ``digits`` decimals (``30%``)."""
    return f"{value * 100:.{digits}f}%"


def country_names(codes: Sequence[str]) -> str:
    """ISO3 codes of the five as names joined for prose: "Uzbekistan and Kazakhstan"."""
    names = [country_name(c) if c in CENTRAL_ASIA_ISO3 else c for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def verdict_by_parts(parts: Sequence[bool | None]) -> str:
    """Verdict from the parts of a compound claim: True, False or None (not in the data)."""
    known = [p for p in parts if p is not None]
    if not known:
        return "not testable"
    if all(known) and len(known) == len(parts):
        return "supported"
    if any(known):
        return "partly supported"
    return "contradicted"


def verdict_by_tested_parts(parts: Sequence[bool | None]) -> str:
    """Verdict from the parts of a compound claim, saying when untested parts remain.

    As :func:`verdict_by_parts`, except that a claim whose every tested part holds while
    another part is not in the data (or not at the confidence level) is "supported for some,
    not testable for others", not "partly supported": nothing in the data speaks against it.

    Parameters
    ----------
    parts
        True (the part holds), False (it does not) or None (not testable).

    Returns
    -------
    str
        One of :data:`VERDICTS`.
    """
    known = [p for p in parts if p is not None]
    if known and all(known) and len(known) < len(parts):
        return "supported for some, not testable for others"
    return verdict_by_parts(parts)


def verdict_by_share(hits: int, total: int) -> str:
    """Verdict from how many of the cases agree: all, some, none, or no case in the data."""
    if total == 0:
        return "not testable"
    if hits == total:
        return "supported"
    return "partly supported" if hits else "contradicted"


def mark(value: bool | None, absent: str = "not in the data") -> str:
    """``yes``, ``no`` or ``absent`` (default ``not in the data``), for a part of a claim.

    Parameters
    ----------
    value
        True, False or None (the part is not testable).
    absent
        The words for None: ``not at min_confidence=official`` when the rows exist below the
        level (see :func:`absence`).

    Returns
    -------
    str
    """
    return {True: "yes", False: "no", None: absent}[value]


def absence(below_level: bool, min_confidence: str) -> str:
    """Why a record is missing: ``not at min_confidence=X`` or ``not in the data``.

    Parameters
    ----------
    below_level
        Whether the data hold the record below the chosen confidence level.
    min_confidence
        The level.

    Returns
    -------
    str
    """
    return f"not at min_confidence={min_confidence}" if below_level else "not in the data"


def row_text(frame: pd.DataFrame) -> pd.Series:
    """Every row's cells joined by spaces, for searching a word anywhere in a row."""
    return pd.Series(
        [" ".join(str(v) for v in row) for row in frame.itertuples(index=False)],
        index=frame.index,
        dtype="object",
    )


def countries_of(cell: str) -> list[str]:
    """The ISO3 codes of the five named in a ``countries`` cell ("South Korea;Uzbekistan").

    One implementation: :func:`kca_analysis.analysis.history.event_countries`.

    Parameters
    ----------
    cell
        Names separated by ``;``.

    Returns
    -------
    list of str
    """
    from kca_analysis.analysis.history import event_countries

    return event_countries(cell)
