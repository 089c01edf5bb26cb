"""The timeout warning in a browser: it appears, takes focus, and one button keeps the session."""

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.markup import assert_valid_html
from tests.factories import UserFactory


def test_the_timeout_warning_lets_the_person_stay_signed_in(
    page, live_server, sign_in, axe_source, html_checker, settings
):
    settings.SESSION_COOKIE_AGE = 123  # the warning comes after 3 seconds
    person = UserFactory(full_name="Asha Patel")
    sign_in(person)
    response = page.goto(live_server.url + "/")
    assert_valid_html(html_checker, response.text(), url=response.url)
    warning = page.get_by_role("alertdialog", name="You will be signed out soon")

    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_be_focused()
    assert_accessible(page, axe_source)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Stay signed in"

    expect(warning).to_be_hidden()
    page.reload()
    expect(page.get_by_text("Signed in as Asha Patel")).to_be_visible()
