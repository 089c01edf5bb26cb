from django.contrib.admin.apps import AdminConfig


class ServiceAdminConfig(AdminConfig):
    default_site = "config.admin.ServiceAdminSite"

    def ready(self):
        super().ready()
        # django-celery-beat registers its admin pages while every app's admin is discovered
        # (above); ours, whose forms refuse what would break them, take their place.
        from config.schedule_admin import replace_schedule_admin

        replace_schedule_admin()
