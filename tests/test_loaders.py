"""Every loader on the real data, every schema against broken copies of its file, and the
readings the data layer adds: coverage gaps, derived values, how a figure was produced."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from kca_analysis import data, paths
from kca_analysis.countries import CENTRAL_ASIA_ISO3, CENTRAL_ASIA_NAMES
from kca_analysis.data.validation import DataError, load_sources, period_months

LOADED = {name: loader for name, loader in data.LOADERS.items()}


@pytest.mark.parametrize("name", sorted(LOADED))
def test_every_loader_returns_a_nonempty_tidy_frame(name):
    frame = LOADED[name]()
    assert len(frame) > 0
    assert frame.columns.is_unique
    if "confidence" in frame.columns:
        assert set(frame["confidence"]) <= set(data.CONFIDENCE_LEVELS)
    if "source" in frame.columns:
        assert frame["source"].map(lambda s: isinstance(s, str) and s.strip() != "").all()


@pytest.mark.parametrize("name", sorted(LOADED))
def test_every_loader_has_provenance(name):
    entry = load_sources()[name]
    for key in ("title", "producer", "citation", "locator", "date_read", "licence", "sha256"):
        assert entry.get(key), f"{name}: the catalog lacks {key}"


@pytest.mark.parametrize("name", sorted(LOADED))
def test_every_loader_reads_its_catalog_file_and_logs_it(name, tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setenv("KCA_READ_LOG", str(log))
    LOADED[name]()
    reads = set(log.read_text(encoding="utf-8").split())
    assert name in reads and "data/datapackage.json" in reads


@pytest.mark.parametrize("read", [data.load_cow_trade, data.load_paper_trade_table])
def test_row_lines_ride_along_every_operation_without_being_copied(read):
    # pandas deep-copies attrs into every result; the file lines are shared instead (a copied
    # list of a few thousand lines per operation was most of the claims' CPU time).
    frame = read()
    lines = frame.attrs["lines"]
    assert len(lines) == len(frame) and list(lines) == sorted(lines)
    derived = frame[frame.index >= 0].reset_index(drop=True).copy(deep=True)
    assert derived.attrs["lines"] is lines


def _money_loaders():
    def units(schema):
        column = next((c for c in schema.columns if c.name == "unit"), None)
        return set(column.choices or data.MONEY_UNITS) if column else set()

    return [name for name, schema in data.SCHEMAS.items() if units(schema) & set(data.MONEY_UNITS)]


@pytest.mark.parametrize("name", _money_loaders())
def test_value_usd_is_value_times_the_unit_factor(name):
    frame = LOADED[name]()
    if "value_usd" not in frame.columns:
        pytest.fail(f"{name} has a unit column but no value_usd")
    money = frame[frame["unit"].isin(data.MONEY_UNITS)]
    expected = money["value"] * money["unit"].map(data.UNIT_FACTORS)
    pd.testing.assert_series_equal(
        money["value_usd"], expected.astype("float64"), check_names=False
    )


@pytest.mark.parametrize(
    "name", [n for n, s in data.SCHEMAS.items() if s.country_columns.get("country")]
)
def test_country_columns_carry_iso3_codes_of_the_five(name):
    frame = LOADED[name]()
    five = frame[frame["country"].isin(CENTRAL_ASIA_NAMES)]
    assert set(five["iso3"]) <= set(CENTRAL_ASIA_ISO3)
    assert len(five) > 0


def test_periods_say_how_many_months_they_cover():
    press = data.load_press_trade()
    assert (press["months"] == press["period"].map(period_months)).all()
    assert (press["months"] < 12).any(), "the press file holds year-to-date figures"
    dots = data.load_dots_trade()
    assert (dots["months"] == 12).all()


def test_gaps_stay_empty():
    cow = data.load_cow_trade()
    missing = cow[cow["value"].isna()]
    assert len(missing) > 0 and (missing["in_source"] == "no").any()
    forums = data.load_forum_meetings()
    not_found = forums[forums["status"] == "not found"]
    assert sorted(not_found["forum_no"]) == [2, 4, 5]
    assert not_found["year"].isna().all() and not_found["host_city"].isna().all()
    assert sorted(forums["forum_no"]) == list(range(1, 18))


def test_cow_and_dots_agree_where_they_overlap_in_direction():
    """Both are IMF-DOTS based: Korea's exports to Uzbekistan 2014 (COW: Uzbek imports from
    Korea) must be of the same magnitude as DOTS partner-side 2014."""
    cow = data.load_cow_trade()
    dots = data.load_dots_trade()
    cow_value = cow.query(
        "year == 2014 and country == 'Uzbekistan' and partner == 'South Korea' and flow == 'import'"
    )["value_usd"].item()
    dots_value = dots.query(
        "year == 2014 and country == 'Uzbekistan' and flow == 'export' "
        "and reporting_side == 'Uzbekistan'"
    )["value_usd"].item()
    assert 0.5 < cow_value / dots_value < 2


# --------------------------------------------------------------------------------------------
# Broken copies of each file


def _rewrite(name: str, change) -> str:
    text = (paths.PROJECT_ROOT / name).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _first_typed_column(schema):
    return next(c for c in schema.columns if c.kind in ("int", "number"))


@pytest.mark.parametrize("name", sorted(data.SCHEMAS))
def test_a_bad_number_names_file_line_and_column(name, write_csv):
    schema = data.SCHEMAS[name]
    column = _first_typed_column(schema)

    def corrupt(rows):
        rows[3][rows[0].index(column.name)] = "12x"

    path = write_csv(_rewrite(name, corrupt))
    with pytest.raises(DataError) as error:
        data.LOADERS[name](path, verify=False)
    assert error.value.line == 4
    assert error.value.column == column.name
    assert "'12x'" in str(error.value)


@pytest.mark.parametrize("name", sorted(data.SCHEMAS))
def test_a_missing_column_is_named(name, write_csv):
    schema = data.SCHEMAS[name]
    dropped = schema.names[-1]

    def drop(rows):
        index = rows[0].index(dropped)
        for row in rows:
            del row[index]

    with pytest.raises(DataError, match=f"missing column\\(s\\) '{dropped}'.*expected the columns"):
        data.LOADERS[name](write_csv(_rewrite(name, drop)), verify=False)


@pytest.mark.parametrize("name", sorted(n for n, s in data.SCHEMAS.items() if s.country_columns))
def test_an_unknown_country_lists_valid_names(name, write_csv):
    schema = data.SCHEMAS[name]
    column = next(iter(schema.country_columns))

    def rename(rows):
        rows[2][rows[0].index(column)] = "Atlantis"

    with pytest.raises(DataError, match="unknown country 'Atlantis'.*Uzbekistan"):
        data.LOADERS[name](write_csv(_rewrite(name, rename)), verify=False)


@pytest.mark.parametrize("name", sorted(n for n, s in data.SCHEMAS.items() if s.key))
def test_a_duplicated_key_names_both_lines(name, write_csv):
    def duplicate(rows):
        rows.append(list(rows[1]))

    with pytest.raises(DataError, match=r"duplicated .*lines 2 and \d+ both hold"):
        data.LOADERS[name](write_csv(_rewrite(name, duplicate)), verify=False)


def test_a_negative_trade_value_is_refused(write_csv):
    name = "data/curated/imf_dots_trade_2010_2020.csv"

    def negate(rows):
        index = rows[0].index("value")
        rows[1][index] = "-" + rows[1][index]

    with pytest.raises(DataError, match="line 2, column 'value': expected a value of at least 0"):
        data.load_dots_trade(write_csv(_rewrite(name, negate)), verify=False)


def test_an_unknown_confidence_label_is_refused(write_csv):
    name = "data/curated/press_trade_2015_2023.csv"

    def relabel(rows):
        rows[1][rows[0].index("confidence")] = "certain"

    with pytest.raises(DataError, match="expected one of 'official', 'press', 'secondary'"):
        data.load_press_trade(write_csv(_rewrite(name, relabel)), verify=False)


def test_a_bad_period_is_refused(write_csv):
    name = "data/curated/press_trade_2015_2023.csv"

    def garble(rows):
        rows[1][rows[0].index("period")] = "2023-10..01"

    with pytest.raises(DataError, match="column 'period': expected a month range"):
        data.load_press_trade(write_csv(_rewrite(name, garble)), verify=False)
