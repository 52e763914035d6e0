"""The layers of pyproject.toml's import contract hold: no module imports a higher layer, at
module level or inside a function (import-linter reads every import statement; only imports for
the type checker are left out), and the contracts cover every package, a new one included."""

from __future__ import annotations

import ast
import fnmatch
import pkgutil
import re
import tomllib
from pathlib import Path

import grimp
from importlinter import configuration
from importlinter.application.use_cases import lint_imports

import mcm

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _config() -> dict:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]


def _layers() -> list[str]:
    (contract,) = [c for c in _config()["contracts"] if c["type"] == "layers"]
    return contract["layers"]


def _forbidden(name: str) -> list[str]:
    (contract,) = [c for c in _config()["contracts"] if c["name"] == name]
    return contract["source_modules"]


def _names(layer: str) -> set[str]:
    return set(re.split(r"\s*[|:]\s*", layer))


def test_the_import_contracts_are_kept() -> None:
    configuration.configure()  # what the lint-imports command does before it reads the file
    assert lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True)


def test_every_package_has_its_layer() -> None:
    """A new feature is placed in a layer, or the contract would not check it."""
    placed = {name for layer in _layers() for name in _names(layer)}
    modules = {info.name for info in pkgutil.iter_modules(mcm.__path__)}
    assert modules == placed


def test_every_plans_module_but_the_matrix_is_kept_from_the_matrix() -> None:
    """A new plans module is a source of the contract without anyone listing it."""
    plans = mcm.__path__[0] + "/plans"
    modules = {f"mcm.plans.{info.name}" for info in pkgutil.iter_modules([plans])}
    sources = _forbidden("Nothing else in plans imports the national matrix")
    covered = {m for m in modules if any(fnmatch.fnmatchcase(m, s) for s in sources)}
    assert covered == modules  # the matrix is among them and skipped as the forbidden module
    assert len(modules) > 5


def test_the_other_national_views_are_the_national_row_of_the_layers() -> None:
    (row,) = [layer for layer in _layers() if "overview" in _names(layer)]
    sources = _forbidden("The other national views do not import the national matrix")
    assert set(sources) == {f"mcm.{name}" for name in _names(row)}


def _function_imports() -> list[tuple[str, str]]:
    """(importer, imported) for every import of an mcm module inside a function."""
    found = []
    root = Path(mcm.__file__).resolve().parent.parent
    for path in (root / "mcm").rglob("*.py"):
        importer = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found += [(importer, f"{node.module}.{a.name}") for a in node.names]
                elif isinstance(node, ast.Import):
                    found += [(importer, a.name) for a in node.names]
    return [(a, b) for a, b in found if b.startswith("mcm.")]


def test_the_contracts_see_imports_inside_functions() -> None:
    """Nothing is left out of the check but imports for the type checker: no ignored imports, and
    every import inside a function is in the graph the contracts are checked on."""
    config = _config()
    assert set(config) == {"root_package", "exclude_type_checking_imports", "contracts"}
    assert all("ignore_imports" not in contract for contract in config["contracts"])
    graph = grimp.build_graph("mcm", exclude_type_checking_imports=True, cache_dir=None)
    imports = _function_imports()
    # "from mcm.core import outbox_service" imports a module; "from mcm.x import name" its parent.
    missing = [
        (importer, imported)
        for importer, imported in imports
        if not any(
            graph.direct_import_exists(importer=importer, imported=target)
            for target in (imported, imported.rpartition(".")[0])
            if target != importer and target in graph.modules
        )
    ]
    assert len(imports) > 20
    assert missing == []
