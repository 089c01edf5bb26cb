"""Forms over the return's own fields: the narrative, and the footprint's delivery confidence
rating with the rationale and reason it needs (see ``delivery/forms/returns.py`` for how a
section form works)."""

from django.utils.translation import gettext_lazy as _

from delivery import confidence
from delivery.forms.returns import (
    REASON_MAX_LENGTH,
    ReturnSectionForm,
    choice_field,
    text_field,
)
from roadmaps.services.drafts import TEXT_MAX_LENGTH


class WholeReturnForm(ReturnSectionForm):
    """A form over fields of the return itself, named as the return's own fields."""

    def __init__(self, data=None, *, progress_return, theirs=None, **kwargs):
        self.progress_return = progress_return
        super().__init__(
            data,
            version=progress_return.version,
            lines=[progress_return],
            theirs={progress_return.pk: theirs} if theirs is not None else None,
            **kwargs,
        )

    def key(self, line, name):
        return name

    @property
    def entries(self):
        return self.rows[0].entries

    def data_for_service(self):
        """{field: value} for the fields that came in the post."""
        return super().data_for_service().get(self.progress_return.pk, {})


class NarrativeForm(WholeReturnForm):
    field_names = ("progress", "next_quarter", "issues")
    LABELS = {
        "progress": _("Progress this quarter"),
        "next_quarter": _("Planned for next quarter"),
        "issues": _("Issues and dependencies"),
    }
    HELP = {
        "progress": _("What was done, what went live and what changed since last quarter."),
        "next_quarter": _("What you plan to do before the next return."),
        "issues": _("What stands in the way, and what you depend on others for."),
    }

    def make_field(self, line, name):
        field = text_field(
            self.LABELS[name], name=self.LABELS[name], max_length=TEXT_MAX_LENGTH, rows=6
        )
        field.help_text = self.HELP[name]
        return field


class RatingForm(WholeReturnForm):
    """The footprint's own rating, on the five-point scale. A rating that differs from last
    quarter's needs a rationale, and one better than the rules suggest needs a reason."""

    field_names = ("delivery_confidence", "rationale", "override_reason")

    def __init__(self, data=None, *, progress_return, previous_rating, suggested, theirs=None):
        self.previous_rating = previous_rating
        self.suggested = suggested
        super().__init__(data, progress_return=progress_return, theirs=theirs)

    def make_field(self, line, name):
        if name == "delivery_confidence":
            return choice_field(
                _("Your delivery confidence"),
                confidence.Confidence.choices,
                name=_("a rating from the five on the scale"),
                required=False,
                radios=True,
            )
        if name == "rationale":
            field = text_field(
                _("Why the rating changed"),
                name=_("Why the rating changed"),
                max_length=REASON_MAX_LENGTH,
                rows=4,
            )
            field.help_text = _(
                "Needed when your rating is not the one you submitted last quarter."
            )
            return field
        field = text_field(
            _("Why you rate it better than the rules suggest"),
            name=_("Why you rate it better than the rules suggest"),
            max_length=REASON_MAX_LENGTH,
            rows=4,
        )
        field.help_text = _("Needed when your rating is better than the suggested rating.")
        return field

    @property
    def choices(self):
        """Each radio of the rating with its definition, word for word."""
        return [
            (radio, confidence.DEFINITIONS[radio.data["value"]])
            for radio in self["delivery_confidence"]
        ]

    def clean(self):
        cleaned = super().clean()
        rating = cleaned.get("delivery_confidence")
        if not rating:
            return cleaned
        label = confidence.Confidence(rating).label
        previous = self.previous_rating
        if previous and previous != rating and not (cleaned.get("rationale") or "").strip():
            if "rationale" not in self.errors:
                self.add_error(
                    "rationale",
                    _("Say why your rating changed from %(previous)s")
                    % {"previous": confidence.Confidence(previous).label},
                )
        suggested = self.suggested
        if (
            confidence.is_better(rating, suggested)
            and not (cleaned.get("override_reason") or "").strip()
        ):
            if "override_reason" not in self.errors:
                self.add_error(
                    "override_reason",
                    _("Say why you rate %(rating)s when the rules suggest %(suggested)s")
                    % {"rating": label, "suggested": confidence.Confidence(suggested).label},
                )
        return cleaned
