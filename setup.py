"""Ship the top-level templates/, static/ and migrations/ inside the mcm package of a wheel.

Everything else is declared in pyproject.toml; an editable install reads these folders from the
checkout, so this hook only acts on real builds.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithWebFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder in ("templates", "static", "migrations"):
            shutil.copytree(folder, Path(self.build_lib) / "mcm" / folder, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithWebFiles})
