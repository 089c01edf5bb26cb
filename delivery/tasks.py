"""Background work of delivery tracking."""

from celery import shared_task

from delivery.services.returns import open_returns as open_returns_now


@shared_task(name="delivery.open_returns")
def open_returns():
    """Open a progress return for every accepted roadmap in every open reporting period.

    Driven by the database (which periods are open, which roadmaps lack a return), so a run
    that was missed or ran twice, even by two beats at once, leaves one return each."""
    return open_returns_now()
