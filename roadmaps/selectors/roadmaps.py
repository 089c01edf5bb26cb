"""Roadmaps as the person asking may see them, and how far each draft section has got."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_nhse_staff, roles_by_organisation
from roadmaps import rules
from roadmaps.enums import (
    CapabilityGroup,
    SignOffDecision,
    UniversalCapability,
)
from roadmaps.models import (
    CapabilityDeployment,
    Roadmap,
    RoadmapText,
    SignOff,
    UniversalCapabilityPlan,
)
from roadmaps.roadmap_sections import SECTIONS, TEXT_KINDS
from roadmaps.selectors.footprints import MEMBERS
from roadmaps.selectors.lineage import history_ids_for
from roadmaps.transitions import ROADMAP

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
OPTIONAL = "optional"
STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    COMPLETED: _("Completed"),
    OPTIONAL: _("Optional"),
}


def roadmaps_for_user(user):
    """Roadmaps of footprints with a member the person belongs to, or that they were asked to
    edit; every roadmap for NHS England. With what the permission rules read, prefetched."""
    roadmaps = Roadmap.objects.select_related(
        "footprint", "footprint__cycle", "footprint__lead_ccg", "footprint__lead_ccg__region"
    )
    if not is_nhse_staff(user):
        mine = list(roles_by_organisation(user))
        roadmaps = roadmaps.filter(
            Q(footprint__members__organisation_id__in=mine)
            | Q(editors__user_id=user.pk)
            | Q(footprint_id__in=history_ids_for(user))
        ).distinct()
    return roadmaps.prefetch_related(
        Prefetch("footprint__members", queryset=MEMBERS.queryset),
        "editors",
        Prefetch("sign_offs", queryset=SignOff.objects.select_related("organisation")),
    ).order_by("footprint__cycle__name", "footprint__name")


def roadmap_for_user(user, pk):
    """One roadmap the person may see, or None (the view answers 404)."""
    return roadmaps_for_user(user).filter(pk=pk).first()


@dataclass(frozen=True)
class SectionProgress:
    section: object
    status: str
    # What is still missing, in words, for the completeness check; empty when complete.
    missing: tuple = ()

    @property
    def complete(self):
        return self.status in (COMPLETED, OPTIONAL)

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def _status(filled, total):
    if filled == 0:
        return NOT_STARTED
    return COMPLETED if filled >= total else IN_PROGRESS


def section_progress(roadmap):
    """Every section of the draft with its status and what is missing: six queries, whatever
    the roadmap holds."""
    texts = {
        (section, field)
        for section, field in RoadmapText.objects.filter(roadmap=roadmap)
        .exclude(text="")
        .values_list("section", "field")
    }
    # A group need not have something planned every year, but every group needs a plan.
    planned_groups = set(
        CapabilityDeployment.objects.filter(roadmap=roadmap)
        .exclude(plan="")
        .values_list("group", flat=True)
        .distinct()
    )
    universal = set(
        UniversalCapabilityPlan.objects.filter(roadmap=roadmap, lead_organisation__isnull=False)
        .exclude(current_position="")
        .exclude(trajectory="")
        .values_list("letter", flat=True)
    )
    counts = Roadmap.objects.filter(pk=roadmap.pk).aggregate(
        risks=Count("risks", distinct=True),
        milestones=Count("milestones", distinct=True),
        attachments=Count("attachments", distinct=True),
        benefits=Count("benefits", distinct=True),
    )
    progress = []
    for section in SECTIONS:
        if section.kind in TEXT_KINDS:
            empty = [f.label for f in section.fields if (section.key, f.name) not in texts]
            filled = len(section.fields) - len(empty)
            missing = tuple(str(label) for label in empty)
            status = _status(filled, len(section.fields))
        elif section.kind == "schedule":
            unplanned = [
                str(CapabilityGroup(group).label)
                for group in CapabilityGroup.values
                if group not in planned_groups
            ]
            status = _status(len(planned_groups), len(CapabilityGroup.values))
            missing = tuple(unplanned)
        elif section.kind == "universal":
            letters = [letter for letter in UniversalCapability.values if letter not in universal]
            status = _status(len(UniversalCapability.values) - len(letters), 10)
            missing = tuple(f"{letter}" for letter in letters)
        elif section.kind == "attachments":
            status, missing = OPTIONAL, ()
        else:
            count = counts[section.kind]
            status = COMPLETED if count else NOT_STARTED
            missing = () if count else (str(section.title),)
        progress.append(SectionProgress(section, status, missing))
    return progress


def missing_for_sign_off(roadmap):
    """The sections that stop sign-off being requested, with what each lacks."""
    return [item for item in section_progress(roadmap) if not item.complete]


def current_sign_offs(roadmap):
    """The current round's sign-offs, from the roadmap's prefetched sign-offs."""
    return [s for s in roadmap.sign_offs.all() if s.round == roadmap.sign_off_round]


def task_list_actions(user, roadmap):
    """What the roadmap's task list offers this person: the lead's next step, a link to sign
    off, the current round of sign-off and a link to the versions."""
    can_lead = rules.can_lead_roadmap(user, roadmap)
    sign_offs = current_sign_offs(roadmap)
    awaiting = ROADMAP.allows(roadmap.state, "submit_roadmap")
    all_signed = bool(sign_offs) and all(s.decision == SignOffDecision.SIGNED for s in sign_offs)
    return {
        "can_request_sign_off": can_lead and ROADMAP.allows(roadmap.state, "request_sign_off"),
        "can_submit": can_lead and awaiting and all_signed,
        "can_give_sign_off": rules.can_sign_off_roadmap(user, roadmap),
        "can_choose_signatories": can_lead and ROADMAP.allows(roadmap.state, "set_signatories"),
        "sign_offs": sign_offs,
        "round_open": awaiting,
        "has_versions": roadmap.versions.exists(),
    }
