"""How delivery's pages find the return a person asked for."""

from django.http import Http404
from django.utils.translation import gettext as _

from delivery.selectors.returns import return_for_user


def return_or_404(user, pk):
    """The return if the person may see it; 404 otherwise, as if it did not exist."""
    progress_return = return_for_user(user, pk)
    if progress_return is None:
        raise Http404(_("There is no progress return here that you can see."))
    return progress_return
