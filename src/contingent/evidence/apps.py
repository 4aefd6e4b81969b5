from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "contingent.evidence"
    verbose_name = "Evidence store"
