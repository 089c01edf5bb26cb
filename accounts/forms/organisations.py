from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganisationKind
from accounts.forms.fields import TextField


class OrganisationSearchForm(forms.Form):
    q = TextField(
        label=_("Name or ODS code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind"))] + list(OrganisationKind.choices),
        error_messages={"invalid_choice": _("Choose a kind of organisation from the list")},
    )
    region = forms.ChoiceField(
        label=_("NHS England region"),
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list")},
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any region"))] + [
            (region.ods_code, region.name) for region in regions
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-5"),
                Column("kind", css_class="col-md-3"),
                Column("region", css_class="col-md-4"),
            ),
            Submit("search", _("Search"), css_class="mb-3"),
        )
