"""`python -m kca_analysis.curate`: data/external/ is reproduced from the shared extracts, the
cross-checks catch disagreeing sources, data/sources.yml describes every data file, and each
tidy file has one source module that declares what it reads and writes."""

from __future__ import annotations

import ast
import csv
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from kca_analysis import curate
from kca_analysis.curate import (
    common,
    cow_trade,
    oda_dac2a,
    oda_facts,
    oda_korea_recipients,
    oda_wdi_kazakhstan,
    press_trade,
    registry,
)
from kca_analysis.data import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCE_DIR = SHARED / "data-sources"
DATA = ROOT / "data"
EXTERNAL = DATA / "external"
REQUIRED_KEYS = (
    "title",
    "producer",
    "citation",
    "locator",
    "derived_from",
    "date_read",
    "licence",
    "unit_notes",
    "caveats",
    "confidence",
    "sha256",
)


@pytest.fixture(scope="module")
def source_dir() -> Path:
    """The shared extracts; skipped where they are absent, except on CI where that is an error."""
    if not SOURCE_DIR.is_dir():
        reason = f"the shared source extracts are not at {SOURCE_DIR}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: they are required)")
        pytest.skip(reason)
    return SOURCE_DIR


@pytest.fixture
def sources_copy(source_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the shared extracts, for deliberately altered sources."""
    copy = tmp_path / "data-sources"
    shutil.copytree(source_dir, copy)
    for path in copy.iterdir():
        path.chmod(0o644)  # the shared files are read-only
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


def test_check_reproduces_data_external_byte_for_byte(source_dir, capsys):
    status = curate.main([str(source_dir), "--check", "--output-dir", str(EXTERNAL)])
    assert status == 0, capsys.readouterr().out
    assert sorted(p.name for p in EXTERNAL.glob("*.csv")) == sorted(curate.OUTPUTS)


def test_writing_into_an_empty_folder_gives_the_same_bytes_twice(source_dir, tmp_path):
    out = tmp_path / "external"
    assert curate.main([str(source_dir), "--output-dir", str(out)]) == 0
    first = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert curate.main([str(source_dir), "--output-dir", str(out)]) == 0
    assert first == {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert first == {name: (EXTERNAL / name).read_bytes() for name in curate.OUTPUTS}
    assert not list(out.glob(".*.tmp")), "temporary files left behind"
    for data in first.values():
        assert b"\r" not in data and data.endswith(b"\n")
        data.decode("utf-8")


def test_check_lists_a_changed_a_missing_and_an_unexpected_file(source_dir, tmp_path, capsys):
    out = tmp_path / "external"
    shutil.copytree(EXTERNAL, out)
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
    out = tmp_path / "external"
    assert curate.main([str(sources_copy), "--output-dir", str(out)]) == 2
    assert "COW" in capsys.readouterr().err
    assert not out.exists(), "nothing may be written when a cross-check fails"


# (c) provenance ------------------------------------------------------------------------------


def load_entries() -> dict[str, dict]:
    document = yaml.safe_load((DATA / "sources.yml").read_text(encoding="utf-8"))
    return document["files"]


def test_every_data_csv_has_a_complete_sources_entry():
    entries = load_entries()
    for path in sorted(DATA.rglob("*.csv")):
        key = path.relative_to(ROOT).as_posix()
        assert key in entries, f"{key} has no entry in data/sources.yml"
        missing = [k for k in REQUIRED_KEYS if entries[key].get(k) in (None, "", [])]
        assert not missing, f"{key}: sources.yml lacks {missing}"
        assert entries[key]["confidence"] in curate.CONFIDENCE_LABELS
        for item in entries[key]["derived_from"]:
            assert set(item) == {"file", "sha256"}, f"{key}: derived_from item {item}"


def test_every_external_output_has_an_entry():
    entries = load_entries()
    assert {f"data/external/{name}" for name in curate.OUTPUTS} <= set(entries)


def test_derived_from_hashes_match_the_shared_files(source_dir):
    for key, entry in load_entries().items():
        for item in entry["derived_from"]:
            base = SHARED if item["file"].startswith("paper/") else source_dir
            digest = hashlib.sha256((base / item["file"]).read_bytes()).hexdigest()
            assert digest == item["sha256"], f"{key}: {item['file']} changed since it was read"


# (d) every row sourced and labelled --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(curate.OUTPUTS))
def test_every_external_row_has_a_source_and_a_confidence(name):
    with (EXTERNAL / name).open(encoding="utf-8", newline="") as handle:
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
    with (EXTERNAL / "forum_meetings.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["forum_no"]) for r in rows] == list(range(1, 18))
    gaps = [r for r in rows if r["status"] == "not found"]
    assert [r["forum_no"] for r in gaps] == ["2", "4", "5"]
    for row in gaps:
        assert not any(row[k] for k in ("date", "year", "host_city", "host_country", "level"))
        assert row["notes"] and row["source"]


# (e) rehash ------------------------------------------------------------------------------------

SOURCES_TEXT = """\
# Provenance. A comment that must survive.
files:
  data/external/a.csv:
    title: A   # inline comment
    derived_from: [{file: a_raw.csv, sha256: 1111}]
    sha256: 0000  # keep me
  data/external/missing.csv:
    title: not written yet
    sha256: TBD
"""


def test_rehash_rewrites_only_changed_hashes_and_keeps_comments(tmp_path):
    (tmp_path / "data" / "external").mkdir(parents=True)
    data_file = tmp_path / "data" / "external" / "a.csv"
    data_file.write_text("x\n1\n", encoding="utf-8")
    sources = tmp_path / "data" / "sources.yml"
    sources.write_text(SOURCES_TEXT, encoding="utf-8")
    digest = hashlib.sha256(data_file.read_bytes()).hexdigest()

    assert curate.rehash_sources(sources, tmp_path) == ["data/external/a.csv"]
    after = sources.read_text(encoding="utf-8")
    assert after == SOURCES_TEXT.replace("sha256: 0000", f"sha256: {digest}")
    assert "sha256: 1111" in after and "sha256: TBD" in after
    assert yaml.safe_load(after)["files"]["data/external/a.csv"]["sha256"] == digest

    assert curate.rehash_sources(sources, tmp_path) == [], "a second run changes nothing"
    data_file.write_text("x\n2\n", encoding="utf-8")
    assert curate.rehash_sources(sources, tmp_path) == ["data/external/a.csv"]
    assert re.search(r"sha256: [0-9a-f]{64}  # keep me", sources.read_text(encoding="utf-8"))


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
    "sources_yml",
    "worldbank",
}
#: What curate may import of the library: the foundation, nothing of the layers above.
FOUNDATION = {
    "kca_analysis.countries",
    "kca_analysis.files",
    "kca_analysis.paths",
    "kca_analysis.vocab",
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
    assert common.render_csv(tidy.columns, rows) == (EXTERNAL / name).read_bytes()
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


def test_declared_extracts_agree_with_sources_yml():
    entries = load_entries()
    for name, output in curate.OUTPUTS.items():
        derived = {item["file"] for item in entries[f"data/external/{name}"]["derived_from"]}
        reads = {raw.name for raw in output.tidy.reads}
        checked = {raw.name for raw in output.tidy.checked_against}
        assert reads <= derived <= reads | checked, name


def test_declared_columns_agree_with_the_loader_schemas():
    for name, output in curate.OUTPUTS.items():
        schema = SCHEMAS[f"data/external/{name}"]
        assert tuple(schema.names) == output.columns, name


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
