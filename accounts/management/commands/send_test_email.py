import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.services.outbox import queue_email


class Command(BaseCommand):
    help = "Queue a test email through the outbox, to check that email reaches people."

    def add_arguments(self, parser):
        parser.add_argument("to", help="the address to send the test email to")

    def handle(self, *args, to, **options):
        try:
            validate_email(to)
        except ValidationError as error:
            raise CommandError(f"{to!r} is not an email address.") from error
        with transaction.atomic():
            email, _created = queue_email(
                key=f"service-check:{uuid.uuid4()}",
                to=to,
                template="service_check",
                context={"requested_by": "python manage.py send_test_email"},
            )
        self.stdout.write(
            f"Queued email {email.pk} to {to}: a Celery worker sends it. "
            "Its state is in the admin under Outbound emails."
        )
