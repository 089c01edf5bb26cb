"""The bad requests of the walk: for one address, every argument, query parameter and form
field with each bad value, as someone allowed to use the page.

Where the fields and parameters come from: the page itself (its forms, and its links back to
itself), the walk's table (``url_table.py``: the address's arguments and its plausible post),
and the few below that a view reads but no page of the walk's world shows.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from roadmaps.roadmap_sections import SECTIONS
from tests.security.badinput import (
    BAD_VALUES,
    LONG,
    TEXT_TYPES,
    Form,
    encoded,
    forms_on,
    one_of_each_shape,
    query_names_in_links,
    same_view,
    target,
    urlencoded,
)
from tests.security.url_table import (
    ADMIN_PAGE,
    NHSE_ADMIN,
    NHSE_STAFF,
    OBJECT,
    PUBLIC,
    SIGNED_IN,
    URLS,
)

# Who uses the pages of each category in the walk; pages that name their people use the
# first of them (``reached_by``).
PEOPLE = {
    PUBLIC: None,
    SIGNED_IN: "a_editor",
    OBJECT: "a_approver",
    NHSE_STAFF: "nhse_reviewer",
    ADMIN_PAGE: "nhse_admin",
    NHSE_ADMIN: "nhse_admin",
}

# Query parameters a view reads that its page does not always show: a later page of
# results, the type-ahead's text, where to go after signing in, a chosen cycle (a page shows
# its cycle picker only when there is more than one cycle to pick).
QUERY_PARAMETERS = {
    "sign_in": ("next",),
    "organisation_lookup": ("q",),
    "organisation_search": ("page",),
    "admin_outbox": ("page",),
    "my_emails": ("page",),
    "coverage_register": ("page", "cycle"),
    "coverage_register_csv": ("cycle",),
    "national_board": ("page", "cycle"),
    "national_board_export": ("cycle",),
    "national_results": ("cycle",),
    "national_scores_export": ("cycle",),
    "delivery_tracker": ("cycle",),
    "delivery_tracker_csv": ("cycle",),
    "delivery_tracker_xlsx": ("cycle",),
    "delivery_benefits": ("cycle",),
    "delivery_benefits_csv": ("cycle",),
    "delivery_benefits_xlsx": ("cycle",),
    "review_queue": ("cycle",),
    "cycle_stages": ("cycle",),
    "reporting_periods": ("cycle",),
    "published_roadmaps": ("cycle",),
    "published_maturity_results": ("cycle",),
    "published_maturity_scores_csv": ("cycle",),
    "published_ratings": ("cycle",),
    "compare_roadmap_versions": ("old", "new"),
    "send_reminders": ("region", "kind", "ods_codes", "stage"),
    "delivery_findings": ("page",),
}

# Pages that hold the form of an address that answers only POST.
FORM_PAGES = {
    "add_footprint_member": "footprint_detail",
    "release_review_decision": "review_roadmap",
    "explain_finding": "finding_detail",
}


def roadmap_sections(world):
    return [{"pk": world.a_roadmap.pk, "key": section.key} for section in SECTIONS]


def return_sections(world):
    from delivery.selectors.writing import SECTIONS as RETURN_SECTIONS

    return [{"pk": world.a_return.pk, "section": section.key} for section in RETURN_SECTIONS]


# One pattern, several pages: every section of a roadmap, and of a progress return, has a form
# of its own.
VARIANTS = {"roadmap_section": roadmap_sections, "return_section": return_sections}


def accept_invitation_first(client, world):
    # The invitation's link puts its token in the session; the form is behind it.
    client.get(reverse("accept_invitation_link", args=[world.a_invitation.token]))


PRIMERS = {"accept_invitation": accept_invitation_first}

# Rows a refused request writes on purpose: a wrong password counts towards the lockout.
REFUSALS_THAT_WRITE = {"sign_in": {"accounts.FailedSignIn"}}


@dataclass
class BadRequest:
    what: str  # for the failure message
    method: str
    path: str
    query: str = ""
    body: list | None = None
    headers: dict | None = None
    # Sent in a field that shows what was typed: the form must come back with all of it.
    typed: str | None = None
    autosave: bool = False


def who_uses(access):
    if access.reached_by:
        return access.reached_by[0]
    return PEOPLE[access.category]


def address_variants(pattern, world, kwargs):
    if pattern.key in VARIANTS:
        return VARIANTS[pattern.key](world)
    return [kwargs]


def page_of(client, path):
    """The page at ``path``, following redirects that stay on the same view (a reset link
    moves its token into the session); returns (the page's path, its HTML)."""
    response = client.get(path)
    for _hop in range(3):
        if response.status_code not in (301, 302) or not same_view(response["Location"], path):
            break
        path = response["Location"]
        response = client.get(path)
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return path, ""
    return path, response.content.decode()


def forms_for(client, pattern, page_path, html, world=None, payload=None):
    """The forms posted to this page's view: the page's own, a form page's, or, where the page
    shows none until it is asked (a preview before "Send"), the page's with the table's
    plausible values as its query."""
    found = [form for form in forms_on(html) if same_view(target(form, page_path), page_path)]
    if payload and html and not any(form.method == "post" for form in found):
        _preview, preview_html = page_of(client, f"{page_path}?{urlencode(payload, doseq=True)}")
        found += [
            form
            for form in forms_on(preview_html)
            if form.method == "post" and same_view(target(form, page_path), page_path)
        ]
    if pattern.key in FORM_PAGES:
        name = FORM_PAGES[pattern.key]
        other = reverse(name, kwargs=URLS[name].kwargs(world))
        _other_path, other_html = page_of(client, other)
        found += [
            form for form in forms_on(other_html) if same_view(target(form, other), page_path)
        ]
    return found


def distinct(forms):
    """One form of each set of field names (the review page has a comment form a section)."""
    seen, kept = set(), []
    for form in forms:
        names = frozenset(form.names())
        if names not in seen:
            seen.add(names)
            kept.append(form)
    return kept


def argument_requests(pattern, access, kwargs, base_body):
    for name in kwargs:
        for bad in BAD_VALUES:
            path = pattern.address({**kwargs, name: encoded(bad.value)})
            for method in access.methods:
                yield BadRequest(
                    f"{method} with {bad.name} as the address's {name}",
                    method,
                    path,
                    body=base_body if method == "POST" else None,
                )


def query_requests(pattern, page_path, html, extra=()):
    # Any page may be sent a query string it does not read: "walk" stands for those.
    names = {
        "walk",
        *QUERY_PARAMETERS.get(pattern.key, ()),
        *query_names_in_links(html, page_path),
        *extra,
    }
    get_forms = [
        form
        for form in forms_on(html)
        if form.method == "get" and target(form, page_path) == page_path
    ]
    for form in get_forms:
        names -= set(form.names())
        for name in one_of_each_shape(form.names()):
            for bad in BAD_VALUES:
                yield BadRequest(
                    f"GET with {bad.name} in query parameter {name}",
                    "GET",
                    page_path,
                    query=urlencoded(form.with_value(name, bad.value)),
                )
    for name in sorted(names):
        for bad in BAD_VALUES:
            yield BadRequest(
                f"GET with {bad.name} in query parameter {name}",
                "GET",
                page_path,
                query=urlencoded([(name, bad.value)]),
            )


def posted_forms(forms, payload):
    """The page's post forms, each filled as sent with the table's plausible values; or,
    where the walk found no form, the plausible post alone."""
    posts = [form for form in distinct(forms) if form.method == "post"]
    if not posts:
        posts = [Form("post", "")]
    # A plausible field another form of the page has keeps the kind it has there (a
    # drop-down, a button); one no form has is taken as text.
    page_kinds = {name: kind for form in posts for name, kind in form.kinds.items()}
    filled = []
    for form in posts:
        values = dict(payload)
        fields = [(name, value) for name, value in form.fields if name not in values]
        for name, value in values.items():
            fields += [(name, item) for item in (value if isinstance(value, list) else [value])]
            form.kinds.setdefault(name, page_kinds.get(name, "text"))
        filled.append(Form("post", form.action, fields, form.kinds, form.autosave))
    return filled


def field_requests(page_path, forms, payload):
    for form in posted_forms(forms, payload):
        # Any post may hold a field its form does not have: "walk" stands for those.
        names = [name for name in form.names() if name != "csrfmiddlewaretoken"] + ["walk"]
        for name in one_of_each_shape(names):
            kind = form.kinds.get(name, "")
            for bad in BAD_VALUES:
                typed = LONG if bad.value == LONG and kind in TEXT_TYPES - {"password"} else None
                body = form.with_value(name, bad.value)
                what = f"POST with {bad.name} in field {name}"
                yield BadRequest(what, "POST", page_path, body=body, typed=typed)
                if form.autosave:
                    yield BadRequest(
                        f"{what}, by autosave",
                        "POST",
                        page_path,
                        body=body,
                        headers={"X-Autosave": "1", "Accept": "application/json"},
                        autosave=True,
                    )
