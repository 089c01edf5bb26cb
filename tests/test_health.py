import socket

import pytest


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
