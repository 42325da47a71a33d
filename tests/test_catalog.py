"""The catalog ``data/datapackage.json``: a valid Frictionless Data Package describing every data
file, in canonical layout, from which the loaders, ``curate``, ``data/README.md``, the Sources
sections and the notebooks' inputs are derived."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kca_analysis import data, paths
from kca_analysis.countries import CENTRAL_ASIA_NAMES, PARTNERS
from kca_analysis.data.catalog import GROUPS, load_catalog, provenance, verify_checksum
from kca_analysis.data.catalog_files import dump_catalog
from kca_analysis.data.readme import readme_is_current, render_readme
from kca_analysis.data.registry import LOADER_FUNCTIONS
from kca_analysis.data.schema import ChecksumError
from kca_analysis.data.sources_file import render_sources_file, sources_file_is_current
from kca_analysis.data.standard_tables import STANDARD_TABLE_INPUTS, trade_table1_tidy
from kca_analysis.text.sources import sources_markdown

CATALOG = load_catalog()


def test_frictionless_validate_reports_the_package_valid():
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(paths.CATALOG_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[:2000]
    assert len(report["tasks"]) == len(CATALOG.resources)


def test_the_catalog_is_in_canonical_layout():
    text = paths.CATALOG_FILE.read_text(encoding="utf-8")
    assert text == dump_catalog(json.loads(text)), "run python -m kca_analysis.curate --rehash"


def test_sources_yml_is_folded_into_the_catalog():
    # data/sources.yml is generated from the catalog (test below), never a second source
    view = provenance()
    for entry in CATALOG:
        assert view[entry.path]["sha256"] == entry.sha256
        assert view[entry.path]["licence"] == entry.licence
    assert not any(path.startswith("data/external/") for path in view)
    assert data.load_sources() == view


@pytest.mark.parametrize("entry", list(CATALOG), ids=lambda e: e.name)
def test_every_resource_has_schema_licence_sources_and_sha256(entry):
    descriptor = entry.descriptor
    assert entry.group in GROUPS
    assert descriptor["path"].startswith(f"{entry.group}/") and entry.file.is_file()
    assert entry.title and entry.licence and descriptor["sources"]
    assert len(entry.sha256) == 64
    schema = descriptor["schema"]
    assert schema["missingValues"] == [""]
    assert schema["primaryKey"] and set(schema["primaryKey"]) <= set(entry.columns)
    for field in schema["fields"]:
        if field["name"] in ("value", "ethnic_koreans") or field["name"].endswith("_usd"):
            assert field.get("unit") or field.get("unitColumn"), f"{entry.name}.{field['name']}"
    if entry.group != "raw":
        assert getattr(data, entry.loader) is LOADER_FUNCTIONS[entry.loader]
        assert entry.get("producer") and entry.get("citation") and entry.get("locator")


def test_every_data_file_is_a_resource():
    on_disk = {p.relative_to(paths.PROJECT_ROOT).as_posix() for p in paths.DATA_DIR.rglob("*.csv")}
    assert on_disk == {entry.path for entry in CATALOG}


def test_country_columns_allow_the_names_of_the_country_lookup():
    names = {"five": sorted(CENTRAL_ASIA_NAMES), "all": sorted(CENTRAL_ASIA_NAMES)}
    names["all"] = names["all"] + [c.name for c in PARTNERS]
    for entry in CATALOG:
        for field in entry.descriptor["schema"]["fields"]:
            if "countries" not in field or field["name"] == "iso3":
                continue
            enum = field["constraints"]["enum"]
            extras = field.get("countryExtras", [])
            assert sorted(enum) == sorted(names[field["countries"]] + extras), entry.name


def test_the_vocabularies_of_the_library_are_the_catalogs():
    def enum(name, column):
        return tuple(CATALOG.resource(name).field(column)["constraints"]["enum"])

    assert set(enum("events", "category")) == set(data.EVENT_CATEGORIES)
    assert set(enum("diplomatic_events", "event_type")) == set(data.DIPLOMATIC_EVENT_TYPES)
    assert set(enum("forum_meetings", "level")) == set(data.FORUM_LEVELS)
    assert set(enum("ethnic_korean_population", "production")) == set(data.POPULATION_PRODUCTION)
    assert set(enum("cow_trade_1992_2014", "basis")) | set(
        enum("imf_dots_trade_2010_2020", "basis")
    ) == set(data.BASIS)


def test_data_readme_is_rendered_from_the_catalog():
    assert readme_is_current(), "stale: python -m kca_analysis.curate --rehash"
    text = render_readme()
    for entry in CATALOG:
        assert f"`{entry.file.name}`" in text
    assert "### The coverage rule" in text and "Every (country, partner) pair is reported" in text
    assert "21 values `derived`" in text and "(Tajikistan 2010-2017)" in text


def test_sources_yml_is_generated_from_the_catalog_and_lists_every_data_file():
    import yaml

    assert sources_file_is_current(), "stale: python -m kca_analysis.curate --rehash"
    listed = yaml.safe_load(paths.DATA_SOURCES.read_text(encoding="utf-8"))
    assert listed == provenance()
    assert list(listed) == [entry.path for entry in CATALOG]
    csvs = {p.relative_to(paths.PROJECT_ROOT).as_posix() for p in paths.DATA_DIR.rglob("*.csv")}
    assert csvs <= set(listed), "every CSV under data/ has its provenance"
    table1 = listed["data/paper/table1_trade.csv"]
    assert table1["unit_label_as_printed"] == "USD", "the printed unit label is kept as printed"


def test_a_hand_edit_of_sources_yml_is_caught(tmp_path):
    copy = tmp_path / "sources.yml"
    copy.write_text(render_sources_file().replace("confidence: official", "confidence: press", 1))
    assert not sources_file_is_current(copy)


def test_the_standard_tables_declare_what_they_read(tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setenv("KCA_READ_LOG", str(log))
    trade_table1_tidy()
    assert set(log.read_text(encoding="utf-8").split()) == set(STANDARD_TABLE_INPUTS)


# --------------------------------------------------------------------------------------------
# Sources sections


def test_sources_markdown_renders_each_file_from_the_catalog():
    text = sources_markdown(
        [
            "data/curated/cow_trade_1992_2014.csv",
            "data/curated/gdp_wdi.csv",
            "diplomatic_relations",
            "data/curated/cow_trade_1992_2014.csv",
            "data/corrections.yml",
        ]
    )
    lines = text.splitlines()
    assert lines[0] == "**Sources**"
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) == 4, "repeats are listed once"
    cow = CATALOG.resource("cow_trade_1992_2014")
    assert bullets[0].startswith("- `data/curated/cow_trade_1992_2014.csv`: ")
    for part in (cow.get("producer"), cow.licence, "Confidence: official", "Locator: "):
        assert part.rstrip(".") in bullets[0]
    assert bullets[1].startswith("- `data/curated/gdp_wdi.csv`")
    assert "Korea Foundation" in bullets[2]
    assert "known corrections" in bullets[3]


def test_sources_markdown_refuses_a_file_outside_the_catalog():
    with pytest.raises(ValueError, match="'data/curated/nowhere.csv' is not a resource"):
        sources_markdown(["data/curated/nowhere.csv"])


def test_a_file_is_found_in_the_catalog_however_its_path_is_spelled(monkeypatch):
    catalog = load_catalog()
    entry = catalog.resource("table1_trade")
    monkeypatch.chdir(paths.PROJECT_ROOT / "data")
    spellings = [entry.file, "paper/table1_trade.csv", "../data/curated/../paper/table1_trade.csv"]
    assert [catalog.by_file(path) for path in spellings] == [entry] * 3
    assert catalog.by_file(paths.PROJECT_ROOT / "README.md") is None
    assert catalog.by_file("table1_trade.csv") is None  # relative to the working directory
    # by_path reads a relative path from the project root, wherever the process is.
    assert catalog.by_path("data/paper/table1_trade.csv") == catalog.by_path(entry.file) == entry
    assert catalog.by_path("paper/table1_trade.csv") is None
    assert verify_checksum(spellings[2]) == entry.sha256
    with pytest.raises(ChecksumError, match="not a resource of data/datapackage.json"):
        verify_checksum(paths.PROJECT_ROOT / "README.md")
