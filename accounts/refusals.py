"""Where a service's refusal becomes a response: the one place, for every view.

A service refuses with ``ActionRefused`` and a sentence for the person (DESIGN section 2).
When a view lets it through, ``RefusalMiddleware`` answers:

- for a buttons-only action marked ``@redirect_on_refusal("footprint_detail")`` (or whose
  view called ``redirect_on_refusal_to(request, url)``), with the sentence as an error
  message on the page it goes back to;
- for any other view, with the 409 page: the sentence, a link back, and everything the
  person sent, so that a second person who lost a race loses nothing they typed.

A view catches ``ActionRefused`` itself only to put the sentence next to a form field.
"""

from functools import wraps

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.errors import ActionRefused

# Form fields that are the page's own workings, not something a person typed.
NOT_TYPED = {"csrfmiddlewaretoken", "version", "action"}


def redirect_on_refusal_to(request, url):
    """From here on, a refusal sends the person to ``url`` with the refusal as a message."""
    request.refusal_redirect = url


def redirect_on_refusal(url_name, url_kwargs=("pk",)):
    """Mark a view whose refusals go back to ``url_name``, given these of the view's own URL
    arguments, with the refusal as an error message."""

    def mark(view):
        @wraps(view)
        def marked(request, *args, **kwargs):
            url = reverse(url_name, kwargs={name: kwargs[name] for name in url_kwargs})
            redirect_on_refusal_to(request, url)
            return view(request, *args, **kwargs)

        return marked

    return mark


def _typed(request):
    """What the person sent, field by field, to show back to them."""
    if request.method != "POST":
        return []
    return [
        (name.replace("_", " ").capitalize(), value)
        for name, values in request.POST.lists()
        if name not in NOT_TYPED
        for value in values
        if value.strip()
    ]


def _back(request):
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ActionRefused):
            return None
        message = str(exception)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"error": message}, status=409)
        back = getattr(request, "refusal_redirect", None)
        if back is not None:
            messages.error(request, message)
            return redirect(back)
        return render(
            request,
            "409.html",
            {"message": message, "back": _back(request), "typed": _typed(request)},
            status=409,
        )
