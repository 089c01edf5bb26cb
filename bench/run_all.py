"""Run every benchmark in ``bench/`` in turn, then print the table of ratios (``make bench``).

The known ones first, in this order, then any other ``bench/*.py`` script that defines a
``main()``. Each runs in its own process, as it would alone. Results start afresh in
``bench/results/latest.json``. Exits non-zero if a script failed (a missed goal is reported
in the table, not as a failure).
"""

import re
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench import harness  # noqa: E402

ORDER = ["theme_page", "board", "recompute", "reminders"]
NOT_BENCHMARKS = {"__init__", "harness", "settings", "urls", "floor", "run_all"}


def scripts():
    found = {
        path.stem: path
        for path in BENCH_DIR.glob("*.py")
        if path.stem not in NOT_BENCHMARKS
        and re.search(r"^def main\(", path.read_text(), re.MULTILINE)
    }
    ordered = [name for name in ORDER if name in found]
    return [found[name] for name in ordered + sorted(set(found) - set(ordered))]


def main():
    harness.RESULTS_FILE.unlink(missing_ok=True)
    failed = []
    for script in scripts():
        harness.say(f"\n=== {script.stem} ===")
        if subprocess.run([sys.executable, str(script)], cwd=BENCH_DIR.parent).returncode:
            failed.append(script.stem)
    harness.print_table()
    if failed:
        harness.say(f"Failed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
