import hashlib
from datetime import date, timedelta

import factory
from django.utils import timezone

from accounts.enums import EmailState, OrganisationKind, Role
from accounts.models import Invitation, Membership, Organisation, OutboundEmail, User
from accounts.services.outbox import render_email


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@ccg.example.nhs.uk")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """A queued email as the outbox holds it, without enqueueing its delivery."""

    class Meta:
        model = OutboundEmail

    class Params:
        rendered = factory.LazyAttribute(
            lambda o: render_email(template=o.template, context=o.context)
        )

    idempotency_key = factory.Sequence(lambda n: f"test-email:{n}")
    template = "service_check"
    to = factory.Sequence(lambda n: f"recipient{n}@ccg.example.nhs.uk")
    context = factory.LazyFunction(lambda: {"requested_by": "a test"})
    subject = factory.LazyAttribute(lambda o: o.rendered.subject)
    body_text = factory.LazyAttribute(lambda o: o.rendered.body_text)
    body_html = factory.LazyAttribute(lambda o: o.rendered.body_html)
    state = EmailState.PENDING


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["ods_code"]
        skip_postgeneration_save = True

    ods_code = "Y54"
    name = "NORTH OF ENGLAND COMMISSIONING REGION"
    kind = OrganisationKind.NHSE_REGION
    open_date = date(2012, 10, 1)
    region = factory.LazyAttribute(lambda o: None)

    @factory.post_generation
    def point_region_at_itself(obj, create, extracted, **kwargs):
        if create and obj.region_id is None:
            obj.region = obj
            obj.save(update_fields=["region"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A CCG in the North region unless told otherwise."""

    class Meta:
        model = Organisation

    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"NHS TEST {n} CCG")
    kind = OrganisationKind.CCG
    region = factory.SubFactory(RegionFactory)
    postcode = "LS1 4HY"
    open_date = date(2013, 4, 1)


class NHSEnglandFactory(OrganisationFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["ods_code"]

    ods_code = "X24"
    name = "NHS ENGLAND"
    kind = OrganisationKind.NHS_ENGLAND
    region = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.EDITOR


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation. Its token is ``factory-token-<n>``; ``.token`` holds it."""

    class Meta:
        model = Invitation

    token = factory.Sequence(lambda n: f"factory-token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
    email = factory.Sequence(lambda n: f"invitee{n}@ccg.example.nhs.uk")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.EDITOR
    invited_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(days=7))

    @classmethod
    def _create(cls, model_class, *args, token, **kwargs):
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token  # what the emailed link carries; only its hash is stored
        return invitation


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle whose footprint stage is open now."""

    class Meta:
        model = "roadmaps.Cycle"
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = "2015-16"

    @factory.post_generation
    def stages(obj, create, extracted, **kwargs):
        from roadmaps.models import Stage

        if not create or obj.stages.exists():
            return
        now = timezone.now()
        for offset, kind in enumerate(["footprint", "maturity", "roadmap", "publication"]):
            Stage.objects.create(
                cycle=obj,
                kind=kind,
                opens_at=now + timedelta(days=60 * offset - 14),
                due_at=now + timedelta(days=60 * offset + 30),
            )


class FootprintFactory(factory.django.DjangoModelFactory):
    """A draft footprint with its lead CCG as a member."""

    class Meta:
        model = "roadmaps.Footprint"
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"Footprint {n}")
    lead_ccg = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    board_name = "Digital Programme Board"
    chair_name = "Dr Alex Chair"
    sro_name = "Sam Owner"
    contact_email = "roadmap@ccg.example.nhs.uk"

    @factory.post_generation
    def lead_member(obj, create, extracted, **kwargs):
        if create:
            FootprintMemberFactory(footprint=obj, organisation=obj.lead_ccg, role="lead_ccg")


class FootprintMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "roadmaps.FootprintMember"

    footprint = factory.SubFactory(FootprintFactory)
    cycle = factory.LazyAttribute(lambda o: o.footprint.cycle)
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.NHS_TRUST)
    role = "provider"


class QuestionSetFactory(factory.django.DjangoModelFactory):
    """An empty question set; add sections, themes and questions with their factories."""

    class Meta:
        model = "maturity.QuestionSet"

    code = factory.Sequence(lambda n: f"test-set-{n}")
    version = 1
    title = factory.Sequence(lambda n: f"Test question set {n}")
    source_sha256 = "0" * 64


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "maturity.Section"

    question_set = factory.SubFactory(QuestionSetFactory)
    code = factory.Sequence(lambda n: f"section_{n}")
    title = factory.LazyAttribute(lambda o: o.code.replace("_", " ").capitalize())
    order = factory.Sequence(lambda n: n)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "maturity.Theme"

    section = factory.SubFactory(SectionFactory)
    code = factory.Sequence(lambda n: f"theme_{n}")
    title = factory.LazyAttribute(lambda o: o.code.replace("_", " ").capitalize())
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    """An agreement-scale question that may be answered "not applicable"."""

    class Meta:
        model = "maturity.Question"

    theme = factory.SubFactory(ThemeFactory)
    question_set = factory.LazyAttribute(lambda o: o.theme.section.question_set)
    code = factory.Sequence(lambda n: f"Q{n}")
    text = factory.LazyAttribute(lambda o: f"Question {o.code}")
    scale = "agreement"
    allows_not_applicable = True
    order = factory.Sequence(lambda n: n)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A submitted assessment of an NHS trust, never scored."""

    class Meta:
        model = "maturity.Assessment"

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.NHS_TRUST)
    cycle = factory.SubFactory(CycleFactory)
    question_set = factory.SubFactory(QuestionSetFactory)
    state = "submitted"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "maturity.Answer"

    assessment = factory.SubFactory(AssessmentFactory)
    # A new question in the assessment's own question set.
    question = factory.LazyAttribute(
        lambda o: QuestionFactory(theme__section__question_set=o.assessment.question_set)
    )
    option = "neither"


class RoadmapFactory(factory.django.DjangoModelFactory):
    """An empty draft roadmap of an endorsed footprint (whose lead CCG is its only member)."""

    class Meta:
        model = "roadmaps.Roadmap"

    footprint = factory.SubFactory(FootprintFactory, state="endorsed")
    state = "draft"
