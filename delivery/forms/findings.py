"""Forms of the cross-checks' findings: explaining one with a note, and the filters of the
list of findings (a GET form, every field optional)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Hidden, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from delivery import checks
from delivery.selectors.finding_list import STATES

NOTE_MAX_LENGTH = 2000


class ExplainForm(forms.Form):
    """One finding's explanation. Several share a page: each has ids of its own and posts to
    the finding's own address, saying which page to come back to (``next``)."""

    note = TextField(
        label=_("Explain this finding"),
        name=_("The explanation"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "Say why it is not a problem, or what is being done about it. NHS England and the "
            "footprint's people read it beside the finding."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the explanation: why it is not a problem, or what "
                                      "is being done about it")},
    )  # fmt: skip

    def __init__(self, *args, finding, next_url="", **kwargs):
        super().__init__(*args, auto_id=f"finding-{finding.pk}-%s", **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.form_action = reverse("explain_finding", args=[finding.pk])
        if next_url:
            self.helper.add_input(Hidden("next", next_url))
        self.helper.add_input(
            Submit(
                "explain",
                _("Mark it explained"),
                css_class="btn-secondary",
                css_id=f"finding-{finding.pk}-explain",
            )
        )


class FindingFilterForm(forms.Form):
    check = forms.ChoiceField(
        label=_("Check"),
        required=False,
        error_messages={"invalid_choice": _("Choose a check from the list")},
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), *STATES],
        error_messages={"invalid_choice": _("Choose a state from the list")},
    )
    region = forms.ChoiceField(
        label=_("NHS England region"),
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list")},
    )
    cycle = forms.ChoiceField(
        label=_("Cycle"),
        required=False,
        error_messages={"invalid_choice": _("Choose a cycle from the list")},
    )

    # Set by the links of the national tracker and board: one footprint's findings.
    footprint = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Choose the footprint again from the tracker or the board"),
            "min_value": _("Choose the footprint again from the tracker or the board"),
            "max_value": _("Choose the footprint again from the tracker or the board"),
        },
    )

    def __init__(self, *args, regions, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check"].choices = [("", _("Any check"))] + [
            (each.id, each.statement) for each in checks.CHECKS
        ]
        self.fields["region"].choices = [("", _("Any region"))] + [
            (region.ods_code, region.name) for region in regions
        ]
        self.fields["cycle"].choices = [("", _("Any cycle"))] + [
            (cycle.name, cycle.name) for cycle in cycles
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Row(
                Column("check", css_class="col-md-6"),
                Column("state", css_class="col-md-2"),
                Column("region", css_class="col-md-2"),
                Column("cycle", css_class="col-md-2"),
            ),
            "footprint",
            Submit("filter", _("Filter"), css_class="mb-3"),
        )

    def criteria(self):
        """``finding_list``'s keyword arguments from the valid filters."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "check_id": data.get("check", ""),
            "state": data.get("state", ""),
            "region_code": data.get("region", ""),
            "cycle_name": data.get("cycle", ""),
            "footprint_id": data.get("footprint"),
        }
