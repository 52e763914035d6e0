"""The regional benchmark: a process that generates the data set and then serves every page
from it must finish cleanly on SQLite (issue 12 saw such a process die of SIGSEGV in fetchall)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = (
    "national overview", "compliance", "statistics (national)", "action-plan matrix",
    "overview export XLSX", "matrix export XLSX", "mechanism home", "meetings list",
    "meeting page", "minutes page", "case register", "plan",
)  # fmt: skip


def test_generating_then_serving_every_page_in_one_process_finishes_cleanly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MCM_DATABASE_URL"}  # SQLite files
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "benchmarks/regional.py", "--mechanisms", "20",
         "--years", "2", "--scales", "1,2", "--warmup", "1", "--rounds", "2"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    # A crash in SQLite shows as a negative return code (-11 for SIGSEGV) and a faulthandler dump.
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Fatal Python error" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("20 mechanisms x 2 years on sqlite") for line in lines)
    assert any(line.startswith("40 mechanisms x 2 years on sqlite") for line in lines)
    for page in PAGES:
        # one row per scale in the tables and one in the growth list
        assert sum(line.startswith(page) for line in lines) == 3, page
