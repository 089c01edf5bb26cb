"""The people of a reopened assessment are told why NHS England reopened it."""

import pytest

from accounts.enums import OrganisationKind, Role
from maturity.models import Assessment
from maturity.services.assessments import reopen_assessment
from maturity.services.question_sets import load_question_set
from tests.factories import CycleFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_reopened_email_gives_the_reason_in_text_and_html(
    smtp_server, django_capture_on_commit_callbacks
):
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    editor = MembershipFactory(organisation=trust, role=Role.EDITOR).user
    assessment = Assessment.objects.create(
        organisation=trust,
        cycle=CycleFactory(),
        question_set=load_question_set().question_set,
        state="signed_off",
    )
    reason = "Answers to transfers of care & orders were mixed up"

    with django_capture_on_commit_callbacks(execute=True):
        reopen_assessment(assessment=assessment, reason=f"  {reason}\n", reopened_by=None)

    [message] = smtp_server.messages
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert message["To"] == editor.email
    assert f"for this reason:\n\n{reason}\n\nCheck the answers and submit it again:" in text
    assert "Answers to transfers of care &amp; orders were mixed up</blockquote>" in html
