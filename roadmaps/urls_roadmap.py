"""Addresses of a footprint's roadmap: ``roadmaps/<pk>/...``."""

from django.urls import path

from roadmaps.views import benefits, editors, lists, review, roadmap, sections, signoff, versions

urlpatterns = [
    path("roadmaps/", roadmap.roadmap_list, name="roadmap_list"),
    path("roadmaps/<int:pk>/", roadmap.roadmap_tasks, name="roadmap_tasks"),
    path(
        "roadmaps/<int:pk>/sections/<str:key>/",
        sections.roadmap_section,
        name="roadmap_section",
    ),
    path("roadmaps/<int:pk>/risks/<int:risk_pk>/", lists.change_risk, name="change_roadmap_risk"),
    path(
        "roadmaps/<int:pk>/risks/<int:risk_pk>/remove/",
        lists.remove_risk,
        name="remove_roadmap_risk",
    ),
    path(
        "roadmaps/<int:pk>/milestones/<int:milestone_pk>/",
        lists.change_milestone,
        name="change_roadmap_milestone",
    ),
    path(
        "roadmaps/<int:pk>/milestones/<int:milestone_pk>/remove/",
        lists.remove_milestone,
        name="remove_roadmap_milestone",
    ),
    path(
        "roadmaps/<int:pk>/benefits/<int:benefit_pk>/",
        benefits.change_benefit,
        name="change_roadmap_benefit",
    ),
    path(
        "roadmaps/<int:pk>/benefits/<int:benefit_pk>/remove/",
        benefits.remove_benefit,
        name="remove_roadmap_benefit",
    ),
    path(
        "roadmaps/<int:pk>/attachments/<int:attachment_pk>/download/",
        lists.download_attachment,
        name="download_roadmap_attachment",
    ),
    path(
        "roadmaps/<int:pk>/attachments/<int:attachment_pk>/remove/",
        lists.remove_attachment,
        name="remove_roadmap_attachment",
    ),
    path("roadmaps/<int:pk>/editors/", editors.roadmap_editors, name="roadmap_editors"),
    path(
        "roadmaps/<int:pk>/editors/<int:editor_pk>/remove/",
        editors.remove_roadmap_editor,
        name="remove_roadmap_editor",
    ),
    path("roadmaps/<int:pk>/check/", signoff.roadmap_check, name="roadmap_check"),
    path(
        "roadmaps/<int:pk>/request-sign-off/",
        signoff.request_sign_off,
        name="request_roadmap_sign_off",
    ),
    path("roadmaps/<int:pk>/signatories/", signoff.signatories, name="roadmap_signatories"),
    path("roadmaps/<int:pk>/sign-off/", signoff.sign_off, name="sign_off_roadmap"),
    path("roadmaps/<int:pk>/submit/", signoff.submit, name="submit_roadmap"),
    path("roadmaps/<int:pk>/versions/", versions.versions, name="roadmap_versions"),
    path("roadmaps/<int:pk>/compare/", versions.compare, name="compare_roadmap_versions"),
    path("roadmaps/<int:pk>/versions/<int:number>/", versions.version, name="roadmap_version"),
    path(
        "roadmaps/<int:pk>/versions/<int:number>/pdf/",
        versions.version_pdf_download,
        name="roadmap_version_pdf",
    ),
    path("roadmaps/<int:pk>/reviews/", review.review_history, name="roadmap_review_history"),
    path("review/roadmaps/", review.review_queue, name="review_queue"),
    path("review/roadmaps/<int:pk>/", review.review_roadmap, name="review_roadmap"),
    path("review/roadmaps/<int:pk>/assign/", review.assign, name="assign_roadmap_reviewer"),
    path("review/roadmaps/<int:pk>/release/", review.release, name="release_review_decision"),
]
