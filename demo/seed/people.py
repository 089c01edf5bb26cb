"""Three people per organisation (an editor, an approver and a viewer), and NHS England's
admin and reviewers: one national, one per region.

Written in bulk with one password hashed once: hashing it for each of nearly 1,800 people
would take minutes and give nothing.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.enums import ORGANISATION_ROLES, OrganisationKind, Role
from accounts.models import Membership, Organisation, User
from demo.seed.scale import DOMAIN

PASSWORD = "seed-roadmap-2015"  # noqa: S105 - seeded test data only, printed by the command
BATCH_SIZE = 500

FIRST_NAMES = (
    "Aisha", "Ben", "Chloe", "Dev", "Emma", "Farah", "George", "Hannah", "Imran", "Jess",
    "Kwame", "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tom", "Zara",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Mistry", "Nolan", "Owen", "Patel", "Roberts", "Smith",
    "Taylor", "Walker", "Young",
)  # fmt: skip


@dataclass
class People:
    # (organisation id, role) -> user
    by_role: dict
    admin: User
    national_reviewer: User
    # region id -> that region's reviewer
    regional_reviewers: dict

    def of(self, organisation_id, role):
        return self.by_role[(organisation_id, role)]

    @property
    def count(self):
        return len(self.by_role) + 2 + len(self.regional_reviewers)


def email_for(role, organisation):
    return f"{role}.{organisation.ods_code.lower()}@{DOMAIN}"


def _name(number):
    return f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {SURNAMES[number * 7 % len(SURNAMES)]}"


def create_people(scope):
    """Create the people and their memberships; returns ``People``."""
    password = make_password(PASSWORD)
    now = timezone.now()
    wanted = []  # (email, full name, organisation, role)
    for organisation in scope.organisations:
        for role in ORGANISATION_ROLES:
            wanted.append((email_for(role, organisation), None, organisation, role))
    nhs_england = Organisation.objects.get(kind=OrganisationKind.NHS_ENGLAND)
    wanted.append((f"admin@{DOMAIN}", "NHS England admin", nhs_england, Role.ADMIN))
    wanted.append((f"reviewer@{DOMAIN}", "NHS England national reviewer", nhs_england,
                   Role.REVIEWER))  # fmt: skip
    region_ids = {organisation.region_id for organisation in scope.ccgs}
    regions = Organisation.objects.filter(pk__in=region_ids).order_by("ods_code")
    for region in regions:
        wanted.append((email_for(Role.REVIEWER, region), f"Reviewer, {region.name}", region,
                       Role.REVIEWER))  # fmt: skip
    users = User.objects.bulk_create(
        [
            User(
                email=email,
                full_name=full_name or _name(number),
                password=password,
                date_joined=now,
            )  # fmt: skip
            for number, (email, full_name, _organisation, _role) in enumerate(wanted)
        ],
        batch_size=BATCH_SIZE,
    )
    if users and users[0].pk is None:  # pragma: no cover - backends without RETURNING
        ids = dict(User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", "pk"))
        for user in users:
            user.pk = ids[user.email]
    Membership.objects.bulk_create(
        [
            Membership(user=user, organisation=organisation, role=role, created_at=now)
            for user, (_email, _name_, organisation, role) in zip(users, wanted, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    by_role = {}
    reviewers = {}
    admin = national = None
    for user, (_email, _full, organisation, role) in zip(users, wanted, strict=True):
        if role == Role.ADMIN:
            admin = user
        elif role == Role.REVIEWER and organisation.kind == OrganisationKind.NHS_ENGLAND:
            national = user
        elif role == Role.REVIEWER:
            reviewers[organisation.pk] = user
        else:
            by_role[(organisation.pk, role)] = user
    return People(by_role=by_role, admin=admin, national_reviewer=national,
                  regional_reviewers=reviewers)  # fmt: skip
