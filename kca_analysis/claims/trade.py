"""Claims about trade: asymmetry, the two prominent partners, Table 1's unit, fertilizer plants
(C13-C17)."""

from __future__ import annotations

import pandas as pd

from kca_analysis.analysis import investment, table1, trade
from kca_analysis.countries import country_name

from .evidence import (
    CORE,
    DATASETS,
    TABLE1_FILE,
    Data,
    Verdict,
    at_confidence,
    dataset_file,
    mark,
    pct,
    row_sources,
    row_text,
    rows_at,
    source_ref,
    usd,
    verdict_by_parts,
    verdict_by_share,
)
from .trade_evidence import (
    AS_THOUSANDS,
    AS_USD,
    mirror_note,
    no_views,
    ratio_range,
    table1_note,
    unit_evidence,
    unit_verdict,
    view_flows,
    views_note,
)

#: "significantly exceeds": the two's turnover at least this multiple of the three's.
SIGNIFICANT_RATIO = 2.0
#: "varying levels of asymmetry": the spread of the one-sidedness index across the five.
ASYMMETRY_SPREAD = 0.2
#: USD 2.5 billion for the two fertilizer plants, within this relative tolerance.
FERTILIZER_USD = 2.5e9
FERTILIZER_TOLERANCE = 0.10


def trade_views(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Korea's trade with each of the five, per view of the data, at the confidence level.

    The views of :func:`kca_analysis.analysis.trade.trade_views` (Table 1 for 2022 and for
    January-October 2023, IMF DOTS for its latest year from each reporting side), built from
    the rows at ``min_confidence`` (Table 1 counts as :data:`TABLE1_CONFIDENCE`) and summarised
    by :func:`kca_analysis.analysis.trade.trade_summary`, as 03_trade summarises Table 1.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    DataFrame
        One row per view and country: ``view, source, year, period, months, iso3, country,
        export_usd, import_usd, turnover_usd, balance_usd, export_import_ratio,
        share_of_total``; empty when no view covers all five.
    """
    return trade.trade_summary(view_flows(data, min_confidence))


def _views_of(views: pd.DataFrame) -> list[str]:
    """The names of the views, in order."""
    return list(dict.fromkeys(views["view"]))


def _views_at(data: Data, min_confidence: str) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The views at the level (:func:`trade_views`) and the files and rows they read."""
    views = trade_views(data, min_confidence)
    return views, _trade_sources(data, min_confidence, views)


def _views_notes(data: Data, min_confidence: str, views: pd.DataFrame) -> str:
    """The close of every view-based evidence: what the level leaves out, and the files."""
    return (
        f"{table1_note(min_confidence)}{views_note(data, min_confidence, views)} "
        "Data: table1_trade.csv, imf_dots_trade_2010_2020.csv."
    )


def _trade_sources(data: Data, min_confidence: str, views: pd.DataFrame) -> tuple[str, ...]:
    sources = []
    if views["source"].eq(trade.TABLE1_SOURCE).any():
        sources.append(
            f"{TABLE1_FILE} [all rows; read as USD thousand, 2023 = January-October, per "
            "data/corrections.yml]: KITA as compiled by the paper"
        )
    dots_views = views[views["source"] == trade.DOTS_SOURCE]
    if len(dots_views):
        year = int(dots_views["year"].iloc[0])
        dots, _ = rows_at(data, "dots_trade", min_confidence, lambda f: f["year"] == year)
        sources.append(source_ref("dots_trade", f"year={year}, both reporting sides", dots))
    return tuple(sources)


def check_asymmetry(data: Data, min_confidence: str) -> Verdict:
    """C13: varying levels of asymmetry across the five (one-sidedness of trade).

    Per view, :func:`kca_analysis.analysis.trade.asymmetry`: "varying" when the one-sidedness
    spreads by at least :data:`ASYMMETRY_SPREAD`.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    Verdict
    """
    views, sources = _views_at(data, min_confidence)
    if views.empty:
        return Verdict("not testable", no_views("the asymmetry", min_confidence), sources)
    spreads = trade.asymmetry(views)
    parts = [bool(spread >= ASYMMETRY_SPREAD) for spread in spreads["spread"]]
    texts = [
        f"{r.view}: from {country_name(r.most_balanced)} {r.most_balanced_index:.2f} to "
        f"{country_name(r.most_one_sided)} {r.most_one_sided_index:.2f} (spread {r.spread:.2f}); "
        f"Korea in surplus with {r.korea_surplus} of {r.countries}"
        for r in spreads.itertuples()
    ]
    verdict = verdict_by_share(sum(parts), len(parts))
    evidence = (
        "One-sidedness abs(exports - imports) / turnover (0 = balanced, 1 = one-way): "
        + "; ".join(texts)
        + f". 'Varying' = a spread of at least {ASYMMETRY_SPREAD} in a view; it holds in "
        f"{sum(parts)} of {len(parts)} views.{_views_notes(data, min_confidence, views)}"
    )
    facts = {
        "views": len(parts),
        "views_varying": sum(parts),
        "spread_threshold": ASYMMETRY_SPREAD,
        "smallest_spread": float(spreads["spread"].min()),
    }
    return Verdict(verdict, evidence, sources, facts)


def check_prominent_partners(data: Data, min_confidence: str) -> Verdict:
    """C14: Uzbekistan and Kazakhstan the largest partners by turnover.

    Per view, :func:`kca_analysis.analysis.trade.ranking`; the two reporting sides of IMF DOTS
    compared by :func:`kca_analysis.analysis.mirror.mirror_comparison`.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    Verdict
    """
    views, sources = _views_at(data, min_confidence)
    if views.empty:
        return Verdict("not testable", no_views("the ranking", min_confidence), sources)
    ranked = trade.ranking(views)
    parts, texts = [], []
    for view in _views_of(ranked):
        rows = ranked[ranked["view"] == view]
        parts.append(set(rows.loc[rows["rank"] <= len(CORE), "iso3"]) == set(CORE))
        texts.append(
            f"{view}: "
            + ", ".join(f"{country_name(r.iso3)} {usd(r.turnover_usd)}" for r in rows.itertuples())
        )
    verdict = verdict_by_share(sum(parts), len(parts))
    evidence = (
        "Turnover ranking: "
        + "; ".join(texts)
        + f". Uzbekistan and Kazakhstan are the top two in {sum(parts)} of {len(parts)} views."
        + mirror_note(data, min_confidence, views)
        + _views_notes(data, min_confidence, views)
    )
    facts = {"views": len(parts), "views_uzb_kaz_top_two": sum(parts)}
    return Verdict(verdict, evidence, sources, facts)


def significance_ratios(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Per view: turnover of Uzbekistan + Kazakhstan, of the other three, and their ratio.

    Computed by :func:`kca_analysis.analysis.trade.versus_rest` on :func:`trade_views`.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    DataFrame
        ``view, uzb_kaz_usd, other_three_usd, ratio``; empty when no view covers all five.
    """
    views = trade_views(data, min_confidence)
    columns = {"selected_usd": "uzb_kaz_usd", "rest_usd": "other_three_usd"}
    if views.empty:
        return pd.DataFrame(columns=["view", *columns.values(), "ratio"])
    ratios = trade.versus_rest(views, CORE).rename(columns=columns)
    return ratios[["view", *columns.values(), "ratio"]]


def check_significantly_exceeds(data: Data, min_confidence: str) -> Verdict:
    """C15: trade with the two "significantly exceeds" trade with the other three.

    Per view, :func:`significance_ratios`: "significantly" when the ratio is at least
    :data:`SIGNIFICANT_RATIO`.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    Verdict
    """
    ratios = significance_ratios(data, min_confidence)
    views, sources = _views_at(data, min_confidence)
    if ratios.empty:
        return Verdict("not testable", no_views("the comparison", min_confidence), sources)
    ok = [bool(ratio >= SIGNIFICANT_RATIO) for ratio in ratios["ratio"]]
    verdict = verdict_by_share(sum(ok), len(ok))
    texts = "; ".join(
        f"{r.view}: {usd(r.uzb_kaz_usd)} vs {usd(r.other_three_usd)} = {r.ratio:.1f}x"
        for r in ratios.itertuples()
    )
    evidence = (
        f"Turnover of Uzbekistan + Kazakhstan vs Kyrgyzstan + Tajikistan + Turkmenistan: {texts}. "
        f"'Significantly' = at least {SIGNIFICANT_RATIO:g}x; it holds in {sum(ok)} of "
        f"{len(ok)} views (each ratio compares the same months, so the partial year 2023 "
        f"does not bias it).{_views_notes(data, min_confidence, views)}"
    )
    facts = {
        "views": len(ok),
        "views_significant": sum(ok),
        "ratio_threshold": SIGNIFICANT_RATIO,
        "smallest_ratio": float(ratios["ratio"].min()),
    }
    return Verdict(verdict, evidence, sources, facts)


#: Which dataset a data loader reads.
_LOADER_DATASETS = {loader: name for name, (_, loader) in DATASETS.items()}


def unit_comparisons(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Independent figures set against the printed Table 1 cells, at the confidence level.

    :func:`kca_analysis.analysis.table1.unit_comparisons`, as 03_trade shows them: the
    references of the unit correction's guard (``data/corrections.yml``; evaluated by the data
    layer on the files in ``data/``, against the printed table in ``data``) and the Korea-side
    press figures for the same country, flow and year as a printed cell.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the independent figures used.

    Returns
    -------
    DataFrame
        ``reference, file, source, confidence, reference_usd, printed, ratio, same_cell``
        (``same_cell``: the figure is for the printed cell's own country, flow and year).
    """
    from kca_analysis.data import TABLE1_KEY

    columns = ["reference", "file", "source", "confidence", "reference_usd", "printed", "ratio"]
    columns.append("same_cell")
    parts = [
        table1.unit_comparisons(correction, data["table1_printed"], data["press_trade"])
        for correction in data["corrections"].values()
        if correction.applies_to == TABLE1_KEY and correction.action.get("type") == "unit"
    ]
    if not parts:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(parts, ignore_index=True)
    frame["file"] = [dataset_file(_LOADER_DATASETS[loader]) for loader in frame["loader"]]
    return at_confidence(frame, min_confidence)[columns].reset_index(drop=True)


def check_table1_unit(data: Data, min_confidence: str) -> Verdict:
    """C16: Table 1's caption says the values are USD.

    :func:`unit_comparisons`: supported when every independent figure is within a factor of
    ten of the printed cell, contradicted when every one is 100-10,000 times it
    (:func:`kca_analysis.analysis.table1.within_magnitude`). The evidence names the same-cell,
    same-year matches first: they fix the unit, the other years only its magnitude.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    Verdict
    """
    comparisons = unit_comparisons(data, min_confidence)
    every = len(unit_comparisons(data, "secondary"))
    files = list(dict.fromkeys(sorted(comparisons["file"])))
    sources = tuple(
        [f"{TABLE1_FILE} [printed cells]", "data/corrections.yml [table1_unit_is_thousand_usd]"]
        + [
            f"{f} [{'; '.join(comparisons.loc[comparisons['file'] == f, 'reference'])}]: "
            + " | ".join(dict.fromkeys(comparisons.loc[comparisons["file"] == f, "source"]))
            for f in files
        ]
    )
    if comparisons.empty:
        return Verdict(
            "not testable",
            f"No independent trade figure at min_confidence={min_confidence} to compare with the "
            f"printed cells ({every} comparison(s) are below the chosen confidence level); "
            "Korea-side figures for any Table 1 flow would settle it.",
            sources,
        )
    verdict, as_usd, as_thousand = unit_verdict(comparisons)
    evidence = (
        f"Independent figure / printed cell. {unit_evidence(comparisons, every, min_confidence)} "
        f"{sum(as_thousand)} of {len(comparisons)} ratios lie within {ratio_range(AS_THOUSANDS)} "
        f"(the figures are thousands of USD), {sum(as_usd)} within {ratio_range(AS_USD)} (USD "
        "as labelled). Data: trade_unit_evidence.csv, imf_dots_trade_2010_2020.csv, "
        "press_trade_2015_2023.csv."
    )
    same = comparisons["same_cell"].astype(bool)
    facts = {
        "comparisons": len(comparisons),
        "same_cell_comparisons": int(same.sum()),
        "ratios_as_thousands": sum(as_thousand),
        "ratios_as_usd": sum(as_usd),
        "smallest_ratio": float(comparisons["ratio"].min()),
        "largest_ratio": float(comparisons["ratio"].max()),
    }
    return Verdict(verdict, evidence, sources, facts)


def check_fertilizer_plants(data: Data, min_confidence: str) -> Verdict:
    """C17: two fertilizer plant projects in Turkmenistan worth USD 2.5 billion together.

    No data file records investment projects. An ``investment_projects`` frame (columns
    ``country, sector, project, value_usd, source, confidence``) passed in ``data`` is used
    when present; its count and total come from :mod:`kca_analysis.analysis.investment`.

    Parameters
    ----------
    data
        The loaded data (:func:`kca_analysis.claims.with_data`).
    min_confidence
        The lowest confidence label of the rows used.

    Returns
    -------
    Verdict
    """
    mentions, hit_count, hits_below = [], 0, 0
    for name in ("diplomatic_events", "forum_meetings", "oda_facts"):
        hits, below = rows_at(data, name, min_confidence, _mentions_fertilizer)
        hit_count, hits_below = hit_count + len(hits), hits_below + below
        mentions.append(source_ref(name, f"searched for 'fertili': {len(hits)} row(s)", hits))
    below_note = (
        f" ({hits_below} more below the chosen confidence level, not used)" if hits_below else ""
    )
    projects = data.get("investment_projects")
    if projects is None:
        return Verdict(
            "not testable",
            "No data file records Korean investment projects or their values; "
            f"{hit_count} row(s) of diplomatic_events.csv, forum_meetings.csv and oda_facts.csv "
            f"at min_confidence={min_confidence} mention fertilizer plants{below_note}. It "
            "would take project-level records of the Korean fertilizer-plant projects in "
            "Turkmenistan (e.g. the Yonhap report the paper cites [7], Hyundai Engineering's "
            "memorandum for the Balkan ammonia-urea plant, contract values from Turkmenhimiya).",
            tuple(mentions),
            {"rows_mentioning_fertilizer": hit_count},
        )
    every = investment.sector_projects(projects, "Turkmenistan", "fertili")
    tkm = at_confidence(every, min_confidence)
    found = investment.projects_total(tkm)
    source = (f"investment_projects [{found.count} rows]: {row_sources(tkm)}",)
    if tkm.empty and len(every):
        return Verdict(
            "not testable",
            f"No fertilizer-plant project in Turkmenistan at min_confidence={min_confidence}: "
            f"the {len(every)} project row(s) are below the chosen confidence level (in the "
            "data, not used); a source at that level would settle it. Data: investment_projects.",
            source,
        )
    two = found.count == 2
    close = (
        abs(found.total_usd / FERTILIZER_USD - 1) <= FERTILIZER_TOLERANCE if found.count else False
    )
    evidence = (
        f"{found.count} fertilizer-plant project(s) in Turkmenistan, together "
        f"{usd(found.total_usd)} "
        f"(two projects: {mark(two)}; within ±{pct(FERTILIZER_TOLERANCE)} of USD 2.5 bn: "
        f"{mark(close)}). Data: investment_projects."
    )
    return Verdict(verdict_by_parts([two, close]), evidence, source)


def _mentions_fertilizer(frame: pd.DataFrame) -> pd.Series:
    return row_text(frame).str.contains("fertili", case=False)
