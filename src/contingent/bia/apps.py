from django.apps import AppConfig


class BiaConfig(AppConfig):
    name = "contingent.bia"
    label = "bia"
