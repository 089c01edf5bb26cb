from django import forms
from django.utils.translation import gettext_lazy as _

from roadmaps.forms.filters import AreaFilterForm
from roadmaps.selectors.coverage import FILTERABLE_STATES, NO_FOOTPRINT


class CoverageFilterForm(AreaFilterForm):
    """Filters for the coverage register: the cycle, the area and the footprint state."""

    state = forms.ChoiceField(
        label=_("Footprint state"),
        required=False,
        choices=[("", _("Any state")), (NO_FOOTPRINT, _("No footprint yet"))]
        + [(state.value, state.label) for state in FILTERABLE_STATES],
        error_messages={"invalid_choice": _("Choose a footprint state from the list")},
    )
    ROWS = (
        (
            ("cycle", "col-md-2"),
            ("region", "col-md-4"),
            ("local_office", "col-md-4"),
            ("state", "col-md-2"),
        ),
    )
    SUBMIT = _("Filter")

    def criteria(self):
        """The selectors' keyword arguments: the cycle shown and the cleaned filters."""
        return {**self.area_criteria(), "state": self.valid_data.get("state", "")}
