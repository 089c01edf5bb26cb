"""Which organisations "send reminders now" is about, and where the daily schedule lives.

Only NHS England admins reach these (the view checks ``is_nhse_admin``); organisations are
reference data, so nothing here is scoped to a person. Each read is one query.
"""

from django_celery_beat.models import PeriodicTask

from accounts.enums import OrganisationKind
from accounts.models import Organisation

# The periodic task that plans the daily reminders (made by roadmaps migration 0007).
SCHEDULE_NAME = "plan-reminders"
# The kinds of organisation whose people have tasks; NHS England's own kinds have none.
REMINDED_KINDS = (
    OrganisationKind.CCG,
    OrganisationKind.NHS_TRUST,
    OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.CSU,
    OrganisationKind.OTHER_PROVIDER,
)


def organisations_to_remind(*, region=None, kind="", ods_codes=()):
    """Ids of the organisations of ``REMINDED_KINDS`` matching every filter given; no filter
    means all of them.

    Whether an organisation is open, and who in it has something to do, is decided when the
    reminders are planned, so closed organisations may be listed here.
    """
    organisations = Organisation.objects.filter(kind__in=REMINDED_KINDS)
    if region is not None:
        organisations = organisations.filter(region=region)
    if kind:
        organisations = organisations.filter(kind=kind)
    if ods_codes:
        organisations = organisations.filter(ods_code__in=ods_codes)
    return list(organisations.order_by().values_list("pk", flat=True))


def known_ods_codes(codes):
    """The codes among ``codes`` that an organisation has (codes are stored in capitals)."""
    return set(Organisation.objects.filter(ods_code__in=codes).values_list("ods_code", flat=True))


def reminder_schedule():
    """The daily reminder planner's periodic task, or None if someone deleted it."""
    return PeriodicTask.objects.filter(name=SCHEDULE_NAME).only("pk", "name").first()
