"""Signing in with a password: the page, the lockout after repeated failures (django-axes), and unlocking."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from contingent.access.services import Actor, require


class LockoutBackend(AxesStandaloneBackend):
    """Refuses every sign-in attempt for a username locked out from the caller's address.

    A call of `authenticate()` without a request (Django's test client, a Python shell) is not a sign-in
    from the network, so it is not counted. Every network path that takes a password passes the request:
    the login page is the only one, the API accepts bearer tokens and the session only."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any) -> Any:  # fmt: skip
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class LoginView(auth_views.LoginView):
    """Django's sign-in page, offering single sign-on too when an OpenID provider is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_name"] = settings.OIDC_PROVIDER_NAME if settings.OIDC_ISSUER else ""
        return context


def unlock_user(actor: Actor, username: str) -> int:
    """Lift a sign-in lockout of `username` from every address; returns how many lockout records went."""
    from contingent.audit.services import Subject, record_event

    require(actor, "login.unlock")
    attempts = AccessAttempt.objects.filter(username=username).count()
    if not attempts and not User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"no login named '{username}' and no failed sign-ins for it"})
    with transaction.atomic():
        removed = reset(username=username)
        record_event(
            actor,
            "unlock",
            Subject("login", username, f"login {username}"),
            after={"failed_attempts_cleared": attempts},
        )
    return removed
