from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person may hold what only they may see: no cache keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RefuseUnreadableAddressMiddleware:
    """An address or query string holding a NUL byte, or bytes that are not UTF-8, names
    nothing of ours: answer 400 before any view hands it to the database (PostgreSQL refuses
    NUL in text, which would be a 500). The page is plain text: nothing of the request's is
    shown back, and no template or query runs for it.

    Form fields are the forms' business (Django's fields refuse NUL by the field); an
    undecodable form body is read with replacement characters, as Django does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or _unreadable(_query_bytes(request)):
            return HttpResponseBadRequest(
                _(
                    "The address of this page has a character in it that the service cannot "
                    "read.\nCheck the address, or go back and try again."
                ),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _query_bytes(request):
    query = request.META.get("QUERY_STRING", "")
    try:
        # Under WSGI the query string's bytes arrive as a latin-1 string.
        raw = query.encode("iso-8859-1")
    except UnicodeEncodeError:
        raw = query.encode()
    return unquote_to_bytes(raw)


def _unreadable(raw):
    try:
        return "\x00" in raw.decode()
    except UnicodeDecodeError:
        return True
