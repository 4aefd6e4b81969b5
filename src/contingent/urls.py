from django.contrib.auth import views as auth_views
from django.urls import include, path

from contingent.access import login, oidc
from contingent.api import api
from contingent.bia import views as bia
from contingent.evidence.views import urlpatterns as evidence_urls
from contingent.inventory import views as inventory
from contingent.org import views as org
from contingent.plans import views as plans
from contingent.recovery import views as recovery
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
    plans.plans,
]

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("login/", login.LoginView.as_view(), name="login"),
    path("login/refused/", oidc.refused, name="sso-refused"),
    path("oidc/", include("mozilla_django_oidc.urls")),
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
urlpatterns += [path("", include("contingent.notifications.urls"))]
urlpatterns += plans.urlpatterns
urlpatterns += recovery.urlpatterns
urlpatterns += evidence_urls
