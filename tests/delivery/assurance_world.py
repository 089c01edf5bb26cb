"""Progress returns waiting for NHS England's assurance: the Leeds return of
``make_delivery_world`` written and submitted through the services, and, for the queue, other
footprints' returns written directly with the ORM."""

from datetime import date, timedelta

from django.utils import timezone

from delivery.confidence import Confidence
from delivery.enums import ReturnState
from delivery.models import ProgressReturn, ReturnAssurance, ReturnSubmission
from delivery.services import assurance, returns, submission
from roadmaps.models import RoadmapVersion
from tests.factories import RoadmapFactory


def write_and_submit(world, period, **lines):
    """The Leeds return for ``period`` written by its editor (``write_return``) and submitted
    by its approver."""
    progress_return = write_return(world, period, **lines)
    submission.request_return_sign_off(progress_return=progress_return,
                                       requested_by=world.lead_editor)  # fmt: skip
    submission.submit_return(progress_return=progress_return, submitted_by=world.lead_approver)
    progress_return.refresh_from_db()
    return progress_return


def write_return(world, period, *, rating=Confidence.GREEN, milestone=None, risks=None,
                 new_risks=(), capabilities=None, deployments=None,
                 progress="Went live in two wards"):  # fmt: skip
    """The Leeds return for ``period`` (opened, or as it is) written by its editor;
    ``milestone``, ``risks``, ``capabilities`` and ``deployments`` change its lines:
    {field: value} for the one milestone, else {description, letter or group: {field: value}};
    ``new_risks`` are added to the register."""
    editor = world.lead_editor
    progress_return = returns.open_return(roadmap=world.roadmap, period=period)
    sections = {
        "narrative": {"progress": progress, "next_quarter": "The rest of the wards"},
        "rating": {
            "delivery_confidence": rating,
            "rationale": "The supplier is late",
            "override_reason": "We trust the supplier's new plan",
        },
    }
    if milestone:
        sections["milestones"] = {progress_return.milestones.get().pk: milestone}
    if risks:
        lines = {line.description: line.pk for line in progress_return.risks.all()}
        sections["risks"] = {lines[k]: v for k, v in risks.items()}
    if capabilities:
        lines = {line.letter: line.pk for line in progress_return.capabilities.all()}
        sections["capabilities"] = {lines[k]: v for k, v in capabilities.items()}
    if deployments:
        lines = {line.group: line.pk for line in progress_return.deployments.all()}
        sections["deployments"] = {lines[k]: v for k, v in deployments.items()}
    for section, data in sections.items():
        progress_return.refresh_from_db()
        returns.save_return_section(
            progress_return=progress_return, section=section, data=data,
            expected_version=progress_return.version, saved_by=editor,
        )  # fmt: skip
    for risk in new_risks:
        progress_return.refresh_from_db()
        returns.add_return_risk(
            progress_return=progress_return, owner="", mitigation="",
            expected_version=progress_return.version, added_by=editor, **risk,
        )  # fmt: skip
    progress_return.refresh_from_db()
    return progress_return


def assure(progress_return, reviewer, *, rating=Confidence.AMBER, decision="accept",
           comment="Thank you", internal_note=""):  # fmt: skip
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence=rating, comment=comment,
        internal_note=internal_note, decision=decision, drafted_by=reviewer,
    )  # fmt: skip
    assurance.release_assurance(progress_return=progress_return, released_by=reviewer)
    progress_return.refresh_from_db()
    return progress_return


def submitted_directly(name, *, region, period, rating, waited_days, previous_rating=None,
                       previous_period=None, assured=None, reviewer=None):  # fmt: skip
    """A return of a new footprint in ``region``, submitted ``waited_days`` ago with
    ``rating``; with ``previous_rating``, last quarter's return submitted with it first
    (and assured ``assured`` by ``reviewer``)."""
    roadmap = RoadmapFactory(footprint__name=name, footprint__lead_ccg__region=region,
                             state="accepted")  # fmt: skip
    baseline = RoadmapVersion.objects.create(roadmap=roadmap, number=1, snapshot={}, sha256="0")
    previous = None
    if previous_rating:
        previous = _submitted(roadmap, baseline, previous_period, previous_rating,
                              state=ReturnState.ACCEPTED, waited_days=waited_days + 90)  # fmt: skip
        if assured:
            ReturnAssurance.objects.create(
                submission=previous.submissions.get(), progress_return=previous,
                reviewer=reviewer, assured_confidence=assured, decision="accept",
                comment="Fine", released_at=timezone.now(), released_by=reviewer,
            )  # fmt: skip
    return _submitted(roadmap, baseline, period, rating, previous=previous,
                      state=ReturnState.SUBMITTED, waited_days=waited_days)  # fmt: skip


def _submitted(roadmap, baseline, period, rating, *, state, waited_days, previous=None):
    at = timezone.now() - timedelta(days=waited_days)
    progress_return = ProgressReturn.objects.create(
        roadmap=roadmap, period=period, baseline=baseline, previous=previous, state=state,
        delivery_confidence=rating, submitted_at=at,
    )  # fmt: skip
    ReturnSubmission.objects.create(
        progress_return=progress_return, number=1, snapshot={"period": str(date.today())},
        sha256="0", delivery_confidence=rating, suggested_confidence=Confidence.GREEN,
        submitted_at=at,
    )  # fmt: skip
    return progress_return
