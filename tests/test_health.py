import socket

import pytest

from tests.broker_faults import celery_broker, closed_port, hung_broker_port, within


@pytest.mark.django_db
def test_health_reports_database_and_broker_reachable(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"reachable": True},
        "broker": {"reachable": True},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_503_and_names_an_unreachable_broker(client, monkeypatch):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    # Celery reads this variable before its own configuration, so it wins in every set-up.
    monkeypatch.setenv("CELERY_BROKER_URL", f"redis://:secret@127.0.0.1:{closed_port}/0")

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == {"reachable": True}
    assert body["broker"]["reachable"] is False
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_health_refuses_to_change_anything(client):
    response = client.post("/health/")

    assert response.status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:{port}/0", "amqp://guest:guest@127.0.0.1:{port}//"]
)
def test_health_answers_503_within_about_3_seconds_while_the_broker_hangs(client, monkeypatch, url):
    with hung_broker_port() as port, celery_broker(monkeypatch, url.format(port=port)):
        answer = within(15, lambda: client.get("/health/"))

    assert answer.seconds < 3.5
    assert answer.value.status_code == 503
    body = answer.value.json()
    assert (body["status"], body["database"], body["broker"]["reachable"]) == (
        "unavailable",
        {"reachable": True},
        False,
    )


@pytest.mark.django_db
def test_health_answers_503_within_about_3_seconds_while_the_broker_refuses(client, monkeypatch):
    with celery_broker(monkeypatch, f"redis://127.0.0.1:{closed_port()}/0"):
        answer = within(15, lambda: client.get("/health/"))

    assert answer.seconds < 3.5
    assert answer.value.status_code == 503


@pytest.mark.django_db
def test_health_keeps_its_own_deadline_however_long_the_transport_would_wait(
    client, monkeypatch, settings
):
    settings.HEALTH_BROKER_TIMEOUT_SECONDS = 0.3  # shorter than the transport's own timeouts

    with hung_broker_port() as port, celery_broker(monkeypatch, f"redis://127.0.0.1:{port}/0"):
        answer = within(15, lambda: client.get("/health/"))

    assert answer.seconds < 0.9
    assert (answer.value.status_code, answer.value.json()["broker"]) == (
        503,
        {"reachable": False, "error": "BrokerTimedOut"},
    )
