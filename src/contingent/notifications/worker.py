"""The background worker (`contingent worker`): a small loop over the database, no broker.

The outbox table is the queue: rows are written in the transaction of the change, so nothing is lost when
the worker (or the web process) dies, and several workers can run at once (claims are conditional updates)."""

import logging
import threading
from dataclasses import dataclass

from contingent.notifications.outbox import SendReport, send_due_messages
from contingent.notifications.reminders import queue_review_reminders

log = logging.getLogger(__name__)


@dataclass
class Round:
    reminders: int
    sending: SendReport


def run_once() -> Round:
    """One pass: queue due review reminders, then send everything due (reminders included)."""
    reminders = queue_review_reminders()
    return Round(reminders=reminders, sending=send_due_messages())


def run_worker(interval: float = 30.0, stop: threading.Event | None = None, once: bool = False) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            result = run_once()
            if result.reminders or result.sending.sent or result.sending.retried or result.sending.failed:
                log.warning(
                    "worker: %s reminder(s) queued, %s sent, %s to retry, %s failed",
                    result.reminders,
                    result.sending.sent,
                    result.sending.retried,
                    result.sending.failed,
                )
        except Exception:  # keep the loop alive: the next round retries whatever was not done
            log.exception("worker round failed")
            if once:
                raise
        if once:
            return
        stop.wait(interval)
