from django.contrib import admin
from django.urls import include, path

from config.health import health
from roadmaps import views as roadmap_views

urlpatterns = [
    path("", roadmap_views.home, name="home"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
]
