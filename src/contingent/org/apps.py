from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "contingent.org"
    label = "org"
