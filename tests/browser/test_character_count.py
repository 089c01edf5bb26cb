"""In the browser, nothing typed into a limited field is cut: the page counts instead (the GOV.UK
character count), and the form comes back with every character and the limit by the field."""

from playwright.sync_api import expect

from roadmaps.models import Footprint, Milestone
from tests.browser.axe import assert_accessible
from tests.factories import FootprintFactory, MembershipFactory, RoadmapFactory

PASTED = "A board whose name goes on and on. " * 286  # 10,010 characters


def test_a_board_name_of_10000_characters_is_counted_kept_whole_and_refused(
    page, live_server, sign_in, axe_source
):
    editor = MembershipFactory(role="editor", organisation__name="NHS Leeds North CCG")
    footprint = FootprintFactory(lead_ccg=editor.organisation, name="Leeds")
    sign_in(editor.user)
    page.set_default_timeout(5_000)
    page.goto(f"{live_server.url}/footprints/{footprint.pk}/edit/")
    board = page.get_by_label("Board or group that owns the roadmap")

    board.fill("x" * 149)
    quiet = page.locator("#id_board_name-character-count").text_content()
    board.fill("x" * 195)
    near = page.locator("#id_board_name-character-count").text_content()
    board.fill(PASTED)
    over = page.locator("#id_board_name-character-count").text_content()
    kept = board.input_value()

    assert (quiet, near, over, len(kept)) == (
        "",
        "You have 5 characters remaining",
        "You have 9,810 characters too many",
        10_010,
    )
    assert_accessible(page, axe_source)

    page.get_by_role("button", name="Save as draft").click()

    message = "Board or group that owns the roadmap must be 200 characters or fewer"
    expect(page.locator("[data-error-summary] a")).to_have_text([message])
    expect(page.locator("#id_board_name_error")).to_have_text(message)
    assert board.input_value() == PASTED
    assert Footprint.objects.get(pk=footprint.pk).board_name == footprint.board_name
    assert_accessible(page, axe_source)


def test_a_milestone_title_pasted_at_10000_characters_is_not_saved_cut(page, live_server, sign_in):
    editor = MembershipFactory(role="editor", organisation__name="NHS Leeds North CCG")
    roadmap = RoadmapFactory(footprint__lead_ccg=editor.organisation, footprint__name="Leeds")
    sign_in(editor.user)
    page.set_default_timeout(5_000)
    page.goto(f"{live_server.url}/roadmaps/{roadmap.pk}/sections/milestones/")

    title = page.locator("#id_title")
    title.fill(PASTED)
    page.locator("#id_due_on").fill("31/03/2018")
    page.locator("#id_owner_organisation").select_option(index=1)
    page.get_by_role("button", name="Add milestone").click()

    expect(page.locator("[data-error-summary] a")).to_have_text(
        ["Milestone must be 200 characters or fewer"]
    )
    assert title.input_value() == PASTED
    assert not Milestone.objects.filter(roadmap=roadmap).exists()
