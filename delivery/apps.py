from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery tracking")

    def ready(self):
        # Progress returns join the reminders, the home-page tasks and moved-deadline emails.
        from delivery import reminders
        from delivery.selectors.lineage_history import describe_returns
        from delivery.tasks import queue_version_checks
        from roadmaps.services.merges import CARRY_OVER
        from roadmaps.services.submission import AFTER_SUBMIT

        reminders.register()
        # A merge's preview says what becomes of the progress returns.
        if describe_returns not in CARRY_OVER:
            CARRY_OVER.append(describe_returns)
        # A submitted roadmap version is cross-checked once it is committed.
        if queue_version_checks not in AFTER_SUBMIT:
            AFTER_SUBMIT.append(queue_version_checks)
