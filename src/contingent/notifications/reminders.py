"""Review reminders (spec 000: plans are reviewed at least annually and after every change): an email to
the plan's owner and reviewers when the next review is near, and again once it is overdue. Each reminder
is queued once per plan, review date and stage, however often the worker runs."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contingent.notifications.models import Message
from contingent.notifications.services import Recipient, queue_message


def _recipients(plan) -> list[Recipient]:
    from contingent.plans.services import plan_recipients

    people = [p for p in [plan.owner, *plan.reviewers.all()] if p is not None and p.email and not p.is_retired]
    return [Recipient.of(p) for p in (people or plan_recipients(plan))]


def _body(plan, recipient: Recipient, overdue: bool) -> str:
    link = settings.BASE_URL.rstrip("/") + plan.get_absolute_url()
    when = plan.next_review.strftime("%-d %B %Y")
    status = f"was due for review on {when} and is overdue" if overdue else f"is due for review on {when}"
    return (
        f"Dear {recipient.name or recipient.email},\n\n"
        f'"{plan.title}" {status}. Plans are reviewed at least once a year and after every change.\n\n'
        f"Open the plan: {link}\n\n"
        "You receive this because you own or review the plan. This email was sent by Contingent.\n"
    )


def queue_review_reminders(today: date | None = None) -> int:
    """Queue reminders for plans overdue or due within REVIEW_REMINDER_DAYS; returns how many were new."""
    from contingent.plans.models import Plan

    today = today or timezone.now().date()
    horizon = today + timedelta(days=settings.REVIEW_REMINDER_DAYS)
    plans = (
        Plan.objects.filter(retired_at__isnull=True, next_review__isnull=False, next_review__lte=horizon)
        .select_related("owner")
        .prefetch_related("reviewers")
        .order_by("next_review", "pk")
    )
    queued = 0
    for plan in plans:
        overdue = plan.next_review < today
        stage = "overdue" if overdue else "due"
        subject = f"{'Overdue' if overdue else 'Due'} for review: {plan.title} ({plan.next_review.isoformat()})"
        with transaction.atomic():
            for recipient in _recipients(plan):
                key = f"review-{stage}:{plan.pk}:{plan.next_review.isoformat()}:{recipient.email.lower()}"
                if Message.objects.filter(dedup_key=key).exists():
                    continue
                queue_message(
                    recipient,
                    subject,
                    _body(plan, recipient, overdue),
                    record=plan,
                    evidence_folder=f"plans/{plan.key}/reviews",
                    dedup_key=key,
                )
                queued += 1
    return queued
