from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "contingent.lifecycle"
    label = "lifecycle"
