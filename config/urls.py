from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from config.health import health
from roadmaps.views.home import home

# Worked out when asked, so a production manifest of hashed names is read after collectstatic.
FAVICON = lazy(static, str)("img/favicon.svg")

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    # Browsers ask for /favicon.ico whatever a page links to: send them to the icon.
    path(
        "favicon.ico",
        require_safe(RedirectView.as_view(url=FAVICON, permanent=True)),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("roadmaps.urls")),
    path("", include("roadmaps.urls_roadmap")),
    path("", include("roadmaps.urls_public")),
    path("", include("maturity.urls")),
    path("", include("delivery.urls")),
]
