"""The list of cross-check findings: what a person may see (``findings_for_user``), filtered
by check, state, region, cycle and footprint, in a fixed order; counted per check and per
footprint; and each finding's subject in words."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delivery import checks
from delivery.enums import FindingState
from delivery.models import Finding

# The list's states: a finding no longer found is "cleared", whatever its state.
OPEN = "open"
EXPLAINED = "explained"
CLEARED = "cleared"
STATES = (
    (OPEN, gettext_lazy("Open")),
    (EXPLAINED, gettext_lazy("Explained")),
    (CLEARED, gettext_lazy("No longer found")),
)
STILL_FOUND = Q(cleared_at__isnull=True)
BY_STATE = {
    OPEN: STILL_FOUND & Q(state=FindingState.OPEN),
    EXPLAINED: STILL_FOUND & Q(state=FindingState.EXPLAINED),
    CLEARED: Q(cleared_at__isnull=False),
}
CHECK_ORDER = Case(
    *(When(check_id=each.id, then=Value(n)) for n, each in enumerate(checks.CHECKS)),
    default=Value(len(checks.CHECKS)),
    output_field=IntegerField(),
)


def _where(findings, *, region_code="", cycle_name="", footprint_id=None):
    if footprint_id:
        findings = findings.filter(footprint_id=footprint_id)
    if region_code:
        findings = findings.filter(footprint__lead_ccg__region__ods_code=region_code)
    if cycle_name:
        findings = findings.filter(footprint__cycle__name=cycle_name)
    return findings


def finding_list(
    findings, *, check_id="", state="", region_code="", cycle_name="", footprint_id=None
):
    """``findings`` (a person's, from ``findings_for_user``) that pass the filters: by
    footprint, then each footprint's versions and returns in order, then in the order of the
    checks. One query, whatever the number."""
    findings = _where(
        findings, region_code=region_code, cycle_name=cycle_name, footprint_id=footprint_id
    )
    if check_id:
        findings = findings.filter(check_id=check_id)
    if state:
        findings = findings.filter(BY_STATE[state])
    return findings.select_related("footprint__cycle", "footprint__lead_ccg__region").order_by(
        "footprint__name",
        "footprint_id",
        F("roadmap_version__number").asc(nulls_last=True),
        F("progress_return__period__period_end").asc(nulls_last=True),
        CHECK_ORDER,
        "key",
        "pk",
    )


def counts_by_check(findings, *, region_code="", cycle_name="", footprint_id=None):
    """[(check, open, explained, no longer found, total)] of every check, in their order, for
    the findings in that region, cycle and footprint (whatever check or state is chosen).
    One query."""
    where = _where(
        findings, region_code=region_code, cycle_name=cycle_name, footprint_id=footprint_id
    )
    counted = {
        row["check_id"]: row
        for row in where.order_by()
        .values("check_id")
        .annotate(**{state: Count("pk", filter=where) for state, where in BY_STATE.items()})
    }
    rows = []
    for each in checks.CHECKS:
        row = counted.get(each.id, {})
        numbers = [row.get(state, 0) for state in BY_STATE]
        rows.append((each, *numbers, sum(numbers)))
    return rows


@dataclass(frozen=True)
class FootprintCounts:
    """A footprint's findings still found: open, and explained."""

    open: int = 0
    explained: int = 0

    @property
    def words(self):
        return _("%(open)s open, %(explained)s explained") % {
            "open": self.open,
            "explained": self.explained,
        }


def counts_by_footprint(footprint_ids):
    """{footprint id: FootprintCounts} of the footprints with findings still found (open or
    explained); a footprint with none is left out. One query."""
    return {
        row["footprint_id"]: FootprintCounts(open=row[OPEN], explained=row[EXPLAINED])
        for row in Finding.objects.filter(STILL_FOUND, footprint_id__in=list(footprint_ids))
        .order_by()
        .values("footprint_id")
        .annotate(**{state: Count("pk", filter=BY_STATE[state]) for state in (OPEN, EXPLAINED)})
    }


def checks_in_view(footprint_ids):
    """``counts_by_check`` of every finding of these footprints (a national page's view)."""
    return counts_by_check(Finding.objects.filter(footprint_id__in=list(footprint_ids)))


def found_in(finding):
    """The version or return a finding was found in, in words."""
    if finding.roadmap_version_id is not None:
        return _("Version %(number)s") % {"number": finding.roadmap_version.number}
    return _("%(period)s return") % {"period": finding.progress_return.period.label}


def state_in_words(finding):
    if finding.cleared_at is not None:
        return _("No longer found")
    return str(FindingState(finding.state).label)
