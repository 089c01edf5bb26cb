"""The bad-input walk's machinery: the bad values, a page's forms and query parameters, and
how to judge what the service answered.

Each bad value goes into one place at a time (an address argument, a query parameter, a form
field), the rest of the request being what the page itself would send, so that a refusal is
about that value. Every request runs in a savepoint that is rolled back afterwards: the world
is the same for each, and a successful post cannot hide a later case.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, quote_from_bytes, urlsplit

from django.db import connection, transaction
from django.urls import Resolver404, resolve

from tests.security.database import changes, described, snapshot

# A person can paste 10,000 characters; a digit run shows where it would have been cut.
LONG = "0123456789" * 1000


@dataclass(frozen=True)
class Bad:
    name: str
    value: str | bytes  # bytes are sent as they are: not UTF-8


BAD_VALUES = (
    Bad("a NUL byte", "Walk\x00input"),
    Bad("10,000 characters", LONG),
    Bad("invalid UTF-8", b"\xff\xfe walk"),
    # Negative, too: cron's fields, for one, broke on any negative number.
    Bad("an out-of-range number", "-99999999999999999999"),
    Bad("an out-of-range date", "9999-12-31"),
)


def encoded(value):
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(str(value), safe="")


def urlencoded(pairs):
    """``name=value&...`` with each value sent as given: bytes exactly, text as UTF-8."""
    return "&".join(f"{encoded(name)}={encoded(value)}" for name, value in pairs)


# --- Forms on a page -----------------------------------------------------------------------

TEXT_TYPES = {"text", "email", "search", "url", "tel", "textarea", "number", "password"}
NOT_SENT = {"submit", "button", "image", "reset"}


@dataclass
class Form:
    method: str
    action: str
    # What the browser sends with nothing changed, in order: [(name, value)].
    fields: list = field(default_factory=list)
    # Each field's kind: an input type, "textarea" or "select".
    kinds: dict = field(default_factory=dict)
    # Saved as the person types, too (``data-autosave``): posted with ``X-Autosave: 1``.
    autosave: bool = False
    # Fields with a maxlength, at which a browser silently cuts what is typed or pasted.
    capped: list = field(default_factory=list)

    def names(self):
        return list(dict.fromkeys(name for name, _value in self.fields) | self.kinds.keys())

    def with_value(self, name, value):
        """The fields as sent, with ``name`` (one value) replaced by ``value``."""
        pairs = [(key, old) for key, old in self.fields if key != name]
        return [*pairs, (name, value)]


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None
        self.options = []
        self.textarea = None
        self.text = []
        self.submitted = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form(
                attrs.get("method", "get").lower(),
                attrs.get("action") or "",
                autosave="data-autosave" in attrs,
            )
            self.forms.append(self.form)
            self.submitted = False
        if self.form is None:
            return
        name = attrs.get("name")
        if name and "maxlength" in attrs:
            self.form.capped.append(name)
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in NOT_SENT:
                # The first named button is the one pressed.
                self.form.kinds.setdefault(name, "submit")
                if not self.submitted:
                    self.form.fields.append((name, attrs.get("value", "")))
                    self.submitted = True
                return
            self.form.kinds.setdefault(name, kind)
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if kind == "file":
                return
            self.form.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "button" and name and attrs.get("type", "submit") == "submit":
            self.form.kinds.setdefault(name, "submit")
            if not self.submitted:
                self.form.fields.append((name, attrs.get("value", "")))
                self.submitted = True
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
            self.form.kinds[name] = "textarea"
        elif tag == "select" and name:
            self.select, self.options = name, []
            self.multiple = "multiple" in attrs
            self.form.kinds[name] = "select"
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea and self.form:
            self.form.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select and self.form:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and self.options and not self.multiple:
                chosen = [self.options[0][0]]
            self.form.fields += [(self.select, value) for value in chosen]
            self.select = None


def forms_on(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def target(form, page_path):
    """The path a form is sent to (its page's own, when it names none)."""
    return urlsplit(form.action).path or page_path


def shape(name):
    """Fields alike but for a letter or number (a grid's cells, the ten capabilities, an admin
    inline's rows) are walked once: one of each shape."""
    return re.sub(r"(?<![a-z])[A-Z](?![a-z])|\d+", "#", name)


def one_of_each_shape(names):
    seen = {}
    for name in names:
        seen.setdefault(shape(name), name)
    return list(seen.values())


def query_names_in_links(html, path):
    """Query parameters of the links on the page that lead back to the same page."""
    names = set()
    for href in re.findall(r'href="([^"]*\?[^"]*)"', html):
        link = urlsplit(href.replace("&amp;", "&"))
        if link.path in ("", path):
            names |= {pair.split("=", 1)[0] for pair in link.query.split("&") if pair}
    return names


def same_view(path_a, path_b):
    try:
        return resolve(path_a).func is resolve(path_b).func
    except Resolver404:
        return False


# --- Sending and judging -------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    page: str = ""
    location: str = ""
    content_type: str = ""
    error: str = ""  # the exception a view raised: a 500
    wrote: bool = False  # whether any INSERT, UPDATE or DELETE ran on the service's tables
    after: dict | None = None


WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def request(client, method, path, *, query="", body=None, headers=None, apps=None):
    """Send one request in a savepoint that is rolled back; the snapshot is taken before."""
    wrote = []

    def watch(execute, sql, params, many, context):
        if WRITES.match(sql) and "django_session" not in sql:
            wrote.append(sql)
        return execute(sql, params, many, context)

    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    address = f"{path}?{query}" if query else path
    with rolled_back():
        try:
            with connection.execute_wrapper(watch):
                if method == "GET":
                    response = client.get(address, headers=headers)
                else:
                    response = client.post(
                        address,
                        urlencoded(body or []),
                        content_type="application/x-www-form-urlencoded",
                        headers=headers,
                    )
        except Exception as error:  # noqa: BLE001 - the walk reports any, as a 500
            client.cookies = cookies
            return Answer(500, error=f"{type(error).__name__}: {error}")
        answer = Answer(
            response.status_code,
            page=response.content.decode(errors="replace") if not response.streaming else "",
            location=response.get("Location", ""),
            content_type=response.get("Content-Type", ""),
            wrote=bool(wrote),
        )
        if wrote:
            answer.after = snapshot(apps) if apps else snapshot()
    # The session the client had is back as it was: forget any cookie the request set.
    client.cookies = cookies
    return answer


def truncated(found, after):
    """Text columns of changed or added rows that hold the long value cut short."""
    cut = []
    for change in found:
        row = after.get(change.model, {}).get(change.pk, {})
        for column, value in row.items():
            if isinstance(value, str) and 50 <= len(value) < len(LONG) and LONG.startswith(value):
                cut.append(f"{change.model} pk={change.pk} {column} kept {len(value)} characters")
    return cut


def problems_with(answer, *, before, may_change, refused_form, shows_errors, typed=None):
    """What is wrong with an answer: a 500; rows changed by a request that may change none; a
    refused form that does not show its errors; a long value not given back in full or saved
    cut short."""
    if answer.status >= 500:
        return [f"got {answer.status} {answer.error}".strip()]
    found = changes(before, answer.after) if answer.after is not None else []
    wrong = []
    if found and not may_change:
        wrong.append(f"got {answer.status}, and rows changed:\n" + described(found))
    elif found and (cut := truncated(found, answer.after)):
        wrong.append("saved the long value cut short: " + "; ".join(cut))
    if refused_form and not shows_errors:
        wrong.append(f"got {answer.status}: a refused form that shows no error")
    if typed is not None and refused_form and typed not in answer.page:
        wrong.append("the form came back without the 10,000 characters typed")
    return wrong
