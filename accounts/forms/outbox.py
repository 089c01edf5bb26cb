from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.enums import EmailState
from accounts.forms.fields import TextField


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state"))] + list(EmailState.choices),
        error_messages={"invalid_choice": _("Choose a state from the list")},
    )
    template = forms.ChoiceField(
        label=_("Template"),
        required=False,
        error_messages={"invalid_choice": _("Choose a template from the list")},
    )
    recipient = TextField(
        label=_("Recipient"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", _("Any template"))] + [
            (template, template) for template in templates
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Row(
                Column("state", css_class="col-md-3"),
                Column("template", css_class="col-md-4"),
                Column("recipient", css_class="col-md-5"),
            ),
            Submit("filter", _("Filter"), css_class="mb-3"),
        )
