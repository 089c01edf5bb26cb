"""How roadmap views find what they act on: a roadmap the person may see, or 404."""

from django.http import Http404
from django.utils.translation import gettext as _

from roadmaps.enums import EDITABLE_ROADMAP_STATES
from roadmaps.selectors.roadmaps import roadmap_for_user


def roadmap_or_404(user, pk):
    """The roadmap if the person may see it; 404 otherwise, as if it did not exist."""
    roadmap = roadmap_for_user(user, pk)
    if roadmap is None:
        raise Http404(_("No roadmap has that number."))
    return roadmap


def why_not_editable(roadmap):
    """Why the person cannot change this draft, in words for them."""
    if roadmap.state not in EDITABLE_ROADMAP_STATES:
        return _("This roadmap is %(state)s, so its draft cannot change.") % {
            "state": roadmap.get_state_display().lower()
        }
    return _(
        "Only editors of the footprint's CCGs, and people the lead CCG asked to edit the "
        "roadmap, can change it."
    )
