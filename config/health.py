"""The health endpoint: can this process reach its database and its Celery broker?"""

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CheckTimedOut

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.celery import app as celery_app

logger = logging.getLogger(__name__)

# Broker checks run here, so that /health/ answers in time even while one waits on a broker
# that does not answer. Two threads: a probe that comes while both are still waiting is
# answered "unreachable" at its own deadline rather than adding a third.
_broker_checks = ThreadPoolExecutor(max_workers=2, thread_name_prefix="health-broker")


class BrokerTimedOut(Exception):
    """The broker did not answer within ``HEALTH_BROKER_TIMEOUT_SECONDS``."""


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    """Connect to the broker once, within ``HEALTH_BROKER_TIMEOUT_SECONDS``.

    The transports' own timeouts (``BROKER_*`` settings) bound each wait, but how many waits
    a connection takes differs by transport (connecting, then a handshake or a ping), so the
    deadline is kept here, whatever the transport. A check that overruns it goes on in its
    thread until those timeouts end it.
    """
    timeout = settings.HEALTH_BROKER_TIMEOUT_SECONDS
    attempt = _broker_checks.submit(_connect_to_broker)
    try:
        attempt.result(timeout=timeout)
    except CheckTimedOut:
        attempt.cancel()
        raise BrokerTimedOut(f"no answer within {timeout:g} s") from None


def _connect_to_broker():
    with celery_app.connection_for_write() as broker:
        # One attempt: a retry would only wait again, and the probe asks again anyway.
        broker.ensure_connection(max_retries=0)


CHECKS = {"database": check_database, "broker": check_broker}


@never_cache
@require_safe
def health(request):
    """200 when every dependency answers, 503 naming the ones that do not.

    Errors are reported by type only: a connection string can hold a password.
    """
    report = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "unreachable"
            logger.warning("Health check %s failed: %r", name, error)
            report[name] = {"reachable": False, "error": type(error).__name__}
        else:
            report[name] = {"reachable": True}
    healthy = all(item["reachable"] for item in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **report},
        status=200 if healthy else 503,
    )
