import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AuditEvent, Membership, Organisation, OutboundEmail, User
from maturity.models import Assessment, BenchmarkFigure, Score
from roadmaps.models import DeadlineExtension, Footprint, Review, Roadmap, RoadmapVersion


@pytest.mark.django_db
def test_demo_data_loads_the_registers_and_people_who_can_sign_in(client, settings):
    settings.DEBUG = True

    call_command("load_demo")
    call_command("load_demo")  # as every `make run` does
    signed_in = client.post(
        reverse("sign_in"),
        {"username": "ccg.approver@demo.example", "password": "demo-roadmap-2015"},
        follow=True,
    )

    assert Organisation.objects.filter(kind="ccg").count() == 212
    # The twelve listed people, and an editor and an approver for each CCG of the reviewed
    # footprints (East Riding, Kirklees and its partner North Kirklees, Salford, Sheffield,
    # Doncaster).
    assert User.objects.filter(email__endswith="@demo.example").count() == 24
    assert Membership.objects.filter(user__email__endswith="@demo.example").count() == 24
    assert AuditEvent.objects.filter(verb="membership.granted").count() == 24
    # Every NHS provider in an endorsed footprint has one self-assessment (RXG and RGD are in
    # two footprints), in every state people can reach; the demo provider's is not started.
    assert sorted(Assessment.objects.values_list("organisation__ods_code", "state")) == [
        ("RCB", "signed_off"),
        ("RCD", "in_progress"),
        ("RFF", "submitted"),
        ("RGD", "submitted"),
        ("RHQ", "not_started"),
        ("RJL", "submitted"),
        ("RM3", "not_started"),
        ("RP5", "not_started"),
        ("RWA", "signed_off"),
        ("RWY", "not_started"),
        ("RXG", "signed_off"),
    ]
    # Results to look at: the six submitted assessments are scored and counted nationally.
    readiness = BenchmarkFigure.objects.get(footprint=None, level="section", code="readiness")
    assert readiness.count == 6
    assert Score.objects.filter(level="overall", value__isnull=False).count() == 6
    assert sorted(Footprint.objects.filter(cycle__name="Demo").values_list("name", "state")) == [
        ("Bradford and Airedale", "submitted"),
        ("Calderdale", "endorsed"),
        ("Doncaster", "endorsed"),
        ("East Riding", "endorsed"),
        ("Harrogate", "endorsed"),
        ("Kirklees", "endorsed"),
        ("Leeds", "draft"),
        ("Salford", "endorsed"),
        ("Sheffield", "endorsed"),
        ("Vale of York", "endorsed"),
        ("Wakefield", "returned"),
    ]
    # Every endorsed footprint has its roadmap: one submitted (version 1), one waiting for
    # sign-off, one draft under way, and two not started.
    assert sorted(Roadmap.objects.values_list("footprint__name", "state")) == [
        ("Calderdale", "draft"),
        ("Doncaster", "accepted"),
        ("East Riding", "in_review"),
        ("Harrogate", "submitted"),
        ("Kirklees", "changes_requested"),
        ("Salford", "accepted"),
        ("Sheffield", "published"),
        ("Vale of York", "awaiting_sign_off"),
    ]
    assert RoadmapVersion.objects.count() == 6
    # The reviews: one open, three released; the footprints never see the internal notes.
    assert sorted(Review.objects.values_list("roadmap__footprint__name", "decision")) == [
        ("Doncaster", "accept"),
        ("East Riding", ""),
        ("Kirklees", "request_changes"),
        ("Salford", "accept"),
        ("Sheffield", "accept"),
    ]
    # Kirklees' extension for its roadmap and Calderdale and Huddersfield's for its
    # self-assessment, each emailed to its editor and approver, and today's reminder digest
    # for the demo people with a task due: loaded twice, each is there once.
    assert sorted(
        DeadlineExtension.objects.values_list(
            "stage__kind", "footprint__name", "organisation__ods_code"
        )
    ) == [("maturity", None, "RWY"), ("roadmap", "Kirklees", None)]
    assert sorted(
        OutboundEmail.objects.filter(template="deadline_extended").values_list("to", flat=True)
    ) == [
        "kirklees.approver@demo.example",
        "kirklees.editor@demo.example",
        "provider.approver@demo.example",
        "provider.editor@demo.example",
    ]
    digests = OutboundEmail.objects.filter(template="reminder_digest")
    # The footprint's task, and the progress returns still to write, sign off or answer.
    assert sorted(digests.values_list("to", flat=True)) == [
        "ccg.editor@demo.example",
        "doncaster.editor@demo.example",
        "salford.editor@demo.example",
        "sheffield.approver@demo.example",
    ]
    assert "Manage who belongs to NHS Leeds North CCG" in signed_in.content.decode()


@pytest.mark.django_db
def test_demo_data_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local instances only"):
        call_command("load_demo")

    assert not User.objects.exists()
