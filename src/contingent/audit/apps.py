from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "contingent.audit"
    label = "audit"
