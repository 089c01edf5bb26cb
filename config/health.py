"""The health endpoint: can this process reach its database and its Celery broker?"""

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.celery import app as celery_app

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 3


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


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
