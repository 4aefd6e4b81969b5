"""Acknowledging receipt: from the emailed link (no sign-in needed) or, signed in, from the record's page."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from contingent.notifications import services
from contingent.notifications.models import Message


def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what is acknowledged and a button; only the POST records it, so mail scanners that
    follow links do not acknowledge on the recipient's behalf."""
    ack = services.acknowledgement_for_token(token)
    if request.method == "POST":
        ack = services.acknowledge_by_token(token)
    return render(request, "notifications/acknowledge.html", {"ack": ack, "record": ack.record})


def _record(label: str, object_id: str):
    try:
        model = apps.get_model(label)
        return model.objects.get(pk=object_id)
    except (LookupError, ValueError, model.DoesNotExist) as error:  # type: ignore[possibly-undefined]
        raise Http404("No such record.") from error


@login_required
@require_POST
def acknowledge_signed_in(request: HttpRequest, label: str, object_id: str) -> HttpResponse:
    record = _record(label, object_id)
    try:
        services.acknowledge_receipt(request.user, record)
        messages.success(request, "Receipt acknowledged.")
    except PermissionDenied as error:
        messages.error(request, str(error))
    target = getattr(record, "get_absolute_url", None)
    return redirect(target() if target else "home")


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Outbound email: what was sent to whom, what waits for a retry and why, what failed."""
    status = request.GET.get("status", "")
    messages_ = services.outbox_messages(request.user, status).select_related("eml")[:200]
    counts = dict(services.outbox_messages(request.user).order_by().values_list("status").annotate(n=Count("pk")))
    filters = [(value, label, counts.get(value, 0)) for value, label in Message.Status.choices]
    context = {"messages_": messages_, "status": status, "filters": filters}
    return render(request, "notifications/outbox.html", context)
