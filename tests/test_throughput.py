"""The throughput script keeps working: a tiny bounded load on the demo data, gunicorn and
signed-in clients included, prints its figures and sees no failed request."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_throughput_script_serves_signed_in_mechanism_homes() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MCM_DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "benchmarks/throughput.py", "--requests", "20", "--clients", "2"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-3000:])
    figures = re.search(
        r"20 requests in .* (\d+) requests/s, median .* p95 .* 0 failed", result.stdout
    )
    assert figures and int(figures.group(1)) > 0, result.stdout
    assert re.search(r"peak RSS per worker: \d+ MB, \d+ MB", result.stdout), result.stdout
