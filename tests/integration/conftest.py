import pytest

from tests.integration.processes import CeleryProcesses, require_broker


@pytest.fixture
def celery_processes(transactional_db, smtp_server):
    """Starts real Celery workers and beats on the test database and the configured broker,
    emptied first; every one of them is stopped when the test ends, however it ends."""
    require_broker()
    processes = CeleryProcesses(smtp_port=smtp_server.port)
    yield processes
    processes.stop_all()
