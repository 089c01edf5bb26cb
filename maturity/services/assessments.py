"""An assessment's life: opened, answered, submitted, signed off, reopened (design section 6).

Answers are saved with optimistic concurrency: a save names the assessment version it
started from, and a save over a newer one is refused with ``AnswersConflict`` so that the
page can show both sets of answers and lose neither.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.models import Organisation
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.transitions import authorise
from maturity import rules
from maturity.enums import AssessmentState
from maturity.models import Answer, Assessment, Question, QuestionSet
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS
from maturity.selectors.care_settings import care_setting_of
from maturity.transitions import ASSESSMENT
from roadmaps.enums import FootprintState
from roadmaps.models import Footprint
from roadmaps.selectors.footprints import people_with_roles

logger = logging.getLogger(__name__)

SUBMITTED_STATES = (AssessmentState.SUBMITTED, AssessmentState.SIGNED_OFF)


class AnswersConflict(ActionRefused):
    """Someone saved the assessment after this person opened the page."""

    def __init__(self, *, current_version):
        super().__init__(
            _("Someone else saved answers to this assessment after you opened the page.")
        )
        self.current_version = current_version


def latest_question_set():
    return QuestionSet.objects.filter(published_at__isnull=False).order_by("-created_at").first()


def question_set_for_cycle(cycle):
    """The question set a cycle's assessments are opened with: the newest published version
    of ``cycle.question_set_code``, or, when the cycle names none, the newest published
    question set of any code. None when there is no such set yet."""
    if not cycle.question_set_code:
        return latest_question_set()
    return (
        QuestionSet.objects.filter(code=cycle.question_set_code, published_at__isnull=False)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def open_assessment(*, organisation, cycle, question_set, opened_by=None):
    """Open the organisation's assessment for the cycle, answered for its care setting as it
    is now (``care_setting_of``), and email its people; returns it, or None when it already
    had one (which is left as it is)."""
    assessment, created = Assessment.objects.get_or_create(
        organisation=organisation,
        cycle=cycle,
        defaults={"question_set": question_set, "care_setting": care_setting_of(organisation)},
    )
    if not created:
        return None
    event = record_event(
        actor=opened_by, verb="assessment.opened", target=assessment, organisation=organisation
    )
    roles = [Role.EDITOR, Role.APPROVER]
    _email(assessment, template="assessment_opened", roles=roles, event=event)
    return assessment


@transaction.atomic
def open_assessments_for_footprint(*, footprint, opened_by=None):
    """Give each open organisation in an endorsed footprint whose kind the cycle assesses
    (``Cycle.assessed_kinds``), whatever its role in the footprint, one assessment for the
    cycle with the cycle's question set (``question_set_for_cycle``), and email its people.
    An organisation in two footprints still has one. Safe to run again: returns only the
    assessments this call opened."""
    if footprint.state != FootprintState.ENDORSED:
        return []
    cycle = footprint.cycle
    question_set = question_set_for_cycle(cycle)
    if question_set is None:
        # Endorsing must not fail for want of questions; this runs again once they are loaded.
        logger.warning("No question set loaded: no assessments opened for %s", footprint)
        return []
    members = (
        footprint.members.select_related("organisation")
        .filter(
            organisation__kind__in=cycle.assessed_kinds,
            organisation__in=Organisation.objects.open_on(timezone.localdate()),
        )
        .order_by("organisation__name")
    )
    opened = (
        open_assessment(
            organisation=member.organisation,
            cycle=cycle,
            question_set=question_set,
            opened_by=opened_by,
        )
        for member in members
    )
    return [assessment for assessment in opened if assessment is not None]


@transaction.atomic
def open_assessments_for_cycle(*, cycle, opened_by):
    """Open the maturity stage of ``cycle``: ``open_assessments_for_footprint`` for each of
    its endorsed footprints. Safe to run again: returns only the assessments it opened."""
    opened = []
    footprints = Footprint.objects.filter(cycle=cycle, state=FootprintState.ENDORSED)
    for footprint in footprints.select_related("cycle").order_by("name"):
        opened += open_assessments_for_footprint(footprint=footprint, opened_by=opened_by)
    return opened


def _option_keys(question):
    keys = {key for key, _label, _score in SCALE_OPTIONS[question.scale]}
    return keys | ({NOT_APPLICABLE} if question.allows_not_applicable else set())


@transaction.atomic
def save_answers(*, assessment, answers, expected_version, saved_by):
    """Save ``{question id: (option or "", comment)}`` if nobody saved since
    ``expected_version``; returns the new version. Blank options clear an answer.

    Every answer given is written (with who saved it and when), in a fixed number of
    queries however many there are: the assessment locked, the questions read, then one
    upsert of the answers and one delete of those cleared. Nothing is written if any answer
    is refused. Completeness is not checked here (only at submit), so half a page can always
    be saved.
    """
    locked = _locked(assessment)
    ASSESSMENT.check(locked, "answer")
    authorise(
        rules.can_answer,
        saved_by,
        locked,
        reason=rules.only_editors_answer_for(locked.organisation),
    )
    if locked.version != expected_version:
        raise AnswersConflict(current_version=locked.version)
    # Only the questions of its set asked in its care setting.
    questions = Question.objects.of_assessment(locked).in_bulk(list(answers))
    now = timezone.now()
    given, cleared = [], []
    for question_id, (option, comment) in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ActionRefused(_("That question is not part of this assessment."))
        if not option:
            cleared.append(question.pk)
            continue
        if option not in _option_keys(question):
            raise ActionRefused(
                _("%(option)s is not an answer to question %(code)s.")
                % {"option": option, "code": question.code}
            )
        given.append(
            Answer(assessment=locked, question=question, option=option, comment=comment.strip(),
                   updated_at=now, updated_by=saved_by)
        )  # fmt: skip
    if given:
        # One statement for new and changed answers alike; a changed one keeps its id.
        Answer.objects.bulk_create(
            given,
            update_conflicts=True,
            unique_fields=["assessment", "question"],
            update_fields=["option", "comment", "updated_at", "updated_by"],
        )
    if cleared:
        Answer.objects.filter(assessment=locked, question_id__in=cleared).delete()
    Assessment.objects.filter(pk=locked.pk).update(
        version=F("version") + 1, state=AssessmentState.IN_PROGRESS
    )
    return locked.version + 1


def unanswered_questions(assessment):
    """The questions of the assessment's set, for its care setting, not yet answered."""
    answered = Answer.objects.filter(assessment=assessment).values("question_id")
    return (
        Question.objects.of_assessment(assessment)
        .exclude(pk__in=answered)
        .select_related("theme")
        .order_by("theme__section__order", "theme__order", "order")
    )


@transaction.atomic
def submit_assessment(*, assessment, submitted_by):
    """Submit a complete assessment; its scores are computed by a task after commit."""
    locked = _locked(assessment)
    ASSESSMENT.check(locked, "submit_assessment")
    authorise(
        rules.can_answer,
        submitted_by,
        locked,
        reason=rules.only_editors_answer_for(locked.organisation),
    )
    missing = unanswered_questions(locked).count()
    if missing:
        raise ActionRefused(
            _("Answer every question before you submit: %(count)s still to answer.")
            % {"count": missing}
        )
    event = ASSESSMENT.move(
        locked,
        "submit_assessment",
        by=submitted_by,
        organisation=locked.organisation,
        submitted_at=timezone.now(),
        submitted_by=submitted_by,
    )
    from maturity.tasks import compute_assessment_scores

    compute_assessment_scores.delay_on_commit(locked.pk)
    _email(locked, template="assessment_submitted", roles=[Role.EDITOR, Role.APPROVER], event=event)
    return locked


@transaction.atomic
def sign_off_assessment(*, assessment, signed_off_by):
    """An approver of the assessed organisation signs off its submitted assessment."""
    locked = _locked(assessment)
    ASSESSMENT.check(locked, "sign_off_assessment")
    authorise(
        rules.can_sign_off,
        signed_off_by,
        locked,
        reason=rules.only_approvers_sign_off_for(locked.organisation),
    )
    event = ASSESSMENT.move(
        locked,
        "sign_off_assessment",
        by=signed_off_by,
        organisation=locked.organisation,
        signed_off_at=timezone.now(),
        signed_off_by=signed_off_by,
    )
    _email(
        locked, template="assessment_signed_off", roles=[Role.EDITOR, Role.APPROVER], event=event
    )
    return locked


@transaction.atomic
def reopen_assessment(*, assessment, reason, reopened_by):
    """NHS England admins reopen a submitted or signed-off assessment, with a reason."""
    if not reason.strip():
        raise ActionRefused(_("Say why the assessment is being reopened."))
    locked = _locked(assessment)
    ASSESSMENT.check(locked, "reopen_assessment")
    authorise(rules.can_reopen, reopened_by, locked, reason=rules.ONLY_ADMINS_REOPEN)
    event = ASSESSMENT.move(
        locked,
        "reopen_assessment",
        by=reopened_by,
        organisation=locked.organisation,
        after={"reason": reason.strip()},
        signed_off_at=None,
        signed_off_by=None,
    )
    _email(
        locked,
        template="assessment_reopened",
        roles=[Role.EDITOR, Role.APPROVER],
        event=event,
        extra={"reason": reason.strip()},
    )
    from maturity.tasks import recompute_figures

    # Its scores no longer count until it is submitted again.
    recompute_figures.delay_on_commit(cycle_id=locked.cycle_id)
    return locked


def _locked(assessment):
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("organisation", "cycle")
        .get(pk=assessment.pk)
    )


def _email(assessment, *, template, roles, event, extra=None):
    """One email per person, keyed on the event that caused it."""
    link = settings.SITE_URL + reverse("assessment_tasks", args=[assessment.pk])
    for membership in people_with_roles(organisation_ids=[assessment.organisation_id], roles=roles):
        queue_email(
            key=f"{template}:{event.pk}:{membership.user_id}",
            to=membership.user.email,
            template=template,
            context={
                "organisation_name": assessment.organisation.name,
                "cycle": assessment.cycle.name,
                "link": link,
                **(extra or {}),
            },
        )
