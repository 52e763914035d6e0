"""No module of the application is over 400 lines: a longer one is split the way its content
splits (README "Sub-features")."""

from __future__ import annotations

from pathlib import Path

import mcm

LIMIT = 400
PACKAGE = Path(mcm.__file__).resolve().parent


def test_no_module_is_over_the_limit() -> None:
    sizes = {
        path: len(path.read_text(encoding="utf-8").splitlines()) for path in PACKAGE.rglob("*.py")
    }
    offenders = sorted(
        f"{path.relative_to(PACKAGE.parent)}: {lines} lines"
        for path, lines in sizes.items()
        if lines > LIMIT
    )
    assert len(sizes) > 100  # the walk found the package's modules
    assert offenders == []
