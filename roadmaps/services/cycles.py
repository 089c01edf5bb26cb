"""Programme cycles and their stages.

Deadlines are data: each cycle's stage dates live in ``CYCLES`` below, are loaded by
``load_cycle``, and change afterwards only through ``change_stage_dates``, which audits them.
A date in the table means a whole day in London: a stage opens at the start of its first day
and is due at 23:59:59 on its last, in whatever offset (GMT or BST) London has that day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import OrganisationKind
from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.transitions import authorise
from roadmaps.enums import StageKind
from roadmaps.models import Cycle, Stage
from roadmaps.services.reminders import deadlines_for_stage, tell_people_deadline_moved

LONDON = ZoneInfo("Europe/London")
ONLY_ADMINS_MOVE_STAGES = gettext_lazy("Only NHS England admins can move or open a stage.")

# {cycle name: {stage: (opens on, due on)}}, dates in London. A later cycle is one entry.
CYCLES = {
    "2015-16": {
        # "Every CCG is required to complete and return a footprint and governance form by
        # 30 October 2015" (GOV.UK, 4 Sep 2015).
        StageKind.FOOTPRINT: (date(2015, 9, 4), date(2015, 10, 30)),
        # Invitations went out "throughout November"; 2 Nov 2015 is a nominal first day.
        StageKind.MATURITY: (date(2015, 11, 2), date(2016, 1, 15)),
        # The programme named no opening day for roadmaps: we open them on 1 Feb 2016, once
        # the maturity window has closed. They were first due in April 2016; NHS England moved
        # the deadline to 30 Jun 2016 to line up with the STP submissions.
        StageKind.ROADMAP: (date(2016, 2, 1), date(2016, 6, 30)),
        # "Local Digital Roadmaps were published locally in January 2017."
        StageKind.PUBLICATION: (date(2017, 1, 1), date(2017, 1, 31)),
    },
}

# {cycle name: kinds of organisation in an endorsed footprint that answer the maturity
# self-assessment}. In 2015-16 the NHS trusts among each footprint's providers answered it.
ASSESSED_KINDS = {
    "2015-16": [OrganisationKind.NHS_TRUST],
}

# {cycle name: the question set (its code) its self-assessments answer}.
QUESTION_SETS = {
    "2015-16": "2015-16",
}

# The kinds a cycle may ask to answer: organisations that can be members of a footprint,
# NHS England apart.
ASSESSABLE_KINDS = (
    OrganisationKind.NHS_TRUST,
    OrganisationKind.OTHER_PROVIDER,
    OrganisationKind.CCG,
    OrganisationKind.LOCAL_AUTHORITY,
)


def start_of_day(day):
    """00:00:00 in London on ``day``, as an aware datetime."""
    return datetime.combine(day, time(0, 0, 0), tzinfo=LONDON)


def end_of_day(day):
    """23:59:59 in London on ``day``, as an aware datetime: what a deadline on ``day`` means."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=LONDON)


@dataclass(frozen=True)
class CycleLoad:
    """What loading a cycle did: ``stages_created`` and ``stages_moved`` count stages."""

    cycle: Cycle
    cycle_created: bool
    stages_created: int = 0
    stages_moved: int = 0

    @property
    def changed(self):
        return bool(self.cycle_created or self.stages_created or self.stages_moved)

    @property
    def stages(self):
        return list(self.cycle.stages.order_by("opens_at"))


@transaction.atomic
def load_cycle(*, name, loaded_by=None):
    """Create the cycle ``name`` and its stages from ``CYCLES``.

    Safe to run again: a cycle or stage that exists is left as it is (its dates may have been
    changed since, through ``change_stage_dates``, and a load must not undo that), so a
    second run changes nothing and says so. An unknown name is refused with the known ones.
    """
    if name not in CYCLES:
        raise ActionRefused(
            _("There is no cycle called “%(name)s” to load. The known cycles are: %(known)s.")
            % {"name": name, "known": ", ".join(CYCLES)}
        )
    wanted = {
        kind: (start_of_day(opens), end_of_day(due)) for kind, (opens, due) in CYCLES[name].items()
    }
    return create_missing_stages(
        name=name,
        wanted=wanted,
        assessed_kinds=assessed_kinds_for(name),
        actor=loaded_by,
        question_set_code=QUESTION_SETS.get(name, ""),
    )


def assessed_kinds_for(name):
    return [str(kind) for kind in ASSESSED_KINDS.get(name, [OrganisationKind.NHS_TRUST])]


def create_missing_stages(*, name, wanted, assessed_kinds, actor, question_set_code=""):
    """The cycle ``name`` with a stage of each kind in ``wanted``, creating what is missing.

    ``assessed_kinds`` and ``question_set_code`` are set only on a new cycle: the kinds may
    have been changed since, through ``change_assessed_kinds``, and a load must not undo that.
    """
    cycle, cycle_created = Cycle.objects.get_or_create(
        name=name,
        defaults={"assessed_kinds": assessed_kinds, "question_set_code": question_set_code},
    )
    existing = set(cycle.stages.values_list("kind", flat=True))
    new = [
        Stage(cycle=cycle, kind=kind, opens_at=opens_at, due_at=due_at)
        for kind, (opens_at, due_at) in wanted.items()
        if kind not in existing
    ]
    if new:
        Stage.objects.bulk_create(new)
        after = {str(stage.kind): _describe_dates(stage) for stage in new}
        if cycle_created:
            after["assessed_kinds"] = cycle.assessed_kinds
        record_event(actor=actor, verb="cycle.loaded", target=cycle, after=after)
    return CycleLoad(cycle=cycle, cycle_created=cycle_created, stages_created=len(new))


def check_assessed_kinds(kinds):
    """Refuse an empty choice, or a kind of organisation that cannot answer."""
    if not kinds:
        raise ActionRefused(_("Choose at least one kind of organisation to answer."))
    unknown = sorted(set(kinds) - {str(kind) for kind in ASSESSABLE_KINDS})
    if unknown:
        raise ActionRefused(
            _("These kinds of organisation cannot answer the self-assessment: %(kinds)s.")
            % {"kinds": ", ".join(unknown)}
        )


@transaction.atomic
def change_assessed_kinds(*, cycle, kinds, changed_by):
    """Set which kinds of organisation in the cycle's endorsed footprints answer the
    self-assessment; the only way it changes.

    Affects assessments opened from now on; none already open is closed. Writes one audit
    event with the kinds before and after; the same kinds again writes nothing. ``cycle`` is
    updated in place and returned.
    """
    check_assessed_kinds(kinds)
    wanted = [str(kind) for kind in ASSESSABLE_KINDS if str(kind) in set(kinds)]
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    before = list(locked.assessed_kinds)
    cycle.assessed_kinds = wanted
    if sorted(before) == sorted(wanted):
        return cycle
    locked.assessed_kinds = wanted
    locked.save(update_fields=["assessed_kinds"])
    record_event(
        actor=changed_by,
        verb="cycle.assessed_kinds_changed",
        target=locked,
        before={"assessed_kinds": before},
        after={"assessed_kinds": wanted},
    )
    return cycle


def check_stage_dates(*, opens_at, due_at):
    """Refuse a window that ends before it starts: the check the admin form shares."""
    if due_at <= opens_at:
        raise ActionRefused(_("The due date must be after the date the stage opens."))


@transaction.atomic
def change_stage_dates(*, stage, opens_at, due_at, changed_by):
    """Give ``stage`` a new window; the only way a stage's dates change.

    Refuses anyone but an NHS England admin (``changed_by=None`` is a command or the demo),
    and a due date that is not after the opening. Writes one audit event with the dates
    before and after, in the same transaction; a change to the same dates writes nothing.
    When the due date moves, everyone whose outstanding tasks now fall due at another time
    is emailed (reminders follow the new date by themselves). ``stage`` is updated in place
    and returned.
    """
    authorise(is_nhse_admin, changed_by, reason=ONLY_ADMINS_MOVE_STAGES)
    check_stage_dates(opens_at=opens_at, due_at=due_at)
    locked = Stage.objects.select_for_update().select_related("cycle").get(pk=stage.pk)
    before = _describe_dates(locked)
    # Read before the move: who is affected is whoever's deadline differs afterwards.
    tasks_before = deadlines_for_stage(locked) if locked.due_at != due_at else None
    locked.opens_at, locked.due_at = opens_at, due_at
    after = _describe_dates(locked)
    stage.opens_at, stage.due_at = opens_at, due_at
    if before == after:
        return stage
    locked.save(update_fields=["opens_at", "due_at"])
    event = record_event(
        actor=changed_by, verb="stage.dates_changed", target=locked, before=before, after=after
    )
    if tasks_before is not None:
        tell_people_deadline_moved(locked, before=tasks_before, change_id=event.pk)
    return stage


def _describe_dates(stage):
    # In London time, with the offset, so the audit trail reads as the deadline was meant.
    return {
        "opens_at": timezone.localtime(stage.opens_at, LONDON).isoformat(),
        "due_at": timezone.localtime(stage.due_at, LONDON).isoformat(),
    }
