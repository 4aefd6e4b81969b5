from django.urls import path

from contingent.notifications import views

urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("acknowledge/<str:token>/", views.acknowledge, name="acknowledge"),
    path(
        "acknowledgements/<str:label>/<str:object_id>/acknowledge/",
        views.acknowledge_signed_in,
        name="acknowledge-signed-in",
    ),
]
