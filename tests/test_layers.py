"""The layers of pyproject.toml's import contract hold: no module imports a higher layer, at
module level or inside a function (import-linter reads every import statement)."""

from __future__ import annotations

import pkgutil
import re
import tomllib
from pathlib import Path

from importlinter import configuration
from importlinter.application.use_cases import lint_imports

import mcm

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _layers() -> list[str]:
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return contract["layers"]


def test_the_import_contracts_are_kept() -> None:
    configuration.configure()  # what the lint-imports command does before it reads the file
    assert lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True)


def test_every_package_has_its_layer() -> None:
    """A new feature is placed in a layer, or the contract would not check it."""
    placed = {name for layer in _layers() for name in re.split(r"\s*[|:]\s*", layer)}
    modules = {info.name for info in pkgutil.iter_modules(mcm.__path__)}
    assert modules == placed
