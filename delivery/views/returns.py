"""Pages of delivery tracking (being built)."""

from django.http import Http404

# The pages where the footprint's editors write a return live in ``writing``.
from delivery.views.writing import (  # noqa: F401 - named by delivery/urls.py
    add_milestone,
    add_risk,
    return_detail,
    return_list,
    return_section,
)


def return_check(request, *args, **kwargs):
    raise Http404


def sign_off_return(request, *args, **kwargs):
    raise Http404


def return_submission(request, *args, **kwargs):
    raise Http404
