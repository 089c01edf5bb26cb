from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery tracking")

    def ready(self):
        # Progress returns join the reminders, the home-page tasks and moved-deadline emails.
        from delivery import reminders

        reminders.register()
