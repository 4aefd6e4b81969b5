from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "contingent.web"
    label = "web"
