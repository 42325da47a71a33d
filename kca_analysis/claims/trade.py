"""Claims about trade: asymmetry, the two prominent partners, Table 1's unit, fertilizer plants
(C13-C17)."""

from __future__ import annotations

import pandas as pd

from kca_analysis.countries import CENTRAL_ASIA_ISO3, country_name
from kca_analysis.vocab import confidence_rank

from .evidence import (
    CORE,
    DATASETS,
    OTHERS,
    TABLE1_CONFIDENCE,
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

#: "significantly exceeds": the two's turnover at least this multiple of the three's.
SIGNIFICANT_RATIO = 2.0
#: "varying levels of asymmetry": the spread of the one-sidedness index across the five.
ASYMMETRY_SPREAD = 0.2
#: USD 2.5 billion for the two fertilizer plants, within this relative tolerance.
FERTILIZER_USD = 2.5e9
FERTILIZER_TOLERANCE = 0.10


def trade_views(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Korea's exports and imports with each of the five, per view of the data.

    Views: the paper's Table 1 for 2022 and for January-October 2023 (USD, corrected to
    thousands), and IMF DOTS for its latest year as reported by Korea and by each partner
    (mirror flows). A view is kept only when it covers all five countries at the confidence
    level. Columns: ``view, file, iso3, export_usd, import_usd, turnover_usd``.
    """
    records = []
    table1, _ = rows_at(data, "table1", min_confidence)
    for period, label in (("2022", "Table 1, 2022"), ("2023-01..10", "Table 1, Jan-Oct 2023")):
        part = table1[table1["period"] == period]
        pivot = part.pivot_table(index="iso3", columns="flow", values="value_usd", aggfunc="sum")
        if set(CENTRAL_ASIA_ISO3) <= set(pivot.index) and {"export", "import"} <= set(
            pivot.columns
        ):
            for code in CENTRAL_ASIA_ISO3:
                records.append(
                    (label, TABLE1_FILE, code, pivot.loc[code, "export"], pivot.loc[code, "import"])
                )
    dots, _ = rows_at(data, "dots_trade", min_confidence)
    if not dots.empty:
        year = int(dots["year"].max())
        latest = dots[dots["year"] == year]
        for side, label in (
            ("korea", f"IMF DOTS {year}, Korea-reported"),
            ("partner", f"IMF DOTS {year}, partner-reported"),
        ):
            rows = (
                latest[latest["reporting_side"] == "Korea"]
                if side == "korea"
                else latest[latest["reporting_side"] != "Korea"]
            )
            pivot = rows.pivot_table(
                index="iso3", columns="flow", values="value_usd", aggfunc="sum"
            )
            if set(CENTRAL_ASIA_ISO3) <= set(pivot.index) and {"export", "import"} <= set(
                pivot.columns
            ):
                if pivot.loc[list(CENTRAL_ASIA_ISO3), ["export", "import"]].notna().all().all():
                    for code in CENTRAL_ASIA_ISO3:
                        records.append(
                            (
                                label,
                                dataset_file("dots_trade"),
                                code,
                                pivot.loc[code, "export"],
                                pivot.loc[code, "import"],
                            )
                        )
    frame = pd.DataFrame(
        records, columns=["view", "file", "iso3", "export_usd", "import_usd"]
    ).astype({"export_usd": "float64", "import_usd": "float64"})
    frame["turnover_usd"] = frame["export_usd"] + frame["import_usd"]
    return frame


def _trade_sources(data: Data, min_confidence: str, views: pd.DataFrame) -> tuple[str, ...]:
    sources = []
    if views["file"].eq(TABLE1_FILE).any():
        sources.append(
            f"{TABLE1_FILE} [all rows; read as USD thousand, 2023 = January-October, per "
            "data/corrections.yml]: KITA as compiled by the paper"
        )
    dots_views = views.loc[views["file"] == dataset_file("dots_trade"), "view"].unique()
    if len(dots_views):
        dots, _ = rows_at(data, "dots_trade", min_confidence)
        year = int(dots["year"].max())
        sources.append(
            source_ref(
                "dots_trade", f"year={year}, both reporting sides", dots[dots["year"] == year]
            )
        )
    return tuple(sources)


def _no_views(claim: str, min_confidence: str) -> str:
    return (
        f"No complete view of Korea's trade with all five at min_confidence={min_confidence} "
        f"(Table 1 counts as {TABLE1_CONFIDENCE}); {claim} would be settled by Korean customs "
        "(KITA / K-stat) figures for each of the five."
    )


def _table1_note(min_confidence: str) -> str:
    if confidence_rank(min_confidence) < confidence_rank(TABLE1_CONFIDENCE):
        return f" Table 1 ({TABLE1_CONFIDENCE}) not used at min_confidence={min_confidence}."
    return ""


def check_asymmetry(data: Data, min_confidence: str) -> Verdict:
    """C13: varying levels of asymmetry across the five (one-sidedness of trade)."""
    views = trade_views(data, min_confidence)
    sources = _trade_sources(data, min_confidence, views)
    if views.empty:
        return Verdict("not testable", _no_views("the asymmetry", min_confidence), sources)
    views = views.assign(
        index=(views["export_usd"] - views["import_usd"]).abs() / views["turnover_usd"]
    )
    parts, texts = [], []
    for view, rows in views.groupby("view", sort=False):
        spread = rows["index"].max() - rows["index"].min()
        parts.append(bool(spread >= ASYMMETRY_SPREAD))
        low, high = rows.loc[rows["index"].idxmin()], rows.loc[rows["index"].idxmax()]
        surplus = rows[rows["export_usd"] > rows["import_usd"]]["iso3"].tolist()
        texts.append(
            f"{view}: from {country_name(low['iso3'])} {low['index']:.2f} to "
            f"{country_name(high['iso3'])} "
            f"{high['index']:.2f} (spread {spread:.2f}); Korea in surplus with "
            f"{len(surplus)} of 5"
        )
    verdict = verdict_by_share(sum(parts), len(parts))
    evidence = (
        "One-sidedness abs(exports - imports) / turnover (0 = balanced, 1 = one-way): "
        + "; ".join(texts)
        + f". 'Varying' = a spread of at least {ASYMMETRY_SPREAD} in a view; it holds in "
        f"{sum(parts)} of {len(parts)} views.{_table1_note(min_confidence)} "
        "Data: table1_trade.csv, imf_dots_trade_2010_2020.csv."
    )
    return Verdict(verdict, evidence, sources)


def _mirror_note(views: pd.DataFrame) -> str:
    """Where Korea and a partner report the same flows: the largest disagreement."""
    korea = views[views["view"].str.endswith("Korea-reported")].set_index("iso3")
    partner = views[views["view"].str.endswith("partner-reported")].set_index("iso3")
    if korea.empty or partner.empty:
        return ""
    gap = (partner["export_usd"] / korea["export_usd"]).dropna()
    code = (gap - 1).abs().idxmax()
    return (
        f" The two reporting sides differ in size, most for {country_name(code)}: it reports "
        f"{usd(partner.loc[code, 'export_usd'])} of imports from Korea, Korea reports "
        f"{usd(korea.loc[code, 'export_usd'])} of exports ({gap[code]:.2f}x)."
    )


def check_prominent_partners(data: Data, min_confidence: str) -> Verdict:
    """C14: Uzbekistan and Kazakhstan the largest partners by turnover."""
    views = trade_views(data, min_confidence)
    sources = _trade_sources(data, min_confidence, views)
    if views.empty:
        return Verdict("not testable", _no_views("the ranking", min_confidence), sources)
    parts, texts = [], []
    for view, rows in views.groupby("view", sort=False):
        ranked = rows.sort_values("turnover_usd", ascending=False)
        top = ranked["iso3"].tolist()
        parts.append(set(top[:2]) == set(CORE))
        texts.append(
            f"{view}: "
            + ", ".join(
                f"{country_name(r['iso3'])} {usd(r['turnover_usd'])}" for _, r in ranked.iterrows()
            )
        )
    verdict = verdict_by_share(sum(parts), len(parts))
    evidence = (
        "Turnover ranking: "
        + "; ".join(texts)
        + f". Uzbekistan and Kazakhstan are the top two in {sum(parts)} of {len(parts)} views."
        + _mirror_note(views)
        + f"{_table1_note(min_confidence)} Data: table1_trade.csv, imf_dots_trade_2010_2020.csv."
    )
    return Verdict(verdict, evidence, sources)


def significance_ratios(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Per view: turnover of Uzbekistan + Kazakhstan, of the other three, and their ratio."""
    views = trade_views(data, min_confidence)
    rows = []
    for view, part in views.groupby("view", sort=False):
        two = part[part["iso3"].isin(CORE)]["turnover_usd"].sum()
        three = part[part["iso3"].isin(OTHERS)]["turnover_usd"].sum()
        rows.append((view, two, three, two / three if three else float("inf")))
    return pd.DataFrame(rows, columns=["view", "uzb_kaz_usd", "other_three_usd", "ratio"])


def check_significantly_exceeds(data: Data, min_confidence: str) -> Verdict:
    """C15: trade with the two "significantly exceeds" trade with the other three."""
    ratios = significance_ratios(data, min_confidence)
    views = trade_views(data, min_confidence)
    sources = _trade_sources(data, min_confidence, views)
    if ratios.empty:
        return Verdict("not testable", _no_views("the comparison", min_confidence), sources)
    ok = ratios["ratio"] >= SIGNIFICANT_RATIO
    verdict = verdict_by_share(int(ok.sum()), len(ratios))
    texts = "; ".join(
        f"{r['view']}: {usd(r['uzb_kaz_usd'])} vs {usd(r['other_three_usd'])} = {r['ratio']:.1f}x"
        for _, r in ratios.iterrows()
    )
    evidence = (
        f"Turnover of Uzbekistan + Kazakhstan vs Kyrgyzstan + Tajikistan + Turkmenistan: {texts}. "
        f"'Significantly' = at least {SIGNIFICANT_RATIO:g}x; it holds in {int(ok.sum())} of "
        f"{len(ratios)} views (each ratio compares the same months, so the partial year 2023 "
        f"does not bias it).{_table1_note(min_confidence)} "
        "Data: table1_trade.csv, imf_dots_trade_2010_2020.csv."
    )
    return Verdict(verdict, evidence, sources)


#: Which dataset a guard reference's loader reads.
_LOADER_DATASETS = {loader: name for name, (_, loader) in DATASETS.items()}


def unit_comparisons(data: Data, min_confidence: str = "secondary") -> pd.DataFrame:
    """Independent figures set against the printed Table 1 cells: the references of the unit
    correction's guard (``data/corrections.yml``) and Korea-side press figures for the same
    country, flow and year as a Table 1 cell. Columns: ``reference, file, source, confidence,
    reference_usd, printed, ratio``."""
    from kca_analysis.data import TABLE1_COUNTRY_COLUMN, TABLE1_KEY, TABLE1_VALUE_COLUMNS
    from kca_analysis.data.guards import table_cell

    printed = data["table1_printed"]
    unit = [
        c
        for c in data["corrections"].values()
        if c.applies_to == TABLE1_KEY and c.action.get("type") == "unit"
    ]
    rows = []
    for correction in unit:
        guard = correction.guard
        cell = table_cell(printed, guard["table_cell"])
        for reference in guard["references"]:
            name = _LOADER_DATASETS[reference["loader"]]
            frame, _ = rows_at(data, name, min_confidence)
            for column, value in reference["where"].items():
                frame = frame[frame[column].astype(str) == str(value)]
            if len(frame) != 1 or pd.isna(frame["value_usd"].iloc[0]):
                continue
            row = frame.iloc[0]
            where = ", ".join(f"{k}={v}" for k, v in reference["where"].items())
            rows.append(
                (
                    f"{guard['table_cell']['country']} {guard['table_cell']['column']} vs {where}",
                    dataset_file(name),
                    row.get("source", ""),
                    row["confidence"],
                    float(row["value_usd"]),
                    cell,
                )
            )
    # Korea-side press figures for exactly a Table 1 cell (same country, flow, full year 2022).
    press, _ = rows_at(data, "press_trade", min_confidence)
    same = press[
        (press["reporting_side"] == "Korea")
        & (press["period"] == "2022")
        & press["flow"].isin(["export", "import"])
        & press["bound"].isna()
    ]
    columns = {v: k for k, v in TABLE1_VALUE_COLUMNS.items()}
    for _, row in same.iterrows():
        column = columns.get((row["flow"], "2022"))
        match = printed[printed[TABLE1_COUNTRY_COLUMN] == row["country"]]
        if column is None or match.empty:
            continue
        cell = table_cell(printed, {"country": row["country"], "column": column})
        rows.append(
            (
                f"{row['country']} {column} vs press {row['flow']} {row['period']}",
                dataset_file("press_trade"),
                row["source"],
                row["confidence"],
                float(row["value_usd"]),
                cell,
            )
        )
    frame = pd.DataFrame(
        rows, columns=["reference", "file", "source", "confidence", "reference_usd", "printed"]
    )
    frame["ratio"] = frame["reference_usd"] / frame["printed"]
    return frame


def check_table1_unit(data: Data, min_confidence: str) -> Verdict:
    """C16: Table 1's caption says the values are USD."""
    comparisons = unit_comparisons(data, min_confidence)
    files = sorted(set(comparisons["file"])) if not comparisons.empty else []
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
            "printed cells; Korea-side figures for any Table 1 flow would settle it.",
            sources,
        )
    as_usd = comparisons["ratio"].between(0.1, 10)
    as_thousand = comparisons["ratio"].between(100, 10_000)
    if as_usd.all():
        verdict = "supported"
    elif as_thousand.all():
        verdict = "contradicted"
    elif as_usd.any():
        verdict = "partly supported"
    else:
        verdict = "not testable"
    shown = "; ".join(
        f"{r['reference']}: {usd(r['reference_usd'])} / {r['printed']:,} = {r['ratio']:,.0f}"
        for _, r in comparisons.iterrows()
    )
    evidence = (
        f"Independent figure / printed cell: {shown}. {int(as_thousand.sum())} of "
        f"{len(comparisons)} ratios lie within 100-10,000 (the figures are thousands of USD), "
        f"{int(as_usd.sum())} within 0.1-10 (USD as labelled). Same comparisons as the guard "
        "of the correction in data/corrections.yml, plus Korea-side press figures for the "
        "same 2022 cells. Data: trade_unit_evidence.csv, imf_dots_trade_2010_2020.csv, "
        "press_trade_2015_2023.csv."
    )
    return Verdict(verdict, evidence, sources)


def check_fertilizer_plants(data: Data, min_confidence: str) -> Verdict:
    """C17: two fertilizer plant projects in Turkmenistan worth USD 2.5 billion together.

    No data file records investment projects. An ``investment_projects`` frame (columns
    ``country, sector, project, value_usd, source, confidence``) passed in ``data`` is used
    when present.
    """
    mentions, hit_count = [], 0
    for name in ("diplomatic_events", "forum_meetings", "oda_facts"):
        frame, _ = rows_at(data, name, min_confidence)
        hits = frame[row_text(frame).str.contains("fertili", case=False)]
        hit_count += len(hits)
        mentions.append(source_ref(name, f"searched for 'fertili': {len(hits)} row(s)", hits))
    projects = data.get("investment_projects")
    if projects is None:
        return Verdict(
            "not testable",
            "No data file records Korean investment projects or their values; "
            f"{hit_count} row(s) of diplomatic_events.csv, forum_meetings.csv and oda_facts.csv "
            "mention fertilizer plants at all. It would take project-level records of the "
            "Korean fertilizer-plant projects in Turkmenistan (e.g. the Yonhap report the paper "
            "cites [7], Hyundai Engineering's memorandum for the Balkan ammonia-urea plant, "
            "contract values from Turkmenhimiya).",
            tuple(mentions),
        )
    projects = at_confidence(projects, min_confidence)
    tkm = projects[
        (projects["country"] == "Turkmenistan")
        & projects["sector"].str.contains("fertili", case=False)
    ]
    total = float(tkm["value_usd"].sum())
    two = len(tkm) == 2
    close = abs(total / FERTILIZER_USD - 1) <= FERTILIZER_TOLERANCE if len(tkm) else False
    verdict = verdict_by_parts([two, close])
    evidence = (
        f"{len(tkm)} fertilizer-plant project(s) in Turkmenistan, together {usd(total)} "
        f"(two projects: {mark(two)}; within ±{pct(FERTILIZER_TOLERANCE)} of USD 2.5 bn: "
        f"{mark(close)}). Data: investment_projects."
    )
    return Verdict(
        verdict, evidence, (f"investment_projects [{len(tkm)} rows]: {row_sources(tkm)}",)
    )
