"""The national delivery tracker's filters: a GET form, every field optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delivery.confidence import Confidence
from delivery.selectors.ratings import NO_RATING
from delivery.selectors.tracker import default_period, period_before
from roadmaps.forms.filters import AreaFilterForm


def _rating_choices(any_label):
    return [("", any_label), (NO_RATING, _("No rating")), *Confidence.choices]


class TrackerFilterForm(AreaFilterForm):
    """Which cycle and quarter, compared with which, and which footprints.

    The quarters offered are the cycle's the page shows. Without ``compare`` (the benefits
    view) there is no period to compare with.
    """

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
    field_order = (
        "cycle", "period", "compare_with", "region", "local_office", "self_rating",
        "assured_rating",
    )  # fmt: skip
    SUBMIT = _("Filter")
    AREA_ROW = (
        ("region", "col-md-3"),
        ("local_office", "col-md-3"),
        ("self_rating", "col-md-3"),
        ("assured_rating", "col-md-3"),
    )

    def __init__(self, *args, periods, compare=True, **kwargs):
        """``periods`` every reporting period, in order, with its cycle
        (``reporting_periods``)."""
        # The first row has a period to compare with only where there is one.
        self.ROWS = (
            (("cycle", "col-md-2"), ("period", "col-md-5"))
            + ((("compare_with", "col-md-5"),) if compare else ()),
            self.AREA_ROW,
        )
        super().__init__(*args, **kwargs)
        if not compare:
            del self.fields["compare_with"]
        self.periods = [p for p in periods if self.cycle and p.cycle_id == self.cycle.pk]
        labels = [(p.label, p.label) for p in self.periods]
        self.fields["period"].choices = [("", _("The latest that has opened")), *labels]
        if compare:
            self.fields["compare_with"].choices = [("", _("The quarter before")), *labels]

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
        data = self.valid_data
        period = self._period(data.get("period")) or default_period(self.periods, now)
        comparison = self._period(data.get("compare_with")) or period_before(self.periods, period)
        return {
            **self.area_criteria(),
            "periods": self.periods,
            "period": period,
            "comparison": comparison,
            "self_rating": data.get("self_rating", ""),
            "assured_rating": data.get("assured_rating", ""),
        }
