"""Values given on the command line: typed, resolved by their kind, and checked together.

``kca run NOTEBOOK -p NAME=TEXT`` gives text; :func:`resolve_parameters` reads it as the
parameter's type (:func:`coerce`), refuses unknown and undeclared names, and resolves the value
with its kind (:func:`kca_analysis.run.parameters.check_value`); :func:`check_combination` then
checks each run's complete set of values (defaults included, and ``not_after`` relations).
Everything happens before any kernel starts; every refusal is a :class:`UsageError` (exit 2)
naming the notebook, the parameter and what is valid.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from .errors import PipelineError, UsageError
from .parameters import RESERVED_PARAMETERS, WHERE, Parameter, allowed, check_value

if TYPE_CHECKING:
    from .notebooks import Notebook

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_EXPECTED = {
    "bool": "bool (true/false, yes/no, 1/0)",
    "int": "int (e.g. 2014)",
    "float": "float (e.g. 0.5)",
}


def parse_assignment(text: str) -> tuple[str, str]:
    """Split ``NAME=VALUE`` (the value may contain ``=``).

    Parameters
    ----------
    text
        One ``-p`` argument.

    Returns
    -------
    tuple of str
        The name (stripped) and the value text (as given).

    Raises
    ------
    UsageError
        When there is no ``=`` or no name.
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"expected -p NAME=VALUE, got {text!r}")
    return name.strip(), value


def _scalar(kind: str, raw: Any, name: str) -> Any:
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
    raise UsageError(f"parameter {name!r} expects {_EXPECTED.get(kind, kind)}, got {raw!r}")


def coerce(parameter: Parameter, raw: str) -> Any:
    """Turn the text of ``-p NAME=VALUE`` into a value of the parameter's type.

    Lists are comma-separated (``UZB,KAZ``) or a JSON list (``["a,b", "c"]``); an empty text is
    an empty list. The result is always plain data (str, int, float, bool, None or a list of
    them): papermill writes it into the notebook as a literal, never as code.

    Parameters
    ----------
    parameter
        The parameter being set.
    raw
        The text after ``=``.

    Returns
    -------
    Any
        The typed value.

    Raises
    ------
    UsageError
        Naming the parameter and the expected type.
    """
    kind, name = parameter.type, parameter.name
    if kind in ("str", "int", "float", "bool"):
        return _scalar(kind, raw, name)
    if kind.startswith("list"):
        return [
            _scalar(kind[5:-1] if kind.startswith("list[") else "str", item, f"{name}[{i}]")
            for i, item in enumerate(_list_items(name, kind, raw))
        ]
    raise UsageError(
        f"parameter {name!r} has a default of type {kind} that cannot be set from the command line"
    )


def _list_items(name: str, kind: str, raw: str) -> list[Any]:
    text = raw.strip()
    if not text.startswith("["):
        return [item.strip() for item in text.split(",") if item.strip()]
    try:
        items = json.loads(text)
    except ValueError:
        raise UsageError(
            f"parameter {name!r} expects {kind}: a JSON list or comma-separated values, got {raw!r}"
        ) from None
    if not isinstance(items, list):
        raise UsageError(f"parameter {name!r} expects {kind}, got {raw!r}")
    return items


def settable(notebook: Notebook, name: str) -> Parameter:
    """Return the parameter ``name`` of ``notebook`` if the user may set it.

    Parameters
    ----------
    notebook
        The notebook the value is for.
    name
        The parameter's name.

    Returns
    -------
    Parameter
        A declared parameter of the notebook.

    Raises
    ------
    UsageError
        For ``output_dir``, an unknown name (listing the notebook's parameters) or an
        undeclared parameter.
    """
    if name in RESERVED_PARAMETERS:
        raise UsageError(f"{notebook.name}: parameter {name!r} is set by kca run, not by -p")
    parameter = notebook.parameter(name)
    if parameter is None:
        listing = ", ".join(notebook.defaults) or "(none)"
        raise UsageError(
            f"{notebook.name} has no parameter {name!r}; declared parameters: {listing}"
        )
    if parameter.kind is None:
        raise UsageError(
            f"{notebook.name}: parameter {name!r} has no declaration in {WHERE}, so it "
            "cannot be set with -p (declare its kind there)"
        )
    return parameter


def _typed(parameter: Parameter, value: Any) -> Any:
    """A JSON value as the parameter's type (an integer for a float is a float), else refused."""
    kind = parameter.type
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind == "list[float]" and isinstance(value, list):
        return [float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(f"parameter {parameter.name!r} expects a finite number, got {value!r}")
    return value


def resolve_value(notebook: Notebook, name: str, raw: Any) -> Any:
    """Check one value for ``notebook``'s parameter ``name``; return what the notebook gets.

    Parameters
    ----------
    notebook
        The notebook the value is for.
    name
        The parameter's name.
    raw
        A text as after ``-p NAME=`` (read with :func:`coerce`), or a typed value (from JSON:
        a number, a boolean, a list), which must already have the parameter's type.

    Returns
    -------
    Any
        The typed, resolved value.

    Raises
    ------
    UsageError
        For ``output_dir``, an unknown or undeclared name, a wrong type or a value not allowed.
    """
    parameter = settable(notebook, name)
    try:
        typed = coerce(parameter, raw) if isinstance(raw, str) else _typed(parameter, raw)
    except UsageError as error:
        hint = ""
        if isinstance(raw, str) and "," in raw and not parameter.type.startswith("list"):
            hint = f"; to run once per value, use --sweep {name}={raw.strip()}"
        raise UsageError(f"{notebook.name}: {error}; allowed: {allowed(parameter)}{hint}") from None
    try:
        return check_value(parameter, typed)
    except UsageError as error:
        raise UsageError(f"{notebook.name}: {error}") from None


def resolve_parameters(notebook: Notebook, assignments: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``{name: text}`` against the notebook's declarations; return the values to give it.

    Parameters
    ----------
    notebook
        The notebook the values are for.
    assignments
        Parameter name -> the text of ``-p NAME=TEXT`` (or a typed value, see
        :func:`resolve_value`).

    Returns
    -------
    dict
        Name -> typed, resolved value.

    Raises
    ------
    UsageError
        For ``output_dir``, an unknown name (listing the notebook's parameters), an undeclared
        parameter, a wrong type or a value not allowed.
    """
    return {name: resolve_value(notebook, name, raw) for name, raw in assignments.items()}


def check_combination(
    notebook: Notebook, values: Mapping[str, Any], overridden: Collection[str]
) -> None:
    """Check one run's complete set of values: the defaults, and every ``not_after`` relation.

    Parameters
    ----------
    notebook
        The notebook.
    values
        Every parameter's value for the run (defaults and overrides).
    overridden
        The names set by the user (already checked by :func:`resolve_parameters`).

    Raises
    ------
    UsageError
        When a relation fails because of a value the user set.
    PipelineError
        When a default does not satisfy its own declaration (the notebook must be fixed).
    """
    for p in notebook.parameters:
        if p.kind is None or p.name not in values or p.name in overridden:
            continue
        try:
            check_value(p, values[p.name])
        except UsageError as error:
            raise PipelineError(
                f"{notebook.name}: the default does not fit its declaration in {WHERE}: {error}"
            ) from None
    for p in notebook.parameters:
        other = p.options.get("not_after")
        if other is None or values[p.name] <= values[other]:
            continue
        error = UsageError if {p.name, other} & set(overridden) else PipelineError
        raise error(
            f"{notebook.name}: {p.name}={values[p.name]!r} is after {other}={values[other]!r}; "
            f"{p.name} may not exceed {other}"
        )
