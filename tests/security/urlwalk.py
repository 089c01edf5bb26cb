"""Every URL pattern the resolver knows, and how to turn one into an address.

As 18F/tock's ``test_url_auth.py`` does, the walk starts from ``get_resolver()`` and goes
through every include, so a pattern added anywhere (an app's ``urls.py``, the admin, a
third-party include) is found without anyone remembering to list it.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

# "<str:ods_code>" or "<uidb64>" in a path() route.
ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
# "(?P<app_label>auth|accounts)" in a re_path() regex.
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True)
class Pattern:
    """One URL pattern, with the route pieces of the includes above it."""

    pieces: tuple[tuple[str, bool], ...]  # (route text, is a regex)
    name: str | None  # "organisation_members", "admin:index", or None
    namespace: str  # "admin", or "" outside any namespace
    callback: object

    @property
    def route(self):
        return "".join(text.removeprefix("^").removesuffix("$") for text, _ in self.pieces)

    @property
    def key(self):
        """The name the table knows it by: its URL name, or its route when it has none."""
        return self.name or self.route

    def __str__(self):
        return self.name or f"unnamed pattern {self.route!r}"

    def __repr__(self):
        return f"<Pattern {self}>"

    def address(self, kwargs):
        """The path for these arguments, built from the route itself (unnamed patterns too)."""
        parts = []
        for text, is_regex in self.pieces:
            text = text.removeprefix("^").removesuffix("$")
            if is_regex:
                text = REGEX_GROUP.sub(lambda match: str(kwargs[match[1]]), text)
            else:
                text = ROUTE_PARAMETER.sub(lambda match: str(kwargs[match[1]]), text)
            parts.append(text)
        return "/" + "".join(parts)

    def resolves(self, path):
        """Whether ``path`` reaches this pattern's view (guards the built arguments)."""
        return resolve(path).func is self.callback


def all_patterns(resolver=None, pieces=(), namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        piece = (str(entry.pattern), isinstance(entry.pattern, RegexPattern))
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from all_patterns(entry, (*pieces, piece), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern((*pieces, piece), name, namespace, entry.callback)
