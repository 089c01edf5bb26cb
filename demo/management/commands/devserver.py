"""``make run``: migrate, load demo data, then serve with a Celery worker and beat beside it.

The worker runs in its own process group, so Ctrl-C reaches this process only; on the way
out we ask the worker for a warm shutdown and wait for it, so nothing is left running.
Stopping never depends on our output: with ``make run | tee run.log``, Ctrl-C ends ``tee`` at
once, and every later write to the closed pipe would fail.
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

WORKER_STOP_TIMEOUT_SECONDS = 30


class Command(BaseCommand):
    help = "Run the service locally: web server, Celery worker and beat, demo data."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker", action="store_true", help="serve pages only; no background jobs"
        )

    def handle(self, *args, addrport, no_worker, **options):
        # runserver does not unwind on SIGTERM or SIGHUP; turn both into a clean exit.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda *_: sys.exit(0))
        # Line by line, so `make run | tee run.log` shows each line as it comes, and a closed
        # pipe shows up at the write that meets it rather than at some later flush.
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(line_buffering=True)
        self.say("Applying database migrations…")
        call_command("migrate", interactive=False, verbosity=0)
        self.say("Loading demo data…")
        call_command("load_demo")
        worker = None if no_worker else self.start_worker()
        try:
            self.say(self.style.SUCCESS(f"\nThe service is at http://{addrport}/"))
            self.say(f"  health check: http://{addrport}/health/")
            if not settings.EMAIL_HOST:
                self.say(f"  emails are written to {settings.EMAIL_FILE_PATH}")
            self.say("Press Ctrl-C to stop.\n")
            call_command("runserver", addrport, use_reloader=False)
        except (KeyboardInterrupt, BrokenPipeError):
            pass  # Ctrl-C; or our output went away and runserver met it first
        finally:
            if worker:
                self.stop_worker(worker)

    def say(self, message):
        """Write a line, or nothing once nobody reads our output any more."""
        try:
            self.stdout.write(message)
        except BrokenPipeError:
            silence_closed_output(self.stdout)

    def start_worker(self):
        self.say("Starting a Celery worker with beat…")
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--beat",
                "--loglevel",
                "info",
                "--concurrency",
                "2",
                "--pidfile",
                str(settings.VAR_DIR / "celery-dev.pid"),
            ],
            start_new_session=True,
        )

    def stop_worker(self, worker):
        # Asked first, before any output: writing could fail, stopping must not.
        worker.terminate()  # SIGTERM: warm shutdown, finishing the task in hand
        self.say("\nStopping the Celery worker (this takes a few seconds)…")
        try:
            worker.wait(WORKER_STOP_TIMEOUT_SECONDS)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            pass  # too slow, or a second Ctrl-C: no more waiting
        finally:
            # Whatever is left of its process group (pool processes, beat) goes now.
            try:
                os.killpg(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # all gone already
            worker.wait()
        self.say("Stopped.")


def silence_closed_output(stream):
    """Point ``stream``'s file at /dev/null once the pipe it wrote to has closed, so that
    later writes, and the flush at exit, fail no more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file: nothing to redirect
    finally:
        os.close(devnull)
