"""The cross-checks' findings: the list of those a person may see (every footprint's for NHS
England, a footprint's own for its people), with counts per check and CSV and XLSX
downloads; one finding's page; and explaining a finding, from whichever page shows its form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.rules import refuse_unless
from accounts.selectors import regions
from config.spreadsheets import spreadsheet_response
from delivery import checks, rules
from delivery.enums import FindingState
from delivery.forms.findings import ExplainForm, FindingFilterForm
from delivery.selectors.finding_display import EvidenceLinks, stored_row
from delivery.selectors.finding_list import (
    counts_by_check,
    finding_list,
    found_in,
    state_in_words,
)
from delivery.selectors.findings import finding_for_user, findings_for_user
from delivery.services.checks import explain_finding
from roadmaps.models import Cycle

PER_PAGE = 50


def _filters(request):
    form = FindingFilterForm(
        request.GET or None, regions=regions(), cycles=Cycle.objects.order_by("-name")
    )
    criteria = form.criteria()
    return form, criteria, finding_list(findings_for_user(request.user), **criteria)


@login_required
@require_safe
def delivery_findings(request):
    form, criteria, findings = _filters(request)
    page = Paginator(findings, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    one_footprint = None
    if criteria["footprint_id"]:
        one_footprint = (
            findings_for_user(request.user)
            .filter(footprint_id=criteria["footprint_id"])
            .values_list("footprint__name", flat=True)
            .first()
        )
    return render(
        request,
        "delivery/findings/findings.html",
        {
            "form": form,
            "page": page,
            "rows": [(finding, found_in(finding), state_in_words(finding)) for finding in page],
            "counts": counts_by_check(
                findings_for_user(request.user),
                region_code=criteria["region_code"],
                cycle_name=criteria["cycle_name"],
                footprint_id=criteria["footprint_id"],
            ),
            "one_footprint": one_footprint,
            "every_footprint": _without_footprint(query),
            "query_string": query.urlencode(),
        },
    )


def _without_footprint(query):
    every = query.copy()
    every.pop("footprint", None)
    return every.urlencode()


EXPORT_HEADER = (
    gettext_lazy("Footprint"),
    gettext_lazy("Lead CCG ODS code"),
    gettext_lazy("NHS England region"),
    gettext_lazy("Cycle"),
    gettext_lazy("Found in"),
    gettext_lazy("Check"),
    gettext_lazy("Check version"),
    gettext_lazy("Finding"),
    gettext_lazy("Evidence"),
    gettext_lazy("State"),
    gettext_lazy("Explanation"),
    gettext_lazy("Explained by"),
    gettext_lazy("Explained on"),
    gettext_lazy("First found on"),
    gettext_lazy("No longer found since"),
)


def _day(moment):
    return moment.date().isoformat() if moment else ""


def export_row(finding):
    footprint, lead = finding.footprint, finding.footprint.lead_ccg
    check = checks.check(finding.check_id)
    return [
        footprint.name,
        lead.ods_code,
        lead.region.name if lead.region else "",
        footprint.cycle.name,
        found_in(finding),
        str(check.statement) if check else finding.check_id,
        finding.check_version,
        finding.summary,
        "; ".join(f"{item['label']}: {item['value']}" for item in finding.evidence),
        state_in_words(finding),
        finding.note,
        str(finding.explained_by) if finding.explained_by else "",
        _day(finding.explained_at),
        _day(finding.first_found_at),
        _day(finding.cleared_at),
    ]


def _export(request, file_format):
    form, _criteria, findings = _filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Check the filters: one of them is not a choice."))
    return spreadsheet_response(
        file_format,
        "findings",
        [str(title) for title in EXPORT_HEADER],
        (export_row(finding) for finding in findings),
        sheet_title=_("Findings"),
    )


@login_required
@require_safe
def delivery_findings_csv(request):
    return _export(request, "csv")


@login_required
@require_safe
def delivery_findings_xlsx(request):
    return _export(request, "xlsx")


# --- One finding -------------------------------------------------------------------------


def _finding_or_404(user, pk):
    finding = finding_for_user(user, pk)
    if finding is None:
        raise Http404(_("There is no finding here that you can see."))
    return finding


def _back(request, finding):
    """Where to go once the finding is explained: the page its form was on, if it is one of
    this service's, else the finding's own page."""
    wanted = request.POST.get("next", "")
    safe = (
        wanted.startswith("/")
        and wanted.isprintable()
        and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
    return wanted if safe else reverse("finding_detail", args=[finding.pk])


def _render_finding(request, finding, *, form=None, back="", status=200):
    subject = finding.roadmap_version or finding.progress_return
    row = stored_row(
        finding,
        EvidenceLinks(
            request.user,
            roadmaps=[subject.roadmap_id],
            returns=[finding.progress_return_id] if finding.progress_return_id else [],
        ),
    )
    can_explain = (
        finding.cleared_at is None
        and finding.state == FindingState.OPEN
        and rules.can_explain_finding(request.user, finding)
    )
    if form is None and can_explain:
        form = ExplainForm(finding=finding, next_url=back or request.get_full_path())
    row.form = form
    return render(
        request,
        "delivery/findings/finding_detail.html",
        {
            "finding": finding,
            "row": row,
            "footprint": finding.footprint,
            "found_in": found_in(finding),
            "check": checks.check(finding.check_id),
            "failed": form if form is not None and form.errors else None,
            "back": back,
        },
        status=status,
    )


@login_required
@require_safe
def finding_detail(request, pk):
    return _render_finding(request, _finding_or_404(request.user, pk))


@login_required
@require_POST
def explain(request, pk):
    finding = _finding_or_404(request.user, pk)
    refuse_unless(rules.can_explain_finding(request.user, finding), rules.ONLY_FINDING_EXPLAINERS)
    back = _back(request, finding)
    form = ExplainForm(request.POST, finding=finding, next_url=back)
    if form.is_valid():
        try:
            explain_finding(
                finding=finding, note=form.cleaned_data["note"], explained_by=request.user
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Finding explained. Your note is kept with it for NHS England and the "
                  "footprint to read."),
            )  # fmt: skip
            return redirect(f"{back}#finding-{finding.pk}")
    return _render_finding(request, finding, form=form, back=back, status=400)
