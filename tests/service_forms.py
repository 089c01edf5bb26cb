"""Every form class of the service, and how to build one bound to some data.

``form_classes()`` finds them (every ``Form`` subclass defined in the apps' modules), so a new
form cannot skip the tests that read its messages: give it a builder in ``BUILDERS``. Each
builder takes the walk's ``world`` (``tests/security/conftest.py``) and the posted data.
"""

import importlib
import pkgutil

from django import forms
from django.urls import reverse

import accounts
import delivery
import maturity
import roadmaps
from accounts.enums import Role
from accounts.forms import admin as account_admin_forms
from accounts.forms import auth, invitations, organisations, outbox
from accounts.models import Organisation
from delivery.forms import assurance as delivery_assurance
from delivery.forms import tracker as delivery_tracker_forms
from maturity import forms as maturity_forms
from maturity.models import Question
from maturity.views import helpers as maturity_helpers
from roadmaps import admin as roadmap_admin
from roadmaps.forms import (
    benefits,
    board,
    coverage,
    drafts,
    filters,
    footprints,
    lists,
    publication,
    reminders,
    review,
    signoff,
)
from roadmaps.forms import deadlines as deadline_forms
from roadmaps.models import Cycle, DeadlineExtension, FootprintMember, Stage
from roadmaps.roadmap_sections import SECTIONS_BY_KEY
from roadmaps.selectors.cycle_picker import cycle_choice
from roadmaps.selectors.drafts import draft_values

APPS = (accounts, roadmaps, maturity, delivery)


def form_classes():
    """Every form class defined in the service's own modules (migrations aside)."""
    for app in APPS:
        for module in pkgutil.walk_packages(app.__path__, f"{app.__name__}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, queue = set(), [forms.BaseForm]
    while queue:
        for subclass in queue.pop().__subclasses__():
            queue.append(subclass)
            if subclass.__module__.split(".")[0] in {app.__name__ for app in APPS}:
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def name_of(form_class):
    return f"{form_class.__module__}.{form_class.__qualname__}"


def _draft(form_class, key):
    def build(world, data):
        roadmap = world.a_roadmap
        return form_class(
            data,
            section=SECTIONS_BY_KEY[key],
            roadmap=roadmap,
            values=draft_values(roadmap, key),
        )

    return build


def _filters(form_class, **kwargs):
    def build(world, data):
        return form_class(
            data,
            choice=cycle_choice(),
            regions=Organisation.objects.filter(pk=world.a.region_id),
            local_offices=Organisation.objects.none(),
            **kwargs,
        )

    return build


def _url(world):
    return reverse("review_roadmap", args=[world.a_review_roadmap.pk])


BUILDERS = {
    # accounts
    auth.SignInForm: lambda world, data: auth.SignInForm(None, data),
    auth.PasswordResetRequestForm: lambda world, data: auth.PasswordResetRequestForm(data),
    auth.NewPasswordForm: lambda world, data: auth.NewPasswordForm(world.a_editor.user, data),
    auth.ChangePasswordForm: lambda world, data: auth.ChangePasswordForm(world.a_editor.user, data),
    invitations.InviteForm: lambda world, data: invitations.InviteForm(
        data, roles=[Role.EDITOR, Role.APPROVER, Role.VIEWER]
    ),
    invitations.AcceptInvitationForm: lambda world, data: invitations.AcceptInvitationForm(
        data, email=world.a_invitation.email
    ),
    organisations.OrganisationSearchForm: lambda world, data: organisations.OrganisationSearchForm(
        data, regions=Organisation.objects.filter(pk=world.a.region_id)
    ),
    outbox.OutboxFilterForm: lambda world, data: outbox.OutboxFilterForm(
        data, templates=["invitation"]
    ),
    account_admin_forms.AdminUserCreationForm: lambda world, data: (
        account_admin_forms.AdminUserCreationForm(data)
    ),
    account_admin_forms.AdminUserChangeForm: lambda world, data: (
        account_admin_forms.AdminUserChangeForm(data, instance=world.loner)
    ),
    # roadmaps: footprints
    footprints.FootprintDetailsForm: lambda world, data: footprints.FootprintDetailsForm(data),
    footprints.DeclareFootprintForm: lambda world, data: footprints.DeclareFootprintForm(
        data, lead_ccgs=Organisation.objects.filter(pk=world.a.pk)
    ),
    footprints.AddMemberForm: lambda world, data: footprints.AddMemberForm(data),
    footprints.ConfirmMembershipForm: lambda world, data: footprints.ConfirmMembershipForm(data),
    footprints.ReviewFootprintForm: lambda world, data: footprints.ReviewFootprintForm(data),
    filters.CycleFilterForm: lambda world, data: filters.CycleFilterForm(
        data, choice=cycle_choice()
    ),
    filters.AreaFilterForm: _filters(filters.AreaFilterForm),
    coverage.CoverageFilterForm: _filters(coverage.CoverageFilterForm),
    board.BoardFilterForm: _filters(board.BoardFilterForm),
    # delivery
    delivery_tracker_forms.TrackerFilterForm: _filters(
        delivery_tracker_forms.TrackerFilterForm, periods=[]
    ),
    reminders.ReminderFilterForm: lambda world, data: reminders.ReminderFilterForm(data),
    reminders.SendRemindersForm: lambda world, data: reminders.SendRemindersForm(data, people=2),
    # roadmaps: drafts (DraftForm is their base, never built itself), lists, sign-off
    drafts.DraftForm: None,
    drafts.TextSectionForm: _draft(drafts.TextSectionForm, "vision"),
    drafts.ScheduleForm: _draft(drafts.ScheduleForm, "capability_deployment"),
    drafts.UniversalForm: _draft(drafts.UniversalForm, "universal_capabilities"),
    lists.RiskForm: lambda world, data: lists.RiskForm(data),
    lists.MilestoneForm: lambda world, data: lists.MilestoneForm(
        data, owners=Organisation.objects.filter(pk=world.a.pk)
    ),
    lists.AttachmentForm: lambda world, data: lists.AttachmentForm(data, {}),
    benefits.BenefitForm: lambda world, data: benefits.BenefitForm(
        data, organisations=Organisation.objects.filter(pk__in=[world.a.pk, world.p.pk])
    ),
    lists.EditorForm: lambda world, data: lists.EditorForm(data),
    signoff.SignatoriesForm: lambda world, data: signoff.SignatoriesForm(
        data, members=FootprintMember.objects.filter(footprint=world.a_roadmap.footprint)
    ),
    signoff.SignOffForm: lambda world, data: signoff.SignOffForm(
        data, organisations=[world.a, world.c_partner.organisation]
    ),
    signoff.CompareVersionsForm: lambda world, data: signoff.CompareVersionsForm(
        data, numbers=[1, 2], action="/"
    ),
    publication.UnpublishForm: lambda world, data: publication.UnpublishForm(data),
    # roadmaps: review
    review.QueueFilterForm: lambda world, data: review.QueueFilterForm(
        data, choice=cycle_choice(), regions=Organisation.objects.filter(pk=world.a.region_id)
    ),
    review.AssignReviewerForm: lambda world, data: review.AssignReviewerForm(
        data, reviewers=[world.nhse_reviewer.user], url=_url(world)
    ),
    # The form under a benefit, which has every field a comment form can have.
    review.CommentForm: lambda world, data: review.CommentForm(
        data, section="benefits", item=1, items=[1, 2], url=_url(world)
    ),
    review.InternalNoteForm: lambda world, data: review.InternalNoteForm(data, url=_url(world)),
    review.RatingForm: lambda world, data: review.RatingForm(data, url=_url(world)),
    review.DecisionForm: lambda world, data: review.DecisionForm(data, url=_url(world)),
    review.ReleaseForm: lambda world, data: review.ReleaseForm(data, url=_url(world)),
    # roadmaps: the admin's own forms
    roadmap_admin.AssessedKindsForm: lambda world, data: roadmap_admin.AssessedKindsForm(
        data, instance=Cycle.objects.first()
    ),
    roadmap_admin.StageDatesForm: lambda world, data: roadmap_admin.StageDatesForm(
        data, instance=Stage(cycle=Cycle.objects.first(), kind="footprint")
    ),
    roadmap_admin.DeadlineExtensionForm: lambda world, data: roadmap_admin.DeadlineExtensionForm(
        data, instance=DeadlineExtension()
    ),
    # roadmaps: NHS England admins' deadline pages
    deadline_forms.ExtensionForm: lambda world, data: deadline_forms.ExtensionForm(data),
    deadline_forms.StageDatesForm: lambda world, data: deadline_forms.StageDatesForm(
        data, stage=Stage.objects.filter(cycle=Cycle.objects.first()).first()
    ),
    # maturity
    maturity_forms.ThemeAnswersForm: lambda world, data: maturity_forms.ThemeAnswersForm(
        data, questions=Question.objects.filter(theme=world.p_theme), answers={}
    ),
    maturity_forms.ReopenForm: lambda world, data: maturity_forms.ReopenForm(data),
    maturity_forms.CareSettingForm: lambda world, data: maturity_forms.CareSettingForm(data),
    maturity_helpers.HelperForm: lambda world, data: maturity_helpers.HelperForm(
        data, candidates=[world.a_viewer.user]
    ),
    # delivery: assurance
    delivery_assurance.AssuranceForm: lambda world, data: delivery_assurance.AssuranceForm(data),
}

# delivery: signing off a return
from delivery.forms import signoff as return_signoff  # noqa: E402

BUILDERS[return_signoff.SendBackForm] = lambda world, data: return_signoff.SendBackForm(data)

# delivery: writing a return
from delivery.enums import CapabilityStatus, DeploymentStatus, MilestoneStatus  # noqa: E402
from delivery.forms import returns as return_forms  # noqa: E402
from delivery.forms import whole_return  # noqa: E402
from delivery.models import (  # noqa: E402
    ProgressReturn,
    ReturnCapability,
    ReturnDeployment,
    ReturnMilestone,
    ReturnRisk,
)


def _return_lines(form_class, line):
    """A section form over one line, built without the database."""
    return lambda world, data: form_class(data, version=0, lines=[line])


def _whole_return():
    return ProgressReturn(pk=1, version=0, delivery_confidence="amber")


BUILDERS.update(
    {
        return_forms.ReturnSectionForm: None,
        whole_return.WholeReturnForm: None,
        return_forms.MilestonesForm: _return_lines(
            return_forms.MilestonesForm,
            ReturnMilestone(pk=1, title="Shared record live", status=MilestoneStatus.ON_TRACK),
        ),
        return_forms.CapabilitiesForm: _return_lines(
            return_forms.CapabilitiesForm,
            ReturnCapability(pk=1, letter="A", status=CapabilityStatus.ON_TRACK),
        ),
        return_forms.DeploymentsForm: _return_lines(
            return_forms.DeploymentsForm,
            ReturnDeployment(pk=1, group="records", status=DeploymentStatus.ON_PLAN),
        ),
        return_forms.RisksForm: _return_lines(
            return_forms.RisksForm,
            ReturnRisk(pk=1, description="Suppliers late", likelihood=3, impact=4),
        ),
        whole_return.NarrativeForm: lambda world, data: whole_return.NarrativeForm(
            data, progress_return=_whole_return()
        ),
        whole_return.RatingForm: lambda world, data: whole_return.RatingForm(
            data,
            progress_return=_whole_return(),
            previous_rating="amber",
            suggested="amber_red",
        ),  # fmt: skip
        return_forms.AddMilestoneForm: lambda world, data: return_forms.AddMilestoneForm(data),
    }
)

# delivery: a return's benefit lines
from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402

from delivery.forms import benefits as benefit_forms  # noqa: E402
from delivery.models import ReturnBenefit  # noqa: E402


def _benefit_lines():
    """A money benefit and a quality one, as a return's lines, without the database."""
    common = {"baseline_on": date(2016, 3, 31), "direction": "up"}
    return [
        ReturnBenefit(pk=1, benefit_id=1, description="Fewer duplicate pathology tests",
                      category="cashable", measure="Savings", unit="£",
                      baseline_value=Decimal(0), target_value=Decimal(200000),
                      baseline_target_on=date(2019, 3, 31), profile={"2016/17": "40000.00"},
                      **common),
        ReturnBenefit(pk=2, benefit_id=2, description="Fewer emergency readmissions",
                      category="quality_and_safety", measure="Readmissions", unit="%",
                      baseline_value=Decimal(12), target_value=Decimal(10),
                      baseline_target_on=date(2018, 3, 31), **common),
    ]  # fmt: skip


BUILDERS[benefit_forms.BenefitsForm] = lambda world, data: benefit_forms.BenefitsForm(
    data, version=0, lines=_benefit_lines(), period_end=date(2016, 6, 30)
)

# delivery: reporting periods
from delivery.forms import periods as period_forms  # noqa: E402

BUILDERS.update(
    {
        # Unprefixed here: the page prefixes each form, the messages are the same.
        period_forms.QuarterlyPeriodsForm: lambda world, data: period_forms.QuarterlyPeriodsForm(
            data, prefix=None
        ),
        period_forms.ReportingPeriodForm: lambda world, data: period_forms.ReportingPeriodForm(
            data, prefix=None
        ),
    }
)

# roadmaps: the next cycle, merges and moves
from roadmaps.forms import cycles as cycle_forms  # noqa: E402

BUILDERS.update(
    {
        cycle_forms.CycleForm: lambda world, data: cycle_forms.CycleForm(data),
        cycle_forms.MergeForm: lambda world, data: cycle_forms.MergeForm(
            data, cycle=Cycle.objects.first()
        ),
        cycle_forms.MoveForm: lambda world, data: cycle_forms.MoveForm(
            data, cycle=Cycle.objects.first()
        ),
    }
)

# delivery: the cross-checks' findings
from accounts.selectors import regions  # noqa: E402
from delivery.forms import findings as finding_forms  # noqa: E402
from delivery.models import Finding  # noqa: E402

BUILDERS.update(
    {
        finding_forms.ExplainForm: lambda world, data: finding_forms.ExplainForm(
            data, finding=Finding(pk=1), next_url="/"
        ),
        finding_forms.FindingFilterForm: lambda world, data: finding_forms.FindingFilterForm(
            data, regions=regions(), cycles=Cycle.objects.all()
        ),
    }
)
