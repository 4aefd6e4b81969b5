from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "contingent.access"
    label = "access"
