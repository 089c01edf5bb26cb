"""``make test``: the browser suite and everything else, side by side, each in its own pytest.

The browser suite spends much of its time waiting on Chromium and the live server, the rest
on Python and the database; run one after the other they take nearly twice as long. Each
run has its own test database (``TEST_DATABASE_SUFFIX``) and runtime folder
(``APP_VAR_DIR``), so neither sees the other's rows, emails or broker folders. The rest
prints as it goes; the browser suite's output is kept in ``var/test-browser/pytest.log`` and
printed when both are done. The exit status is the worse of the two.

Each run ends by listing its ten slowest tests (``--durations=10``). Arguments are passed
to both runs (e.g. ``-x``). ``python tests/run_suites.py --one`` runs a
single pytest over everything, one after the other, as ``python -m pytest`` does.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLOWEST = "--durations=10"
BROWSER_VAR = ROOT / "var" / "test-browser"


def main(arguments):
    if "--one" in arguments:
        arguments.remove("--one")
        return subprocess.call([sys.executable, "-m", "pytest", *arguments], cwd=ROOT)
    BROWSER_VAR.mkdir(parents=True, exist_ok=True)
    log_path = BROWSER_VAR / "pytest.log"
    started = time.monotonic()
    browser_env = {
        **os.environ,
        "APP_VAR_DIR": str(BROWSER_VAR),
        "TEST_DATABASE_SUFFIX": "browser",
    }
    with log_path.open("w") as log:
        print(f"The browser suite runs beside the rest; its output goes to {log_path}.")
        browser = subprocess.Popen(
            [sys.executable, "-m", "pytest", "tests/browser", SLOWEST, *arguments],
            cwd=ROOT,
            env=browser_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            rest = subprocess.call(
                [sys.executable, "-m", "pytest", "--ignore=tests/browser", SLOWEST, *arguments],
                cwd=ROOT,
            )
            if browser.poll() is None:
                print("\nWaiting for the browser suite to finish…", flush=True)
            browser_status = browser.wait()
        except KeyboardInterrupt:
            browser.terminate()
            browser.wait()
            raise
    print(f"\n===== The browser suite ({log_path}) =====\n", flush=True)
    sys.stdout.write(log_path.read_text(errors="replace"))
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    print(
        f"\nBoth runs took {minutes} min {seconds} s. "
        f"Everything but the browser suite: {'passed' if rest == 0 else 'FAILED'}; "
        f"the browser suite: {'passed' if browser_status == 0 else 'FAILED'}.",
        flush=True,
    )
    return rest or browser_status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
