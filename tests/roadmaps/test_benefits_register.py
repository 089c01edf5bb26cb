"""The benefits register of a roadmap draft, as the footprint's editors write it: a money
benefit and a quality benefit on the section page, the rule that shares add up to 100% or
less, and who may change what."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from roadmaps.models import Benefit, BenefitShare, BenefitYearValue, Roadmap
from roadmaps.selectors.roadmaps import section_progress
from roadmaps.services.benefits import BENEFIT_FIELDS, add_benefit, change_benefit
from tests.factories import OrganisationFactory, RoadmapFactory
from tests.form_pages import error_summary, field_errors, field_value
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.benefits_page import benefit_data, benefits_shown, quality_data
from tests.roadmaps.roadmap_people import section_url

pytestmark = pytest.mark.django_db

OVER_100 = (
    "The shares add up to 110%. A benefit can be shared out at most once: make them add up "
    "to 100% or less."
)


def verbs():
    return list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))


def saved_benefit(roadmap, owner, **changes):
    """A cashable benefit written through the service, as the form would give it."""
    details = {
        "description": "Fewer duplicate tests because results are shared",
        "category": "cashable",
        "capability_group": "orders",
        "owner_organisation": owner,
        "owner_role": "Director of Finance",
        "measure": "Pathology tests requested twice",
        "unit": "tests a month",
        "direction": "down",
        "baseline_value": Decimal(1200),
        "baseline_on": date(2016, 3, 31),
        "target_value": Decimal(300),
        "target_on": date(2019, 3, 31),
        "yearly_values": {2016: Decimal(10000)},
        **changes,
    }
    return add_benefit(roadmap=roadmap, **details)


def test_an_editor_adds_a_money_and_a_quality_benefit_and_reads_them_on_the_page(
    client, roadmap, lead_editor, lead, trust
):
    client.force_login(lead_editor)

    money = client.post(
        section_url(roadmap, "benefits"),
        benefit_data(trust, shares={lead: "40", trust: "60"}),
        follow=True,
    )
    quality = client.post(section_url(roadmap, "benefits"), quality_data(lead), follow=True)

    assert "Benefit added." in money.content.decode()
    assert benefits_shown(quality) == [
        {
            "heading": "Benefit 1",
            "description": "Fewer duplicate tests because results are shared",
            "pairs": {
                "Category": "Cashable",
                "Enabled by": "Capability group: Orders and results management",
                "Owner": "Director of Finance, Leeds Teaching Hospitals NHS Trust",
                "Measure": "Pathology tests requested twice (tests a month)",
                "Direction": "Down is good",
                "Baseline": "1,200 tests a month, measured on 31 March 2016",
                "Target": "300 tests a month by 31 March 2019",
            },
            "expected": [
                "2016/17 2017/18 2018/19 2019/20 2020/21",
                "£10,000 £40,000 £60,000.50 – –",
            ],
            "shares": [
                "Organisation Share",
                "Leeds Teaching Hospitals NHS Trust 60%",
                "NHS LEEDS NORTH CCG 40%",
                "Total 100%",
            ],
        },
        {
            "heading": "Benefit 2",
            "description": "Fewer medication errors at discharge because the GP record is shared",
            "pairs": {
                "Category": "Quality and safety",
                "Enabled by": "Universal capability A: Professionals across care settings can "
                "access GP-held information on GP-prescribed medications, patient allergies "
                "and adverse reactions",
                "Owner": "Chief Pharmacist, NHS LEEDS NORTH CCG",
                "Measure": "Medication errors found at discharge (%)",
                "Direction": "Down is good",
                "Baseline": "12.5%, measured on 31 March 2016",
                "Target": "4% by 31 March 2019",
            },
            "expected": None,
            "shares": "Not shared with other organisations.",
        },
    ]
    assert verbs() == ["roadmap.benefit_added", "roadmap.benefit_added"]
    assert AuditEvent.objects.order_by("pk").first().after["yearly_values"] == {
        "2016/17": "10000.00",
        "2017/18": "40000.00",
        "2018/19": "60000.50",
    }
    assert Roadmap.objects.get().version == 2


def test_the_task_list_marks_the_benefits_section_complete_once_it_has_one(
    client, roadmap, lead_editor, lead
):
    client.force_login(lead_editor)
    before = client.get(reverse("roadmap_tasks", args=[roadmap.pk])).content.decode()

    client.post(section_url(roadmap, "benefits"), quality_data(lead))

    after = client.get(reverse("roadmap_tasks", args=[roadmap.pk])).content.decode()
    status = {item.section.key: str(item.label) for item in section_progress(roadmap)}
    assert status["benefits"] == "Completed"
    assert task_status(before, "Benefits") == "Not started"
    assert task_status(after, "Benefits") == "Completed"


def task_status(html, title):
    """The status the task list shows beside the section called ``title``."""
    item = re.search(
        rf"<li[^>]*>(?:(?!</li>).)*>{re.escape(title)}</a>(?:(?!</li>).)*</li>", html, flags=re.S
    )
    assert item, f"No task called {title}"
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", item[0])).split())
    return text.removeprefix(title).strip()


def test_shares_over_100_percent_are_refused_by_the_field_and_nothing_typed_is_lost(
    client, roadmap, lead_editor, lead, partner, trust
):
    client.force_login(lead_editor)
    data = benefit_data(trust, shares={partner: "60", trust: "50"})

    response = client.post(section_url(roadmap, "benefits"), data)

    # The shares are listed by organisation name: the trust's comes first.
    first_share, partner_share = f"id_share_{trust.pk}", f"id_share_{partner.pk}"
    assert response.status_code == 400
    assert error_summary(response) == [(first_share, OVER_100)]
    assert field_errors(response, first_share) == [OVER_100]
    assert (field_value(response, partner_share), field_value(response, first_share)) == (
        "60",
        "50",
    )
    assert field_value(response, "id_description") == data["description"]
    assert field_value(response, "id_baseline_value") == "1,200"
    assert field_value(response, "id_expected_2016") == "£10,000"
    assert field_value(response, "id_target_on_year") == "2019"
    assert not Benefit.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_service_refuses_shares_over_100_percent_with_the_total(
    roadmap, lead_editor, trust, lead
):
    with pytest.raises(ActionRefused) as refused:
        saved_benefit(
            roadmap,
            trust,
            added_by=lead_editor,
            shares=[(lead, Decimal(100)), (trust, Decimal(50))],
        )

    assert str(refused.value) == OVER_100.replace("110%", "150%")
    assert not (Benefit.objects.exists() or BenefitShare.objects.exists())


def test_the_service_refuses_two_shares_for_one_organisation(roadmap, lead_editor, lead):
    with pytest.raises(ActionRefused) as refused:
        saved_benefit(roadmap, lead, added_by=lead_editor, shares=[(lead, Decimal(30)), (lead, 20)])

    assert str(refused.value) == (
        "NHS LEEDS NORTH CCG has two shares: give each organisation one share."
    )
    assert not Benefit.objects.exists()


def test_shares_of_exactly_100_percent_are_kept(client, roadmap, lead_editor, lead, partner, trust):
    client.force_login(lead_editor)

    response = client.post(
        section_url(roadmap, "benefits"),
        benefit_data(trust, shares={lead: "33.33", partner: "33.33", trust: "33.34%"}),
    )

    assert response.status_code == 302
    assert sorted(BenefitShare.objects.values_list("organisation__name", "percent")) == [
        ("Leeds Teaching Hospitals NHS Trust", Decimal("33.34")),
        ("NHS LEEDS NORTH CCG", Decimal("33.33")),
        ("NHS LEEDS SOUTH AND EAST CCG", Decimal("33.33")),
    ]


def test_an_organisation_outside_the_footprint_cannot_share_or_own_a_benefit(
    client, roadmap, lead_editor, trust
):
    elsewhere = OrganisationFactory(name="NHS BRADFORD CCG")
    client.force_login(lead_editor)

    posted = client.post(
        section_url(roadmap, "benefits"), {**benefit_data(trust), f"share_{elsewhere.pk}": "50"}
    )
    with pytest.raises(ActionRefused) as sharing:
        saved_benefit(roadmap, trust, added_by=lead_editor, shares=[(elsewhere, Decimal(50))])
    with pytest.raises(ActionRefused) as owning:
        saved_benefit(roadmap, elsewhere, added_by=lead_editor)

    assert posted.status_code == 302  # a share field the page never offered is not read
    assert not BenefitShare.objects.exists()
    assert str(sharing.value) == (
        "NHS BRADFORD CCG is not in this footprint, so it cannot share a benefit: clear its share."
    )
    assert (
        str(owning.value)
        == "NHS BRADFORD CCG is not in this footprint, so it cannot own a benefit."
    )
    assert Benefit.objects.count() == 1


def test_a_share_of_an_organisation_that_left_the_footprint_is_shown_until_it_is_cleared(
    client, roadmap, lead_editor, lead, trust
):
    benefit = saved_benefit(
        roadmap, lead, added_by=lead_editor, shares=[(lead, Decimal(70)), (trust, Decimal(30))]
    )
    roadmap.footprint.members.filter(organisation=trust).update(confirmation="declined")
    client.force_login(lead_editor)
    url = reverse("change_roadmap_benefit", args=[roadmap.pk, benefit.pk])
    data = {**benefit_data(lead, shares={lead: "70", trust: "30"}), "expected_2017": ""}

    page = client.get(url)
    kept = client.post(url, data)
    cleared = client.post(url, {**data, f"share_{trust.pk}": ""})

    assert field_value(page, f"id_share_{trust.pk}") == "30"
    assert kept.status_code == 400
    assert error_summary(kept) == []  # not a field's fault: the summary says it unlinked
    assert (
        "Leeds Teaching Hospitals NHS Trust is not in this footprint, so it cannot share a "
        "benefit: clear its share." in kept.content.decode()
    )
    assert field_value(kept, f"id_share_{trust.pk}") == "30"
    assert cleared.status_code == 302
    assert list(BenefitShare.objects.values_list("organisation__name", "percent")) == [
        ("NHS LEEDS NORTH CCG", Decimal(70))
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"capability_group": "", "capability_letter": ""},
            "id_capability_letter",
            "Choose the universal capability or the capability group that enables the "
            "benefit, or both.",
        ),
        (
            {"category": "quality_and_safety"},
            "id_expected_2016",
            "Expected values for each year are for money benefits only: clear them, or choose "
            "Cashable or Non-cashable.",
        ),
        (
            {"expected_2016": "", "expected_2017": "", "expected_2018": ""},
            "id_expected_2016",
            "Enter the expected value in at least one financial year: this is a money benefit.",
        ),
        (
            {"target_on_year": "2022"},
            "id_target_on",
            "The target date must be between 1 April 2016 and 31 March 2021, the years the "
            "roadmap covers.",
        ),
        (
            {"baseline_on_year": "2020"},
            "id_baseline_on",
            "The baseline must be measured before the target date, 31 March 2019.",
        ),
        (
            {"baseline_value": "NaN"},
            "id_baseline_value",
            "The baseline value must be a number, like 1250 or 12.5",
        ),
        (
            {"target_value": "inf"},
            "id_target_value",
            "The target value must be a number, like 1250 or 12.5",
        ),
        (
            {"target_value": "1e5"},
            "id_target_value",
            "The target value must be a number, like 1250 or 12.5",
        ),
        (
            {"baseline_value": "12.345"},
            "id_baseline_value",
            "The baseline value can have at most 2 decimal places.",
        ),
        (
            {"expected_2017": "9" * 13},
            "id_expected_2017",
            "The expected value in 2017/18 must be between -999,999,999,999.99 and "
            "999,999,999,999.99.",
        ),
        (
            {"expected_2017": "-5"},
            "id_expected_2017",
            "The expected value in 2017/18 must be £0 or more.",
        ),
    ],
)
def test_a_benefit_that_breaks_a_rule_comes_back_by_its_field_with_what_was_typed(
    client, roadmap, lead_editor, trust, changes, field, message
):
    client.force_login(lead_editor)
    data = benefit_data(trust, **changes)

    response = client.post(section_url(roadmap, "benefits"), data)

    assert response.status_code == 400
    assert error_summary(response) == [(field, message)]
    name = field.removeprefix("id_")
    if name in data and name != "capability_letter":  # a drop-down: its choice is kept
        assert field_value(response, field) == data[name]
    assert field_value(response, "id_owner_role") == "Director of Finance"
    assert not Benefit.objects.exists()


TRUST_SHARE = "The share of Leeds Teaching Hospitals NHS Trust"


@pytest.mark.parametrize(
    ("share", "message"),
    [
        ("0", f"{TRUST_SHARE} must be more than 0% and at most 100%."),
        ("101", f"{TRUST_SHARE} must be more than 0% and at most 100%."),
        ("half", f"{TRUST_SHARE} must be a number, like 50 or 12.5"),
        ("12.125", f"{TRUST_SHARE} can have at most 2 decimal places."),
    ],
)
def test_a_share_out_of_range_is_named_by_its_organisation(
    client, roadmap, lead_editor, trust, share, message
):
    client.force_login(lead_editor)

    response = client.post(
        section_url(roadmap, "benefits"), benefit_data(trust, shares={trust: share})
    )

    assert response.status_code == 400
    assert error_summary(response) == [(f"id_share_{trust.pk}", message)]
    assert field_value(response, f"id_share_{trust.pk}") == share


def test_an_empty_form_says_what_each_field_needs(client, roadmap, lead_editor):
    client.force_login(lead_editor)

    response = client.post(section_url(roadmap, "benefits"), {"submit": "Add benefit"})

    assert response.status_code == 400
    assert [message for _field, message in error_summary(response)] == [
        "Describe the benefit, starting with the change",
        "Choose the benefit's category",
        "Choose the universal capability or the capability group that enables the benefit, "
        "or both.",
        "Choose the organisation that owns the benefit",
        "Enter the role of the benefit's owner",
        "Enter what the benefit is measured by",
        "Enter the measure's unit",
        "Choose whether the measure going up or down is good",
        "Enter the baseline value",
        "Enter the date the baseline was measured",
        "Enter the target value",
        "Enter the target date",
    ]


def test_an_editor_changes_a_benefit_and_then_removes_it(client, roadmap, lead_editor, lead, trust):
    benefit = saved_benefit(
        roadmap, trust, added_by=lead_editor, shares=[(lead, Decimal(40)), (trust, Decimal(60))]
    )
    client.force_login(lead_editor)
    url = reverse("change_roadmap_benefit", args=[roadmap.pk, benefit.pk])

    page = client.get(url)
    changed = client.post(
        url,
        quality_data(lead, **{f"share_{lead.pk}": "100"}),
        follow=True,
    )
    after_change = benefits_shown(changed)
    removed = client.post(
        reverse("remove_roadmap_benefit", args=[roadmap.pk, benefit.pk]), follow=True
    )

    assert page.status_code == 200
    assert '<h1 class="mb-4">Change a benefit</h1>' in page.content.decode()
    assert (
        field_value(page, "id_baseline_value"),
        field_value(page, "id_expected_2016"),
        field_value(page, f"id_share_{trust.pk}"),
        field_value(page, "id_target_on_year"),
    ) == ("1200", "10000", "60", "2019")
    assert "Benefit changed." in changed.content.decode()
    assert [(b["pairs"]["Category"], b["expected"], b["shares"]) for b in after_change] == [
        (
            "Quality and safety",
            None,
            ["Organisation Share", "NHS LEEDS NORTH CCG 100%", "Total 100%"],
        )
    ]
    assert not BenefitYearValue.objects.exists()
    assert "Benefit removed." in removed.content.decode()
    assert "No benefits yet." in removed.content.decode()
    assert not (Benefit.objects.exists() or BenefitShare.objects.exists())
    assert verbs() == [
        "roadmap.benefit_added",
        "roadmap.benefit_changed",
        "roadmap.benefit_removed",
    ]
    changed_event = AuditEvent.objects.get(verb="roadmap.benefit_changed")
    assert (changed_event.before["category"], changed_event.after["category"]) == (
        "cashable",
        "quality_and_safety",
    )


def test_a_benefit_of_another_footprints_roadmap_answers_404(client, roadmap, lead_editor):
    other = RoadmapFactory()
    owner = other.footprint.lead_ccg
    theirs = Benefit.objects.create(
        roadmap=other, description="Theirs", category="workforce", capability_letter="B",
        owner_organisation=owner, owner_role="Them", measure="Hours", unit="hours",
        direction="down", baseline_value=10, baseline_on=date(2016, 1, 1), target_value=5,
        target_on=date(2018, 1, 1),
    )  # fmt: skip
    client.force_login(lead_editor)

    responses = [
        client.get(reverse("change_roadmap_benefit", args=[roadmap.pk, theirs.pk])),
        client.post(reverse("change_roadmap_benefit", args=[roadmap.pk, theirs.pk]), {}),
        client.post(reverse("remove_roadmap_benefit", args=[roadmap.pk, theirs.pk])),
        client.get(reverse("change_roadmap_benefit", args=[other.pk, theirs.pk])),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    assert Benefit.objects.get().description == "Theirs"


def test_a_provider_reads_the_register_but_cannot_change_it(
    client, roadmap, lead_editor, provider_editor, trust
):
    benefit = saved_benefit(roadmap, trust, added_by=lead_editor)
    client.force_login(provider_editor)

    page = client.get(section_url(roadmap, "benefits"))
    posts = [
        client.post(section_url(roadmap, "benefits"), benefit_data(trust)),
        client.get(reverse("change_roadmap_benefit", args=[roadmap.pk, benefit.pk])),
        client.post(
            reverse("change_roadmap_benefit", args=[roadmap.pk, benefit.pk]), benefit_data(trust)
        ),
        client.post(reverse("remove_roadmap_benefit", args=[roadmap.pk, benefit.pk])),
    ]

    html = page.content.decode()
    assert page.status_code == 200
    assert [b["description"] for b in benefits_shown(page)] == [
        "Fewer duplicate tests because results are shared"
    ]
    assert "Add a benefit" not in html
    assert reverse("remove_roadmap_benefit", args=[roadmap.pk, benefit.pk]) not in html
    assert [response.status_code for response in posts] == [403] * 4
    assert "Only editors of the footprint&#x27;s CCGs" in posts[0].content.decode()
    with pytest.raises(ActionRefused):
        change_benefit(benefit=benefit, changed_by=provider_editor, **benefit_details(benefit))
    assert Benefit.objects.count() == 1


def benefit_details(benefit):
    return {name: getattr(benefit, name) for name in BENEFIT_FIELDS}


def test_someone_outside_the_footprint_finds_nothing(client, roadmap, lead_editor, outsider, trust):
    benefit = saved_benefit(roadmap, trust, added_by=lead_editor)
    client.force_login(outsider)

    responses = [
        client.get(section_url(roadmap, "benefits")),
        client.post(section_url(roadmap, "benefits"), benefit_data(trust)),
        client.get(reverse("change_roadmap_benefit", args=[roadmap.pk, benefit.pk])),
        client.post(reverse("remove_roadmap_benefit", args=[roadmap.pk, benefit.pk])),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    assert Benefit.objects.count() == 1


def test_the_register_of_a_roadmap_awaiting_sign_off_cannot_change(
    client, roadmap, lead_editor, trust
):
    benefit = saved_benefit(roadmap, trust, added_by=lead_editor)
    Roadmap.objects.filter(pk=roadmap.pk).update(state="awaiting_sign_off")
    client.force_login(lead_editor)

    page = client.get(section_url(roadmap, "benefits"))
    removed = client.post(reverse("remove_roadmap_benefit", args=[roadmap.pk, benefit.pk]))

    message = "This roadmap is awaiting sign-off, so its draft cannot change."
    assert message in page.content.decode()
    assert "Add a benefit" not in page.content.decode()
    assert removed.status_code == 403
    assert message in removed.content.decode()
    assert Benefit.objects.count() == 1


def test_the_benefits_page_asks_the_same_number_of_queries_however_long_the_register(
    client, roadmap, lead_editor, lead, trust
):
    client.force_login(lead_editor)

    def grow(size):
        for n in range(size):
            saved_benefit(roadmap, trust, added_by=lead_editor, description=f"Benefit {n}",
                          shares=[(lead, Decimal(50)), (trust, Decimal(50))],
                          yearly_values={2016: Decimal(n), 2017: Decimal(2 * n)})  # fmt: skip

    assert_queries_do_not_grow(client, section_url(roadmap, "benefits"), grow=grow, sizes=(2, 20))
