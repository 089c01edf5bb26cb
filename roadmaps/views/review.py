"""NHS England's review of submitted roadmaps: the queue, assigning a reviewer, the review page
with its comments, notes, ratings and decision, releasing the decision, and the footprint's
history of released decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_staff, refuse_unless
from accounts.selectors import regions
from maturity.selectors.comparisons import footprint_side_by_side
from roadmaps import rules
from roadmaps.enums import RATING_DEFINITIONS, FocusArea, Rating, RoadmapState
from roadmaps.forms.review import (
    AssignReviewerForm,
    CommentForm,
    DecisionForm,
    InternalNoteForm,
    QueueFilterForm,
    RatingForm,
    ReleaseForm,
)
from roadmaps.panels import REVIEW_PANELS, panels
from roadmaps.roadmap_sections import SECTIONS_BY_KEY
from roadmaps.selectors import review as selectors
from roadmaps.selectors.version_display import footprint_facts, version_sections
from roadmaps.services import review as services
from roadmaps.transitions import ROADMAP
from roadmaps.views.access import roadmap_or_404

ONLY_REVIEWERS = _(
    "Only NHS England reviewers for the lead CCG's region, and national reviewers, can review "
    "this roadmap."
)


def _reviewable_or_403(user, pk):
    roadmap = roadmap_or_404(user, pk)
    refuse_unless(rules.can_review_roadmap(user, roadmap), ONLY_REVIEWERS)
    return roadmap


@login_required
@require_safe
def review_queue(request):
    if not is_nhse_staff(request.user):
        raise PermissionDenied(_("Only NHS England staff can see the review queue."))
    reviewed = selectors.reviewable_region_ids(request.user)
    shown_regions = [r for r in regions() if reviewed is None or r.pk in reviewed]
    form = QueueFilterForm(
        request.GET or None, choice=selectors.queue_cycles(request.user), regions=shown_regions
    )
    rows = selectors.review_queue(request.user, **form.criteria(request.user))
    directory = selectors.assignable_reviewers()
    for row in rows:
        row.colleagues = directory.for_region(row.roadmap.footprint.lead_ccg.region_id)
    return render(
        request,
        "roadmaps/review/review_queue.html",
        {
            "form": form,
            "cycle": form.cycle,
            "rows": rows,
            "waiting_states": selectors.WAITING_STATES,
            "waiting_elsewhere": selectors.waiting_in_other_cycles(request.user, form.cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk):
    roadmap = _reviewable_or_403(request.user, pk)
    reviewers = selectors.assignable_reviewers().for_region(roadmap.footprint.lead_ccg.region_id)
    form = AssignReviewerForm(
        request.POST or None, reviewers=reviewers, url=reverse("assign_roadmap_reviewer", args=[pk])
    )
    if request.method == "POST" and form.is_valid():
        reviewer = form.chosen()
        try:
            services.assign_reviewer(roadmap=roadmap, reviewer=reviewer, assigned_by=request.user)
        except ActionRefused as refusal:
            form.add_error("reviewer", str(refusal))
        else:
            if reviewer.pk == request.user.pk:
                messages.success(request, _("The roadmap is assigned to you."))
                return redirect("review_roadmap", pk=roadmap.pk)
            messages.success(
                request, _("The roadmap is assigned to %(name)s.") % {"name": reviewer}
            )
            return redirect("review_queue")
    return render(
        request,
        "roadmaps/review/assign_reviewer.html",
        {"form": form, "roadmap": roadmap, "footprint": roadmap.footprint},
        status=400 if form.errors else 200,
    )


def _maturity_summary(footprint):
    """The footprint's maturity results by section, beside the roadmap."""
    data = footprint_side_by_side(footprint)
    return {
        "rows": [row for row in data["rows"] if row["line"].is_section],
        "submitted": len(data["counted"]),
        "assessments": len(data["assessments"]),
    }


def _urls(roadmap):
    return {
        "review": reverse("review_roadmap", args=[roadmap.pk]),
        "release": reverse("release_review_decision", args=[roadmap.pk]),
    }


def _item_comment_forms(version, url):
    """A comment form for each benefit of the version, by (section, benefit id)."""
    forms = {}
    for key in SECTIONS_BY_KEY:
        items = selectors.items_to_comment_on(version.snapshot, key)
        for item in items:
            forms[key, item] = CommentForm(section=key, item=item, items=items, url=url)
    return forms


def _blank_forms(roadmap, version):
    url = _urls(roadmap)["review"]
    return {
        "comments": {key: CommentForm(section=key, url=url) for key in SECTIONS_BY_KEY}
        if version
        else {},
        "item_comments": _item_comment_forms(version, url) if version else {},
        "note": InternalNoteForm(url=url),
        "rating": RatingForm(url=url),
        "decision": None,
        "release": ReleaseForm(url=_urls(roadmap)["release"]),
    }


def _commented_records(shown, comments, item_forms):
    """The section's records that take comments of their own (its benefits), each with its
    comments and its form: [(record, comments, form)]; empty for any other section."""
    if not any((shown.key, record.item) in item_forms for record in shown.records):
        return []
    return [
        (
            record,
            comments.get((shown.key, record.item), []),
            item_forms.get((shown.key, record.item)),
        )
        for record in shown.records
    ]


def _render_review(request, roadmap, version, review, forms, failed=None):
    if forms["decision"] is None:
        initial = {"decision": review.decision, "message": review.message} if review else {}
        forms["decision"] = DecisionForm(initial=initial, url=_urls(roadmap)["review"])
    is_open = (
        review is not None
        and review.released_at is None
        and roadmap.state == RoadmapState.IN_REVIEW
    )
    context = {
        "roadmap": roadmap,
        "footprint": roadmap.footprint,
        "version": version,
        "review": review,
        "forms": forms,
        "failed": failed,
        "open": is_open,
        "can_assign": ROADMAP.allows(roadmap.state, "assign_reviewer"),
        "maturity": _maturity_summary(roadmap.footprint),
        "rating_definitions": [(r.label, r.value, RATING_DEFINITIONS[r]) for r in Rating],
    }
    if version is not None:
        facts, members = footprint_facts(version.snapshot)
        comments = {}
        ratings = {}
        if review is not None:
            for comment in review.comments.all():
                comments.setdefault((comment.section, comment.item), []).append(comment)
            ratings = {rating.focus_area: rating for rating in review.ratings.all()}
        context |= {
            "facts": facts,
            "members": members,
            "sections": [
                (
                    shown,
                    comments.get((shown.key, None), []),
                    forms["comments"][shown.key],
                    _commented_records(shown, comments, forms["item_comments"]),
                )
                for shown in version_sections(version.snapshot)
            ],
            "ratings": [(area, ratings.get(area.value)) for area in FocusArea],
            "changes": selectors.changes_since_last_review(roadmap, version),
            "panels": panels(
                REVIEW_PANELS,
                request,
                roadmap=roadmap,
                version=version,
                decision_field=forms["decision"]["message"].auto_id if is_open else "",
            ),
        }
    return render(
        request,
        "roadmaps/review/review_roadmap.html",
        context,
        status=400 if failed is not None else 200,
    )


FORM_SLOTS = {
    "note": ("note", InternalNoteForm),
    "rate": ("rating", RatingForm),
    "draft": ("decision", DecisionForm),
}


def _bind(request, roadmap, forms, action):
    """The posted form, bound, in its place among the page's forms; None if the post names
    no form of the page."""
    url = _urls(roadmap)["review"]
    if action == "comment":
        section = request.POST.get("section", "")
        if section not in SECTIONS_BY_KEY:
            return None
        posted = request.POST.get("item", "")
        if not posted:
            form = forms["comments"][section] = CommentForm(request.POST, section=section, url=url)
            return form
        # A comment on one benefit: its form is the one shown under that benefit.
        items = {str(item): item for key, item in forms["item_comments"] if key == section}
        if posted not in items:
            return None
        item = items[posted]
        form = CommentForm(request.POST, section=section, item=item, items=items.values(), url=url)
        forms["item_comments"][section, item] = form
        return form
    if action not in FORM_SLOTS:
        return None
    slot, form_class = FORM_SLOTS[action]
    form = forms[slot] = form_class(request.POST, url=url)
    return form


def _act(action, review, data, person):
    """Call the action's service; returns what to tell the reviewer."""
    if action == "comment":
        services.comment_on_section(review=review, section=data["section"], text=data["text"],
                                    author=person, item=data.get("item"))  # fmt: skip
        return _("Comment added. The footprint reads it once the decision is released.")
    if action == "note":
        services.add_internal_note(review=review, text=data["text"], author=person)
        return _("Internal note added. Only NHS England can read it.")
    if action == "rate":
        services.rate(review=review, focus_area=data["focus_area"], rating=data["rating"],
                      note=data["note"], rated_by=person)  # fmt: skip
        return _("Rating saved.")
    services.draft_decision(review=review, decision=data["decision"], message=data["message"],
                            drafted_by=person)  # fmt: skip
    return _("Draft decision saved. The footprint sees nothing until you release it.")


NOT_ASSIGNED = _("Assign the roadmap to a reviewer before you review it.")


@login_required
@require_http_methods(["GET", "POST"])
def review_roadmap(request, pk):
    roadmap = _reviewable_or_403(request.user, pk)
    version = selectors.latest_version(roadmap)
    review = selectors.review_of(version)
    forms = _blank_forms(roadmap, version)
    if request.method == "GET":
        return _render_review(request, roadmap, version, review, forms)
    if version is None:
        return HttpResponseBadRequest(_("This roadmap has no submitted version to review."))
    action = request.POST.get("action", "")
    form = _bind(request, roadmap, forms, action)
    if form is None and action == "comment":
        return HttpResponseBadRequest(
            _("Choose a section of the roadmap, or one of its benefits, to comment on.")
        )
    if form is None:
        return HttpResponseBadRequest(_("Choose what to do: comment, note, rate or draft."))
    if form.is_valid():
        try:
            if review is None:
                raise ActionRefused(NOT_ASSIGNED)
            done = _act(action, review, form.cleaned_data, request.user)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect("review_roadmap", pk=roadmap.pk)
    return _render_review(request, roadmap, version, review, forms, failed=form)


@login_required
@require_POST
def release(request, pk):
    roadmap = _reviewable_or_403(request.user, pk)
    version = selectors.latest_version(roadmap)
    review = selectors.review_of(version)
    forms = _blank_forms(roadmap, version)
    form = forms["release"] = ReleaseForm(request.POST, url=_urls(roadmap)["release"])
    form.is_valid()
    try:
        if review is None:
            raise ActionRefused(NOT_ASSIGNED)
        services.release_decision(review=review, released_by=request.user)
    except services.DecisionNotReady as refusal:
        for problem in refusal.problems:
            form.add_error(None, str(problem))
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
    else:
        messages.success(
            request,
            _("Decision released. The lead CCG's editors and approvers have been emailed."),
        )
        return redirect("review_roadmap", pk=roadmap.pk)
    return _render_review(request, roadmap, version, review, forms, failed=form)


@login_required
@require_safe
def review_history(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    return render(
        request,
        "roadmaps/review/review_history.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "reviews": selectors.review_history_for_footprint(roadmap),
            "can_review": rules.can_review_roadmap(request.user, roadmap),
        },
    )
