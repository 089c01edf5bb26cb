"""A person going through the service with the mouse, or with the keyboard alone.

Journeys call the same methods either way: ``fill``, ``choose``, ``select``, ``follow``,
``press`` and ``submit``. With the keyboard, focus moves with Tab and Shift-Tab only, text is
typed, links are followed with Enter, radio buttons and buttons are pressed with Space, and
every control that receives focus on the way must show a visible focus indicator.

Every page a journey reaches, including a form shown again with its errors, is checked
with axe and its HTML, as the server sent it, with the Nu HTML checker (``arrive``).
"""

import re

from playwright.sync_api import Locator, expect

from tests.browser.axe import assert_accessible
from tests.browser.markup import assert_valid_html

# Enough for the longest page; a journey that needs more has lost its way.
MAX_TAB_PRESSES = 40

DESCRIBE_ELEMENT = """(el) => {
  if (!el || el === document.body) return "the page itself (nothing focused)";
  // Named by its label, never its value: that could be a password.
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (label || el.getAttribute("aria-label") || el.textContent || "").trim();
  return `<${el.tagName.toLowerCase()}${el.id ? " id=" + el.id : ""}> "${name.slice(0, 60)}"`;
}"""

FOCUS_INDICATOR = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // Judge the style a person sees once the focus transition (Bootstrap's 0.15 s) has run.
  for (const animation of el.getAnimations()) animation.finish();
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // At least 2px of outline, or a shadow in an opaque colour: a translucent ring (Bootstrap's
  // own focus style) all but disappears on coloured backgrounds.
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const opaqueShadow = style.boxShadow !== "none"
    && /rgb\(|rgba\([^)]*,\s*1\)/.test(style.boxShadow);
  return {
    indicated: outline || opaqueShadow,
    onScreen: box.width > 1 && box.height > 1,
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
  };
}"""

TEXT_FIELD_TYPE = re.compile(r"^(email|password|search|text)$")

# Which key moves focus towards ``el`` from where it is now.
DIRECTION_TO = """(el) => {
  const current = document.activeElement;
  if (!current || current === document.body || current === el) return "Tab";
  return current.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING
    ? "Shift+Tab" : "Tab";
}"""

# Tab reaches a group of radio buttons once; the arrow keys move within it.
IN_SAME_RADIO_GROUP = """(el) => {
  const current = document.activeElement;
  return current !== el && current.type === "radio" && el.type === "radio"
    && current.name === el.name && current.form === el.form;
}"""


class Journey:
    def __init__(self, page, *, base_url, axe_source, html_checker, by):
        self.page = page
        self.base_url = base_url
        self.axe_source = axe_source
        self.html_checker = html_checker
        self.by = by
        self.page_errors = []
        self.document = None
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("response", self.remember_document)

    def remember_document(self, response):
        """Keep the response that brought the page now shown: its HTML is what is checked."""
        request = response.request
        if (
            request.is_navigation_request()
            and response.frame == self.page.main_frame
            and not 300 <= response.status < 400
        ):
            self.document = response

    @property
    def keyboard(self):
        return self.by == "keyboard"

    # --- Arriving on pages ---------------------------------------------------------------

    def open(self, path, *, heading):
        """Type an address (or open a link from an email)."""
        self.page.goto(self.base_url + path)
        self.arrive(heading=heading)

    def arrive(self, *, heading):
        """The page with this main heading has loaded; check it as every page is checked."""
        expect(self.page.get_by_role("heading", level=1, name=heading, exact=True)).to_be_visible()
        assert self.page_errors == [], f"JavaScript errors on {self.page.url}: {self.page_errors}"
        assert_accessible(self.page, self.axe_source)
        assert self.document is not None, f"No document was loaded for {self.page.url}"
        assert_valid_html(self.html_checker, self.document.text(), url=self.document.url)

    # --- Moving around -------------------------------------------------------------------

    def follow(self, link, *, heading):
        """Follow a link (a Locator or the link's accessible name) to the next page."""
        if isinstance(link, str):
            link = self.page.get_by_role("link", name=link, exact=True)
        with self.page.expect_event("load"):
            self.activate(link, key="Enter")
        self.arrive(heading=heading)

    def press(self, button, *, heading):
        """Press a button (a Locator or its accessible name) that leads to another page."""
        if isinstance(button, str):
            button = self.page.get_by_role("button", name=button, exact=True)
        with self.page.expect_event("load"):
            self.activate(button, key="Space")
        self.arrive(heading=heading)

    def submit(self, button, *, heading):
        """Send a form: the mouse clicks its button, the keyboard presses Enter in the field
        just typed in."""
        if self.keyboard:
            focused = self.page.locator(":focus")
            expect(focused).to_have_attribute("type", TEXT_FIELD_TYPE)
            with self.page.expect_event("load"):
                self.page.keyboard.press("Enter")
            self.arrive(heading=heading)
        else:
            self.press(button, heading=heading)

    def activate(self, target, *, key):
        if self.keyboard:
            self.tab_to(target)
            self.page.keyboard.press(key)
        else:
            target.click()

    # --- Forms ---------------------------------------------------------------------------

    def field(self, label):
        """The control with this label. Labels of required fields end with crispy's asterisk,
        hidden from everyone by service.css but still part of the label's text."""
        return self.page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))

    def fill(self, label, value):
        field = self.field(label)
        if self.keyboard:
            self.tab_to(field)
            self.page.keyboard.press("ControlOrMeta+A")
            self.page.keyboard.press("Delete")
            self.page.keyboard.type(value)
        else:
            field.click()
            field.fill(value)
        expect(field).to_have_value(value)

    def choose(self, label):
        """Choose a radio button or tick a checkbox."""
        control = self.field(label)
        if self.keyboard:
            self.tab_to(control)
            self.page.keyboard.press("Space")
        else:
            control.check()
        expect(control).to_be_checked()

    def select(self, label, option):
        """Pick an option from a drop-down list by its text."""
        self.select_in(self.field(label), option)

    def select_in(self, select, option):
        """Pick an option from ``select`` (a Locator) by its text."""
        if self.keyboard:
            self.tab_to(select)
            options = select.evaluate("(el) => [...el.options].map((o) => o.text.trim())")
            now = select.evaluate("(el) => el.selectedIndex")
            wanted = options.index(option)
            key = "ArrowDown" if wanted > now else "ArrowUp"
            for _ in range(abs(wanted - now)):
                self.page.keyboard.press(key)
        else:
            select.select_option(label=option)
        expect(select.locator("option:checked")).to_have_text(option)

    # --- Focus ---------------------------------------------------------------------------

    def tab_to(self, target: Locator):
        """Press Tab (or Shift-Tab) until ``target`` has focus, checking every stop on the way."""
        target.wait_for()
        key = target.evaluate(DIRECTION_TO)
        presses = 0
        while not target.evaluate("(el) => el === document.activeElement"):
            if presses == MAX_TAB_PRESSES:
                raise self.lost_on_the_way_to(target, key)
            if target.evaluate(IN_SAME_RADIO_GROUP):
                self.page.keyboard.press("ArrowDown")
            else:
                self.page.keyboard.press(key)
            presses += 1
            self.assert_focus_visible()
        self.assert_focus_visible()

    def lost_on_the_way_to(self, target, key):
        return AssertionError(
            f"{MAX_TAB_PRESSES} key presses ({key}) did not reach "
            f"{target.evaluate(DESCRIBE_ELEMENT)} on {self.page.url}; "
            f"focus is on {self.describe_focused()}"
        )

    def assert_focus_visible(self):
        """The focused element shows a clear outline or an opaque box shadow, and is on screen."""
        focus = self.page.evaluate(FOCUS_INDICATOR)
        if focus is None:  # Tab moved past the last control, out of the page
            return
        assert focus["indicated"] and focus["onScreen"], (
            f"No visible focus indicator on {self.describe_focused()} at {self.page.url}: "
            f"outline {focus['outline']}, box-shadow {focus['boxShadow']}"
        )

    def describe_focused(self):
        return self.page.evaluate(f"() => ({DESCRIBE_ELEMENT})(document.activeElement)")

    def assert_focused(self, locator):
        expect(locator).to_be_focused()
        if self.keyboard:
            self.assert_focus_visible()
