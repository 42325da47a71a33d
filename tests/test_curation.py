"""`python -m kca_analysis.curate`: data/curated/ is rebuilt from data/raw/ alone (no ../shared),
the cross-checks catch disagreeing sources, the catalog describes every data file, and each
tidy file has one source module that declares what it reads and writes."""

from __future__ import annotations

import ast
import csv
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from kca_analysis import curate
from kca_analysis.curate import (
    common,
    cow_trade,
    diplomatic_relations,
    ethnic_korean_population,
    imf_dots_trade,
    oda_dac2a,
    oda_facts,
    oda_korea_recipients,
    oda_wdi_kazakhstan,
    press_trade,
    registry,
)
from kca_analysis.data.catalog import load_catalog

from .conftest import require_shared

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "data"
RAW = DATA / "raw"
CURATED = DATA / "curated"


@pytest.fixture(scope="module")
def source_dir() -> Path:
    """The raw extracts, in the repository."""
    return RAW


@pytest.fixture
def sources_copy(source_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the raw extracts, for deliberately altered sources."""
    copy = tmp_path / "raw"
    shutil.copytree(source_dir, copy)
    return copy


def edit_cell(path: Path, match: Callable[[dict[str, str]], bool], column: str, value: str) -> None:
    """Set ``column`` to ``value`` in the one row of a CSV for which ``match`` is true."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hits = [row for row in rows if match(row)]
    assert len(hits) == 1, f"expected one matching row in {path.name}, found {len(hits)}"
    hits[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


# (a) reproduction ------------------------------------------------------------------------------


def test_check_reproduces_data_curated_byte_for_byte(capsys):
    status = curate.main(["--check"])  # default: data/raw/ into data/curated/
    assert status == 0, capsys.readouterr().out
    assert sorted(p.name for p in CURATED.glob("*.csv")) == sorted(curate.OUTPUTS)


def test_a_clone_without_shared_rebuilds_every_curated_file(tmp_path):
    # A copy of the tree with nothing beside it: no ../shared, as on a fresh clone.
    root = tmp_path / "clone" / "project"
    shutil.copytree(DATA, root / "data")
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    env = {**os.environ, "KCA_PROJECT_ROOT": str(root)}
    probe = "from kca_analysis import paths; print(paths.SHARED_DATA_SOURCES.exists())"
    shared = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert shared.stdout.strip() == "False"
    result = subprocess.run(
        [sys.executable, "-m", "kca_analysis.curate", "--check"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (root / "data" / "curated" / "gdp_wdi.csv").unlink()
    rebuilt = subprocess.run(
        [sys.executable, "-m", "kca_analysis.curate"], env=env, capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (root / "data/curated/gdp_wdi.csv").read_bytes() == (
        CURATED / "gdp_wdi.csv"
    ).read_bytes()


def test_a_changed_raw_extract_is_refused_naming_it(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(DATA, root / "data")
    with (root / "data/raw/wb_gdp.csv").open("ab") as handle:
        handle.write(b"KAZ,Kazakhstan,2099,1\r\n")
    env = {**os.environ, "KCA_PROJECT_ROOT": str(root)}
    result = subprocess.run(
        [sys.executable, "-m", "kca_analysis.curate", "--check"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "data/raw/wb_gdp.csv" in result.stderr and "never edited" in result.stderr


def test_writing_into_an_empty_folder_gives_the_same_bytes_twice(source_dir, tmp_path):
    out = tmp_path / "curated"
    assert curate.main([str(source_dir), "--output-dir", str(out)]) == 0
    first = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert curate.main([str(source_dir), "--output-dir", str(out)]) == 0
    assert first == {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert first == {name: (CURATED / name).read_bytes() for name in curate.OUTPUTS}
    assert not list(out.glob(".*.tmp")), "temporary files left behind"
    for data in first.values():
        assert b"\r" not in data and data.endswith(b"\n")
        data.decode("utf-8")


def test_check_lists_a_changed_a_missing_and_an_unexpected_file(source_dir, tmp_path, capsys):
    out = tmp_path / "curated"
    shutil.copytree(CURATED, out)
    with (out / "gdp_wdi.csv").open("a", encoding="utf-8") as handle:
        handle.write("KAZ,Kazakhstan,2099,1,USD,invented,official\n")
    (out / "population_wdi.csv").unlink()
    (out / "stray.csv").write_text("a\n", encoding="utf-8")
    capsys.readouterr()
    assert curate.main([str(source_dir), "--check", "--output-dir", str(out)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "gdp_wdi.csv: differs from what would be written",
        "population_wdi.csv: missing",
        "stray.csv: unexpected (not produced by curate)",
    ]
    assert not (out / "population_wdi.csv").exists(), "--check must write nothing"


# (b) cross-checks ------------------------------------------------------------------------------


def test_unaltered_copy_passes_every_cross_check(sources_copy):
    for check in curate.CROSS_CHECKS:
        check(sources_copy)


CROSS_CHECK_CASES = {
    "cow partner file, Korea row": (
        "cow_trade_centralasia_partners_1992_2014.csv",
        lambda r: (
            (r["year"], r["ca_country"], r["partner"]) == ("2014", "Uzbekistan", "South Korea")
        ),
        "ca_imports_from_partner_musd",
        "2237",
        cow_trade.check_cow_korea,
    ),
    "cow Korea file": (
        "cow_trade_korea_centralasia_1992_2014.csv",
        lambda r: (r["year"], r["partner"]) == ("2000", "Kazakhstan"),
        "flow2_korea_imports_from_partner_musd",
        "50.0",
        cow_trade.check_cow_korea,
    ),
    "DAC2a Korea file, Korea column": (
        "oecd_dac2a_korea_to_central_asia_2002_2019.csv",
        lambda r: (r["year"], r["recipient"]) == ("2010", "Uzbekistan"),
        "korea_net_oda_disbursement_usd_million_current",
        "32.22",
        oda_dac2a.check_dac2a_korea,
    ),
    "DAC2a Korea file, blank made a value": (
        "oecd_dac2a_korea_to_central_asia_2002_2019.csv",
        lambda r: (r["year"], r["recipient"]) == ("2003", "Turkmenistan"),
        "korea_net_oda_disbursement_usd_million_current",
        "0.01",
        oda_dac2a.check_dac2a_korea,
    ),
    "DAC2a Korea file, DAC total column": (
        "oecd_dac2a_korea_to_central_asia_2002_2019.csv",
        lambda r: (r["year"], r["recipient"]) == ("2019", "Kyrgyzstan"),
        "dac_countries_total_net_oda_disbursement_usd_million_current",
        "137.96",
        oda_dac2a.check_dac2a_korea,
    ),
    "WDI Kazakhstan Korea series": (
        "wdi_kaz_oda_from_korea.csv",
        lambda r: (r["Indicator Code"], r["Year"]) == ("DC.DAC.KORL.CD", "2015"),
        "Value",
        "-7157208.21380615",
        oda_wdi_kazakhstan.check_wdi_kaz_vs_dac2a,
    ),
    "DAC2a donors file, Korea to Kazakhstan": (
        "oecd_dac2a_donors_to_centralasia_2002_2019.csv",
        lambda r: (r["year"], r["recipient"], r["donor"]) == ("2002", "Kazakhstan", "Korea"),
        "net_oda_usd_million_current",
        "10.92",
        oda_wdi_kazakhstan.check_wdi_kaz_vs_dac2a,
    ),
    "diplomatic relations, a date": (
        "diplomatic_relations_1992.csv",
        lambda r: r["country"] == "Kazakhstan",
        "date_established",
        "1992-01-27",
        diplomatic_relations.check_relations_vs_events,
    ),
    "WDI 2009-2010 recipients": (
        "wdi_korea_net_bilateral_oda_2009_2010_all_recipients.csv",
        lambda r: (r["year"], r["recipient_iso3"]) == ("2010", "UZB"),
        "net_bilateral_aid_usd_current",
        "32220000.0",
        oda_korea_recipients.check_recipients_vs_dac2a,
    ),
}


@pytest.mark.parametrize("case", sorted(CROSS_CHECK_CASES))
def test_each_cross_check_raises_on_an_altered_source(case, sources_copy):
    name, match, column, value, check = CROSS_CHECK_CASES[case]
    edit_cell(sources_copy / name, match, column, value)
    with pytest.raises(curate.CrossCheckError):
        check(sources_copy)
    # build_all runs every cross-check before writing anything.
    with pytest.raises(curate.CrossCheckError):
        curate.build_all(sources_copy)


def test_a_source_with_a_changed_header_is_refused(sources_copy):
    path = sources_copy / "wb_gdp.csv"
    text = path.read_text(encoding="utf-8").replace("Country Code", "ISO3", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(curate.SourceFormatError, match="wb_gdp.csv: header"):
        curate.build_all(sources_copy)


def test_main_reports_a_failed_cross_check_and_writes_nothing(sources_copy, tmp_path, capsys):
    name, match, column, value, _ = CROSS_CHECK_CASES["cow Korea file"]
    edit_cell(sources_copy / name, match, column, value)
    out = tmp_path / "curated"
    assert curate.main([str(sources_copy), "--output-dir", str(out)]) == 2
    assert "COW" in capsys.readouterr().err
    assert not out.exists(), "nothing may be written when a cross-check fails"


# (c) provenance: the catalog ---------------------------------------------------------------


def test_every_raw_extract_is_a_resource_with_its_note_and_licence():
    catalog = load_catalog()
    raw = {r.name: r for r in catalog.in_group("raw")}
    on_disk = {p.stem for p in RAW.glob("*.csv")}
    assert set(raw) == on_disk
    for name, entry in raw.items():
        note, digest = entry.source_note
        assert note == RAW / f"{name}.source.txt" and note.is_file()
        assert hashlib.sha256(note.read_bytes()).hexdigest() == digest
        assert entry.licence and entry.get("sources") and entry.get("schema")["primaryKey"]


def test_data_raw_is_byte_for_byte_the_shared_extracts():
    shared = require_shared(SHARED / "data-sources")
    expected = sorted(p.name for p in shared.glob("*.csv")) + sorted(
        p.name for p in shared.glob("*.source.txt")
    )
    found = sorted(p.name for p in RAW.glob("*.csv")) + sorted(
        p.name for p in RAW.glob("*.source.txt")
    )
    assert found == expected
    for name in found:
        assert (RAW / name).read_bytes() == (shared / name).read_bytes(), name


def test_every_curated_file_names_the_raw_extracts_it_is_built_from():
    catalog = load_catalog()
    for name, output in curate.OUTPUTS.items():
        entry = catalog.resource(name.removesuffix(".csv"))
        derived = set(entry.derived_from)
        reads = {raw.name.removesuffix(".csv") for raw in output.tidy.reads}
        checked = {raw.name.removesuffix(".csv") for raw in output.tidy.checked_against}
        assert reads <= derived <= reads | checked, name
        assert all(catalog.resource(d).group == "raw" for d in derived), name
        module = sys.modules[output.build.__module__]
        assert entry.get("curatedBy") == module.__name__


def test_the_paper_text_hash_is_the_shared_papers():
    paper = require_shared(SHARED / "paper" / "000_1326f8ad11aad47a.txt")
    external = load_catalog().external["paper-text"]
    assert hashlib.sha256(paper.read_bytes()).hexdigest() == external["hash"].removeprefix(
        "sha256:"
    )


# (d) every row sourced and labelled --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(curate.OUTPUTS))
def test_every_curated_row_has_a_source_and_a_confidence(name):
    with (CURATED / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == curate.OUTPUTS[name].columns
        rows = list(reader)
    assert rows
    for line, row in enumerate(rows, 2):
        assert row["source"].strip(), f"{name} line {line}: empty source"
        assert row["confidence"] in curate.CONFIDENCE_LABELS, f"{name} line {line}"
        if row.get("unit"):
            assert row["unit"] in curate.UNITS, f"{name} line {line}: unit {row['unit']!r}"


def test_forums_one_to_seventeen_with_the_three_gaps_empty():
    with (CURATED / "forum_meetings.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["forum_no"]) for r in rows] == list(range(1, 18))
    gaps = [r for r in rows if r["status"] == "not found"]
    assert [r["forum_no"] for r in gaps] == ["2", "4", "5"]
    for row in gaps:
        assert not any(row[k] for k in ("date", "year", "host_city", "host_country", "level"))
        assert row["notes"] and row["source"]


# (e) rehash ------------------------------------------------------------------------------------


def test_rehash_rewrites_only_changed_hashes_in_canonical_layout(tmp_path):
    import json

    from kca_analysis.data.catalog_files import dump_catalog

    shutil.copytree(DATA, tmp_path / "data")
    catalog = tmp_path / "data" / "datapackage.json"
    before = catalog.read_text(encoding="utf-8")
    assert curate.rehash_sources(catalog) == [], "the committed hashes are current"
    assert catalog.read_text(encoding="utf-8") == before
    with (tmp_path / "data/curated/gdp_wdi.csv").open("a", encoding="utf-8") as handle:
        handle.write("KAZ,Kazakhstan,2099,1,USD,invented,official\n")
    assert curate.rehash_sources(catalog) == ["curated/gdp_wdi.csv"]
    after = catalog.read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert len(changed) == 1 and '"hash": "sha256:' in changed[0][1]
    assert after == dump_catalog(json.loads(after))
    assert curate.rehash_sources(catalog) == [], "a second run changes nothing"


# pure helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("full year", ("2019", 12)),
        ("full year (year inferred)", ("2019", 12)),
        ("Jan-Sep", ("2019-01..09", 9)),
        ('Jan-Jun (article labels it "2022"; see note)', ("2019-01..06", 6)),
        ('Q3 (as stated: "in the third quarter")', ("2019-07..09", 3)),
        ("Jan-Nov", ("2019-01..11", 11)),
    ],
)
def test_normalise_period(stated, expected):
    assert press_trade.normalise_period("2019", stated, "test") == expected


def test_normalise_period_refuses_an_unknown_wording():
    with pytest.raises(curate.SourceFormatError):
        press_trade.normalise_period("2019", "H2", "test")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2.9", "USD billion (preliminary)", ("2.9", "USD billion")),
        ("5.00", "USD million", ("5.00", "USD million")),
        ("1.96", "USD 100 million (=196 million USD)", ("196", "USD million")),
        ("Uzbekistan 7th (32.21 M USD net)", "rank by net bilateral aid", ("7", "rank")),
        ("28.6", "억 달러", ("", "")),
        (">250", "USD million", ("", "")),
        ("about 160", "USD million", ("", "")),
    ],
)
def test_oda_fact_values_are_read_only_when_unambiguous(value, unit, expected):
    assert oda_facts.oda_fact_value(value, unit, doubtful=False)[:2] == expected


def test_lower_bound_wording():
    assert press_trade.LOWER_BOUND.search('"15억 달러 상회"')
    assert press_trade.LOWER_BOUND.search("over $6.5 billion")
    assert not press_trade.LOWER_BOUND.search("matches DOTS 2014 -> probably mislabelled")
    assert not press_trade.LOWER_BOUND.search("Outbound shipments reached $2.3 billion")


@pytest.mark.parametrize(
    ("value", "base", "factor", "expected"),
    [
        ("1583", "1438.644492", "1.10", True),  # COW Uzbekistan 2010 = Korea's DOTS x 1.10
        ("526", "604.389975", "1.10", False),  # COW Kazakhstan 2010: Kazakhstan's own figure
        ("116.114025", "109.541532", "1.06", True),  # a DOTS Turkmen-side estimate
        ("0.455588", "0.4298", "1.06", True),  # Korea's imports = Turkmen exports x 1.06
        ("36.006558", "31.744853", "1.06", False),  # Tajik imports: Tajikistan's own figure
    ],
)
def test_within_rounding(value, base, factor, expected):
    assert common.within_rounding(value, base, Decimal(factor)) is expected


def test_derivation_names_the_rule_and_the_figures():
    assert cow_trade.derivation("1583", "1438.644492") == (
        "derived",
        f"{cow_trade.DERIVED_FROM_KOREA}: 1438.644492 x 1.10 = 1582.51",
    )
    assert cow_trade.derivation("526", "604.389975") == ("reported", "")
    assert cow_trade.derivation("12", None) == ("reported", "")
    assert cow_trade.derivation("", "604.389975") == ("", "")


def test_partner_basis_marks_estimates_and_keeps_reports():
    def row(side, flow, value, note=""):
        return {"reporting_side": side, "flow": flow, "value": value, "note": note}

    basis, derived = imf_dots_trade.partner_basis(
        row("Turkmenistan", "korea_exports", "116.114025"), "109.541532"
    )
    assert basis == "estimate" and "x 1.06" in derived and "109.541532" in derived
    basis, derived = imf_dots_trade.partner_basis(
        row("Turkmenistan", "korea_imports", "0.4298"), "0.455588"
    )
    assert basis == "estimate" and "/ 1.06" in derived
    suspect = row("Tajikistan", "korea_imports", "0.258885", "...; SUSPECT: ratio ...")
    assert imf_dots_trade.partner_basis(suspect, "71.875643")[0] == "estimate"
    assert imf_dots_trade.partner_basis(row("Korea", "korea_exports", "1"), None) == (
        "reported",
        "",
    )
    own = row("Tajikistan", "korea_exports", "36.006558")
    assert imf_dots_trade.partner_basis(own, "31.744853") == ("reported", "")


def test_a_diaspora_figure_of_an_unclassified_kind_is_refused(sources_copy):
    edit_cell(
        sources_copy / "koryo_saram_population.csv",
        lambda r: r["country"] == "Tajikistan",
        "type",
        "someone's guess",
    )
    with pytest.raises(curate.SourceFormatError, match="no production rule"):
        ethnic_korean_population.build(sources_copy)


# (f) one module per source ---------------------------------------------------------------------

CURATE_DIR = ROOT / "kca_analysis" / "curate"
#: The modules of kca_analysis/curate/ that build no tidy file of their own.
SHARED_MODULES = {
    "__init__",
    "__main__",
    "command",
    "common",
    "event_rows",
    "registry",
    "rehash",
    "worldbank",
}
#: What curate may import of the library: the foundation and the catalog of the data layer
#: (schema headers and columns, hashes, the README), nothing of the layers above.
FOUNDATION = {
    "kca_analysis.countries",
    "kca_analysis.files",
    "kca_analysis.paths",
    "kca_analysis.vocab",
    "kca_analysis.data.catalog",
    "kca_analysis.data.catalog_files",
    "kca_analysis.data.readme",
    "kca_analysis.data.schema",
    "kca_analysis.data.sources_file",
}


def test_each_tidy_file_is_built_by_its_own_module():
    modules = [sys.modules[output.build.__module__] for output in curate.OUTPUTS.values()]
    assert len(set(modules)) == len(curate.OUTPUTS), "two tidy files built by one module"
    assert modules == list(curate.SOURCE_MODULES)
    for (name, output), module in zip(curate.OUTPUTS.items(), modules, strict=True):
        assert module.TIDY is output.tidy and module.TIDY.name == name
        assert module.build is output.build
        assert output.cross_checks == tuple(module.CROSS_CHECKS)
        assert module.__file__ and Path(module.__file__).parent == CURATE_DIR


def test_every_curate_module_is_a_source_module_or_a_shared_one():
    sources = {module.__name__.rsplit(".", 1)[1] for module in curate.SOURCE_MODULES}
    found = {path.stem for path in CURATE_DIR.glob("*.py")}
    assert found == sources | SHARED_MODULES, "a module that is neither registered nor shared"
    assert not sources & SHARED_MODULES
    for path in CURATE_DIR.glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines < 500, f"{path.name}: {lines} lines"


def test_the_registry_lists_each_tidy_file_and_each_extract_once():
    with pytest.raises(curate.CurationError, match="cow_trade_1992_2014.csv: declared twice"):
        registry.outputs_of([cow_trade, cow_trade])
    renamed = curate.RawFile(cow_trade.PARTNERS.name, ("year",))
    clash = curate.Output(
        curate.TidyFile("x.csv", ("year",), reads=(renamed,)), cow_trade.build, ()
    )
    with pytest.raises(curate.CurationError, match="two different headers"):
        registry.raw_files_of([curate.OUTPUTS["cow_trade_1992_2014.csv"], clash])
    names = [raw.name for raw in curate.RAW_FILES]
    assert names == sorted(set(names))
    assert set(curate.CROSS_CHECKS) == {
        check for output in curate.OUTPUTS.values() for check in output.cross_checks
    }


def copy_extracts(source_dir: Path, target: Path, raws) -> Path:
    """A folder holding only the extracts ``raws``, copied from ``source_dir``."""
    target.mkdir()
    for raw in raws:
        shutil.copyfile(source_dir / raw.name, target / raw.name)
    return target


@pytest.mark.parametrize("name", sorted(curate.OUTPUTS))
def test_each_module_builds_from_exactly_the_extracts_it_declares(name, source_dir, tmp_path):
    output = curate.OUTPUTS[name]
    tidy = output.tidy
    only_reads = copy_extracts(source_dir, tmp_path / "reads", tidy.reads)
    rows = output.build(only_reads)
    assert common.render_csv(tidy.columns, rows) == (CURATED / name).read_bytes()
    for left_out in tidy.reads:
        fewer = copy_extracts(
            source_dir, tmp_path / f"without-{left_out.name}", set(tidy.reads) - {left_out}
        )
        with pytest.raises(curate.SourceFormatError, match=f"{left_out.name}: not found"):
            output.build(fewer)
    checked = copy_extracts(source_dir, tmp_path / "checked", tidy.reads + tidy.checked_against)
    for check in output.cross_checks:
        check(checked)
        if tidy.checked_against:
            with pytest.raises(curate.SourceFormatError, match="not found"):
                check(only_reads)


def test_declared_columns_and_headers_are_the_catalogs():
    catalog = load_catalog()
    for name, output in curate.OUTPUTS.items():
        assert output.columns == catalog.resource(name.removesuffix(".csv")).columns, name
        with (CURATED / name).open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == output.columns, name
    for raw in curate.RAW_FILES:
        assert raw.header == catalog.resource(raw.name.removesuffix(".csv")).columns
    with pytest.raises(curate.CurationError, match="under 'raw', not 'curated'"):
        curate.tidy_file("wb_gdp.csv", reads=())


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules a file of kca_analysis/curate/ imports."""
    package = ["kca_analysis", "curate"]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parent = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join([*parent, *([node.module] if node.module else [])])
            # "from kca_analysis import countries" imports the module kca_analysis.countries.
            if base in ("kca_analysis", "kca_analysis.curate"):
                found.update(f"{base}.{alias.name}" for alias in node.names)
            else:
                found.add(base)
    return found


def test_curate_imports_only_the_standard_library_and_the_foundation():
    for path in sorted(CURATE_DIR.glob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if module.startswith("kca_analysis.curate") or module == "__future__":
                continue
            if top == "kca_analysis":
                assert module in FOUNDATION, f"{path.name} imports {module}"
            else:
                assert top in sys.stdlib_module_names, f"{path.name} imports {module}"


def test_every_public_function_of_curate_has_a_numpy_docstring():
    for path in sorted(CURATE_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            where = f"{path.name}: {node.name}"
            doc = ast.get_docstring(node)
            assert doc, f"{where} has no docstring"
            if any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list):
                continue
            arguments = [a.arg for a in node.args.args + node.args.kwonlyargs if a.arg != "self"]
            if arguments or node.args.vararg or node.args.kwarg:
                assert "Parameters\n----------" in doc, f"{where}: no Parameters section"
            returns = node.returns
            if returns is not None and not (
                isinstance(returns, ast.Constant) and returns.value is None
            ):
                assert "Returns\n-------" in doc, f"{where}: no Returns section"
            if any(isinstance(n, ast.Raise) for n in ast.walk(node)):
                assert "Raises\n------" in doc, f"{where}: raises without a Raises section"
