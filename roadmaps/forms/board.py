from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from roadmaps.enums import RoadmapState
from roadmaps.forms.coverage import CoverageFilterForm
from roadmaps.selectors.board import NOT_STARTED, SORTS

SORT_LABELS = {
    "name": _("CCG name (A to Z)"),
    "days_left": _("Days left (fewest first)"),
    "roadmap_state": _("Roadmap state (least far on first)"),
    "last_activity": _("Last activity (least recent first)"),
}


class BoardFilterForm(CoverageFilterForm):
    """The coverage register's filters, with the roadmap state and an order."""

    roadmap_state = forms.ChoiceField(
        label=_("Roadmap state"),
        required=False,
        choices=[("", _("Any state")), (NOT_STARTED, _("Not started"))] + RoadmapState.choices,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, SORT_LABELS[key]) for key in SORTS]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(
                Column("cycle", css_class="col-md-2"),
                Column("region", css_class="col-md-5"),
                Column("local_office", css_class="col-md-5"),
            ),
            Row(
                Column("state", css_class="col-md-4"),
                Column("roadmap_state", css_class="col-md-4"),
                Column("sort", css_class="col-md-4"),
            ),
            Submit("filter", _("Show"), css_class="mb-3"),
        )

    def criteria(self, *, default_cycle):
        """The board selector's keyword arguments: the coverage filters, the roadmap state
        and the order (CCG name unless chosen)."""
        criteria = super().criteria(default_cycle=default_cycle)
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        criteria["roadmap_state"] = data.get("roadmap_state", "")
        criteria["sort"] = data.get("sort") or "name"
        return criteria

    @property
    def sort_label(self):
        """The order the rows are in, for the table's caption."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return SORT_LABELS[data.get("sort") or "name"]
