"""Parameters declared once, in ``metadata.kca.parameters``: kinds, allowed values, refusals.

Nothing here starts a kernel: every refusal must happen while the runs are planned.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kca_analysis import vocab
from kca_analysis.cli import main
from kca_analysis.run import parameters, plan, values
from kca_analysis.run.errors import PipelineError, UsageError
from kca_analysis.run.notebooks import read_notebook
from kca_analysis.run.parameters import KINDS, Parameter, check_value

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def write_notebook(folder: Path, name: str, cell: str, declared: dict | None) -> Path:
    """A minimal notebook with a parameters cell and ``metadata.kca.parameters``."""
    kca = {"inputs": []}
    if declared is not None:
        kca["parameters"] = declared
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": f"# {name}"},
            {
                "cell_type": "code",
                "metadata": {"tags": ["parameters"]},
                "source": cell,
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {"kca": kca},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


# --- declarations are checked when the notebook is read ----------------------------------------

CELL = 'output_dir = ""\nyear = 2000\nend = 2010\nunit = "million_usd"\nplaces = ["UZB"]\n'


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"year": {"kind": "decade"}}, "unknown kind 'decade'; known: year, int"),
        ({"year": {"min": 1990}}, "expected an object with a 'kind'"),
        ({"year": {"kind": "year", "max": 2023}}, "kind 'year' needs min"),
        ({"year": {"kind": "year", "min": 1990, "max": 2023, "step": 1}}, "unknown key(s)"),
        ({"year": {"kind": "text"}}, "the default 2000 is not a str"),
        ({"unit": {"kind": "year", "min": 1, "max": 2}}, "the default 'million_usd' is not a int"),
        ({"nope": {"kind": "bool"}}, "declares 'nope', which the parameters cell does not set"),
        ({"output_dir": {"kind": "text"}}, "set by kca run, not declared"),
        ({"places": {"kind": "countries", "run_each": True}}, "run_each needs a kind"),
        ({"year": {"kind": "int", "run_each": True}}, "run_each needs a kind"),
        ({"year": {"kind": "int", "not_after": "unit"}}, "not_after must name another numeric"),
        ({"year": {"kind": "int", "not_after": "year"}}, "not_after must name another numeric"),
        ({"year": {"kind": "int", "min": "1990"}}, "min must be a int"),
        ({"unit": {"kind": "text", "values": []}}, "values must be a non-empty list of str"),
        ({"unit": {"kind": "value_unit", "check": {"value": "x"}}}, "'check' must be"),
        ({"unit": {"kind": "value_unit", "check": {"value": "x", "expect": ""}}}, "non-empty"),
        ([], "must map parameter names to declarations"),
    ],
)
def test_a_bad_declaration_names_the_notebook_and_the_parameter(tmp_path, declared, message):
    path = write_notebook(tmp_path, "bad", CELL, declared)
    with pytest.raises(PipelineError) as error:
        read_notebook(path)
    assert message in str(error.value)
    assert str(error.value).startswith("bad: ")
    assert not isinstance(error.value, UsageError)  # the notebook is wrong, not the command line


def test_declarations_give_kind_options_and_checks(tmp_path):
    declared = {
        "year": {"kind": "year", "min": 1990, "max": 2023, "not_after": "end"},
        "end": {"kind": "year", "min": 1990, "max": 2023},
        "unit": {
            "kind": "value_unit",
            "check": [
                {"value": "billion_usd", "expect": "USD billion"},
                {"value": "thousand_usd", "expect": "USD thousand"},
            ],
        },
    }
    notebook = read_notebook(write_notebook(tmp_path, "nb", CELL, declared))
    year, unit, places = (notebook.parameter(n) for n in ("year", "unit", "places"))
    assert (year.kind, year.type, year.options["not_after"]) == ("year", "int", "end")
    assert [c.value for c in unit.checks] == ["billion_usd", "thousand_usd"]
    assert places.kind is None and places.type == "list[str]"
    assert parameters.allowed(year) == "1990 to 2023, not after end"


# --- values are resolved by the same functions the notebooks call -----------------------------

UNITS = st.sampled_from([*vocab.VALUE_UNITS, "Million_USD", "usd", "", " million_usd"])
LEVELS = st.sampled_from([*vocab.CONFIDENCE_LEVELS, "Official", "rumour", ""])
NAMES = st.sampled_from(
    ["UZB", "kazakhstan", " KGZ ", "Kyrgyz Republic", "France", "KOR", "uz", ""]
)
DONORS = st.sampled_from([*vocab.DONORS, "USA", "all DAC donors", "Narnia", "korea", "China"])
THEMES = st.sampled_from([*vocab.THEMES, "Health", "cooking", ""])


def agrees(kind: str, value, vocab_function) -> None:
    """``check_value`` refuses ``value`` exactly when the vocab function raises ``ValueError``."""
    try:
        vocab_function(value)
        accepted = True
    except ValueError:
        accepted = False
    parameter = Parameter("p", value, kind)
    if accepted:
        check_value(parameter, value)
    else:
        with pytest.raises(UsageError, match="parameter 'p'"):
            check_value(parameter, value)


@given(UNITS)
def test_value_unit_kind_is_vocab_check_value_unit(value):
    agrees("value_unit", value, vocab.check_value_unit)


@given(LEVELS)
def test_confidence_kind_is_vocab_confidence_rank(value):
    agrees("confidence", value, vocab.confidence_rank)


@given(NAMES)
def test_country_kind_is_vocab_resolve_country(value):
    agrees("country", value, vocab.resolve_country)


@given(st.lists(NAMES, max_size=4))
def test_countries_kind_is_vocab_resolve_countries(value):
    agrees("countries", value, vocab.resolve_countries)


@given(st.lists(NAMES | st.sampled_from(["China", "Russia", "USA"]), max_size=3))
def test_partners_kind_is_vocab_resolve_partners(value):
    agrees("partners", value, vocab.resolve_partners)


@given(st.lists(DONORS, max_size=3))
def test_donors_kind_is_vocab_resolve_donors(value):
    agrees("donors", value, vocab.resolve_donors)


@given(st.lists(THEMES, max_size=3))
def test_themes_kind_is_vocab_check_themes(value):
    agrees("themes", value, vocab.check_themes)


def test_country_kinds_give_the_notebook_iso3_codes_and_the_others_the_value_as_given():
    assert check_value(Parameter("where", "UZB", "country"), "kazakhstan") == "KAZ"
    assert check_value(Parameter("to", "UZB", "recipient"), "Kyrgyz Republic") == "KGZ"
    assert check_value(Parameter("c", ["UZB"], "countries"), ["tajikistan"]) == ["TJK"]
    assert check_value(Parameter("d", ["Japan"], "donors"), ["USA"]) == ["USA"]


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("bool", "true", "expects bool"),
        ("year", 2024.0, "expects int"),
        ("countries", "UZB", "expects list[str]"),
        ("value_unit", ["million_usd"], "expects str"),
        ("themes", ["health", 3], "expects list[str]"),
    ],
)
def test_a_value_of_another_type_is_refused(kind, value, expected):
    default = {"bool": True, "year": 2000, "countries": ["UZB"]}.get(kind, "x")
    parameter = Parameter("p", default, kind, {"min": 1990, "max": 2023})
    with pytest.raises(UsageError, match=re.escape(expected)):
        check_value(parameter, value)


def test_every_kind_describes_its_allowed_values():
    for name, kind in KINDS.items():
        options = {"min": 1, "max": 2} if "min" in kind.required else {}
        text = parameters.allowed(Parameter("p", None, name, options))
        assert text and "None" not in text, name


# --- the runner reads the declarations: no rule keyed on a parameter's name -------------------


def test_a_renamed_parameter_keeps_its_kind_and_run_each(tmp_path):
    # The fixture profile with its parameter renamed: nothing in the runner knows "country".
    source = json.loads((FIXTURES / "country_profile.ipynb").read_text())
    cell = source["cells"][1]
    cell["source"] = "".join(cell["source"]).replace('country = "UZB"', 'place = "UZB"')
    source["metadata"]["kca"]["parameters"] = {"place": {"kind": "country", "run_each": True}}
    (tmp_path / "atlas.ipynb").write_text(json.dumps(source))
    jobs = plan.plan(["atlas"], notebooks_dir=tmp_path)
    assert [j.run_id for j in jobs] == [f"atlas_{c}" for c in ("UZB", "KAZ", "KGZ", "TJK", "TKM")]
    (one,) = plan.plan(["atlas"], ["place=Turkmenistan"], notebooks_dir=tmp_path)
    assert one.run_id == "atlas_TKM" and one.parameters == {"place": "TKM"}


def test_an_undeclared_parameter_cannot_be_set(tmp_path):
    notebook = read_notebook(write_notebook(tmp_path, "nb", CELL, {}))
    with pytest.raises(UsageError, match="'unit' has no declaration in metadata.kca.parameters"):
        values.resolve_parameters(notebook, {"unit": "million_usd"})


def test_a_default_outside_its_declaration_stops_the_plan(tmp_path):
    declared = {"year": {"kind": "year", "min": 2005, "max": 2023}}
    write_notebook(tmp_path, "nb", CELL, declared)
    with pytest.raises(PipelineError, match="the default does not fit") as error:
        plan.plan(["nb"], notebooks_dir=tmp_path)
    assert not isinstance(error.value, UsageError)


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("notebook", "assignment", "message"),
    [
        ("03_trade", "value_unit=furlongs", "'value_unit': value_unit='furlongs' is not allowed"),
        ("01_history", "start_year=1989", "start_year=1989 is outside the allowed range: 1990"),
        ("01_history", "end_year=2024", "end_year=2024 is outside the allowed range"),
        ("02_forums", "since_year=2006", "since_year=2006 is outside the allowed range: 2007"),
        ("02_forums", "themes=health,cooking", "unknown theme(s) ['cooking']"),
        ("04_oda", "compare_with=Narnia", "unknown donor 'Narnia'"),
        ("04_oda", "recipient=Mongolia", "unknown country 'Mongolia'"),
        ("05_claims", "min_confidence=rumour", "unknown confidence level 'rumour'"),
        ("country_profile", "country=Korea", "unknown country 'Korea'"),
        ("01_history", "partners=China,Narnia", "unknown partner 'Narnia'"),
        ("03_trade", "countries=", "countries is empty"),
    ],
)
def test_the_collection_refuses_bad_values_with_exit_2_before_any_kernel(
    capsys, tmp_path, notebook, assignment, message
):
    outputs = tmp_path / "outputs"
    code, err = run_cli(capsys, "run", notebook, "-p", assignment, "--outputs", str(outputs))
    assert code == 2, err
    assert message in err
    assert not outputs.exists()


def test_a_window_the_wrong_way_round_is_refused(capsys, tmp_path):
    code, err = run_cli(
        capsys, "run", "01_history", "-p", "start_year=2020", "-p", "end_year=2010",
        "--outputs", str(tmp_path / "outputs"),
    )  # fmt: skip
    assert code == 2
    assert "start_year=2020 is after end_year=2010" in err
