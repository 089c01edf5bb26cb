"""The Celery app. Workers start with ``celery -A config worker``; one ``celery -A config beat``.

How long a process waits on the broker is set in ``config/settings.py`` (``BROKER_*``).
"""

import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)


class Task(DjangoTask):
    """Every task of the service.

    ``delay_on_commit`` and ``apply_async_on_commit`` publish once the transaction commits,
    when the person's action has already succeeded: a broker that refuses or does not answer
    then must not turn it into an error page, so the failure is logged and not raised. Use
    them only for work that a periodic sweep also finds from the database (scores, figures,
    the outbox), so a message that never reached the broker is made good later.
    """

    def delay_on_commit(self, *args, **kwargs):
        transaction.on_commit(self._publish_or_log(functools.partial(self.delay, *args, **kwargs)))

    def apply_async_on_commit(self, *args, **kwargs):
        transaction.on_commit(
            self._publish_or_log(functools.partial(self.apply_async, *args, **kwargs))
        )

    def _publish_or_log(self, publish):
        def publish_or_log():
            try:
                publish()
            except Exception:  # noqa: BLE001 - the sweep catches up; the person must not see it
                logger.exception(
                    "Could not hand task %s to the broker after commit; its periodic sweep "
                    "will catch up.",
                    self.name,
                )

        return publish_or_log


app = Celery("config", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
