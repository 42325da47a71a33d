"""``data/README.md``, rendered from the catalog and ``data/corrections.yml``.

The README is never edited by hand: ``python -m kca_analysis.curate --rehash`` rewrites it
(:func:`write_readme`) and ``kca check`` fails when it is stale (:func:`readme_is_current`).
Its prose lives in the catalog (the package's ``description`` and ``conventions``, each
resource's ``title``, ``producer``, licences and units), its corrections in ``corrections.yml``,
and its list of derived and estimated values is counted from the curated files themselves.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .. import paths
from ..files import holds_text, write_text_if_changed
from .catalog import Catalog, Resource, load_catalog
from .corrections import Correction, load_corrections
from .coverage import first_complete_year
from .trade import load_cow_trade
from .validation import read_resource

GENERATED = (
    "<!-- Generated from datapackage.json and corrections.yml by "
    "`python -m kca_analysis.curate --rehash`: edit those, not this file. -->"
)

LAYOUT = """\
```
raw/*.csv (+ *.source.txt)   --(python -m kca_analysis.curate)-->  curated/*.csv
../shared/paper/*.txt        --(transcription by hand)-->         paper/*.csv
datapackage.json   the catalog: every file's schema, licence, sources and sha256
sources.yml        every file's provenance in short, generated from the catalog
corrections.yml    known corrections, with evidence and a guard; applied by the loaders
```

{commands}

A new data source is a raw file with its `.source.txt`, a module of `kca_analysis/curate/`,
its two entries in `datapackage.json` (raw and curated, the curated one naming its module in
`curatedBy` and its loader in `loader`) and the loader in `kca_analysis/data/`."""


#: The commands that read or write ``data/``, as the README lists them.
COMMANDS = (
    ("python -m kca_analysis.curate", "rebuild `curated/` from `raw/` (atomic writes)"),
    (
        "python -m kca_analysis.curate --check",
        "write nothing; exit 1 listing each curated file that differs, is missing or unexpected",
    ),
    (
        "python -m kca_analysis.curate --rehash",
        "after an intended change: record every sha256 in `datapackage.json`, rewrite this "
        "file and `sources.yml`",
    ),
    ("kca check", "sha256 and schema of every file, the corrections' guards, `frictionless`"),
    ("frictionless validate data/datapackage.json", "the package validated without our code"),
)


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _units(entry: Resource) -> str:
    units: list[str] = []
    for field in entry.descriptor["schema"]["fields"]:
        if field.get("unit"):
            units.append(str(field["unit"]))
        elif field.get("unitColumn"):
            enum = entry.field(field["unitColumn"]).get("constraints", {}).get("enum")
            units.extend(enum or [f"column {field['unitColumn']}"])
    return " / ".join(dict.fromkeys(units)) or "-"


def _file_tables(catalog: Catalog) -> list[str]:
    curated_into: dict[str, list[str]] = defaultdict(list)
    for entry in catalog.in_group("curated"):
        for name in entry.derived_from:
            curated_into[name].append(f"`{Path(entry.path).name}`")
    out = ["## Files", "", "### `raw/`: the extracts as obtained", ""]
    out += ["| file | what | licence | curated into |", "|---|---|---|---|"]
    for entry in catalog.in_group("raw"):
        into = ", ".join(curated_into.get(entry.name, [])) or "not curated"
        out.append(
            f"| `{Path(entry.path).name}` | {_cell(entry.title)} | {_cell(entry.licence)} "
            f"| {into} |"
        )
    out += ["", "### `curated/`: the tidy files", ""]
    out += [
        "| file | what | producer | licence | unit | confidence | built from |",
        "|---|---|---|---|---|---|---|",
    ]
    for entry in catalog.in_group("curated"):
        built = ", ".join(f"`{name}.csv`" for name in entry.derived_from)
        out.append(
            f"| `{Path(entry.path).name}` | {_cell(entry.title)} | {_cell(entry.get('producer'))}"
            f" | {_cell(entry.licence)} | {_cell(_units(entry))} | `{entry.confidence}` "
            f"| {built} |"
        )
    out += ["", "### `paper/`: what the paper states", ""]
    out += ["| file | what | licence | unit | confidence |", "|---|---|---|---|---|"]
    for entry in catalog.in_group("paper"):
        out.append(
            f"| `{Path(entry.path).name}` | {_cell(entry.title)} | {_cell(entry.licence)} "
            f"| {_cell(_units(entry))} | `{entry.confidence}` |"
        )
    return out


def _corrections(corrections: dict[str, Correction]) -> list[str]:
    out = ["## Corrections (`corrections.yml`)", ""]
    for correction in corrections.values():
        if correction.action.get("type") == "coverage_gap":
            what = "the coverage rule, below."
        else:
            what = correction.what
        out.append(f"- `{correction.id}` ({correction.applies_to}): {what}")
    coverage = [c for c in corrections.values() if c.action.get("type") == "coverage_gap"]
    for correction in coverage:
        out += ["", "### The coverage rule", "", correction.what, "", correction.why]
        out += ["", _coverage_counts()]
    return out


def _coverage_counts() -> str:
    cow = load_cow_trade()
    reasons = cow["gap_reason"].value_counts()
    year = first_complete_year(cow)
    return (
        f"Applied to `curated/cow_trade_1992_2014.csv`: {reasons.get('leading_zero', 0)} values "
        f"recorded as 0 become gaps, besides {reasons.get('absent', 0)} of absent dyad-years and "
        f"{reasons.get('missing', 0)} missing in COW. Every (country, partner) pair is reported "
        f"from {year} on: the earliest baseline for a comparison of partner shares."
    )


def _years(years: list[int]) -> str:
    """``[2010, 2011, 2012, 2014]`` -> ``2010-2012, 2014``."""
    years = sorted(set(years))
    runs, start, previous = [], years[0], years[0]
    for year in [*years[1:], None]:
        if year is None or year != previous + 1:
            runs.append(str(start) if start == previous else f"{start}-{previous}")
            start = year
        previous = year
    return ", ".join(runs)


def _derived(catalog: Catalog) -> list[str]:
    out = ["## Derived and estimated values (column `basis`)", ""]
    out.append(
        "Values that are not the reporting side's own figure, counted from the curated files; "
        "`derived_from` says, row by row, from what."
    )
    out.append("")
    for entry in catalog.in_group("curated"):
        if "basis" not in entry.columns:
            continue
        frame = read_resource(entry.name)
        marked = frame[frame["basis"].isin(("derived", "estimate"))]
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for row in marked.itertuples(index=False):
            rule = str(row.derived_from).split(":")[0]
            groups[(row.basis, rule, row.country)].append(int(row.year))
        by_rule: dict[tuple[str, str], list[str]] = defaultdict(list)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for (basis, rule, country), years in sorted(groups.items()):
            by_rule[(basis, rule)].append(f"{country} {_years(years)}")
            counts[(basis, rule)] += len(years)
        for (basis, rule), where in by_rule.items():
            out.append(
                f"- `curated/{Path(entry.path).name}`: {counts[(basis, rule)]} values `{basis}`, "
                f"{rule} ({'; '.join(where)})."
            )
    return out


def _conventions(catalog: Catalog) -> list[str]:
    out: list[str] = []
    for section in catalog.descriptor.get("conventions", ()):
        out += [f"## {section['title']}", "", *section["lines"], ""]
    return out


def render_readme(catalog: Catalog | None = None) -> str:
    """Return the text of ``data/README.md``.

    Parameters
    ----------
    catalog
        Default: :func:`~kca_analysis.data.catalog.load_catalog`.

    Returns
    -------
    str
        Markdown, ending with a newline.
    """
    catalog = catalog or load_catalog()
    commands = "\n".join(
        ["| command | does |", "|---|---|"] + [f"| `{c}` | {d} |" for c, d in COMMANDS]
    )
    layout = LAYOUT.format(commands=commands)
    lines = ["# Data", "", GENERATED, "", catalog.descriptor["description"], "", layout, ""]
    lines += _file_tables(catalog) + [""]
    lines += _corrections(load_corrections()) + [""]
    lines += _derived(catalog) + [""]
    lines += _conventions(catalog)
    return "\n".join(lines).rstrip() + "\n"


def write_readme(file: Path | str | None = None) -> bool:
    """Rewrite ``data/README.md`` from the catalog if its text changed.

    Parameters
    ----------
    file
        Default :data:`kca_analysis.paths.DATA_README`.

    Returns
    -------
    bool
        Whether the file was written.
    """
    return write_text_if_changed(file or paths.DATA_README, render_readme())


def readme_is_current(file: Path | str | None = None) -> bool:
    """Tell whether ``data/README.md`` is what :func:`render_readme` gives.

    Parameters
    ----------
    file
        Default :data:`kca_analysis.paths.DATA_README`.

    Returns
    -------
    bool
    """
    return holds_text(file or paths.DATA_README, render_readme())
