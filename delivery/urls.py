"""Addresses of delivery tracking: progress returns, their assurance, the national delivery
tracker, reporting periods and the published ratings."""

from django.urls import path

from delivery.views import assurance, benefits, findings, history, periods, returns, tracker

urlpatterns = [
    # The footprint's people: their returns, and writing, signing off and submitting one.
    path("returns/", returns.return_list, name="return_list"),
    path("returns/<int:pk>/", returns.return_detail, name="return_detail"),
    path("returns/<int:pk>/check/", returns.return_check, name="return_check"),
    path("returns/<int:pk>/sign-off/", returns.sign_off_return, name="sign_off_return"),
    path("returns/<int:pk>/milestones/new/", returns.add_milestone, name="add_return_milestone"),
    path("returns/<int:pk>/risks/new/", returns.add_risk, name="add_return_risk"),
    path(
        "returns/<int:pk>/submissions/<int:number>/",
        returns.return_submission,
        name="return_submission",
    ),
    path("roadmaps/<int:pk>/delivery/", tracker.roadmap_delivery, name="roadmap_delivery"),
    path(
        "footprints/<int:pk>/delivery-history/",
        history.footprint_delivery_history,
        name="footprint_delivery_history",
    ),
    # NHS England reviewers.
    path("assurance/", assurance.assurance_queue, name="assurance_queue"),
    path("returns/<int:pk>/assurance/", assurance.assure_return, name="assure_return"),
    # After every other address under returns/<pk>/: a section's slug would take its place.
    path("returns/<int:pk>/<slug:section>/", returns.return_section, name="return_section"),
    path("delivery/", tracker.delivery_tracker, name="delivery_tracker"),
    path("delivery/export.csv", tracker.delivery_tracker_csv, name="delivery_tracker_csv"),
    path("delivery/export.xlsx", tracker.delivery_tracker_xlsx, name="delivery_tracker_xlsx"),
    path("delivery/benefits/", benefits.delivery_benefits, name="delivery_benefits"),
    path(
        "delivery/benefits/export.csv", benefits.delivery_benefits_csv, name="delivery_benefits_csv"
    ),
    path(
        "delivery/benefits/export.xlsx",
        benefits.delivery_benefits_xlsx,
        name="delivery_benefits_xlsx",
    ),
    # The cross-checks' findings: every footprint's for NHS England, a footprint's own for
    # its people; explained by the region's reviewers, or the lead CCG before resubmitting.
    path("delivery/findings/", findings.delivery_findings, name="delivery_findings"),
    path(
        "delivery/findings/export.csv",
        findings.delivery_findings_csv,
        name="delivery_findings_csv",
    ),
    path(
        "delivery/findings/export.xlsx",
        findings.delivery_findings_xlsx,
        name="delivery_findings_xlsx",
    ),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/explain/", findings.explain, name="explain_finding"),
    # NHS England admins.
    path("periods/", periods.reporting_periods, name="reporting_periods"),
    path("periods/<int:pk>/publish/", periods.publish_period, name="publish_period"),
    # Everyone.
    path("published/delivery/", periods.published_ratings, name="published_ratings"),
    path(
        "published/delivery/<int:pk>.csv",
        periods.published_ratings_csv,
        name="published_ratings_csv",
    ),
]
