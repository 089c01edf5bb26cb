"""Addresses of publication: NHS England admins' ``publication/...`` pages, and the public's
``published/...`` pages, which need no sign-in."""

from django.urls import path

from roadmaps.views import public, publication

urlpatterns = [
    # NHS England admins.
    path("publication/", publication.publication, name="publication"),
    path(
        "publication/roadmaps/<int:pk>/publish/",
        publication.publish,
        name="publish_roadmap",
    ),
    path(
        "publication/roadmaps/<int:pk>/unpublish/",
        publication.unpublish,
        name="unpublish_roadmap",
    ),
    path(
        "publication/cycles/<int:cycle_pk>/publish-all/",
        publication.publish_all,
        name="publish_all_roadmaps",
    ),
    path(
        "publication/cycles/<int:cycle_pk>/publish-results/",
        publication.publish_maturity_results,
        name="publish_maturity_results",
    ),
    # Anyone, signed in or not.
    path("published/", public.published_roadmaps, name="published_roadmaps"),
    path(
        "published/roadmaps/<int:pk>/",
        public.published_roadmap_version,
        name="published_roadmap",
    ),
    path(
        "published/maturity/",
        public.published_maturity_results,
        name="published_maturity_results",
    ),
    path(
        "published/maturity/scores.csv",
        public.published_maturity_scores_csv,
        name="published_maturity_scores_csv",
    ),
]
