"""The lead CCG's approver sending a progress return back to its editors instead of signing
it off (``send_back_return``)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField

# Which of the sign-off page's two forms was sent.
SEND_BACK = "send_back"


class SendBackForm(forms.Form):
    reason = TextField(
        label=_("What should the editors change?"),
        name=_("What the editors should change"),
        help_text=_(
            "The lead CCG's editors and approvers are emailed this. The return becomes theirs "
            "to change again, and comes back to you for sign-off."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter what the editors should change")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Hidden("action", SEND_BACK))
        self.helper.add_input(
            Submit("send", _("Send it back to the editors"), css_class="btn-secondary")
        )
