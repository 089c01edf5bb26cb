"""Who may reach each URL of the service, and how to build its address for the walk.

Every URL pattern the resolver knows is named here, or falls under a namespace rule (the
whole Django admin is one rule). ``test_isolation_walk.py`` fails for a pattern that is
neither, so a new view cannot skip the walk: add it here with who may reach it.

Categories (design section 5):

- ``PUBLIC``: anyone, signed in or not. An explicit allow-list, each with the reason.
- ``SIGNED_IN``: any signed-in person; the address names nothing private.
- ``OBJECT``: scoped to an organisation (its approvers and NHS England admins). The walk
  builds the address from organisation A's objects and expects outsiders to get 404.
- ``NHSE_STAFF``: NHS England staff pages that name no organisation's object (any reviewer
  or admin of NHS England or a region). Everyone else who is signed in gets 403.
- ``NHSE_ADMIN``: the Django admin, NHS England admins only.
- ``ADMIN_PAGE``: the service's own pages for NHS England admins (publication); everyone else
  who is signed in gets 403 (``test_admin_pages_walk.py``).
- ``ASSESSMENT``: an assessment of P, an NHS provider in A's footprints; ``reached_by`` as
  for footprints (``test_assessment_walk.py``): A's, C's and P's people and NHS England can
  see it, everyone else gets 404.
- ``ROADMAP``: a roadmap of a footprint A leads (C partners, P provides); ``reached_by`` as
  for footprints (``test_roadmap_walk.py``): A's, C's and P's people, the person A asked to
  edit it and NHS England can see it, everyone else gets 404.
- ``RETURN``: a progress return of A's published roadmap; ``reached_by`` as for roadmaps
  (``test_return_walk.py``): whoever can see the roadmap can see its returns. Declared in
  ``url_table_delivery.py``.
- ``FINDING``: a cross-check's finding on a version or return of A's roadmaps; ``reached_by``
  as for roadmaps (``test_finding_walk.py``): whoever can see the roadmap can see its
  findings. Declared in ``url_table_delivery.py``.
- ``FOOTPRINT``: a footprint of organisation A. ``reached_by`` names the people of the walk's
  world who may use the address; everyone else who can see the footprint gets 403, and
  people outside it get 404 (``test_footprint_walk.py``).

Arguments are built from the ``world`` fixture in ``conftest.py``: A's objects, so that an
outsider's request names something real that they must not reach.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

PUBLIC = "public"
SIGNED_IN = "signed_in"
OBJECT = "object"
NHSE_STAFF = "nhse_staff"
NHSE_ADMIN = "nhse_admin"
FOOTPRINT = "footprint"
ASSESSMENT = "assessment"
ROADMAP = "roadmap"
ADMIN_PAGE = "admin_page"
RETURN = "return"
FINDING = "finding"
CATEGORIES = (
    PUBLIC,
    SIGNED_IN,
    OBJECT,
    NHSE_STAFF,
    NHSE_ADMIN,
    ADMIN_PAGE,
    FOOTPRINT,
    ASSESSMENT,
    ROADMAP,
    RETURN,
    FINDING,
)
# Categories whose entries name who may use the address in ``reached_by``.
REACHED_BY_CATEGORIES = (FOOTPRINT, ASSESSMENT, ROADMAP, RETURN, FINDING)

GET_ONLY = ("GET",)
POST_ONLY = ("POST",)
GET_AND_POST = ("GET", "POST")


def no_arguments(world):
    return {}


def empty_payload(world):
    return {}


@dataclass(frozen=True)
class Access:
    """Who may reach a URL, which methods its view answers, and how to build a request."""

    category: str
    # The methods the view answers; any other answers 405 whoever asks.
    methods: tuple[str, ...] = GET_ONLY
    kwargs: Callable = no_arguments
    # A plausible POST body: what the page's own form would send.
    payload: Callable = empty_payload
    # For public entries: why a signed-out person may reach it.
    why: str = field(default="", compare=False)
    # For FOOTPRINT, ASSESSMENT and ROADMAP entries: who in the walk's world may use the
    # address; ``read_by``, when given, who may GET it (a page everyone reads, few change).
    reached_by: tuple[str, ...] = ()
    read_by: tuple[str, ...] = ()

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"Unknown category {self.category!r}; use one of {CATEGORIES}.")
        if self.category == PUBLIC and not self.why:
            raise ValueError("A public URL needs a reason in `why`.")


def reset_link_kwargs(world):
    # A real link for A's editor: a signed-out person who holds it must not meet a wall.
    user = world.a_editor.user
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


# Everyone who can see P's assessments: P's people, A's and C's (CCGs in a footprint that
# holds P) and NHS England. The first is who test_every_page.py opens pages as.
ASSESSMENT_VIEWERS = (
    "p_editor",
    "p_approver",
    "a_editor",
    "a_approver",
    "a_viewer",
    "c_approver",
    "nhse_admin",
    "nhse_reviewer",
)

# The people of the CCGs in A's submitted footprint (A and partner C), and NHS England.
FOOTPRINT_CCG_PEOPLE = (
    "a_editor",
    "a_approver",
    "a_viewer",
    "c_approver",
    "nhse_admin",
    "nhse_reviewer",
)

# Everyone who can see A's roadmaps. The first is who test_every_page.py opens pages as.
ROADMAP_VIEWERS = (
    "a_editor",
    "a_approver",
    "a_viewer",
    "c_approver",
    "p_editor",
    "p_approver",
    "csu_editor",
    "nhse_admin",
    "nhse_reviewer",
)
# Who may change the draft: editors of the footprint's CCGs and the person A invited.
ROADMAP_EDITORS = ("a_editor", "csu_editor")
# The lead CCG's editors and approvers: sign-off requests, signatories, submission, editors.
ROADMAP_LEAD = ("a_editor", "a_approver")
# Who sees A's other roadmaps: as above, but the person A invited edits only the first.
OTHER_ROADMAP_VIEWERS = tuple(who for who in ROADMAP_VIEWERS if who != "csu_editor")
REVIEWER = ("nhse_reviewer",)

URLS = {
    # --- Public ---------------------------------------------------------------------------
    "home": Access(PUBLIC, why="Signed out, it says what the service is."),
    "health": Access(PUBLIC, why="Operators' and load balancers' check; reports no data."),
    "favicon": Access(PUBLIC, why="Browsers fetch the icon before anyone signs in."),
    "sign_in": Access(
        PUBLIC,
        methods=GET_AND_POST,
        why="The way in.",
        payload=lambda world: {
            "username": world.b_approver.user.email,
            "password": "wrong password, twice over",
        },
    ),
    "sign_out": Access(
        PUBLIC,
        methods=POST_ONLY,
        why="Signing out must work whether or not the session is still alive.",
    ),
    "password_reset": Access(
        PUBLIC,
        methods=GET_AND_POST,
        why="People who forgot their password are signed out.",
        payload=lambda world: {"email": "nobody@example.org"},
    ),
    "password_reset_done": Access(PUBLIC, why="Says the reset email is on its way."),
    "password_reset_confirm": Access(
        PUBLIC,
        methods=GET_AND_POST,
        kwargs=reset_link_kwargs,
        why="The link in the reset email; the token is the credential.",
    ),
    "password_reset_complete": Access(PUBLIC, why="Says the new password is saved."),
    "accept_invitation_link": Access(
        PUBLIC,
        kwargs=lambda world: {"token": world.a_invitation.token},
        why="The link in the invitation email; the invitee may have no account yet.",
    ),
    "accept_invitation": Access(
        PUBLIC,
        methods=GET_AND_POST,
        why="Creates the invitee's account; the token waits in the session.",
    ),
    # --- Any signed-in person -------------------------------------------------------------
    "password_change": Access(SIGNED_IN, methods=GET_AND_POST),
    # The timeout warning's button: answers only for the person's own session.
    "stay_signed_in": Access(SIGNED_IN, methods=POST_ONLY),
    "password_change_done": Access(SIGNED_IN),
    "organisation_search": Access(SIGNED_IN),
    # Organisations are public reference data; who belongs is shown only to approvers.
    "organisation_detail": Access(SIGNED_IN, kwargs=lambda world: {"ods_code": world.a.ods_code}),
    # --- Scoped to an organisation --------------------------------------------------------
    "organisation_members": Access(OBJECT, kwargs=lambda world: {"ods_code": world.a.ods_code}),
    "invite": Access(
        OBJECT,
        methods=GET_AND_POST,
        kwargs=lambda world: {"ods_code": world.a.ods_code},
        payload=lambda world: {"email": "x@example.org", "role": "editor"},
    ),
    "revoke_invitation": Access(
        OBJECT, methods=POST_ONLY, kwargs=lambda world: {"pk": world.a_invitation.pk}
    ),
    "revoke_membership": Access(
        OBJECT, methods=POST_ONLY, kwargs=lambda world: {"pk": world.a_editor.pk}
    ),
    # --- NHS England staff ----------------------------------------------------------------
    "coverage_register": Access(NHSE_STAFF),
    "coverage_register_csv": Access(NHSE_STAFF),
    # --- Footprints ---------------------------------------------------------------------
    # Lists only what the person may see; declaring is refused (403) to all but CCG editors.
    "footprint_list": Access(SIGNED_IN),
    "declare_footprint": Access(
        SIGNED_IN, methods=GET_AND_POST, payload=lambda world: {"name": "Hijack"}
    ),
    "organisation_lookup": Access(SIGNED_IN),
    "footprint_detail": Access(
        FOOTPRINT,
        kwargs=lambda world: {"pk": world.a_draft.pk},
        reached_by=("a_editor", "a_approver", "a_viewer", "nhse_admin", "nhse_reviewer"),
    ),
    "edit_footprint": Access(
        FOOTPRINT,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_draft.pk},
        payload=lambda world: {"name": "Renamed by someone"},
        reached_by=("a_editor",),
    ),
    "add_footprint_member": Access(
        FOOTPRINT,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_draft.pk},
        payload=lambda world: {"organisation": world.b.ods_code, "role": "partner_ccg"},
        reached_by=("a_editor",),
    ),
    "remove_footprint_member": Access(
        FOOTPRINT,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_draft.pk, "member_pk": world.a_draft_provider.pk},
        reached_by=("a_editor",),
    ),
    "submit_footprint": Access(
        FOOTPRINT,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_draft.pk},
        reached_by=("a_editor", "a_approver"),
    ),
    "confirm_footprint_membership": Access(
        FOOTPRINT,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_submitted.pk, "member_pk": world.c_partner.pk},
        payload=lambda world: {"answer": "confirm"},
        reached_by=("c_approver",),
    ),
    "review_footprint": Access(
        FOOTPRINT,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_submitted.pk},
        payload=lambda world: {"decision": "endorse"},
        reached_by=("nhse_reviewer",),
    ),
    # --- Self-assessments -------------------------------------------------------------------
    "assessment_list": Access(SIGNED_IN),
    "assessment_tasks": Access(
        ASSESSMENT,
        kwargs=lambda world: {"pk": world.p_assessment.pk},
        reached_by=ASSESSMENT_VIEWERS,
    ),
    "answer_theme": Access(
        ASSESSMENT,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.p_assessment.pk, "theme_code": world.p_theme.code},
        payload=lambda world: {
            "version": 0,
            f"q-{world.p_theme.questions.get().pk}": "agree_completely",
        },
        reached_by=("p_editor",),
    ),
    "check_answers": Access(
        ASSESSMENT,
        kwargs=lambda world: {"pk": world.p_assessment.pk},
        reached_by=ASSESSMENT_VIEWERS,
    ),
    # Refused for want of answers, but reached: the editor is sent back to check answers.
    "submit_assessment": Access(
        ASSESSMENT,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.p_assessment.pk},
        reached_by=("p_editor",),
    ),
    "sign_off_assessment": Access(
        ASSESSMENT,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.p_submitted_assessment.pk},
        reached_by=("p_approver",),
    ),
    "reopen_assessment": Access(
        ASSESSMENT,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.p_submitted_assessment.pk},
        payload=lambda world: {"reason": "Walked by the isolation test."},
        reached_by=("nhse_admin",),
    ),
    # --- Maturity results -----------------------------------------------------------------
    "assessment_results": Access(
        ASSESSMENT,
        kwargs=lambda world: {"pk": world.p_assessment.pk},
        reached_by=ASSESSMENT_VIEWERS,
    ),
    "assessment_scores_export": Access(
        ASSESSMENT,
        kwargs=lambda world: {"pk": world.p_assessment.pk, "file_format": "csv"},
        reached_by=ASSESSMENT_VIEWERS,
    ),
    # Every provider side by side: the footprint's CCGs and NHS England, not its providers.
    "footprint_results": Access(
        FOOTPRINT,
        kwargs=lambda world: {"pk": world.a_submitted.pk},
        reached_by=FOOTPRINT_CCG_PEOPLE,
    ),
    "footprint_scores_export": Access(
        FOOTPRINT,
        kwargs=lambda world: {"pk": world.a_submitted.pk, "file_format": "xlsx"},
        reached_by=FOOTPRINT_CCG_PEOPLE,
    ),
    "national_results": Access(NHSE_STAFF),
    "national_scores_export": Access(NHSE_STAFF, kwargs=lambda world: {"file_format": "csv"}),
    # NHS England admins correct the care setting of P, an NHS trust in A's footprints.
    "correct_care_setting": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        kwargs=lambda world: {"ods_code": world.p.ods_code},
        payload=lambda world: {"care_setting": "ambulance", "reason": "Walked"},
    ),
    # The provider's approvers ask people of the lead CCG (A) to help, or stop them.
    "assessment_helpers": Access(
        ASSESSMENT,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.p_assessment.pk},
        payload=lambda world: {"user": world.a_viewer.user.pk},
        reached_by=("p_approver",),
    ),
    "remove_assessment_helper": Access(
        ASSESSMENT,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.p_assessment.pk, "helper_pk": world.p_helper.pk},
        reached_by=("p_approver",),
    ),
    # --- Roadmaps ----------------------------------------------------------------------------
    "roadmap_list": Access(SIGNED_IN),
    "roadmap_tasks": Access(
        ROADMAP, kwargs=lambda world: {"pk": world.a_roadmap.pk}, reached_by=ROADMAP_VIEWERS
    ),
    # A text section: everyone who sees the roadmap reads it; its editors change it.
    "roadmap_section": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "key": "vision"},
        payload=lambda world: {"version": world.a_roadmap.version, "vision": "Walk text"},
        reached_by=ROADMAP_EDITORS,
        read_by=ROADMAP_VIEWERS,
    ),
    # Rows of the list sections: changed and removed by the roadmap's editors.
    "change_roadmap_risk": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "risk_pk": world.a_risk.pk},
        payload=lambda world: {
            "description": "Walk risk",
            "likelihood": "3",
            "impact": "3",
            "owner": "Alpha",
            "mitigation": "",
        },
        reached_by=ROADMAP_EDITORS,
    ),
    "remove_roadmap_risk": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "risk_pk": world.a_risk.pk},
        reached_by=ROADMAP_EDITORS,
    ),
    "change_roadmap_milestone": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "milestone_pk": world.a_milestone.pk},
        payload=lambda world: {
            "title": "Walk milestone",
            "due_on": "2016-04-01",
            "owner_organisation": world.a.pk,
        },
        reached_by=ROADMAP_EDITORS,
    ),
    "remove_roadmap_milestone": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "milestone_pk": world.a_milestone.pk},
        reached_by=ROADMAP_EDITORS,
    ),
    "change_roadmap_benefit": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "benefit_pk": world.a_benefit.pk},
        payload=lambda world: {
            "description": "Walk benefit",
            "category": "cashable",
            "capability_letter": "A",
            "capability_group": "",
            "owner_organisation": world.a.pk,
            "owner_role": "Walk owner",
            "measure": "Walk measure",
            "unit": "tests",
            "direction": "down",
            "baseline_value": "10",
            "baseline_on_day": "1",
            "baseline_on_month": "4",
            "baseline_on_year": "2016",
            "target_value": "5",
            "target_on_day": "31",
            "target_on_month": "3",
            "target_on_year": "2021",
            "expected_2016": "1000",
            f"share_{world.a.pk}": "50",
        },
        reached_by=ROADMAP_EDITORS,
    ),
    "remove_roadmap_benefit": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "benefit_pk": world.a_benefit.pk},
        reached_by=ROADMAP_EDITORS,
    ),
    # Attachments are read through this view only, by everyone who sees the roadmap.
    "download_roadmap_attachment": Access(
        ROADMAP,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "attachment_pk": world.a_attachment.pk},
        reached_by=ROADMAP_VIEWERS,
    ),
    "remove_roadmap_attachment": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "attachment_pk": world.a_attachment.pk},
        reached_by=ROADMAP_EDITORS,
    ),
    # The lead chooses who else edits.
    "roadmap_editors": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_roadmap.pk},
        payload=lambda world: {"email": world.loner.email},
        reached_by=ROADMAP_LEAD,
    ),
    "remove_roadmap_editor": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "editor_pk": world.a_roadmap_editor.pk},
        reached_by=ROADMAP_LEAD,
    ),
    # Sign-off and submission. A's roadmap needs more work; A's signing roadmap waits for A
    # and C, so requests below are refused with a reason, but reached.
    "roadmap_check": Access(
        ROADMAP, kwargs=lambda world: {"pk": world.a_roadmap.pk}, reached_by=ROADMAP_VIEWERS
    ),
    "request_roadmap_sign_off": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_roadmap.pk},
        reached_by=ROADMAP_LEAD,
    ),
    "roadmap_signatories": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_roadmap.pk},
        payload=lambda world: {"organisations": [world.p.pk]},
        reached_by=ROADMAP_LEAD,
    ),
    "sign_off_roadmap": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_signing_roadmap.pk},
        # Each signs for one organisation, so need not name it.
        payload=lambda world: {"decision": "sign"},
        reached_by=("a_approver", "c_approver"),
    ),
    "submit_roadmap": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_signing_roadmap.pk},
        reached_by=ROADMAP_LEAD,
    ),
    # Versions: read by everyone who sees the roadmap.
    "roadmap_versions": Access(
        ROADMAP, kwargs=lambda world: {"pk": world.a_roadmap.pk}, reached_by=ROADMAP_VIEWERS
    ),
    "compare_roadmap_versions": Access(
        ROADMAP, kwargs=lambda world: {"pk": world.a_roadmap.pk}, reached_by=ROADMAP_VIEWERS
    ),
    "roadmap_version": Access(
        ROADMAP,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "number": 1},
        reached_by=ROADMAP_VIEWERS,
    ),
    "roadmap_version_pdf": Access(
        ROADMAP,
        kwargs=lambda world: {"pk": world.a_roadmap.pk, "number": 1},
        reached_by=ROADMAP_VIEWERS,
    ),
    # --- Review (NHS England) ----------------------------------------------------------------
    "review_queue": Access(NHSE_STAFF),
    "national_board": Access(NHSE_STAFF),
    "national_board_export": Access(NHSE_STAFF, kwargs=lambda world: {"file_format": "csv"}),
    "assign_roadmap_reviewer": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_review_roadmap.pk},
        payload=lambda world: {"reviewer": world.nhse_reviewer.user.pk},
        reached_by=REVIEWER,
    ),
    "review_roadmap": Access(
        ROADMAP,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_review_roadmap.pk},
        payload=lambda world: {"action": "note", "text": "Walked note"},
        reached_by=REVIEWER,
    ),
    "release_review_decision": Access(
        ROADMAP,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.a_review_roadmap.pk},
        reached_by=REVIEWER,
    ),
    # What NHS England decided, for the footprint: never an internal note.
    "roadmap_review_history": Access(
        ROADMAP,
        kwargs=lambda world: {"pk": world.a_published_roadmap.pk},
        reached_by=OTHER_ROADMAP_VIEWERS,
    ),
    # --- The outbox ----------------------------------------------------------------------------
    "admin_outbox": Access(ADMIN_PAGE),
    "send_reminders": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        payload=lambda world: {"ods_codes": world.a.ods_code},
    ),
    # The walk's email is queued, so an admin's retry is refused with a reason, but reached.
    "retry_email": Access(
        ADMIN_PAGE,
        methods=POST_ONLY,
        kwargs=lambda world: {"pk": world.objects_by_model["accounts.OutboundEmail"]},
    ),
    "my_emails": Access(SIGNED_IN),
    # --- Deadlines: extensions and stage dates ---------------------------------------------------
    "deadline_extensions": Access(ADMIN_PAGE),
    # A valid grant for A's draft footprint, without "confirm": the check page, nothing saved.
    "grant_deadline_extension": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        payload=lambda world: {
            "stage": world.a_draft.cycle.stages.get(kind="footprint").pk,
            "footprint": world.a.ods_code,
            "due_on_day": "1",
            "due_on_month": "1",
            "due_on_year": "2099",
            "reason": "Their board meets later",
        },
    ),
    "deadline_footprint_lookup": Access(ADMIN_PAGE),
    "cycle_stages": Access(ADMIN_PAGE),
    # Without "confirm": the check page, nothing made.
    "new_cycle": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        payload=lambda world: {
            "name": "Walked cycle",
            "question_set": "",
            "carry_forward_from": world.a_draft.cycle.pk,
            **{
                f"{kind}_{which}_{part}": value
                for kind in ("footprint", "maturity", "roadmap", "publication")
                for which, day in (("opens", "1"), ("due", "28"))
                for part, value in (("day", day), ("month", "2"), ("year", "2030"))
            },
        },
    ),
    # Without "confirm": the preview (here saying it cannot move into its own footprint).
    "move_footprint_member": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        payload=lambda world: {
            "cycle": world.a_draft.cycle.pk,
            "member": world.a_draft.members.exclude(role="lead_ccg").first().pk,
            "to_footprint": world.a_draft.pk,
            "reason": "Walked",
        },
    ),
    # Without "confirm": the preview, nothing merged.
    "merge_footprints": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        payload=lambda world: {
            "cycle": world.a_draft.cycle.pk,
            "footprints": [world.a_draft.pk],
            "into": world.a_draft.pk,
            "reason": "Walked",
        },
    ),
    # "Open now" without "confirm": the check page, nothing changed.
    "stage_dates": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_draft.cycle.stages.get(kind="publication").pk},
        payload=lambda world: {"open_now": "yes"},
    ),
    # --- Publication -------------------------------------------------------------------------
    "publication": Access(ADMIN_PAGE),
    "publish_roadmap": Access(
        ADMIN_PAGE, methods=POST_ONLY, kwargs=lambda world: {"pk": world.a_accepted_roadmap.pk}
    ),
    "publish_all_roadmaps": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        kwargs=lambda world: {"cycle_pk": world.a_accepted_roadmap.footprint.cycle_id},
    ),
    "unpublish_roadmap": Access(
        ADMIN_PAGE,
        methods=GET_AND_POST,
        kwargs=lambda world: {"pk": world.a_published_roadmap.pk},
        payload=lambda world: {"reason": "Published in error"},
    ),
    "publish_maturity_results": Access(
        ADMIN_PAGE,
        methods=POST_ONLY,
        kwargs=lambda world: {"cycle_pk": world.a_accepted_roadmap.footprint.cycle_id},
    ),
    "published_roadmaps": Access(
        PUBLIC, why="Published roadmaps are for anyone, signed in or not (design section 5)."
    ),
    "published_roadmap": Access(
        PUBLIC,
        kwargs=lambda world: {"pk": world.a_published_roadmap.pk},
        why="A roadmap's published version only; any other roadmap answers 404.",
    ),
    "published_maturity_results": Access(
        PUBLIC, why="Section scores of published assessments only; no people or answers."
    ),
    "published_maturity_scores_csv": Access(
        PUBLIC, why="The same published section scores as CSV, formula cells neutralised."
    ),
}

from tests.security.url_table_delivery import delivery_urls  # noqa: E402 - needs the above

URLS.update(delivery_urls())

# A rule over a whole namespace: every pattern under it, named or not, has this access.
NAMESPACES = {
    "admin": Access(NHSE_ADMIN, methods=GET_AND_POST),
}


def access_for(pattern):
    """The declared access of a walked pattern, or None when it has no entry."""
    if pattern.namespace in NAMESPACES:
        return NAMESPACES[pattern.namespace]
    return URLS.get(pattern.key)


# --- Admin addresses ----------------------------------------------------------------------
# The admin's hundred-odd patterns are built from their converters rather than listed: the
# object in an address is A's where the walk knows one, so a leak would show A's data.


def admin_kwargs(pattern, world):
    values = {
        "app_label": "accounts",
        # Reaches the admin's catch-all view.
        "url": "nothing-here/",
        "content_type_id": ContentType.objects.get_for_model(world.a).pk,
        "object_id": world.a.pk,
        # The password of A's approver: the prize for anyone who gets into the admin.
        "id": world.a_approver.user.pk,
    }
    model = admin_model(pattern)
    if model is not None:
        values["object_id"] = world.objects_by_model.get(model._meta.label, None)
        if values["object_id"] is None:
            first = model._base_manager.order_by("pk").values_list("pk", flat=True).first()
            values["object_id"] = first if first is not None else 1
    return values


def admin_model(pattern):
    """The model a ``admin/<app>/<model>/...`` pattern is about, if any."""
    parts = pattern.route.split("/")
    if len(parts) < 3 or parts[0] != "admin":
        return None
    try:
        return apps.get_model(parts[1], parts[2])
    except (LookupError, ValueError):
        return None


def hostile_admin_payload(world):
    """What an intruder would post to any admin page: grant themselves A, or be superuser."""
    intruder = world.b_approver.user
    return {
        "user": intruder.pk,
        "organisation": world.a.pk,
        "role": "approver",
        "email": intruder.email,
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
        "password1": "a long and memorable passphrase",
        "password2": "a long and memorable passphrase",
        "usable_password": "true",
        "post": "yes",
        "action": "delete_selected",
        "_selected_action": [world.a_editor.pk, world.a_invitation.pk, world.a.pk],
        "_save": "Save",
    }
