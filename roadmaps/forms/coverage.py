from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from roadmaps.selectors.coverage import FILTERABLE_STATES, NO_FOOTPRINT


class CoverageFilterForm(forms.Form):
    """Filters for the coverage register; every field may be left empty."""

    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        required=False,
        queryset=None,
        to_field_name="name",
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a cycle from the list")},
    )
    region = forms.ChoiceField(
        label=_("NHS England region"),
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list")},
    )
    local_office = forms.ChoiceField(
        label=_("Local office"),
        required=False,
        error_messages={"invalid_choice": _("Choose a local office from the list")},
    )
    state = forms.ChoiceField(
        label=_("Footprint state"),
        required=False,
        choices=[("", _("Any state")), (NO_FOOTPRINT, _("No footprint yet"))]
        + [(state.value, state.label) for state in FILTERABLE_STATES],
        error_messages={"invalid_choice": _("Choose a footprint state from the list")},
    )

    def __init__(self, *args, cycles, regions, local_offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles
        self.fields["region"].choices = [("", _("Any region"))] + [
            (region.ods_code, region.name) for region in regions
        ]
        self.fields["local_office"].choices = [("", _("Any local office"))] + [
            (office.ods_code, office.name) for office in local_offices
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Row(
                Column("cycle", css_class="col-md-2"),
                Column("region", css_class="col-md-4"),
                Column("local_office", css_class="col-md-4"),
                Column("state", css_class="col-md-2"),
            ),
            Submit("filter", _("Filter"), css_class="mb-3"),
        )

    def criteria(self, *, default_cycle):
        """The selectors' keyword arguments: the cleaned filters, with the newest cycle."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "cycle": data.get("cycle") or default_cycle,
            "region_code": data.get("region", ""),
            "local_office_code": data.get("local_office", ""),
            "state": data.get("state", ""),
        }
