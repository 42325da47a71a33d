"""Notebook parameters: their types, values given on the command line, and strict checks."""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import UsageError

if TYPE_CHECKING:
    from .notebooks import Notebook

#: Parameters that name one or several of the five countries; checked with the strict lookup.
COUNTRY_PARAMETERS = ("country", "countries", "recipient")
#: Parameters set by the pipeline itself.
RESERVED_PARAMETERS = ("output_dir",)


@dataclass(frozen=True)
class Parameter:
    """One name of a notebook's parameters cell, with its default and the type it implies."""

    name: str
    default: Any
    type: str

    def describe(self) -> str:
        return f"{self.name}: {self.type} = {self.default!r}"


def type_name(value: Any) -> str:
    """Return the parameter type implied by a default value (``str``, ``int``, ``list[str]``...)."""
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


_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_assignment(text: str) -> tuple[str, str]:
    """Split ``NAME=VALUE`` (the value may contain ``=``)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"expected -p NAME=VALUE, got {text!r}")
    return name.strip(), value


def _scalar(kind: str, raw: Any, name: str) -> Any:
    expected = {
        "bool": "bool (true/false, yes/no, 1/0)",
        "int": "int (e.g. 2014)",
        "float": "float (e.g. 0.5)",
    }
    if kind == "str":
        if not isinstance(raw, str):
            raise UsageError(f"parameter {name!r} expects str, got {raw!r}")
        return raw
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    elif kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and _INT.fullmatch(raw.strip()):
            return int(raw.strip())
    elif kind == "float":
        if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
            return float(raw)
        if isinstance(raw, str) and _FLOAT.fullmatch(raw.strip()):
            return float(raw.strip())
    raise UsageError(f"parameter {name!r} expects {expected.get(kind, kind)}, got {raw!r}")


def coerce(parameter: Parameter, raw: str) -> Any:
    """Turn the text of ``-p NAME=VALUE`` into a value of the default's type.

    The result is always plain data (str, int, float, bool, None or a list of them): papermill
    writes it into the notebook with ``repr``-like escaping, never as code.

    Raises
    ------
    UsageError
        Naming the parameter and the expected type.
    """
    kind, name = parameter.type, parameter.name
    if kind in ("str", "int", "float", "bool"):
        return _scalar(kind, raw, name)
    if kind == "none":
        text = raw.strip()
        if text.lower() in ("none", "null", ""):
            return None
        for option in ("int", "float"):
            with contextlib.suppress(UsageError):
                return _scalar(option, text, name)
        return raw
    if kind.startswith("list"):
        element = kind[5:-1] if kind.startswith("list[") else "str"
        text = raw.strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except ValueError:
                raise UsageError(
                    f"parameter {name!r} expects {kind}: a JSON list or comma-separated values, "
                    f"got {raw!r}"
                ) from None
            if not isinstance(items, list):
                raise UsageError(f"parameter {name!r} expects {kind}, got {raw!r}")
        else:
            items = [item.strip() for item in text.split(",") if item.strip()]
        return [_scalar(element, item, f"{name}[{i}]") for i, item in enumerate(items)]
    raise UsageError(
        f"parameter {name!r} has a default of type {kind} that cannot be set from the command line"
    )


def _country_value(name: str, value: Any) -> Any:
    from kca_analysis.countries import UnknownCountryError, lookup_country

    try:
        if isinstance(value, list):
            return [lookup_country(str(v)).iso3 for v in value]
        return lookup_country(str(value)).iso3
    except UnknownCountryError as error:
        raise UsageError(f"parameter {name!r}: {error}") from None


def resolve_parameters(notebook: Notebook, assignments: Mapping[str, str]) -> dict[str, Any]:
    """Check ``{name: text}`` against the notebook's parameters cell; return typed overrides."""
    declared = [p.name for p in notebook.parameters if p.name not in RESERVED_PARAMETERS]
    overrides: dict[str, Any] = {}
    for name, raw in assignments.items():
        if name in RESERVED_PARAMETERS:
            raise UsageError(f"{notebook.name}: parameter {name!r} is set by kca run, not by -p")
        parameter = notebook.parameter(name)
        if parameter is None:
            listing = ", ".join(declared) if declared else "(none)"
            raise UsageError(
                f"{notebook.name} has no parameter {name!r}; declared parameters: {listing}"
            )
        value = coerce(parameter, raw)
        if name in COUNTRY_PARAMETERS:
            value = _country_value(name, value)
        overrides[name] = value
    return overrides


def declare(notebook: str, cell: Mapping[str, Any], declared: Any = None) -> tuple[Parameter, ...]:
    """Return the parameters of a notebook's parameters cell, typed by their defaults."""
    return tuple(Parameter(name, value, type_name(value)) for name, value in cell.items())
