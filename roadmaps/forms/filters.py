"""What the filters of the pages that show one cycle at a time share: the cycle picker, NHS
England's region and local office, and the GET form's layout. Every field may be left empty.

A page offers the cycles of a ``CycleChoice`` (``roadmaps/selectors/cycle_picker.py``). A
``?cycle=`` that is not one of them (another number, or not a number at all) shows the page's
default cycle, as no choice would, and leaves the other filters as they were: the page says
which cycle it shows.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


def filter_form_helper(*rows, submit):
    """A crispy helper for a GET filter form: ``rows`` of (field, column class) pairs, then
    its ``submit`` button. No CSRF token: it changes nothing."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(
        *(Row(*(Column(name, css_class=css_class) for name, css_class in row)) for row in rows),
        Submit("filter", submit, css_class="mb-3"),
    )
    return helper


class CycleFilterForm(forms.Form):
    """The cycle picker; pages with more filters add their fields to it.

    ``self.cycle`` is the cycle the page shows: the chosen one, or the default.
    """

    cycle = forms.TypedChoiceField(label=_("Cycle"), required=False, coerce=int, empty_value=None)
    # The picker alone; a form with more filters gives its own rows of (field, column class).
    ROWS = ((("cycle", "col-md-4"),),)
    SUBMIT = _("Show")

    def __init__(self, data=None, *, choice, **kwargs):
        self.choice = choice
        self.cycle = choice.pick(data.get("cycle") if data else None)
        if data:
            # What was asked for, with the cycle shown in place of one that is not offered.
            data = data.copy()
            data["cycle"] = str(self.cycle.pk) if self.cycle else ""
        super().__init__(data or None, **kwargs)
        self.fields["cycle"].choices = [(cycle.pk, cycle.name) for cycle in choice.cycles]
        self.initial.setdefault("cycle", self.cycle.pk if self.cycle else None)
        self.helper = filter_form_helper(*self.ROWS, submit=self.SUBMIT)

    @property
    def valid_data(self):
        """The cleaned filters, or none of them when one is not a choice."""
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    @property
    def shows_picker(self):
        """Whether there is more than one cycle to pick from."""
        return self.choice.has_choice

    def query_string(self, *, without=("page",)):
        """The filters as a query string for the page's downloads and its other views: the
        cycle shown first (so a download holds what the page shows), then what was asked
        for."""
        query = QueryDict(mutable=True)
        if self.cycle is not None:
            query["cycle"] = str(self.cycle.pk)
        if self.is_bound:
            for name, values in self.data.lists():
                if name != "cycle" and name not in without:
                    query.setlist(name, values)
        return query.urlencode()


class AreaFilterForm(CycleFilterForm):
    """The cycle picker with NHS England's region and local office."""

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

    def __init__(self, data=None, *, choice, regions, local_offices, **kwargs):
        super().__init__(data, choice=choice, **kwargs)
        self.fields["region"].choices = [("", _("Any region"))] + [
            (region.ods_code, region.name) for region in regions
        ]
        self.fields["local_office"].choices = [("", _("Any local office"))] + [
            (office.ods_code, office.name) for office in local_offices
        ]

    def area_criteria(self):
        """The selectors' cycle, region and local office keyword arguments."""
        data = self.valid_data
        return {
            "cycle": self.cycle,
            "region_code": data.get("region", ""),
            "local_office_code": data.get("local_office", ""),
        }
