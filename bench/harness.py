"""What every benchmark shares: the database, the server, a load client and the report.

A benchmark script is runnable alone (``.venv/bin/python bench/board.py``) and by
``make bench`` (``bench/run_all.py`` runs every ``bench/*.py`` that defines ``main()``). It
measures a target against a floor in the same run, in interleaved rounds, and reports
their ratio::

    from bench import harness

    def main():
        harness.bench_database()                 # PostgreSQL, migrated and seeded once
        with harness.gunicorn_server() as server:
            clients = [harness.signed_in(server, "editor.rwy@seed.example")]
            medians = harness.interleaved(5, {
                "page": lambda: harness.throughput(
                    clients, lambda c: harness.expect(c.get("/assessments/"))),
                "floor": lambda: harness.throughput(clients, harness.get_floor),
            })
        harness.report("page GET", medians["page"], medians["floor"],
                       medians["page"] / medians["floor"], goal=0.33,
                       higher_is_better=True, unit="req/s")

The API:

- ``bench_database()``: the bench database (``BENCH_DATABASE_URL``), created, migrated and
  seeded once; sets ``DATABASE_URL`` for child processes and sets Django up in-process
  (``django_setup()``), so a script may use the ORM after it.
- ``gunicorn_server(workers=2)``: context manager yielding a ``Server`` (``.url``).
- ``signed_in(server, email)``: a ``Client`` signed in through the sign-in form;
  ``Client.get(path)``, ``Client.post(path, data, headers=...)`` (adds the CSRF token)
  return a ``Response`` (``status``, ``headers``, ``body``, ``json()``); ``expect(response,
  status=200)`` raises on any other status; ``get_floor(client)`` requests the floor page.
- ``throughput(clients, one_request, duration=3.0)``: requests per second, one thread per
  client; ``timed(fn)``: seconds one call takes.
- ``interleaved(rounds, {name: fn})``: runs A B A B ... (after a warm-up round) and
  returns ``{name: median}``.
- ``report(name, target, floor, ratio, goal, higher_is_better, unit="", note="")``: prints
  one line and records it in ``bench/results/latest.json`` with the machine;
  ``print_table()`` prints every recorded figure.
"""

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

# The load client is part of the harness's API.
from bench.load import (  # noqa: F401
    Client,
    Response,
    Server,
    expect,
    form_fields,
    get_floor,
    interleaved,
    signed_in,
    throughput,
    timed,
)

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_FILE = BASE_DIR / "bench" / "results" / "latest.json"
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/roadmaps_bench"
SETTINGS = "bench.settings"

if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def say(message):
    print(message, flush=True)


# --- The database --------------------------------------------------------------------------


def database_url():
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def _manage(*args, settings=SETTINGS, **env):
    """Run ``manage.py`` against the bench database, its output passed straight through."""
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings, **env},
    )


def _create_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            say(f"Creating the database {name}…")
            connection.execute(f'CREATE DATABASE "{name}"')


def bench_database():
    """Make sure the benchmark database exists, is migrated and holds the national picture.

    Creates it if missing, migrates, runs ``seed_national --scale full --seed 1`` once
    (when it holds no organisation) and refreshes the planner's statistics. Sets
    ``DATABASE_URL`` for child processes and sets up Django in this process with the bench
    settings. Returns the database URL.
    """
    url = database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    _create_database(url)
    say("Applying migrations…")
    _manage("migrate", "--noinput", "--verbosity", "0")
    django_setup()
    from accounts.models import Organisation

    if not Organisation.objects.exists():
        say("Seeding the national picture (seed_national --scale full --seed 1)…")
        started = time.perf_counter()
        _manage("seed_national", "--scale", "full", "--seed", "1")
        say(f"Seeded in {time.perf_counter() - started:.0f} s.")
    # Fresh rows have no planner statistics until autovacuum gets round to them, and plans
    # made without them are far slower than production's: gather them now, every run.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return url


_django_ready = False


def django_setup():
    """Set up Django in this process (bench settings, the bench database)."""
    global _django_ready
    if _django_ready:
        return
    os.environ.setdefault("DATABASE_URL", database_url())
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    _django_ready = True


# --- The server ----------------------------------------------------------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def collect_static():
    """Production serves hashed static names from a manifest: build it as the release does."""
    _manage("collectstatic", "--noinput", "--verbosity", "0")


@contextmanager
def gunicorn_server(workers=2):
    """gunicorn with the bench settings on a free port; yields a ``Server`` once it answers.

    Sync workers, as deployed (``deploy/Procfile``). Stopped with SIGTERM (a graceful stop),
    killed only if it is still there after ten seconds.
    """
    collect_static()
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": database_url()}
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=BASE_DIR,
        env=env,
    )
    server = Server("127.0.0.1", port)
    try:
        _wait_until_answering(server, process)
        say(f"gunicorn answering at {server.url} ({workers} workers)")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_answering(server, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {process.returncode}")
        try:
            if Client(server).get("/sign-in/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


def page_options(doc, argv=None):
    """The options every page benchmark takes: rounds, seconds a round, concurrent clients."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one round")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    return parser.parse_args(argv)


# --- The report ----------------------------------------------------------------------------


def machine():
    """Where the figures came from."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    postgres = ""
    if _django_ready:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "platform": platform.platform(),
    }


def report(name, target, floor, ratio, goal, higher_is_better, unit="", note=""):
    """Print one figure against its floor and goal, and record it in ``latest.json``.

    ``ratio`` is what the goal is about (target/floor throughput, or target/floor time);
    with ``higher_is_better`` the goal is a minimum, otherwise a maximum.
    """
    met = ratio >= goal if higher_is_better else ratio <= goal
    sign = ">=" if higher_is_better else "<="
    say(
        f"{name}: {target:,.3g} {unit} against a floor of {floor:,.3g} {unit}: "
        f"ratio {ratio:.2f} (goal {sign} {goal}) {'met' if met else 'MISSED'}"
    )
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    results = _read_results()
    results["machine"] = machine()
    results["figures"][name] = {
        "target": round(target, 4),
        "floor": round(floor, 4),
        "unit": unit,
        "ratio": round(ratio, 4),
        "goal": goal,
        "higher_is_better": higher_is_better,
        "met": met,
        "note": note,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS_FILE.write_text(json.dumps(results, indent=2) + "\n")
    return met


def _read_results():
    try:
        results = json.loads(RESULTS_FILE.read_text())
    except (OSError, ValueError):
        results = {}
    results.setdefault("figures", {})
    return results


def print_table():
    """Every recorded figure, one line each, with the machine; returns whether all met."""
    results = _read_results()
    figures = results["figures"]
    if not figures:
        say("No results yet.")
        return False
    width = max(len(name) for name in figures)
    say("")
    say(f"{'figure':<{width}}  {'target':>10}  {'floor':>10}  {'unit':<6}  ratio  goal     ")
    for name, row in figures.items():
        sign = ">=" if row["higher_is_better"] else "<="
        say(
            f"{name:<{width}}  {row['target']:>10,.3g}  {row['floor']:>10,.3g}  "
            f"{row['unit']:<6}  {row['ratio']:>5.2f}  {sign} {row['goal']:<5} "
            f"{'met' if row['met'] else 'MISSED'}"
        )
    info = results.get("machine", {})
    say(
        f"Machine: {info.get('cores')} cores, {info.get('cpu')}; PostgreSQL "
        f"{info.get('postgresql')}; Python {info.get('python')}. ({RESULTS_FILE})"
    )
    return all(row["met"] for row in figures.values())
