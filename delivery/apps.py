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
        from delivery.views.finding_counts import FINDINGS_COLUMN, counts_panel
        from delivery.views.finding_panels import check_panel, review_panel
        from roadmaps.panels import BOARD_COLUMNS, BOARD_PANELS, CHECK_PANELS, REVIEW_PANELS
        from roadmaps.services.merges import CARRY_OVER
        from roadmaps.services.submission import AFTER_SUBMIT

        reminders.register()
        # A merge's preview says what becomes of the progress returns.
        if describe_returns not in CARRY_OVER:
            CARRY_OVER.append(describe_returns)
        # A submitted roadmap version is cross-checked once it is committed.
        if queue_version_checks not in AFTER_SUBMIT:
            AFTER_SUBMIT.append(queue_version_checks)
        # The roadmap's review and check pages show the findings of the cross-checks.
        if review_panel not in REVIEW_PANELS:
            REVIEW_PANELS.append(review_panel)
        if check_panel not in CHECK_PANELS:
            CHECK_PANELS.append(check_panel)
        # The national status board counts the findings per footprint and per check.
        if FINDINGS_COLUMN not in BOARD_COLUMNS:
            BOARD_COLUMNS.append(FINDINGS_COLUMN)
        if counts_panel not in BOARD_PANELS:
            BOARD_PANELS.append(counts_panel)
