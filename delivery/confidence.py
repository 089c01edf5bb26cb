"""The delivery confidence scale: five ratings, best first, with their published meanings.

The footprint's own rating and the region's assured rating both use it. The definitions are
those of the Infrastructure and Projects Authority's five-point Delivery Confidence
Assessment as the National Audit Office published them (2016, Figure 7); Amber/Red is the
wording of the IPA's annual report 2017-18 as quoted by Civil Service World. They are shown
word for word wherever a rating is chosen.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER_GREEN = "amber_green", _("Amber/Green")
    AMBER = "amber", _("Amber")
    AMBER_RED = "amber_red", _("Amber/Red")
    RED = "red", _("Red")


# Best first: a smaller rank is a better rating.
ORDER = list(Confidence.values)

DEFINITIONS = {
    Confidence.GREEN: _(
        "Successful delivery of the project on time, budget and quality appears highly likely "
        "and there are no major outstanding issues that at this stage appear to threaten "
        "delivery significantly."
    ),
    Confidence.AMBER_GREEN: _(
        "Successful delivery appears probable; however, constant attention will be needed to "
        "ensure risks do not materialise into major issues threatening delivery."
    ),
    Confidence.AMBER: _(
        "Successful delivery appears feasible but significant issues already exist, requiring "
        "management attention. These appear resolvable at this stage and, if addressed "
        "promptly, should not present a cost or schedule overrun."
    ),
    Confidence.AMBER_RED: _(
        "Successful delivery of the project is in doubt, with major risks or issues apparent "
        "in a number of key areas. Urgent action is needed to address these problems."
    ),
    Confidence.RED: _(
        "Successful delivery of the project appears to be unachievable. There are major "
        "issues with project definition, schedule, budget, quality and/or benefits delivery, "
        "which at this stage do not appear to be manageable or resolvable."
    ),
}

SOURCE = _(
    "Definitions of the Infrastructure and Projects Authority's delivery confidence "
    "assessment, as published by the National Audit Office (2016) and in the Authority's "
    "annual report 2017-18."
)


def rank(rating):
    """0 for Green to 4 for Red; None for no rating."""
    return ORDER.index(rating) if rating in ORDER else None


def is_better(rating, than):
    """Whether ``rating`` is better than ``than`` on the scale (both given)."""
    return rank(rating) < rank(than)


def worst(*ratings):
    """The worst of the ratings given."""
    return max(ratings, key=rank)


def steps_between(earlier, later):
    """How many steps ``later`` moved from ``earlier``: positive is better, negative worse."""
    return rank(earlier) - rank(later)
