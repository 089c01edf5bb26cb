"""Form controls stand out from the page: WCAG 2.2 1.4.11 (non-text contrast, level AA).

A person must be able to see where a text box, a drop-down, a radio button or a checkbox is:
its border needs a contrast of at least 3:1 with the background behind it, as it first
appears, with focus, and when it shows an error. axe does not test this, so the browser
reads each control's computed border colour and the colours behind it, and the ratio is
worked out here with WCAG's formula.
"""

import re

import pytest
from django.urls import reverse

from roadmaps.models import Stage

pytestmark = pytest.mark.django_db(transaction=True)

NEEDED = 3.0

CONTROLS = (
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]),"
    " select, textarea"
)

# For each control: how it is named, its border on each side, and the background colour of
# each of its ancestors, nearest first, up to the first opaque one.
READ_CONTROL = """(el) => {
  // Judge the colours a person sees once Bootstrap's transitions have run.
  for (const animation of el.getAnimations()) animation.finish();
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (label || el.getAttribute("aria-label") || "").replace(/\\s+/g, " ").trim();
  const sides = ["Top", "Right", "Bottom", "Left"].map((side) => ({
    colour: style[`border${side}Color`],
    width: parseFloat(style[`border${side}Width`]),
    style: style[`border${side}Style`],
  }));
  const behind = [];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    behind.push(colour);
    if (/^rgb\\(/.test(colour)) break;
  }
  const kind = el.tagName === "INPUT" ? el.type : el.tagName.toLowerCase();
  return {kind, name: `${kind} "${name.slice(0, 50)}" (${el.name})`, sides, behind};
}"""

RGB = re.compile(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)")


def parse(colour):
    """'rgb(r, g, b)' or 'rgba(r, g, b, a)' as ((r, g, b), alpha)."""
    match = RGB.fullmatch(colour.strip())
    assert match, f"Unexpected colour {colour!r}"
    red, green, blue, alpha = match.groups()
    return (float(red), float(green), float(blue)), float(alpha) if alpha else 1.0


def over(colour, alpha, below):
    pairs = zip(colour, below, strict=True)
    return tuple(alpha * top + (1 - alpha) * under for top, under in pairs)


def composite(colours, canvas=(255.0, 255.0, 255.0)):
    """What a person sees through layers of colour, the nearest first, on a white canvas."""
    seen = canvas
    for colour in reversed(colours):
        rgb, alpha = parse(colour)
        seen = over(rgb, alpha, seen)
    return seen


def luminance(rgb):
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_of_a_known_pair():
    # Bootstrap's default border on white, as the review measured it, and black on white.
    assert round(contrast((0xDE, 0xE2, 0xE6), (255, 255, 255)), 2) == 1.3
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0


def border_problems(reading, *, state, url):
    """What is wrong with one control's border in one state, as sentences; none if all is well."""
    background = composite(reading["behind"])
    problems = []
    for side in reading["sides"]:
        if side["style"] in ("none", "hidden") or side["width"] == 0:
            problems.append(f"{reading['name']} {state} on {url}: no border")
            break
        rgb, alpha = parse(side["colour"])
        ratio = contrast(over(rgb, alpha, background), background)
        if ratio < NEEDED:
            problems.append(
                f"{reading['name']} {state} on {url}: border {side['colour']} on "
                f"rgb{tuple(round(channel) for channel in background)} is {ratio:.2f}:1, "
                f"needs {NEEDED}:1"
            )
            break
    return problems


def check_controls(page, *, state, focus=True):
    """Every visible control on the page now, as it is and (``focus``) with focus; returns the
    kinds seen and the problems found."""
    kinds, problems = set(), []
    for control in page.locator(CONTROLS).all():
        if not control.is_visible():
            continue
        reading = control.evaluate(READ_CONTROL)
        kinds.add(reading["kind"])
        problems += border_problems(reading, state=state, url=page.url)
        if focus:
            control.focus()
            problems += border_problems(
                control.evaluate(READ_CONTROL), state=f"{state}, focused", url=page.url
            )
            control.evaluate("(el) => el.blur()")
    return kinds, problems


def test_every_kind_of_form_control_has_a_border_of_3_to_1(world, page, live_server, sign_in):
    roadmap = world.a_roadmap.pk
    section = "roadmap_section"
    pages = [
        (world.a_editor.user, reverse(section, args=[roadmap, "risks"]), "Add risk"),
        (world.a_editor.user, reverse(section, args=[roadmap, "milestones"]), "Add milestone"),
        (world.a_editor.user, reverse(section, args=[roadmap, "attachments"]), "Upload file"),
        (world.a_editor.user, reverse(section, args=[roadmap, "universal_capabilities"]), None),
        (world.a_editor.user, reverse("roadmap_signatories", args=[roadmap]), None),
        (
            world.p_editor.user,
            reverse("answer_theme", args=[world.p_assessment.pk, world.p_theme.code]),
            None,
        ),
    ]
    kinds, problems = set(), []

    for person, path, empty_form_button in pages:
        sign_in(person)
        page.goto(live_server.url + path)
        seen, found = check_controls(page, state="as shown")
        kinds |= seen
        problems += found
        # Radios and checkboxes have a border of their own once chosen.
        for choice in page.locator("input[type=radio], input[type=checkbox]").all()[:2]:
            choice.check()
        seen, found = check_controls(page, state="chosen", focus=False)
        problems += found
        if empty_form_button:
            # The form sent empty comes back with every field marked as in error.
            with page.expect_event("load"):
                page.get_by_role("button", name=empty_form_button, exact=True).click()
            assert page.locator(".is-invalid").count() > 0, f"No field in error on {page.url}"
            seen, found = check_controls(page, state="in error")
            problems += found

    # The pages hold every kind of control the service uses (its dates are text boxes).
    assert kinds >= {"text", "textarea", "select", "radio", "checkbox", "file"}, kinds
    assert problems == [], "\n".join(problems)


def test_the_admin_form_fields_have_a_border_of_3_to_1(world, page, live_server, sign_in):
    # The admin's own date and time fields (templates/admin/widgets/), a drop-down, text boxes.
    stage = Stage.objects.order_by("pk").first()
    sign_in(world.nhse_admin.user)
    kinds, problems = set(), []

    for path in (
        reverse("admin:roadmaps_stage_change", args=[stage.pk]),
        reverse("admin:roadmaps_deadlineextension_add"),
    ):
        page.goto(live_server.url + path)
        seen, found = check_controls(page, state="as shown")
        kinds |= seen
        problems += found
    with page.expect_event("load"):
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator(".errors").count() > 0, f"No field in error on {page.url}"
    seen, found = check_controls(page, state="in error")
    problems += found

    assert kinds >= {"text", "textarea", "select"}, kinds
    assert problems == [], "\n".join(problems)
