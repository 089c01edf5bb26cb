"""The coverage register: every CCG open in a cycle and its place in that cycle's footprints.

Only NHS England staff see it (the view checks ``is_nhse_staff``); nothing here is scoped
to a person. Each read is a fixed number of queries however many CCGs there are: a CCG's
footprint membership is a correlated subquery (a CCG is in at most one footprint per
cycle, a database constraint), and the rows of one page get their memberships in one query.
"""

from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.utils import timezone

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from roadmaps.enums import CCG_ROLES, FootprintState, StageKind
from roadmaps.models import Footprint, FootprintMember, Stage
from roadmaps.selectors.cycle_picker import cycle_choice
from roadmaps.selectors.stps import stps_by_footprint

# The state filter's value for CCGs that are in no footprint of the cycle.
NO_FOOTPRINT = "none"
FILTERABLE_STATES = (
    FootprintState.DRAFT,
    FootprintState.SUBMITTED,
    FootprintState.ENDORSED,
    FootprintState.RETURNED,
)


def coverage_cycles():
    """The cycles the coverage register and the board offer: every one, opening on the
    newest that has started and has footprints."""
    return cycle_choice(showing=Footprint.objects.values("cycle_id"))


def local_offices():
    return (
        Organisation.objects.filter(kind=OrganisationKind.NHSE_LOCAL_OFFICE)
        .exclude(name="")
        .order_by("name")
    )


def coverage_day(cycle):
    """The day whose open CCGs the register lists: the cycle's footprint stage opening day."""
    if cycle is not None:
        stage = Stage.objects.filter(cycle=cycle, kind=StageKind.FOOTPRINT).first()
        if stage is not None:
            return timezone.localdate(stage.opens_at)
    return timezone.localdate()


def _ccg_membership(cycle, field):
    members = FootprintMember.objects.filter(
        cycle=cycle, role__in=CCG_ROLES, organisation=OuterRef("pk"), left_at__isnull=True
    ).order_by("pk")
    return Subquery(members.values(field)[:1])


def coverage_rows(*, cycle, region_code="", local_office_code="", state=""):
    """CCGs open in ``cycle``, by region then name, annotated with their footprint membership.

    Each CCG has ``footprint_member_id`` and ``footprint_state`` (both None when the CCG is
    in no footprint of the cycle). ``state`` is a footprint state or ``NO_FOOTPRINT``.
    Pass a page of these to ``with_memberships`` to show the footprint and role.
    """
    ccgs = (
        Organisation.objects.open_on(coverage_day(cycle))
        .filter(kind=OrganisationKind.CCG)
        .select_related("region", "parent", "stp")
    )
    if cycle is None:
        ccgs = ccgs.annotate(
            footprint_member_id=Value(None, output_field=IntegerField()),
            footprint_state=Value(None, output_field=CharField()),
        )
    else:
        ccgs = ccgs.annotate(
            footprint_member_id=_ccg_membership(cycle, "pk"),
            footprint_state=_ccg_membership(cycle, "footprint__state"),
        )
    if region_code:
        ccgs = ccgs.filter(region__ods_code=region_code)
    if local_office_code:
        ccgs = ccgs.filter(parent__ods_code=local_office_code)
    if state == NO_FOOTPRINT:
        ccgs = ccgs.filter(footprint_member_id__isnull=True)
    elif state:
        ccgs = ccgs.filter(footprint_state=state)
    return ccgs.order_by("region__name", "name", "ods_code")


def coverage_counts(*, cycle, region_code="", local_office_code="", state=""):
    """{"ccgs", "in_footprint", "not_in_footprint", "endorsed"} for the filtered register."""
    rows = coverage_rows(
        cycle=cycle, region_code=region_code, local_office_code=local_office_code, state=state
    )
    counts = rows.order_by().aggregate(
        ccgs=Count("pk"),
        in_footprint=Count("pk", filter=Q(footprint_member_id__isnull=False)),
        endorsed=Count("pk", filter=Q(footprint_state=FootprintState.ENDORSED)),
    )
    counts["not_in_footprint"] = counts["ccgs"] - counts["in_footprint"]
    return counts


def with_memberships(ccgs, cycle=None):
    """The CCGs (rows of ``coverage_rows``) as a list, each with ``footprint_member``.

    ``footprint_member`` is the CCG's ``FootprintMember`` with its footprint, or None. One
    query for all of them. Given the ``cycle``, each also has ``stp_flags``: what its
    footprint's STPs say (crossing STP boundaries, an STP split), in one more query.
    """
    ccgs = list(ccgs)
    member_ids = [ccg.footprint_member_id for ccg in ccgs if ccg.footprint_member_id]
    members = FootprintMember.objects.select_related("footprint").in_bulk(member_ids)
    stps = stps_by_footprint(cycle) if cycle is not None and ccgs else {}
    for ccg in ccgs:
        ccg.footprint_member = members.get(ccg.footprint_member_id)
        footprint_stps = ccg.footprint_member and stps.get(ccg.footprint_member.footprint_id)
        ccg.stp_flags = footprint_stps.flags if footprint_stps else []
    return ccgs
