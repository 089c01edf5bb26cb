from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User

DEMO_ADMIN_EMAIL = "admin@demo.example"
DEMO_PASSWORD = "demo-roadmap-2015"  # noqa: S105 - local demo only; refused when DEBUG is off


class Command(BaseCommand):
    help = "Load demonstration data for a local instance. Safe to run again; refuses in production."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for local instances only (DEBUG is off).")
        admin, created = User.objects.get_or_create(
            email=DEMO_ADMIN_EMAIL,
            defaults={"full_name": "Demo Administrator", "is_staff": True, "is_superuser": True},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save(update_fields=["password"])
        self.stdout.write(
            f"Demo data {'loaded' if created else 'already loaded'}. "
            f"Django admin: {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD}"
        )
