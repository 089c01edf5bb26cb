"""What a person reads on a page with a form: the error summary, the error by a field, and
what a field holds (as the browser would show it)."""

from html.parser import HTMLParser


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.summary = []  # [(target id, message)]
        self.errors = {}  # {field id: [message]}
        self.values = {}  # {field id: value}
        self.attributes = {}  # {field id: {name: value}}
        self._in_summary = False
        self._link = None
        self._error_of = None
        self._depth = 0
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "error-summary__list" in classes:
            self._in_summary = True
        elif self._in_summary and tag == "a":
            self._link = [attrs.get("href", "").removeprefix("#"), ""]
        element_id = attrs.get("id") or ""
        if self._error_of is not None and tag == "div":
            self._depth += 1
        elif element_id.endswith("_error") and "invalid-feedback" in classes:
            self._error_of, self._depth, self._text = element_id.removesuffix("_error"), 1, []
        if tag in ("input", "select", "textarea") and element_id:
            self.attributes[element_id] = attrs
            if tag == "input":
                self.values[element_id] = attrs.get("value", "")
        if tag == "textarea":
            self._textarea, self._textarea_text = element_id, []

    def handle_endtag(self, tag):
        if tag == "ul" and self._in_summary:
            self._in_summary = False
        elif tag == "a" and self._link is not None:
            self.summary.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None
        elif tag == "div" and self._error_of is not None:
            self._depth -= 1
            if not self._depth:
                text = " ".join("".join(self._text).split()).removeprefix("Error: ")
                self.errors.setdefault(self._error_of, []).append(text)
                self._error_of = None
        elif tag == "textarea" and self._textarea is not None:
            self.values[self._textarea] = "".join(self._textarea_text).removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data
        if self._error_of is not None:
            self._text.append(data)
        if self._textarea is not None:
            self._textarea_text.append(data)


def read(response):
    page = _Page()
    page.feed(response.content.decode())
    return page


def error_summary(response):
    """The error summary's messages, each with the id of the field it links to."""
    return read(response).summary


def field_errors(response, field_id):
    """The messages shown by the field (its ``<id>_error`` element)."""
    return read(response).errors.get(field_id, [])


def field_value(response, field_id):
    """What the field holds: an input's value, a textarea's text."""
    return read(response).values.get(field_id)


def field_attributes(response, field_id):
    return read(response).attributes.get(field_id, {})
