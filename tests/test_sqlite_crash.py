"""Issue 12's SIGSEGV inside SQLite's fetchall, never reproduced here: the paths suspected of it
are run in a subprocess, so that a crash fails this test instead of killing pytest. Generating
then serving in one process is tests/test_benchmarks.py; this adds several threads serving at
once through one engine whose connections move between threads, with half-read results whose
live cursors another thread's garbage collection finalises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_threads_serving_from_sqlite_after_generating_finish_cleanly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MCM_DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "benchmarks/sqlite_threads.py", "--mechanisms", "4",
         "--years", "1", "--threads", "3", "--rounds", "2"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    # A crash in SQLite shows as a negative return code (-11 for SIGSEGV) and a faulthandler dump.
    assert result.returncode == 0, (result.returncode, result.stdout[-2000:], result.stderr[-3000:])
    assert "Fatal Python error" not in result.stderr
    assert "0 failed" in result.stdout
