"""What the tests of the pages where a footprint writes its progress return share: a return
opened for the delivery world, what a browser would post from a section page, and the
submission and assurance a return goes through."""

from html.parser import HTMLParser

from django.urls import reverse

from delivery.confidence import Confidence
from delivery.enums import AssuranceDecision
from delivery.services import assurance, returns, submission
from tests.roadmaps.page_text import html_texts


def open_first(world, period=0):
    return returns.open_return(roadmap=world.roadmap, period=world.periods[period])


def section_url(progress_return, key):
    return reverse("return_section", args=[progress_return.pk, key])


def texts(response):
    return html_texts(response.content.decode())


def text(response):
    """The page's words as one string, spaces collapsed."""
    return " ".join(texts(response))


class _FormFields(HTMLParser):
    """What a browser sends from the page's autosaved form, as it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = {}
        self._in_form = False
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-autosave" in attrs:
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(response, **changes):
    """The section page's form as a browser would send it, with ``changes``."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = parser.data
    data.pop("csrfmiddlewaretoken", None)
    for name, value in data.items():
        if isinstance(value, str) and value.startswith("\n"):
            data[name] = value[1:]
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def date_parts(name, day):
    """The three boxes of a GOV.UK date input for ``day`` (blank when None)."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month),
            f"{name}_year": str(day.year)}  # fmt: skip


def write_complete(progress_return, by, *, rating=Confidence.GREEN, **rating_fields):
    """The narrative and the rating written, and "no data yet" for each benefit still without
    an answer, so that the return can go for sign-off."""
    progress_return.refresh_from_db()
    version = returns.save_return_section(
        progress_return=progress_return, section="narrative",
        data={"progress": "Went live in two wards", "next_quarter": "The rest"},
        expected_version=progress_return.version, saved_by=by,
    )  # fmt: skip
    unanswered = progress_return.benefits.filter(actual__isnull=True, no_data=False)
    if unanswered:
        version = returns.save_return_section(
            progress_return=progress_return, section="benefits",
            data={line.pk: {"no_data": True} for line in unanswered},
            expected_version=version, saved_by=by,
        )  # fmt: skip
    returns.save_return_section(
        progress_return=progress_return, section="rating",
        data={"delivery_confidence": rating, **rating_fields},
        expected_version=version, saved_by=by,
    )  # fmt: skip
    progress_return.refresh_from_db()
    return progress_return


def submit(world, progress_return, **rating):
    write_complete(progress_return, world.lead_editor, **rating)
    submission.request_return_sign_off(
        progress_return=progress_return, requested_by=world.lead_editor
    )
    frozen = submission.submit_return(
        progress_return=progress_return, submitted_by=world.lead_approver
    )
    progress_return.refresh_from_db()
    return frozen


def assure(world, progress_return, *, rating=Confidence.AMBER, comment="Thank you",
           internal_note="",
           decision=AssuranceDecision.ACCEPT):  # fmt: skip
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence=rating, comment=comment,
        internal_note=internal_note, decision=decision, drafted_by=world.reviewer,
    )  # fmt: skip
    assurance.release_assurance(progress_return=progress_return, released_by=world.reviewer)
    progress_return.refresh_from_db()
