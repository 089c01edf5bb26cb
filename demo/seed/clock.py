"""The seed's moment: everything it does through the services happens "as at" a moment of
the 2015-16 cycle.

The services read the clock themselves (a roadmap cannot be submitted after its deadline, a
footprint's history says when it was endorsed), so the seed moves the clock rather than
passing dates around: ``time-machine`` (a test and benchmark tool, in requirements-dev.txt)
moves it for this process only.
"""

from contextlib import contextmanager

from django.utils.translation import gettext as _


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
