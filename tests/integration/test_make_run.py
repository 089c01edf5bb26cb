"""``make run`` for real: served at the address given, and stopped whole by Ctrl-C.

``make run ADDR=… 2>&1 | tee run.log`` runs in a process group of its own, as a terminal runs
it; Ctrl-C is SIGINT to that group, so ``tee`` exits at once and the development server's
output goes to a closed pipe while it stops. However output goes, the Celery worker it
started (in a session of its own, with its pool and beat) must be stopped too.

The run keeps its database and broker folder under ``var/test/devserver/``, so migrations
and demo data load once (the first run takes a while), and each later run starts in seconds.
The installs ``make run`` would do are marked done (``-o``): this checks the command, not pip.
"""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.broker_faults import closed_port

BASE_DIR = Path(__file__).resolve().parents[2]
READY_SECONDS = 240  # the first run migrates and loads the demo data
STOP_SECONDS = 45  # the worker's own warm shutdown may take up to 30 s

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads process sessions from /proc"
)


def sessions():
    """{pid: session id} of every process on the machine."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # it has just exited
            # "pid (name) state ppid pgrp session ...": the name may hold spaces.
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[3])
    return found


def processes_in_session(session_id):
    return sorted(pid for pid, session in sessions().items() if session == session_id)


def command_name(pid):
    try:
        return (Path("/proc") / str(pid) / "comm").read_text().strip()
    except OSError:
        return None


def answers(address, path):
    """The HTTP status the server at ``address`` answers ``path`` with, or None."""
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def test_make_run_serves_at_addr_and_ctrl_c_through_tee_stops_the_celery_worker_too():
    var_dir = settings.VAR_DIR / "devserver"
    var_dir.mkdir(parents=True, exist_ok=True)
    pidfile = var_dir / "celery-dev.pid"
    pidfile.unlink(missing_ok=True)
    log = var_dir / "run.log"
    address = f"127.0.0.1:{closed_port()}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "APP_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://localhost/",
        # Each write goes to the pipe at once, so the first write after Ctrl-C meets the
        # closed pipe. (Buffered, it meets it whenever the buffer fills: the same failure,
        # but by chance.)
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("EMAIL_HOST", "SITE_URL", "CELERY_TASK_ALWAYS_EAGER"):
        environment.pop(name, None)
    run = subprocess.Popen(
        [
            "bash",
            "-c",
            "make -o .venv/.runtime-installed -o node_modules/.installed run "
            f'ADDR={address} 2>&1 | tee "{log}"',
        ],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    worker_session = None
    try:
        deadline = time.monotonic() + READY_SECONDS
        while not (
            pidfile.exists()
            and " ready." in log.read_text(errors="replace")
            and answers(address, "/health/") == 200
        ):
            assert run.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.5)
        worker_session = int(pidfile.read_text())
        assert processes_in_session(worker_session), "the worker is running"

        # Ctrl-C. It reaches every process of the group at once, and which of them acts first
        # is down to the scheduler; tee is often first, and then every later write of the
        # server meets a closed pipe. That order is made certain here: tee first, then the
        # group, as the terminal does.
        [tee] = [pid for pid in processes_in_session(run.pid) if command_name(pid) == "tee"]
        os.kill(tee, signal.SIGINT)
        while tee in processes_in_session(run.pid):
            time.sleep(0.05)
        os.killpg(run.pid, signal.SIGINT)
        run.wait(STOP_SECONDS)
        # make may return before the server it ran has finished stopping the worker.
        deadline = time.monotonic() + STOP_SECONDS
        while processes_in_session(worker_session) and time.monotonic() < deadline:
            time.sleep(0.2)

        assert processes_in_session(worker_session) == [], log.read_text(errors="replace")[-3000:]
        assert answers(address, "/") is None
    finally:
        # Whatever the outcome, nothing of this run is left behind.
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
        if worker_session is None and pidfile.exists():
            worker_session = int(pidfile.read_text())
        for pid in processes_in_session(worker_session) if worker_session else []:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
