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
    """The coverage register's filters, with the roadmap state and an order.

    The board renders it with ``roadmaps/includes/board_filters.html`` rather than
    ``{% crispy %}``: six select lists in two rows, the same markup as the crispy layout,
    without crispy's per-field template rendering (a sixth of the board's time a request).
    """

    roadmap_state = forms.ChoiceField(
        label=_("Roadmap state"),
        required=False,
        choices=[("", _("Any state")), (NOT_STARTED, _("Not started"))] + RoadmapState.choices,
        error_messages={"invalid_choice": _("Choose a roadmap state from the list")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in SORTS],
        error_messages={"invalid_choice": _("Choose an order from the list")},
    )
    # (field, column class) in each row of the form.
    ROWS = (
        (("cycle", "col-md-2"), ("region", "col-md-5"), ("local_office", "col-md-5")),
        (("state", "col-md-4"), ("roadmap_state", "col-md-4"), ("sort", "col-md-4")),
    )

    @property
    def layout_rows(self):
        """The rows of the form, each a list of (bound field, column class)."""
        return [[(self[name], css_class) for name, css_class in row] for row in self.ROWS]

    def criteria(self):
        """The board selector's keyword arguments: the coverage filters, the roadmap state
        and the order (CCG name unless chosen)."""
        return {
            **super().criteria(),
            "roadmap_state": self.valid_data.get("roadmap_state", ""),
            "sort": self.valid_data.get("sort") or "name",
        }

    @property
    def sort_label(self):
        """The order the rows are in, for the table's caption."""
        return SORT_LABELS[self.valid_data.get("sort") or "name"]
