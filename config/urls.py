from django.contrib import admin
from django.urls import include, path

from config.health import health
from roadmaps.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("roadmaps.urls")),
    path("", include("roadmaps.urls_roadmap")),
    path("", include("roadmaps.urls_public")),
    path("", include("maturity.urls")),
]
