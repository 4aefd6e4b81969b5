from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "contingent.inventory"
    label = "inventory"
