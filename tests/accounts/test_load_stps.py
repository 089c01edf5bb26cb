from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

STP_HEADER = "ccg16cd,ccg16cdh,ccg16nm,stp17cd,stp17nm,basis,note"
FEB_2016 = date(2016, 2, 11)


def load(*paths):
    out = StringIO()
    call_command("load_organisations", *map(str, paths), stdout=out)
    return out.getvalue().splitlines()


def write_csv(folder, *lines):
    path = folder / "stps.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stps_as_stored():
    return list(
        Organisation.objects.filter(kind__in=[OrganisationKind.STP, OrganisationKind.CCG])
        .order_by("ods_code")
        .values("ods_code", "name", "kind", "stp_id")
    )


@pytest.fixture
def shipped(db):
    load()


@pytest.mark.django_db
def test_the_shipped_lookup_gives_44_stps_and_every_ccg_of_2016_one_stp(shipped):
    stps = Organisation.objects.filter(kind=OrganisationKind.STP)
    assert stps.count() == 44
    assert all(code.startswith("E54") for code in stps.values_list("ods_code", flat=True))
    ccgs = Organisation.objects.filter(kind=OrganisationKind.CCG).open_on(FEB_2016)
    assert ccgs.count() == 209
    assert not ccgs.filter(stp__isnull=True).exists()
    darlington = Organisation.objects.get(ods_code="00C")
    assert (darlington.stp.ods_code, darlington.stp.name) == (
        "E54000045",
        "Durham, Darlington, Teesside, Hambleton, Richmondshire and Whitby",
    )
    # The three CCGs closed in 2015 are in no STP.
    closed = Organisation.objects.filter(ods_code__in=["00F", "00G", "00H"])
    assert list(closed.values_list("stp", flat=True)) == [None, None, None]


@pytest.mark.django_db
def test_loading_again_changes_no_stp_and_no_ccgs_stp(shipped):
    before = stps_as_stored()

    output = load()

    assert output[-1] == "No changes: 664 organisations already up to date."
    assert stps_as_stored() == before


@pytest.mark.django_db
def test_a_lookup_moving_a_ccg_to_another_stp_is_counted_and_written(shipped, tmp_path):
    path = write_csv(
        tmp_path, STP_HEADER, "E38000042,00C,NHS Darlington CCG,E54000046,Northumberland,x,"
    )

    output = load(path)

    assert "CCGs' STPs: 0 set, 1 changed, 0 unchanged" in output
    assert "STP footprints: 0 created, 1 updated, 0 unchanged" in output
    darlington = Organisation.objects.get(ods_code="00C")
    assert (darlington.stp.ods_code, darlington.stp.name) == ("E54000046", "Northumberland")


@pytest.mark.django_db
def test_a_lookup_naming_an_unknown_ccg_or_a_bad_code_changes_nothing(shipped, tmp_path):
    before = stps_as_stored()
    path = write_csv(
        tmp_path,
        STP_HEADER,
        "E38000042,00C,NHS Darlington CCG,E54000099,A new STP,x,",
        "E38999999,99Z,NHS Nowhere CCG,E54000045,Durham,x,",
        "E38000047,00D,NHS Durham Dales CCG,E5400,Durham,x,",
        "E38000116,00J,NHS North Durham CCG,E54000046,,x,",
    )

    with pytest.raises(CommandError) as refused:
        load(path)

    lines = str(refused.value).splitlines()
    shown = str(path)
    assert lines == [
        "Nothing was changed: 3 problems to fix.",
        f"{shown}:3: ccg16cdh 99Z names no CCG in the service or in this load",
        f"{shown}:4: stp17cd E5400 does not look like a code such as E54000045",
        f"{shown}:5: stp17nm is empty",
    ]
    assert stps_as_stored() == before
    assert not Organisation.objects.filter(ods_code="E54000099").exists()


@pytest.mark.django_db
def test_a_ccg_given_twice_or_an_stp_given_two_names_is_refused(shipped, tmp_path):
    path = write_csv(
        tmp_path,
        STP_HEADER,
        "E38000042,00C,NHS Darlington CCG,E54000045,Durham,x,",
        "E38000042,00C,NHS Darlington CCG,E54000045,Durham,x,",
        "E38000047,00D,NHS Durham Dales CCG,E54000045,Teesside,x,",
    )

    with pytest.raises(CommandError) as refused:
        load(path)

    shown = str(path)
    assert str(refused.value).splitlines()[1:] == [
        f"{shown}:3: CCG 00C is already given an STP at {shown}:2",
        f"{shown}:4: stp17cd E54000045 is named Durham at {shown}:2",
    ]


@pytest.mark.django_db
def test_the_admin_refuses_an_stp_for_an_organisation_that_is_not_a_ccg(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, ods_code="RR8", name="Leeds")
    stp = OrganisationFactory(kind=OrganisationKind.STP, ods_code="E54000005", name="W Yorks")
    ccg = OrganisationFactory(kind=OrganisationKind.CCG, ods_code="02V", name="Leeds North")
    url = reverse("admin:accounts_organisation_change", args=[trust.pk])
    form = {"ods_code": "RR8", "name": "Leeds", "kind": "nhs_trust", "trust_type": "acute"}

    as_trust = client.post(url, {**form, "stp": stp.pk})
    not_an_stp = client.post(url, {**form, "stp": ccg.pk})

    assert as_trust.status_code == not_an_stp.status_code == 200
    assert "Only a CCG has an STP: leave STP empty." in as_trust.content.decode()
    assert "Select a valid choice" in not_an_stp.content.decode()
    trust.refresh_from_db()
    assert trust.stp is None
