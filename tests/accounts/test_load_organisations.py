from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.enums import OrganisationKind, TrustType
from accounts.models import Organisation
from accounts.registers.reading import readable_name

CCG_HEADER = (
    "ods_code,name,nhse_region_code,nhse_region_name,nhse_local_office_code,"
    "nhse_local_office_name,postcode,open_date,close_date,open_at_2016_02_11"
)
REGIONS_HEADER = "code,name,level,parent_code,open_date,close_date,source"
FEB_2016 = date(2016, 2, 11)
# North, Midlands and East, London, South.
REGION_CODES = ("Y54", "Y55", "Y56", "Y57")


def load(*paths):
    out = StringIO()
    call_command("load_organisations", *map(str, paths), stdout=out)
    return out.getvalue().splitlines()


def load_refused(*paths):
    with pytest.raises(CommandError) as refused:
        load(*paths)
    return str(refused.value).splitlines()


def write_csv(folder, name, *lines):
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def organisations_as_stored():
    return list(Organisation.objects.order_by("ods_code").values())


def of_kind(kind):
    return Organisation.objects.filter(kind=kind)


def codes(queryset):
    return sorted(queryset.values_list("ods_code", flat=True))


@pytest.fixture
def shipped(db):
    load()


@pytest.mark.django_db
def test_shipped_registers_load_every_organisation_of_2015_16():
    output = load()

    assert output == [
        "accounts/registers/nhse_regions_2015_16.csv: 19 rows "
        "(NHS England regions and local offices)",
        "accounts/registers/ccgs_2015_16.csv: 212 rows (clinical commissioning groups)",
        "accounts/registers/nhs_trusts_2015_16.csv: 236 rows (NHS trusts)",
        "accounts/registers/utla_2015_16.csv: 152 rows (upper-tier local authorities)",
        "accounts/registers/ccg16_stp_lookup_2016.csv: 209 rows (CCG to STP lookup)",
        "NHS England: 1 created, 0 updated, 0 unchanged",
        "NHS England regions: 4 created, 0 updated, 0 unchanged",
        "NHS England local offices: 15 created, 0 updated, 0 unchanged",
        "STP footprints: 44 created, 0 updated, 0 unchanged",
        "CCGs: 212 created, 0 updated, 0 unchanged",
        "NHS trusts: 236 created, 0 updated, 0 unchanged",
        "Local authorities: 152 created, 0 updated, 0 unchanged",
        "CCGs' STPs: 209 set, 0 changed, 0 unchanged",
        "664 of 664 organisations created or updated.",
    ]
    assert of_kind(OrganisationKind.CCG).open_on(FEB_2016).count() == 209
    assert of_kind(OrganisationKind.NHS_TRUST).open_on(FEB_2016).count() == 234
    assert of_kind(OrganisationKind.LOCAL_AUTHORITY).count() == 152
    assert codes(of_kind(OrganisationKind.NHSE_REGION)) == list(REGION_CODES)
    assert codes(of_kind(OrganisationKind.NHSE_LOCAL_OFFICE)) == [f"Q{n}" for n in range(70, 85)]
    nhs_england = Organisation.objects.get(kind=OrganisationKind.NHS_ENGLAND)
    assert (nhs_england.ods_code, nhs_england.name) == ("X24", "NHS England")
    assert (nhs_england.parent, nhs_england.region) == (None, None)


@pytest.mark.django_db
def test_local_offices_point_at_their_region_and_regions_at_themselves(shipped):
    offices = {
        office.ods_code: (office.parent.ods_code, office.region.ods_code)
        for office in of_kind(OrganisationKind.NHSE_LOCAL_OFFICE).select_related("parent", "region")
    }
    regions = {
        region.ods_code: (region.parent, region.region.ods_code)
        for region in of_kind(OrganisationKind.NHSE_REGION).select_related("region")
    }

    north, midlands_and_east, london, south = (2 * (code,) for code in REGION_CODES)
    assert offices == {
        "Q70": south,
        "Q71": london,
        "Q72": north,
        "Q73": north,
        "Q74": north,
        "Q75": north,
        "Q76": midlands_and_east,
        "Q77": midlands_and_east,
        "Q78": midlands_and_east,
        "Q79": midlands_and_east,
        "Q80": south,
        "Q81": south,
        "Q82": south,
        "Q83": north,
        "Q84": north,
    }
    assert regions == {code: (None, code) for code in REGION_CODES}


@pytest.mark.django_db
def test_ccgs_and_trusts_keep_their_local_office_region_postcode_and_dates(shipped):
    darlington = Organisation.objects.get(ods_code="00C")
    newcastle = Organisation.objects.get(ods_code="RTD")
    # Closed before local offices existed, so its area-team code names no parent.
    gateshead = Organisation.objects.get(ods_code="00F")

    assert (
        darlington.name,
        darlington.parent.ods_code,
        darlington.region.ods_code,
        darlington.postcode,
        darlington.open_date,
        darlington.close_date,
    ) == ("NHS Darlington CCG", "Q74", "Y54", "DL3 6JL", date(2013, 4, 1), None)
    assert (newcastle.name, newcastle.trust_type, newcastle.parent.ods_code) == (
        "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
        TrustType.ACUTE,
        "Q74",
    )
    assert (gateshead.parent, gateshead.region.ods_code, gateshead.close_date) == (
        None,
        "Y54",
        date(2015, 3, 31),
    )


@pytest.mark.django_db
def test_trusts_the_register_could_not_type_are_other(shipped):
    trust_types = {
        trust_type: of_kind(OrganisationKind.NHS_TRUST).filter(trust_type=trust_type).count()
        for trust_type in TrustType.values
    }

    assert trust_types == {
        "acute": 136,
        "mental_health": 7,
        "community": 15,
        "ambulance": 10,
        "other": 68,
    }


@pytest.mark.django_db
def test_local_authorities_take_the_region_of_the_ccgs_covering_most_of_them(shipped):
    regions = dict(
        of_kind(OrganisationKind.LOCAL_AUTHORITY).values_list("ods_code", "region__ods_code")
    )

    # Derbyshire: mostly Midlands and East CCGs, with Tameside and Glossop (North) in a corner.
    assert regions["E10000007"] == "Y55"
    # Milton Keynes is in the South East by ONS region but its CCG was in Midlands and East.
    assert regions["E06000042"] == "Y55"
    assert regions["E09000033"] == "Y56"
    assert regions["E06000052"] == "Y57"
    assert [code for code, region in regions.items() if region is None] == []


@pytest.mark.django_db
def test_second_run_reports_no_change_and_leaves_every_row_as_it_was(shipped):
    before = organisations_as_stored()

    output = load()

    assert output[-1] == "No changes: 664 organisations already up to date."
    assert organisations_as_stored() == before


@pytest.mark.django_db
def test_a_row_changed_since_the_last_load_is_put_back_and_counted(shipped):
    Organisation.objects.filter(ods_code="00C").update(name="Darlington", postcode="")

    output = load()

    assert "CCGs: 0 created, 1 updated, 211 unchanged" in output
    assert "NHS trusts: 0 created, 0 updated, 236 unchanged" in output
    darlington = Organisation.objects.get(ods_code="00C")
    assert (darlington.name, darlington.postcode) == ("NHS Darlington CCG", "DL3 6JL")


@pytest.mark.django_db
def test_a_users_own_ccg_csv_in_the_shipped_format_adds_a_ccg(shipped, tmp_path):
    path = write_csv(
        tmp_path,
        "new_ccg.csv",
        CCG_HEADER,
        "99Z,NHS TEES VALLEY CCG,Y54,NORTH OF ENGLAND COMMISSIONING REGION,Q74,"
        "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST),TS1 2AA,2016-04-01,,no",
    )

    output = load(path)

    assert output == [
        f"{path}: 1 row (clinical commissioning groups)",
        "CCGs: 1 created, 0 updated, 0 unchanged",
        "1 of 1 organisation created or updated.",
    ]
    ccg = Organisation.objects.get(ods_code="99Z")
    assert (ccg.name, ccg.kind, ccg.parent.ods_code, ccg.region.ods_code, ccg.open_date) == (
        "NHS Tees Valley CCG",
        OrganisationKind.CCG,
        "Q74",
        "Y54",
        date(2016, 4, 1),
    )
    assert Organisation.objects.count() == 665


@pytest.mark.django_db
def test_a_users_local_authority_csv_takes_regions_from_the_ccgs_in_the_service(shipped, tmp_path):
    path = write_csv(
        tmp_path,
        "authorities.csv",
        "code,name,kind",
        "E06000001,Hartlepool Borough Council,unitary_authority",
        # Not in the CCG lookup, so no region can be derived.
        "E06000099,Newtown,unitary_authority",
    )

    output = load(path)

    assert output[1] == "Local authorities: 1 created, 1 updated, 0 unchanged"
    regions = dict(
        Organisation.objects.filter(ods_code__in=["E06000001", "E06000099"]).values_list(
            "name", "region__ods_code"
        )
    )
    assert regions == {"Hartlepool Borough Council": "Y54", "Newtown": None}


@pytest.mark.django_db
def test_a_csv_with_one_bad_row_loads_nothing_and_names_the_file_and_line(tmp_path):
    regions = write_csv(
        tmp_path,
        "regions.csv",
        REGIONS_HEADER,
        "Y54,NORTH OF ENGLAND COMMISSIONING REGION,commissioning_region,,2012-10-01,,",
        "Q74,NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST),local_office,Y54,2015-04-01,,",
    )
    ccgs = write_csv(
        tmp_path,
        "ccgs.csv",
        CCG_HEADER,
        "00C,NHS DARLINGTON CCG,Y54,,Q74,,DL3 6JL,2013-04-01,,yes",
        "00J,NHS NORTH DURHAM CCG,Y54,,Q74,,DH1 5XJ,2013-13-01,,yes",
    )

    problems = load_refused(regions, ccgs)

    assert problems == [
        "Nothing was changed: 1 problem to fix.",
        f"{ccgs}:3: open_date 2013-13-01 is not a date written YYYY-MM-DD",
    ]
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_every_problem_in_a_file_is_listed_with_its_line(shipped, tmp_path):
    trusts = write_csv(
        tmp_path,
        "trusts.csv",
        "ods_code,name,nhse_region_code,nhse_local_office_code,postcode,open_date,close_date,"
        "type_hint",
        "RZA,,Y54,Q74,NE1 4LP,2001-04-01,,acute",
        "rzb,SOME NHS TRUST,Y54,Q74,NE1 4LP,2001-04-01,,hospice",
        "RZC,OTHER NHS TRUST,Y55,Q74,NE1 4LP,2001-04-01,,acute",
        "RZD,ANOTHER NHS TRUST,Y54,Q74,NE1 4LP,01/04/2001,,acute",
        "RZE,SHORT ROW NHS TRUST,Y54",
    )

    problems = load_refused(trusts)

    assert problems == [
        "Nothing was changed: 6 problems to fix.",
        f"{trusts}:2: name is empty",
        f"{trusts}:3: ods_code rzb does not look like a code such as RTH",
        f"{trusts}:3: type_hint hospice is not one of: "
        "acute, mental_health, community, ambulance, other, unknown",
        f"{trusts}:4: local office Q74 is in region Y54, not Y55",
        f"{trusts}:5: open_date 01/04/2001 is not a date written YYYY-MM-DD",
        f"{trusts}:6: expected 8 values, as in the header, but found 3",
    ]
    assert not Organisation.objects.filter(ods_code__startswith="RZ").exists()


@pytest.mark.django_db
def test_a_local_office_that_does_not_exist_is_refused(shipped, tmp_path):
    ccgs = write_csv(
        tmp_path, "ccgs.csv", CCG_HEADER, "99Z,NHS TEES VALLEY CCG,Y54,,Q99,,TS1 2AA,2016-04-01,,"
    )

    problems = load_refused(ccgs)

    assert problems[1:] == [
        f"{ccgs}:2: nhse_local_office_code Q99 names no NHS England local office "
        "in the service or in this load"
    ]


@pytest.mark.django_db
def test_a_code_given_twice_is_refused_with_both_lines(shipped, tmp_path):
    ccgs = write_csv(
        tmp_path,
        "ccgs.csv",
        CCG_HEADER,
        "99Y,NHS TEES VALLEY CCG,Y54,,Q74,,TS1 2AA,2016-04-01,,",
        "99Z,NHS TEES CCG,Y54,,Q74,,TS1 2AA,2016-04-01,,",
        "99Y,NHS VALLEY CCG,Y54,,Q74,,TS1 2AA,2016-04-01,,",
    )

    problems = load_refused(ccgs)

    assert problems[1:] == [f"{ccgs}:4: 99Y is already given at {ccgs}:2"]
    assert not Organisation.objects.filter(ods_code__in=["99Y", "99Z"]).exists()


@pytest.mark.django_db
def test_a_close_date_before_the_open_date_is_refused_with_its_line(shipped, tmp_path):
    ccgs = write_csv(
        tmp_path,
        "ccgs.csv",
        CCG_HEADER,
        "99Z,NHS TEES VALLEY CCG,Y54,,Q74,,TS1 2AA,2016-04-01,2016-03-31,",
    )

    problems = load_refused(ccgs)

    assert problems[1:] == [f"{ccgs}:2: close_date 2016-03-31 is before open_date 2016-04-01"]


@pytest.mark.django_db
def test_a_file_with_an_unknown_header_is_refused_with_the_accepted_headers(tmp_path):
    path = write_csv(tmp_path, "people.csv", "email,organisation", "a@nhs.net,00C")

    problems = load_refused(path)

    assert problems == [
        "Nothing was changed: 1 problem to fix.",
        f"{path}:1: the header row is not one of the register formats. Accepted headers "
        "(columns in any order, others ignored): "
        "NHS England regions and local offices: "
        "code, name, level, parent_code, open_date, close_date; "
        "clinical commissioning groups: ods_code, name, nhse_region_code, "
        "nhse_local_office_code, postcode, open_date, close_date; "
        "NHS trusts: ods_code, name, nhse_region_code, nhse_local_office_code, postcode, "
        "open_date, close_date, type_hint; "
        "upper-tier local authorities: code, name, kind; "
        "CCG to STP lookup: ccg16cdh, stp17cd, stp17nm",
    ]


@pytest.mark.django_db
def test_a_register_cannot_change_an_organisations_kind(shipped, tmp_path):
    Organisation.objects.create(ods_code="99Z", name="Tees CSU", kind=OrganisationKind.CSU)
    ccgs = write_csv(
        tmp_path, "ccgs.csv", CCG_HEADER, "99Z,NHS TEES VALLEY CCG,Y54,,Q74,,TS1 2AA,2016-04-01,,"
    )

    problems = load_refused(ccgs)

    assert problems[1:] == [
        f"{ccgs}:2: 99Z is already in the service as another kind of organisation "
        "(Commissioning support unit); a register cannot change that"
    ]


@pytest.mark.django_db
def test_a_missing_file_is_refused(tmp_path):
    problems = load_refused(tmp_path / "nowhere.csv")

    assert problems[1:] == [f"{tmp_path / 'nowhere.csv'}: there is no such file"]


@pytest.mark.parametrize(
    ("ods_name", "readable"),
    [
        ("NHS DARLINGTON CCG", "NHS Darlington CCG"),
        (
            "THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST",
            "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
        ),
        ("NORTH OF ENGLAND COMMISSIONING REGION", "North of England Commissioning Region"),
        (
            "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)",
            "NHS England North (Cumbria and North East)",
        ),
        ("NHS HARTLEPOOL AND STOCKTON-ON-TEES CCG", "NHS Hartlepool and Stockton-on-Tees CCG"),
        ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
        (
            "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
            "Great Ormond Street Hospital for Children NHS Foundation Trust",
        ),
        ("NHS BLACKBURN WITH DARWEN CCG", "NHS Blackburn with Darwen CCG"),
        ("NHS BIRMINGHAM CROSSCITY CCG", "NHS Birmingham CrossCity CCG"),
        ("2GETHER NHS FOUNDATION TRUST", "2gether NHS Foundation Trust"),
        ("STOKE-ON-TRENT CITY COUNCIL", "Stoke-on-Trent City Council"),
        ("Kingston upon Hull, City of", "Kingston upon Hull, City of"),
    ],
)
def test_upper_case_register_names_are_stored_as_people_write_them(ods_name, readable):
    assert readable_name(ods_name) == readable
