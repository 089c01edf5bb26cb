from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data, the national seed and the development server.

    It may import every app; no domain app imports it.
    """

    name = "demo"
    verbose_name = "Demonstration data"
