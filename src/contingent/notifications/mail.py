"""CONTINGENT_EMAIL_URL to a Django email connection, and an outbox row to the exact MIME message sent."""

from email.utils import formataddr
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

SCHEMES = {
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", {}),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", {"use_tls": True}),
    "smtps": ("django.core.mail.backends.smtp.EmailBackend", {"use_ssl": True}),
    "file": ("django.core.mail.backends.filebased.EmailBackend", {}),
    "console": ("django.core.mail.backends.console.EmailBackend", {}),
}


def connection_settings(url: str) -> tuple[str, dict[str, Any]]:
    """("backend path", options) for an email URL; empty means files in DATA_DIR/outbox."""
    if not url:
        return SCHEMES["file"][0], {"file_path": str(Path(settings.DATA_DIR) / "outbox")}
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ImproperlyConfigured(
            f"CONTINGENT_EMAIL_URL: scheme '{parts.scheme}' is not one of {', '.join(sorted(SCHEMES))}"
        )
    backend, options = SCHEMES[parts.scheme]
    options = dict(options)
    if parts.scheme == "file":
        options["file_path"] = unquote(parts.path) or str(Path(settings.DATA_DIR) / "outbox")
    elif parts.scheme != "console":
        options.update(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if parts.scheme == "smtps" else 587 if parts.scheme == "smtp+tls" else 25),
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            timeout=int(parse_qs(parts.query).get("timeout", ["30"])[0]),
        )
    return backend, options


def open_connection() -> BaseEmailBackend:
    backend, options = connection_settings(settings.EMAIL_URL)
    return get_connection(backend, fail_silently=False, **options)


class FrozenEmail(EmailMessage):
    """Builds its MIME message once: what is sent and what is kept as the .eml are the same bytes
    (a fresh build would differ in its Date header and multipart boundary)."""

    _frozen: Any = None

    def message(self, *args: Any, **kwargs: Any) -> Any:
        if self._frozen is None:
            self._frozen = super().message(*args, **kwargs)
        return self._frozen


def build_email(message: Any, acknowledge_url: str, attachments: list[tuple[str, bytes, str]]) -> EmailMessage:
    """The Django email for an outbox row; its `.message()` is exactly what goes on the wire and into the .eml."""
    to = formataddr((message.to_name, message.to)) if message.to_name else message.to
    email = FrozenEmail(
        subject=message.subject,
        body=message.body.replace("{acknowledge_url}", acknowledge_url),
        from_email=settings.EMAIL_FROM,
        to=[to],
        headers={"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"},
    )
    for name, content, media_type in attachments:
        email.attach(name, content, media_type or "application/octet-stream")
    return email
