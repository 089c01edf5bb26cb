"""How roadmap views find what they act on: a roadmap the person may see, or 404."""

from django.http import Http404
from django.utils.translation import gettext as _

from roadmaps.rules import ONLY_ROADMAP_EDITORS
from roadmaps.selectors.roadmaps import roadmap_for_user
from roadmaps.transitions import ROADMAP


def roadmap_or_404(user, pk):
    """The roadmap if the person may see it; 404 otherwise, as if it did not exist."""
    roadmap = roadmap_for_user(user, pk)
    if roadmap is None:
        raise Http404(_("No roadmap has that number."))
    return roadmap


def why_not_editable(roadmap):
    """Why the person cannot change this draft, in words for them."""
    if not ROADMAP.allows(roadmap.state, "edit_roadmap"):
        return ROADMAP.refusal(roadmap, "edit_roadmap")
    return ONLY_ROADMAP_EDITORS
