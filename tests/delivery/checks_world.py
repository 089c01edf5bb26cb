"""Made-up footprints for the cross-check tests, written directly with the ORM: a footprint
with NHS trusts answering the shipped 2015-16 question set, its stored maturity figures, a
submitted roadmap version whose snapshot holds only what a test gives it, and progress
returns whose submissions freeze only the lines a test gives them."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from accounts.enums import OrganisationKind, Role
from delivery.enums import ReturnState
from delivery.models import ProgressReturn, ReturnAssurance, ReturnSubmission
from maturity.models import Answer, BenchmarkFigure, FigureComputation, Question
from maturity.services.question_sets import load_question_set
from roadmaps.enums import MemberRole, SignOffDecision
from roadmaps.models import Roadmap, RoadmapVersion, SignOff
from roadmaps.roadmap_sections import year_label
from tests.delivery.world import add_periods
from tests.factories import (
    AssessmentFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    UserFactory,
)

SUBMITTED_AT = datetime(2016, 6, 30, 12, tzinfo=UTC)
NO_HASH = "0" * 64


@dataclass
class Place:
    """A footprint with its roadmap, trusts and their submitted assessments (by trust name)."""

    footprint: object
    roadmap: object
    lead: object
    trusts: dict
    assessments: dict
    question_set: object
    people: dict = field(default_factory=dict)

    @property
    def cycle(self):
        return self.footprint.cycle


def person(organisation, role, email):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(email=email)
    ).user


def make_place(name="Leeds", *, trusts=("Leeds Teaching Hospitals",), unsubmitted=()):
    """A footprint, its lead CCG and trusts; each trust has a submitted assessment except
    those named in ``unsubmitted`` (in progress)."""
    question_set = load_question_set().question_set
    lead = OrganisationFactory(name=f"NHS {name} CCG")
    footprint = FootprintFactory(name=name, lead_ccg=lead, state="endorsed")
    roadmap = Roadmap.objects.create(footprint=footprint, state="submitted")
    members, assessments = {}, {}
    for trust_name in trusts:
        trust = OrganisationFactory(name=trust_name, kind=OrganisationKind.NHS_TRUST)
        FootprintMemberFactory(footprint=footprint, organisation=trust, role=MemberRole.PROVIDER)
        members[trust_name] = trust
        state = "in_progress" if trust_name in unsubmitted else "submitted"
        assessments[trust_name] = AssessmentFactory(
            organisation=trust, cycle=footprint.cycle, question_set=question_set, state=state
        )
    return Place(
        footprint=footprint, roadmap=roadmap, lead=lead, trusts=members,
        assessments=assessments, question_set=question_set,
    )  # fmt: skip


def set_figures(place, *, footprint=None, national=None, at=SUBMITTED_AT):
    """Stored theme figures: ``footprint`` {theme: median} of the place's providers and
    ``national`` {theme: lower quartile}; worked out ``at``."""
    for theme, median in (footprint or {}).items():
        BenchmarkFigure.objects.create(
            cycle=place.cycle, footprint=place.footprint, level="theme", code=theme, count=1,
            mean=median, median=median, minimum=median, maximum=median,
            lower_quartile=median, upper_quartile=median,
        )  # fmt: skip
    for theme, lower in (national or {}).items():
        BenchmarkFigure.objects.create(
            cycle=place.cycle, level="theme", code=theme, count=40, mean=lower + 15,
            median=lower + 15, minimum=0, maximum=100, lower_quartile=lower,
            upper_quartile=lower + 30,
        )  # fmt: skip
    FigureComputation.objects.update_or_create(cycle=place.cycle, defaults={"computed_at": at})


def answer(place, trust_name, code, option):
    assessment = place.assessments[trust_name]
    return Answer.objects.create(
        assessment=assessment,
        question=Question.objects.get(question_set=assessment.question_set, code=code),
        option=option,
    )


def submit_version(place, *, universal=None, schedule=None, risks=(), number=1,
                   submitted_at=SUBMITTED_AT):  # fmt: skip
    """A version whose snapshot has ``universal`` {letter: in place by}, ``schedule``
    {group: {year: plan}} and ``risks`` [{field: value}] and nothing else of note."""
    universal_section = {
        letter: {"wording": letter, "in_place_by": day.isoformat() if day else ""}
        for letter, day in (universal or {}).items()
    }
    schedule_section = {
        group: {year_label(year): plan for year, plan in years.items()}
        for group, years in (schedule or {}).items()
    }
    snapshot = {
        "footprint": {"name": place.footprint.name, "cycle": place.cycle.name},
        "sections": {
            "universal_capabilities": universal_section,
            "capability_deployment": schedule_section,
            "risks": [
                {"id": position, "owner": "Programme board", "mitigation": "", **risk}
                for position, risk in enumerate(risks, start=1)
            ],
            "milestones": [],
        },
    }
    return RoadmapVersion.objects.create(
        roadmap=place.roadmap, number=number, snapshot=snapshot, sha256=NO_HASH,
        submitted_at=submitted_at,
    )  # fmt: skip


def sign_off(place, organisations, *, round_=1, decided_at=SUBMITTED_AT):
    """Round ``round_`` of sign-off, signed by each of ``organisations``."""
    for organisation in organisations:
        SignOff.objects.create(
            roadmap=place.roadmap, round=round_, organisation=organisation,
            decision=SignOffDecision.SIGNED, decided_at=decided_at,
        )  # fmt: skip


def north_reviewer(email="grace@north.england.nhs.uk"):
    from tests.factories import RegionFactory

    return person(RegionFactory(), Role.REVIEWER, email)


def national_reviewer():
    return person(NHSEnglandFactory(), Role.REVIEWER, "nadia@england.nhs.uk")


@dataclass
class Quarters:
    """A place with an accepted version and the 2016/17 quarters to report in."""

    place: object
    version: object
    periods: list
    reviewer: object
    returns: list = field(default_factory=list)


def make_quarters(name="Leeds"):
    place = make_place(name)
    place.roadmap.state = "accepted"
    place.roadmap.save(update_fields=["state"])
    version = submit_version(place)
    return Quarters(
        place=place, version=version, periods=add_periods(place.cycle), reviewer=north_reviewer()
    )


def submit_return(quarters, *, rating, milestones=(), capabilities=(), benefits=(), risks=(),
                  assured=None):  # fmt: skip
    """The next quarter's return, submitted with ``rating`` and snapshot lines as given
    (plain dicts, as ``return_snapshot`` writes them); assured ``assured`` and released when
    given."""
    period = quarters.periods[len(quarters.returns)]
    progress_return = ProgressReturn.objects.create(
        roadmap=quarters.place.roadmap, period=period, baseline=quarters.version,
        previous=quarters.returns[-1] if quarters.returns else None,
        state=ReturnState.ACCEPTED if assured else ReturnState.SUBMITTED,
        delivery_confidence=rating, submitted_at=SUBMITTED_AT,
    )  # fmt: skip
    snapshot = {
        "period": {"label": period.label, "period_end": period.period_end.isoformat()},
        "milestones": list(milestones),
        "capabilities": list(capabilities),
        "benefits": list(benefits),
        "risks": list(risks),
        "rating": {"delivery_confidence": rating},
    }
    submission = ReturnSubmission.objects.create(
        progress_return=progress_return, number=1, snapshot=snapshot, sha256=NO_HASH,
        delivery_confidence=rating, suggested_confidence=rating,
    )  # fmt: skip
    if assured:
        ReturnAssurance.objects.create(
            submission=submission, progress_return=progress_return, reviewer=quarters.reviewer,
            assured_confidence=assured, comment="Thank you", decision="accept",
            released_at=SUBMITTED_AT, released_by=quarters.reviewer,
        )  # fmt: skip
    quarters.returns.append(progress_return)
    return progress_return


def benefit_line(benefit_id, description, *, target_on, accepted=date(2018, 3, 31),
                 rating="on_track", unit="%", realised=None, expected=None):  # fmt: skip
    return {
        "id": 1000 + benefit_id, "benefit_id": benefit_id, "description": description,
        "unit": unit, "baseline_target_on": accepted.isoformat(),
        "target_on": target_on.isoformat() if target_on else "",
        "figures": {"rating": rating, "realised_to_date": realised, "expected_to_date": expected},
    }  # fmt: skip


def labels_and_values(found):
    """A finding's evidence as (label, value) pairs."""
    return [(item["label"], item["value"]) for item in found.evidence]
