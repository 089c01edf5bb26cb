import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AuditEvent, Membership, Organisation, User
from maturity.models import Assessment
from roadmaps.models import Footprint


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
    assert User.objects.filter(email__endswith="@demo.example").count() == 7
    assert Membership.objects.filter(user__email__endswith="@demo.example").count() == 7
    assert AuditEvent.objects.filter(verb="membership.granted").count() == 7
    # Calderdale is endorsed, so its NHS provider has its self-assessment.
    assert list(Assessment.objects.values_list("organisation__ods_code", "state")) == [
        ("RWY", "not_started")
    ]
    assert sorted(Footprint.objects.values_list("name", "state")) == [
        ("Bradford and Airedale", "submitted"),
        ("Calderdale", "endorsed"),
        ("Leeds", "draft"),
        ("Wakefield", "returned"),
    ]
    assert "Manage who belongs to NHS Leeds North CCG" in signed_in.content.decode()


@pytest.mark.django_db
def test_demo_data_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local instances only"):
        call_command("load_demo")

    assert not User.objects.exists()
