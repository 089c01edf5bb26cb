"""The region's assurance of a progress return: the assured rating on the delivery confidence
scale (each rating's definition beside it, word for word), a comment to the footprint, an
internal note it never sees, and the decision. Every field may be left empty in a draft;
releasing needs the rating, the comment and the decision, which ``release_assurance`` checks
and the page shows by field."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from delivery.confidence import DEFINITIONS, SOURCE, Confidence
from delivery.enums import AssuranceDecision

# The names of the form's two buttons: which one was pressed says what to do.
DRAFT = "draft"
RELEASE = "release"
CHOOSE_RATING = _("Choose the assured rating from the scale")
CHOOSE_DECISION = _("Choose whether to accept the return or ask for more information")


def rating_choices():
    """Each rating with its definition beside it, word for word."""
    return [
        (
            rating.value,
            format_html(
                '<span class="fw-bold">{}</span> <span class="d-block">{}</span>',
                rating.label,
                DEFINITIONS[rating],
            ),
        )
        for rating in Confidence
    ]


class AssuranceForm(forms.Form):
    assured_confidence = forms.ChoiceField(
        label=_("Assured delivery confidence"),
        choices=rating_choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=SOURCE,
        error_messages={"invalid_choice": CHOOSE_RATING},
    )
    comment = TextField(
        label=_("Comment to the footprint"),
        required=False,
        help_text=_(
            "The lead CCG's editors and approvers get this by email with the assured rating "
            "when you release the assurance."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    internal_note = TextField(
        label=_("Internal note (NHS England only, never shown to the footprint)"),
        name=_("Internal note"),
        required=False,
        help_text=_("Only NHS England staff can read this. It is not in the email."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=AssuranceDecision.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOOSE_DECISION},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "assured_confidence",
            "comment",
            "internal_note",
            "decision",
            Div(
                StrictButton(
                    _("Save draft"), type="submit", name=DRAFT, value="1",
                    css_class="btn-outline-primary", css_id="assurance-draft",
                ),
                StrictButton(
                    _("Release to the footprint"), type="submit", name=RELEASE, value="1",
                    css_class="btn-primary", css_id="assurance-release",
                ),
                css_class="d-flex flex-wrap gap-3",
            ),
        )  # fmt: skip

    def service_arguments(self):
        """``draft_assurance``'s keyword arguments from the valid form."""
        data = self.cleaned_data
        return {name: data[name] for name in ("assured_confidence", "comment", "internal_note",
                                              "decision")}  # fmt: skip
