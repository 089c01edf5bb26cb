"""What each person still has to do, read from the database state of every live stage.

Reminders, "send reminders now" and the emails about a moved deadline all start here
(design section 4). The work is set-based: a handful of queries per cycle, whatever the
number of footprints, assessments or people, so a national run stays cheap.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import OrganisationKind, Role
from accounts.models import Membership, Organisation
from maturity.enums import AssessmentState
from maturity.models import Assessment
from maturity.transitions import ASSESSMENT
from roadmaps.enums import (
    CCG_ROLES,
    Confirmation,
    FootprintState,
    MemberRole,
    RoadmapState,
    SignOffDecision,
    StageKind,
)
from roadmaps.models import Cycle, Footprint, FootprintMember, Roadmap, SignOff, Stage
from roadmaps.selectors.cycles import newest_openings
from roadmaps.selectors.deadlines import effective_deadline, london_day
from roadmaps.transitions import FOOTPRINT

UNSUBMITTED_ASSESSMENT_STATES = ASSESSMENT.states_allowing("answer")
UNSUBMITTED_ROADMAP_STATES = (
    RoadmapState.DRAFT,
    RoadmapState.CHANGES_REQUESTED,
    RoadmapState.AWAITING_SIGN_OFF,
)


@dataclass(frozen=True)
class OutstandingTask:
    """One thing an organisation still has to do, with the deadline that applies to it."""

    # Stable identity across runs ("roadmap:12"), so a moved deadline can be compared.
    key: str
    stage_kind: str
    title: str
    organisation_name: str
    due_at: datetime
    path: str


@dataclass
class PersonTasks:
    """Everything one person is asked to do (or, for a lead CCG, to chase)."""

    user_id: int
    email: str
    full_name: str
    tasks: list = field(default_factory=list)


def live_cycles(now, *, opened_only=True):
    """Cycles with a stage that has opened (any stage when not ``opened_only``) and whose
    last stage is not yet past, with their stages and extensions prefetched."""
    cycles = Cycle.objects.annotate(closes=Max("stages__due_at")).filter(closes__gte=now)
    if opened_only:
        cycles = cycles.filter(pk__in=Stage.objects.filter(opens_at__lte=now).values("cycle_id"))
    return cycles.prefetch_related("stages__extensions")


def outstanding_by_person(
    *,
    now=None,
    organisation_ids=None,
    stage_kinds=None,
    cycle_ids=None,
    opened_only=True,
    user_ids=None,
    due_dates=None,
    stage_ids=None,
):
    """{user id: PersonTasks} for every active editor or approver of an open organisation
    with something outstanding in a live cycle.

    ``organisation_ids`` keeps only people of those organisations, and ``user_ids`` only
    those people; ``stage_kinds``, ``stage_ids`` and ``cycle_ids`` keep only those kinds of
    stage, those stages and those cycles. With
    ``opened_only`` (the default), a stage counts only once it has opened. A stage that a
    later cycle's stage of its kind has superseded (``newest_openings``) asks nothing.
    ``due_dates``
    ({stage id: due at}) reads those stages as if they were due then, to preview a move
    through the one deadline rule. Tasks come sorted by deadline, then by what they ask.
    """
    now = now or timezone.now()
    cycles = live_cycles(now, opened_only=opened_only)
    if cycle_ids is not None:
        cycles = cycles.filter(pk__in=cycle_ids)
    newest = newest_openings(now)
    # (organisation id, role) -> tasks; resolved to people at the end, in one query.
    wanted = {}
    today = london_day(now)
    # Collectors read only what concerns these organisations; ``_people`` still decides.
    only = None if organisation_ids is None else list(organisation_ids)
    for cycle in cycles:
        if due_dates:
            for stage in cycle.stages.all():
                stage.due_at = due_dates.get(stage.pk, stage.due_at)
            # As ``live_cycles`` would judge the cycle with the moved dates.
            if max(stage.due_at for stage in cycle.stages.all()) < now:
                continue
        for collector in COLLECTORS:
            if stage_kinds is not None and collector.kind not in stage_kinds:
                continue
            for stage in collector.stages(cycle):
                if stage_ids is not None and stage.pk not in stage_ids:
                    continue
                if opened_only and stage.opens_at > now:
                    continue
                if not collector.per_stage and stage.opens_at < newest.get(stage.kind, now):
                    continue  # a later cycle's stage of this kind has opened: it asks now
                for organisation_id, role, task in collector.run(cycle, stage, today, only):
                    wanted.setdefault((organisation_id, role), []).append(task)
    return _people(wanted, today=today, organisation_ids=organisation_ids, user_ids=user_ids)


def _people(wanted, *, today, organisation_ids, user_ids=None):
    organisations = {organisation_id for organisation_id, _role in wanted}
    if organisation_ids is not None:
        organisations &= set(organisation_ids)
    memberships = Membership.objects.filter(
        organisation_id__in=organisations,
        organisation__in=Organisation.objects.open_on(today),
        role__in=[Role.EDITOR, Role.APPROVER],
        user__is_active=True,
    )
    if user_ids is not None:
        memberships = memberships.filter(user_id__in=user_ids)
    memberships = memberships.select_related("user").order_by(
        "user__email", "organisation_id", "role"
    )
    people = {}
    for membership in memberships:
        tasks = wanted.get((membership.organisation_id, membership.role), [])
        if not tasks:
            continue
        user = membership.user
        person = people.setdefault(
            user.pk, PersonTasks(user_id=user.pk, email=user.email, full_name=user.full_name)
        )
        for task in tasks:
            if task not in person.tasks:
                person.tasks.append(task)
    for person in people.values():
        person.tasks.sort(key=lambda task: (task.due_at, task.title))
    return people


def _open_organisation_ids(ids, today):
    return set(Organisation.objects.open_on(today).filter(pk__in=ids).values_list("pk", flat=True))


def _footprints_not_submitted(cycle, today, only):
    footprints = Footprint.objects.filter(
        cycle=cycle, state__in=FOOTPRINT.states_allowing("submit_footprint")
    ).select_related("lead_ccg")
    if only is not None:
        footprints = footprints.filter(lead_ccg_id__in=only)
    for footprint in footprints:
        due_at = effective_deadline(
            cycle=cycle, stage_kind=StageKind.FOOTPRINT, footprint=footprint
        )
        task = OutstandingTask(
            key=f"footprint:{footprint.pk}",
            stage_kind=StageKind.FOOTPRINT,
            title=_("Submit the footprint %(name)s") % {"name": footprint.name},
            organisation_name=footprint.lead_ccg.name,
            due_at=due_at,
            path=reverse("footprint_detail", args=[footprint.pk]),
        )
        yield footprint.lead_ccg_id, Role.EDITOR, task
    # An open CCG in no footprint of the cycle has not declared one yet.
    placed = FootprintMember.objects.filter(
        cycle=cycle, role__in=CCG_ROLES, left_at__isnull=True
    ).values("organisation_id")
    unplaced = (
        Organisation.objects.open_on(today)
        .filter(kind=OrganisationKind.CCG)
        .exclude(pk__in=placed)
        .filter(memberships__role=Role.EDITOR)
        .distinct()
    )
    if only is not None:
        unplaced = unplaced.filter(pk__in=only)
    for ccg in unplaced:
        due_at = effective_deadline(cycle=cycle, stage_kind=StageKind.FOOTPRINT, organisation=ccg)
        task = OutstandingTask(
            key=f"declare:{cycle.pk}:{ccg.pk}",
            stage_kind=StageKind.FOOTPRINT,
            title=_("Declare the footprint %(ccg)s leads or joins") % {"ccg": ccg.name},
            organisation_name=ccg.name,
            due_at=due_at,
            path=reverse("declare_footprint"),
        )
        yield ccg.pk, Role.EDITOR, task


def _memberships_not_confirmed(cycle, today, only):
    members = FootprintMember.objects.filter(
        cycle=cycle,
        role=MemberRole.PARTNER_CCG,
        confirmation=Confirmation.PENDING,
        footprint__state=FootprintState.SUBMITTED,
        left_at__isnull=True,
    ).select_related("footprint", "organisation")
    if only is not None:
        members = members.filter(organisation_id__in=only)
    for member in members:
        footprint = member.footprint
        due_at = effective_deadline(
            cycle=cycle,
            stage_kind=StageKind.FOOTPRINT,
            footprint=footprint,
            organisation=member.organisation,
        )
        task = OutstandingTask(
            key=f"confirm:{member.pk}",
            stage_kind=StageKind.FOOTPRINT,
            title=_("Confirm your place in the footprint %(name)s") % {"name": footprint.name},
            organisation_name=member.organisation.name,
            due_at=due_at,
            path=reverse("confirm_footprint_membership", args=[footprint.pk, member.pk]),
        )
        yield member.organisation_id, Role.APPROVER, task


def _assessments_outstanding(cycle, today, only):
    assessments = Assessment.objects.filter(
        cycle=cycle,
        state__in=[*UNSUBMITTED_ASSESSMENT_STATES, AssessmentState.SUBMITTED],
    ).select_related("organisation")
    if only is not None:
        # The organisations' own assessments, and those their footprints' leads are copied on.
        led = FootprintMember.objects.filter(
            cycle=cycle,
            footprint__state=FootprintState.ENDORSED,
            footprint__lead_ccg_id__in=only,
            left_at__isnull=True,
        ).values("organisation_id")
        assessments = assessments.filter(Q(organisation_id__in=only) | Q(organisation_id__in=led))
    assessments = list(assessments)
    open_ids = _open_organisation_ids([a.organisation_id for a in assessments], today)
    # Lead CCGs are copied about their providers' unsubmitted assessments.
    leads = {}
    for organisation_id, lead_id, footprint_id in FootprintMember.objects.filter(
        cycle=cycle,
        organisation_id__in=open_ids,
        footprint__state=FootprintState.ENDORSED,
    ).values_list("organisation_id", "footprint__lead_ccg_id", "footprint_id"):
        leads.setdefault(organisation_id, []).append((lead_id, footprint_id))
    for assessment in assessments:
        if assessment.organisation_id not in open_ids:
            continue
        provider = assessment.organisation
        due_at = effective_deadline(
            cycle=cycle, stage_kind=StageKind.MATURITY, organisation=provider
        )
        if assessment.state == AssessmentState.SUBMITTED:
            yield (
                provider.pk,
                Role.APPROVER,
                OutstandingTask(
                    key=f"assessment-sign-off:{assessment.pk}",
                    stage_kind=StageKind.MATURITY,
                    title=_("Sign off the digital maturity self-assessment"),
                    organisation_name=provider.name,
                    due_at=due_at,
                    path=reverse("sign_off_assessment", args=[assessment.pk]),
                ),
            )
            continue
        yield (
            provider.pk,
            Role.EDITOR,
            OutstandingTask(
                key=f"assessment:{assessment.pk}",
                stage_kind=StageKind.MATURITY,
                title=_("Submit the digital maturity self-assessment"),
                organisation_name=provider.name,
                due_at=due_at,
                path=reverse("assessment_tasks", args=[assessment.pk]),
            ),
        )
        for lead_id, footprint_id in leads.get(provider.pk, []):
            yield (
                lead_id,
                Role.EDITOR,
                OutstandingTask(
                    key=f"assessment-copy:{assessment.pk}:{footprint_id}",
                    stage_kind=StageKind.MATURITY,
                    title=_("Not yet submitted: the self-assessment of %(provider)s")
                    % {"provider": provider.name},
                    organisation_name=provider.name,
                    due_at=due_at,
                    path=reverse("footprint_results", args=[footprint_id]),
                ),
            )


def _roadmaps_outstanding(cycle, today, only):
    roadmaps = Roadmap.objects.filter(
        footprint__cycle=cycle,
        footprint__state=FootprintState.ENDORSED,
        state__in=UNSUBMITTED_ROADMAP_STATES,
    ).select_related("footprint", "footprint__lead_ccg")
    if only is not None:
        signing = SignOff.objects.filter(organisation_id__in=only).values("roadmap_id")
        roadmaps = roadmaps.filter(Q(footprint__lead_ccg_id__in=only) | Q(pk__in=signing))
    roadmaps = list(roadmaps)
    due = {
        roadmap.pk: effective_deadline(
            cycle=cycle, stage_kind=StageKind.ROADMAP, footprint=roadmap.footprint
        )
        for roadmap in roadmaps
    }
    for roadmap in roadmaps:
        yield (
            roadmap.footprint.lead_ccg_id,
            Role.EDITOR,
            OutstandingTask(
                key=f"roadmap:{roadmap.pk}",
                stage_kind=StageKind.ROADMAP,
                title=_("Submit the local digital roadmap for %(name)s")
                % {"name": roadmap.footprint.name},
                organisation_name=roadmap.footprint.lead_ccg.name,
                due_at=due[roadmap.pk],
                path=reverse("roadmap_tasks", args=[roadmap.pk]),
            ),
        )
    by_pk = {roadmap.pk: roadmap for roadmap in roadmaps}
    pending = SignOff.objects.filter(
        roadmap__in=[r for r in roadmaps if r.state == RoadmapState.AWAITING_SIGN_OFF],
        decision=SignOffDecision.PENDING,
    ).select_related("organisation")
    for sign_off in pending:
        roadmap = by_pk[sign_off.roadmap_id]
        if sign_off.round != roadmap.sign_off_round:
            continue
        yield (
            sign_off.organisation_id,
            Role.APPROVER,
            OutstandingTask(
                key=f"roadmap-sign-off:{roadmap.pk}:{sign_off.organisation_id}",
                stage_kind=StageKind.ROADMAP,
                title=_("Sign off the local digital roadmap for %(name)s")
                % {"name": roadmap.footprint.name},
                organisation_name=sign_off.organisation.name,
                due_at=due[roadmap.pk],
                path=reverse("sign_off_roadmap", args=[roadmap.pk]),
            ),
        )


@dataclass(frozen=True)
class Collector:
    """What one kind of stage asks of people: ``collect`` yields (organisation id, role,
    OutstandingTask) for a cycle.

    A kind has one stage a cycle (``collect(cycle, today, only)``), or, ``per_stage``, several
    (a reporting period's progress stage, one a quarter): then ``collect`` is called for each
    of them, ``collect(cycle, today, only, stage=stage)``, and reads only that stage's work.
    """

    kind: str
    collect: Callable
    per_stage: bool = False

    def stages(self, cycle):
        stages = [stage for stage in cycle.stages.all() if stage.kind == self.kind]
        return stages if self.per_stage else stages[:1]

    def run(self, cycle, stage, today, only):
        if self.per_stage:
            return self.collect(cycle, today, only, stage=stage)
        return self.collect(cycle, today, only)


COLLECTORS = [
    Collector(StageKind.FOOTPRINT, _footprints_not_submitted),
    Collector(StageKind.FOOTPRINT, _memberships_not_confirmed),
    Collector(StageKind.MATURITY, _assessments_outstanding),
    Collector(StageKind.ROADMAP, _roadmaps_outstanding),
]


def register_collector(kind, collect, *, per_stage=False):
    """Add what a later app's stages ask of people (delivery registers its progress returns
    from its ``ready()``), so that reminders, "send reminders now", home-page tasks and the
    people told of a moved deadline read it too, without roadmaps importing that app.
    Registering the same function again changes nothing."""
    if not any(collector.collect is collect for collector in COLLECTORS):
        COLLECTORS.append(Collector(kind, collect, per_stage))
