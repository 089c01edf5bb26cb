from django.contrib import admin
from django.urls import path

from config.health import health
from roadmaps import views as roadmap_views

urlpatterns = [
    path("", roadmap_views.home, name="home"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
