"""Pages of delivery tracking (being built)."""

from django.http import Http404


def roadmap_delivery(request, *args, **kwargs):
    raise Http404


def delivery_tracker(request, *args, **kwargs):
    raise Http404


def delivery_tracker_csv(request, *args, **kwargs):
    raise Http404


def delivery_tracker_xlsx(request, *args, **kwargs):
    raise Http404
