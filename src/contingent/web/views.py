from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from contingent import __version__
from contingent.access.services import STAND_IN_NAME, hidden_ids, visible
from contingent.bia.models import ImpactAssessment
from contingent.bia.services import overdue_reviews
from contingent.inventory.models import Item
from contingent.org.services import people_without_contact, role_holders
from contingent.recovery.loader import load_graph
from contingent.recovery.services import rto_conflicts_seen_by


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and the CLI."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "version": __version__, "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What needs attention: conflicts, unassessed critical services, empty roles, unreachable people."""
    items = visible(request.user, Item.objects.active())
    assessments = visible(request.user, ImpactAssessment.objects.active())
    critical = items.filter(business_critical=True, kind__in=[Item.Kind.SERVICE, Item.Kind.PROCESS])
    assessed = ImpactAssessment.objects.active().values("item")
    loaded = load_graph()
    hidden = hidden_ids(request.user, Item.objects.active())
    context = {
        "counts": {
            "Business processes": items.filter(kind=Item.Kind.PROCESS).count(),
            "Services": items.filter(kind=Item.Kind.SERVICE).count(),
            "Assets": items.filter(kind=Item.Kind.ASSET).count(),
            "Impact assessments": assessments.count(),
        },
        "conflicts": rto_conflicts_seen_by(request.user),
        "unassessed": critical.exclude(pk__in=assessed)[:50],
        "empty_roles": [role for role, holders in role_holders().items() if not holders],
        "unreachable": people_without_contact(),
        "overdue": visible(request.user, overdue_reviews().select_related("item")),
        "cycles": [
            [STAND_IN_NAME if loaded.item_ids[n] in hidden else loaded.names[n] for n in c]
            for c in loaded.graph.cycles()
        ],
    }
    return render(request, "web/home.html", context)
