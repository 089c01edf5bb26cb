"""Real Celery workers and beats for the integration tests.

Each process runs ``celery -A config ...`` against the test database and the configured broker
(the file-system broker under the var dir locally, Redis in CI), in its own process group so
that a test can kill a worker outright, pool and all, and the finalizer can always stop every
process it started, even when the test fails.
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from config.health import check_broker
from tests.conftest import REQUIRE_REAL_SERVICES

BASE_DIR = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60
STOP_SECONDS = 15
LOG_TAIL_CHARS = 3000


def database_url_for_processes():
    """The URL of the test database, so the processes read and write what the test sees."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{credentials}@" if credentials else ""
    return f"postgres://{host}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def require_broker():
    """Skip (or, in CI, fail) when the broker cannot be reached; then empty it."""
    try:
        check_broker()
    except Exception as error:  # noqa: BLE001 - any failure means unreachable
        message = (
            f"Celery broker {settings.CELERY_BROKER_URL.split('://')[0]} unreachable: {error!r}"
        )
        if REQUIRE_REAL_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    # Messages left by an earlier run name rows of an earlier database: drop them.
    celery_app.control.purge()


@dataclass
class CeleryProcess:
    name: str
    popen: subprocess.Popen
    log_path: Path
    # Set when the test stops or kills it on purpose, so its exit is not a failure.
    expected_to_exit: bool = False

    @property
    def running(self):
        return self.popen.poll() is None

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, chars=LOG_TAIL_CHARS):
        return self.log()[-chars:]


@dataclass
class CeleryProcesses:
    """Starts workers and beats for one test and stops every one of them afterwards."""

    smtp_port: int
    started: list = field(default_factory=list)

    def environment(self, extra=None):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": database_url_for_processes(),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            **(extra or {}),
        }

    def start_worker(self, name, *, concurrency=2, env=None):
        """A worker named ``<name>@<host>``; ``env`` overrides settings for it alone."""
        return self._start(
            name,
            [
                "worker",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "info",
                "--hostname",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env,
        )

    def start_beat(self, name, *, env=None):
        """A beat on the database scheduler, with its own pid file and schedule file."""
        pidfile = settings.VAR_DIR / f"test-{name}.pid"
        pidfile.unlink(missing_ok=True)
        return self._start(
            name,
            [
                "beat",
                "--loglevel",
                "info",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
                "--pidfile",
                str(pidfile),
                "--schedule",
                str(settings.VAR_DIR / f"test-{name}-schedule"),
                "--max-interval",
                "1",
            ],
            env,
        )

    def _start(self, name, arguments, env):
        log_path = settings.VAR_DIR / f"test-{name}.log"
        with open(log_path, "w") as log:
            popen = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", *arguments],
                cwd=BASE_DIR,
                env=self.environment(env),
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: killing it takes its pool processes too.
                start_new_session=True,
            )
        process = CeleryProcess(name=name, popen=popen, log_path=log_path)
        self.started.append(process)
        return process

    def kill(self, process):
        """SIGKILL the process and its pool at once, as a lost machine would."""
        process.expected_to_exit = True
        _signal_group(process, signal.SIGKILL)
        process.popen.wait()

    def stop(self, *processes):
        """Stop processes politely (a worker finishes the task in hand), then forcibly."""
        for process in processes:
            process.expected_to_exit = True
            if process.running:
                process.popen.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for process in processes:
            try:
                process.popen.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                pass
            # Whatever is left of the group, pool processes included, goes now.
            _signal_group(process, signal.SIGKILL)
            process.popen.wait()

    def purge_broker(self):
        """Drop every message waiting on the broker, as a broker that lost them would."""
        celery_app.control.purge()

    def stop_all(self):
        self.stop(*self.started)

    def logs(self):
        return "\n".join(
            f"--- {process.name} (exit {process.popen.poll()}) {process.log_path}:\n"
            f"{process.log_tail()}"
            for process in self.started
        )

    def wait_until(self, condition, *, what="the condition", seconds=WAIT_SECONDS):
        """Poll ``condition`` until true; fail with every process's log tail if a process
        exits unexpectedly or time runs out."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            exited = [p for p in self.started if not p.running and not p.expected_to_exit]
            if exited:
                names = ", ".join(p.name for p in exited)
                pytest.fail(f"{names} exited early, waiting for {what}.\n{self.logs()}")
            time.sleep(0.1)
        pytest.fail(f"Timed out after {seconds}s waiting for {what}.\n{self.logs()}")


def _signal_group(process, signum):
    try:
        os.killpg(process.popen.pid, signum)
    except ProcessLookupError:
        pass  # the whole group has exited already
