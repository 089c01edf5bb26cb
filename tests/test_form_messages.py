"""Every form of the service says, by each field, what to do: "Enter the footprint's name",
"Choose whether to confirm or decline". None falls back to Django's generic "This field is
required.", "Select a valid choice." or "Enter a valid date.", and none cuts or caps text:
a limited field has no ``maxlength`` (a browser cuts silently at it) and refuses text over
its limit with "<Field> must be N characters or fewer".
"""

import re

import pytest
from django import forms
from django.core import validators

from tests.security.conftest import world  # noqa: F401 - the walk's people and objects
from tests.service_forms import BUILDERS, form_classes, name_of

FORM_CLASSES = form_classes()


def generic_messages():
    """Django's own messages for fields and validators, as patterns (placeholders match any)."""
    texts = set()
    field_classes = [forms.Field]
    while field_classes:
        cls = field_classes.pop()
        field_classes += cls.__subclasses__()
        if not cls.__module__.startswith("django."):
            continue  # the service's own fields say their own words
        for klass in cls.__mro__:
            texts |= {str(text) for text in getattr(klass, "default_error_messages", {}).values()}
    for validator in (
        validators.MaxLengthValidator,
        validators.MinLengthValidator,
        validators.MaxValueValidator,
        validators.MinValueValidator,
        validators.ProhibitNullCharactersValidator,
        validators.EmailValidator,
        validators.StepValueValidator,
    ):
        texts.add(str(validator.message))
    return [
        re.compile(
            "^" + re.sub(r"%\\\(\w+\\\)[sd]|\\\{\w*\\\}", ".*", re.escape(text)) + "$",
            re.DOTALL,
        )
        for text in texts
    ]


GENERIC = generic_messages()


def is_generic(message):
    return any(pattern.match(message) for pattern in GENERIC)


def bad_value(field):
    """A value the field refuses for being wrong rather than missing."""
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return ["not-a-choice"]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "not-a-choice"
    if isinstance(field, forms.SplitDateTimeField):
        return ["31/02/2016", "25:61"]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return "31/02/2016"
    if isinstance(field, forms.IntegerField):
        return "many"
    if isinstance(field, forms.EmailField):
        return "not an email address"
    if isinstance(field, forms.CharField):
        return "Walk\x00input"
    return None


def messages_of(form):
    return [(name, str(message)) for name, errors in form.errors.items() for message in errors]


def test_every_form_class_of_the_service_has_a_builder():
    missing = [name_of(cls) for cls in FORM_CLASSES if cls not in BUILDERS]

    assert not missing, (
        "These forms are not in tests/service_forms.py; add a builder to BUILDERS so that "
        "their messages are read:\n" + "\n".join(f"  - {name}" for name in missing)
    )


BUILT = [cls for cls in FORM_CLASSES if BUILDERS.get(cls)]


def required_field_messages(objects, form_class):
    form = BUILDERS[form_class](objects, {})
    form.is_valid()
    return [f"{name} left empty: {message}" for name, message in messages_of(form)]


def wrong_value_messages(objects, form_class):
    messages = []
    for name, field in BUILDERS[form_class](objects, None).fields.items():
        value = bad_value(field)
        if value is None:
            continue
        if isinstance(field, forms.SplitDateTimeField):
            data = {f"{name}_0": value[0], f"{name}_1": value[1]}
        else:
            data = {name: value}
        form = BUILDERS[form_class](objects, data)
        form.is_valid()
        messages += [
            f"{name} = {value!r}: {message}"
            for field_name, message in messages_of(form)
            if field_name == name
        ]
    return messages


def capped_fields(objects, form_class):
    form = BUILDERS[form_class](objects, None)
    return [
        f"{name} is rendered with a maxlength: {form[name]}"
        for name in form.fields
        if "maxlength" in str(form[name])
    ]


def too_long_messages(objects, form_class):
    """For each field with a limit: the message for one character more, if not as it should be."""
    wrong = []
    for name, field in BUILDERS[form_class](objects, None).fields.items():
        limit = getattr(field, "limit", None) or getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit:
            continue
        form = BUILDERS[form_class](objects, {name: "x" * (limit + 1)})
        form.is_valid()
        what = getattr(field, "name_in_messages", None) or field.label
        expected = [f"{what} must be {limit:,} characters or fewer"]
        got = [str(message) for message in form.errors.get(name, [])]
        if got != expected:
            wrong.append(f"{name} with {limit + 1} characters: expected {expected}, got {got}")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", BUILT, ids=name_of)
def test_every_field_says_what_to_do_by_name_and_no_text_is_cut(world, form_class):  # noqa: F811
    generic = [
        message
        for message in required_field_messages(world, form_class)
        + wrong_value_messages(world, form_class)
        if is_generic(message.split(": ", 1)[1])
    ]
    problems = generic + capped_fields(world, form_class) + too_long_messages(world, form_class)

    assert not problems, f"{name_of(form_class)}:\n" + "\n".join(f"  - {p}" for p in problems)


# --- As people read them -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_footprint_pages_error_summaries_say_what_to_do(world):  # noqa: F811
    from django.urls import reverse

    from tests.form_pages import error_summary
    from tests.security.conftest import client_for

    editor = client_for(world.a_editor.user)
    partner = client_for(world.c_approver.user)
    reviewer = client_for(world.nhse_reviewer.user)

    # What a browser sends when the button is pressed with nothing filled in.
    unnamed = editor.post(reverse("edit_footprint", args=[world.a_draft.pk]), {"name": ""})
    nobody_added = editor.post(
        reverse("add_footprint_member", args=[world.a_draft.pk]), {"submit": "Add to footprint"}
    )
    unanswered = partner.post(
        reverse("confirm_footprint_membership", args=[world.a_submitted.pk, world.c_partner.pk]),
        {"submit": "Send answer"},
    )
    undecided = reviewer.post(
        reverse("review_footprint", args=[world.a_submitted.pk]), {"submit": "Record decision"}
    )

    assert [
        error_summary(unnamed),
        error_summary(nobody_added),
        error_summary(unanswered),
        error_summary(undecided),
    ] == [
        [("id_name", "Enter the footprint's name")],
        [
            ("id_organisation", "Enter the organisation's ODS code or name"),
            ("id_role_0", "Choose the organisation's part in the footprint"),
        ],
        [("id_answer_0", "Choose whether to confirm or decline")],
        [("id_decision_0", "Choose whether to endorse the footprint or return it")],
    ]


@pytest.mark.django_db
def test_an_error_of_a_hidden_field_is_in_the_summary_without_a_link_to_nowhere(world):  # noqa: F811
    from django.template.loader import render_to_string

    from maturity.forms import ThemeAnswersForm
    from maturity.models import Question

    form = ThemeAnswersForm(
        {"version": "not a version"},
        questions=Question.objects.filter(theme=world.p_theme),
        answers={},
    )
    form.is_valid()

    html = render_to_string("includes/error_summary.html", {"form": form})

    assert re.findall(r"<li>(<a [^>]*>)?([^<]+)", html) == [
        (
            "",
            "This page was sent without the version it was opened at, so nothing was saved. "
            "Copy anything you need to keep, then reload the page.",
        )
    ]
