"""Brokers in trouble, for tests of what the web process does when the broker fails.

A *refusing* broker is a port where nothing listens: every connection is refused at once.
A *hung* broker is a socket that listens but never accepts or answers, which is how a
stopped (SIGSTOP), overloaded or half-dead broker looks from the client: the kernel
completes the TCP handshake, then nothing ever comes back. Both need no broker server, so
they run in the fast suite; ``tests/integration/test_broker_outage.py`` does the same to a
real Redis server.
"""

import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

import kombu.pools
import pytest
from django.db import connections

from config.celery import app as celery_app


def closed_port():
    """A port that was free a moment ago: nothing listens there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def hung_broker_port():
    """A port whose listener never accepts: connecting succeeds, no answer ever comes.

    Closing the listener at the end resets the connections still waiting in its backlog,
    so a client that would otherwise wait for ever gets an error and its thread ends.
    """
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


@contextmanager
def celery_broker(monkeypatch, url):
    """Point this process's Celery app at ``url``, publishing for real (not eagerly).

    Celery reads ``CELERY_BROKER_URL`` from the environment before its own configuration;
    its producer pools were built for the old address, so they are dropped on the way in
    and out and the next publish connects afresh.
    """
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    drop_broker_connections()
    try:
        yield
    finally:
        drop_broker_connections()
        celery_app.conf.task_always_eager = eager


def drop_broker_connections():
    """Close this process's pooled broker connections; Celery builds new pools on demand.

    kombu keeps its pools in a registry keyed by the broker's address, which ``reset``
    empties; Celery's references to them go too. (``Celery.close()`` would unregister the
    app as well.)
    """
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@dataclass
class Timed:
    value: object
    seconds: float


def within(seconds, call):
    """Run ``call`` in a thread and return its result with how long it took; fail the test
    if it is still waiting after ``seconds``, as a person would give up on the page."""
    outcome = {}

    def run():
        started = time.monotonic()
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            outcome["error"] = error
        finally:
            outcome["seconds"] = time.monotonic() - started
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"Still waiting after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return Timed(outcome["value"], outcome["seconds"])
