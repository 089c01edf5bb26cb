from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery tracking")

    def ready(self):
        # Progress returns join the reminders, the home-page tasks and moved-deadline emails.
        from delivery import reminders
        from delivery.selectors.lineage_history import describe_returns
        from roadmaps.services.merges import CARRY_OVER

        reminders.register()
        # A merge's preview says what becomes of the progress returns.
        if describe_returns not in CARRY_OVER:
            CARRY_OVER.append(describe_returns)
