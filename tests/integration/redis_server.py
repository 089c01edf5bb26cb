"""A Redis server of the test's own, on a free port, that the test can stop and pause.

The shared Redis on 6379 is never touched: this one is started by the test, keeps nothing
on disk (so a stop loses every message on it, as a crashed broker may), and is gone when
the test ends, however it ends.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.broker_faults import closed_port
from tests.conftest import REQUIRE_REAL_SERVICES

START_SECONDS = 10


@dataclass
class RedisServer:
    port: int
    log_path: Path
    popen: subprocess.Popen | None = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    @classmethod
    def start_new(cls, var_dir):
        if shutil.which("redis-server") is None:
            message = "redis-server is not installed (apt-get install redis-server)"
            if REQUIRE_REAL_SERVICES:
                pytest.fail(message)
            pytest.skip(message)
        server = cls(port=closed_port(), log_path=Path(var_dir) / "test-private-redis.log")
        server.start()
        return server

    def start(self):
        """Start (or start again, after ``stop``) on the same port, empty."""
        with open(self.log_path, "a") as log:
            self.popen = subprocess.Popen(
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_SECONDS
        while not self.answers():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start:\n{self.log_path.read_text()[-2000:]}")
            time.sleep(0.05)

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as client:
                client.sendall(b"PING\r\n")
                return client.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        """SIGTERM, as a broker that is shut down: it refuses connections from then on."""
        self.popen.terminate()
        self.popen.wait(START_SECONDS)

    def pause(self):
        """SIGSTOP: the kernel still accepts connections for it, but nothing answers."""
        os.kill(self.popen.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.popen.pid, signal.SIGCONT)

    def close(self):
        """Gone, whatever state the test left it in."""
        if self.popen is not None and self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGCONT)
            self.popen.kill()
            self.popen.wait()
