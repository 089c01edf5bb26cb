"""Forms of NHS England's review: the queue's filters, assigning a reviewer, and the review
page's comment, internal note, rating, decision and release forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from roadmaps.enums import RATING_DEFINITIONS, FocusArea, Rating, ReviewDecision
from roadmaps.forms.filters import CycleFilterForm
from roadmaps.roadmap_sections import SECTIONS
from roadmaps.selectors.review import NOBODY, QUEUE_STATES

ME = "me"
LONGEST = "longest"
SHORTEST = "shortest"


def _helper(submit_text, *, url, submit_id, action=None):
    """Several of these forms share a page: each posts to its own address (whichever page
    shows it) and has a button id of its own."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.form_action = url
    if action:
        helper.add_input(Hidden("action", action))
    helper.add_input(Submit("submit", submit_text, css_id=submit_id))
    return helper


class QueueFilterForm(CycleFilterForm):
    """Filters of the review queue: the cycle picker, then fields that may be left empty."""

    region = forms.TypedChoiceField(
        label=_("NHS England region"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a region from the list")},
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state"))] + [(state.value, state.label) for state in QUEUE_STATES],
        error_messages={"invalid_choice": _("Choose a state from the list")},
    )
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[("", _("Anyone")), (ME, _("Me")), (NOBODY, _("Nobody"))],
        error_messages={"invalid_choice": _("Choose who the roadmaps are assigned to")},
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(LONGEST, _("Longest waiting first")), (SHORTEST, _("Shortest waiting first"))],
        error_messages={"invalid_choice": _("Choose an order from the list")},
    )
    ROWS = (
        (
            ("cycle", "col-md-2"),
            ("region", "col-md-3"),
            ("state", "col-md-3"),
            ("assigned", "col-md-2"),
            ("sort", "col-md-2"),
        ),
    )
    SUBMIT = _("Filter")

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any region"))] + [
            (region.pk, region.name) for region in regions
        ]

    def criteria(self, user):
        """``review_queue``'s keyword arguments: the cycle shown and the valid filters."""
        data = self.valid_data
        assigned = data.get("assigned", "")
        return {
            "cycle": self.cycle,
            "region": data.get("region"),
            "state": data.get("state") or None,
            "assignee": user if assigned == ME else (NOBODY if assigned == NOBODY else None),
            "longest_first": data.get("sort") != SHORTEST,
        }


class AssignReviewerForm(forms.Form):
    reviewer = forms.TypedChoiceField(
        label=_("Assign to"),
        coerce=int,
        error_messages={
            "required": _("Choose the reviewer to assign the roadmap to."),
            "invalid_choice": _(
                "Choose an NHS England reviewer who reviews this roadmap's region."
            ),
        },
    )

    def __init__(self, *args, reviewers, url, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = {user.pk: user for user in reviewers}
        self.fields["reviewer"].choices = [("", _("Choose a reviewer"))] + [
            (user.pk, f"{user} ({user.email})") for user in reviewers
        ]
        self.helper = _helper(_("Assign the roadmap"), url=url, submit_id="assign-submit")

    def chosen(self):
        return self.reviewers[self.cleaned_data["reviewer"]]


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        choices=[(section.key, section.title) for section in SECTIONS],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the section to comment on"),
            "invalid_choice": _("Choose a section of the roadmap to comment on"),
        },
    )
    # A comment on one benefit of the section: the id the version's snapshot gives it. Only
    # the form shown under a benefit has this field.
    item = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a benefit of the roadmap to comment on")},
    )
    text = TextField(
        label=_("Comment on this section"),
        name=_("Your comment"),
        help_text=_("The footprint reads this once you release the decision."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your comment.")},
    )

    def __init__(self, *args, section, url, item=None, items=(), **kwargs):
        # One form per section, and per benefit, on the page: the ids say which each is for.
        place = section if item is None else f"{section}-{item}"
        super().__init__(*args, auto_id=f"comment-{place}-%s", **kwargs)
        self.initial.setdefault("section", section)
        if item is None:
            del self.fields["item"]
        else:
            self.fields["item"].choices = [(each, each) for each in items]
            self.initial.setdefault("item", item)
            self.fields["text"].label = _("Comment on this benefit")
        self.helper = _helper(
            _("Add comment"), url=url, submit_id=f"comment-{place}-submit", action="comment"
        )


class InternalNoteForm(forms.Form):
    text = TextField(
        label=_("Internal note"),
        help_text=_("NHS England only – never shown to the footprint."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your note.")},
    )

    def __init__(self, *args, url, **kwargs):
        super().__init__(*args, auto_id="note-%s", **kwargs)
        self.helper = _helper(
            _("Add internal note"), url=url, submit_id="note-submit", action="note"
        )


class RatingForm(forms.Form):
    focus_area = forms.ChoiceField(
        label=_("Focus area"),
        choices=[("", _("Choose a focus area"))] + list(FocusArea.choices),
        error_messages={
            "required": _("Choose a focus area to rate."),
            "invalid_choice": _("Choose a focus area from the list."),
        },
    )
    rating = forms.ChoiceField(
        label=_("Rating"),
        choices=[
            (rating.value, f"{rating.label}: {RATING_DEFINITIONS[rating]}") for rating in Rating
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose green, amber or red."),
            "invalid_choice": _("Choose green, amber or red."),
        },
    )
    note = TextField(
        label=_("Why (optional)"),
        name=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, url, **kwargs):
        super().__init__(*args, auto_id="rating-%s", **kwargs)
        self.helper = _helper(_("Save rating"), url=url, submit_id="rating-submit", action="rate")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to accept the roadmap or ask for changes."),
            "invalid_choice": _("Choose whether to accept the roadmap or ask for changes."),
        },
    )
    message = TextField(
        label=_("Message to the footprint"),
        help_text=_(
            "The lead CCG's editors and approvers get this by email when you release the "
            "decision. You can change it until then."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, url, **kwargs):
        super().__init__(*args, auto_id="decision-%s", **kwargs)
        self.helper = _helper(
            _("Save the draft decision"), url=url, submit_id="decision-submit", action="draft"
        )


class ReleaseForm(forms.Form):
    """No fields: releasing is one button. Refusals show as errors of the form."""

    def __init__(self, *args, url, **kwargs):
        super().__init__(*args, auto_id="release-%s", **kwargs)
        self.helper = _helper(_("Release the decision"), url=url, submit_id="release-submit")
