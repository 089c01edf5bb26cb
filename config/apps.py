from django.contrib.admin.apps import AdminConfig


class ServiceAdminConfig(AdminConfig):
    default_site = "config.admin.ServiceAdminSite"
