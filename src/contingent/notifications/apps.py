from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "contingent.notifications"
    label = "notifications"
    verbose_name = "Notifications"
