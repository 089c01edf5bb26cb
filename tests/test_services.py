import pytest
from django.conf import settings
from django.db import connection

from config.health import check_broker
from tests.conftest import REQUIRE_REAL_SERVICES


@pytest.mark.skipif(
    not REQUIRE_REAL_SERVICES, reason="runs under .ci/run (REQUIRE_REAL_SERVICES=1)"
)
@pytest.mark.django_db
def test_ci_runs_against_reachable_postgresql_and_redis():
    check_broker()

    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
