"""``make run``: migrate, load demo data, then serve with a Celery worker and beat beside it.

The worker runs in its own process group, so Ctrl-C reaches this process only; on the way
out we ask the worker for a warm shutdown and wait for it, so nothing is left running.
"""

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
        self.stdout.write("Applying database migrations…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading demo data…")
        call_command("load_demo")
        worker = None if no_worker else self.start_worker()
        self.stdout.write(self.style.SUCCESS(f"\nThe service is at http://{addrport}/"))
        self.stdout.write(f"  health check: http://{addrport}/health/")
        if not settings.EMAIL_HOST:
            self.stdout.write(f"  emails are written to {settings.EMAIL_FILE_PATH}")
        self.stdout.write("Press Ctrl-C to stop.\n")
        try:
            call_command("runserver", addrport, use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            if worker:
                self.stop_worker(worker)

    def start_worker(self):
        self.stdout.write("Starting a Celery worker with beat…")
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
        self.stdout.write("\nStopping the Celery worker (this takes a few seconds)…")
        worker.terminate()  # SIGTERM: warm shutdown, finishing the task in hand
        try:
            worker.wait(WORKER_STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        self.stdout.write("Stopped.")
