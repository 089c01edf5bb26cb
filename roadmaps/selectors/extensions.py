"""Reads for deadline extensions: the list NHS England admins see, who a grant emails, and
the footprint or organisation an admin names by typing.

Only NHS England admins reach these (the views check ``is_nhse_admin``); extensions,
footprints and organisations are not scoped to a person here.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from accounts.enums import Role
from accounts.models import Organisation
from roadmaps.models import DeadlineExtension, Footprint
from roadmaps.selectors.deadlines import effective_deadline
from roadmaps.selectors.footprints import people_with_roles

# The type-ahead fills "Name (CODE)"; a person without JavaScript types the code or a name.
CODE_IN_BRACKETS = re.compile(r"\(([A-Za-z0-9]{3,12})\)\s*$")
SUGGESTIONS = 10
# One more than is listed, so "more than 10" can be told from exactly 10.
MATCHES = SUGGESTIONS + 1


@dataclass(frozen=True)
class Found:
    """What a typed name or code found: the one object, or else what matched (maybe none)."""

    one: object = None
    matches: list = field(default_factory=list)


def extensions_newest_first():
    """Every extension, the latest granted first, with what its row shows. One query."""
    return DeadlineExtension.objects.select_related(
        "stage__cycle", "footprint__lead_ccg", "organisation", "granted_by"
    ).order_by("-granted_at", "-pk")


def people_told_of_extension(*, footprint=None, organisation=None):
    """The memberships ``grant_extension`` emails: the editors and approvers of the footprint's
    lead CCG, or of the organisation. A person holding both roles appears twice."""
    target = footprint.lead_ccg if footprint is not None else organisation
    return people_with_roles(organisation_ids=[target.pk], roles=[Role.EDITOR, Role.APPROVER])


def _code(text):
    bracketed = CODE_IN_BRACKETS.search(text)
    return (bracketed.group(1) if bracketed else text).strip().upper()


def find_organisation(text):
    """The organisation with the ODS code ``text`` (or "Name (CODE)"), else the only one
    whose name contains it."""
    text = text.strip()
    exact = Organisation.objects.filter(ods_code=_code(text)).first()
    if exact is not None:
        return Found(one=exact)
    matches = list(Organisation.objects.filter(name__icontains=text).order_by("name")[:MATCHES])
    return Found(one=matches[0], matches=matches) if len(matches) == 1 else Found(matches=matches)


def find_footprint(cycle, text):
    """The footprint of ``cycle`` whose lead CCG has the ODS code ``text`` (or "Name (CODE)",
    as the type-ahead fills it), else the only one whose name contains it. A CCG leads at
    most one footprint a cycle, so the code is enough."""
    text = text.strip()
    footprints = Footprint.objects.filter(cycle=cycle).select_related("lead_ccg", "cycle")
    exact = footprints.filter(lead_ccg__ods_code=_code(text)).first()
    if exact is not None:
        return Found(one=exact)
    matches = list(footprints.filter(name__icontains=text).order_by("name")[:MATCHES])
    return Found(one=matches[0], matches=matches) if len(matches) == 1 else Found(matches=matches)


def footprint_suggestions(text):
    """Up to ``SUGGESTIONS`` footprints, of any cycle, whose name contains ``text`` or whose
    lead CCG has it as its ODS code: the newest cycle's first."""
    found = Footprint.objects.filter(
        Q(name__icontains=text) | Q(lead_ccg__ods_code=text.upper())
    ).select_related("lead_ccg", "cycle")
    return list(found.order_by("-cycle__created_at", "name", "pk")[:SUGGESTIONS])


@dataclass(frozen=True)
class ExtensionPreview:
    """What granting an extension would change, before anyone confirms: the deadline that
    applies now, the extension it would replace, and who would be emailed."""

    due_now: datetime
    existing: DeadlineExtension | None
    # [(user, organisation)], each person once, by email.
    people: list

    def unchanged_by(self, *, due_at, reason):
        """Whether the grant would leave the existing extension as it is."""
        return self.existing is not None and (self.existing.due_at, self.existing.reason) == (
            due_at,
            reason,
        )


def extension_preview(*, stage, footprint=None, organisation=None):
    """The check page's reading of a grant for ``footprint`` or ``organisation``."""
    target = {"footprint": footprint} if footprint is not None else {"organisation": organisation}
    people = {}
    for membership in people_told_of_extension(footprint=footprint, organisation=organisation):
        people.setdefault(membership.user_id, (membership.user, membership.organisation))
    return ExtensionPreview(
        due_now=effective_deadline(
            stage=stage,
            footprint=footprint,
            organisation=organisation,
        ),
        existing=DeadlineExtension.objects.filter(stage=stage, **target)
        .select_related("granted_by")
        .first(),
        people=list(people.values()),
    )
