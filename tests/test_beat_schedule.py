import pytest
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

import maturity.tasks  # noqa: F401 - registers the tasks the schedule names, as a worker does
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


@pytest.mark.django_db(transaction=True)
def test_beat_writes_the_maturity_sweeps_into_the_database_schedule():
    DatabaseScheduler(app=celery_app)

    scores = PeriodicTask.objects.get(name="recompute-stale-scores")
    figures = PeriodicTask.objects.get(name="recompute-figures")
    assert (scores.task, scores.enabled) == ("maturity.recompute_stale_scores", True)
    assert (scores.interval.every, scores.interval.period) == (300, "seconds")
    assert (figures.task, figures.enabled) == ("maturity.recompute_figures", True)
    assert (figures.interval.every, figures.interval.period) == (900, "seconds")
    # No arguments: every cycle that has assessments, stale scores only.
    assert (figures.args, figures.kwargs) == ("[]", "{}")
    assert figures.task in celery_app.tasks


@pytest.mark.django_db(transaction=True)
def test_beat_writes_the_progress_return_opener_into_the_database_schedule():
    import delivery.tasks  # noqa: F401 - registers the task, as a worker does

    DatabaseScheduler(app=celery_app)

    task = PeriodicTask.objects.get(name="open-progress-returns")
    assert (task.task, task.enabled) == ("delivery.open_returns", True)
    assert (task.interval.every, task.interval.period) == (900, "seconds")
    assert task.task in celery_app.tasks


@pytest.mark.django_db(transaction=True)
def test_beat_writes_the_cross_check_sweep_into_the_database_schedule():
    import delivery.tasks  # noqa: F401 - registers the task, as a worker does

    DatabaseScheduler(app=celery_app)

    task = PeriodicTask.objects.get(name="sweep-checks")
    assert (task.task, task.enabled) == ("delivery.sweep_checks", True)
    assert (task.interval.every, task.interval.period) == (900, "seconds")
    assert task.task in celery_app.tasks
