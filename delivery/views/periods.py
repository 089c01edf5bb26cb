"""Pages of delivery tracking (being built)."""

from django.http import Http404


def reporting_periods(request, *args, **kwargs):
    raise Http404


def publish_period(request, *args, **kwargs):
    raise Http404


def published_ratings(request, *args, **kwargs):
    raise Http404


def published_ratings_csv(request, *args, **kwargs):
    raise Http404
