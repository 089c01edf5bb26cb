"""Pages of delivery tracking (being built)."""

from django.http import Http404

from delivery.views.signoff import return_check, return_submission, sign_off_return  # noqa: F401


def return_list(request, *args, **kwargs):
    raise Http404


def return_detail(request, *args, **kwargs):
    raise Http404


def add_milestone(request, *args, **kwargs):
    raise Http404


def add_risk(request, *args, **kwargs):
    raise Http404


def return_section(request, *args, **kwargs):
    raise Http404
