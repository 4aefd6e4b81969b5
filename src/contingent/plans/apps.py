from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "contingent.plans"
    label = "plans"
