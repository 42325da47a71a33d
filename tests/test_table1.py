"""The paper's Table 1: kept as printed, parsed strictly, corrected by data, and every bad
input refused with a message that says where and what was expected."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kca_analysis import paths
from kca_analysis.countries import CENTRAL_ASIA_NAMES
from kca_analysis.data import (
    TABLE1_TIDY_COLUMNS,
    load_paper_trade_table,
    load_trade_table1,
    parse_printed_integer,
)
from kca_analysis.data.corrections import CorrectionError
from kca_analysis.data.validation import DataError

from .conftest import require_shared

# --------------------------------------------------------------------------------------------
# As printed


def test_raw_table_is_the_papers_table_verbatim():
    paper = require_shared(paths.PAPER_TEXT).read_text(encoding="utf-8")
    printed = load_paper_trade_table()
    header = "\t".join(f"<b>{name}</b>" for name in printed.columns)
    assert header in paper
    for _, row in printed.iterrows():
        line = f"<b>{row['Country']}</b>\t" + "\t".join(row.iloc[1:])
        assert line in paper, f"row not found verbatim in the paper: {line!r}"


def test_raw_table_keeps_printed_strings_and_unit_label():
    from kca_analysis.data.catalog import resource
    from kca_analysis.data.validation import load_sources

    printed = load_paper_trade_table()
    assert printed.loc[0, "Export Value (2022)"] == "2 183 539"
    assert resource("table1_trade").get("unitAsPrinted") == "USD"
    assert load_sources()["data/paper/table1_trade.csv"]["unit_label_as_printed"] == "USD"
    assert list(printed.columns) == list(resource("table1_trade").columns)


# --------------------------------------------------------------------------------------------
# Tidy and corrected


def test_tidy_table_has_the_declared_columns_and_twenty_observations():
    tidy = load_trade_table1()
    assert list(tidy.columns) == TABLE1_TIDY_COLUMNS
    assert len(tidy) == 5 * 2 * 2
    assert set(tidy["flow"]) == {"export", "import"}
    assert set(zip(tidy["period"], tidy["months"], strict=True)) == {
        ("2022", 12),
        ("2023-01..10", 10),
    }


def test_tidy_values_are_the_printed_integers_in_thousands_and_times_1000_in_usd():
    printed = load_paper_trade_table()
    tidy = load_trade_table1().set_index(["iso3", "flow", "period"])
    cell = printed.loc[printed["Country"] == "Kazakhstan", "Import Value (2022)"].item()
    row = tidy.loc[("KAZ", "import", "2022")]
    assert row["value_thousand_usd"] == int(cell.replace(" ", ""))
    assert row["value_usd"] == row["value_thousand_usd"] * 1000
    assert (tidy["value_usd"] == tidy["value_thousand_usd"] * 1000).all()


def test_written_output_table_matches_the_loader():
    import pandas as pd

    written = paths.TABLES_DIR / "trade_table1_tidy.csv"
    if not written.exists():
        pytest.fail(f"{written} is missing: `make run` writes it")
    table = pd.read_csv(written, dtype={"period": str})
    assert list(table.columns) == TABLE1_TIDY_COLUMNS
    expected = load_trade_table1()
    assert table["value_usd"].tolist() == expected["value_usd"].tolist()
    assert table["period"].tolist() == expected["period"].tolist()


# --------------------------------------------------------------------------------------------
# Printed digit groups

SEPARATORS = [" ", "\u00a0", "\u202f", "\u2009"]


def _printed(value: int, separators: list[str]) -> str:
    digits = f"{value:,}".split(",")
    out = digits[0]
    for index, group in enumerate(digits[1:]):
        out += separators[index % len(separators)] + group
    return out


@given(
    st.integers(min_value=0, max_value=10**12), st.lists(st.sampled_from(SEPARATORS), min_size=1)
)
def test_printed_digit_groups_round_trip(value, separators):
    assert parse_printed_integer(_printed(value, separators)) == value


@given(st.text(max_size=12))
def test_anything_that_is_not_printed_digit_groups_is_refused(text):
    well_formed = re.fullmatch(r"\s*\d{1,3}([ \u00a0\u202f\u2009]\d{3})*\s*", text)
    if well_formed:
        assert parse_printed_integer(text) >= 0
    else:
        with pytest.raises(ValueError):
            parse_printed_integer(text)


@pytest.mark.parametrize("text", ["2,183,539", "2.183.539", "21 83 539", "2 18x 539", "1e6", ""])
def test_other_number_formats_are_refused(text):
    with pytest.raises(ValueError, match="groups of three digits"):
        parse_printed_integer(text)


# --------------------------------------------------------------------------------------------
# Bad input: each names the file, line, column and what was expected


def _load(path):
    return load_trade_table1(path, verify=False)


def test_a_value_that_is_not_a_number(write_csv, table1_text):
    path = write_csv(table1_text.replace("2 183 539", "2 18x 539"))
    with pytest.raises(DataError) as error:
        _load(path)
    message = str(error.value)
    assert "table.csv" in message
    assert "line 2" in message
    assert "'Export Value (2022)'" in message
    assert "'2 18x 539'" in message
    assert error.value.line == 2 and error.value.column == "Export Value (2022)"


def test_a_missing_column_is_named_and_expected_columns_listed(write_csv, table1_text):
    lines = [",".join(line.split(",")[:2]) for line in table1_text.splitlines()]
    path = write_csv("\n".join(lines) + "\n")
    with pytest.raises(DataError) as error:
        _load(path)
    message = str(error.value)
    assert "missing column(s) 'Import Value (2022)'" in message
    assert "expected the columns 'Country', 'Export Value (2022)'" in message


def test_an_unknown_country_lists_the_valid_names(write_csv, table1_text):
    path = write_csv(table1_text.replace("Tajikistan", "Mongolia"))
    with pytest.raises(DataError) as error:
        _load(path)
    message = str(error.value)
    assert "'Mongolia'" in message and "line 5" in message and "'Country'" in message
    for name in CENTRAL_ASIA_NAMES:
        assert name in message


def test_a_duplicated_country_flow_period_names_both_rows(write_csv, table1_text):
    uzbekistan = table1_text.splitlines()[1]
    path = write_csv(table1_text + uzbekistan + "\n")
    with pytest.raises(DataError, match=r"lines 2 and 7 both hold country='Uzbekistan'"):
        _load(path)


def test_a_negative_trade_value_is_refused(write_csv, table1_text):
    path = write_csv(table1_text.replace(",27 932,", ",-27 932,"))
    with pytest.raises(DataError, match=r"line 2.*'Import Value \(2022\)'.*non-negative"):
        _load(path)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(write_csv, content):
    with pytest.raises(DataError, match="the file is empty"):
        _load(write_csv(content))


def test_a_header_without_rows_is_refused(write_csv, table1_text):
    with pytest.raises(DataError, match="no data rows"):
        _load(write_csv(table1_text.splitlines()[0] + "\n"))


def test_a_byte_order_mark_is_accepted(write_csv, table1_text):
    path = write_csv(b"\xef\xbb\xbf" + table1_text.encode("utf-8"))
    assert _load(path).equals(load_trade_table1())


def test_windows_line_endings_are_accepted(write_csv, table1_text):
    path = write_csv(table1_text.replace("\n", "\r\n"))
    assert _load(path).equals(load_trade_table1())


def test_non_breaking_and_thin_spaces_are_accepted(write_csv, table1_text):
    path = write_csv(table1_text.replace("2 183 539", "2\u00a0183\u2009539"))
    assert _load(path).equals(load_trade_table1())


def test_a_changed_data_file_fails_its_checksum_naming_file_and_both_hashes(tmp_path):
    import shutil

    from kca_analysis.data.validation import ChecksumError, verify_checksum
    from kca_analysis.files import sha256_file as sha256_of

    root = tmp_path / "project"
    shutil.copytree(paths.DATA_DIR, root / "data")
    table = root / "data" / "paper" / "table1_trade.csv"
    recorded = sha256_of(table)
    catalog = root / "data" / "datapackage.json"
    verify_checksum(table, catalog_file=catalog)
    table.write_text(table.read_text(encoding="utf-8").replace("8 543", "8 544"), encoding="utf-8")
    with pytest.raises(ChecksumError) as error:
        verify_checksum(table, catalog_file=catalog)
    message = str(error.value)
    assert "table1_trade.csv" in message
    assert recorded in message and sha256_of(table) in message


# --------------------------------------------------------------------------------------------
# Corrections are data, with guards that fail when a correction no longer applies


def test_the_loader_applies_both_corrections():
    tidy = load_trade_table1()
    assert tidy.attrs["corrections"] == [
        "table1_unit_is_thousand_usd",
        "table1_2023_oct_is_january_to_october",
    ]


def test_unit_guard_fails_when_the_table_is_already_in_usd(write_csv, table1_text):
    # Reprint the table in dollars (append three zeros to every figure): the correction to
    # thousands would then inflate it a thousandfold, and its guard must say so.
    def to_dollars(match):
        return match.group(0) + " 000"

    body = re.sub(r"(?<=,)\d{1,3}(?: \d{3})*(?=,|$)", to_dollars, table1_text, flags=re.M)
    with pytest.raises(CorrectionError, match="table1_unit_is_thousand_usd.*no longer applies"):
        _load(write_csv(body))


def test_period_guard_fails_when_the_2023_column_looks_like_a_single_month(write_csv, table1_text):
    # A single month of exports to Kazakhstan would be far below the January-September total.
    path = write_csv(table1_text.replace("1 663 150", "166 315"))
    with pytest.raises(CorrectionError, match="2023_oct_is_january_to_october.*at least"):
        _load(path)


def test_period_guard_fails_when_the_2023_column_looks_like_the_full_year(write_csv, table1_text):
    path = write_csv(table1_text.replace("1 986 177", "2 986 177"))
    with pytest.raises(CorrectionError, match="2023_oct_is_january_to_october.*below"):
        _load(path)


def test_a_correction_without_a_guard_is_refused(tmp_path, table1_text):
    import yaml

    from kca_analysis.data.corrections import load_corrections

    document = yaml.safe_load(paths.CORRECTIONS_FILE.read_text(encoding="utf-8"))
    del document["corrections"][0]["guard"]
    broken = tmp_path / "corrections.yml"
    broken.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(CorrectionError, match="lacks guard"):
        load_corrections(broken)


def test_a_period_label_without_a_correction_is_refused(tmp_path, write_csv, table1_text):
    import yaml

    document = yaml.safe_load(paths.CORRECTIONS_FILE.read_text(encoding="utf-8"))
    document["corrections"] = [
        c for c in document["corrections"] if c["action"]["type"] != "period"
    ]
    corrections = tmp_path / "corrections.yml"
    corrections.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(DataError, match="'2023, OCT' has no entry in data/corrections.yml"):
        load_trade_table1(write_csv(table1_text), verify=False, corrections_file=corrections)


# --------------------------------------------------------------------------------------------
# Guards that mean what they say: a lower-bound reference (issue 12, item 5)


def _period_guard():
    from kca_analysis.data.corrections import load_corrections
    from kca_analysis.data.guards import evaluate_guard

    correction = load_corrections()["table1_2023_oct_is_january_to_october"]
    return correction, evaluate_guard(correction, load_paper_trade_table())


def test_a_lower_bound_reference_cannot_prove_the_lower_comparison():
    # KOTRA gives January-September 2023 as "more than USD 1.5 bn": Table 1's 1.66 bn is above
    # the bound, which says nothing about the true nine-month figure.
    _, result = _period_guard()
    lower, upper = result.comparisons
    assert lower["side"] == "lower" and lower["bound"] == "lower"
    assert lower["status"] == "consistent"
    assert upper["bound"] is None and upper["status"] == "proven"
    assert result.holds
    assert "lower bound" in result.message and "not proven" in result.message


@pytest.mark.parametrize(
    ("side", "cell", "reference", "bound", "expected"),
    [
        ("lower", 2.0, 1.5, None, "proven"),
        ("lower", 1.0, 1.5, None, "contradicted"),
        ("lower", 2.0, 1.5, "lower", "consistent"),  # the true figure may exceed the cell
        ("lower", 1.0, 1.5, "lower", "contradicted"),  # below the bound, so below the figure
        ("upper", 1.0, 1.5, None, "proven"),
        ("upper", 2.0, 1.5, None, "contradicted"),
        ("upper", 1.0, 1.5, "lower", "proven"),  # below the bound, so below the figure
        ("upper", 2.0, 1.5, "lower", "consistent"),  # the true figure may still exceed it
    ],
)
def test_each_comparison_decides_only_what_its_reference_allows(
    side, cell, reference, bound, expected
):
    from kca_analysis.data.guards import compare_with_reference

    assert compare_with_reference(side, cell, reference, bound) == expected


def test_an_upper_bound_or_an_unknown_side_is_refused():
    from kca_analysis.data.guards import compare_with_reference

    with pytest.raises(CorrectionError, match="bound 'upper'"):
        compare_with_reference("lower", 1.0, 1.5, "upper")
    with pytest.raises(CorrectionError, match="side 'middle'"):
        compare_with_reference("middle", 1.0, 1.5, None)


def test_a_full_year_known_only_from_below_does_not_fail_the_guard(monkeypatch):
    # A full-year reference read as "more than USD 1.9 bn" (a bound) must not fail a column of
    # USD 1.99 bn: the true full year may be higher. Before lower bounds were treated as such,
    # the guard failed here.
    import pandas as pd

    from kca_analysis.data import guards

    correction, _ = _period_guard()
    real = guards.REFERENCE_LOADERS["load_trade_unit_evidence"]

    def with_a_bound():
        frame = real()
        frame = frame.assign(bound=None)
        row = (frame["country"] == "Uzbekistan") & (frame["period"] == "2023")
        row &= (frame["flow"] == "export") & (frame["reporting_side"] == "Korea")
        assert row.sum() == 1
        frame.loc[row, ["value_usd", "bound"]] = [1.9e9, "lower"]
        return frame

    monkeypatch.setitem(guards.REFERENCE_LOADERS, "load_trade_unit_evidence", with_a_bound)
    result = guards.evaluate_guard(correction, load_paper_trade_table())
    assert [c["status"] for c in result.comparisons] == ["consistent", "consistent"]
    assert result.holds
    assert isinstance(result.comparisons[1]["reference_usd"], float)
    assert pd.notna(result.comparisons[1]["table_usd"])


def test_the_unit_correction_cites_the_same_year_matches():
    # Kazakhstan's and Kyrgyzstan's 2022 exports in Table 1 against the same year's KITA figures
    # (press_trade_2015_2023.csv lines 7 and 18): ratios 1.003 and 1.000 read as USD thousand.
    import yaml

    from kca_analysis import data

    document = yaml.safe_load(paths.CORRECTIONS_FILE.read_text(encoding="utf-8"))
    unit = next(c for c in document["corrections"] if c["id"] == "table1_unit_is_thousand_usd")
    cited = " ".join(e["rows"] + " " + e["says"] for e in unit["evidence"])
    assert "ratio is 1.003" in cited and "ratio is 1.000" in cited
    press = data.load_press_trade()
    lines = dict(zip(press.attrs["lines"], press.index, strict=True))
    printed = load_paper_trade_table().set_index("Country")
    for line, country, ratio in ((7, "Kazakhstan", 1.003), (18, "Kyrgyzstan", 1.000)):
        row = press.loc[lines[line]]
        assert (row["country"], row["flow"], row["period"]) == (country, "export", "2022")
        assert f"line {line}: country={country}" in cited
        cell = parse_printed_integer(printed.loc[country, "Export Value (2022)"]) * 1000
        assert round(row["value_usd"] / cell, 3) == ratio


# --------------------------------------------------------------------------------------------
# The reading of the guards in 03_trade: each comparison's status, the same-year matches first


def test_same_year_matches_are_computed_from_the_data():
    from kca_analysis import data
    from kca_analysis.analysis import table1

    matches = table1.same_year_matches(load_paper_trade_table(), data.load_press_trade())
    got = {(m.country, m.column): round(m.ratio / 1000, 3) for m in matches.itertuples()}
    assert got == {
        ("Kazakhstan", "Export Value (2022)"): 1.003,
        ("Kyrgyzstan", "Export Value (2022)"): 1.000,
    }
    assert matches["publisher"].str.contains("KITA").all()


def test_the_evidence_table_shows_each_comparisons_bound_and_status():
    # Issue 12, item 5: the January-September 2023 reference is a lower bound, so the lower
    # comparison is "consistent", never shown as a plain "holds" beside the proven ones.
    from kca_analysis import data
    from kca_analysis.analysis import table1
    from kca_analysis.data.corrections import corrections_for
    from kca_analysis.data.guards import evaluate_guard

    printed = load_paper_trade_table()
    same_year = table1.same_year_matches(printed, data.load_press_trade())
    fixes = {f.action["type"]: f for f in corrections_for(data.TABLE1_KEY)}
    period = fixes["period"]
    shown = table1.correction_evidence(period, evaluate_guard(period, printed), same_year)
    assert list(shown.columns[-4:]) == ["bound", "result", "status", "source"]
    lower, upper = shown.itertuples()
    assert (lower.bound, lower.status) == ("lower", "consistent")
    assert "cannot prove" in lower.result
    assert pd.isna(upper.bound) and upper.status == "proven"
    unit = fixes["unit"]
    shown = table1.correction_evidence(unit, evaluate_guard(unit, printed), same_year)
    same = shown[shown["check"].str.contains("the same cell and year")]
    assert same["result"].tolist() == ["1,003", "1,000"]
    assert (shown["status"] == "proven").all()
    assert shown["check"].str.contains("another year: the magnitude only").sum() == 4
    assert len(table1.correction_evidence(unit, evaluate_guard(unit, printed))) == 4
    with pytest.raises(ValueError, match="not of correction"):
        table1.correction_evidence(unit, evaluate_guard(period, printed))


def test_a_ratio_out_of_the_magnitude_window_is_contradicted():
    from kca_analysis.analysis import table1

    assert table1.within_magnitude(1003.0, 1000.0) and table1.within_magnitude(101.0, 1000.0)
    assert not table1.within_magnitude(99.0, 1000.0)
    assert not table1.within_magnitude(1003.0, 1.0) and table1.within_magnitude(0.1, 1.0)
