"""Privacy guard benchmark: recall and false alarms on the labelled corpus, and speed.

Run from the repository root: .venv/bin/python benchmarks/privacy_guard.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Import from the repository root, not from this folder (whose modules may shadow the stdlib).
sys.path[0] = str(ROOT)

from mcm.privacy import find_pii  # noqa: E402
from tests.privacy.scoring import SPLITS, Example, Report, evaluate, load  # noqa: E402

TEXT_LENGTH = 5000
RUNS = 200
BAR_MS = 20.0


def print_report(title: str, report: Report) -> None:
    """Totals, then per language and per kind."""
    t = report.total
    print(f"\n== {title}")
    print(
        f"recall {t.recall:.3f} ({t.found}/{t.spans} spans)  kind accuracy {t.kind_accuracy:.3f}"
        f"  false alarms {t.false_alarm_rate:.3f} ({t.alarms}/{t.clean} clean sentences)"
    )
    for lang, tally in sorted(report.by_lang.items()):
        print(
            f"  {lang}: recall {tally.recall:.3f} ({tally.found}/{tally.spans})"
            f"  false alarms {tally.false_alarm_rate:.3f} ({tally.alarms}/{tally.clean})"
        )
    for kind, tally in sorted(report.by_kind.items()):
        print(
            f"  {kind:16} recall {tally.recall:.3f} ({tally.found}/{tally.spans})"
            f"  kind accuracy {tally.kind_accuracy:.3f}"
        )
    for label, lines in (
        ("missed", report.misses),
        ("other kind", report.wrong_kinds),
        ("false alarm", report.alarms),
    ):
        for line in lines:
            print(f"  {label}: {line}")


def sample_text(examples: list[Example]) -> tuple[str, list[str]]:
    """About 5,000 characters of corpus sentences, clean and not, as one case note."""
    parts: list[str] = []
    i = 0
    while sum(len(p) + 1 for p in parts) < TEXT_LENGTH:
        parts.append(examples[(i * 7) % len(examples)].text)
        i += 1
    return " ".join(parts)[:TEXT_LENGTH], examples[0].allowed


def median_ms(text: str, allowed: list[str]) -> tuple[float, float]:
    """Median (CPU time, wall time) of find_pii on text over RUNS runs, in milliseconds.

    CPU time is what the check costs; wall time also counts waiting for a busy machine.
    """
    find_pii(text, allowed_names=allowed)  # load the name lists outside the timing
    cpu, wall = [], []
    for _ in range(RUNS):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        find_pii(text, allowed_names=allowed)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    return _median(cpu), _median(wall)


def _median(values: list[float]) -> float:
    """Middle value (mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def main() -> int:
    """Print the figures; exit 1 when a bar is missed."""
    everything: list[Example] = []
    ok = True
    for split in SPLITS:
        examples = load(split)
        everything += examples
        report = evaluate(examples)
        print_report(f"{split} ({len(examples)} sentences)", report)
    total = evaluate(everything)
    print_report(f"all ({len(everything)} sentences)", total)
    ok &= total.total.recall >= 0.95 and total.total.false_alarm_rate <= 0.10

    text, allowed = sample_text(everything)
    cpu, wall = median_ms(text, allowed)
    print(
        f"\n== speed: {len(text)}-character case note, median of {RUNS} runs:"
        f" {cpu:.2f} ms CPU ({wall:.2f} ms wall clock)"
    )
    # Texts built to make regular expressions backtrack: they must stay fast too.
    nasty = {
        "digits and separators": ("1 2-3.4/5 " * 600)[:TEXT_LENGTH],
        "capitalised words": ("Arta Besa Drita Qendra Rruga " * 200)[:TEXT_LENGTH],
        "street words": ("rruga e rr. ulica Ul. " * 300)[:TEXT_LENGTH],
        "at signs and dots": ("a.b@c.d@ @x. " * 400)[:TEXT_LENGTH],
    }
    worst = 0.0
    for label, sample in nasty.items():
        nasty_cpu, nasty_wall = median_ms(sample, allowed)
        worst = max(worst, nasty_cpu)
        print(f"   adversarial ({label}): {nasty_cpu:.2f} ms CPU ({nasty_wall:.2f} ms wall)")
    ok &= cpu < BAR_MS and worst < BAR_MS * 5
    print("\nbars met" if ok else "\nBAR MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
