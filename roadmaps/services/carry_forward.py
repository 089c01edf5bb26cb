"""A new cycle from the last one (design section 7).

``create_cycle`` makes a cycle with its stages and question set; with ``carry_forward_from``
each endorsed footprint of that cycle becomes a draft in the new one with the same members,
for its lead CCG to confirm or change. When a carried-forward footprint is endorsed, its
roadmap starts as a copy of the last accepted version of the roadmap it continues
(``copy_accepted_roadmap``), so a refresh edits rather than retypes. Nothing of the earlier
cycle changes.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.transitions import authorise
from roadmaps.enums import FootprintState, RoadmapState, StageKind
from roadmaps.models import (
    Benefit,
    BenefitShare,
    BenefitYearValue,
    CapabilityDeployment,
    Cycle,
    Footprint,
    FootprintMember,
    Milestone,
    Risk,
    RoadmapEditor,
    RoadmapText,
    Stage,
    UniversalCapabilityPlan,
)
from roadmaps.selectors.footprints import people_with_roles
from roadmaps.services.cycles import check_stage_dates, end_of_day, start_of_day
from roadmaps.transitions import FOOTPRINT

ONLY_ADMINS_CREATE_CYCLES = gettext_lazy("Only NHS England admins can create a cycle.")
CYCLE_STAGES = (StageKind.FOOTPRINT, StageKind.MATURITY, StageKind.ROADMAP, StageKind.PUBLICATION)
# The draft's rows copied as they are, apart from the roadmap they belong to.
PLAIN_ROWS = (
    RoadmapText,
    CapabilityDeployment,
    UniversalCapabilityPlan,
    Risk,
    Milestone,
    RoadmapEditor,
)


def check_cycle_name(name):
    name = (name or "").strip()
    if not name:
        raise ActionRefused(_("Enter the cycle's name, for example 2016-17 refresh."))
    limit = Cycle._meta.get_field("name").max_length
    if len(name) > limit:
        raise ActionRefused(_("The name must be %(limit)s characters or fewer.") % {"limit": limit})
    if Cycle.objects.filter(name__iexact=name).exists():
        raise ActionRefused(_("There is already a cycle called %(name)s.") % {"name": name})
    return name


@transaction.atomic
def create_cycle(*, name, stage_days, question_set_code, created_by, carry_forward_from=None):
    """Create the cycle ``name`` with a stage of each kind in ``stage_days`` ({kind: (opens
    on, due on)}, London days) answering ``question_set_code``; with ``carry_forward_from``,
    carry its endorsed footprints forward. Returns the cycle and the footprints carried."""
    authorise(is_nhse_admin, created_by, reason=ONLY_ADMINS_CREATE_CYCLES)
    name = check_cycle_name(name)
    windows = {}
    for kind in CYCLE_STAGES:
        opens_on, due_on = stage_days[kind]
        windows[kind] = (start_of_day(opens_on), end_of_day(due_on))
        check_stage_dates(opens_at=windows[kind][0], due_at=windows[kind][1])
    source = carry_forward_from
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                name=name,
                question_set_code=question_set_code or "",
                carried_from=source,
                assessed_kinds=list(source.assessed_kinds) if source else ["nhs_trust"],
            )
    except IntegrityError as clash:
        raise ActionRefused(_("There is already a cycle called %(name)s.") % {"name": name}) from (
            clash
        )
    Stage.objects.bulk_create(
        Stage(cycle=cycle, kind=kind, opens_at=opens_at, due_at=due_at)
        for kind, (opens_at, due_at) in windows.items()
    )
    record_event(
        actor=created_by,
        verb="cycle.created",
        target=cycle,
        after={
            "question_set": cycle.question_set_code,
            "carried_from": source.name if source else "",
            **{str(kind): [str(opens), str(due)] for kind, (opens, due) in stage_days.items()},
        },
    )
    carried = carry_forward_footprints(source=source, cycle=cycle, by=created_by) if source else []
    return cycle, carried


def footprints_to_carry(source):
    """The footprints of ``source`` a new cycle carries forward: the endorsed ones."""
    return list(
        Footprint.objects.filter(cycle=source, state=FootprintState.ENDORSED)
        .select_related("lead_ccg")
        .order_by("name")
    )


def carry_forward_footprints(*, source, cycle, by):
    """Each endorsed footprint of ``source`` as a draft of ``cycle`` with the same current
    members (a closed organisation left out), its lead CCG told. Safe to run again: a
    footprint already carried into ``cycle`` is not carried twice."""
    done = set(
        Footprint.objects.filter(cycle=cycle, carried_from__isnull=False).values_list(
            "carried_from_id", flat=True
        )
    )
    today = timezone.localdate()
    carried = []
    for old in footprints_to_carry(source):
        if old.pk in done:
            continue
        FOOTPRINT.check(old, "carry_forward")
        new = Footprint.objects.create(
            cycle=cycle,
            name=old.name,
            lead_ccg=old.lead_ccg,
            board_name=old.board_name,
            chair_name=old.chair_name,
            sro_name=old.sro_name,
            contact_email=old.contact_email,
            carried_from=old,
        )
        members = old.members.filter(left_at__isnull=True).select_related("organisation")
        FootprintMember.objects.bulk_create(
            FootprintMember(
                footprint=new, cycle=cycle, organisation=member.organisation, role=member.role
            )
            for member in members
            if member.organisation.is_open_on(today)
        )
        event = record_event(
            actor=by,
            verb="footprint.carried_forward",
            target=new,
            organisation=new.lead_ccg,
            after={"from": old.pk, "from_cycle": source.name, "cycle": cycle.name},
        )
        _tell_lead(new, event)
        carried.append(new)
    return carried


def _tell_lead(footprint, event):
    link = settings.SITE_URL + reverse("footprint_detail", args=[footprint.pk])
    people = people_with_roles(
        organisation_ids=[footprint.lead_ccg_id], roles=[Role.EDITOR, Role.APPROVER]
    )
    for membership in people:
        queue_email(
            key=f"footprint_carried_forward:{event.pk}:{membership.user_id}",
            to=membership.user.email,
            template="footprint_carried_forward",
            context={
                "footprint_name": footprint.name,
                "cycle": footprint.cycle.name,
                "organisation_name": membership.organisation.name,
                "link": link,
            },
        )


def last_accepted_version(footprint):
    """The last accepted version of the roadmap ``footprint`` continues, or None."""
    earlier = footprint.carried_from
    roadmap = getattr(earlier, "roadmap", None) if earlier else None
    if roadmap is None or roadmap.state not in (RoadmapState.ACCEPTED, RoadmapState.PUBLISHED):
        return None
    return roadmap.versions.order_by("-number").first()


def copy_accepted_roadmap(roadmap):
    """Fill the new, empty ``roadmap`` with the draft of the roadmap its footprint continues,
    if that roadmap was accepted: an accepted roadmap's draft is its last version, which the
    copy names. Attachments stay with the version that holds them. Returns the version."""
    version = last_accepted_version(roadmap.footprint)
    if version is None:
        return None
    source = version.roadmap_id
    for model in PLAIN_ROWS:
        model.objects.bulk_create(_copies(model.objects.filter(roadmap_id=source), roadmap))
    for benefit in Benefit.objects.filter(roadmap_id=source).prefetch_related(
        "yearly_values", "shares"
    ):
        copy = _copies([benefit], roadmap)[0]
        copy.save()
        BenefitYearValue.objects.bulk_create(_copies(benefit.yearly_values.all(), copy, "benefit"))
        BenefitShare.objects.bulk_create(_copies(benefit.shares.all(), copy, "benefit"))
    roadmap.carried_from_version = version
    roadmap.save(update_fields=["carried_from_version"])
    return version


def _copies(rows, parent, link="roadmap"):
    copies = []
    for row in rows:
        values = {
            field.attname: getattr(row, field.attname)
            for field in row._meta.concrete_fields
            if not field.primary_key and field.name != link
        }
        copies.append(type(row)(**values, **{link: parent}))
    return copies
