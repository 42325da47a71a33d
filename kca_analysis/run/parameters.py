"""Notebook parameters, declared once in the notebook itself and checked before any kernel starts.

Declaration format
------------------
A notebook's parameters cell (tagged ``parameters``) gives each parameter its default, as a
literal. The notebook's metadata, ``metadata.kca.parameters``, declares each of them (all but
``output_dir``, which ``kca run`` sets) once, by *kind*::

    "parameters": {
     "start_year": {"kind": "year", "min": 1990, "max": 2023, "not_after": "end_year",
                    "check": {"value": 2000, "expect": "Years shown: 2000-2023."}},
     "value_unit": {"kind": "value_unit",
                    "check": {"value": "million_usd", "expect": "Values are shown in USD million"}},
     "country": {"kind": "country", "run_each": true,
                 "check": {"value": "Kazakhstan", "expect": "Country profile: Kazakhstan (KAZ)"}}
    }

``kind`` (required)
    A name of :data:`KINDS`: it fixes the type of the value, how ``-p NAME=TEXT`` is read and
    which values are allowed.
``check``
    The proof that the parameter reaches the reader: run with ``value`` (not the default), the
    executed notebook's outputs contain the text ``expect``. One object, or a list of them. The
    notebook contract test requires one for every parameter of the collection and runs it.
``min``, ``max``
    Inclusive bounds: required for ``year``, optional for ``int`` and ``float``.
``values``
    For ``text``: the only values allowed (optional).
``not_after``
    For ``year``, ``int`` and ``float``: another parameter this one may not exceed.
``run_each``
    ``true``: ``kca run`` without ``-p NAME`` runs the notebook once per allowed value, each a
    default run named ``<notebook>_<value>`` (the country profile); only for kinds with a finite
    set of scalar values (``country``, ``recipient``, ``value_unit``, ``confidence``, ``text``
    with ``values``).

Kinds
-----
Each kind resolves a value with the same function the notebook calls (from
:mod:`kca_analysis.vocab`), so ``kca run`` and the notebook accept and refuse the same values;
only the country kinds change the value given to the notebook (to ISO3 codes):

=============  ===========  ===============================================================
kind           type         allowed values, resolved by
=============  ===========  ===============================================================
year           int          ``min`` to ``max``
int, float     int, float   any number (within ``min``/``max`` when declared)
bool           bool         true or false
text           str          any text, or one of ``values``
country        str          the five, :func:`~kca_analysis.vocab.resolve_country` (to ISO3)
recipient      str          the five, :func:`~kca_analysis.vocab.resolve_recipient` (to ISO3)
countries      list[str]    the five, :func:`~kca_analysis.vocab.resolve_countries` (to ISO3)
partners       list[str]    the partner powers, :func:`~kca_analysis.vocab.resolve_partners`
donors         list[str]    the DAC 2a donors, :func:`~kca_analysis.vocab.resolve_donors`
value_unit     str          :data:`~kca_analysis.vocab.VALUE_UNITS`, ``check_value_unit``
themes         list[str]    :data:`~kca_analysis.vocab.THEMES` (empty: all), ``check_themes``
confidence     str          :data:`~kca_analysis.vocab.CONFIDENCE_LEVELS`, ``confidence_rank``
=============  ===========  ===============================================================

Adding a parameter of an existing kind is a change to the notebook only: a line in its
parameters cell and one entry in ``metadata.kca.parameters``. A new kind is one resolver in
:mod:`kca_analysis.vocab` (which the notebook calls too) and one line in :data:`KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kca_analysis import vocab
from kca_analysis.countries import CENTRAL_ASIA_ISO3, KOREA, PARTNERS

from .errors import PipelineError, UsageError

#: Parameters set by ``kca run`` itself, never declared and never given with ``-p``.
RESERVED_PARAMETERS = ("output_dir",)
#: Where the declarations live, named in messages.
WHERE = "metadata.kca.parameters"


@dataclass(frozen=True)
class Check:
    """A proof that a parameter reaches the reader: with ``value``, the outputs show ``expect``."""

    value: Any
    expect: str


@dataclass(frozen=True)
class Parameter:
    """One name of a notebook's parameters cell: its default and its declaration.

    ``kind`` is ``None`` for a parameter the notebook does not declare (it cannot be set with
    ``-p``); ``options`` holds the declaration's other keys (``min``, ``max``, ``values``,
    ``not_after``, ``run_each``).
    """

    name: str
    default: Any
    kind: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    checks: tuple[Check, ...] = ()

    @property
    def type(self) -> str:
        """The value's type: the kind's, or the default's for an undeclared parameter."""
        return KINDS[self.kind].type if self.kind else type_name(self.default)

    @property
    def run_each(self) -> bool:
        """Whether ``kca run`` runs the notebook once per allowed value by default."""
        return bool(self.options.get("run_each"))


@dataclass(frozen=True)
class Kind:
    """What a kind of parameter is: its type, its resolver and its allowed values.

    ``resolve(value, parameter)`` returns the value given to the notebook or raises
    ``ValueError`` with a message that lists the valid values; ``choices(parameter)`` returns
    the allowed values (or list elements) when they are a finite set, else ``None``.
    """

    type: str
    resolve: Callable[[Any, Parameter], Any]
    choices: Callable[[Parameter], tuple[Any, ...] | None]
    note: str = ""
    options: tuple[str, ...] = ()
    required: tuple[str, ...] = ()


def _bounded(value: Any, p: Parameter) -> Any:
    low, high = p.options.get("min"), p.options.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{p.name}={value!r} is outside the allowed range: {_range(p)}")
    return value


def _range(p: Parameter) -> str:
    low, high = p.options.get("min"), p.options.get("max")
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"{low} or more"
    return f"{high} or less" if high is not None else ""


def _one_of_declared(value: Any, p: Parameter) -> Any:
    choices = _declared_values(p)
    if choices is not None and value not in choices:
        listed = ", ".join(repr(v) for v in choices)
        raise ValueError(f"{p.name}={value!r} is not allowed; expected one of {listed}")
    return value


def _as_given(value: Any, p: Parameter) -> Any:
    return value


def _checked_by(function: Callable[[Any], Any]) -> Callable[[Any, Parameter], Any]:
    """A kind whose vocabulary function only checks: the notebook gets the value as given."""

    def resolve(value: Any, p: Parameter) -> Any:
        function(value)
        return value

    return resolve


def _country(value: Any, p: Parameter) -> str:
    return vocab.resolve_country(value, parameter=p.name).iso3


def _recipient(value: Any, p: Parameter) -> str:
    return vocab.resolve_recipient(value).iso3


def _countries(value: Any, p: Parameter) -> list[str]:
    return vocab.resolve_countries(value)


def _unlisted(p: Parameter) -> None:
    return None


def _declared_values(p: Parameter) -> tuple[Any, ...] | None:
    return tuple(p.options["values"]) if "values" in p.options else None


def _five(p: Parameter) -> tuple[str, ...]:
    return CENTRAL_ASIA_ISO3


def _partners(p: Parameter) -> tuple[str, ...]:
    return tuple(c.name for c in PARTNERS if c.iso3 != KOREA.iso3)


def _units(p: Parameter) -> tuple[str, ...]:
    return tuple(vocab.VALUE_UNITS)


def _donors(p: Parameter) -> tuple[str, ...]:
    return vocab.DONORS


def _themes(p: Parameter) -> tuple[str, ...]:
    return tuple(vocab.THEMES)


def _levels(p: Parameter) -> tuple[str, ...]:
    return vocab.CONFIDENCE_LEVELS


_BOUNDS = ("min", "max", "not_after")
_NAMES = "ISO3 codes or English names, each once, at least one"
_DONOR_NOTE = "names or aliases such as USA, all DAC donors; each once, at least one"

#: The kinds of parameter: name -> :class:`Kind` (type, resolver, allowed values, note, keys).
# fmt: off
KINDS: dict[str, Kind] = {
    "year": Kind("int", _bounded, _unlisted, options=_BOUNDS, required=("min", "max")),
    "int": Kind("int", _bounded, _unlisted, options=_BOUNDS),
    "float": Kind("float", _bounded, _unlisted, options=_BOUNDS),
    "bool": Kind("bool", _as_given, _unlisted),
    "text": Kind("str", _one_of_declared, _declared_values, options=("values",)),
    "country": Kind("str", _country, _five, "ISO3 code or English name"),
    "recipient": Kind("str", _recipient, _five, "ISO3 code or English name"),
    "countries": Kind("list[str]", _countries, _five, _NAMES),
    "partners": Kind("list[str]", _checked_by(vocab.resolve_partners), _partners, "each once"),
    "donors": Kind("list[str]", _checked_by(vocab.resolve_donors), _donors, _DONOR_NOTE),
    "value_unit": Kind("str", _checked_by(vocab.check_value_unit), _units),
    "themes": Kind("list[str]", _checked_by(vocab.check_themes), _themes, "empty: every theme"),
    "confidence": Kind("str", _checked_by(vocab.confidence_rank), _levels),
}
# fmt: on

_GENERAL_OPTIONS = ("kind", "check", "run_each")


def type_name(value: Any) -> str:
    """Return the type a value has as a parameter: ``str``, ``int``, ``list[str]``...

    Parameters
    ----------
    value
        A literal of a parameters cell.

    Returns
    -------
    str
        ``bool``, ``int``, ``float``, ``str``, ``none``, ``list[T]`` (``list[str]`` when empty,
        ``list[float]`` for mixed numbers), ``list`` or the Python type's name.
    """
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if value is None:
        return "none"
    if isinstance(value, list | tuple):
        kinds = {type_name(v) for v in value}
        if not kinds:
            return "list[str]"
        if kinds <= {"int", "float"} and "float" in kinds:
            return "list[float]"
        if len(kinds) == 1 and next(iter(kinds)) in ("str", "int", "float", "bool"):
            return f"list[{next(iter(kinds))}]"
        return "list"
    return type(value).__name__


def _fits(value: Any, expected: str) -> bool:
    """Whether ``value`` has the type ``expected`` (an int is a float; an empty list any list)."""
    got = type_name(value)
    if expected == "float":
        return got in ("int", "float")
    if expected.startswith("list[") and isinstance(value, list) and not value:
        return True
    return got == expected


# --------------------------------------------------------------------------------------------
# Declarations: metadata.kca.parameters beside the parameters cell
# --------------------------------------------------------------------------------------------


def _checks(where: str, raw: Any) -> tuple[Check, ...]:
    items = raw if isinstance(raw, list) else [raw]
    checks = []
    for item in items:
        if not (isinstance(item, dict) and set(item) == {"value", "expect"}):
            raise PipelineError(
                f"{where}: 'check' must be {{'value': ..., 'expect': 'text'}} or a list of them"
            )
        if not isinstance(item["expect"], str) or not item["expect"]:
            raise PipelineError(f"{where}: a check's 'expect' must be a non-empty text")
        checks.append(Check(item["value"], item["expect"]))
    return tuple(checks)


def _declared(notebook: str, name: str, default: Any, entry: Any, cell: Mapping) -> Parameter:
    """One declaration, checked for its structure (not yet its default's value)."""
    where = f"{notebook}: {WHERE}.{name}"
    if not isinstance(entry, dict) or "kind" not in entry:
        raise PipelineError(f"{where}: expected an object with a 'kind' (one of {_kind_names()})")
    kind = KINDS.get(entry["kind"])
    if kind is None:
        raise PipelineError(f"{where}: unknown kind {entry['kind']!r}; known: {_kind_names()}")
    unknown = sorted(set(entry) - set(_GENERAL_OPTIONS) - set(kind.options))
    if unknown:
        keys = ", ".join((*_GENERAL_OPTIONS, *kind.options))
        raise PipelineError(f"{where}: unknown key(s) {unknown} for this kind; allowed: {keys}")
    missing = [key for key in kind.required if key not in entry]
    if missing:
        raise PipelineError(f"{where}: kind {entry['kind']!r} needs {', '.join(missing)}")
    if not _fits(default, kind.type):
        raise PipelineError(
            f"{where}: the default {default!r} is not a {kind.type} (kind {entry['kind']!r})"
        )
    _check_options(where, name, kind, entry, cell)
    options = {k: v for k, v in entry.items() if k not in ("kind", "check")}
    parameter = Parameter(
        name, default, entry["kind"], options, _checks(where, entry.get("check", []))
    )
    if parameter.run_each and (kind.type.startswith("list") or not kind.choices(parameter)):
        raise PipelineError(f"{where}: run_each needs a kind with a finite set of single values")
    return parameter


def _check_options(where: str, name: str, kind: Kind, entry: Mapping, cell: Mapping) -> None:
    """The values of ``min``, ``max``, ``values``, ``not_after`` and ``run_each``."""
    for key in ("min", "max"):
        if key in entry and not _fits(entry[key], kind.type):
            raise PipelineError(f"{where}: {key} must be a {kind.type}, got {entry[key]!r}")
    choices = entry.get("values")
    if choices is not None and not (
        isinstance(choices, list) and choices and all(_fits(v, kind.type) for v in choices)
    ):
        raise PipelineError(f"{where}: values must be a non-empty list of {kind.type}")
    other = entry.get("not_after")
    if other is not None and (other == name or type_name(cell.get(other)) not in ("int", "float")):
        raise PipelineError(
            f"{where}: not_after must name another numeric parameter, got {other!r}"
        )
    if not isinstance(entry.get("run_each", False), bool):
        raise PipelineError(f"{where}: run_each must be true or false")


def _kind_names() -> str:
    return ", ".join(KINDS)


def declare(notebook: str, cell: Mapping[str, Any], declared: Any) -> tuple[Parameter, ...]:
    """Return a notebook's parameters: the cell's defaults with their declarations.

    Parameters
    ----------
    notebook
        The notebook's name, for messages.
    cell
        Name -> default, from the parameters cell.
    declared
        ``metadata.kca.parameters`` (``None`` when absent).

    Returns
    -------
    tuple of Parameter
        In the cell's order; ``kind`` is ``None`` for a parameter not declared.

    Raises
    ------
    PipelineError
        For a declaration of an unknown name or kind, with unknown or missing keys, a default
        of another type than the kind's, a bad check, or ``run_each`` on a kind without a
        finite set of values; also when ``output_dir`` is declared or two parameters run each.
    """
    declared = {} if declared is None else declared
    if not isinstance(declared, dict):
        raise PipelineError(f"{notebook}: {WHERE} must map parameter names to declarations")
    for name in declared:
        if name in RESERVED_PARAMETERS:
            raise PipelineError(f"{notebook}: {WHERE}.{name}: set by kca run, not declared")
        if name not in cell:
            raise PipelineError(
                f"{notebook}: {WHERE} declares {name!r}, which the parameters cell does not set"
            )
    found = tuple(
        _declared(notebook, name, default, declared[name], cell)
        if name in declared
        else Parameter(name, default)
        for name, default in cell.items()
    )
    if sum(p.run_each for p in found) > 1:
        raise PipelineError(f"{notebook}: only one parameter may have run_each")
    return found


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def check_value(parameter: Parameter, value: Any) -> Any:
    """Check one typed value against the parameter's kind; return what the notebook gets.

    Parameters
    ----------
    parameter
        A declared parameter.
    value
        A value of the parameter's type (from :func:`coerce`, or a check's JSON value).

    Returns
    -------
    Any
        The value, or its canonical form for the country kinds (ISO3 codes).

    Raises
    ------
    UsageError
        For a value of another type, or one the kind does not allow; the message names the
        parameter and what is valid.
    """
    kind = KINDS[parameter.kind]
    if not _fits(value, kind.type):
        raise UsageError(f"parameter {parameter.name!r} expects {kind.type}, got {value!r}")
    try:
        return kind.resolve(value, parameter)
    except ValueError as error:
        raise UsageError(f"parameter {parameter.name!r}: {error}") from None


def run_each_values(parameter: Parameter) -> tuple[Any, ...]:
    """Return the values a ``run_each`` parameter takes in a default ``kca run``.

    Parameters
    ----------
    parameter
        A declared parameter with ``run_each``.

    Returns
    -------
    tuple
        Its kind's allowed values, in their declared order (the five in Table 1's order).
    """
    return tuple(KINDS[parameter.kind].choices(parameter) or ())


def allowed(parameter: Parameter) -> str:
    """Describe the values a parameter allows, for ``kca list`` and error messages.

    Parameters
    ----------
    parameter
        Any parameter.

    Returns
    -------
    str
        E.g. ``"1990 to 2023, not after end_year"`` or ``"a list of UZB, KAZ, KGZ, TJK, TKM
        (ISO3 codes or English names, each once, at least one)"``.
    """
    if parameter.kind is None:
        return f"not declared in {WHERE}: cannot be set with -p"
    kind = KINDS[parameter.kind]
    choices = kind.choices(parameter)
    if choices is not None:
        listed = ", ".join(repr(c) if isinstance(c, str) and "," in c else str(c) for c in choices)
        text = f"a list of {listed}" if kind.type.startswith("list") else f"one of {listed}"
    elif kind.type == "bool":
        text = "true or false"
    else:
        text = _range(parameter) or {"int": "any integer", "float": "any number"}.get(
            kind.type, "any text"
        )
    if kind.note:
        text += f" ({kind.note})"
    if parameter.options.get("not_after"):
        text += f", not after {parameter.options['not_after']}"
    return text
