"""The seed's moments: everything it does through the services happens "as at" a moment of
the 2015-16 cycle, and the emails those services queue stay in the outbox.

The services read the clock themselves (a roadmap cannot be submitted after its deadline, a
footprint's history says when it was endorsed), so the seed moves the clock rather than
passing dates around: ``time-machine`` (a test and benchmark tool, in requirements-dev.txt)
moves it for this process only.
"""

from contextlib import ExitStack, contextmanager
from unittest import mock

from django.utils.translation import gettext as _

from accounts.services import outbox


class ClockUnavailable(Exception):
    pass


def _time_machine():
    try:
        import time_machine
    except ImportError as error:  # pragma: no cover - installed with the test tools
        raise ClockUnavailable(
            _("seed_national needs time-machine: pip install -r requirements-dev.txt")
        ) from error
    return time_machine


@contextmanager
def at(moment):
    """Run the block with the clock standing at ``moment``."""
    with _time_machine().travel(moment, tick=False):
        yield


@contextmanager
def emails_left_queued():
    """Queue emails as the services do, but hand none to the broker: the rows stay pending
    in the outbox (the sweeper enqueues pending rows if a worker ever runs), and nothing is
    delivered while the seed runs, not even with eager Celery tasks."""
    with ExitStack() as stack:
        for name in ("_enqueue_delivery", "_enqueue_deliveries"):
            if hasattr(outbox, name):
                stack.enter_context(mock.patch.object(outbox, name, lambda ids: None))
        yield
