"""pyproject.toml, requirements.lock and environment.yml must agree, and the two commands of
the README must be what CI and the Makefile run."""

from __future__ import annotations

import re
import tomllib

import yaml

from kca_analysis import paths

ROOT = paths.PROJECT_ROOT


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements: list[str]) -> list[str]:
    return [_normalise(re.split(r"[<>=!~;\[ ]", d)[0]) for d in requirements]


def _declared() -> list[str]:
    """Every dependency of pyproject.toml: the package's own and those of every extra."""
    project = _project()
    extras = [d for group in project.get("optional-dependencies", {}).values() for d in group]
    return _names(project["dependencies"] + extras)


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {_normalise(n): v for n, v in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.M)}


def _conda() -> dict[str, str]:
    document = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins: dict[str, str] = {}
    for item in document["dependencies"]:
        if isinstance(item, dict):
            for requirement in item["pip"]:
                if "==" in requirement:
                    name, version = requirement.split("==")
                    pins[_normalise(name)] = version
        elif "=" in item:
            name, version = item.split("=", 1)
            pins[_normalise(name)] = version
    return pins


def test_every_declared_dependency_is_locked():
    locked = _locked()
    missing = [name for name in _declared() if name not in locked]
    assert not missing, f"declared in pyproject.toml but not in requirements.lock: {missing}"


#: Tools that test or maintain the collection: extras, never dependencies of the package itself.
TOOLS = ("pytest", "hypothesis", "ruff", "playwright", "pytest-xdist")


def test_test_and_development_tools_are_extras_not_dependencies():
    project = _project()
    core = set(_names(project["dependencies"]))
    assert not core & set(TOOLS), (
        f"tools declared as dependencies of the package: {core & set(TOOLS)}"
    )
    extras = set(_names([d for g in project["optional-dependencies"].values() for d in g]))
    assert {"pytest", "hypothesis", "ruff", "playwright"} <= extras


def test_the_lock_pins_every_extra_and_make_installs_the_whole_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--all-extras" in makefile, "make lock must pin the extras too"
    assert "install --require-hashes --no-deps -r requirements.lock" in makefile


def test_every_locked_package_has_hashes():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n\n", 1)[-1])
    for block in blocks:
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"


def test_environment_yml_pins_the_locked_versions_of_every_dependency():
    locked, conda = _locked(), _conda()
    for name in _declared():
        assert name in conda, f"{name} is declared in pyproject.toml but not in environment.yml"
        assert conda[name] == locked[name], (
            f"{name}: environment.yml pins {conda[name]}, requirements.lock pins {locked[name]}"
        )
    document = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_part = next(item["pip"] for item in document["dependencies"] if isinstance(item, dict))
    assert "--editable ." in pip_part, "environment.yml's pip part must install the package"


def test_make_installs_from_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes" in makefile and "requirements.lock" in makefile


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^make \w+", readme, re.M)
    assert commands[:2] == ["make run", "make test"]


def test_test_processes_import_jsonschema_without_the_unused_iri_grammars():
    # kca_analysis.run.lean is loaded by addopts before nbval imports nbformat; frictionless and
    # the notebook schema use no iri format, so only the import time changes.
    import sys

    import jsonschema  # noqa: F401

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "-p kca_analysis.run.lean" in pyproject["tool"]["pytest"]["ini_options"]["addopts"]
    assert sys.modules["rfc3987_syntax"] is None
