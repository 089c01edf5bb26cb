"""The bad-input walk: every URL pattern of the service, signed in as someone allowed to use
it, is sent a NUL byte, 10,000 characters, invalid UTF-8, an out-of-range number and an
out-of-range date in each address argument, query parameter and form field, one at a time.
With the admin's walk that is about 6,200 requests: some 3½ minutes on PostgreSQL on two cores.

Nothing may answer 500; a refused request changes no row; a refused form shows its errors
(in the error summary) and gives back the 10,000 characters typed; nothing saved is cut
short. PostgreSQL is where NUL bytes fail, so CI runs this there (``.ci/run``); locally it
runs on SQLite. The admin's walk is ``test_bad_input_admin_walk.py``.
"""

import pytest

from tests.security.bad_requests import (
    PRIMERS,
    REFUSALS_THAT_WRITE,
    address_variants,
    argument_requests,
    field_requests,
    forms_for,
    page_of,
    query_requests,
    who_uses,
)
from tests.security.badinput import forms_on, problems_with, request
from tests.security.conftest import client_for
from tests.security.database import snapshot
from tests.security.url_table import NHSE_ADMIN
from tests.security.walk import PATTERNS, arguments, declared, person

SERVICE_PATTERNS = [pattern for pattern in PATTERNS if pattern.namespace != "admin"]
REDIRECTS = (301, 302, 303)


def shows_errors(answer, bad_request):
    if bad_request.autosave:
        return '"error' in answer.page
    # The error summary, or the alert of a page that explains a refusal (a conflict).
    return "data-error-summary" in answer.page or 'role="alert"' in answer.page


def judged(answer, bad_request, before, pattern):
    page = answer.page
    # A page with a form on it came back; a plain 400 (a post no page sends) is no form.
    form_back = answer.content_type.startswith("text/html") and "<form" in page
    form_errors = form_back and ("is-invalid" in page or "invalid-feedback" in page)
    if bad_request.method == "GET":
        # A filter form refusing a value shows why, as a posted form does.
        may_change, refused_form = False, form_errors
    elif bad_request.autosave:
        may_change = answer.status == 200
        refused_form = answer.status == 400
    else:
        may_change = answer.status in REDIRECTS or (answer.status == 200 and not form_errors)
        refused_form = form_errors or (form_back and answer.status in (400, 409))
    problems = problems_with(
        answer,
        before=before,
        may_change=may_change,
        refused_form=refused_form,
        shows_errors=shows_errors(answer, bad_request),
        typed=bad_request.typed,
    )
    allowed = REFUSALS_THAT_WRITE.get(pattern.key, set())
    if allowed and answer.after is not None:
        problems = [problem for problem in problems if not only_in(problem, allowed)]
    return problems


def only_in(problem, models):
    lines = problem.splitlines()[1:]
    return bool(lines) and all(line.split()[1] in models for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", SERVICE_PATTERNS, ids=str)
def test_bad_input_never_breaks_a_page_nor_changes_what_it_should_not(world, pattern):
    access = declared(pattern)
    assert access.category != NHSE_ADMIN
    who = who_uses(access)
    client = client_for(person(world, who) if who else None)
    if pattern.key in PRIMERS:
        PRIMERS[pattern.key](client, world)

    problems = []
    sent = 0
    for kwargs in address_variants(pattern, world, arguments(pattern, access, world)):
        path = pattern.address(kwargs)
        page_path, html = page_of(client, path) if "GET" in access.methods else (path, "")
        # The table's plausible post is for its own address, not the other variants.
        payload = access.payload(world) if kwargs == arguments(pattern, access, world) else {}
        forms = forms_for(client, pattern, page_path, html, world, payload)
        base_body = [(name, value) for name, value in payload.items()]
        bad_requests = [
            *argument_requests(pattern, access, kwargs, base_body),
            *(query_requests(pattern, page_path, html) if "GET" in access.methods else ()),
            *(field_requests(page_path, forms, payload) if "POST" in access.methods else ()),
        ]
        problems += [
            f"  - {page_path}: field {name} has a maxlength, where a browser cuts what is typed"
            for form in forms_on(html)
            for name in form.capped
        ]
        before = snapshot()
        for bad_request in bad_requests:
            answer = request(
                client,
                bad_request.method,
                bad_request.path,
                query=bad_request.query,
                body=bad_request.body,
                headers=bad_request.headers,
            )
            sent += 1
            problems += [
                f"  - {bad_request.what} ({bad_request.path[:120]}): {problem}"
                for problem in judged(answer, bad_request, before, pattern)
            ]

    assert sent, f"{pattern}: the walk sent nothing"
    assert not problems, f"{pattern} as {who}:\n" + "\n".join(problems)
