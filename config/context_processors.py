from django.conf import settings


def service(request):
    """The service's name for every page, and the session's length for the timeout warning."""
    return {
        "service_name": settings.SERVICE_NAME,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
        "session_warning_minutes": settings.SESSION_TIMEOUT_WARNING_SECONDS // 60,
    }
