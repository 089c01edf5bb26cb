"""The national delivery tracker's filters: a GET form, every field optional."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from delivery.confidence import Confidence
from delivery.selectors.ratings import NO_RATING
from delivery.selectors.tracker import default_period, period_before


def _rating_choices(any_label):
    return [("", any_label), (NO_RATING, _("No rating")), *Confidence.choices]


class TrackerFilterForm(forms.Form):
    """Which cycle and quarter, compared with which, and which footprints.

    The quarters offered are the chosen cycle's (the default cycle's until one is chosen).
    Without ``compare`` (the benefits view) there is no period to compare with.
    """

    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        required=False,
        queryset=None,
        to_field_name="name",
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a cycle from the list")},
    )
    period = forms.ChoiceField(
        label=_("Reporting period"),
        required=False,
        error_messages={"invalid_choice": _("Choose a reporting period from the list")},
    )
    compare_with = forms.ChoiceField(
        label=_("Compare with"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose a reporting period to compare with from the list")
        },
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
    self_rating = forms.ChoiceField(
        label=_("Footprint's own rating"),
        required=False,
        choices=_rating_choices(_("Any rating")),
        error_messages={"invalid_choice": _("Choose the footprint's own rating from the list")},
    )
    assured_rating = forms.ChoiceField(
        label=_("Assured rating"),
        required=False,
        choices=_rating_choices(_("Any rating")),
        error_messages={"invalid_choice": _("Choose the assured rating from the list")},
    )

    def __init__(
        self, *args, cycles, default_cycle, periods, regions, local_offices, compare=True, **kwargs
    ):
        """``cycles`` a queryset; ``periods`` every reporting period, in order, with its
        cycle (``reporting_periods``)."""
        super().__init__(*args, **kwargs)
        if not compare:
            del self.fields["compare_with"]
        self.fields["cycle"].queryset = cycles
        wanted = self.data.get("cycle") if self.is_bound else None
        chosen = next((c for c in cycles if wanted and c.name == wanted), None)
        self.cycle = chosen or default_cycle
        self.periods = [p for p in periods if self.cycle and p.cycle_id == self.cycle.pk]
        labels = [(p.label, p.label) for p in self.periods]
        self.fields["period"].choices = [("", _("The latest that has opened")), *labels]
        if compare:
            self.fields["compare_with"].choices = [("", _("The quarter before")), *labels]
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
                Column("period", css_class="col-md-5"),
                *([Column("compare_with", css_class="col-md-5")] if compare else []),
            ),
            Row(
                Column("region", css_class="col-md-3"),
                Column("local_office", css_class="col-md-3"),
                Column("self_rating", css_class="col-md-3"),
                Column("assured_rating", css_class="col-md-3"),
            ),
            Submit("filter", _("Filter"), css_class="mb-3"),
        )

    def _period(self, label):
        return next((p for p in self.periods if p.label == label), None)

    def clean(self):
        data = super().clean()
        period, compare_with = (
            self._period(data.get("period")),
            self._period(data.get("compare_with")),
        )
        if period and compare_with and compare_with.period_end >= period.period_end:
            self.add_error(
                "compare_with",
                _("Choose a reporting period to compare with that ends before %(period)s")
                % {"period": period.label},
            )
        return data

    def criteria(self, *, now=None):
        """The tracker selector's keyword arguments: the cleaned filters, with the latest
        period that has opened compared with the one before it unless others are chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = self._period(data.get("period")) or default_period(self.periods, now)
        comparison = self._period(data.get("compare_with")) or period_before(self.periods, period)
        return {
            "cycle": self.cycle,
            "periods": self.periods,
            "period": period,
            "comparison": comparison,
            "region_code": data.get("region", ""),
            "local_office_code": data.get("local_office", ""),
            "self_rating": data.get("self_rating", ""),
            "assured_rating": data.get("assured_rating", ""),
        }
