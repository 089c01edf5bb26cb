"""Pages of delivery tracking (being built)."""

from django.http import Http404


def assurance_queue(request, *args, **kwargs):
    raise Http404


def assure_return(request, *args, **kwargs):
    raise Http404
