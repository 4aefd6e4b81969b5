from django.contrib.auth import views as auth_views
from django.urls import path

from contingent.api import api
from contingent.bia import views as bia
from contingent.inventory import views as inventory
from contingent.org import views as org
from contingent.web import views as web

record_types = [
    org.teams,
    org.people,
    org.roles,
    inventory.processes,
    inventory.services_type,
    inventory.assets,
    inventory.suppliers,
    inventory.dependencies,
    inventory.instances,
    inventory.regions,
    bia.assessments,
    bia.tiers,
]

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("continuity-organisation/", org.continuity_organisation, name="continuity-organisation"),
    path("continuity-organisation/contacts.csv", org.continuity_organisation_csv, name="continuity-organisation-csv"),
    path("items/<int:pk>/graph/", inventory.item_graph, name="item-graph"),
    path("assessments/<int:pk>/ratings/", bia.rate, name="assessment-rate"),
    path("assessments/<int:pk>/approve/", bia.approve, name="assessment-approve"),
]
for record_type in record_types:
    urlpatterns += record_type.urls()
