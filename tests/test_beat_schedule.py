import pytest
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from config.celery import app as celery_app


# The scheduler closes database connections as it starts, so no test transaction can wrap it.
@pytest.mark.django_db(transaction=True)
def test_beat_writes_the_outbox_sweep_into_the_database_schedule():
    DatabaseScheduler(app=celery_app)

    task = PeriodicTask.objects.get(name="sweep-outbox")
    assert task.task == "accounts.sweep_outbox"
    assert task.enabled is True
    assert task.interval.every == 60
    assert task.interval.period == "seconds"
